#include "finance/plan_actual.h"

#include <algorithm>
#include <map>

#include "finance/csv.h"
#include "finance/policy.h"

namespace ics::finance {
namespace {

bool Add(Money* total, Money x) {
  int64_t sum = 0;
  if (__builtin_add_overflow(total->pence(), x.pence(), &sum)) return false;
  *total = Money::FromPence(sum);
  return true;
}

int FirstYear(std::string_view year) {
  Result<std::string> key = YearKey(year);
  return key.ok() ? std::stoi(key->substr(0, 4)) : 0;
}

}  // namespace

std::string LedgerMonth(std::string_view year, int index) {
  const int first = FirstYear(year);
  const int m = index < 9 ? index + 4 : index - 8;
  const int y = index < 9 ? first : first + 1;
  return std::to_string(y) + "-" + (m < 10 ? "0" : "") + std::to_string(m);
}

std::vector<Status> LedgerErrors(std::string_view text, const std::string& source, std::string_view year,
                                 size_t max_errors) {
  std::vector<Status> errors;
  if (Result<std::string> key = YearKey(year); !key.ok()) return {InvalidArgument(key.status().message(), "year")};
  Result<CsvTable> table = CsvTable::Parse(text, source);
  if (!table.ok()) return {table.status()};
  const CsvTable& t = *table;
  std::vector<size_t> columns;
  for (const char* name : {"organisation", "month", "kind", "category", "plan_k"}) {
    Result<size_t> c = t.Column(name);
    if (!c.ok()) return {c.status()};
    columns.push_back(*c);
  }
  std::optional<size_t> actual_col;
  if (Result<size_t> c = t.Column("actual_k"); c.ok()) actual_col = *c;
  std::vector<std::string> months;
  for (int m = 0; m < 12; ++m) months.push_back(LedgerMonth(year, m));
  auto add = [&](const Status& s) {
    if (!s.ok() && errors.size() < max_errors) errors.push_back(s);
  };
  for (size_t r = 0; r < t.size() && errors.size() < max_errors; ++r) {
    add(t.TextCell(r, columns[0]).status());
    Result<std::string> month = t.TextCell(r, columns[1]);
    add(month.status());
    if (month.ok() && *month != "total" && std::find(months.begin(), months.end(), *month) == months.end()) {
      add(InvalidArgument("column \"month\": \"" + *month + "\" is not a month of " + std::string(year) + " (" +
                              months.front() + " to " + months.back() + ", or \"total\")",
                          t.Where(r)));
    }
    Result<std::string> kind = t.TextCell(r, columns[2]);
    add(kind.status());
    if (kind.ok() && *kind != "income" && *kind != "expenditure")
      add(InvalidArgument("column \"kind\": \"" + *kind + "\" is not income or expenditure", t.Where(r)));
    add(t.TextCell(r, columns[3]).status());
    add(t.MoneyCell(r, columns[4], false).status());
    if (actual_col && !t.cell(r, *actual_col).empty()) add(t.MoneyCell(r, *actual_col, false).status());
  }
  if (!errors.empty()) return errors;
  Result<Ledger> ledger = ParseLedger(text, source, year);
  if (!ledger.ok()) return {ledger.status()};
  return {};
}

Result<OrganisationPlanActual> PlanActualFor(const Ledger& ledger, std::string_view organisation) {
  OrganisationPlanActual out;
  out.year = ledger.year;
  out.organisation = std::string(organisation);
  std::array<bool, 12> complete{};
  complete.fill(true);
  std::array<Money, 12> actual_income{}, actual_expenditure{};
  std::map<std::pair<std::string, std::string>, size_t> index;
  bool any = false;
  auto overflow = [](const std::string& where) {
    return InvalidArgument("the amounts add up to more than the range of amounts", where);
  };
  for (const LedgerLine& line : ledger.lines) {
    if (line.organisation != organisation) continue;
    any = true;
    if (out.name.empty()) out.name = line.name;
    auto [it, inserted] = index.emplace(std::pair{line.kind, line.category}, out.categories.size());
    if (inserted) {
      CategoryPlanActual category;
      category.kind = line.kind;
      category.category = line.category;
      out.categories.push_back(std::move(category));
    }
    CategoryPlanActual& c = out.categories[it->second];
    c.plan[line.month] = line.plan;
    c.actual[line.month] = line.actual;
    const bool income = line.kind == "income";
    MonthPlanActual& m = out.months[line.month];
    bool ok = Add(income ? &m.plan_income : &m.plan_expenditure, line.plan) &&
              Add(income ? &out.plan_income : &out.plan_expenditure, line.plan) && Add(&c.plan_total, line.plan);
    if (line.actual) {
      ok = ok && Add(&(income ? actual_income : actual_expenditure)[line.month], *line.actual);
    } else {
      complete[line.month] = false;
    }
    if (!ok) return overflow(line.where);
  }
  if (!any) {
    return NotFound("the " + ledger.year + " ledger has no lines for organisation " + std::string(organisation),
                    std::string(organisation));
  }
  while (out.months_reported < 12 && complete[out.months_reported]) ++out.months_reported;
  for (int m = 0; m < 12; ++m) {
    MonthPlanActual& month = out.months[m];
    const bool reported = m < out.months_reported;
    if (reported) {
      month.actual_income = actual_income[m];
      month.actual_expenditure = actual_expenditure[m];
    }
    bool ok = Add(&out.forecast_expenditure, reported ? actual_expenditure[m] : month.plan_expenditure);
    if (reported) {
      ok = ok && Add(&out.ytd_plan_expenditure, month.plan_expenditure) &&
           Add(&out.ytd_actual_expenditure, actual_expenditure[m]);
      for (CategoryPlanActual& c : out.categories) {
        ok = ok && Add(&c.ytd_plan, c.plan[m]) && Add(&c.ytd_actual, c.actual[m].value_or(Money()));
      }
    }
    if (!ok) return overflow(ledger.source);
  }
  out.ytd_expenditure_variance = out.ytd_plan_expenditure - out.ytd_actual_expenditure;
  return out;
}

Result<MhisSpend> MhisSpendFromLedgers(const Ledger& current, const Ledger& previous, std::string_view icb) {
  // Outturn of the ICB's mental health series: actuals where reported, plan elsewhere.
  auto outturn = [&](const Ledger& ledger, std::string* where) -> Result<Money> {
    Money total;
    bool any = false;
    for (const LedgerLine& line : ledger.lines) {
      if (line.organisation != icb || line.kind != "expenditure" || line.category != kMentalHealthCategory) continue;
      if (!any && where) *where = line.where;
      any = true;
      if (!Add(&total, line.actual.value_or(line.plan))) {
        return InvalidArgument("the amounts add up to more than the range of amounts", line.where);
      }
    }
    if (!any) {
      return NotFound("the " + ledger.year + " ledger has no expenditure line of category \"" +
                          std::string(kMentalHealthCategory) + "\" for the ICB " + std::string(icb) +
                          ": add the ICB's mental health spend (MHIS categories) under that category",
                      ledger.source);
    }
    return total;
  };
  MhisSpend out;
  out.icb = std::string(icb);
  ICS_ASSIGN_OR_RETURN(out.spend, outturn(current, &out.where));
  ICS_ASSIGN_OR_RETURN(out.previous_spend, outturn(previous, nullptr));
  return out;
}

}  // namespace ics::finance
