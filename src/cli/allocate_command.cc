// `ics allocate`: NHS England fair-shares allocations for one funding stream and year,
// computed from the published baseline and allocation tables (and, where targets are
// rebuilt, the GP-practice weighted populations) under a policy file: the built-in one for
// the year, or --policy FILE for a what-if. One row per ICB, as a table, CSV or JSON.
#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <vector>

#include "base/status.h"
#include "cli/commands.h"
#include "finance/allocation.h"
#include "finance/policy.h"
#include "finance/published_inputs.h"

namespace ics::cli {
namespace {

namespace fin = ics::finance;
using nlohmann::json;

constexpr size_t kMaxFileBytes = 256u << 20;  // 256 MiB per input file

constexpr const char* kFooter = R"(Columns (CSV and JSON; money in £ thousands, ratios as fractions, 0.0071 = 0.71%):
  icb_code, icb_name
  baseline_k                   adjusted recurrent baseline of the previous year (B),
                               built as opening + listed adjustments from the baseline sheet
  target_k                     fair-shares target the baseline is compared with (T_prev)
  distance_from_target         B / T_prev - 1 (positive = above target)
  base_growth                  g: own target growth or a uniform rate, per the policy
  convergence_distance         the distance the convergence rule acts on
  convergence                  c, from the policy's caps and closure factors
  recurrent_allocation_k       round(B (1 + g)(1 + c)) to the nearest £k
  recurrent_allocation_growth  A / B - 1
  population, per_head         registered population; A x 1000 / population (£)
  allocation_year_target_k     the allocation year's fair-shares target (T)
  post_convergence_distance    A / T - 1
  <add-on columns>             non-recurrent or ring-fenced lines, as published
  total_allocation_k           A + add-ons

The data directory holds NHS England's published CSV tables under their published names
(the policy names the files and columns); the project keeps copies in data/finance/.

Exit status: 0 ok; 2 bad input (the message names the file, line and column).)";

int Fail(const Status& s, const std::string& prefix_dir = {}) {
  std::string where = s.where();
  // Locations from the loader start with the input file's name: show its path.
  if (!prefix_dir.empty() && where.find(".csv") != std::string::npos) where = prefix_dir + "/" + where;
  std::cerr << "ics allocate: " << (where.empty() ? "" : where + ": ") << s.message() << "\n";
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kResourceExhausted:
      return kExitBadInput;
    default:
      return kExitCheckFailed;
  }
}

Result<std::string> ReadFile(const std::string& path) {
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

// Shortest text that reads back as the same double.
std::string Num(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("nan");
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Percent(double ratio, int decimals) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(decimals) << ratio * 100 << "%";
  return s.str();
}

std::string Thousands(fin::Money m, int decimals) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(decimals) << m.ToThousands();
  return s.str();
}

void PrintCsv(const fin::Allocation& a, const fin::LoadedInputs& in, std::ostream& out) {
  std::vector<std::string> header = {"icb_code", "icb_name", "baseline_k", "target_k", "distance_from_target",
                                     "base_growth", "convergence_distance", "convergence",
                                     "recurrent_allocation_k", "recurrent_allocation_growth", "population",
                                     "per_head", "allocation_year_target_k", "post_convergence_distance"};
  for (const std::string& label : in.add_on_labels) header.push_back(label);
  header.push_back("total_allocation_k");
  for (size_t i = 0; i < header.size(); ++i) out << (i ? "," : "") << CsvField(header[i]);
  out << "\n";
  for (const fin::IcbAllocation& r : a.icbs) {
    out << CsvField(r.code) << "," << CsvField(r.name) << "," << r.baseline.ToShortThousandsString() << ","
        << r.previous_target.ToShortThousandsString() << "," << Num(r.distance_from_target) << ","
        << Num(r.base_growth) << "," << Num(r.convergence_distance) << "," << Num(r.convergence) << ","
        << r.recurrent_allocation.ToShortThousandsString() << "," << Num(r.recurrent_growth) << ","
        << Num(r.population) << "," << Num(r.per_head) << "," << r.target.ToShortThousandsString() << ","
        << Num(r.post_convergence_distance);
    for (fin::Money m : r.add_ons) out << "," << m.ToShortThousandsString();
    out << "," << r.total_allocation.ToShortThousandsString() << "\n";
  }
}

json MoneyJson(fin::Money m) { return m.ToThousands(); }

void PrintJson(const fin::AllocationPolicy& p, const fin::Allocation& a, const fin::LoadedInputs& in,
               std::ostream& out) {
  json doc;
  doc["year"] = p.year;
  doc["stream"] = p.stream;
  doc["title"] = p.title;
  doc["notes"] = p.notes;
  const fin::MethodPolicy& m = p.method;
  doc["method"] = {
      {"growth",
       {{"basis", m.growth.basis == fin::GrowthBasis::kUniform ? "uniform" : "own_target_growth"},
        {"rate", m.growth.rate},
        {"scale", m.growth.scale}}},
      {"convergence",
       {{"distance", m.convergence.distance == fin::DistanceBasis::kBeforeGrowth ? "before_growth" : "after_growth"},
        {"above_target", {{"factor", m.convergence.above.factor}, {"cap", m.convergence.above.cap}}},
        {"below_target", {{"factor", m.convergence.below.factor}, {"cap", m.convergence.below.cap}}}}},
      {"rounding_thousands", m.rounding_thousands}};
  json icbs = json::array();
  for (size_t i = 0; i < a.icbs.size(); ++i) {
    const fin::IcbAllocation& r = a.icbs[i];
    const fin::BaselineConstruction& b = in.baselines[i];
    json add_ons = json::object();
    for (size_t k = 0; k < r.add_ons.size(); ++k) add_ons[in.add_on_labels[k]] = MoneyJson(r.add_ons[k]);
    json adjustments = json::object();
    for (size_t k = 0; k < b.adjustments.size(); ++k) {
      adjustments[p.baseline.adjustment_columns[k]] = MoneyJson(b.adjustments[k]);
    }
    icbs.push_back({{"icb_code", r.code},
                    {"icb_name", r.name},
                    {"baseline_k", MoneyJson(r.baseline)},
                    {"baseline_construction",
                     {{"opening_k", MoneyJson(b.opening)},
                      {"adjustments_k", adjustments},
                      {"published_adjusted_k", MoneyJson(b.published_adjusted)}}},
                    {"target_k", MoneyJson(r.previous_target)},
                    {"distance_from_target", r.distance_from_target},
                    {"base_growth", r.base_growth},
                    {"convergence_distance", r.convergence_distance},
                    {"convergence", r.convergence},
                    {"recurrent_allocation_k", MoneyJson(r.recurrent_allocation)},
                    {"recurrent_allocation_growth", r.recurrent_growth},
                    {"population", r.population},
                    {"per_head", r.per_head},
                    {"allocation_year_target_k", MoneyJson(r.target)},
                    {"post_convergence_distance", r.post_convergence_distance},
                    {"add_ons_k", add_ons},
                    {"total_allocation_k", MoneyJson(r.total_allocation)}});
  }
  doc["icbs"] = std::move(icbs);
  const fin::AllocationTotals& e = a.england;
  json add_ons = json::object();
  for (size_t k = 0; k < e.add_ons.size(); ++k) add_ons[in.add_on_labels[k]] = MoneyJson(e.add_ons[k]);
  doc["england"] = {{"baseline_k", MoneyJson(e.baseline)},
                    {"target_k", MoneyJson(e.previous_target)},
                    {"distance_from_target", e.distance_from_target},
                    {"recurrent_allocation_k", MoneyJson(e.recurrent_allocation)},
                    {"recurrent_allocation_growth", e.recurrent_growth},
                    {"population", e.population},
                    {"per_head", e.per_head},
                    {"allocation_year_target_k", MoneyJson(e.target)},
                    {"post_convergence_distance", e.post_convergence_distance},
                    {"add_ons_k", add_ons},
                    {"total_allocation_k", MoneyJson(e.total_allocation)},
                    {"total_label", p.allocations.total_label}};
  out << doc.dump(2) << "\n";
}

void PrintTable(const fin::AllocationPolicy& p, const fin::Allocation& a, std::ostream& out) {
  out << p.title << "\n\n";
  auto row = [&](const std::vector<std::string>& cells) {
    static const int widths[] = {-6, -36, 14, 14, 9, 8, 8, 12, 9, 9, 12};
    for (size_t i = 0; i < cells.size(); ++i) {
      int w = widths[i];
      std::string c = cells[i];
      if (w < 0 && static_cast<int>(c.size()) > -w) c = c.substr(0, -w - 1) + "~";
      out << (i ? " " : "") << (w < 0 ? std::left : std::right) << std::setw(w < 0 ? -w : w) << c;
    }
    out << "\n";
  };
  row({"ICB", "name", "baseline £k", "target £k", "DfT", "growth", "conv.", "alloc. £k", "£/head", "post DfT",
       "total £k"});
  for (const fin::IcbAllocation& r : a.icbs) {
    std::ostringstream ph;
    ph << std::fixed << std::setprecision(2) << r.per_head;
    row({r.code, r.name, Thousands(r.baseline, 0), Thousands(r.previous_target, 0),
         Percent(r.distance_from_target, 2), Percent(r.base_growth, 2), Percent(r.convergence, 2),
         Thousands(r.recurrent_allocation, 0), ph.str(), Percent(r.post_convergence_distance, 2),
         Thousands(r.total_allocation, 0)});
  }
  const fin::AllocationTotals& e = a.england;
  std::ostringstream ph;
  ph << std::fixed << std::setprecision(2) << e.per_head;
  row({"", "England", Thousands(e.baseline, 0), Thousands(e.previous_target, 0), Percent(e.distance_from_target, 2),
       "", "", Thousands(e.recurrent_allocation, 0), ph.str(), Percent(e.post_convergence_distance, 2),
       Thousands(e.total_allocation, 0)});
  out << "\ntotal = recurrent allocation + add-ons (\"" << p.allocations.total_label << "\")\n";
  for (const std::string& note : p.notes) out << "note: " << note << "\n";
}

}  // namespace

int RunAllocate(int argc, char** argv) {
  CLI::App app{"NHS England fair-shares allocations: targets, distance from target, base growth, "
               "convergence (pace of change) and recurrent allocations per ICB, from the published "
               "tables under a policy file.",
               "ics allocate"};
  std::string year, stream, data_dir, policy_file;
  bool as_json = false, as_csv = false, print_policy = false;
  app.add_option("--year", year, "financial year, e.g. 2025/26");
  app.add_option("--stream", stream, "funding stream: core (core services) or pmc (primary medical care)");
  app.add_option("--data", data_dir, "directory holding the published CSV tables");
  app.add_option("--policy", policy_file,
                 "policy JSON file to use instead of the built-in one for the year and stream (what-ifs)");
  auto* json_flag = app.add_flag("--json", as_json, "print JSON");
  auto* csv_flag = app.add_flag("--csv", as_csv, "print CSV, one row per ICB");
  json_flag->excludes(csv_flag);
  app.add_flag("--print-policy", print_policy, "print the policy (JSON) and exit");
  app.footer(kFooter);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::cerr << "ics allocate: " << e.what() << "\n(see ics allocate --help)\n";
    return kExitBadInput;
  }

  // The policy: a file, or the built-in one for --stream and --year.
  std::string policy_text, policy_source;
  if (!policy_file.empty()) {
    Result<std::string> text = ReadFile(policy_file);
    if (!text.ok()) return Fail(text.status());
    policy_text = std::move(text).value();
    policy_source = policy_file;
  } else {
    if (year.empty() || stream.empty()) {
      std::cerr << "ics allocate: give --year and --stream (or --policy FILE)\n(see ics allocate --help)\n";
      return kExitBadInput;
    }
    Result<std::string> key = fin::YearKey(year);
    if (!key.ok()) return Fail(InvalidArgument(key.status().message(), "--year"));
    Result<std::string_view> text = fin::BuiltinPolicyText(stream, year);
    if (!text.ok()) return Fail(InvalidArgument(text.status().message(), "--year/--stream"));
    policy_text = std::string(*text);
    policy_source = stream + "_" + *key + ".json";
  }
  Result<fin::AllocationPolicy> policy = fin::ParseAllocationPolicy(policy_text, policy_source);
  if (!policy.ok()) return Fail(policy.status());
  if (!year.empty() && year != policy->year) {
    return Fail(InvalidArgument("--year " + year + " does not match the policy's year " + policy->year,
                                policy_source));
  }
  if (!stream.empty() && stream != policy->stream) {
    return Fail(InvalidArgument("--stream " + stream + " does not match the policy's stream " + policy->stream,
                                policy_source));
  }
  if (print_policy) {
    std::cout << policy_text;
    if (!policy_text.empty() && policy_text.back() != '\n') std::cout << "\n";
    return kExitOk;
  }

  if (data_dir.empty()) {
    std::cerr << "ics allocate: give --data DIR, the directory holding the published CSV tables\n"
                 "(see ics allocate --help)\n";
    return kExitBadInput;
  }
  while (data_dir.size() > 1 && data_dir.back() == '/') data_dir.pop_back();
  fin::InputFiles files;
  for (const std::string& name : policy->Files()) {
    Result<std::string> text = ReadFile(data_dir + "/" + name);
    if (!text.ok()) return Fail(text.status());
    files.emplace(name, std::move(text).value());
  }
  Result<fin::LoadedInputs> inputs = fin::LoadPublishedInputs(*policy, files);
  if (!inputs.ok()) return Fail(inputs.status(), data_dir);
  Result<fin::Allocation> allocation = fin::Allocate(policy->method, inputs->icbs);
  if (!allocation.ok()) return Fail(allocation.status());

  if (as_csv) {
    PrintCsv(*allocation, *inputs, std::cout);
  } else if (as_json) {
    PrintJson(*policy, *allocation, *inputs, std::cout);
  } else {
    PrintTable(*policy, *allocation, std::cout);
  }
  return std::cout.good() ? kExitOk : kExitCheckFailed;
}

}  // namespace ics::cli
