#include "finance/policy.h"

#include <charconv>
#include <cmath>
#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "base/text.h"

namespace ics::finance {
namespace {

using nlohmann::json;

// Keys that document a value and are ignored by the engine.
constexpr std::string_view kDocKeys[] = {"note", "notes", "empirical", "source"};

class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  Status Error(const std::string& path, const std::string& message) const {
    return InvalidArgument(message, source_ + ": " + (path.empty() ? "/" : path));
  }

  // Rejects keys outside `allowed` (plus the documentation keys), with a "did you mean".
  Status CheckKeys(const json& object, const std::string& path,
                   std::initializer_list<std::string_view> allowed) const {
    if (!object.is_object()) return Error(path, "must be an object");
    std::vector<std::string> names(allowed.begin(), allowed.end());
    for (auto it = object.begin(); it != object.end(); ++it) {
      const std::string& key = it.key();
      bool ok = std::find(names.begin(), names.end(), key) != names.end() ||
                std::find(std::begin(kDocKeys), std::end(kDocKeys), key) != std::end(kDocKeys);
      if (!ok) {
        std::string message = "unknown field \"" + key + "\"";
        std::string near = ClosestMatch(key, names);
        if (!near.empty()) message += "; did you mean \"" + near + "\"?";
        return Error(path + "/" + key, message);
      }
    }
    return Status::Ok();
  }

  Result<const json*> Field(const json& object, const std::string& path, const char* key) const {
    auto it = object.find(key);
    if (it == object.end()) return Error(path + "/" + key, "is required");
    return &*it;
  }

  Result<std::string> String(const json& object, const std::string& path, const char* key) const {
    ICS_ASSIGN_OR_RETURN(const json* v, Field(object, path, key));
    if (!v->is_string() || v->get_ref<const std::string&>().empty()) {
      return Error(path + "/" + key, "must be a non-empty string");
    }
    return v->get<std::string>();
  }

  Result<std::string> OptionalString(const json& object, const std::string& path, const char* key,
                                     std::string fallback) const {
    if (!object.contains(key)) return fallback;
    return String(object, path, key);
  }

  Result<std::vector<std::string>> Strings(const json& object, const std::string& path, const char* key,
                                           bool required) const {
    auto it = object.find(key);
    if (it == object.end()) {
      if (required) return Error(path + "/" + key, "is required");
      return std::vector<std::string>{};
    }
    if (!it->is_array()) return Error(path + "/" + key, "must be an array of strings");
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (size_t i = 0; i < it->size(); ++i) {
      const json& s = (*it)[i];
      std::string where = path + "/" + key + "/" + std::to_string(i);
      if (!s.is_string() || s.get_ref<const std::string&>().empty()) return Error(where, "must be a non-empty string");
      if (!seen.insert(s.get<std::string>()).second) return Error(where, "repeats \"" + s.get<std::string>() + "\"");
      out.push_back(s.get<std::string>());
    }
    return out;
  }

  // A ratio: a JSON number, or a string holding a number or an exact fraction "a/b".
  Result<double> Ratio(const json& object, const std::string& path, const char* key) const {
    ICS_ASSIGN_OR_RETURN(const json* v, Field(object, path, key));
    const std::string where = path + "/" + key;
    if (v->is_number()) {
      double d = v->get<double>();
      if (!std::isfinite(d)) return Error(where, "must be finite");
      return d;
    }
    if (!v->is_string()) return Error(where, "must be a number or a fraction such as \"1/15\"");
    const std::string& text = v->get_ref<const std::string&>();
    auto parse = [](std::string_view s, double* out) {
      if (!s.empty() && s.front() == '+') s.remove_prefix(1);
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
      return ec == std::errc() && end == s.data() + s.size() && std::isfinite(*out);
    };
    size_t slash = text.find('/');
    double num = 0, den = 1;
    bool ok = slash == std::string::npos
                  ? parse(text, &num)
                  : parse(std::string_view(text).substr(0, slash), &num) &&
                        parse(std::string_view(text).substr(slash + 1), &den) && den != 0;
    if (!ok) return Error(where, "\"" + text + "\" is not a number or a fraction such as \"1/15\"");
    return num / den;
  }

  Result<std::string> Enum(const json& object, const std::string& path, const char* key,
                           std::initializer_list<std::string_view> values) const {
    ICS_ASSIGN_OR_RETURN(std::string v, String(object, path, key));
    for (std::string_view allowed : values) {
      if (v == allowed) return v;
    }
    std::string expected;
    for (std::string_view allowed : values) {
      expected += (expected.empty() ? "" : ", ") + std::string("\"") + std::string(allowed) + "\"";
    }
    return Error(path + "/" + key, "\"" + v + "\" is not recognised; expected one of " + expected);
  }

 private:
  std::string source_;
};

Status ReadSide(const Reader& r, const json& object, const std::string& path, ConvergenceSide* side) {
  ICS_RETURN_IF_ERROR(r.CheckKeys(object, path, {"factor", "cap"}));
  ICS_ASSIGN_OR_RETURN(side->factor, r.Ratio(object, path, "factor"));
  ICS_ASSIGN_OR_RETURN(side->cap, r.Ratio(object, path, "cap"));
  if (side->factor < 0) return r.Error(path + "/factor", "must be ≥ 0");
  if (side->cap < 0) return r.Error(path + "/cap", "must be ≥ 0");
  return Status::Ok();
}

Status ReadMethod(const Reader& r, const json& m, MethodPolicy* method) {
  const std::string path = "/method";
  ICS_RETURN_IF_ERROR(r.CheckKeys(m, path, {"growth", "convergence", "rounding_thousands"}));

  ICS_ASSIGN_OR_RETURN(const json* g, r.Field(m, path, "growth"));
  const std::string gp = path + "/growth";
  ICS_ASSIGN_OR_RETURN(std::string basis, r.Enum(*g, gp, "basis", {"own_target_growth", "uniform"}));
  if (basis == "uniform") {
    ICS_RETURN_IF_ERROR(r.CheckKeys(*g, gp, {"basis", "rate"}));
    method->growth.basis = GrowthBasis::kUniform;
    ICS_ASSIGN_OR_RETURN(method->growth.rate, r.Ratio(*g, gp, "rate"));
    if (method->growth.rate <= -1) return r.Error(gp + "/rate", "must be > -1");
  } else {
    ICS_RETURN_IF_ERROR(r.CheckKeys(*g, gp, {"basis", "scale"}));
    method->growth.basis = GrowthBasis::kOwnTargetGrowth;
    if (g->contains("scale")) {
      ICS_ASSIGN_OR_RETURN(method->growth.scale, r.Ratio(*g, gp, "scale"));
      if (method->growth.scale <= 0) return r.Error(gp + "/scale", "must be > 0");
    }
  }

  ICS_ASSIGN_OR_RETURN(const json* c, r.Field(m, path, "convergence"));
  const std::string cp = path + "/convergence";
  ICS_RETURN_IF_ERROR(r.CheckKeys(*c, cp, {"distance", "above_target", "below_target", "symmetric"}));
  ICS_ASSIGN_OR_RETURN(std::string distance, r.Enum(*c, cp, "distance", {"before_growth", "after_growth"}));
  method->convergence.distance =
      distance == "before_growth" ? DistanceBasis::kBeforeGrowth : DistanceBasis::kAfterGrowth;
  if (c->contains("symmetric")) {
    if (c->contains("above_target") || c->contains("below_target")) {
      return r.Error(cp + "/symmetric", "give either \"symmetric\" or \"above_target\" and \"below_target\", not both");
    }
    ICS_RETURN_IF_ERROR(ReadSide(r, (*c)["symmetric"], cp + "/symmetric", &method->convergence.above));
    method->convergence.below = method->convergence.above;
  } else {
    ICS_ASSIGN_OR_RETURN(const json* above, r.Field(*c, cp, "above_target"));
    ICS_ASSIGN_OR_RETURN(const json* below, r.Field(*c, cp, "below_target"));
    ICS_RETURN_IF_ERROR(ReadSide(r, *above, cp + "/above_target", &method->convergence.above));
    ICS_RETURN_IF_ERROR(ReadSide(r, *below, cp + "/below_target", &method->convergence.below));
  }

  if (m.contains("rounding_thousands")) {
    const json& v = m["rounding_thousands"];
    if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 1000000) {
      return r.Error(path + "/rounding_thousands", "must be a whole number of £k between 1 and 1000000");
    }
    method->rounding_thousands = v.get<int64_t>();
  }
  return Status::Ok();
}

Status ReadInputs(const Reader& r, const json& in, AllocationPolicy* p) {
  const std::string path = "/inputs";
  ICS_RETURN_IF_ERROR(r.CheckKeys(in, path, {"allocations", "baseline", "practices", "target", "population"}));

  {  // allocations
    ICS_ASSIGN_OR_RETURN(const json* a, r.Field(in, path, "allocations"));
    const std::string ap = path + "/allocations";
    ICS_RETURN_IF_ERROR(r.CheckKeys(*a, ap, {"file", "row_type_column", "icb_row_type", "code_column", "name_column",
                                             "baseline_column", "previous_target_column", "add_on_columns",
                                             "total_label"}));
    AllocationsInput& x = p->allocations;
    ICS_ASSIGN_OR_RETURN(x.file, r.String(*a, ap, "file"));
    ICS_ASSIGN_OR_RETURN(x.row_type_column, r.OptionalString(*a, ap, "row_type_column", "row_type"));
    ICS_ASSIGN_OR_RETURN(x.icb_row_type, r.OptionalString(*a, ap, "icb_row_type", "icb"));
    ICS_ASSIGN_OR_RETURN(x.code_column, r.String(*a, ap, "code_column"));
    ICS_ASSIGN_OR_RETURN(x.name_column, r.String(*a, ap, "name_column"));
    ICS_ASSIGN_OR_RETURN(x.baseline_column, r.String(*a, ap, "baseline_column"));
    ICS_ASSIGN_OR_RETURN(x.previous_target_column, r.String(*a, ap, "previous_target_column"));
    ICS_ASSIGN_OR_RETURN(x.add_on_columns, r.Strings(*a, ap, "add_on_columns", false));
    ICS_ASSIGN_OR_RETURN(x.total_label, r.OptionalString(*a, ap, "total_label", "Total allocation (£k)"));
  }
  {  // baseline
    ICS_ASSIGN_OR_RETURN(const json* b, r.Field(in, path, "baseline"));
    const std::string bp = path + "/baseline";
    ICS_RETURN_IF_ERROR(r.CheckKeys(*b, bp, {"file", "row_type_column", "icb_row_type", "code_column",
                                             "opening_column", "adjustment_columns", "adjusted_column"}));
    BaselineInput& x = p->baseline;
    ICS_ASSIGN_OR_RETURN(x.file, r.String(*b, bp, "file"));
    ICS_ASSIGN_OR_RETURN(x.row_type_column, r.OptionalString(*b, bp, "row_type_column", "row_type"));
    ICS_ASSIGN_OR_RETURN(x.icb_row_type, r.OptionalString(*b, bp, "icb_row_type", "icb"));
    ICS_ASSIGN_OR_RETURN(x.code_column, r.String(*b, bp, "code_column"));
    ICS_ASSIGN_OR_RETURN(x.opening_column, r.String(*b, bp, "opening_column"));
    ICS_ASSIGN_OR_RETURN(x.adjustment_columns, r.Strings(*b, bp, "adjustment_columns", true));
    ICS_ASSIGN_OR_RETURN(x.adjusted_column, r.String(*b, bp, "adjusted_column"));
  }
  if (in.contains("practices")) {
    const json& pr = in["practices"];
    const std::string pp = path + "/practices";
    ICS_RETURN_IF_ERROR(r.CheckKeys(pr, pp, {"file", "code_column", "icb_column", "sub_icb_columns",
                                             "population_column", "weight_column"}));
    PracticesInput x;
    ICS_ASSIGN_OR_RETURN(x.file, r.String(pr, pp, "file"));
    ICS_ASSIGN_OR_RETURN(x.code_column, r.String(pr, pp, "code_column"));
    ICS_ASSIGN_OR_RETURN(x.icb_column, r.String(pr, pp, "icb_column"));
    ICS_ASSIGN_OR_RETURN(x.sub_icb_columns, r.Strings(pr, pp, "sub_icb_columns", false));
    ICS_ASSIGN_OR_RETURN(x.population_column, r.String(pr, pp, "population_column"));
    ICS_ASSIGN_OR_RETURN(x.weight_column, r.String(pr, pp, "weight_column"));
    p->practices = std::move(x);
  }
  {  // target
    ICS_ASSIGN_OR_RETURN(const json* t, r.Field(in, path, "target"));
    const std::string tp = path + "/target";
    ICS_ASSIGN_OR_RETURN(std::string method,
                         r.Enum(*t, tp, "method",
                                {"weighted_population_share", "previous_target_growth",
                                 "implied_by_post_convergence_distance"}));
    TargetInput& x = p->target;
    if (method == "weighted_population_share") {
      ICS_RETURN_IF_ERROR(r.CheckKeys(*t, tp, {"method", "quantum_thousands"}));
      x.method = TargetMethod::kWeightedPopulationShare;
      ICS_ASSIGN_OR_RETURN(std::string q, r.String(*t, tp, "quantum_thousands"));
      std::string why;
      std::optional<Money> quantum = ParseThousands(q, &why);
      if (!quantum) return r.Error(tp + "/quantum_thousands", "\"" + q + "\" " + why);
      if (quantum->pence() <= 0) return r.Error(tp + "/quantum_thousands", "must be positive");
      x.quantum = *quantum;
      if (!p->practices) return r.Error(path + "/practices", "is required by the weighted_population_share target");
    } else if (method == "previous_target_growth") {
      ICS_RETURN_IF_ERROR(r.CheckKeys(*t, tp, {"method", "growth_column"}));
      x.method = TargetMethod::kPreviousTargetGrowth;
      ICS_ASSIGN_OR_RETURN(x.growth_column, r.String(*t, tp, "growth_column"));
    } else {
      ICS_RETURN_IF_ERROR(r.CheckKeys(*t, tp, {"method", "allocation_column", "post_distance_column"}));
      x.method = TargetMethod::kImpliedByPostConvergenceDistance;
      ICS_ASSIGN_OR_RETURN(x.allocation_column, r.String(*t, tp, "allocation_column"));
      ICS_ASSIGN_OR_RETURN(x.post_distance_column, r.String(*t, tp, "post_distance_column"));
    }
  }
  {  // population
    ICS_ASSIGN_OR_RETURN(const json* pop, r.Field(in, path, "population"));
    const std::string pp = path + "/population";
    ICS_ASSIGN_OR_RETURN(std::string method, r.Enum(*pop, pp, "method", {"practices", "implied_by_per_head"}));
    PopulationInput& x = p->population;
    if (method == "practices") {
      ICS_RETURN_IF_ERROR(r.CheckKeys(*pop, pp, {"method"}));
      x.method = PopulationMethod::kPractices;
      if (!p->practices) return r.Error(path + "/practices", "is required by the practices population");
    } else {
      ICS_RETURN_IF_ERROR(r.CheckKeys(*pop, pp, {"method", "allocation_column", "per_head_column"}));
      x.method = PopulationMethod::kImpliedByPerHead;
      ICS_ASSIGN_OR_RETURN(x.allocation_column, r.String(*pop, pp, "allocation_column"));
      ICS_ASSIGN_OR_RETURN(x.per_head_column, r.String(*pop, pp, "per_head_column"));
    }
  }
  return Status::Ok();
}

// Columns that play two roles would be counted twice (an add-on that is also the baseline,
// an adjustment that is also the opening figure): a located error at the second role.
Status CheckOverlappingColumns(const Reader& r, const AllocationPolicy& p) {
  using Role = std::pair<std::string, std::string>;  // JSON pointer, column
  auto first_clash = [&](const std::vector<Role>& fixed, const std::vector<Role>& exclusive) -> Status {
    for (const Role& e : exclusive) {
      for (const Role& f : fixed) {
        if (f.second == e.second && f.first != e.first) {
          return r.Error(e.first, "column \"" + e.second + "\" is also " + f.first +
                                      "; one column cannot play both roles (it would be counted twice)");
        }
      }
    }
    return Status::Ok();
  };
  const AllocationsInput& a = p.allocations;
  std::vector<Role> fixed = {{"/inputs/allocations/code_column", a.code_column},
                             {"/inputs/allocations/name_column", a.name_column},
                             {"/inputs/allocations/baseline_column", a.baseline_column},
                             {"/inputs/allocations/previous_target_column", a.previous_target_column},
                             {"/inputs/allocations/total_label", a.total_label}};
  if (p.target.method == TargetMethod::kPreviousTargetGrowth) {
    fixed.push_back({"/inputs/target/growth_column", p.target.growth_column});
  } else if (p.target.method == TargetMethod::kImpliedByPostConvergenceDistance) {
    fixed.push_back({"/inputs/target/allocation_column", p.target.allocation_column});
    fixed.push_back({"/inputs/target/post_distance_column", p.target.post_distance_column});
  }
  if (p.population.method == PopulationMethod::kImpliedByPerHead) {
    fixed.push_back({"/inputs/population/allocation_column", p.population.allocation_column});
    fixed.push_back({"/inputs/population/per_head_column", p.population.per_head_column});
  }
  std::vector<Role> add_ons;
  for (size_t i = 0; i < a.add_on_columns.size(); ++i) {
    add_ons.push_back({"/inputs/allocations/add_on_columns/" + std::to_string(i), a.add_on_columns[i]});
  }
  ICS_RETURN_IF_ERROR(first_clash(fixed, add_ons));
  ICS_RETURN_IF_ERROR(first_clash({{"/inputs/allocations/baseline_column", a.baseline_column}},
                                  {{"/inputs/allocations/previous_target_column", a.previous_target_column}}));
  const BaselineInput& b = p.baseline;
  std::vector<Role> adjustments;
  for (size_t i = 0; i < b.adjustment_columns.size(); ++i) {
    adjustments.push_back({"/inputs/baseline/adjustment_columns/" + std::to_string(i), b.adjustment_columns[i]});
  }
  ICS_RETURN_IF_ERROR(first_clash({{"/inputs/baseline/code_column", b.code_column},
                                   {"/inputs/baseline/opening_column", b.opening_column},
                                   {"/inputs/baseline/adjusted_column", b.adjusted_column}},
                                  adjustments));
  if (p.practices) {
    const PracticesInput& pr = *p.practices;
    ICS_RETURN_IF_ERROR(first_clash({{"/inputs/practices/population_column", pr.population_column}},
                                    {{"/inputs/practices/weight_column", pr.weight_column}}));
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::string> AllocationPolicy::Files() const {
  std::vector<std::string> files = {allocations.file};
  auto add = [&](const std::string& f) {
    if (std::find(files.begin(), files.end(), f) == files.end()) files.push_back(f);
  };
  add(baseline.file);
  if (practices) add(practices->file);
  return files;
}

Result<std::string> YearKey(std::string_view year) {
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (year.size() != 7 || year[4] != '/' || !digits(year.substr(0, 4)) || !digits(year.substr(5, 2))) {
    return InvalidArgument("year \"" + std::string(year) + "\" is not a financial year such as 2025/26");
  }
  int first = std::stoi(std::string(year.substr(0, 4)));
  int second = std::stoi(std::string(year.substr(5, 2)));
  if ((first + 1) % 100 != second) {
    return InvalidArgument("year \"" + std::string(year) + "\" is not a financial year: " +
                           std::to_string(first) + " is followed by " + std::to_string((first + 1) % 100));
  }
  return std::string(year.substr(0, 4)) + "_" + std::string(year.substr(5, 2));
}

Result<AllocationPolicy> ParseAllocationPolicy(std::string_view json_text, std::string_view source) {
  Reader r(source);
  json doc;
  try {
    doc = json::parse(json_text.begin(), json_text.end());
  } catch (const json::parse_error& e) {
    // Byte offset -> line:col.
    size_t offset = std::min<size_t>(e.byte == 0 ? 0 : e.byte - 1, json_text.size());
    int line = 1, col = 1;
    for (size_t i = 0; i < offset; ++i) {
      if (json_text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    // "[json.exception.parse_error.101] parse error at line 2, column 12: syntax error ..."
    std::string what = e.what();
    if (size_t bracket = what.find("] "); bracket != std::string::npos) what = what.substr(bracket + 2);
    if (what.rfind("parse error at line", 0) == 0) {
      if (size_t colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    }
    return InvalidArgument("not valid JSON: " + what,
                           std::string(source) + ":" + std::to_string(line) + ":" + std::to_string(col));
  }
  AllocationPolicy p;
  ICS_RETURN_IF_ERROR(r.CheckKeys(doc, "", {"year", "stream", "title", "method", "inputs"}));
  ICS_ASSIGN_OR_RETURN(p.year, r.String(doc, "", "year"));
  {
    Result<std::string> key = YearKey(p.year);
    if (!key.ok()) return r.Error("/year", key.status().message());
  }
  ICS_ASSIGN_OR_RETURN(p.stream, r.String(doc, "", "stream"));
  ICS_ASSIGN_OR_RETURN(p.title, r.OptionalString(doc, "", "title", p.stream + " " + p.year));
  if (doc.contains("notes")) {
    ICS_ASSIGN_OR_RETURN(p.notes, r.Strings(doc, "", "notes", false));
  }
  ICS_ASSIGN_OR_RETURN(const json* method, r.Field(doc, "", "method"));
  ICS_RETURN_IF_ERROR(ReadMethod(r, *method, &p.method));
  ICS_ASSIGN_OR_RETURN(const json* inputs, r.Field(doc, "", "inputs"));
  ICS_RETURN_IF_ERROR(ReadInputs(r, *inputs, &p));
  ICS_RETURN_IF_ERROR(CheckOverlappingColumns(r, p));
  return p;
}

}  // namespace ics::finance
