#include "finance/ledger.h"

#include <map>
#include <tuple>

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

Status Overflow(const std::string& where) {
  return InvalidArgument("the amounts add up to more than the range of amounts", where);
}

const char* kMonthNames[] = {"April", "May", "June", "July", "August", "September",
                             "October", "November", "December", "January", "February", "March"};

// "2025-04" -> 0 for 2025/26; nullopt if not a month of the year.
std::optional<int> MonthIndex(std::string_view text, int first_year) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int y = 0, m = 0;
  for (int i = 0; i < 4; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    y = y * 10 + (text[i] - '0');
  }
  for (int i = 5; i < 7; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    m = m * 10 + (text[i] - '0');
  }
  if (m < 1 || m > 12) return std::nullopt;
  if (y == first_year && m >= 4) return m - 4;
  if (y == first_year + 1 && m <= 3) return m + 8;
  return std::nullopt;
}

std::string MonthText(int index, int first_year) {
  int m = index < 9 ? index + 4 : index - 8;
  int y = index < 9 ? first_year : first_year + 1;
  return std::to_string(y) + "-" + (m < 10 ? "0" : "") + std::to_string(m);
}

}  // namespace

Status AddEnvelopeLine(Envelope* envelope, EnvelopeLine line) {
  if (!Add(&envelope->total, line.amount)) return Overflow(line.label);
  envelope->lines.push_back(std::move(line));
  return Status::Ok();
}

Result<Ledger> ParseLedger(std::string_view text, std::string source, std::string_view year) {
  ICS_ASSIGN_OR_RETURN(std::string key, YearKey(year));
  const int first_year = std::stoi(key.substr(0, 4));
  ICS_ASSIGN_OR_RETURN(CsvTable t, CsvTable::Parse(text, source));
  ICS_ASSIGN_OR_RETURN(size_t org_col, t.Column("organisation"));
  ICS_ASSIGN_OR_RETURN(size_t month_col, t.Column("month"));
  ICS_ASSIGN_OR_RETURN(size_t kind_col, t.Column("kind"));
  ICS_ASSIGN_OR_RETURN(size_t category_col, t.Column("category"));
  ICS_ASSIGN_OR_RETURN(size_t plan_col, t.Column("plan_k"));
  std::optional<size_t> actual_col, name_col;
  if (t.Column("actual_k").ok()) actual_col = *t.Column("actual_k");
  if (t.Column("name").ok()) name_col = *t.Column("name");

  Ledger out;
  out.year = std::string(year);
  out.source = source;
  using Series = std::tuple<std::string, std::string, std::string>;  // organisation, kind, category
  struct SeriesRows {
    std::array<std::optional<size_t>, 12> month_line{};  // index into out.lines
    std::optional<size_t> total_row;
    size_t first_row = 0;
  };
  std::map<Series, SeriesRows> series;
  std::vector<Series> order;
  struct TotalRow {
    Money plan;
    std::optional<Money> actual;
  };
  std::map<size_t, TotalRow> totals;  // CSV row -> its figures
  for (size_t r = 0; r < t.size(); ++r) {
    LedgerLine line;
    line.where = t.Where(r);
    ICS_ASSIGN_OR_RETURN(line.organisation, t.TextCell(r, org_col));
    ICS_ASSIGN_OR_RETURN(std::string month, t.TextCell(r, month_col));
    ICS_ASSIGN_OR_RETURN(line.kind, t.TextCell(r, kind_col));
    if (line.kind != "income" && line.kind != "expenditure") {
      return InvalidArgument("column \"kind\": \"" + line.kind + "\" is not income or expenditure", line.where);
    }
    ICS_ASSIGN_OR_RETURN(line.category, t.TextCell(r, category_col));
    if (name_col) line.name = t.cell(r, *name_col);
    ICS_ASSIGN_OR_RETURN(line.plan, t.MoneyCell(r, plan_col, false));
    if (actual_col && !t.cell(r, *actual_col).empty()) {
      ICS_ASSIGN_OR_RETURN(Money actual, t.MoneyCell(r, *actual_col, false));
      line.actual = actual;
    }
    Series s{line.organisation, line.kind, line.category};
    auto [it, inserted] = series.emplace(s, SeriesRows{});
    if (inserted) {
      it->second.first_row = r;
      order.push_back(s);
    }
    SeriesRows& rows = it->second;
    const std::string what = line.organisation + " " + line.kind + " \"" + line.category + "\"";
    if (month == "total") {
      if (rows.total_row) {
        return InvalidArgument(what + " has two total rows (first at " + t.Where(*rows.total_row) + ")", line.where);
      }
      rows.total_row = r;
      totals[r] = {line.plan, line.actual};
      continue;
    }
    std::optional<int> m = MonthIndex(month, first_year);
    if (!m) {
      return InvalidArgument("column \"month\": \"" + month + "\" is not a month of " + std::string(year) + " (" +
                                 MonthText(0, first_year) + " to " + MonthText(11, first_year) + ", or \"total\")",
                             line.where);
    }
    line.month = *m;
    if (rows.month_line[*m]) {
      return InvalidArgument(what + " has two rows for " + month + " (first at " +
                                 out.lines[*rows.month_line[*m]].where + ")",
                             line.where);
    }
    rows.month_line[*m] = out.lines.size();
    out.lines.push_back(std::move(line));
  }
  if (out.lines.empty()) return InvalidArgument("the ledger has no monthly rows", source);

  for (const Series& s : order) {
    const SeriesRows& rows = series[s];
    const std::string what = std::get<0>(s) + " " + std::get<1>(s) + " \"" + std::get<2>(s) + "\"";
    for (int m = 0; m < 12; ++m) {
      if (!rows.month_line[m]) {
        return InvalidArgument(what + " has no row for " + MonthText(m, first_year) + " (" + kMonthNames[m] +
                                   "); every series needs all twelve months (a missing month is an error, not a "
                                   "zero)",
                               t.Where(rows.first_row));
      }
    }
    Money plan_sum, actual_sum;
    bool gap = false;
    for (int m = 0; m < 12; ++m) {
      const LedgerLine& line = out.lines[*rows.month_line[m]];
      if (!Add(&plan_sum, line.plan)) return Overflow(line.where);
      if (line.actual) {
        if (gap) {
          return InvalidArgument(what + " has an actual for " + MonthText(m, first_year) +
                                     " but not for an earlier month; report actuals month by month from April",
                                 line.where);
        }
        if (!Add(&actual_sum, *line.actual)) return Overflow(line.where);
      } else {
        gap = true;
      }
    }
    if (rows.total_row) {
      const TotalRow& total = totals[*rows.total_row];
      const std::string where = t.Where(*rows.total_row);
      // The sheets' £k carry sub-penny fractions: tolerate ½p per month.
      auto differs = [](Money a, Money b) {
        int64_t d = 0;
        return __builtin_sub_overflow(a.pence(), b.pence(), &d) || d > 6 || d < -6;
      };
      if (differs(total.plan, plan_sum)) {
        return InvalidArgument("column \"plan_k\": the total " + total.plan.ToShortThousandsString() + " of " + what +
                                   " does not equal the sum of its months (" + plan_sum.ToShortThousandsString() +
                                   "; £k)",
                               where);
      }
      if (total.actual && differs(*total.actual, actual_sum)) {
        return InvalidArgument("column \"actual_k\": the total " + total.actual->ToShortThousandsString() + " of " +
                                   what + " does not equal the sum of the months reported (" +
                                   actual_sum.ToShortThousandsString() + "; £k)",
                               where);
      }
    }
  }
  return out;
}

Result<SystemPosition> AssessSystem(const Ledger& ledger, const Envelope& envelope,
                                    const std::optional<RunningCostAllowance>& rca, const BalancePolicy& policy) {
  if (!envelope.year.empty() && envelope.year != ledger.year) {
    return InvalidArgument("the ledger is for " + ledger.year + " but the envelope for " + envelope.year,
                           ledger.source);
  }
  SystemPosition out;
  out.year = ledger.year;
  out.icb = envelope.icb;
  out.envelope = envelope;
  std::map<std::string, size_t, std::less<>> index;
  // Per organisation and month: whether every line has an actual.
  std::vector<std::array<bool, 12>> complete;
  std::vector<std::array<Money, 12>> plan_income, plan_expenditure, actual_income, actual_expenditure;
  std::vector<std::array<Money, 12>> running_actual;
  for (const LedgerLine& line : ledger.lines) {
    auto [it, inserted] = index.emplace(line.organisation, out.organisations.size());
    if (inserted) {
      OrganisationPosition p;
      p.organisation = line.organisation;
      p.name = line.name;
      out.organisations.push_back(std::move(p));
      complete.push_back({});
      complete.back().fill(true);
      plan_income.push_back({});
      plan_expenditure.push_back({});
      actual_income.push_back({});
      actual_expenditure.push_back({});
      running_actual.push_back({});
    }
    const size_t o = it->second;
    OrganisationPosition& p = out.organisations[o];
    if (p.name.empty()) p.name = line.name;
    const bool income = line.kind == "income";
    bool ok = Add(&(income ? plan_income : plan_expenditure)[o][line.month], line.plan);
    if (line.actual) {
      ok = ok && Add(&(income ? actual_income : actual_expenditure)[o][line.month], *line.actual);
    } else {
      complete[o][line.month] = false;
    }
    if (income && line.category == kAllocationCategory) ok = ok && Add(&p.planned_allocation_income, line.plan);
    if (!income && line.category == kRunningCostsCategory) {
      ok = ok && Add(&p.planned_running_costs, line.plan);
      if (line.actual) ok = ok && Add(&running_actual[o][line.month], *line.actual);
    }
    if (!ok) return Overflow(line.where);
  }

  // Months reported: the leading months complete for the organisation; the system's is the
  // fewest of any organisation.
  out.months_reported = 12;
  for (size_t o = 0; o < out.organisations.size(); ++o) {
    int m = 0;
    while (m < 12 && complete[o][m]) ++m;
    out.organisations[o].months_reported = m;
    out.months_reported = std::min(out.months_reported, m);
  }
  OrganisationPosition& sys = out.system;
  sys.organisation = "system";
  sys.name = envelope.name.empty() ? "System" : envelope.name + " system";
  sys.months_reported = out.months_reported;
  for (size_t o = 0; o < out.organisations.size(); ++o) {
    OrganisationPosition& p = out.organisations[o];
    bool ok = true;
    for (int m = 0; m < 12; ++m) {
      Money plan = plan_income[o][m] - plan_expenditure[o][m];
      ok = ok && Add(&p.plan_income, plan_income[o][m]) && Add(&p.plan_expenditure, plan_expenditure[o][m]);
      p.plan_surplus_by_month[m] = plan;
      if (m < p.months_reported) {
        p.actual_surplus_by_month[m] = actual_income[o][m] - actual_expenditure[o][m];
      }
      if (m < out.months_reported) {
        ok = ok && Add(&p.ytd_plan_surplus, plan) && Add(&p.ytd_actual_surplus, *p.actual_surplus_by_month[m]) &&
             Add(&p.ytd_running_costs, running_actual[o][m]);
      }
      ok = ok && Add(&p.forecast_surplus, m < p.months_reported ? *p.actual_surplus_by_month[m] : plan);
    }
    p.plan_surplus = p.plan_income - p.plan_expenditure;
    p.ytd_variance = p.ytd_actual_surplus - p.ytd_plan_surplus;
    ok = ok && Add(&sys.plan_income, p.plan_income) && Add(&sys.plan_expenditure, p.plan_expenditure) &&
         Add(&sys.ytd_plan_surplus, p.ytd_plan_surplus) && Add(&sys.ytd_actual_surplus, p.ytd_actual_surplus) &&
         Add(&sys.forecast_surplus, p.forecast_surplus);
    for (int m = 0; ok && m < 12; ++m) {
      ok = Add(&sys.plan_surplus_by_month[m], p.plan_surplus_by_month[m]);
      if (ok && m < out.months_reported) {
        if (!sys.actual_surplus_by_month[m]) sys.actual_surplus_by_month[m] = Money();
        ok = Add(&*sys.actual_surplus_by_month[m], *p.actual_surplus_by_month[m]);
      }
    }
    if (!ok) return Overflow(ledger.source);
  }
  sys.plan_surplus = sys.plan_income - sys.plan_expenditure;
  sys.ytd_variance = sys.ytd_actual_surplus - sys.ytd_plan_surplus;

  // ---- Findings ----
  const std::string basis_duty =
      "ICB duty to break even: expenditure within income each financial year (NHS Act 2006 s223GC, as amended "
      "by the Health and Care Act 2022)";
  const std::string system_duty =
      "ICB and partner NHS trusts: combined revenue resource use within the limits NHS England sets (NHS Act "
      "2006 s223M-s223N, as amended by the Health and Care Act 2022)";
  const std::string months_text = std::to_string(out.months_reported) + " month" +
                                  (out.months_reported == 1 ? "" : "s");
  auto it = index.find(envelope.icb);
  if (!envelope.icb.empty() && it != index.end()) {
    const OrganisationPosition& icb = out.organisations[it->second];
    const std::string subject = icb.organisation + (icb.name.empty() ? "" : " " + icb.name);
    const Money gap = icb.planned_allocation_income - envelope.total;
    if (gap.pence() > Money::kPencePerThousand / 2) {
      out.findings.push_back({"ENV-001", Severity::kBreach, subject,
                              "The plan counts " + PoundsK(icb.planned_allocation_income) +
                                  " of allocation income, " + PoundsK(gap) + " more than the ICB's " + out.year +
                                  " allocations of " + PoundsK(envelope.total) + ".",
                              "Plan allocation income of no more than " + PoundsK(envelope.total) +
                                  " (the envelope lines), or record the extra funding NHS England has confirmed as "
                                  "its own envelope line.",
                              "System financial envelope: the ICB's allocations for the year", ""});
    } else if (-gap.pence() > Money::kPencePerThousand / 2) {
      out.findings.push_back({"ENV-002", Severity::kWarning, subject,
                              "The plan counts " + PoundsK(icb.planned_allocation_income) +
                                  " of allocation income, " + PoundsK(-gap) + " less than the ICB's " + out.year +
                                  " allocations of " + PoundsK(envelope.total) + ".",
                              "Check whether allocation income is missing from the plan or held back on purpose.",
                              "System financial envelope: the ICB's allocations for the year", ""});
    }
    if (icb.plan_surplus.pence() < 0) {
      out.findings.push_back({"ENV-003", Severity::kBreach, subject,
                              "The ICB plans to spend " + PoundsK(icb.plan_expenditure) + " against income of " +
                                  PoundsK(icb.plan_income) + ", a deficit of " + PoundsK(-icb.plan_surplus) + ".",
                              "Reduce planned expenditure by " + PoundsK(-icb.plan_surplus) +
                                  " or identify matching income.",
                              basis_duty, ""});
    }
    if (rca) {
      CheckRunningCosts(*rca, icb.planned_running_costs,
                        out.months_reported > 0 ? std::optional<Money>(icb.ytd_running_costs) : std::nullopt,
                        out.months_reported, out.year, &out.findings);
    }
  }
  if (sys.plan_surplus.pence() < 0) {
    out.findings.push_back({"BAL-001", Severity::kBreach, "system",
                            "The system plan is in deficit by " + PoundsK(-sys.plan_surplus) + ": income " +
                                PoundsK(sys.plan_income) + ", expenditure " + PoundsK(sys.plan_expenditure) + ".",
                            "Agree plans that balance across the ICB and its trusts (surpluses where others are in "
                            "deficit), or a deficit plan with NHS England.",
                            system_duty, ""});
  }
  if (out.months_reported > 0 && -sys.ytd_variance.pence() > policy.variance_tolerance.pence()) {
    out.findings.push_back({"BAL-002", Severity::kWarning, "system",
                            "After " + months_text + " the system is " + PoundsK(-sys.ytd_variance) +
                                " worse than plan (actual " + PoundsK(sys.ytd_actual_surplus) + ", plan " +
                                PoundsK(sys.ytd_plan_surplus) + "); forecast outturn " +
                                PoundsK(sys.forecast_surplus) + ".",
                            "Agree recovery actions with the organisations behind the variance (BAL-003).",
                            system_duty, ""});
  }
  for (const OrganisationPosition& p : out.organisations) {
    const std::string subject = p.organisation + (p.name.empty() ? "" : " " + p.name);
    if (out.months_reported > 0 && -p.ytd_variance.pence() > policy.variance_tolerance.pence()) {
      out.findings.push_back({"BAL-003", Severity::kWarning, subject,
                              "After " + months_text + " " + p.organisation + " is " + PoundsK(-p.ytd_variance) +
                                  " worse than plan (actual " + PoundsK(p.ytd_actual_surplus) + ", plan " +
                                  PoundsK(p.ytd_plan_surplus) + ").",
                              "Ask " + p.organisation + " for its recovery plan and revised forecast.",
                              "NHS Oversight Framework: financial stability (variance from plan)", ""});
    }
    if (p.plan_surplus.pence() < 0) {
      out.findings.push_back({"BAL-004", Severity::kWarning, subject,
                              p.organisation + " plans a deficit of " + PoundsK(-p.plan_surplus) + ".",
                              "Confirm the deficit is agreed within the system plan and offset elsewhere.",
                              "NHS Oversight Framework: financial stability", ""});
    }
  }
  return out;
}

}  // namespace ics::finance
