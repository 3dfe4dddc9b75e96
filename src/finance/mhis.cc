#include "finance/mhis.h"

#include <cmath>
#include <cstdio>
#include <map>

#include "base/text.h"
#include "finance/csv.h"
#include "finance/published_inputs.h"

namespace ics::finance {
namespace {

std::string K(Money m) { return PoundsK(m); }
std::string Pct(double ratio) { return PercentText(ratio); }

}  // namespace

Result<std::vector<MhisSpend>> ParseMhisSpend(std::string_view text, std::string source) {
  ICS_ASSIGN_OR_RETURN(CsvTable t, CsvTable::Parse(text, source));
  ICS_ASSIGN_OR_RETURN(size_t icb_col, t.Column("icb"));
  ICS_ASSIGN_OR_RETURN(size_t prev_col, t.Column("previous_spend_k"));
  ICS_ASSIGN_OR_RETURN(size_t spend_col, t.Column("spend_k"));
  std::vector<MhisSpend> out;
  std::map<std::string, size_t, std::less<>> first;
  for (size_t r = 0; r < t.size(); ++r) {
    MhisSpend s;
    s.where = t.Where(r);
    ICS_ASSIGN_OR_RETURN(s.icb, t.TextCell(r, icb_col));
    auto [it, inserted] = first.emplace(s.icb, r);
    if (!inserted) {
      return InvalidArgument("ICB " + s.icb + " appears twice (first at " + t.Where(it->second) + ")", s.where);
    }
    ICS_ASSIGN_OR_RETURN(s.previous_spend, t.MoneyCell(r, prev_col, false));
    ICS_ASSIGN_OR_RETURN(s.spend, t.MoneyCell(r, spend_col, false));
    out.push_back(std::move(s));
  }
  if (out.empty()) return InvalidArgument("the file has no ICBs", source);
  return out;
}

Result<std::vector<MhisResult>> CheckMhis(std::span<const MhisSpend> spend, const Allocation& core,
                                          std::string_view year, std::vector<Finding>* findings,
                                          const Allocation* pmc) {
  std::map<std::string, const IcbAllocation*, std::less<>> by_code, pmc_by_code;
  std::vector<std::string> codes;
  for (const IcbAllocation& a : core.icbs) {
    by_code[a.code] = &a;
    codes.push_back(a.code);
  }
  if (pmc) {
    for (const IcbAllocation& a : pmc->icbs) pmc_by_code[a.code] = &a;
  }
  const std::string basis = pmc ? "core and primary medical care" : "core";
  std::vector<MhisResult> out;
  for (const MhisSpend& s : spend) {
    auto it = by_code.find(s.icb);
    if (it == by_code.end()) {
      std::string message = "ICB " + s.icb + " is not in the " + std::string(year) + " core allocations";
      std::string near = ClosestMatch(s.icb, codes);
      if (!near.empty()) message += "; did you mean " + near + "?";
      return InvalidArgument(message, s.where);
    }
    if (s.previous_spend.pence() == 0) {
      return InvalidArgument("ICB " + s.icb + ": the previous year's mental health spend is zero; the standard "
                                 "compares growth, so it needs the previous year's figure",
                             s.where);
    }
    const IcbAllocation& a = *it->second;
    MhisResult r;
    r.icb = a.code;
    r.name = a.name;
    r.base_growth = a.base_growth;
    Money programme = a.recurrent_allocation;
    if (pmc) {
      auto p = pmc_by_code.find(s.icb);
      if (p == pmc_by_code.end()) {
        return InvalidArgument("ICB " + s.icb + " is not in the " + std::string(year) + " PMC allocations", s.where);
      }
      const IcbAllocation& b = *p->second;
      const double base = static_cast<double>(a.baseline.pence()) + static_cast<double>(b.baseline.pence());
      if (base > 0) {
        r.base_growth = (static_cast<double>(a.baseline.pence()) * (1 + a.base_growth) +
                         static_cast<double>(b.baseline.pence()) * (1 + b.base_growth)) / base - 1.0;
      }
      programme += b.recurrent_allocation;
    }
    r.previous_spend = s.previous_spend;
    std::optional<Money> minimum = MoneyFromThousands(s.previous_spend.ToThousands() * (1.0 + r.base_growth));
    if (!minimum) return InvalidArgument("ICB " + s.icb + ": the spend is out of range", s.where);
    r.minimum = *minimum;
    r.spend = s.spend;
    r.headroom = s.spend - r.minimum;
    r.spend_growth = Ratio(s.spend, s.previous_spend) - 1.0;
    r.share_of_allocation = programme.pence() > 0 ? Ratio(s.spend, programme) : 0.0;
    r.compliant = r.headroom.pence() >= 0;
    if (!r.compliant && findings) {
      Finding f;
      f.rule = "MHIS-001";
      f.severity = Severity::kBreach;
      f.subject = a.code + " " + a.name;
      f.message = "Mental health spend of " + K(s.spend) + " in " + std::string(year) + " grows " +
                  Pct(r.spend_growth) + " on " + K(s.previous_spend) +
                  ", less than the ICB's " + basis + " base growth of " + Pct(r.base_growth) +
                  ": the standard needs at least " +
                  K(r.minimum) + ", a shortfall of " + K(-r.headroom) + ".";
      f.fix = "Plan at least " + K(-r.headroom) +
              " more mental health spend in the MHIS categories, or correct the spend figures (MHIS excludes "
              "SDF and spending-review funding, COVID-19 costs, learning disability and autism, and ADHD).";
      f.source = "Mental Health Investment Standard: ICB mental health spend must grow by at least the ICB's "
                 "programme allocation base growth, before convergence (NHS Oversight Framework finance metric)";
      f.where = s.where;
      findings->push_back(std::move(f));
    }
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<RunningCostAllowance>> ParseRunningCostAllowances(std::string_view text, std::string source,
                                                                     std::string_view code_column,
                                                                     std::string_view name_column,
                                                                     std::string_view column) {
  ICS_ASSIGN_OR_RETURN(std::vector<IcbAmount> amounts,
                       ParseIcbAmounts(text, std::move(source), code_column, name_column, column));
  std::vector<RunningCostAllowance> out;
  for (IcbAmount& a : amounts) {
    if (a.amount.pence() < 0) {
      return InvalidArgument("column \"" + std::string(column) + "\": a running cost allowance must not be negative",
                             a.where);
    }
    out.push_back({std::move(a.icb), std::move(a.name), a.amount, std::move(a.where)});
  }
  return out;
}

void CheckRunningCosts(const RunningCostAllowance& rca, Money planned, std::optional<Money> actual_year_to_date,
                       int months_reported, std::string_view year, std::vector<Finding>* findings) {
  const std::string subject = rca.icb + (rca.name.empty() ? "" : " " + rca.name);
  const std::string source =
      "ICB running cost allowance (NHS England allocations); running costs may not be funded from programme "
      "allocations";
  if (planned > rca.allowance) {
    Finding f;
    f.rule = "RCA-001";
    f.severity = Severity::kBreach;
    f.subject = subject;
    f.message = "Planned running costs of " + K(planned) + " in " + std::string(year) +
                " exceed the running cost allowance of " + K(rca.allowance) + " by " + K(planned - rca.allowance) +
                ".";
    f.fix = "Reduce planned running costs by " + K(planned - rca.allowance) +
            "; an RCA underspend may fund programme costs, but not the reverse.";
    f.source = source;
    findings->push_back(std::move(f));
  }
  if (actual_year_to_date && months_reported > 0 && months_reported <= 12) {
    std::optional<Money> share = MoneyFromThousands(rca.allowance.ToThousands() * months_reported / 12.0);
    if (share && *actual_year_to_date > *share) {
      Finding f;
      f.rule = "RCA-002";
      f.severity = Severity::kWarning;
      f.subject = subject;
      f.message = "Running costs of " + K(*actual_year_to_date) + " in the first " + std::to_string(months_reported) +
                  " months are above " + std::to_string(months_reported) + "/12 of the allowance (" + K(*share) +
                  ").";
      f.fix = "Check the running cost forecast; at this rate the year would exceed the allowance unless later "
              "months are lower.";
      f.source = source;
      findings->push_back(std::move(f));
    }
  }
}

}  // namespace ics::finance
