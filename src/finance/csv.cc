#include "finance/csv.h"

#include <charconv>
#include <cmath>
#include <set>

#include "base/text.h"

namespace ics::finance {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Quotes a value for a message, cutting long cell text (at a UTF-8 character boundary).
std::string Quote(std::string_view s, size_t max = std::string_view::npos) {
  if (s.size() > max) {
    size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return "\"" + std::string(s.substr(0, cut)) + "...\"";
  }
  return "\"" + std::string(s) + "\"";
}

constexpr size_t kMaxCellInMessage = 40;

std::string QuoteCell(std::string_view s) { return Quote(s, kMaxCellInMessage); }

}  // namespace

Result<CsvTable> CsvTable::Parse(std::string_view text, std::string source) {
  CsvTable table;
  table.source_ = std::move(source);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  std::vector<std::vector<std::string>> records;
  std::vector<int> lines;
  std::vector<std::string> fields;
  std::string field;
  int line = 1, record_line = 1;
  bool in_quotes = false, field_quoted = false, any = false;
  auto end_field = [&] {
    fields.push_back(field_quoted ? field : std::string(Trim(field)));
    field.clear();
    field_quoted = false;
  };
  auto end_record = [&] {
    end_field();
    bool blank = fields.size() == 1 && fields[0].empty();
    if (!blank) {
      records.push_back(std::move(fields));
      lines.push_back(record_line);
    }
    fields.clear();
    any = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (in_quotes) {
      if (ch == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (ch == '\n') ++line;
        field.push_back(ch);
      }
      continue;
    }
    if (!any) {
      record_line = line;
      any = true;
    }
    if (ch == '"' && Trim(field).empty()) {
      field.clear();
      in_quotes = field_quoted = true;
    } else if (ch == ',') {
      end_field();
    } else if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      // CRLF: handled at the '\n'.
    } else if (ch == '\n') {
      end_record();
      ++line;
    } else {
      field.push_back(ch);
    }
  }
  if (in_quotes) {
    return InvalidArgument("a quoted field is not closed before the end of the file",
                           table.source_ + ":" + std::to_string(record_line));
  }
  if (any) end_record();
  if (records.empty()) return InvalidArgument("the file is empty: expected a header line", table.source_);

  table.header_ = std::move(records.front());
  table.header_line_ = lines.front();
  std::set<std::string, std::less<>> seen;
  for (size_t c = 0; c < table.header_.size(); ++c) {
    const std::string& name = table.header_[c];
    if (name.empty()) {
      return InvalidArgument("header column " + std::to_string(c + 1) + " has no name",
                             table.HeaderWhere());
    }
    if (!seen.insert(name).second) {
      return InvalidArgument("header names column " + Quote(name) + " twice", table.HeaderWhere());
    }
  }
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.header_.size()) {
      return InvalidArgument("record has " + std::to_string(records[r].size()) +
                                 " fields but the header has " +
                                 std::to_string(table.header_.size()),
                             table.source_ + ":" + std::to_string(lines[r]));
    }
    table.rows_.push_back(std::move(records[r]));
    table.lines_.push_back(lines[r]);
  }
  return table;
}

std::string CsvTable::Where(size_t r) const { return source_ + ":" + std::to_string(lines_[r]); }

Result<size_t> CsvTable::Column(std::string_view name) const {
  for (size_t c = 0; c < header_.size(); ++c) {
    if (header_[c] == name) return c;
  }
  std::string message = "no column " + Quote(name);
  std::string near = ClosestMatch(name, header_);
  if (!near.empty()) message += "; did you mean " + Quote(near) + "?";
  return InvalidArgument(message, HeaderWhere());
}

Result<std::string> CsvTable::TextCell(size_t r, size_t c) const {
  std::string_view text = Trim(rows_[r][c]);
  if (text.empty()) return InvalidArgument("column " + Quote(header_[c]) + " is empty", Where(r));
  return std::string(text);
}

Result<Money> CsvTable::MoneyCell(size_t r, size_t c, bool allow_negative) const {
  const std::string& text = rows_[r][c];
  std::string why;
  std::optional<Money> value = ParseThousands(text, &why);
  if (!value) {
    return InvalidArgument("column " + Quote(header_[c]) + ": " +
                               (Trim(text).empty() ? std::string("is empty (a missing figure is an error, not a zero)")
                                                   : QuoteCell(text) + " " + why),
                           Where(r));
  }
  if (!allow_negative && value->pence() < 0) {
    return InvalidArgument("column " + Quote(header_[c]) + ": " + QuoteCell(text) + " must not be negative",
                           Where(r));
  }
  return *value;
}

Result<double> CsvTable::NumberCell(size_t r, size_t c, bool allow_negative) const {
  std::string_view text = Trim(rows_[r][c]);
  if (text.empty()) {
    return InvalidArgument("column " + Quote(header_[c]) +
                               ": is empty (a missing figure is an error, not a zero)",
                           Where(r));
  }
  std::string_view digits = text;
  if (digits.front() == '+') digits.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(value)) {
    return InvalidArgument("column " + Quote(header_[c]) + ": " + QuoteCell(text) + " is not a number",
                           Where(r));
  }
  if (!allow_negative && value < 0) {
    return InvalidArgument("column " + Quote(header_[c]) + ": " + QuoteCell(text) + " must not be negative",
                           Where(r));
  }
  return value;
}

}  // namespace ics::finance
