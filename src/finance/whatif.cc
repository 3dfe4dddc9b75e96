#include "finance/whatif.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

#include "base/text.h"

namespace ics::finance {
namespace {

constexpr std::string_view kKeys[] = {
    "growth.basis",
    "growth.rate",
    "growth.scale",
    "convergence.distance",
    "convergence.above_target.factor",
    "convergence.above_target.cap",
    "convergence.below_target.factor",
    "convergence.below_target.cap",
    "convergence.factor",
    "convergence.cap",
    "rounding_thousands",
};

}  // namespace

std::optional<double> ParseRatio(std::string_view text) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  auto number = [&](std::string_view s, double* out) {
    s = trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return false;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc() && end == s.data() + s.size() && std::isfinite(*out);
  };
  text = trim(text);
  double scale = 1;
  if (!text.empty() && text.back() == '%') {
    text.remove_suffix(1);
    scale = 0.01;
  }
  double num = 0, den = 1;
  size_t slash = text.find('/');
  bool ok = slash == std::string_view::npos
                ? number(text, &num)
                : number(text.substr(0, slash), &num) && number(text.substr(slash + 1), &den) && den != 0;
  if (!ok) return std::nullopt;
  double v = num / den * scale;
  if (!std::isfinite(v)) return std::nullopt;
  return v;
}

namespace {

std::string Normalise(std::string_view key) {
  std::string k(key);
  auto replace = [&](std::string_view from, std::string_view to) {
    if (k.rfind(from, 0) == 0) k = std::string(to) + k.substr(from.size());
  };
  replace("method.", "");
  replace("convergence.above.", "convergence.above_target.");
  replace("convergence.below.", "convergence.below_target.");
  replace("convergence.symmetric.", "convergence.");
  return k;
}

// Largest value accepted for a growth rate, scale, cap or factor: far beyond any policy,
// small enough that B (1 + g)(1 + c) stays inside int64 pence.
constexpr double kMaxRatio = 10;

}  // namespace

std::vector<std::string> SettingKeys() { return {std::begin(kKeys), std::end(kKeys)}; }

Result<std::pair<std::string, std::string>> SplitSetting(std::string_view text, const std::string& where) {
  size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == text.size()) {
    return InvalidArgument("\"" + std::string(text) + "\" is not KEY=VALUE (e.g. convergence.cap=0.02)", where);
  }
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return std::string(s);
  };
  return std::make_pair(trim(text.substr(0, eq)), trim(text.substr(eq + 1)));
}

Status ApplySetting(MethodPolicy* method, std::string_view raw_key, std::string_view value, const std::string& where) {
  const std::string key = Normalise(raw_key);
  auto bad = [&](const std::string& why) {
    return InvalidArgument(std::string(raw_key) + " = \"" + std::string(value) + "\": " + why, where);
  };
  auto ratio = [&](double lo, bool lo_open, double hi, double* out) -> Status {
    std::optional<double> v = ParseRatio(value);
    if (!v) return bad("not a number, fraction (1/15) or percentage (2%)");
    if ((lo_open ? !(*v > lo) : !(*v >= lo)) || *v > hi) {
      char range[64];
      std::snprintf(range, sizeof range, "must be %s %g and ≤ %g", lo_open ? ">" : "≥", lo, hi);
      return bad(range);
    }
    *out = *v;
    return Status::Ok();
  };
  if (key == "growth.basis") {
    if (value == "own_target_growth") method->growth.basis = GrowthBasis::kOwnTargetGrowth;
    else if (value == "uniform") method->growth.basis = GrowthBasis::kUniform;
    else return bad("expected own_target_growth or uniform");
    return Status::Ok();
  }
  if (key == "growth.rate") return ratio(-1, true, kMaxRatio, &method->growth.rate);
  if (key == "growth.scale") return ratio(0, true, kMaxRatio, &method->growth.scale);
  if (key == "convergence.distance") {
    if (value == "before_growth") method->convergence.distance = DistanceBasis::kBeforeGrowth;
    else if (value == "after_growth") method->convergence.distance = DistanceBasis::kAfterGrowth;
    else return bad("expected before_growth or after_growth");
    return Status::Ok();
  }
  ConvergencePolicy& c = method->convergence;
  if (key == "convergence.above_target.factor") return ratio(0, false, kMaxRatio, &c.above.factor);
  if (key == "convergence.above_target.cap") return ratio(0, false, kMaxRatio, &c.above.cap);
  if (key == "convergence.below_target.factor") return ratio(0, false, kMaxRatio, &c.below.factor);
  if (key == "convergence.below_target.cap") return ratio(0, false, kMaxRatio, &c.below.cap);
  if (key == "convergence.factor") {
    ICS_RETURN_IF_ERROR(ratio(0, false, kMaxRatio, &c.above.factor));
    c.below.factor = c.above.factor;
    return Status::Ok();
  }
  if (key == "convergence.cap") {
    ICS_RETURN_IF_ERROR(ratio(0, false, kMaxRatio, &c.above.cap));
    c.below.cap = c.above.cap;
    return Status::Ok();
  }
  if (key == "rounding_thousands") {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || end != value.data() + value.size() || v < 1 || v > 1000000) {
      return bad("must be a whole number of £k between 1 and 1000000");
    }
    method->rounding_thousands = v;
    return Status::Ok();
  }
  std::string message = "unknown setting \"" + std::string(raw_key) + "\"";
  std::vector<std::string> keys = SettingKeys();
  std::string near = ClosestMatch(key, keys);
  if (!near.empty()) message += "; did you mean \"" + near + "\"?";
  else message += "; settings are " + JoinWithAnd(keys);
  return InvalidArgument(message, where);
}

Result<WhatIfModel> WhatIfModel::Create(AllocationPolicy policy, LoadedInputs inputs) {
  WhatIfModel m;
  m.policy_ = std::move(policy);
  m.inputs_ = std::move(inputs);
  ICS_ASSIGN_OR_RETURN(m.published_, Allocate(m.policy_.method, m.inputs_.icbs));
  for (const IcbInput& in : m.inputs_.icbs) m.published_quantum_ += in.target;
  if (!m.inputs_.practices.empty()) {
    std::map<std::string, size_t, std::less<>> index;
    for (size_t i = 0; i < m.inputs_.icbs.size(); ++i) index[m.inputs_.icbs[i].code] = i;
    m.icb_weight_.assign(m.inputs_.icbs.size(), 0.0);
    for (const AreaWeights& a : m.inputs_.weighted->icbs) {
      auto it = index.find(a.code);
      if (it != index.end()) m.icb_weight_[it->second] = a.weighted;
    }
    for (const PracticeWeights& p : m.inputs_.practices) {
      auto it = index.find(p.icb);
      if (it == index.end()) return Internal("practice " + p.code + " belongs to no loaded ICB");
      m.practice_.emplace(p.code, std::make_pair(it->second, p.weighted));
    }
  }
  return m;
}

Result<WhatIfResult> WhatIfModel::Run(const WhatIf& what_if) const {
  WhatIfResult out;
  out.method = policy_.method;
  bool set_rate = false, set_scale = false, set_basis = false;
  for (const auto& [key, value] : what_if.settings) {
    const std::string where = "--set " + key;
    ICS_RETURN_IF_ERROR(ApplySetting(&out.method, key, value, where));
    const std::string k = Normalise(key);
    set_rate |= k == "growth.rate";
    set_scale |= k == "growth.scale";
    set_basis |= k == "growth.basis";
  }
  if (set_rate && out.method.growth.basis != GrowthBasis::kUniform) {
    return InvalidArgument("growth.rate applies only to uniform growth; add --set growth.basis=uniform",
                           "--set growth.rate");
  }
  if (set_scale && out.method.growth.basis != GrowthBasis::kOwnTargetGrowth) {
    return InvalidArgument("growth.scale applies only to own target growth", "--set growth.scale");
  }
  if (set_basis && out.method.growth.basis == GrowthBasis::kUniform &&
      policy_.method.growth.basis != GrowthBasis::kUniform && !set_rate) {
    return InvalidArgument("uniform growth needs a rate: add --set growth.rate=VALUE", "--set growth.basis");
  }
  ICS_RETURN_IF_ERROR(ValidateMethod(out.method, "--set"));

  // Targets.
  const size_t n = inputs_.icbs.size();
  std::vector<IcbInput> icbs = inputs_.icbs;
  std::vector<double> weights = icb_weight_;
  bool weights_changed = false;
  if (!what_if.practice_weights.empty()) {
    if (practice_.empty()) {
      return InvalidArgument("the " + policy_.stream + " " + policy_.year +
                                 " policy reads no practice file, so a practice's weighted population cannot "
                                 "change its targets",
                             "--practice-wp");
    }
    for (const auto& [code, value] : what_if.practice_weights) {
      const std::string where = "--practice-wp " + code;
      auto it = practice_.find(code);
      if (it == practice_.end()) {
        return InvalidArgument("no practice " + code + " in " + policy_.practices->file, where);
      }
      if (!std::isfinite(value) || value < 0) {
        return InvalidArgument("a weighted population must be a number ≥ 0", where);
      }
      weights[it->second.first] += value - it->second.second;
      weights_changed = true;
    }
    for (size_t i = 0; i < n; ++i) {
      if (!(weights[i] > 0)) {
        return InvalidArgument("ICB " + icbs[i].code + " would have no weighted population", "--practice-wp");
      }
    }
  }
  if (what_if.quantum && what_if.quantum->pence() <= 0) {
    return InvalidArgument("the national quantum must be positive", "--quantum");
  }
  if (what_if.quantum && what_if.quantum->ToThousands() > kMaxThousands / 10) {
    return InvalidArgument("the national quantum is too large", "--quantum");
  }
  if (policy_.target.method == TargetMethod::kWeightedPopulationShare) {
    if (weights_changed || what_if.quantum) {
      Money q = what_if.quantum ? *what_if.quantum : policy_.target.quantum;
      ICS_ASSIGN_OR_RETURN(std::vector<Money> targets, TargetsFromQuantum(q, weights));
      for (size_t i = 0; i < n; ++i) icbs[i].target = targets[i];
    }
  } else if (weights_changed || what_if.quantum) {
    // Targets that are not shares of practice weights: scale each by the change in its
    // weighted-population share, and all of them by the change in the quantum.
    double old_total = 0, new_total = 0;
    for (size_t i = 0; i < n; ++i) {
      if (weights_changed) {
        old_total += icb_weight_[i];
        new_total += weights[i];
      }
    }
    const double quantum_factor =
        what_if.quantum ? what_if.quantum->ToThousands() / published_quantum_.ToThousands() : 1.0;
    for (size_t i = 0; i < n; ++i) {
      double f = quantum_factor;
      if (weights_changed) f *= (weights[i] / icb_weight_[i]) / (new_total / old_total);
      std::optional<Money> t = MoneyFromThousands(icbs[i].target.ToThousands() * f);
      if (!t || t->pence() <= 0) return InvalidArgument("the target of ICB " + icbs[i].code + " is out of range");
      icbs[i].target = *t;
    }
    if (weights_changed) {
      out.notes.push_back("targets are not shares of the practices' weighted populations in this policy; each "
                          "ICB's target was scaled by the change in its share of England's weighted population");
    }
    if (what_if.quantum) out.notes.push_back("every target was scaled by the new quantum / the published sum of targets");
  }
  for (const IcbInput& in : icbs) out.quantum += in.target;
  out.published_quantum = published_quantum_;

  ICS_ASSIGN_OR_RETURN(out.scenario, Allocate(out.method, icbs));
  out.published = published_;
  out.icbs.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const IcbAllocation& p = published_.icbs[i];
    const IcbAllocation& s = out.scenario.icbs[i];
    IcbDifference d;
    d.code = p.code;
    d.name = p.name;
    d.published_allocation = p.recurrent_allocation;
    d.allocation = s.recurrent_allocation;
    d.difference = s.recurrent_allocation - p.recurrent_allocation;
    d.difference_ratio = p.recurrent_allocation.pence() > 0 ? Ratio(d.difference, p.recurrent_allocation) : 0.0;
    d.published_target = p.target;
    d.target = s.target;
    d.published_post_distance = p.post_convergence_distance;
    d.post_distance = s.post_convergence_distance;
    d.published_convergence = p.convergence;
    d.convergence = s.convergence;
    out.total_difference += d.difference;
    out.icbs.push_back(std::move(d));
  }
  return out;
}

namespace {

Result<std::string> NextYear(std::string_view year) {
  ICS_ASSIGN_OR_RETURN(std::string key, YearKey(year));
  int first = std::stoi(key.substr(0, 4)) + 1;
  std::string next = std::to_string(first) + "/" + (((first + 1) % 100) < 10 ? "0" : "") +
                     std::to_string((first + 1) % 100);
  return next;
}

}  // namespace

Result<PathResult> ProjectPath(const MethodPolicy& method, const Allocation& start, std::string_view year,
                               const PathOptions& options) {
  if (options.years < 1 || options.years > 50) return InvalidArgument("years must be between 1 and 50", "--path");
  if (!std::isfinite(options.threshold) || options.threshold < 0 || options.threshold > 1) {
    return InvalidArgument("the threshold must be a ratio between 0 and 1 (0.005 = 0.5%)", "--threshold");
  }
  ICS_RETURN_IF_ERROR(ValidateMethod(method));
  if (start.icbs.empty()) return InvalidArgument("no ICBs to project");
  PathResult out;
  out.threshold = options.threshold;
  out.first_year = std::string(year);
  out.years.push_back(out.first_year);
  for (int k = 0; k < options.years; ++k) {
    ICS_ASSIGN_OR_RETURN(std::string next, NextYear(out.years.back()));
    out.years.push_back(next);
  }
  if (options.target_growth) {
    out.target_growth = *options.target_growth;
  } else if (method.growth.basis == GrowthBasis::kUniform) {
    out.target_growth = method.growth.rate;
  } else {
    out.target_growth = Ratio(start.england.target, start.england.previous_target) - 1.0;
  }
  if (!std::isfinite(out.target_growth) || out.target_growth <= -1 || out.target_growth > 1) {
    return InvalidArgument("the target growth must be > -1 and ≤ 1 (0.03 = 3% a year)", "--target-growth");
  }
  out.within_by_year.assign(out.years.size(), 0);
  out.total_allocation.assign(out.years.size(), Money());
  out.total_target.assign(out.years.size(), Money());
  const double unit = static_cast<double>(method.rounding_thousands * Money::kPencePerThousand);
  for (const IcbAllocation& a : start.icbs) {
    IcbPath p;
    p.code = a.code;
    p.allocation.push_back(a.recurrent_allocation);
    p.target.push_back(a.target);
    p.distance.push_back(a.post_convergence_distance);
    for (int k = 1; k <= options.years; ++k) {
      const Money baseline = p.allocation.back();
      const Money previous_target = p.target.back();
      std::optional<Money> target = MoneyFromThousands(previous_target.ToThousands() * (1.0 + out.target_growth));
      if (!target || target->pence() <= 0) {
        return InvalidArgument("ICB " + a.code + ": the projected target leaves the range of amounts", a.code);
      }
      const double g = BaseGrowth(method.growth, previous_target, *target);
      const double d = method.convergence.distance == DistanceBasis::kBeforeGrowth
                           ? DistanceFromTarget(baseline, previous_target)
                           : static_cast<double>(baseline.pence()) * (1.0 + g) /
                                     static_cast<double>(target->pence()) - 1.0;
      const double c = Convergence(method.convergence, d);
      const double grown = static_cast<double>(baseline.pence()) * (1.0 + g) * (1.0 + c);
      if (!std::isfinite(grown) || grown / Money::kPencePerThousand > kMaxThousands || grown < -unit) {
        return InvalidArgument("ICB " + a.code + ": the projected allocation leaves the range of amounts", a.code);
      }
      const Money allocation = GrowAndConverge(baseline, g, c, method.rounding_thousands);
      p.allocation.push_back(allocation);
      p.target.push_back(*target);
      p.distance.push_back(Ratio(allocation, *target) - 1.0);
    }
    // The first year from which the ICB stays within the threshold to the end of the path.
    for (size_t k = p.distance.size(); k-- > 0;) {
      if (std::fabs(p.distance[k]) > options.threshold) break;
      p.years_to_threshold = static_cast<int>(k);
    }
    for (size_t k = 0; k < p.distance.size(); ++k) {
      if (std::fabs(p.distance[k]) <= options.threshold) out.within_by_year[k]++;
      out.total_allocation[k] += p.allocation[k];
      out.total_target[k] += p.target[k];
    }
    out.icbs.push_back(std::move(p));
  }
  return out;
}

}  // namespace ics::finance
