// `ics envelope`: an ICB's financial envelope for the year (its core and primary medical
// care allocations, add-ons and running cost allowance, computed from the published
// tables) and, with --ledger, the monthly plans and actuals of the system's organisations:
// each organisation's and the system's financial balance, with findings when the plans or
// the year to date break a rule.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/text.h"
#include "cli/commands.h"
#include "cli/finance_support.h"
#include "finance/allocation.h"
#include "finance/ledger.h"
#include "finance/mhis.h"
#include "finance/published_inputs.h"

namespace ics::cli {
namespace {

namespace fin = ics::finance;
namespace fs = ics::cli::finance_support;
using nlohmann::json;

constexpr const char* kVerb = "ics envelope";

constexpr const char* kFooter = R"(The envelope: the ICB's core recurrent allocation and add-ons, primary medical care
recurrent allocation and add-ons (recomputed from the published tables, as ics allocate),
and its running cost allowance (the published RCA table for the year). --delegated adds the
delegated streams' published allocations: other primary care (pharmacy, optometry and
dental; 2023/24, 2024/25), POD and specialised services (2025/26).

The ledger (--ledger FILE) is CSV, one row per organisation, month, kind and category:
  organisation  ODS code (QJ2, RTG, ...); the row for the ICB uses the --icb code
  month         2025-04 .. 2026-03 (April to March of --year), or "total" for an annual
                total row, which must equal the sum of its twelve months
  kind          income or expenditure
  category      free text; "allocation" (ICB income from its allocations) and
                "running_costs" (ICB running costs) are checked against the envelope
  plan_k        the plan, £ thousands
  actual_k      the actual once reported (empty = not reported yet), optional column
  name          the organisation's name, optional column
Every series (organisation, kind, category) needs all twelve months; actuals are reported
month by month from April. The year to date is the months every organisation has reported.

Findings: ENV-001 (breach) allocation income planned above the envelope; ENV-002 (warning)
below it; ENV-003 (breach) the ICB plans a deficit; BAL-001 (breach) the system plan is in
deficit; BAL-002 (warning) the system's year to date is worse than plan by more than
--tolerance; BAL-003 (warning) an organisation's is; BAL-004 (warning) an organisation
plans a deficit; RCA-001 (breach) planned running costs above the allowance; RCA-002
(warning) year-to-date running costs above the allowance's share.

CSV: the envelope lines (stream, line, amount_k); with --ledger, one row per organisation
and the system: plan_income_k, plan_expenditure_k, plan_surplus_k, months_reported,
ytd_plan_surplus_k, ytd_actual_surplus_k, ytd_variance_k, forecast_surplus_k.

Exit status: 0 no breach; 1 a breach (see the findings); 2 bad input.)";

// Delegated streams whose allocations are published per ICB but not recomputed here.
struct DelegatedSource {
  const char* year;
  const char* stream;
  const char* file;
  const char* name_column;
  const char* column;
};
constexpr DelegatedSource kDelegated[] = {
    {"2023/24", "opc", "other_primary_care_2023_24_2024_25.csv", "Integrated Care Board",
     "2023/24 Recurrent allocation £k"},
    {"2024/25", "opc", "other_primary_care_2023_24_2024_25.csv", "Integrated Care Board",
     "2024/25 Recurrent allocation £k"},
    {"2025/26", "pod", "pod_allocations_2025_26.csv", "Integrated Care Board (ICB)", "2025/26 Total allocation (£k)"},
    {"2025/26", "specialised", "specialised_allocations_2025_26.csv", "Integrated Care Board (ICB)",
     "2025/26 Physical health services + MH resource allocation (£k)"},
};

}  // namespace

int RunEnvelope(int argc, char** argv) {
  CLI::App app{"An ICB's financial envelope and, with a ledger of monthly plans and actuals, the financial "
               "balance of its organisations and the system.",
               kVerb};
  std::string icb, year, data_dir, ledger_file, tolerance_text = "0", xlsx_file;
  bool as_json = false, as_csv = false, delegated = false;
  app.add_option("--icb", icb, "the ICB's ODS code, e.g. QJ2")->required();
  app.add_option("--year", year, "financial year, e.g. 2025/26")->required();
  app.add_option("--data", data_dir, "directory holding the published CSV tables")->required();
  app.add_option("--ledger", ledger_file, "CSV of monthly plans and actuals per organisation (see below)");
  app.add_flag("--delegated", delegated,
               "add the delegated streams as published: pharmacy, optometry and dental (other primary care, "
               "POD) and, for 2025/26, specialised services");
  app.add_option("--tolerance", tolerance_text, "adverse year-to-date variance (£k) tolerated before a warning");
  auto* json_flag = app.add_flag("--json", as_json, "print JSON");
  auto* csv_flag = app.add_flag("--csv", as_csv, "print CSV (findings on standard error)");
  json_flag->excludes(csv_flag);
  app.add_option("--xlsx", xlsx_file, "also write the tables and findings to an Excel workbook FILE");
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
  auto fail_data = [&](const Status& s) { return fs::Fail(kVerb, s, data_dir); };
  fin::BalancePolicy balance;
  {
    std::string why;
    std::optional<fin::Money> t = fin::ParseThousands(tolerance_text, &why);
    if (!t || t->pence() < 0) {
      return fail(InvalidArgument("\"" + tolerance_text + "\" is not an amount ≥ 0 in £k", "--tolerance"));
    }
    balance.variance_tolerance = *t;
  }
  // Read the ledger first: bad input there is reported before the slower allocation work.
  std::optional<fin::Ledger> ledger;
  if (!ledger_file.empty()) {
    Result<std::string> text = fs::ReadFile(ledger_file);
    if (!text.ok()) return fail(text.status());
    Result<fin::Ledger> parsed = fin::ParseLedger(*text, ledger_file, year);
    if (!parsed.ok()) return fail(parsed.status());
    ledger = std::move(parsed).value();
  }

  // The envelope.
  fin::Envelope envelope;
  envelope.icb = icb;
  envelope.year = year;
  for (const char* stream : {"core", "pmc"}) {
    int exit_code = kExitOk;
    std::optional<fs::LoadedYear> loaded = fs::LoadYear(kVerb, stream, year, data_dir, "", &exit_code);
    if (!loaded) return exit_code;
    Result<fin::Allocation> a = fin::Allocate(loaded->policy.method, loaded->inputs.icbs);
    if (!a.ok()) return fail(a.status());
    const fin::IcbAllocation* mine = nullptr;
    std::vector<std::string> codes;
    for (const fin::IcbAllocation& x : a->icbs) {
      codes.push_back(x.code);
      if (x.code == icb) mine = &x;
    }
    if (!mine) {
      std::string message = "ICB " + icb + " is not in the " + year + " allocations";
      std::string near = ClosestMatch(icb, codes);
      if (!near.empty()) message += "; did you mean " + near + "?";
      return fail(InvalidArgument(message, "--icb"));
    }
    envelope.name = mine->name;
    Status s = fin::AddEnvelopeLine(&envelope, {stream, year + " recurrent allocation", mine->recurrent_allocation});
    for (size_t k = 0; s.ok() && k < mine->add_ons.size(); ++k) {
      s = fin::AddEnvelopeLine(&envelope, {stream, loaded->inputs.add_on_labels[k], mine->add_ons[k]});
    }
    if (!s.ok()) return fail(s);
  }
  std::optional<fin::RunningCostAllowance> rca;
  Result<std::optional<fin::io::RunningCostAllowances>> rcas = fin::io::LoadRunningCostAllowances(year, data_dir);
  if (!rcas.ok()) return fail_data(rcas.status());
  if (*rcas) {
    const fin::io::RunningCostAllowances& published = **rcas;
    for (const fin::RunningCostAllowance& x : published.allowances) {
      if (x.icb == icb) rca = x;
    }
    if (!rca)
      return fail(InvalidArgument("ICB " + icb + " has no running cost allowance in " + published.file, "--icb"));
    if (Status s = fin::AddEnvelopeLine(&envelope, {"rca", "running cost allowance (" + published.column + ")",
                                                    rca->allowance});
        !s.ok()) {
      return fail(s);
    }
  }

  if (delegated) {
    bool any = false;
    for (const DelegatedSource& d : kDelegated) {
      if (year != d.year) continue;
      any = true;
      Result<std::string> text = fs::ReadFile(data_dir + "/" + d.file);
      if (!text.ok()) return fail_data(text.status());
      Result<std::vector<fin::IcbAmount>> table = fin::ParseIcbAmounts(*text, d.file, "ICB23", d.name_column, d.column);
      if (!table.ok()) return fail_data(table.status());
      const fin::IcbAmount* mine = nullptr;
      for (const fin::IcbAmount& x : *table) {
        if (x.icb == icb) mine = &x;
      }
      if (!mine) return fail(InvalidArgument("ICB " + icb + " has no row in " + d.file, "--icb"));
      if (Status s = fin::AddEnvelopeLine(&envelope, {d.stream, d.column, mine->amount}); !s.ok()) return fail(s);
    }
    if (!any) return fail(InvalidArgument("no delegated stream tables are known for " + year, "--delegated"));
  }

  using K = fs::ColumnKind;
  fs::Table lines;
  lines.sheet = "Envelope";
  lines.title = "Financial envelope of " + icb + " " + envelope.name + ", " + year;
  lines.columns = {{"stream", K::kText}, {"line", K::kText}, {"amount_k", K::kMoneyK}};
  for (const fin::EnvelopeLine& l : envelope.lines) {
    lines.rows.push_back({fs::TextCell(l.stream), fs::TextCell(l.label), fs::MoneyCell(l.amount)});
  }
  lines.rows.push_back({fs::TextCell("total"), fs::TextCell("envelope"), fs::MoneyCell(envelope.total)});
  if (!rca) lines.notes.push_back("No running cost allowance table is known for " + year + ".");

  std::optional<fin::SystemPosition> position;
  if (ledger) {
    Result<fin::SystemPosition> p = fin::AssessSystem(*ledger, envelope, rca, balance);
    if (!p.ok()) return fail(p.status());
    position = std::move(p).value();
  }
  fs::Table orgs;
  orgs.sheet = "Balance";
  orgs.title = "Financial balance, " + year;
  orgs.columns = {{"organisation", K::kText},          {"name", K::kText},
                  {"plan_income_k", K::kMoneyK},       {"plan_expenditure_k", K::kMoneyK},
                  {"plan_surplus_k", K::kMoneyK},      {"months_reported", K::kInteger},
                  {"ytd_plan_surplus_k", K::kMoneyK},  {"ytd_actual_surplus_k", K::kMoneyK},
                  {"ytd_variance_k", K::kMoneyK},      {"forecast_surplus_k", K::kMoneyK}};
  fs::Table months;
  months.sheet = "Monthly";
  months.title = "System surplus by month, " + year;
  months.columns = {{"month", K::kText}, {"plan_surplus_k", K::kMoneyK}, {"actual_surplus_k", K::kMoneyK}};
  if (position) {
    auto add = [&](const fin::OrganisationPosition& p) {
      orgs.rows.push_back({fs::TextCell(p.organisation), fs::TextCell(p.name), fs::MoneyCell(p.plan_income),
                           fs::MoneyCell(p.plan_expenditure), fs::MoneyCell(p.plan_surplus),
                           fs::NumberCell(p.months_reported), fs::MoneyCell(p.ytd_plan_surplus),
                           fs::MoneyCell(p.ytd_actual_surplus), fs::MoneyCell(p.ytd_variance),
                           fs::MoneyCell(p.forecast_surplus)});
    };
    for (const fin::OrganisationPosition& p : position->organisations) add(p);
    add(position->system);
    orgs.notes.push_back("Year to date: the first " + std::to_string(position->months_reported) +
                         " months, which every organisation has reported; forecast = actuals reported + plan for "
                         "the remaining months.");
    const int first = std::stoi(year.substr(0, 4));
    for (int m = 0; m < 12; ++m) {
      int month = m < 9 ? m + 4 : m - 8;
      char label[16];
      std::snprintf(label, sizeof label, "%04d-%02d", m < 9 ? first : first + 1, month);
      const auto& actual = position->system.actual_surplus_by_month[m];
      months.rows.push_back({fs::TextCell(label), fs::MoneyCell(position->system.plan_surplus_by_month[m]),
                             actual ? fs::MoneyCell(*actual) : fs::EmptyCell()});
    }
  }
  const std::vector<fin::Finding> findings = position ? position->findings : std::vector<fin::Finding>{};

  if (as_csv) {
    fs::WriteCsv(position ? orgs : lines, std::cout);
    if (!findings.empty()) fs::PrintFindings(findings, std::cerr);
  } else if (as_json) {
    json env = json::array();
    for (const fin::EnvelopeLine& l : envelope.lines) {
      env.push_back({{"stream", l.stream}, {"line", l.label}, {"amount_k", l.amount.ToThousands()}});
    }
    json doc = {{"icb", icb},
                {"name", envelope.name},
                {"year", year},
                {"envelope", {{"lines", env}, {"total_k", envelope.total.ToThousands()}}}};
    if (position) {
      auto pos = [](const fin::OrganisationPosition& p) {
        json plan = json::array(), actual = json::array();
        for (int m = 0; m < 12; ++m) {
          plan.push_back(p.plan_surplus_by_month[m].ToThousands());
          actual.push_back(p.actual_surplus_by_month[m] ? json(p.actual_surplus_by_month[m]->ToThousands())
                                                        : json(nullptr));
        }
        return json{{"organisation", p.organisation},
                    {"name", p.name},
                    {"plan_income_k", p.plan_income.ToThousands()},
                    {"plan_expenditure_k", p.plan_expenditure.ToThousands()},
                    {"plan_surplus_k", p.plan_surplus.ToThousands()},
                    {"months_reported", p.months_reported},
                    {"ytd_plan_surplus_k", p.ytd_plan_surplus.ToThousands()},
                    {"ytd_actual_surplus_k", p.ytd_actual_surplus.ToThousands()},
                    {"ytd_variance_k", p.ytd_variance.ToThousands()},
                    {"forecast_surplus_k", p.forecast_surplus.ToThousands()},
                    {"plan_surplus_by_month_k", plan},
                    {"actual_surplus_by_month_k", actual}};
      };
      json list = json::array();
      for (const fin::OrganisationPosition& p : position->organisations) list.push_back(pos(p));
      doc["months_reported"] = position->months_reported;
      doc["organisations"] = list;
      doc["system"] = pos(position->system);
      doc["findings"] = fs::FindingsJson(findings);
      doc["in_balance"] = !fin::AnyBreach(findings);
    }
    std::cout << doc.dump(2) << "\n";
  } else {
    std::cout << lines.title << "\n\n";
    for (const fin::EnvelopeLine& l : envelope.lines) {
      std::printf("  %-11s %-66s %14s\n", l.stream.c_str(), l.label.substr(0, 66).c_str(),
                  fs::Grouped(l.amount).c_str());
    }
    std::printf("  %-11s %-66s %14s\n", "", "envelope (£k)", fs::Grouped(envelope.total).c_str());
    if (position) {
      std::cout << "\nFinancial balance (£k; year to date = " << position->months_reported << " month"
                << (position->months_reported == 1 ? "" : "s") << " reported by every organisation)\n\n";
      std::printf("  %-10s %-30s %13s %13s %11s %11s %11s %11s\n", "org", "name", "plan income", "plan spend",
                  "plan surp.", "YTD actual", "YTD var.", "forecast");
      auto print = [](const fin::OrganisationPosition& p) {
        std::string name = p.name.size() > 30 ? p.name.substr(0, 29) + "~" : p.name;
        std::printf("  %-10s %-30s %13s %13s %11s %11s %11s %11s\n", p.organisation.c_str(), name.c_str(),
                    fs::Grouped(p.plan_income).c_str(), fs::Grouped(p.plan_expenditure).c_str(),
                    fs::Grouped(p.plan_surplus).c_str(), fs::Grouped(p.ytd_actual_surplus).c_str(),
                    fs::Grouped(p.ytd_variance).c_str(), fs::Grouped(p.forecast_surplus).c_str());
      };
      for (const fin::OrganisationPosition& p : position->organisations) print(p);
      print(position->system);
      std::cout.flush();
      if (findings.empty()) {
        std::cout << "\nNo findings: the plans are in balance within the envelope.\n";
      } else {
        fs::PrintFindings(findings, std::cout);
      }
    }
  }
  if (!xlsx_file.empty()) {
    std::vector<fs::Table> sheets = {lines};
    if (position) {
      sheets.push_back(orgs);
      sheets.push_back(months);
      sheets.push_back(fs::FindingsTable(findings));
    }
    if (Status s = fs::WriteXlsx(xlsx_file, sheets); !s.ok()) return fail(s);
  }
  if (!std::cout.good()) return kExitCheckFailed;
  return fin::AnyBreach(findings) ? kExitCheckFailed : kExitOk;
}

}  // namespace ics::cli
