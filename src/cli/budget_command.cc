// `ics budget places|providers`: budgets within an ICB from need, as NHS England's ICB
// place-based allocation tool computes them: each place's (or provider's) share of the
// ICB's weighted population, its need index relative to the ICB, and its budget in exact
// pence that add up to the ICB budget (by default the ICB's recurrent allocation for the
// stream and year, computed from the published tables).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/text.h"
#include "cli/commands.h"
#include "cli/finance_support.h"
#include "finance/allocation.h"
#include "finance/place_budget.h"

namespace ics::cli {
namespace {

namespace fin = ics::finance;
namespace fs = ics::cli::finance_support;
using nlohmann::json;

constexpr const char* kFooter = R"(Places are built from one column of the GP-practice weighted-population file (--by):
  la        local authority district (LAD21), the default for places
  sub-icb   sub-ICB location / former CCG (CCG21)
  pcn       primary care network (PCN_Code; blank in the published 2023/24 and 2024/25 files)
  practice  the practice itself (Practice_Code), the default for providers
  or any other column name of the file.
--map FILE groups those codes into places: CSV with columns place (or provider), code and
optionally name, one row per footprint code, e.g. "north,E07000034,Chesterfield ...". A code in two
places, a code no practice of the ICB has, or a practice in no place is an error (or give
--unmapped PLACE to collect such practices).

For each place (CSV and JSON; money in £ thousands, ratios as fractions):
  place_code, place_name, practices, population (registered, projected)
  weighted_population  the practices' weighted population for the stream (Final WP for
                       core, Final PMC WP for primary medical care)
  share                weighted_population / the ICB's
  need_index           (weighted / population) / (ICB weighted / ICB population)
  budget_k             ICB budget x share, in pence, the remainders placed so that the
                       budgets add up to the ICB budget exactly
  per_head             budget per registered patient (£)
  <component>_index    the need index of each component (G&A, community, mental health,
                       maternity, health inequalities, prescribing; PMC for pmc)

The ICB budget is --budget £k, or the ICB's recurrent allocation (--basis recurrent, the
default) or total allocation (--basis total) for --stream and --year. No practice file is
published for 2025/26: give --need-year 2024/25 to use the latest.

Exit status: 0 ok; 2 bad input (the message names the file, line and column).)";

struct ByColumn {
  const char* key;
  const char* column;
  const char* name_column;
};
constexpr ByColumn kBy[] = {
    {"la", "LAD21", "LTLA21"},
    {"sub-icb", "CCG21", "Former CCG"},
    {"pcn", "PCN_Code", "PCN_Name"},
    {"practice", "Practice_Code", "GP_Practice_Name"},
};

int Run(const std::string& what, int argc, char** argv) {
  const std::string verb = "ics budget " + what;
  const bool providers = what == "providers";
  CLI::App app{providers ? "Provider budgets within an ICB from need: each provider's practices' share of the "
                           "ICB's weighted population."
                         : "Place budgets within an ICB from need, as NHS England's place-based allocation tool: "
                           "each place's share of the ICB's weighted population and its need index.",
               verb};
  std::string icb, year, stream = "core", data_dir, by = providers ? "practice" : "la", map_file, unmapped,
                      budget_text, basis = "recurrent", need_year, xlsx_file;
  bool as_json = false, as_csv = false;
  app.add_option("--icb", icb, "the ICB's ODS code, e.g. QJ2")->required();
  app.add_option("--year", year, "financial year of the budget, e.g. 2024/25")->required();
  app.add_option("--stream", stream, "core (default) or pmc");
  app.add_option("--data", data_dir, "directory holding the published CSV tables")->required();
  app.add_option("--by", by, "the practice-file column places are built from (see below)");
  app.add_option("--map", map_file, "CSV mapping places to footprint codes (place,code[,name])");
  app.add_option("--unmapped", unmapped, "with --map: collect practices in no place under this place");
  app.add_option("--budget", budget_text, "the ICB budget to share out, in £k (default: its allocation)");
  app.add_option("--basis", basis, "recurrent (default) or total: which allocation is the budget");
  app.add_option("--need-year", need_year, "year of the practice weighted populations (default --year)");
  auto* json_flag = app.add_flag("--json", as_json, "print JSON");
  auto* csv_flag = app.add_flag("--csv", as_csv, "print CSV, one row per place");
  json_flag->excludes(csv_flag);
  app.add_option("--xlsx", xlsx_file, "also write the table to an Excel workbook FILE");
  app.footer(kFooter);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::cerr << verb << ": " << e.what() << "\n(see " << verb << " --help)\n";
    return kExitBadInput;
  }
  fs::JsonErrors() = as_json;
  auto fail = [&](const Status& s) { return fs::Fail(verb, s); };
  // Errors in the published tables: located with the data directory in front.
  auto fail_data = [&](const Status& s) { return fs::Fail(verb, s, data_dir); };
  if (basis != "recurrent" && basis != "total") {
    return fail(InvalidArgument("\"" + basis + "\" is not recurrent or total", "--basis"));
  }
  if (!unmapped.empty() && map_file.empty()) return fail(InvalidArgument("--unmapped needs --map FILE", "--unmapped"));
  while (data_dir.size() > 1 && data_dir.back() == '/') data_dir.pop_back();

  // The budget: given, or the ICB's allocation.
  fin::Money budget;
  std::string budget_source;
  if (!budget_text.empty()) {
    std::string why;
    std::optional<fin::Money> b = fin::ParseThousands(budget_text, &why);
    if (!b) return fail(InvalidArgument("\"" + budget_text + "\" " + why + " (give £ thousands)", "--budget"));
    if (b->pence() < 0) return fail(InvalidArgument("the budget must not be negative", "--budget"));
    budget = *b;
    budget_source = "--budget";
  } else {
    int exit_code = kExitOk;
    std::optional<fs::LoadedYear> loaded = fs::LoadYear(verb, stream, year, data_dir, "", &exit_code);
    if (!loaded) return exit_code;
    Result<fin::Allocation> allocation = fin::Allocate(loaded->policy.method, loaded->inputs.icbs);
    if (!allocation.ok()) return fail(allocation.status());
    const fin::IcbAllocation* a = nullptr;
    std::vector<std::string> codes;
    for (const fin::IcbAllocation& x : allocation->icbs) {
      codes.push_back(x.code);
      if (x.code == icb) a = &x;
    }
    if (!a) {
      std::string message = "ICB " + icb + " is not in the " + stream + " " + year + " allocations";
      std::string near = ClosestMatch(icb, codes);
      if (!near.empty()) message += "; did you mean " + near + "?";
      return fail(InvalidArgument(message, "--icb"));
    }
    budget = basis == "total" ? a->total_allocation : a->recurrent_allocation;
    budget_source = stream + " " + year + " " + (basis == "total" ? "total" : "recurrent") + " allocation of " +
                    a->code + " " + a->name;
  }

  // The practice file: the stream's practices for the need year.
  if (need_year.empty()) need_year = year;
  Result<std::string_view> policy_text = fin::BuiltinPolicyText(stream, need_year);
  if (!policy_text.ok()) return fail(InvalidArgument(policy_text.status().message(), "--need-year/--stream"));
  Result<fin::AllocationPolicy> policy = fin::ParseAllocationPolicy(*policy_text, stream + " " + need_year);
  if (!policy.ok()) return fail(policy.status());
  if (!policy->practices) {
    return fail(InvalidArgument("no GP-practice weighted populations are published for " + need_year +
                                    "; give --need-year 2024/25 to use the latest",
                                "--need-year"));
  }
  fin::NeedTableSpec spec;
  spec.code_column = policy->practices->code_column;
  spec.icb_column = policy->practices->icb_column;
  spec.population_column = policy->practices->population_column;
  spec.weight_column = policy->practices->weight_column;
  spec.name_column = "GP_Practice_Name";
  spec.area_column = by;
  for (const ByColumn& b : kBy) {
    if (by == b.key) {
      spec.area_column = b.column;
      spec.area_name_column = b.name_column;
    }
  }
  if (spec.area_column == spec.code_column) spec.area_name_column = "GP_Practice_Name";
  spec.component_columns = stream == "pmc"
                               ? std::vector<std::string>{"Primary Medical Care WP", "Health Ineq WP"}
                               : std::vector<std::string>{"G&A WP", "CS WP", "MH WP", "Mat WP", "Health Ineq WP",
                                                          "Prescr WP"};
  const std::string practices_file = policy->practices->file;
  Result<std::string> practices_text = fs::ReadFile(data_dir + "/" + practices_file);
  if (!practices_text.ok()) return fail_data(practices_text.status());
  Result<fin::NeedTable> need = fin::ReadNeedTable(*practices_text, practices_file, spec, icb);
  if (!need.ok()) {
    Status s = need.status();
    if (s.code() == StatusCode::kNotFound) return fail(InvalidArgument(s.message(), "--icb"));
    return fail_data(s);
  }
  Result<fin::PlaceBudgets> budgets = fin::PlaceBudgets{};
  if (map_file.empty()) {
    budgets = fin::BudgetsByArea(*need, budget);
  } else {
    Result<std::string> map_text = fs::ReadFile(map_file);
    if (!map_text.ok()) return fail(map_text.status());
    Result<fin::PlaceMap> map = fin::ParsePlaceMap(*map_text, map_file);
    if (!map.ok()) return fail(map.status());
    budgets = fin::BudgetsByPlaceMap(*need, *map, budget, unmapped);
  }
  if (!budgets.ok()) {
    const Status& s = budgets.status();
    return s.where().rfind(practices_file, 0) == 0 ? fail_data(s) : fail(s);
  }
  const fin::PlaceBudgets& b = *budgets;

  using K = fs::ColumnKind;
  fs::Table t;
  t.sheet = providers ? "Provider budgets" : "Place budgets";
  t.title = std::string(providers ? "Provider" : "Place") + " budgets for " + icb + ", " + year + " (" + stream +
            "), from " + need_year + " need";
  t.columns = {{providers ? "provider_code" : "place_code", K::kText},
               {providers ? "provider_name" : "place_name", K::kText},
               {"practices", K::kInteger},
               {"population", K::kInteger},
               {"weighted_population", K::kInteger},
               {"share", K::kRatio},
               {"need_index", K::kNumber},
               {"budget_k", K::kMoneyK},
               {"per_head", K::kPounds}};
  auto index_name = [](std::string c) {
    std::string out;
    for (char ch : c) {
      if (std::isalnum(static_cast<unsigned char>(ch))) out += static_cast<char>(std::tolower(ch));
      else if (!out.empty() && out.back() != '_') out += '_';
    }
    if (out.size() > 3 && out.substr(out.size() - 3) == "_wp") out.resize(out.size() - 3);
    return out + "_index";
  };
  for (const std::string& c : b.components) t.columns.push_back({index_name(c), K::kNumber});
  for (const fin::PlaceBudget& p : b.places) {
    std::vector<fs::Cell> row = {fs::TextCell(p.id),
                                 fs::TextCell(p.name),
                                 fs::NumberCell(p.practices),
                                 fs::NumberCell(p.population),
                                 fs::NumberCell(p.weighted),
                                 fs::NumberCell(p.share),
                                 fs::NumberCell(p.need_index),
                                 fs::MoneyCell(p.budget),
                                 fs::NumberCell(p.per_head)};
    for (double v : p.component_index) row.push_back(fs::NumberCell(v));
    t.rows.push_back(std::move(row));
  }
  t.notes.push_back("ICB budget: " + b.budget.ToShortThousandsString() + " £k (" + budget_source + ").");
  t.notes.push_back("Need: " + practices_file + ", column \"" + spec.weight_column + "\"; places by \"" +
                    spec.area_column + "\"" + (map_file.empty() ? "" : " grouped by " + map_file) + ".");

  if (as_csv) {
    fs::WriteCsv(t, std::cout);
  } else if (as_json) {
    json places = json::array();
    for (const fin::PlaceBudget& p : b.places) {
      json components = json::object();
      for (size_t c = 0; c < b.components.size(); ++c) components[b.components[c]] = p.component_index[c];
      places.push_back({{"code", p.id},
                        {"name", p.name},
                        {"practices", p.practices},
                        {"population", p.population},
                        {"weighted_population", p.weighted},
                        {"share", p.share},
                        {"need_index", p.need_index},
                        {"component_need_index", components},
                        {"budget_k", p.budget.ToThousands()},
                        {"per_head", p.per_head}});
    }
    json doc = {{"icb", icb},
                {"year", year},
                {"stream", stream},
                {"need_year", need_year},
                {"need_file", practices_file},
                {"weight_column", spec.weight_column},
                {"area_column", spec.area_column},
                {"budget_k", b.budget.ToThousands()},
                {"budget_source", budget_source},
                {"practices", b.practices},
                {"population", b.population},
                {"weighted_population", b.weighted},
                {providers ? "providers" : "places", places}};
    if (!need->missing_components.empty()) doc["components_not_in_file"] = need->missing_components;
    std::cout << doc.dump(2) << "\n";
  } else {
    std::cout << t.title << "\n" << icb << " budget " << fs::Grouped(b.budget) << "k (" << budget_source << ")\n\n";
    int w = 9;
    for (const fin::PlaceBudget& p : b.places) w = std::max(w, static_cast<int>(p.id.size()));
    std::printf("%-*s %-34s %5s %10s %7s %7s %13s %9s\n", w, providers ? "provider" : "place", "name", "prac.",
                "population", "share", "need", "budget £k", "£/head");
    for (const fin::PlaceBudget& p : b.places) {
      std::string name = p.name.size() > 34 ? p.name.substr(0, 33) + "~" : p.name;
      std::printf("%-*s %-34s %5d %10.0f %6.2f%% %7.3f %13s %9.2f\n", w, p.id.c_str(), name.c_str(), p.practices,
                  p.population, p.share * 100, p.need_index, fs::Grouped(p.budget).c_str(), p.per_head);
    }
    std::printf("%-*s %-34s %5d %10.0f %6.2f%% %7.3f %13s %9.2f\n", w, "", "ICB", b.practices, b.population, 100.0,
                1.0, fs::Grouped(b.budget).c_str(), b.budget.ToThousands() * 1000 / b.population);
    std::cout << "\nneed index = (weighted / population) relative to the ICB; budget = ICB budget x share of the "
                 "ICB's weighted population\n";
    for (size_t i = 1; i < t.notes.size(); ++i) std::cout << t.notes[i] << "\n";
    std::cout.flush();
  }
  if (!xlsx_file.empty()) {
    if (Status s = fs::WriteXlsx(xlsx_file, {t}); !s.ok()) return fail(s);
  }
  return std::cout.good() ? kExitOk : kExitCheckFailed;
}

}  // namespace

int RunBudget(int argc, char** argv) {
  if (argc >= 2 && (std::string(argv[1]) == "places" || std::string(argv[1]) == "providers")) {
    std::string what = argv[1];
    std::string name = std::string(argv[0]) + " " + what;
    argv[1] = name.data();
    return Run(what, argc - 1, argv + 1);
  }
  const bool help = argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h");
  (help ? std::cout : std::cerr)
      << "ics budget - budgets within an ICB from need\n\nUsage:\n"
         "  ics budget places --icb CODE --year YYYY/YY --data DIR [--by la|sub-icb|pcn|practice|COLUMN]\n"
         "                    [--map FILE] [--budget K] [--stream core|pmc] [--json|--csv] [--xlsx FILE]\n"
         "  ics budget providers ...   the same, by practice (or --map of providers to practice codes)\n\n"
         "ics budget places --help for every option.\n";
  return help ? kExitOk : kExitBadInput;
}

}  // namespace ics::cli
