// `ics mhis`: the Mental Health Investment Standard for each ICB in a spend file: mental
// health spend must grow by at least the ICB's core programme base growth (before
// convergence), taken from the year's allocation computed from the published tables.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/finance_support.h"
#include "finance/allocation.h"
#include "finance/mhis.h"

namespace ics::cli {
namespace {

namespace fin = ics::finance;
namespace fs = ics::cli::finance_support;
using nlohmann::json;

constexpr const char* kVerb = "ics mhis";

constexpr const char* kFooter = R"(The spend file is CSV with one row per ICB (£ thousands, MHIS categories only: no SDF or
spending-review funding, COVID-19 costs, learning disability and autism, or ADHD):
  icb               the ICB's ODS code, e.g. QJ2
  previous_spend_k  mental health spend of the previous year (outturn)
  spend_k           mental health spend of --year (plan or outturn)

For each ICB (CSV and JSON; money in £ thousands, ratios as fractions):
  base_growth          g of the core allocation for --year, before convergence (with
                       --growth core+pmc: of core and primary medical care together)
  minimum_k            previous_spend_k x (1 + g), to the penny
  headroom_k           spend_k - minimum_k (negative: a shortfall, rule MHIS-001)
  spend_growth         spend_k / previous_spend_k - 1
  share_of_allocation  spend_k / the core recurrent allocation
  compliant            true when spend_k >= minimum_k

Exit status: 0 every ICB meets the standard; 1 at least one does not (each breach is a
finding with its shortfall and fix); 2 bad input (file, line and column named).)";

}  // namespace

int RunMhis(int argc, char** argv) {
  CLI::App app{"Mental Health Investment Standard: each ICB's mental health spend must grow by at least its "
               "core programme allocation's base growth, before convergence.",
               kVerb};
  std::string year, data_dir, spend_file, xlsx_file, growth_basis = "core";
  bool as_json = false, as_csv = false;
  app.add_option("--year", year, "financial year of the spend, e.g. 2025/26")->required();
  app.add_option("--data", data_dir, "directory holding the published CSV tables")->required();
  app.add_option("--spend", spend_file, "CSV of mental health spend per ICB (see below)")->required();
  app.add_option("--growth", growth_basis,
                 "core (default): the core allocation's base growth; core+pmc: core and primary medical care "
                 "together (whether the standard includes PMC is unconfirmed)");
  auto* json_flag = app.add_flag("--json", as_json, "print JSON");
  auto* csv_flag = app.add_flag("--csv", as_csv, "print CSV, one row per ICB (findings on standard error)");
  json_flag->excludes(csv_flag);
  app.add_option("--xlsx", xlsx_file, "also write the table and findings to an Excel workbook FILE");
  app.footer(kFooter);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::cerr << kVerb << ": " << e.what() << "\n(see " << kVerb << " --help)\n";
    return kExitBadInput;
  }
  fs::JsonErrors() = as_json;
  while (data_dir.size() > 1 && data_dir.back() == '/') data_dir.pop_back();
  auto fail = [&](const Status& s) { return fs::Fail(kVerb, s); };
  // Errors in the published tables: located with the data directory in front.

  if (growth_basis != "core" && growth_basis != "core+pmc") {
    return fail(InvalidArgument("\"" + growth_basis + "\" is not core or core+pmc", "--growth"));
  }
  Result<std::string> spend_text = fs::ReadFile(spend_file);
  if (!spend_text.ok()) return fail(spend_text.status());
  Result<std::vector<fin::MhisSpend>> spend = fin::ParseMhisSpend(*spend_text, spend_file);
  if (!spend.ok()) return fail(spend.status());
  int exit_code = kExitOk;
  std::optional<fs::LoadedYear> loaded = fs::LoadYear(kVerb, "core", year, data_dir, "", &exit_code);
  if (!loaded) return exit_code;
  Result<fin::Allocation> core = fin::Allocate(loaded->policy.method, loaded->inputs.icbs);
  if (!core.ok()) return fail(core.status());
  std::optional<fin::Allocation> pmc;
  if (growth_basis == "core+pmc") {
    std::optional<fs::LoadedYear> pmc_year = fs::LoadYear(kVerb, "pmc", year, data_dir, "", &exit_code);
    if (!pmc_year) return exit_code;
    Result<fin::Allocation> a = fin::Allocate(pmc_year->policy.method, pmc_year->inputs.icbs);
    if (!a.ok()) return fail(a.status());
    pmc = std::move(a).value();
  }
  std::vector<fin::Finding> findings;
  Result<std::vector<fin::MhisResult>> results =
      fin::CheckMhis(*spend, *core, year, &findings, pmc ? &*pmc : nullptr);
  if (!results.ok()) return fail(results.status());

  using K = fs::ColumnKind;
  fs::Table t;
  t.sheet = "MHIS";
  t.title = "Mental Health Investment Standard " + year;
  t.columns = {{"icb_code", K::kText},          {"icb_name", K::kText},       {"base_growth", K::kRatio},
               {"previous_spend_k", K::kMoneyK}, {"minimum_k", K::kMoneyK},    {"spend_k", K::kMoneyK},
               {"headroom_k", K::kMoneyK},       {"spend_growth", K::kRatio},  {"share_of_allocation", K::kRatio},
               {"compliant", K::kText}};
  for (const fin::MhisResult& r : *results) {
    t.rows.push_back({fs::TextCell(r.icb), fs::TextCell(r.name), fs::NumberCell(r.base_growth),
                      fs::MoneyCell(r.previous_spend), fs::MoneyCell(r.minimum), fs::MoneyCell(r.spend),
                      fs::MoneyCell(r.headroom), fs::NumberCell(r.spend_growth),
                      fs::NumberCell(r.share_of_allocation), fs::TextCell(r.compliant ? "true" : "false")});
  }
  t.notes.push_back("Base growth: the " + std::string(pmc ? "core and primary medical care allocations'" :
                                                                 "core allocation's") +
                    " base growth for " + year + " (before convergence), computed from the published tables.");

  if (as_csv) {
    fs::WriteCsv(t, std::cout);
    if (!findings.empty()) fs::PrintFindings(findings, std::cerr);
  } else if (as_json) {
    json icbs = json::array();
    for (const fin::MhisResult& r : *results) {
      icbs.push_back({{"icb_code", r.icb},
                      {"icb_name", r.name},
                      {"base_growth", r.base_growth},
                      {"previous_spend_k", r.previous_spend.ToThousands()},
                      {"minimum_k", r.minimum.ToThousands()},
                      {"spend_k", r.spend.ToThousands()},
                      {"headroom_k", r.headroom.ToThousands()},
                      {"spend_growth", r.spend_growth},
                      {"share_of_allocation", r.share_of_allocation},
                      {"compliant", r.compliant}});
    }
    json doc = {{"year", year},
                {"growth_basis", growth_basis},
                {"rule", "mental health spend growth >= " + growth_basis + " base growth before convergence"},
                {"compliant", !fin::AnyBreach(findings)},
                {"icbs", icbs},
                {"findings", fs::FindingsJson(findings)}};
    std::cout << doc.dump(2) << "\n";
  } else {
    std::cout << t.title << ": mental health spend growth at least the ICB's base growth\n\n";
    std::printf("%-5s %-36s %7s %13s %13s %13s %12s %7s  %s\n", "ICB", "name", "growth", "previous £k", "minimum £k",
                "spend £k", "headroom £k", "grew", "");
    for (const fin::MhisResult& r : *results) {
      std::string name = r.name.size() > 36 ? r.name.substr(0, 35) + "~" : r.name;
      std::printf("%-5s %-36s %7s %13s %13s %13s %12s %7s  %s\n", r.icb.c_str(), name.c_str(),
                  fs::Percent(r.base_growth).c_str(), fs::Grouped(r.previous_spend).c_str(),
                  fs::Grouped(r.minimum).c_str(), fs::Grouped(r.spend).c_str(), fs::Grouped(r.headroom).c_str(),
                  fs::Percent(r.spend_growth).c_str(), r.compliant ? "meets" : "BREACH");
    }
    std::cout.flush();
    if (!findings.empty()) {
      fs::PrintFindings(findings, std::cout);
    } else {
      std::cout << "\nEvery ICB meets the standard.\n";
    }
  }
  if (!xlsx_file.empty()) {
    if (Status s = fs::WriteXlsx(xlsx_file, {t, fs::FindingsTable(findings)}); !s.ok()) return fail(s);
  }
  if (!std::cout.good()) return kExitCheckFailed;
  return fin::AnyBreach(findings) ? kExitCheckFailed : kExitOk;
}

}  // namespace ics::cli
