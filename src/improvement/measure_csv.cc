#include "improvement/measure_csv.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <utility>

namespace ics::improvement {
namespace {

struct Cell {
  std::string text;
  int col = 1;  // 1-based byte column where the cell starts
};

struct CsvRow {
  std::vector<Cell> cells;
  int line = 0;
};

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class Collector {
 public:
  Collector(const std::string& file, std::vector<MeasureCsvError>& errors) : file_(file), errors_(errors) {}
  void Add(int line, int col, std::string message) {
    ++total_;
    if (static_cast<int>(errors_.size()) < kMaxMeasureCsvErrors)
      errors_.push_back({file_ + ":" + std::to_string(line) + ":" + std::to_string(col), std::move(message)});
  }
  void Finish() {
    if (total_ > kMaxMeasureCsvErrors)
      errors_.push_back({file_, std::to_string(total_ - kMaxMeasureCsvErrors) +
                                    " more errors not listed: fix the ones above and import again"});
  }

 private:
  const std::string& file_;
  std::vector<MeasureCsvError>& errors_;
  int total_ = 0;
};

// Splits the text into rows of cells (RFC 4180 quoting; CRLF or LF; a UTF-8 BOM is
// skipped). Blank lines are dropped. A quote left open is an error at its place.
std::vector<CsvRow> SplitRows(std::string_view text, Collector& errors) {
  std::vector<CsvRow> rows;
  size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  int line = 1;
  size_t line_start = i;
  while (i < text.size()) {
    CsvRow row;
    row.line = line;
    bool row_done = false;
    while (!row_done) {
      Cell cell;
      cell.col = static_cast<int>(i - line_start) + 1;
      if (i < text.size() && text[i] == '"') {
        const int open_line = line, open_col = cell.col;
        ++i;
        bool closed = false;
        while (i < text.size()) {
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              cell.text += '"';
              i += 2;
            } else {
              ++i;
              closed = true;
              break;
            }
          } else {
            if (text[i] == '\n') {
              ++line;
              line_start = i + 1;
            }
            cell.text += text[i++];
          }
        }
        if (!closed) {
          errors.Add(open_line, open_col, "a quoted cell is never closed: add the closing \"");
          return rows;
        }
        // Anything between the closing quote and the separator is kept (lenient).
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') cell.text += text[i++];
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') cell.text += text[i++];
      }
      row.cells.push_back(std::move(cell));
      if (i >= text.size()) {
        row_done = true;
      } else if (text[i] == ',') {
        ++i;
      } else {
        if (text[i] == '\r') ++i;
        if (i < text.size() && text[i] == '\n') ++i;
        ++line;
        line_start = i;
        row_done = true;
      }
    }
    bool blank = row.cells.size() == 1 && Trim(row.cells[0].text).empty();
    if (!blank) rows.push_back(std::move(row));
  }
  return rows;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// A number as a spreadsheet writes it: optional sign, digits, one decimal point, an
// optional exponent. No thousands separators, units or percent signs.
std::optional<double> ParseNumber(const std::string& s, std::string* why) {
  if (s.empty()) {
    *why = "the value is empty: give a number, or leave the row out when there is no value";
    return std::nullopt;
  }
  if (s.find(',') != std::string::npos) {
    *why = "'" + s + "' has a thousands separator: write it without commas";
    return std::nullopt;
  }
  if (s.back() == '%') {
    *why = "'" + s + "' has a percent sign: write the number alone (" + s.substr(0, s.size() - 1) +
           ") and give the measure the unit %";
    return std::nullopt;
  }
  const char* begin = s.c_str();
  char* end = nullptr;
  // strtod also reads "inf", "nan" and hex; accept only decimal text.
  for (char c : s)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
      *why = "'" + s + "' is not a number: write digits with an optional decimal point, e.g. 12.5";
      return std::nullopt;
    }
  double v = std::strtod(begin, &end);
  if (end == begin || *end != '\0') {
    *why = "'" + s + "' is not a number: write digits with an optional decimal point, e.g. 12.5";
    return std::nullopt;
  }
  if (!std::isfinite(v)) {
    *why = "'" + s + "' is too large to be a measure's value";
    return std::nullopt;
  }
  return v;
}

}  // namespace

std::optional<Date> ParseMeasureDate(std::string_view raw, std::string* why) {
  std::string text = Trim(raw);
  std::string reason;
  if (text.empty()) {
    if (why) *why = "the date is empty: give a date such as 2024-04-01";
    return std::nullopt;
  }
  // DD/MM/YYYY (UK spreadsheets)
  if (size_t a = text.find('/'); a != std::string::npos) {
    size_t b = text.find('/', a + 1);
    std::string d = text.substr(0, a), m = b == std::string::npos ? "" : text.substr(a + 1, b - a - 1),
                y = b == std::string::npos ? "" : text.substr(b + 1);
    if (AllDigits(d) && AllDigits(m) && AllDigits(y) && y.size() == 4 && d.size() <= 2 && m.size() <= 2) {
      std::string iso = y + "-" + (m.size() == 1 ? "0" : "") + m + "-" + (d.size() == 1 ? "0" : "") + d;
      if (auto date = ParseIsoDate(iso, &reason)) return date;
      if (why) *why = "'" + text + "' (read as DD/MM/YYYY) is not a date: " + reason;
      return std::nullopt;
    }
    if (why) *why = "'" + text + "' is not a date: write YYYY-MM-DD (2024-04-01), YYYY-MM or DD/MM/YYYY";
    return std::nullopt;
  }
  if (text.size() == 7 && text[4] == '-' && AllDigits(text.substr(0, 4)) && AllDigits(text.substr(5, 2))) {
    if (auto date = ParseIsoDate(text + "-01", &reason)) return date;
    if (why) *why = "'" + text + "' is not a month: " + reason;
    return std::nullopt;
  }
  if (auto date = ParseIsoDate(text, &reason)) return date;
  const bool iso_shape = text.size() == 10 && text[4] == '-' && text[7] == '-' && AllDigits(text.substr(0, 4)) &&
                         AllDigits(text.substr(5, 2)) && AllDigits(text.substr(8, 2));
  if (why)
    *why = iso_shape && !reason.empty() ? reason
                                        : "'" + text + "' is not a date: write YYYY-MM-DD (2024-04-01), YYYY-MM or DD/MM/YYYY";
  return std::nullopt;
}

MeasureCsv ParseMeasureCsv(std::string_view text, const MeasureCsvOptions& options) {
  MeasureCsv out;
  Collector errors(options.file, out.errors);
  std::vector<CsvRow> rows = SplitRows(text, errors);
  if (!out.errors.empty()) {
    errors.Finish();
    return out;
  }
  if (rows.empty()) {
    errors.Add(1, 1, "the file is empty: the first line names the columns (date,value or date,MEASURE,...)");
    errors.Finish();
    return out;
  }
  const CsvRow& header = rows[0];
  if (Lower(Trim(header.cells[0].text)) != "date") {
    errors.Add(header.line, header.cells[0].col,
               "the first column is '" + Trim(header.cells[0].text) +
                   "': the first line names the columns, starting with date (date,value or date,MEASURE,...)");
    errors.Finish();
    return out;
  }
  // Which measure each column holds, and whether it is a value or a note column.
  struct Column {
    std::string measure;
    bool note = false;
  };
  std::vector<Column> columns(header.cells.size());
  std::vector<std::string> names;
  for (size_t c = 1; c < header.cells.size(); ++c) names.push_back(Lower(Trim(header.cells[c].text)));
  const bool narrow = !names.empty() && names[0] == "value" &&
                      (names.size() == 1 || (names.size() == 2 && names[1] == "note"));
  if (header.cells.size() < 2) {
    errors.Add(header.line, header.cells[0].col + 4,
               "there is no value column: the first line is date,value (one measure) or date,MEASURE,... (several)");
  } else if (narrow) {
    if (options.measure.empty()) {
      errors.Add(header.line, header.cells[1].col,
                 "a date,value file holds one measure: say which (--measure NAME, or the measure's own import)");
    } else {
      columns[1].measure = options.measure;
      if (names.size() == 2) columns[2] = {options.measure, true};
    }
  } else {
    std::map<std::string, size_t> seen;
    for (size_t c = 1; c < header.cells.size(); ++c) {
      const std::string name = Trim(header.cells[c].text);
      const std::string key = Lower(name);
      const Cell& cell = header.cells[c];
      if (name.empty()) {
        errors.Add(header.line, cell.col, "column " + std::to_string(c + 1) + " has no name: name the measure it holds");
        continue;
      }
      if (key == "value" || key == "note") {
        errors.Add(header.line, cell.col,
                   "'" + name + "' belongs to a date,value[,note] file: use exactly those columns, or name each "
                   "measure's column");
        continue;
      }
      std::string match;
      for (const auto& m : options.measures)
        if (Lower(Trim(m)) == key) match = m;
      if (match.empty()) {
        std::string known;
        for (const auto& m : options.measures) known += (known.empty() ? "" : ", ") + m;
        errors.Add(header.line, cell.col,
                   "the column '" + name + "' names no measure of this project" +
                       (known.empty() ? std::string(" (it has none yet: add the measure first)")
                                      : " (its measures: " + known + "): rename the column or add the measure"));
        continue;
      }
      if (auto it = seen.find(key); it != seen.end()) {
        errors.Add(header.line, cell.col,
                   "'" + name + "' is also column " + std::to_string(it->second + 1) + ": keep one of them");
        continue;
      }
      seen[key] = c;
      columns[c].measure = match;
    }
  }
  if (!out.errors.empty()) {
    errors.Finish();
    return out;
  }

  std::map<std::pair<std::string, Date>, int> first_line;  // (measure, date) -> line
  std::vector<MeasureCsvPoint> points;
  for (size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    if (row.cells.size() > header.cells.size()) {
      const Cell& extra = row.cells[header.cells.size()];
      errors.Add(row.line, extra.col,
                 "this row has " + std::to_string(row.cells.size()) + " cells but the header names " +
                     std::to_string(header.cells.size()) + " columns: remove the extra cells (or quote a comma)");
      continue;
    }
    if (row.cells.size() < 1 + 1 && header.cells.size() > 1) {
      errors.Add(row.line, static_cast<int>(row.cells.back().col + row.cells.back().text.size()),
                 "this row has only a date: give its value after a comma");
      continue;
    }
    std::string why;
    std::optional<Date> date = ParseMeasureDate(row.cells[0].text, &why);
    if (!date) {
      errors.Add(row.line, row.cells[0].col, why);
      continue;
    }
    std::string note;
    if (narrow && row.cells.size() > 2) note = Trim(row.cells[2].text);
    for (size_t c = 1; c < row.cells.size(); ++c) {
      const Column& column = columns[c];
      if (column.note || column.measure.empty()) continue;
      const std::string value_text = Trim(row.cells[c].text);
      if (value_text.empty() && !narrow) continue;  // wide: no point for this measure on this date
      std::optional<double> value = ParseNumber(value_text, &why);
      if (!value) {
        errors.Add(row.line, row.cells[c].col, why);
        continue;
      }
      auto key = std::make_pair(column.measure, *date);
      if (auto it = first_line.find(key); it != first_line.end()) {
        errors.Add(row.line, row.cells[0].col,
                   date->ToIso() + " is given twice for '" + column.measure + "' (also line " +
                       std::to_string(it->second) + "): keep one value per date");
        continue;
      }
      first_line[key] = row.line;
      points.push_back({column.measure, *date, *value, note, row.line});
    }
  }
  if (rows.size() == 1 && out.errors.empty())
    errors.Add(header.line + 1, 1, "there are no rows of data under the header");
  errors.Finish();
  if (out.errors.empty()) out.points = std::move(points);
  return out;
}

}  // namespace ics::improvement
