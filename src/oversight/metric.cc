#include "oversight/metric.h"

#include <cmath>

#include "base/text.h"
#include "oversight/builtin_data.h"
#include "oversight/internal/json_reader.h"

namespace ics::oversight {

using internal::Node;

std::string_view PolarityName(Polarity p) {
  switch (p) {
    case Polarity::kHigherIsBetter: return "higher_is_better";
    case Polarity::kLowerIsBetter: return "lower_is_better";
    case Polarity::kNeutral: return "neutral";
  }
  return "neutral";
}

improvement::ImprovementDirection DirectionOf(Polarity p) {
  switch (p) {
    case Polarity::kHigherIsBetter: return improvement::ImprovementDirection::kIncrease;
    case Polarity::kLowerIsBetter: return improvement::ImprovementDirection::kDecrease;
    case Polarity::kNeutral: return improvement::ImprovementDirection::kNeutral;
  }
  return improvement::ImprovementDirection::kNeutral;
}

bool MetricDefinition::Better(double a, double b) const {
  if (polarity == Polarity::kHigherIsBetter) return a > b;
  if (polarity == Polarity::kLowerIsBetter) return a < b;
  return false;
}

std::string MetricDefinition::CheckValue(double value) const {
  if (!std::isfinite(value)) return "not a finite number";
  if (unit == "percent" && (value < 0 || value > 100)) return "a percentage must lie in 0..100";
  if ((unit == "count" || unit == "ratio" || unit.rfind("rate", 0) == 0) && value < 0) {
    return "a " + unit + " cannot be negative";
  }
  if (unit == "count" && value != std::floor(value)) return "a count must be a whole number";
  return "";
}

Result<MetricRegistry> MetricRegistry::FromJson(std::string_view text, const std::string& source) {
  ICS_ASSIGN_OR_RETURN(internal::json doc, internal::ParseJson(text, source));
  Node root(doc, source, "");
  ICS_ASSIGN_OR_RETURN(Node list, root.Field("metrics"));
  ICS_ASSIGN_OR_RETURN(size_t count, list.ArraySize());
  MetricRegistry r;
  for (size_t i = 0; i < count; ++i) {
    ICS_ASSIGN_OR_RETURN(Node m, list.At(i));
    ICS_RETURN_IF_ERROR(m.RequireObject());
    MetricDefinition d;
    ICS_ASSIGN_OR_RETURN(d.id, m.StringField("id"));
    if (d.id.empty() || d.id.find_first_of(" ,\t\"") != std::string::npos) {
      ICS_ASSIGN_OR_RETURN(Node id, m.Field("id"));
      return id.Error("a metric id is a non-empty word without spaces, commas or quotes");
    }
    if (r.Find(d.id)) {
      ICS_ASSIGN_OR_RETURN(Node id, m.Field("id"));
      return id.Error("metric \"" + d.id + "\" is defined twice");
    }
    ICS_ASSIGN_OR_RETURN(d.name, m.StringField("name"));
    ICS_ASSIGN_OR_RETURN(d.definition, m.StringField("definition"));
    ICS_ASSIGN_OR_RETURN(Node polarity, m.Field("polarity"));
    ICS_ASSIGN_OR_RETURN(std::string p, polarity.String());
    if (p == "higher_is_better") d.polarity = Polarity::kHigherIsBetter;
    else if (p == "lower_is_better") d.polarity = Polarity::kLowerIsBetter;
    else if (p == "neutral") d.polarity = Polarity::kNeutral;
    else return polarity.Error("polarity must be higher_is_better, lower_is_better or neutral, not \"" + p + "\"");
    ICS_ASSIGN_OR_RETURN(d.unit, m.StringField("unit"));
    ICS_ASSIGN_OR_RETURN(d.frequency, m.StringField("frequency"));
    d.theme = m.StringOr("theme", "");
    ICS_ASSIGN_OR_RETURN(d.source, m.StringField("source"));
    if (auto a = m.Optional("applies_to")) {
      ICS_ASSIGN_OR_RETURN(d.applies_to, a->Strings());
    }
    if (auto agg = m.Optional("system_aggregation")) {
      ICS_ASSIGN_OR_RETURN(std::string s, agg->String());
      if (s == "weighted") d.system_aggregation = SystemAggregation::kWeighted;
      else if (s == "sum") d.system_aggregation = SystemAggregation::kSum;
      else if (s == "mean") d.system_aggregation = SystemAggregation::kMean;
      else return agg->Error("system_aggregation must be weighted, sum or mean, not \"" + s + "\"");
    }
    if (auto t = m.Optional("target")) {
      MetricTarget target;
      ICS_ASSIGN_OR_RETURN(Node v, t->Field("value"));
      ICS_ASSIGN_OR_RETURN(target.value, v.Number());
      target.by = t->StringOr("by", "");
      target.basis = t->StringOr("basis", "");
      ICS_ASSIGN_OR_RETURN(target.status, t->Status_());
      std::string bad = d.CheckValue(target.value);
      if (!bad.empty()) return v.Error("target: " + bad);
      d.target = target;
    }
    r.metrics_.push_back(std::move(d));
  }
  return r;
}

Result<MetricRegistry> MetricRegistry::Builtin() {
  ICS_ASSIGN_OR_RETURN(std::string_view text, BuiltinDataText("metrics.json"));
  return FromJson(text, "metrics.json");
}

const MetricDefinition* MetricRegistry::Find(std::string_view id) const {
  for (const MetricDefinition& d : metrics_) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

Result<const MetricDefinition*> MetricRegistry::Require(std::string_view id, const std::string& where) const {
  if (const MetricDefinition* d = Find(id)) return d;
  std::vector<std::string> ids;
  for (const MetricDefinition& d : metrics_) ids.push_back(d.id);
  std::string message = "unknown metric \"" + std::string(id) + "\"";
  std::string guess = ClosestMatch(id, ids);
  if (!guess.empty()) message += "; did you mean \"" + guess + "\"?";
  else message += " (the registry has " + JoinWithAnd(ids) + ")";
  return InvalidArgument(message, where);
}

}  // namespace ics::oversight
