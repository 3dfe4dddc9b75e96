#include "oversight/csv.h"

#include <algorithm>

#include "base/text.h"

namespace ics::oversight {
namespace {

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

Result<CsvTable> CsvTable::Parse(std::string_view text, std::string source, size_t max_records) {
  CsvTable t;
  t.source_ = std::move(source);
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.find('\0') != std::string_view::npos) {
    size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(text.find('\0')), '\n'));
    return InvalidArgument("NUL byte: this is not a text CSV file", t.source_ + ":" + std::to_string(line));
  }
  size_t pos = 0, line = 1;
  bool have_header = false;
  while (pos < text.size()) {
    const size_t record_line = line;
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false, was_quoted = false, end_of_record = false;
    while (pos < text.size() && !end_of_record) {
      const char c = text[pos++];
      if (quoted) {
        if (c == '"') {
          if (pos < text.size() && text[pos] == '"') {
            field += '"';
            ++pos;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line;
          field += c;
        }
      } else if (c == '"') {
        if (!Trim(field).empty() || was_quoted) {
          return InvalidArgument("a quote inside an unquoted field (quote the whole field and double the quote)",
                                 t.source_ + ":" + std::to_string(line));
        }
        field.clear();
        quoted = true;
        was_quoted = true;
      } else if (c == ',') {
        fields.push_back(was_quoted ? field : Trim(field));
        field.clear();
        was_quoted = false;
      } else if (c == '\n') {
        ++line;
        end_of_record = true;
      } else if (c == '\r') {
        // CRLF: the \n ends the record; a lone \r is dropped.
      } else {
        if (was_quoted && c != ' ' && c != '\t') {
          return InvalidArgument("text after a closing quote", t.source_ + ":" + std::to_string(line));
        }
        if (!was_quoted) field += c;
      }
    }
    if (quoted) return InvalidArgument("unterminated quoted field", t.source_ + ":" + std::to_string(record_line));
    fields.push_back(was_quoted ? field : Trim(field));
    const bool blank = fields.size() == 1 && fields[0].empty() && !was_quoted;
    if (blank) continue;
    const std::string where = t.source_ + ":" + std::to_string(record_line);
    if (!have_header) {
      for (size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].empty()) return InvalidArgument("header column " + std::to_string(i + 1) + " has no name", where);
        for (size_t j = 0; j < i; ++j) {
          if (fields[j] == fields[i]) return InvalidArgument("header names column \"" + fields[i] + "\" twice", where);
        }
      }
      t.header_ = std::move(fields);
      t.header_line_ = record_line;
      have_header = true;
      continue;
    }
    if (fields.size() != t.header_.size()) {
      return InvalidArgument("expected " + std::to_string(t.header_.size()) + " fields (" +
                                 JoinWithAnd(t.header_) + "), found " + std::to_string(fields.size()),
                             where);
    }
    if (t.rows_.size() >= max_records) {
      return ResourceExhausted("more than " + std::to_string(max_records) + " records", where);
    }
    t.rows_.push_back(std::move(fields));
    t.lines_.push_back(record_line);
  }
  if (!have_header) return InvalidArgument("the file is empty: expected a header row", t.source_ + ":1");
  return t;
}

std::optional<size_t> CsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  return std::nullopt;
}

Result<size_t> CsvTable::RequireColumn(std::string_view name) const {
  if (auto c = Column(name)) return *c;
  std::string message = "no column \"" + std::string(name) + "\" (columns: " + JoinWithAnd(header_) + ")";
  std::string guess = ClosestMatch(name, header_);
  if (!guess.empty()) message += "; did you mean \"" + guess + "\"?";
  return InvalidArgument(message, source_ + ":" + std::to_string(header_line_));
}

}  // namespace ics::oversight
