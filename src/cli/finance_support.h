// Shared by the finance verbs (allocate, budget, mhis, envelope): reading the published
// tables a policy names, reporting errors with their file paths, and one table shape that
// prints as CSV and exports to XLSX (when the binary is built with libxlsxwriter).
// Header-only so each verb stays one translation unit.
#pragma once

#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#ifdef ICS_HAVE_XLSXWRITER
#include <xlsxwriter.h>
#endif

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "cli/commands.h"
#include "finance/allocation.h"
#include "finance/findings.h"
#include "finance/money.h"
#include "finance/policy.h"
#include "finance/published_inputs.h"

namespace ics::cli::finance_support {

namespace fin = ics::finance;

inline constexpr size_t kMaxFileBytes = 256u << 20;  // 256 MiB per input file

inline Result<std::string> ReadFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return NotFound(std::string("cannot open: ") + std::strerror(errno), path);
  if (S_ISDIR(st.st_mode)) return InvalidArgument("is a directory, not a file", path);
  if (static_cast<size_t>(st.st_size) > kMaxFileBytes) {
    return ResourceExhausted("the file is larger than the 256 MiB limit", path);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(std::string("cannot read: ") + std::strerror(errno), path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Set by a verb given --json: errors are then also printed to standard output as
// {"error": {"code", "message", "where"}}.
inline bool& JsonErrors() {
  static bool on = false;
  return on;
}

// Prints "ics <verb>: where: message" and returns the exit code for the status. Locations
// that start with a data file's name are shown with the data directory in front.
inline int Fail(const std::string& verb, const Status& s, const std::string& data_dir = {}) {
  std::string where = s.where();
  if (!data_dir.empty() && where.find(".csv") != std::string::npos && where.find('/') == std::string::npos) {
    where = data_dir + "/" + where;
  }
  std::cerr << verb << ": " << (where.empty() ? "" : where + ": ") << s.message() << "\n";
  if (JsonErrors()) {
    nlohmann::json e = {{"code", std::string(StatusCodeName(s.code()))}, {"message", s.message()}};
    if (!where.empty()) e["where"] = where;
    std::cout << nlohmann::json{{"error", e}}.dump(2) << "\n";
  }
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kResourceExhausted:
    case StatusCode::kAlreadyExists:
      return kExitBadInput;
    default:
      return kExitCheckFailed;
  }
}

// Shortest text that reads back as the same double.
inline std::string Num(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("nan");
}

inline std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

inline std::string Percent(double ratio, int decimals = 2) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(decimals) << ratio * 100 << "%";
  return s.str();
}

inline std::string Fixed(double v, int decimals) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(decimals) << v;
  return s.str();
}

// £k with thousands separators and no decimals, for terminals: "2,964,813".
inline std::string Grouped(fin::Money m) {
  fin::Money r = m.RoundedToThousands();
  std::string digits = std::to_string(r.pence() / fin::Money::kPencePerThousand);
  bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.erase(0, 1);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (negative ? "-" : "") + out;
}

// ---- Findings ----

inline void PrintFindings(const std::vector<fin::Finding>& findings, std::ostream& out) {
  int breaches = 0, warnings = 0;
  for (const fin::Finding& f : findings) (f.severity == fin::Severity::kBreach ? breaches : warnings)++;
  out << "\nFindings: " << breaches << " breach" << (breaches == 1 ? "" : "es") << ", " << warnings << " warning"
      << (warnings == 1 ? "" : "s") << "\n";
  for (const fin::Finding& f : findings) {
    out << "  " << f.rule << " " << fin::SeverityName(f.severity) << "  " << f.subject
        << (f.where.empty() ? "" : "  (" + f.where + ")") << "\n"
        << "    " << f.message << "\n"
        << "    fix: " << f.fix << "\n"
        << "    rule: " << f.source << "\n";
  }
}

inline nlohmann::json FindingsJson(const std::vector<fin::Finding>& findings) {
  nlohmann::json out = nlohmann::json::array();
  for (const fin::Finding& f : findings) {
    nlohmann::json j = {{"rule", f.rule},       {"severity", fin::SeverityName(f.severity)},
                        {"subject", f.subject}, {"message", f.message},
                        {"fix", f.fix},         {"source", f.source}};
    if (!f.where.empty()) j["where"] = f.where;
    out.push_back(std::move(j));
  }
  return out;
}

// ---- One year of published inputs, under the built-in or a given policy ----

struct LoadedYear {
  fin::AllocationPolicy policy;
  std::string policy_text, policy_source;
  fin::LoadedInputs inputs;
};

// Reads the policy (built-in for stream and year, or `policy_file`) and the files it names
// from `data_dir`. On failure prints the error and returns the exit code in *exit_code.
inline std::optional<LoadedYear> LoadYear(const std::string& verb, const std::string& stream,
                                          const std::string& year, const std::string& data_dir,
                                          const std::string& policy_file, int* exit_code) {
  LoadedYear out;
  if (!policy_file.empty()) {
    Result<std::string> text = ReadFile(policy_file);
    if (!text.ok()) return *exit_code = Fail(verb, text.status()), std::nullopt;
    out.policy_text = std::move(text).value();
    out.policy_source = policy_file;
  } else {
    Result<std::string> key = fin::YearKey(year);
    if (!key.ok()) return *exit_code = Fail(verb, InvalidArgument(key.status().message(), "--year")), std::nullopt;
    Result<std::string_view> text = fin::BuiltinPolicyText(stream, year);
    if (!text.ok()) {
      return *exit_code = Fail(verb, InvalidArgument(text.status().message(), "--year/--stream")), std::nullopt;
    }
    out.policy_text = std::string(*text);
    out.policy_source = stream + "_" + *key + ".json";
  }
  Result<fin::AllocationPolicy> policy = fin::ParseAllocationPolicy(out.policy_text, out.policy_source);
  if (!policy.ok()) return *exit_code = Fail(verb, policy.status()), std::nullopt;
  out.policy = std::move(policy).value();
  if (!year.empty() && year != out.policy.year) {
    return *exit_code = Fail(verb, InvalidArgument("--year " + year + " does not match the policy's year " +
                                                       out.policy.year, out.policy_source)),
           std::nullopt;
  }
  if (!stream.empty() && stream != out.policy.stream) {
    return *exit_code = Fail(verb, InvalidArgument("--stream " + stream + " does not match the policy's stream " +
                                                       out.policy.stream, out.policy_source)),
           std::nullopt;
  }
  if (data_dir.empty()) {
    std::cerr << verb << ": give --data DIR, the directory holding the published CSV tables\n(see " << verb
              << " --help)\n";
    *exit_code = kExitBadInput;
    return std::nullopt;
  }
  fin::InputFiles files;
  for (const std::string& name : out.policy.Files()) {
    Result<std::string> text = ReadFile(data_dir + "/" + name);
    if (!text.ok()) return *exit_code = Fail(verb, text.status()), std::nullopt;
    files.emplace(name, std::move(text).value());
  }
  Result<fin::LoadedInputs> inputs = fin::LoadPublishedInputs(out.policy, files);
  if (!inputs.ok()) return *exit_code = Fail(verb, inputs.status(), data_dir), std::nullopt;
  out.inputs = std::move(inputs).value();
  return out;
}

// ---- Tables for CSV and XLSX ----

enum class ColumnKind { kText, kMoneyK, kRatio, kNumber, kInteger, kPounds };

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::kText;
};

struct Cell {
  std::string text;             // exact text for CSV (£k to the penny, shortest doubles)
  std::optional<double> value;  // the number, for spreadsheets
};

inline Cell TextCell(std::string s) { return {std::move(s), std::nullopt}; }
inline Cell MoneyCell(fin::Money m) { return {m.ToShortThousandsString(), m.ToThousands()}; }
inline Cell NumberCell(double v) { return {Num(v), v}; }
inline Cell EmptyCell() { return {"", std::nullopt}; }

struct Table {
  std::string sheet;  // XLSX sheet name (≤ 31 characters)
  std::string title;  // first line of the sheet
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> notes;  // below the table in the sheet
};

inline Table FindingsTable(const std::vector<fin::Finding>& findings) {
  Table t;
  t.sheet = "Findings";
  t.title = "Findings";
  t.columns = {{"rule"}, {"severity"}, {"subject"}, {"message"}, {"fix"}, {"source"}, {"where"}};
  for (const fin::Finding& f : findings) {
    t.rows.push_back({TextCell(f.rule), TextCell(fin::SeverityName(f.severity)), TextCell(f.subject),
                      TextCell(f.message), TextCell(f.fix), TextCell(f.source), TextCell(f.where)});
  }
  return t;
}

inline void WriteCsv(const Table& t, std::ostream& out) {
  for (size_t i = 0; i < t.columns.size(); ++i) out << (i ? "," : "") << CsvField(t.columns[i].name);
  out << "\n";
  for (const std::vector<Cell>& row : t.rows) {
    for (size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << CsvField(row[i].text);
    out << "\n";
  }
}

inline bool XlsxAvailable() {
#ifdef ICS_HAVE_XLSXWRITER
  return true;
#else
  return false;
#endif
}

// Writes each table to a sheet in the layout finance teams use: a title line, a bold header
// row frozen in place, £k as #,##0 (pence kept in the cell), ratios as 0.00%, a filter.
inline Status WriteXlsx(const std::string& path, const std::vector<Table>& tables) {
#ifdef ICS_HAVE_XLSXWRITER
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return InvalidArgument("cannot create the workbook", path);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_text_wrap(bold);
  format_set_bottom(bold, LXW_BORDER_THIN);
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 13);
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0;[Red]-#,##0");
  lxw_format* ratio = workbook_add_format(wb);
  format_set_num_format(ratio, "0.00%;[Red]-0.00%");
  lxw_format* pounds = workbook_add_format(wb);
  format_set_num_format(pounds, "#,##0.00");
  lxw_format* number = workbook_add_format(wb);
  format_set_num_format(number, "#,##0");
  for (const Table& t : tables) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, t.sheet.substr(0, 31).c_str());
    if (!ws) {
      workbook_close(wb);
      return InvalidArgument("cannot add sheet \"" + t.sheet + "\"", path);
    }
    worksheet_write_string(ws, 0, 0, t.title.c_str(), title);
    const lxw_row_t header = 2;
    worksheet_set_row(ws, header, 45, nullptr);
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const Column& col = t.columns[c];
      worksheet_write_string(ws, header, static_cast<lxw_col_t>(c), col.name.c_str(), bold);
      double width = col.kind == ColumnKind::kText ? (c == 1 ? 44 : 12) : 14;
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr);
    }
    for (size_t r = 0; r < t.rows.size(); ++r) {
      const lxw_row_t row = static_cast<lxw_row_t>(header + 1 + r);
      for (size_t c = 0; c < t.rows[r].size() && c < t.columns.size(); ++c) {
        const Cell& cell = t.rows[r][c];
        const lxw_col_t col = static_cast<lxw_col_t>(c);
        if (!cell.value) {
          if (!cell.text.empty()) worksheet_write_string(ws, row, col, cell.text.c_str(), nullptr);
          continue;
        }
        lxw_format* f = nullptr;
        switch (t.columns[c].kind) {
          case ColumnKind::kMoneyK: f = money; break;
          case ColumnKind::kRatio: f = ratio; break;
          case ColumnKind::kPounds: f = pounds; break;
          case ColumnKind::kInteger: f = number; break;
          default: break;
        }
        worksheet_write_number(ws, row, col, *cell.value, f);
      }
    }
    if (!t.columns.empty()) {
      worksheet_freeze_panes(ws, header + 1, 2);
      worksheet_autofilter(ws, header, 0, static_cast<lxw_row_t>(header + t.rows.size()),
                           static_cast<lxw_col_t>(t.columns.size() - 1));
    }
    lxw_row_t note_row = static_cast<lxw_row_t>(header + t.rows.size() + 2);
    for (const std::string& note : t.notes) worksheet_write_string(ws, note_row++, 0, note.c_str(), nullptr);
  }
  lxw_error e = workbook_close(wb);
  if (e != LXW_NO_ERROR) return InvalidArgument(std::string("cannot write the workbook: ") + lxw_strerror(e), path);
  return Status::Ok();
#else
  return InvalidArgument("this ics was built without libxlsxwriter (install libxlsxwriter-dev and rebuild)", path);
#endif
}

}  // namespace ics::cli::finance_support
