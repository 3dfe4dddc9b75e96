// Shared by the finance verbs (allocate, budget, mhis, envelope): reporting errors with their
// file paths and exit codes, terminal number formats, findings, and LoadYear, which prints
// the error of the shared loader (finance/io/load.h). Tables, CSV and XLSX are those of
// finance/io/tables.h, named here for the verbs. Header-only so each verb stays one
// translation unit.
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

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "cli/commands.h"
#include "finance/allocation.h"
#include "finance/findings.h"
#include "finance/io/load.h"
#include "finance/io/tables.h"
#include "finance/money.h"
#include "finance/policy.h"
#include "finance/published_inputs.h"

namespace ics::cli::finance_support {

namespace fin = ics::finance;

using fin::io::ReadFile;

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

using fin::io::CsvField;
using fin::io::Num;

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

using fin::io::LoadedYear;

// Reads the policy (built-in for stream and year, or `policy_file`) and the files it names
// from `data_dir` (finance/io/load.h). On failure prints the error and returns the exit code
// in *exit_code.
inline std::optional<LoadedYear> LoadYear(const std::string& verb, const std::string& stream,
                                          const std::string& year, const std::string& data_dir,
                                          const std::string& policy_file, int* exit_code) {
  Result<fin::io::PolicySource> policy = fin::io::LoadPolicy(stream, year, policy_file, "--");
  if (!policy.ok()) return *exit_code = Fail(verb, policy.status()), std::nullopt;
  if (data_dir.empty()) {
    std::cerr << verb << ": give --data DIR, the directory holding the published CSV tables\n(see " << verb
              << " --help)\n";
    *exit_code = kExitBadInput;
    return std::nullopt;
  }
  Result<fin::LoadedInputs> inputs = fin::io::LoadInputs(policy->policy, data_dir);
  if (!inputs.ok()) return *exit_code = Fail(verb, inputs.status(), data_dir), std::nullopt;
  LoadedYear out;
  out.policy = std::move(policy->policy);
  out.policy_text = std::move(policy->text);
  out.policy_source = std::move(policy->source);
  out.inputs = std::move(inputs).value();
  return out;
}

// ---- Tables for CSV and XLSX ----

using fin::io::Cell;
using fin::io::Column;
using fin::io::ColumnKind;
using fin::io::EmptyCell;
using fin::io::MoneyCell;
using fin::io::NumberCell;
using fin::io::Table;
using fin::io::TextCell;
using fin::io::WriteCsv;
using fin::io::WriteXlsx;
using fin::io::XlsxAvailable;

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

}  // namespace ics::cli::finance_support
