#include "finance/io/report.h"

#include <iomanip>
#include <sstream>

namespace ics::finance::io {

using nlohmann::json;

namespace {
std::string Percent(double ratio) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(2) << ratio * 100 << "%";
  return s.str();
}
}  // namespace

json MoneyJson(Money m) { return m.ToThousands(); }

json MethodJson(const MethodPolicy& m) {
  return {{"growth",
           {{"basis", m.growth.basis == GrowthBasis::kUniform ? "uniform" : "own_target_growth"},
            {"rate", m.growth.rate},
            {"scale", m.growth.scale}}},
          {"convergence",
           {{"distance", m.convergence.distance == DistanceBasis::kBeforeGrowth ? "before_growth" : "after_growth"},
            {"above_target", {{"factor", m.convergence.above.factor}, {"cap", m.convergence.above.cap}}},
            {"below_target", {{"factor", m.convergence.below.factor}, {"cap", m.convergence.below.cap}}}}},
          {"rounding_thousands", m.rounding_thousands}};
}

json IcbFiguresJson(const IcbAllocation& r) {
  return {{"baseline_k", MoneyJson(r.baseline)},
          {"target_k", MoneyJson(r.previous_target)},
          {"distance_from_target", r.distance_from_target},
          {"base_growth", r.base_growth},
          {"convergence_distance", r.convergence_distance},
          {"convergence", r.convergence},
          {"recurrent_allocation_k", MoneyJson(r.recurrent_allocation)},
          {"recurrent_allocation_growth", r.recurrent_growth},
          {"population", r.population},
          {"per_head", r.per_head},
          {"allocation_year_target_k", MoneyJson(r.target)},
          {"post_convergence_distance", r.post_convergence_distance},
          {"total_allocation_k", MoneyJson(r.total_allocation)}};
}

json AllocationJson(const AllocationPolicy& p, const Allocation& a, const LoadedInputs& in) {
  json doc;
  doc["year"] = p.year;
  doc["stream"] = p.stream;
  doc["title"] = p.title;
  doc["notes"] = p.notes;
  doc["method"] = MethodJson(p.method);
  json icbs = json::array();
  for (size_t i = 0; i < a.icbs.size(); ++i) {
    const IcbAllocation& r = a.icbs[i];
    const BaselineConstruction& b = in.baselines[i];
    json add_ons = json::object();
    for (size_t k = 0; k < r.add_ons.size(); ++k) add_ons[in.add_on_labels[k]] = MoneyJson(r.add_ons[k]);
    json adjustments = json::object();
    for (size_t k = 0; k < b.adjustments.size(); ++k) {
      adjustments[p.baseline.adjustment_columns[k]] = MoneyJson(b.adjustments[k]);
    }
    json row = IcbFiguresJson(r);
    row["icb_code"] = r.code;
    row["icb_name"] = r.name;
    row["baseline_construction"] = {{"opening_k", MoneyJson(b.opening)},
                                    {"adjustments_k", adjustments},
                                    {"published_adjusted_k", MoneyJson(b.published_adjusted)}};
    row["add_ons_k"] = add_ons;
    icbs.push_back(std::move(row));
  }
  doc["icbs"] = std::move(icbs);
  const AllocationTotals& e = a.england;
  json add_ons = json::object();
  for (size_t k = 0; k < e.add_ons.size(); ++k) add_ons[in.add_on_labels[k]] = MoneyJson(e.add_ons[k]);
  doc["england"] = {{"baseline_k", MoneyJson(e.baseline)},
                    {"target_k", MoneyJson(e.previous_target)},
                    {"distance_from_target", e.distance_from_target},
                    {"recurrent_allocation_k", MoneyJson(e.recurrent_allocation)},
                    {"recurrent_allocation_growth", e.recurrent_growth},
                    {"population", e.population},
                    {"per_head", e.per_head},
                    {"allocation_year_target_k", MoneyJson(e.target)},
                    {"post_convergence_distance", e.post_convergence_distance},
                    {"add_ons_k", add_ons},
                    {"total_allocation_k", MoneyJson(e.total_allocation)},
                    {"total_label", p.allocations.total_label}};
  return doc;
}

Table AllocationTable(const AllocationPolicy& p, const Allocation& a, const LoadedInputs& in, bool england_row) {
  using K = ColumnKind;
  Table t;
  t.sheet = "Allocations";
  t.title = p.title;
  t.columns = {{"icb_code", K::kText},
               {"icb_name", K::kText},
               {"baseline_k", K::kMoneyK},
               {"target_k", K::kMoneyK},
               {"distance_from_target", K::kRatio},
               {"base_growth", K::kRatio},
               {"convergence_distance", K::kRatio},
               {"convergence", K::kRatio},
               {"recurrent_allocation_k", K::kMoneyK},
               {"recurrent_allocation_growth", K::kRatio},
               {"population", K::kInteger},
               {"per_head", K::kPounds},
               {"allocation_year_target_k", K::kMoneyK},
               {"post_convergence_distance", K::kRatio}};
  for (const std::string& label : in.add_on_labels) t.columns.push_back({label, K::kMoneyK});
  t.columns.push_back({"total_allocation_k", K::kMoneyK});
  for (const IcbAllocation& r : a.icbs) {
    std::vector<Cell> row = {TextCell(r.code),
                             TextCell(r.name),
                             MoneyCell(r.baseline),
                             MoneyCell(r.previous_target),
                             NumberCell(r.distance_from_target),
                             NumberCell(r.base_growth),
                             NumberCell(r.convergence_distance),
                             NumberCell(r.convergence),
                             MoneyCell(r.recurrent_allocation),
                             NumberCell(r.recurrent_growth),
                             NumberCell(r.population),
                             NumberCell(r.per_head),
                             MoneyCell(r.target),
                             NumberCell(r.post_convergence_distance)};
    for (Money m : r.add_ons) row.push_back(MoneyCell(m));
    row.push_back(MoneyCell(r.total_allocation));
    t.rows.push_back(std::move(row));
  }
  std::string note =
      "Money in £ thousands; total = recurrent allocation + add-ons (\"" + p.allocations.total_label + "\").";
  if (england_row) {
    const AllocationTotals& e = a.england;
    std::vector<Cell> total = {TextCell(""),
                               TextCell("England"),
                               MoneyCell(e.baseline),
                               MoneyCell(e.previous_target),
                               NumberCell(e.distance_from_target),
                               EmptyCell(),
                               EmptyCell(),
                               EmptyCell(),
                               MoneyCell(e.recurrent_allocation),
                               NumberCell(e.recurrent_growth),
                               NumberCell(e.population),
                               NumberCell(e.per_head),
                               MoneyCell(e.target),
                               NumberCell(e.post_convergence_distance)};
    for (Money m : e.add_ons) total.push_back(MoneyCell(m));
    total.push_back(MoneyCell(e.total_allocation));
    t.rows.push_back(std::move(total));
    note += " England = the sum of the ICB rows.";
  }
  t.notes.push_back(note);
  for (const std::string& n : p.notes) t.notes.push_back("Note: " + n);
  return t;
}

json PathJson(const PathResult& path) {
  json icbs = json::array();
  for (const IcbPath& ip : path.icbs) {
    json alloc = json::array(), target = json::array();
    for (Money m : ip.allocation) alloc.push_back(MoneyJson(m));
    for (Money m : ip.target) target.push_back(MoneyJson(m));
    icbs.push_back({{"icb_code", ip.code},
                    {"years_to_threshold", ip.years_to_threshold ? json(*ip.years_to_threshold) : json(nullptr)},
                    {"recurrent_allocation_k", alloc},
                    {"target_k", target},
                    {"distance", ip.distance}});
  }
  json england_allocation = json::array(), england_target = json::array();
  for (Money m : path.total_allocation) england_allocation.push_back(MoneyJson(m));
  for (Money m : path.total_target) england_target.push_back(MoneyJson(m));
  return {{"years", path.years},
          {"england", {{"recurrent_allocation_k", england_allocation}, {"target_k", england_target}}},
          {"target_growth", path.target_growth},
          {"threshold", path.threshold},
          {"within_by_year", path.within_by_year},
          {"icbs", icbs}};
}

json WhatIfJson(const AllocationPolicy& p, const WhatIf& w, const WhatIfResult& r, const PathResult* path) {
  json doc;
  doc["year"] = p.year;
  doc["stream"] = p.stream;
  doc["title"] = p.title;
  json settings = json::object();
  for (const auto& [k, v] : w.settings) settings[k] = v;
  json practices = json::object();
  for (const auto& [k, v] : w.practice_weights) practices[k] = v;
  doc["what_if"] = {{"settings", settings}, {"practice_weights", practices}};
  if (w.quantum) doc["what_if"]["quantum_k"] = MoneyJson(*w.quantum);
  doc["published_method"] = MethodJson(p.method);
  doc["method"] = MethodJson(r.method);
  doc["published_quantum_k"] = MoneyJson(r.published_quantum);
  doc["quantum_k"] = MoneyJson(r.quantum);
  doc["total_difference_k"] = MoneyJson(r.total_difference);
  doc["notes"] = r.notes;
  json icbs = json::array();
  for (const IcbDifference& d : r.icbs) {
    icbs.push_back({{"icb_code", d.code},
                    {"icb_name", d.name},
                    {"published_allocation_k", MoneyJson(d.published_allocation)},
                    {"allocation_k", MoneyJson(d.allocation)},
                    {"difference_k", MoneyJson(d.difference)},
                    {"difference_ratio", d.difference_ratio},
                    {"published_target_k", MoneyJson(d.published_target)},
                    {"target_k", MoneyJson(d.target)},
                    {"published_convergence", d.published_convergence},
                    {"convergence", d.convergence},
                    {"published_post_convergence_distance", d.published_post_distance},
                    {"post_convergence_distance", d.post_distance}});
  }
  doc["icbs"] = std::move(icbs);
  if (path) doc["path"] = PathJson(*path);
  return doc;
}

Table WhatIfTable(const AllocationPolicy& p, const WhatIfResult& r, const PathResult* path, bool changed) {
  using K = ColumnKind;
  Table t;
  t.sheet = changed ? "What-if" : "Path to target";
  t.title = p.title + (changed ? ": what-if against the published position" : ": path to target");
  t.columns = {{"icb_code", K::kText},
               {"icb_name", K::kText},
               {"published_allocation_k", K::kMoneyK},
               {"allocation_k", K::kMoneyK},
               {"difference_k", K::kMoneyK},
               {"difference_ratio", K::kRatio},
               {"published_target_k", K::kMoneyK},
               {"target_k", K::kMoneyK},
               {"published_convergence", K::kRatio},
               {"convergence", K::kRatio},
               {"published_post_convergence_distance", K::kRatio},
               {"post_convergence_distance", K::kRatio}};
  if (path) {
    t.columns.push_back({"years_to_threshold", K::kInteger});
    for (const std::string& y : path->years) t.columns.push_back({"distance_" + y, K::kRatio});
  }
  for (size_t i = 0; i < r.icbs.size(); ++i) {
    const IcbDifference& d = r.icbs[i];
    std::vector<Cell> row = {TextCell(d.code),
                             TextCell(d.name),
                             MoneyCell(d.published_allocation),
                             MoneyCell(d.allocation),
                             MoneyCell(d.difference),
                             NumberCell(d.difference_ratio),
                             MoneyCell(d.published_target),
                             MoneyCell(d.target),
                             NumberCell(d.published_convergence),
                             NumberCell(d.convergence),
                             NumberCell(d.published_post_distance),
                             NumberCell(d.post_distance)};
    if (path) {
      const IcbPath& ip = path->icbs[i];
      row.push_back(ip.years_to_threshold ? NumberCell(*ip.years_to_threshold) : EmptyCell());
      for (double dist : ip.distance) row.push_back(NumberCell(dist));
    }
    t.rows.push_back(std::move(row));
  }
  t.notes.push_back("Money in £ thousands. Published = the unchanged policy, which reproduces the published table.");
  if (path) {
    t.notes.push_back("Path: targets grow " + Percent(path->target_growth) +
                      " a year; each baseline is the previous recurrent allocation; within target = within " +
                      Percent(path->threshold) + ".");
  }
  for (const std::string& n : r.notes) t.notes.push_back("Note: " + n);
  return t;
}

}  // namespace ics::finance::io
