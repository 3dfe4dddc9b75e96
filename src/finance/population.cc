#include "finance/population.h"

#include <cmath>
#include <map>
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

struct Accumulator {
  AreaWeights area;
  Sum population, weighted;
};

}  // namespace

Result<WeightedPopulations> AggregateWeightedPopulations(std::span<const PracticeWeights> practices) {
  std::vector<Accumulator> icbs, subs;
  std::map<std::string, size_t, std::less<>> icb_index;
  std::map<std::pair<std::string, std::string>, size_t> sub_index;
  std::map<std::string, std::string, std::less<>> seen;  // practice code -> where
  Sum population, weighted;
  for (const PracticeWeights& p : practices) {
    if (p.code.empty()) return InvalidArgument("practice has no code", p.where);
    if (p.icb.empty()) return InvalidArgument("practice " + p.code + " has no ICB", p.where);
    auto [it, inserted] = seen.emplace(p.code, p.where);
    if (!inserted) {
      return InvalidArgument("duplicate practice code " + p.code +
                                 (it->second.empty() ? "" : " (first at " + it->second + ")"),
                             p.where);
    }
    if (!std::isfinite(p.population) || p.population < 0) {
      return InvalidArgument("practice " + p.code + " has a negative or non-finite population", p.where);
    }
    if (!std::isfinite(p.weighted) || p.weighted < 0) {
      return InvalidArgument("practice " + p.code + " has a negative or non-finite weighted population",
                             p.where);
    }
    auto [ii, new_icb] = icb_index.emplace(p.icb, icbs.size());
    if (new_icb) icbs.push_back({AreaWeights{p.icb, p.icb}, {}, {}});
    Accumulator& icb = icbs[ii->second];
    icb.area.practices++;
    icb.population.Add(p.population);
    icb.weighted.Add(p.weighted);
    auto [si, new_sub] = sub_index.emplace(std::make_pair(p.icb, p.sub_icb), subs.size());
    if (new_sub) subs.push_back({AreaWeights{p.sub_icb, p.icb}, {}, {}});
    Accumulator& sub = subs[si->second];
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
