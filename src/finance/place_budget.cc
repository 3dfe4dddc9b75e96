#include "finance/place_budget.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "base/text.h"
#include "finance/csv.h"

namespace ics::finance {

Result<NeedTable> ReadNeedTable(std::string_view text, std::string source, const NeedTableSpec& spec,
                                std::string_view icb) {
  ICS_ASSIGN_OR_RETURN(CsvTable t, CsvTable::Parse(text, source));
  ICS_ASSIGN_OR_RETURN(size_t code_col, t.Column(spec.code_column));
  ICS_ASSIGN_OR_RETURN(size_t icb_col, t.Column(spec.icb_column));
  ICS_ASSIGN_OR_RETURN(size_t pop_col, t.Column(spec.population_column));
  ICS_ASSIGN_OR_RETURN(size_t weight_col, t.Column(spec.weight_column));
  ICS_ASSIGN_OR_RETURN(size_t area_col, t.Column(spec.area_column));
  std::optional<size_t> name_col, area_name_col;
  if (!spec.name_column.empty()) {
    ICS_ASSIGN_OR_RETURN(name_col, t.Column(spec.name_column));
  }
  if (!spec.area_name_column.empty()) {
    ICS_ASSIGN_OR_RETURN(area_name_col, t.Column(spec.area_name_column));
  }
  NeedTable out;
  out.source = source;
  out.icb = std::string(icb);
  out.spec = spec;
  std::vector<size_t> component_cols;
  for (const std::string& c : spec.component_columns) {
    if (t.Column(c).ok()) {
      component_cols.push_back(*t.Column(c));
      out.components.push_back(c);
    } else {
      out.missing_components.push_back(c);
    }
  }
  std::map<std::string, size_t, std::less<>> first_row;
  std::map<std::string, bool, std::less<>> seen_icb;
  for (size_t r = 0; r < t.size(); ++r) {
    ICS_ASSIGN_OR_RETURN(std::string code, t.TextCell(r, code_col));
    auto [it, inserted] = first_row.emplace(code, r);
    if (!inserted) {
      return InvalidArgument("column \"" + spec.code_column + "\": duplicate practice code " + code +
                                 " (first at " + t.Where(it->second) + ")",
                             t.Where(r));
    }
    ICS_ASSIGN_OR_RETURN(std::string practice_icb, t.TextCell(r, icb_col));
    if (seen_icb.emplace(practice_icb, true).second) out.icbs.push_back(practice_icb);
    if (practice_icb != icb) continue;
    NeedPractice p;
    p.code = std::move(code);
    p.where = t.Where(r);
    if (name_col) p.name = t.cell(r, *name_col);
    p.area = t.cell(r, area_col);
    if (area_name_col) p.area_name = t.cell(r, *area_name_col);
    ICS_ASSIGN_OR_RETURN(p.population, t.NumberCell(r, pop_col, false));
    ICS_ASSIGN_OR_RETURN(p.weighted, t.NumberCell(r, weight_col, false));
    for (size_t c : component_cols) {
      ICS_ASSIGN_OR_RETURN(double v, t.NumberCell(r, c, false));
      p.components.push_back(v);
    }
    out.practices.push_back(std::move(p));
  }
  if (out.practices.empty()) {
    std::string message = "no practice in column \"" + spec.icb_column + "\" belongs to ICB " + std::string(icb);
    std::string near = ClosestMatch(icb, out.icbs);
    if (!near.empty()) message += "; did you mean " + near + "?";
    return NotFound(message, source);
  }
  return out;
}

Result<PlaceMap> ParsePlaceMap(std::string_view text, std::string source) {
  ICS_ASSIGN_OR_RETURN(CsvTable t, CsvTable::Parse(text, source));
  // "provider" reads better in a map of providers to their practices.
  ICS_ASSIGN_OR_RETURN(size_t place_col, t.Column(t.Column("provider").ok() ? "provider" : "place"));
  ICS_ASSIGN_OR_RETURN(size_t code_col, t.Column("code"));
  std::optional<size_t> name_col;
  if (t.Column("name").ok()) name_col = *t.Column("name");
  PlaceMap out;
  out.source = source;
  std::map<std::string, size_t, std::less<>> place_index;
  struct Seen {
    std::string place;
    size_t row;
  };
  std::map<std::string, Seen, std::less<>> code_seen;
  for (size_t r = 0; r < t.size(); ++r) {
    ICS_ASSIGN_OR_RETURN(std::string id, t.TextCell(r, place_col));
    ICS_ASSIGN_OR_RETURN(std::string code, t.TextCell(r, code_col));
    std::string name = name_col ? t.cell(r, *name_col) : std::string();
    auto [pi, new_place] = place_index.emplace(id, out.places.size());
    if (new_place) out.places.push_back({id, name, {}, {}});
    PlaceDefinition& place = out.places[pi->second];
    if (!name.empty()) {
      if (place.name.empty()) {
        place.name = name;
      } else if (place.name != name) {
        return InvalidArgument("place " + id + " is named \"" + place.name + "\" earlier and \"" + name + "\" here",
                               t.Where(r));
      }
    }
    auto [ci, new_code] = code_seen.emplace(code, Seen{id, r});
    if (!new_code) {
      if (ci->second.place == id) {
        return InvalidArgument("code " + code + " is listed twice for place " + id + " (first at " +
                                   t.Where(ci->second.row) + ")",
                               t.Where(r));
      }
      return InvalidArgument("code " + code + " is in place " + ci->second.place + " (at " + t.Where(ci->second.row) +
                                 ") and in place " + id + ": footprints must not overlap",
                             t.Where(r));
    }
    place.footprint.push_back(code);
    place.where.push_back(t.Where(r));
  }
  if (out.places.empty()) return InvalidArgument("the place map has no places", source);
  return out;
}

std::vector<Money> Apportion(Money total, const std::vector<double>& weights) {
  const long double sum = std::accumulate(weights.begin(), weights.end(), 0.0L);
  std::vector<Money> parts(weights.size());
  if (weights.empty() || !(sum > 0)) return parts;
  std::vector<std::pair<long double, size_t>> remainders;
  int64_t assigned = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const long double exact = static_cast<long double>(total.pence()) * (weights[i] / sum);
    const long double whole = std::floor(exact);
    parts[i] = Money::FromPence(static_cast<int64_t>(whole));
    assigned += static_cast<int64_t>(whole);
    remainders.emplace_back(exact - whole, i);
  }
  // Largest remainders first; ties to the earlier place.
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  int64_t left = total.pence() - assigned;
  for (size_t k = 0; left != 0; k = (k + 1) % remainders.size()) {
    const int64_t step = left > 0 ? 1 : -1;
    parts[remainders[k].second] += Money::FromPence(step);
    left -= step;
  }
  return parts;
}

namespace {

struct Group {
  std::string id, name;
  int practices = 0;
  long double population = 0, weighted = 0;
  std::vector<long double> components;
};

Result<PlaceBudgets> Finish(const NeedTable& need, std::vector<Group> groups, Money budget) {
  if (budget.pence() < 0) return InvalidArgument("the ICB budget must not be negative", "--budget");
  PlaceBudgets out;
  out.icb = need.icb;
  out.area_column = need.spec.area_column;
  out.budget = budget;
  out.components = need.components;
  long double population = 0, weighted = 0;
  std::vector<long double> components(need.components.size(), 0.0L);
  for (const NeedPractice& p : need.practices) {
    population += p.population;
    weighted += p.weighted;
    for (size_t c = 0; c < components.size(); ++c) components[c] += p.components[c];
  }
  out.practices = static_cast<int>(need.practices.size());
  out.population = static_cast<double>(population);
  out.weighted = static_cast<double>(weighted);
  if (!(population > 0) || !(weighted > 0)) {
    return InvalidArgument("the practices of ICB " + need.icb + " have no population or weighted population",
                           need.source);
  }
  std::vector<double> weights;
  for (const Group& g : groups) weights.push_back(static_cast<double>(g.weighted));
  std::vector<Money> budgets = Apportion(budget, weights);
  const long double icb_index = weighted / population;
  for (size_t i = 0; i < groups.size(); ++i) {
    const Group& g = groups[i];
    PlaceBudget b;
    b.id = g.id;
    b.name = g.name;
    b.practices = g.practices;
    b.population = static_cast<double>(g.population);
    b.weighted = static_cast<double>(g.weighted);
    b.share = static_cast<double>(g.weighted / weighted);
    b.need_index = g.population > 0 ? static_cast<double>((g.weighted / g.population) / icb_index) : 0.0;
    for (size_t c = 0; c < components.size(); ++c) {
      const long double icb_c = components[c] / population;
      b.component_index.push_back(g.population > 0 && icb_c > 0
                                      ? static_cast<double>((g.components[c] / g.population) / icb_c)
                                      : 0.0);
    }
    b.budget = budgets[i];
    b.per_head = g.population > 0 ? b.budget.ToThousands() * 1000.0 / b.population : 0.0;
    b.per_weighted_head = g.weighted > 0 ? b.budget.ToThousands() * 1000.0 / b.weighted : 0.0;
    out.places.push_back(std::move(b));
  }
  return out;
}

void AddPractice(Group* g, const NeedPractice& p) {
  g->practices++;
  g->population += p.population;
  g->weighted += p.weighted;
  if (g->components.size() < p.components.size()) g->components.resize(p.components.size(), 0.0L);
  for (size_t c = 0; c < p.components.size(); ++c) g->components[c] += p.components[c];
}

}  // namespace

Result<PlaceBudgets> BudgetsByArea(const NeedTable& need, Money budget) {
  std::vector<Group> groups;
  std::map<std::string, size_t, std::less<>> index;
  for (const NeedPractice& p : need.practices) {
    if (p.area.empty()) {
      return InvalidArgument("column \"" + need.spec.area_column + "\" is empty for practice " + p.code +
                                 ", so it cannot be placed; choose another column or give a place map",
                             p.where);
    }
    auto [it, inserted] = index.emplace(p.area, groups.size());
    if (inserted) groups.push_back({p.area, p.area_name, 0, 0, 0, {}});
    AddPractice(&groups[it->second], p);
  }
  return Finish(need, std::move(groups), budget);
}

Result<PlaceBudgets> BudgetsByPlaceMap(const NeedTable& need, const PlaceMap& map, Money budget,
                                       const std::string& unmapped_place) {
  std::map<std::string, size_t, std::less<>> place_of_code;
  std::vector<Group> groups;
  for (size_t i = 0; i < map.places.size(); ++i) {
    const PlaceDefinition& d = map.places[i];
    groups.push_back({d.id, d.name, 0, 0, 0, std::vector<long double>(need.components.size(), 0.0L)});
    for (const std::string& code : d.footprint) place_of_code[code] = i;
  }
  std::optional<size_t> rest;
  if (!unmapped_place.empty()) {
    for (size_t i = 0; i < groups.size(); ++i) {
      if (groups[i].id == unmapped_place) rest = i;
    }
    if (!rest) {
      rest = groups.size();
      groups.push_back({unmapped_place, "practices not in the map", 0, 0, 0,
                        std::vector<long double>(need.components.size(), 0.0L)});
    }
  }
  std::map<std::string, int, std::less<>> code_used;
  for (const NeedPractice& p : need.practices) {
    auto it = p.area.empty() ? place_of_code.end() : place_of_code.find(p.area);
    if (it == place_of_code.end()) {
      if (rest) {
        AddPractice(&groups[*rest], p);
        continue;
      }
      return InvalidArgument("practice " + p.code + " (" + need.spec.area_column + " " +
                                 (p.area.empty() ? std::string("empty") : p.area) + ") is in no place of " +
                                 map.source + "; add its code to a place, or collect such practices with "
                                 "--unmapped PLACE",
                             p.where);
    }
    code_used[p.area]++;
    AddPractice(&groups[it->second], p);
  }
  for (const PlaceDefinition& d : map.places) {
    for (size_t k = 0; k < d.footprint.size(); ++k) {
      if (!code_used.count(d.footprint[k])) {
        return InvalidArgument("no practice of ICB " + need.icb + " has " + need.spec.area_column + " " +
                                   d.footprint[k] + " (place " + d.id + "); check the code or the ICB",
                               d.where[k]);
      }
    }
  }
  return Finish(need, std::move(groups), budget);
}

}  // namespace ics::finance
