#include "finance/allocation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace ics::finance {

Result<std::vector<Money>> TargetsFromQuantum(Money quantum, std::span<const double> weights) {
  if (quantum.pence() < 0) return InvalidArgument("the national quantum must not be negative");
  double total = 0;
  for (double w : weights) {
    if (!std::isfinite(w) || w < 0) return InvalidArgument("a weighted population is negative or not finite");
    total += w;
  }
  if (!(total > 0)) return InvalidArgument("the weighted populations sum to zero");
  std::vector<Money> targets;
  targets.reserve(weights.size());
  for (double w : weights) {
    std::optional<Money> t = MoneyFromThousands(quantum.ToThousands() * (w / total));
    if (!t) return InvalidArgument("a target is too large");
    targets.push_back(*t);
  }
  return targets;
}

double DistanceFromTarget(Money baseline, Money target) { return Ratio(baseline, target) - 1.0; }

double BaseGrowth(const GrowthPolicy& policy, Money previous_target, Money target) {
  switch (policy.basis) {
    case GrowthBasis::kUniform:
      return policy.rate;
    case GrowthBasis::kOwnTargetGrowth:
      return policy.scale * Ratio(target, previous_target) - 1.0;
  }
  return 0;
}

double Convergence(const ConvergencePolicy& policy, double distance) {
  if (distance > 0) return -std::min(policy.above.cap, policy.above.factor * distance);
  if (distance < 0) return std::min(policy.below.cap, policy.below.factor * -distance);
  return 0;
}

Money GrowAndConverge(Money baseline, double growth, double convergence, int64_t rounding_thousands) {
  const double unit = static_cast<double>(rounding_thousands * Money::kPencePerThousand);
  const double grown = static_cast<double>(baseline.pence()) * (1.0 + growth) * (1.0 + convergence);
  return Money::FromPence(std::llround(grown / unit) * static_cast<int64_t>(unit));
}

namespace {

// total += x unless the sum leaves int64 pence; false then.
bool AddChecked(Money* total, Money x) {
  int64_t sum = 0;
  if (__builtin_add_overflow(total->pence(), x.pence(), &sum)) return false;
  *total = Money::FromPence(sum);
  return true;
}

bool InRange(Money m) {
  return std::fabs(static_cast<double>(m.pence())) <= kMaxThousands * Money::kPencePerThousand;
}

}  // namespace

Money AdjustedBaseline(Money opening, std::span<const Money> adjustments) {
  Money total = opening;
  for (Money m : adjustments) {
    if (!AddChecked(&total, m)) {
      return Money::FromPence(m.pence() > 0 ? std::numeric_limits<int64_t>::max()
                                            : std::numeric_limits<int64_t>::min());
    }
  }
  return total;
}

Status ValidateMethod(const MethodPolicy& policy, const std::string& where) {
  auto bad = [&](const std::string& field, const std::string& why) {
    return InvalidArgument(field + " " + why, where.empty() ? field : where + ": " + field);
  };
  auto check_side = [&](const ConvergenceSide& side, const std::string& path) -> Status {
    if (!std::isfinite(side.factor) || side.factor < 0) return bad(path + "/factor", "must be a number ≥ 0");
    if (!std::isfinite(side.cap) || side.cap < 0) return bad(path + "/cap", "must be a number ≥ 0");
    return Status::Ok();
  };
  ICS_RETURN_IF_ERROR(check_side(policy.convergence.above, "/method/convergence/above_target"));
  ICS_RETURN_IF_ERROR(check_side(policy.convergence.below, "/method/convergence/below_target"));
  if (!std::isfinite(policy.growth.rate) || policy.growth.rate <= -1) {
    return bad("/method/growth/rate", "must be a number > -1");
  }
  if (!std::isfinite(policy.growth.scale) || policy.growth.scale <= 0) {
    return bad("/method/growth/scale", "must be a number > 0");
  }
  if (policy.rounding_thousands < 1 || policy.rounding_thousands > 1000000) {
    return bad("/method/rounding_thousands", "must be a whole number of £k between 1 and 1000000");
  }
  return Status::Ok();
}

Result<Allocation> Allocate(const MethodPolicy& policy, std::span<const IcbInput> icbs) {
  ICS_RETURN_IF_ERROR(ValidateMethod(policy));
  if (icbs.empty()) return InvalidArgument("no ICBs to allocate to");
  const size_t add_on_count = icbs.front().add_ons.size();
  std::set<std::string, std::less<>> codes;
  Allocation out;
  AllocationTotals& e = out.england;
  e.add_ons.assign(add_on_count, Money());
  for (const IcbInput& in : icbs) {
    if (in.code.empty()) return InvalidArgument("an ICB has no code");
    if (!codes.insert(in.code).second) return InvalidArgument("ICB " + in.code + " appears twice", in.code);
    if (in.baseline.pence() < 0) return InvalidArgument("ICB " + in.code + ": the baseline is negative", in.code);
    if (in.previous_target.pence() <= 0) {
      return InvalidArgument("ICB " + in.code + ": the previous fair-shares target must be positive", in.code);
    }
    if (in.target.pence() <= 0) {
      return InvalidArgument("ICB " + in.code + ": the fair-shares target must be positive", in.code);
    }
    if (!(in.population > 0) || !std::isfinite(in.population)) {
      return InvalidArgument("ICB " + in.code + ": the population must be positive", in.code);
    }
    if (in.add_ons.size() != add_on_count) {
      return InvalidArgument("ICB " + in.code + " has " + std::to_string(in.add_ons.size()) +
                                 " add-on lines; the first ICB has " + std::to_string(add_on_count),
                             in.code);
    }
    IcbAllocation a;
    a.code = in.code;
    a.name = in.name;
    a.baseline = in.baseline;
    a.previous_target = in.previous_target;
    a.target = in.target;
    a.population = in.population;
    a.distance_from_target = DistanceFromTarget(in.baseline, in.previous_target);
    a.base_growth = BaseGrowth(policy.growth, in.previous_target, in.target);
    a.convergence_distance =
        policy.convergence.distance == DistanceBasis::kBeforeGrowth
            ? a.distance_from_target
            : static_cast<double>(in.baseline.pence()) * (1.0 + a.base_growth) /
                      static_cast<double>(in.target.pence()) - 1.0;
    a.convergence = Convergence(policy.convergence, a.convergence_distance);
    const double grown = static_cast<double>(in.baseline.pence()) * (1.0 + a.base_growth) * (1.0 + a.convergence);
    if (!std::isfinite(grown) || std::fabs(grown) / Money::kPencePerThousand > kMaxThousands) {
      return InvalidArgument("ICB " + in.code + ": the allocation would leave the range of amounts (growth " +
                                 std::to_string(a.base_growth) + ")",
                             in.code);
    }
    a.recurrent_allocation =
        GrowAndConverge(in.baseline, a.base_growth, a.convergence, policy.rounding_thousands);
    a.recurrent_growth = in.baseline.pence() > 0 ? Ratio(a.recurrent_allocation, in.baseline) - 1.0 : 0.0;
    a.per_head = a.recurrent_allocation.ToThousands() * 1000.0 / in.population;
    a.post_convergence_distance = Ratio(a.recurrent_allocation, in.target) - 1.0;
    a.add_ons = in.add_ons;
    a.total_allocation = AdjustedBaseline(a.recurrent_allocation, in.add_ons);
    if (!InRange(a.total_allocation)) {
      return InvalidArgument("ICB " + in.code + ": the total allocation leaves the range of amounts", in.code);
    }

    bool ok = AddChecked(&e.baseline, a.baseline) && AddChecked(&e.previous_target, a.previous_target) &&
              AddChecked(&e.target, a.target) && AddChecked(&e.recurrent_allocation, a.recurrent_allocation) &&
              AddChecked(&e.total_allocation, a.total_allocation);
    for (size_t k = 0; ok && k < add_on_count; ++k) ok = AddChecked(&e.add_ons[k], a.add_ons[k]);
    if (!ok) return InvalidArgument("the England totals leave the range of amounts", in.code);
    e.population += a.population;
    out.icbs.push_back(std::move(a));
  }
  e.distance_from_target = DistanceFromTarget(e.baseline, e.previous_target);
  e.recurrent_growth = e.baseline.pence() > 0 ? Ratio(e.recurrent_allocation, e.baseline) - 1.0 : 0.0;
  e.per_head = e.recurrent_allocation.ToThousands() * 1000.0 / e.population;
  e.post_convergence_distance = Ratio(e.recurrent_allocation, e.target) - 1.0;
  return out;
}

}  // namespace ics::finance
