#include "finance/published_inputs.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "finance/csv.h"

namespace ics::finance {
namespace {

Result<const std::string*> FileText(const InputFiles& files, const std::string& name) {
  auto it = files.find(name);
  if (it == files.end()) return NotFound("input file was not provided", name);
  return &it->second;
}

// Row indices of the ICB rows of a sheet, keyed by ICB code, in sheet order.
struct IcbRows {
  std::vector<std::string> codes;
  std::map<std::string, size_t, std::less<>> row_of;
};

Result<IcbRows> ReadIcbRows(const CsvTable& t, const std::string& row_type_column,
                            const std::string& icb_row_type, const std::string& code_column) {
  ICS_ASSIGN_OR_RETURN(size_t type_col, t.Column(row_type_column));
  ICS_ASSIGN_OR_RETURN(size_t code_col, t.Column(code_column));
  IcbRows out;
  for (size_t r = 0; r < t.size(); ++r) {
    ICS_ASSIGN_OR_RETURN(std::string type, t.TextCell(r, type_col));
    if (type != icb_row_type) continue;
    ICS_ASSIGN_OR_RETURN(std::string code, t.TextCell(r, code_col));
    auto [it, inserted] = out.row_of.emplace(code, r);
    if (!inserted) {
      return InvalidArgument("ICB " + code + " appears twice (first at " + t.Where(it->second) + ")", t.Where(r));
    }
    out.codes.push_back(code);
  }
  if (out.codes.empty()) {
    return InvalidArgument("no rows with " + row_type_column + " \"" + icb_row_type + "\"", t.source());
  }
  return out;
}

std::string Penceless(Money m) { return m.ToShortThousandsString(); }

// A status from a step that does not know the file: located at `file`.
Status Located(const Status& s, const std::string& file) {
  return s.where().empty() ? Status(s.code(), s.message(), file) : s;
}

}  // namespace

Result<std::vector<PracticeWeights>> ReadPractices(const PracticesInput& spec, std::string_view text,
                                                   const std::vector<std::string>& known_icbs,
                                                   const std::string& known_icbs_source) {
  ICS_ASSIGN_OR_RETURN(CsvTable t, CsvTable::Parse(text, spec.file));
  ICS_ASSIGN_OR_RETURN(size_t code_col, t.Column(spec.code_column));
  ICS_ASSIGN_OR_RETURN(size_t icb_col, t.Column(spec.icb_column));
  ICS_ASSIGN_OR_RETURN(size_t pop_col, t.Column(spec.population_column));
  ICS_ASSIGN_OR_RETURN(size_t weight_col, t.Column(spec.weight_column));
  std::vector<size_t> sub_cols;
  for (const std::string& name : spec.sub_icb_columns) {
    ICS_ASSIGN_OR_RETURN(size_t c, t.Column(name));
    sub_cols.push_back(c);
  }
  std::set<std::string, std::less<>> known(known_icbs.begin(), known_icbs.end());
  std::map<std::string, size_t, std::less<>> first_row;
  std::vector<PracticeWeights> out;
  out.reserve(t.size());
  for (size_t r = 0; r < t.size(); ++r) {
    PracticeWeights p;
    p.where = t.Where(r);
    ICS_ASSIGN_OR_RETURN(p.code, t.TextCell(r, code_col));
    auto [it, inserted] = first_row.emplace(p.code, r);
    if (!inserted) {
      return InvalidArgument("column \"" + spec.code_column + "\": duplicate practice code " + p.code +
                                 " (first at " + t.Where(it->second) + ")",
                             p.where);
    }
    ICS_ASSIGN_OR_RETURN(p.icb, t.TextCell(r, icb_col));
    if (!known.empty() && !known.count(p.icb)) {
      return InvalidArgument("column \"" + spec.icb_column + "\": practice " + p.code + " is mapped to ICB " +
                                 p.icb + ", which is not an ICB of " + known_icbs_source,
                             p.where);
    }
    for (size_t c : sub_cols) {
      if (!t.cell(r, c).empty()) {
        p.sub_icb = t.cell(r, c);
        break;
      }
    }
    ICS_ASSIGN_OR_RETURN(p.population, t.NumberCell(r, pop_col, false));
    ICS_ASSIGN_OR_RETURN(p.weighted, t.NumberCell(r, weight_col, false));
    out.push_back(std::move(p));
  }
  if (out.empty()) return InvalidArgument("the file has no practices", spec.file);
  return out;
}

Result<LoadedInputs> LoadPublishedInputs(const AllocationPolicy& policy, const InputFiles& files) {
  LoadedInputs out;
  const AllocationsInput& as = policy.allocations;

  // ---- Allocations sheet: ICBs, baseline as published, previous target, add-ons.
  ICS_ASSIGN_OR_RETURN(const std::string* alloc_text, FileText(files, as.file));
  ICS_ASSIGN_OR_RETURN(CsvTable at, CsvTable::Parse(*alloc_text, as.file));
  ICS_ASSIGN_OR_RETURN(IcbRows arows, ReadIcbRows(at, as.row_type_column, as.icb_row_type, as.code_column));
  ICS_ASSIGN_OR_RETURN(size_t name_col, at.Column(as.name_column));
  ICS_ASSIGN_OR_RETURN(size_t a_base_col, at.Column(as.baseline_column));
  ICS_ASSIGN_OR_RETURN(size_t prev_target_col, at.Column(as.previous_target_column));
  std::vector<size_t> add_on_cols;
  for (const std::string& name : as.add_on_columns) {
    ICS_ASSIGN_OR_RETURN(size_t c, at.Column(name));
    add_on_cols.push_back(c);
  }
  out.add_on_labels = as.add_on_columns;

  // ---- Baseline sheet: opening + adjustments, checked against both published figures.
  const BaselineInput& bs = policy.baseline;
  ICS_ASSIGN_OR_RETURN(const std::string* base_text, FileText(files, bs.file));
  ICS_ASSIGN_OR_RETURN(CsvTable bt, CsvTable::Parse(*base_text, bs.file));
  ICS_ASSIGN_OR_RETURN(IcbRows brows, ReadIcbRows(bt, bs.row_type_column, bs.icb_row_type, bs.code_column));
  ICS_ASSIGN_OR_RETURN(size_t opening_col, bt.Column(bs.opening_column));
  ICS_ASSIGN_OR_RETURN(size_t adjusted_col, bt.Column(bs.adjusted_column));
  std::vector<size_t> adj_cols;
  for (const std::string& name : bs.adjustment_columns) {
    ICS_ASSIGN_OR_RETURN(size_t c, bt.Column(name));
    adj_cols.push_back(c);
  }
  for (const std::string& code : brows.codes) {
    if (!arows.row_of.count(code)) {
      return InvalidArgument("ICB " + code + " is not in " + as.file, bt.Where(brows.row_of[code]));
    }
  }

  // ---- Practices, when targets or populations come from them.
  const bool need_practices = policy.target.method == TargetMethod::kWeightedPopulationShare ||
                              policy.population.method == PopulationMethod::kPractices;
  std::map<std::string, const AreaWeights*, std::less<>> area_of;
  if (need_practices) {
    if (!policy.practices) return InvalidArgument("the policy names no practices file", "/inputs/practices");
    ICS_ASSIGN_OR_RETURN(const std::string* ptext, FileText(files, policy.practices->file));
    ICS_ASSIGN_OR_RETURN(std::vector<PracticeWeights> practices,
                         ReadPractices(*policy.practices, *ptext, arows.codes, as.file));
    Result<WeightedPopulations> aggregated = AggregateWeightedPopulations(practices);
    if (!aggregated.ok()) return Located(aggregated.status(), policy.practices->file);
    WeightedPopulations w = std::move(aggregated).value();
    out.weighted = std::move(w);
    out.practices = std::move(practices);
    for (const AreaWeights& a : out.weighted->icbs) area_of[a.code] = &a;
    for (const std::string& code : arows.codes) {
      if (!area_of.count(code)) {
        return InvalidArgument("ICB " + code + " has no practices in " + policy.practices->file,
                               at.Where(arows.row_of[code]));
      }
    }
  }

  // Targets from the quantum, in sheet order.
  std::vector<Money> share_targets;
  if (policy.target.method == TargetMethod::kWeightedPopulationShare) {
    std::vector<double> weights;
    for (const std::string& code : arows.codes) weights.push_back(area_of[code]->weighted);
    // Every practice belongs to a sheet ICB, so Σ over the sheet = England's total.
    Result<std::vector<Money>> targets = TargetsFromQuantum(policy.target.quantum, weights);
    if (!targets.ok()) return Located(targets.status(), policy.practices->file);
    share_targets = std::move(targets).value();
  }
  std::optional<size_t> growth_col, implied_a_col, implied_post_col, pop_a_col, pop_head_col;
  if (policy.target.method == TargetMethod::kPreviousTargetGrowth) {
    ICS_ASSIGN_OR_RETURN(growth_col, at.Column(policy.target.growth_column));
  } else if (policy.target.method == TargetMethod::kImpliedByPostConvergenceDistance) {
    ICS_ASSIGN_OR_RETURN(implied_a_col, at.Column(policy.target.allocation_column));
    ICS_ASSIGN_OR_RETURN(implied_post_col, at.Column(policy.target.post_distance_column));
  }
  if (policy.population.method == PopulationMethod::kImpliedByPerHead) {
    ICS_ASSIGN_OR_RETURN(pop_a_col, at.Column(policy.population.allocation_column));
    ICS_ASSIGN_OR_RETURN(pop_head_col, at.Column(policy.population.per_head_column));
  }

  for (size_t i = 0; i < arows.codes.size(); ++i) {
    const std::string& code = arows.codes[i];
    const size_t r = arows.row_of[code];
    IcbInput in;
    in.code = code;
    ICS_ASSIGN_OR_RETURN(in.name, at.TextCell(r, name_col));
    ICS_ASSIGN_OR_RETURN(Money published_baseline, at.MoneyCell(r, a_base_col, false));
    ICS_ASSIGN_OR_RETURN(in.previous_target, at.MoneyCell(r, prev_target_col, false));
    if (in.previous_target.pence() == 0) {
      return InvalidArgument("column \"" + as.previous_target_column + "\": the target must be positive", at.Where(r));
    }
    for (size_t c : add_on_cols) {
      ICS_ASSIGN_OR_RETURN(Money m, at.MoneyCell(r, c, true));
      in.add_ons.push_back(m);
    }

    // Baseline construction.
    auto bit = brows.row_of.find(code);
    if (bit == brows.row_of.end()) {
      return InvalidArgument("ICB " + code + " is missing from " + bs.file, at.Where(r));
    }
    const size_t br = bit->second;
    BaselineConstruction b;
    b.code = code;
    ICS_ASSIGN_OR_RETURN(b.opening, bt.MoneyCell(br, opening_col, false));
    for (size_t c : adj_cols) {
      ICS_ASSIGN_OR_RETURN(Money m, bt.MoneyCell(br, c, true));
      b.adjustments.push_back(m);
    }
    b.adjusted = AdjustedBaseline(b.opening, b.adjustments);
    ICS_ASSIGN_OR_RETURN(b.published_adjusted, bt.MoneyCell(br, adjusted_col, false));
    const int64_t tolerance = kBaselineTolerancePencePerTerm * static_cast<int64_t>(1 + b.adjustments.size());
    auto gap = [](Money x, Money y) -> int64_t {
      int64_t d = 0;
      if (__builtin_sub_overflow(x.pence(), y.pence(), &d) || d == std::numeric_limits<int64_t>::min()) {
        return std::numeric_limits<int64_t>::max();
      }
      return std::llabs(d);
    };
    if (gap(b.adjusted, b.published_adjusted) > tolerance) {
      return InvalidArgument("column \"" + bs.adjusted_column + "\": " + Penceless(b.published_adjusted) +
                                 " does not equal \"" + bs.opening_column + "\" plus the " +
                                 std::to_string(b.adjustments.size()) + " adjustments (" +
                                 Penceless(b.adjusted) + "; £k)",
                             bt.Where(br));
    }
    if (gap(b.adjusted, published_baseline) > tolerance) {
      return InvalidArgument("column \"" + as.baseline_column + "\": " + Penceless(published_baseline) +
                                 " does not equal the baseline built in " + bs.file + " (" +
                                 Penceless(b.adjusted) + "; £k)",
                             at.Where(r));
    }
    if (b.adjusted.pence() < 0) {
      return InvalidArgument("the adjusted baseline of ICB " + code + " is negative", bt.Where(br));
    }
    in.baseline = b.adjusted;

    // Target for the allocation year.
    switch (policy.target.method) {
      case TargetMethod::kWeightedPopulationShare:
        in.target = share_targets[i];
        break;
      case TargetMethod::kPreviousTargetGrowth: {
        ICS_ASSIGN_OR_RETURN(double g, at.NumberCell(r, *growth_col, true));
        if (g <= -1) return InvalidArgument("column \"" + policy.target.growth_column + "\": growth must be > -1", at.Where(r));
        std::optional<Money> t = MoneyFromThousands(in.previous_target.ToThousands() * (1.0 + g));
        if (!t) return InvalidArgument("the target is too large", at.Where(r));
        in.target = *t;
        break;
      }
      case TargetMethod::kImpliedByPostConvergenceDistance: {
        ICS_ASSIGN_OR_RETURN(Money a, at.MoneyCell(r, *implied_a_col, false));
        ICS_ASSIGN_OR_RETURN(double post, at.NumberCell(r, *implied_post_col, true));
        if (post <= -1) {
          return InvalidArgument("column \"" + policy.target.post_distance_column + "\": must be > -1", at.Where(r));
        }
        std::optional<Money> t = MoneyFromThousands(a.ToThousands() / (1.0 + post));
        if (!t) return InvalidArgument("the implied target is too large", at.Where(r));
        in.target = *t;
        break;
      }
    }
    if (in.target.pence() <= 0) return InvalidArgument("the fair-shares target of ICB " + code + " is not positive", at.Where(r));

    // Population for £/head.
    if (policy.population.method == PopulationMethod::kPractices) {
      in.population = area_of[code]->population;
    } else {
      ICS_ASSIGN_OR_RETURN(Money a, at.MoneyCell(r, *pop_a_col, false));
      ICS_ASSIGN_OR_RETURN(double per_head, at.NumberCell(r, *pop_head_col, false));
      if (per_head <= 0) {
        return InvalidArgument("column \"" + policy.population.per_head_column + "\": must be positive", at.Where(r));
      }
      in.population = a.ToThousands() * 1000.0 / per_head;
    }
    if (!(in.population > 0)) return InvalidArgument("the population of ICB " + code + " is not positive", at.Where(r));

    out.icbs.push_back(std::move(in));
    out.baselines.push_back(std::move(b));
  }
  return out;
}

Result<std::vector<IcbAmount>> ParseIcbAmounts(std::string_view text, std::string source,
                                               std::string_view code_column, std::string_view name_column,
                                               std::string_view column) {
  ICS_ASSIGN_OR_RETURN(CsvTable t, CsvTable::Parse(text, source));
  ICS_ASSIGN_OR_RETURN(size_t type_col, t.Column("row_type"));
  ICS_ASSIGN_OR_RETURN(size_t code_col, t.Column(code_column));
  ICS_ASSIGN_OR_RETURN(size_t name_col, t.Column(name_column));
  ICS_ASSIGN_OR_RETURN(size_t value_col, t.Column(column));
  std::vector<IcbAmount> out;
  std::map<std::string, size_t, std::less<>> first;
  long double sum = 0;  // pence; long double so that many rows cannot overflow
  std::optional<size_t> total_row;
  for (size_t r = 0; r < t.size(); ++r) {
    ICS_ASSIGN_OR_RETURN(std::string type, t.TextCell(r, type_col));
    if (type == "england_total") {
      if (total_row) return InvalidArgument("a second england_total row (first at " + t.Where(*total_row) + ")", t.Where(r));
      total_row = r;
      continue;
    }
    if (type == "nhse_held_by_region") {
      if (!t.cell(r, value_col).empty()) {
        ICS_ASSIGN_OR_RETURN(Money held, t.MoneyCell(r, value_col, true));
        sum += static_cast<long double>(held.pence());
      }
      continue;
    }
    if (type != "icb") continue;
    IcbAmount a;
    a.where = t.Where(r);
    ICS_ASSIGN_OR_RETURN(a.icb, t.TextCell(r, code_col));
    auto [it, inserted] = first.emplace(a.icb, r);
    if (!inserted) {
      return InvalidArgument("ICB " + a.icb + " appears twice (first at " + t.Where(it->second) + ")", a.where);
    }
    a.name = t.cell(r, name_col);
    ICS_ASSIGN_OR_RETURN(a.amount, t.MoneyCell(r, value_col, true));
    sum += static_cast<long double>(a.amount.pence());
    out.push_back(std::move(a));
  }
  if (out.empty()) return InvalidArgument("no rows with row_type \"icb\"", source);
  if (total_row) {
    ICS_ASSIGN_OR_RETURN(Money total, t.MoneyCell(*total_row, value_col, true));
    if (std::fabs(static_cast<long double>(total.pence()) - sum) > Money::kPencePerThousand) {
      char sum_text[64];
      std::snprintf(sum_text, sizeof sum_text, "%.5Lf", sum / Money::kPencePerThousand);
      return InvalidArgument("column \"" + std::string(column) + "\": the England total " +
                                 total.ToShortThousandsString() + " does not equal the sum of the ICB rows" +
                                 " and the amounts NHS England holds (" + sum_text + "; £k)",
                             t.Where(*total_row));
    }
  }
  return out;
}

}  // namespace ics::finance
