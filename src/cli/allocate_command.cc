// `ics allocate`: NHS England fair-shares allocations for one funding stream and year,
// computed from the published baseline and allocation tables (and, where targets are
// rebuilt, the GP-practice weighted populations) under a policy file: the built-in one for
// the year, or --policy FILE. What-ifs (--set, --quantum, --practice-wp) are recomputed
// against the published position, and --path projects the years to target. One row per
// ICB, as a table, CSV, JSON or an XLSX workbook.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "base/status.h"
#include "cli/commands.h"
#include "cli/finance_support.h"
#include "finance/allocation.h"
#include "finance/io/report.h"
#include "finance/policy.h"
#include "finance/published_inputs.h"
#include "finance/whatif.h"

namespace ics::cli {
namespace {

namespace fin = ics::finance;
namespace fs = ics::cli::finance_support;
using fs::Num;
using fs::Percent;
using nlohmann::json;

constexpr const char* kVerb = "ics allocate";

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

What-ifs (--set, --quantum, --practice-wp) print, per ICB, the published position (the
unchanged policy, which reproduces the published table to the £k) against the scenario:
  published_allocation_k, allocation_k, difference_k, difference_ratio,
  published_target_k, target_k, published_convergence, convergence,
  published_post_convergence_distance, post_convergence_distance
Settings for --set KEY=VALUE (ratios as 0.02, 2% or 1/15):
  growth.basis (own_target_growth|uniform), growth.rate, growth.scale,
  convergence.distance (before_growth|after_growth),
  convergence.above_target.factor, convergence.above_target.cap,
  convergence.below_target.factor, convergence.below_target.cap,
  convergence.factor, convergence.cap (both sides), rounding_thousands
--path YEARS projects the scenario forward: each year's baseline is the previous
recurrent allocation, targets grow by --target-growth (default: the uniform growth rate,
or England's own target growth), and the policy's growth and convergence apply. Adds
years_to_threshold (years until within --threshold of target and staying there; empty if
not within by the last year) and distance_<year> columns.

The data directory holds NHS England's published CSV tables under their published names
(the policy names the files and columns); the project keeps copies in data/finance/.

Exit status: 0 ok; 2 bad input (the message names the file, line and column, or the option).)";

std::string Thousands(fin::Money m, int decimals) { return fs::Fixed(m.ToThousands(), decimals); }

void Row(std::ostream& out, const std::vector<int>& widths, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size() && i < widths.size(); ++i) {
    int w = widths[i];
    std::string c = cells[i];
    if (w < 0 && static_cast<int>(c.size()) > -w) c = c.substr(0, -w - 1) + "~";
    out << (i ? " " : "") << (w < 0 ? std::left : std::right) << std::setw(w < 0 ? -w : w) << c;
  }
  out << "\n";
}

void PrintTable(const fin::AllocationPolicy& p, const fin::Allocation& a, std::ostream& out) {
  out << p.title << "\n\n";
  const std::vector<int> widths = {-6, -36, 14, 14, 9, 8, 8, 12, 9, 9, 12};
  Row(out, widths, {"ICB", "name", "baseline £k", "target £k", "DfT", "growth", "conv.", "alloc. £k", "£/head",
                    "post DfT", "total £k"});
  for (const fin::IcbAllocation& r : a.icbs) {
    Row(out, widths, {r.code, r.name, Thousands(r.baseline, 0), Thousands(r.previous_target, 0),
                      Percent(r.distance_from_target, 2), Percent(r.base_growth, 2), Percent(r.convergence, 2),
                      Thousands(r.recurrent_allocation, 0), fs::Fixed(r.per_head, 2),
                      Percent(r.post_convergence_distance, 2), Thousands(r.total_allocation, 0)});
  }
  const fin::AllocationTotals& e = a.england;
  Row(out, widths, {"", "England", Thousands(e.baseline, 0), Thousands(e.previous_target, 0),
                    Percent(e.distance_from_target, 2), "", "", Thousands(e.recurrent_allocation, 0),
                    fs::Fixed(e.per_head, 2), Percent(e.post_convergence_distance, 2),
                    Thousands(e.total_allocation, 0)});
  out << "\ntotal = recurrent allocation + add-ons (\"" << p.allocations.total_label << "\")\n";
  for (const std::string& note : p.notes) out << "note: " << note << "\n";
}

// ---- The what-if view: the scenario against the published position, and the path ----

struct Scenario {
  fin::WhatIfResult result;
  std::optional<fin::PathResult> path;
  bool changed = false;  // any --set, --quantum or --practice-wp
};

void PrintPath(const Scenario& s, std::ostream& out) {
  const fin::PathResult& path = *s.path;
  const size_t shown = std::min<size_t>(path.years.size(), 11);
  std::vector<int> widths = {-6, -36, 14, 6};
  std::vector<std::string> header = {"ICB", "name", "alloc. £k", "years"};
  for (size_t k = 0; k < shown; ++k) {
    widths.push_back(8);
    header.push_back(path.years[k]);
  }
  Row(out, widths, header);
  for (size_t i = 0; i < path.icbs.size(); ++i) {
    const fin::IcbPath& ip = path.icbs[i];
    std::vector<std::string> cells = {ip.code, s.result.icbs[i].name, fs::Grouped(ip.allocation.front()),
                                      ip.years_to_threshold ? std::to_string(*ip.years_to_threshold) : "-"};
    for (size_t k = 0; k < shown; ++k) cells.push_back(Percent(ip.distance[k], 2));
    Row(out, widths, cells);
  }
  std::vector<std::string> within = {"", "ICBs within " + Percent(path.threshold, 2) + " of target", "", ""};
  for (size_t k = 0; k < shown; ++k) within.push_back(std::to_string(path.within_by_year[k]));
  Row(out, widths, within);
  out << "\nDistance from target (A / T - 1) after convergence, each year. Targets grow "
      << Percent(path.target_growth, 2) << " a year; each year's baseline is the previous recurrent allocation.\n"
      << "\"years\" = years after " << path.years.front() << " until within " << Percent(path.threshold, 2)
      << " of target and staying there (- = not by " << path.years.back() << ")\n";
}

void PrintScenario(const fin::AllocationPolicy& p, const Scenario& s, const fin::WhatIf& w, std::ostream& out) {
  out << p.title << "\n";
  if (!s.changed && s.path) {
    out << "Path to target\n\n";
    PrintPath(s, out);
    return;
  }
  out << "What-if:";
  for (const auto& [k, v] : w.settings) out << " " << k << "=" << v;
  if (w.quantum) out << " quantum=" << fs::Grouped(*w.quantum) << "k";
  for (const auto& [k, v] : w.practice_weights) out << " " << k << ".weighted=" << Num(v);
  out << "\n\n";
  const std::vector<int> widths = {-6, -36, 13, 13, 11, 8, 9, 9};
  Row(out, widths, {"ICB", "name", "published £k", "what-if £k", "diff £k", "diff", "post DfT", "what-if"});
  for (const fin::IcbDifference& d : s.result.icbs) {
    Row(out, widths, {d.code, d.name, fs::Grouped(d.published_allocation), fs::Grouped(d.allocation),
                      fs::Grouped(d.difference), Percent(d.difference_ratio, 2), Percent(d.published_post_distance, 2),
                      Percent(d.post_distance, 2)});
  }
  Row(out, widths, {"", "England", fs::Grouped(s.result.published.england.recurrent_allocation),
                    fs::Grouped(s.result.scenario.england.recurrent_allocation), fs::Grouped(s.result.total_difference),
                    Percent(fin::Ratio(s.result.total_difference, s.result.published.england.recurrent_allocation), 2),
                    Percent(s.result.published.england.post_convergence_distance, 2),
                    Percent(s.result.scenario.england.post_convergence_distance, 2)});
  out << "\nquantum (sum of targets): published " << fs::Grouped(s.result.published_quantum) << "k, what-if "
      << fs::Grouped(s.result.quantum) << "k\n";
  for (const std::string& n : s.result.notes) out << "note: " << n << "\n";
  if (s.path) {
    out << "\nPath to target under the what-if\n\n";
    PrintPath(s, out);
  }
}

}  // namespace

int RunAllocate(int argc, char** argv) {
  CLI::App app{"NHS England fair-shares allocations: targets, distance from target, base growth, "
               "convergence (pace of change) and recurrent allocations per ICB, from the published "
               "tables under a policy file; what-ifs against the published position and the path to target.",
               "ics allocate"};
  std::string year, stream, data_dir, policy_file, xlsx_file, quantum_text, threshold_text = "0.005",
                                                                          target_growth_text;
  std::vector<std::string> settings, practice_weights;
  int path_years = 0;
  bool as_json = false, as_csv = false, print_policy = false;
  app.add_option("--year", year, "financial year, e.g. 2025/26");
  app.add_option("--stream", stream, "funding stream: core (core services) or pmc (primary medical care)");
  app.add_option("--data", data_dir, "directory holding the published CSV tables");
  app.add_option("--policy", policy_file,
                 "policy JSON file to use instead of the built-in one for the year and stream");
  app.add_option("--set", settings, "what-if: change a policy parameter, KEY=VALUE (repeatable; keys below)");
  app.add_option("--quantum", quantum_text, "what-if: the national target quantum in £k");
  app.add_option("--practice-wp", practice_weights,
                 "what-if: a GP practice's weighted population, CODE=VALUE (repeatable)");
  app.add_option("--path", path_years, "project the path to target for YEARS years (1-50)");
  app.add_option("--threshold", threshold_text, "within target means |distance| <= this (default 0.005 = 0.5%)");
  app.add_option("--target-growth", target_growth_text, "yearly target growth for --path (e.g. 0.03 or 3%)");
  auto* json_flag = app.add_flag("--json", as_json, "print JSON");
  auto* csv_flag = app.add_flag("--csv", as_csv, "print CSV, one row per ICB");
  json_flag->excludes(csv_flag);
  app.add_option("--xlsx", xlsx_file, "also write the table(s) to an Excel workbook FILE");
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
  fs::JsonErrors() = as_json;
  auto fail = [](const Status& s) { return fs::Fail(kVerb, s); };

  // The scenario, checked before any file is read.
  fin::WhatIf what_if;
  for (const std::string& text : settings) {
    Result<std::pair<std::string, std::string>> kv = fin::SplitSetting(text, "--set");
    if (!kv.ok()) return fail(kv.status());
    fin::MethodPolicy probe;
    if (Status s = fin::ApplySetting(&probe, kv->first, kv->second, "--set " + kv->first); !s.ok()) return fail(s);
    what_if.settings.push_back(*kv);
  }
  if (!quantum_text.empty()) {
    std::string why;
    std::optional<fin::Money> q = fin::ParseThousands(quantum_text, &why);
    if (!q) return fail(InvalidArgument("\"" + quantum_text + "\" " + why + " (give £ thousands)", "--quantum"));
    what_if.quantum = *q;
  }
  for (const std::string& text : practice_weights) {
    Result<std::pair<std::string, std::string>> kv = fin::SplitSetting(text, "--practice-wp");
    if (!kv.ok()) return fail(kv.status());
    double v = 0;
    const std::string& value = kv->second;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(v) || v < 0) {
      return fail(InvalidArgument("\"" + value + "\" is not a weighted population (a number ≥ 0)",
                                  "--practice-wp " + kv->first));
    }
    if (!what_if.practice_weights.emplace(kv->first, v).second) {
      return fail(InvalidArgument("practice " + kv->first + " is given twice", "--practice-wp " + kv->first));
    }
  }
  fin::PathOptions path_options;
  if (app.count("--path")) {
    if (path_years < 1 || path_years > 50) return fail(InvalidArgument("give 1 to 50 years", "--path"));
    path_options.years = path_years;
  }
  {
    std::optional<double> t = fin::ParseRatio(threshold_text);
    if (!t || *t < 0 || *t > 1) {
      return fail(InvalidArgument("\"" + threshold_text + "\" is not a ratio between 0 and 1", "--threshold"));
    }
    path_options.threshold = *t;
  }
  if (!target_growth_text.empty()) {
    std::optional<double> g = fin::ParseRatio(target_growth_text);
    if (!g) return fail(InvalidArgument("\"" + target_growth_text + "\" is not a ratio", "--target-growth"));
    path_options.target_growth = *g;
  }
  const bool changed = !what_if.settings.empty() || what_if.quantum || !what_if.practice_weights.empty();
  const bool want_path = app.count("--path") > 0;
  if (!want_path && (app.count("--threshold") || app.count("--target-growth"))) {
    return fail(InvalidArgument("--threshold and --target-growth apply to --path YEARS", "--path"));
  }

  // The policy: a file, or the built-in one for --stream and --year.
  if (policy_file.empty() && (year.empty() || stream.empty())) {
    std::cerr << "ics allocate: give --year and --stream (or --policy FILE)\n(see ics allocate --help)\n";
    return kExitBadInput;
  }
  if (print_policy) {
    Result<fin::io::PolicySource> loaded = fin::io::LoadPolicy(stream, year, policy_file, "--");
    if (!loaded.ok()) return fail(loaded.status());
    const std::string& text = loaded->text;
    std::cout << text;
    if (!text.empty() && text.back() != '\n') std::cout << "\n";
    return kExitOk;
  }
  while (data_dir.size() > 1 && data_dir.back() == '/') data_dir.pop_back();
  int exit_code = kExitOk;
  std::optional<fs::LoadedYear> loaded = fs::LoadYear(kVerb, stream, year, data_dir, policy_file, &exit_code);
  if (!loaded) return exit_code;
  const fin::AllocationPolicy& policy = loaded->policy;

  if (!changed && !want_path) {
    Result<fin::Allocation> allocation = fin::Allocate(policy.method, loaded->inputs.icbs);
    if (!allocation.ok()) return fail(allocation.status());
    fs::Table table = fin::io::AllocationTable(policy, *allocation, loaded->inputs, /*england_row=*/false);
    if (as_csv) {
      fs::WriteCsv(table, std::cout);
    } else if (as_json) {
      std::cout << fin::io::AllocationJson(policy, *allocation, loaded->inputs).dump(2) << "\n";
    } else {
      PrintTable(policy, *allocation, std::cout);
    }
    if (!xlsx_file.empty()) {
      if (Status s = fs::WriteXlsx(xlsx_file, {table}); !s.ok()) return fail(s);
    }
    return std::cout.good() ? kExitOk : kExitCheckFailed;
  }

  Result<fin::WhatIfModel> model = fin::WhatIfModel::Create(policy, loaded->inputs);
  if (!model.ok()) return fail(model.status());
  Result<fin::WhatIfResult> result = model->Run(what_if);
  if (!result.ok()) return fail(result.status());
  Scenario scenario;
  scenario.result = std::move(result).value();
  scenario.changed = changed;
  if (want_path) {
    Result<fin::PathResult> path =
        fin::ProjectPath(scenario.result.method, scenario.result.scenario, policy.year, path_options);
    if (!path.ok()) return fail(path.status());
    scenario.path = std::move(path).value();
  }
  const fin::PathResult* path = scenario.path ? &*scenario.path : nullptr;
  fs::Table table = fin::io::WhatIfTable(policy, scenario.result, path, changed);
  if (as_csv) {
    fs::WriteCsv(table, std::cout);
  } else if (as_json) {
    std::cout << fin::io::WhatIfJson(policy, what_if, scenario.result, path).dump(2) << "\n";
  } else {
    PrintScenario(policy, scenario, what_if, std::cout);
  }
  if (!xlsx_file.empty()) {
    std::vector<fs::Table> sheets = {
        table, fin::io::AllocationTable(policy, scenario.result.scenario, loaded->inputs, /*england_row=*/false)};
    sheets.back().sheet = changed ? "What-if allocations" : "Allocations";
    if (Status s = fs::WriteXlsx(xlsx_file, sheets); !s.ok()) return fail(s);
  }
  return std::cout.good() ? kExitOk : kExitCheckFailed;
}

}  // namespace ics::cli
