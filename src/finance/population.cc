#include "finance/population.h"

#include <cmath>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace ics::finance {
namespace {

// Neumaier compensated sum: populations are summed over ~6,500 practices.
struct Sum {
  double sum = 0, compensation = 0;
  void Add(double x) {
    double t = sum + x;
    compensation += std::fabs(sum) >= std::fabs(x) ? (sum - t) + x : (x - t) + sum;
    sum = t;
  }
  double value() const { return sum + compensation; }
};

// Open-addressing set of practice indices keyed by code, sized once: no allocation per
// practice (the aggregation runs on every what-if, over ~6,500 practices).
class CodeIndex {
 public:
  explicit CodeIndex(std::span<const PracticeWeights> practices) : practices_(practices) {
    size_t n = 16;
    while (n < practices.size() * 2) n <<= 1;
    slots_.assign(n, 0);
  }
  // Index of the practice already holding `i`'s code, or npos after recording `i`.
  size_t InsertOrFind(size_t i) {
    const std::string& code = practices_[i].code;
    size_t mask = slots_.size() - 1;
    for (size_t h = std::hash<std::string_view>()(code) & mask;; h = (h + 1) & mask) {
      if (slots_[h] == 0) {
        slots_[h] = i + 1;
        return std::string_view::npos;
      }
      if (practices_[slots_[h] - 1].code == code) return slots_[h] - 1;
    }
  }

 private:
  std::span<const PracticeWeights> practices_;
  std::vector<size_t> slots_;
};

struct Accumulator {
  AreaWeights area;
  Sum population, weighted;
};

}  // namespace

Result<WeightedPopulations> AggregateWeightedPopulations(std::span<const PracticeWeights> practices) {
  // Hash maps keyed by views into `practices` (which outlive this call); the practice files
  // are sorted by ICB and sub-ICB, so the last area is remembered to skip most lookups.
  std::vector<Accumulator> icbs, subs;
  std::unordered_map<std::string_view, size_t> icb_index;
  std::unordered_map<std::string, size_t> sub_index;  // ICB + '\n' + sub-ICB
  CodeIndex seen(practices);
  Sum population, weighted;
  const PracticeWeights* last = nullptr;
  size_t last_icb = 0, last_sub = 0;
  for (size_t i = 0; i < practices.size(); ++i) {
    const PracticeWeights& p = practices[i];
    if (p.code.empty()) return InvalidArgument("practice has no code", p.where);
    if (p.icb.empty()) return InvalidArgument("practice " + p.code + " has no ICB", p.where);
    if (size_t previous = seen.InsertOrFind(i); previous != std::string_view::npos) {
      const std::string& first = practices[previous].where;
      return InvalidArgument("duplicate practice code " + p.code + (first.empty() ? "" : " (first at " + first + ")"),
                             p.where);
    }
    if (!std::isfinite(p.population) || p.population < 0) {
      return InvalidArgument("practice " + p.code + " has a negative or non-finite population", p.where);
    }
    if (!std::isfinite(p.weighted) || p.weighted < 0) {
      return InvalidArgument("practice " + p.code + " has a negative or non-finite weighted population",
                             p.where);
    }
    if (!last || last->icb != p.icb) {
      auto [ii, new_icb] = icb_index.emplace(p.icb, icbs.size());
      if (new_icb) icbs.push_back({AreaWeights{p.icb, p.icb}, {}, {}});
      last_icb = ii->second;
    }
    if (!last || last->icb != p.icb || last->sub_icb != p.sub_icb) {
      auto [si, new_sub] = sub_index.emplace(p.icb + '\n' + p.sub_icb, subs.size());
      if (new_sub) subs.push_back({AreaWeights{p.sub_icb, p.icb}, {}, {}});
      last_sub = si->second;
    }
    last = &p;
    Accumulator& icb = icbs[last_icb];
    icb.area.practices++;
    icb.population.Add(p.population);
    icb.weighted.Add(p.weighted);
    Accumulator& sub = subs[last_sub];
    sub.area.practices++;
    sub.population.Add(p.population);
    sub.weighted.Add(p.weighted);
    population.Add(p.population);
    weighted.Add(p.weighted);
  }
  WeightedPopulations out;
  out.population = population.value();
  out.weighted = weighted.value();
  if (!(out.weighted > 0) || !(out.population > 0)) {
    return InvalidArgument("the practices' total population and weighted population must be positive");
  }
  const double england_index = out.weighted / out.population;
  auto finish = [&](std::vector<Accumulator>& in, std::vector<AreaWeights>& dest) {
    for (Accumulator& a : in) {
      a.area.population = a.population.value();
      a.area.weighted = a.weighted.value();
      a.area.need_index = a.area.population > 0 ? (a.area.weighted / a.area.population) / england_index : 0;
      a.area.share = a.area.weighted / out.weighted;
      dest.push_back(std::move(a.area));
    }
  };
  finish(icbs, out.icbs);
  finish(subs, out.sub_icbs);
  return out;
}

}  // namespace ics::finance
