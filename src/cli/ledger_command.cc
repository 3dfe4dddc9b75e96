// `ics ledger import|show|list`: a year's monthly plans and actuals per organisation in the
// database that `ics serve` uses - imported from CSV (checked first: every located error is
// printed and nothing is stored when any line is bad), shown as each organisation's plan and
// actual to date, and the imports listed with their history.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "api/finance_plan_routes.h"
#include "cli/commands.h"
#include "cli/store_verb.h"
#include "finance/io/load.h"
#include "finance/ledger.h"
#include "finance/money.h"
#include "finance/plan_actual.h"
#include "finance/policy.h"
#include "render/json.h"
#include "store/financial_plans.h"
#include "store/store.h"

namespace ics::cli {

namespace {

namespace fin = ics::finance;
using ordered_json = nlohmann::ordered_json;

std::string CliActor() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user && *user ? user : "unknown");
}

ordered_json ImportJson(const store::LedgerImport& i) {
  return {{"id", i.id},           {"year", i.year},
          {"file_name", i.file_name}, {"sha256", i.sha256},
          {"bytes", i.bytes},     {"rows", i.rows},
          {"imported_by", i.imported_by}, {"imported_at", i.imported_at},
          {"current", i.current}};
}

// £k with thousands separators, no decimals: "1,234,567", "-5,250".
std::string Thousands(fin::Money m) {
  const int64_t pounds_k = m.RoundedToThousands(1).pence() / fin::Money::kPencePerThousand;
  std::string digits = std::to_string(pounds_k < 0 ? -pounds_k : pounds_k);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (pounds_k < 0 ? "-" : "") + out;
}

constexpr const char* kFooter = R"(The ledger CSV (as ics envelope --ledger reads it): one row per organisation, month, kind and
category, with columns organisation, month (2025-04 .. 2026-03 for --year 2025/26, or "total"
for an annual total that must equal its months), kind (income | expenditure), category,
plan_k (£ thousands), and optionally actual_k (empty = not reported yet) and name. The category
"allocation" is ICB income from its allocations, "running_costs" the ICB's running costs and
"mental_health" its MHIS spend. A new import for a year replaces that year's ledger; earlier
imports stay listed.

Exit status: 0 done; 2 bad input (every located error is printed; nothing is stored).)";

}  // namespace

int RunLedger(int argc, char** argv) {
  CLI::App app{"Monthly plans and actuals per organisation, stored for `ics serve` (the finance plan routes and "
               "pages). Every import is recorded in the audit trail.",
               "ics ledger"};
  std::string db_url(store::kDefaultStoreUrl);
  bool json = false;
  std::string file, year;
  app.require_subcommand(1);
  app.fallthrough();  // --db and --json may follow the subcommand
  app.add_option("--db", db_url, "the database: sqlite:PATH or postgresql://USER@HOST/DB (default sqlite:ics.db)");
  app.add_flag("--json", json, "write JSON");
  app.footer(kFooter);
  CLI::App* import = app.add_subcommand("import", "Check a year's ledger CSV and store it as the year's ledger.");
  import->add_option("file", file, "the ledger CSV")->required();
  import->add_option("--year", year, "financial year, e.g. 2025/26")->required();
  CLI::App* show = app.add_subcommand("show", "The year's ledger: each organisation's plan and actual to date.");
  show->add_option("--year", year, "financial year, e.g. 2025/26")->required();
  CLI::App* list = app.add_subcommand("list", "The imports, newest first (all years, or --year).");
  list->add_option("--year", year, "only this financial year");
  if (std::optional<int> exit = ParseCommandLine(app, argc, argv)) return *exit;
  auto fail_all = [&](const std::vector<Status>& errors) {
    if (json) {
      ordered_json list_of = ordered_json::array();
      for (const Status& s : errors)
        list_of.push_back({{"code", StatusCodeName(s.code())}, {"message", s.message()}, {"where", s.where()}});
      ordered_json j = ordered_json::parse(render::ErrorJson(errors.front(), 2));
      j["errors"] = list_of;
      std::cout << j.dump(2, ' ', false, ordered_json::error_handler_t::replace) << "\n";
    } else {
      for (const Status& s : errors) std::cerr << "ics ledger: " << s.ToString() << "\n";
      if (errors.size() > 1) std::cerr << "ics ledger: " << errors.size() << " errors; nothing was stored\n";
    }
    return kExitBadInput;
  };
  auto fail = [&](const Status& status) { return fail_all({status}); };
  if (!year.empty() && !fin::YearKey(year).ok())
    return fail(InvalidArgument("\"" + year + "\" is not a financial year such as 2025/26", "--year"));

  // Check the file before opening (or creating) the database.
  std::string text;
  if (import->parsed()) {
    Result<std::string> read = fin::io::ReadFile(file);
    if (!read.ok()) return fail(read.status());
    text = std::move(read).value();
    std::vector<Status> errors = fin::LedgerErrors(text, file, year);
    if (!errors.empty()) return fail_all(errors);
  }
  // Only an import may create the database.
  Result<std::unique_ptr<store::Store>> opened = OpenStoreForVerb(db_url, import->parsed());
  if (!opened.ok()) return fail(opened.status());
  std::unique_ptr<store::Store> db = std::move(*opened);
  auto print = [](const ordered_json& j) {
    std::cout << j.dump(2, ' ', false, ordered_json::error_handler_t::replace) << "\n";
  };

  if (import->parsed()) {
    Result<fin::Ledger> ledger = fin::ParseLedger(text, file, year);
    if (!ledger.ok()) return fail(ledger.status());
    const std::string name = file.substr(file.find_last_of('/') + 1);
    Result<store::LedgerImport> stored =
        db->financial_plans().ImportLedger(api::LedgerForStore(*ledger, name, text), CliActor());
    if (!stored.ok()) return fail(stored.status());
    if (json) {
      print({{"import", ImportJson(*stored)}});
    } else {
      std::cout << "Imported " << name << " as the " << year << " ledger (import " << stored->id << ", "
                << stored->rows << " monthly lines, sha256 " << stored->sha256.substr(0, 12) << ")\n";
    }
    return kExitOk;
  }
  if (list->parsed()) {
    Result<std::vector<store::LedgerImport>> imports = db->financial_plans().ListImports(year);
    if (!imports.ok()) return fail(imports.status());
    if (json) {
      ordered_json all = ordered_json::array();
      for (const auto& i : *imports) all.push_back(ImportJson(i));
      print({{"imports", all}});
    } else {
      for (const auto& i : *imports)
        std::cout << i.id << "  " << i.year << "  " << i.imported_at << "  " << i.imported_by << "  " << i.file_name
                  << "  " << i.rows << " lines" << (i.current ? "  (current)" : "") << "\n";
      if (imports->empty()) std::cout << "No ledger imports in " << db->url() << "\n";
    }
    return kExitOk;
  }
  // show
  Result<std::optional<store::StoredLedger>> stored = db->financial_plans().CurrentLedger(year);
  if (!stored.ok()) return fail(stored.status());
  if (!*stored) {
    return fail(NotFound("no ledger has been imported for " + year + " (ics ledger import FILE --year " + year + ")",
                         "--year"));
  }
  const fin::Ledger ledger = api::LedgerFromStore(**stored);
  std::vector<std::string> organisations;
  for (const fin::LedgerLine& l : ledger.lines)
    if (std::find(organisations.begin(), organisations.end(), l.organisation) == organisations.end())
      organisations.push_back(l.organisation);
  ordered_json rows = ordered_json::array();
  if (!json) {
    std::cout << "Ledger " << year << ": import " << (*stored)->import.id << " (" << (*stored)->import.file_name
              << ", " << (*stored)->import.imported_at << ", " << (*stored)->import.imported_by << ")\n\n";
    std::printf("  %-8s %-36s %6s %14s %14s %14s %14s %14s\n", "org", "name", "months", "plan income",
                "plan spend", "YTD plan", "YTD actual", "forecast");
  }
  for (const std::string& org : organisations) {
    Result<fin::OrganisationPlanActual> r = fin::PlanActualFor(ledger, org);
    if (!r.ok()) return fail(r.status());
    if (json) {
      rows.push_back({{"organisation", r->organisation},
                      {"name", r->name},
                      {"months_reported", r->months_reported},
                      {"plan_income_k", r->plan_income.ToThousands()},
                      {"plan_expenditure_k", r->plan_expenditure.ToThousands()},
                      {"ytd_plan_expenditure_k", r->ytd_plan_expenditure.ToThousands()},
                      {"ytd_actual_expenditure_k", r->ytd_actual_expenditure.ToThousands()},
                      {"ytd_expenditure_variance_k", r->ytd_expenditure_variance.ToThousands()},
                      {"forecast_expenditure_k", r->forecast_expenditure.ToThousands()}});
    } else {
      std::printf("  %-8s %-36.36s %6d %14s %14s %14s %14s %14s\n", r->organisation.c_str(), r->name.c_str(),
                  r->months_reported, Thousands(r->plan_income).c_str(), Thousands(r->plan_expenditure).c_str(),
                  Thousands(r->ytd_plan_expenditure).c_str(), Thousands(r->ytd_actual_expenditure).c_str(),
                  Thousands(r->forecast_expenditure).c_str());
    }
  }
  if (json) {
    print({{"year", year}, {"import", ImportJson((*stored)->import)}, {"organisations", rows}});
  } else {
    std::cout << "\n(£k; YTD = the months each organisation has reported; forecast = actual to date + plan for the "
                 "rest)\n";
  }
  return kExitOk;
}

}  // namespace ics::cli
