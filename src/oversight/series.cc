#include "oversight/series.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "improvement/r_stats.h"
#include "oversight/csv.h"

namespace ics::oversight {
namespace {

Result<std::optional<double>> OptionalNumber(const CsvTable& t, size_t r, std::optional<size_t> c) {
  if (!c) return std::optional<double>();
  const std::string& s = t.cell(r, *c);
  if (s.empty() || s == "NA") return std::optional<double>();
  double v = 0;
  size_t used = 0;
  try {
    v = std::stod(s, &used);
  } catch (...) {
    used = 0;
  }
  if (used == 0 || used != s.size() || !std::isfinite(v)) {
    return InvalidArgument("field \"" + t.header()[*c] + "\": \"" + s + "\" is not a number", t.Where(r));
  }
  return std::optional<double>(v);
}

}  // namespace

std::optional<Date> ParsePeriod(std::string_view text, std::string* why) {
  if (text.size() == 7 && text[4] == '-') {
    std::string full = std::string(text) + "-01";
    return ParseIsoDate(full, why);
  }
  if (text.size() > 10 && (text[10] == 'T' || text[10] == ' ')) text = text.substr(0, 10);
  return ParseIsoDate(text, why);
}

std::string MonthText(const Date& d) { return d.ToIso().substr(0, 7); }

Result<MetricData> MetricData::FromCsv(std::string_view text, const std::string& source,
                                       const MetricRegistry& registry, DataLimits limits) {
  ICS_ASSIGN_OR_RETURN(CsvTable t, CsvTable::Parse(text, source, limits.max_records));
  ICS_ASSIGN_OR_RETURN(size_t c_org, t.RequireColumn("org"));
  ICS_ASSIGN_OR_RETURN(size_t c_metric, t.RequireColumn("metric"));
  ICS_ASSIGN_OR_RETURN(size_t c_period, t.RequireColumn("period"));
  ICS_ASSIGN_OR_RETURN(size_t c_value, t.RequireColumn("value"));
  const std::optional<size_t> c_num = t.Column("numerator"), c_den = t.Column("denominator"),
                              c_score = t.Column("score");
  MetricData data;
  for (size_t r = 0; r < t.size(); ++r) {
    Observation o;
    o.where = t.Where(r);
    o.org = t.cell(r, c_org);
    if (o.org.empty()) return InvalidArgument("field \"org\": empty", o.where);
    if (o.org.size() > 64) return InvalidArgument("field \"org\": longer than 64 characters", o.where);
    o.metric = t.cell(r, c_metric);
    auto def = registry.Require(o.metric, o.where);
    if (!def.ok()) {
      return InvalidArgument("field \"metric\": " + def.status().message(), o.where);
    }
    std::string why;
    auto period = ParsePeriod(t.cell(r, c_period), &why);
    if (!period) {
      return InvalidArgument("field \"period\": " +
                                 (why.empty() ? "\"" + t.cell(r, c_period) + "\" is not YYYY-MM or YYYY-MM-DD" : why),
                             o.where);
    }
    o.period = *period;
    ICS_ASSIGN_OR_RETURN(std::optional<double> value, OptionalNumber(t, r, c_value));
    o.value = value ? *value : improvement::kNa;
    if (value) {
      std::string bad = (*def)->CheckValue(*value);
      if (!bad.empty()) {
        return InvalidArgument("field \"value\": " + t.cell(r, c_value) + " for " + o.metric + ": " + bad, o.where);
      }
    }
    ICS_ASSIGN_OR_RETURN(o.numerator, OptionalNumber(t, r, c_num));
    ICS_ASSIGN_OR_RETURN(o.denominator, OptionalNumber(t, r, c_den));
    if (o.denominator && *o.denominator <= 0) {
      return InvalidArgument("field \"denominator\": must be greater than 0", o.where);
    }
    if (o.numerator && *o.numerator < 0) return InvalidArgument("field \"numerator\": cannot be negative", o.where);
    ICS_ASSIGN_OR_RETURN(o.score, OptionalNumber(t, r, c_score));
    if (o.score && (*o.score < 1 || *o.score > 4)) {
      return InvalidArgument("field \"score\": a metric score lies in 1..4", o.where);
    }
    auto& by_period = data.index_[{o.org, o.metric}];
    if (auto it = by_period.find(o.period); it != by_period.end()) {
      return InvalidArgument("field \"period\": " + o.org + " " + o.metric + " " + MonthText(o.period) +
                                 " appears twice (also at " + data.observations_[it->second].where + ")",
                             o.where);
    }
    by_period[o.period] = data.observations_.size();
    data.observations_.push_back(std::move(o));
  }
  return data;
}

Status MetricData::Merge(MetricData other) {
  for (Observation& o : other.observations_) {
    auto& by_period = index_[{o.org, o.metric}];
    if (auto it = by_period.find(o.period); it != by_period.end()) {
      return InvalidArgument(o.org + " " + o.metric + " " + MonthText(o.period) + " appears twice (also at " +
                                 observations_[it->second].where + ")",
                             o.where);
    }
    by_period[o.period] = observations_.size();
    observations_.push_back(std::move(o));
  }
  return Status::Ok();
}

std::vector<std::string> MetricData::Organisations() const {
  std::set<std::string> s;
  for (const auto& [key, v] : index_) s.insert(key.first);
  return {s.begin(), s.end()};
}

std::vector<std::string> MetricData::Metrics() const {
  std::set<std::string> s;
  for (const auto& [key, v] : index_) s.insert(key.second);
  return {s.begin(), s.end()};
}

std::vector<MetricSeries> MetricData::AllSeries() const {
  std::vector<MetricSeries> out;
  for (const auto& [key, by_period] : index_) {
    MetricSeries s{key.first, key.second, {}};
    for (const auto& [period, i] : by_period) {
      const Observation& o = observations_[i];
      s.points.push_back({o.period, o.value, o.denominator, o.score, o.where});
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<MetricSeries> MetricData::SeriesOf(std::string_view org, std::string_view metric) const {
  auto it = index_.find({std::string(org), std::string(metric)});
  if (it == index_.end()) return std::nullopt;
  MetricSeries s{it->first.first, it->first.second, {}};
  for (const auto& [period, i] : it->second) {
    const Observation& o = observations_[i];
    s.points.push_back({o.period, o.value, o.denominator, o.score, o.where});
  }
  return s;
}

MetricSeries SystemSeries(const MetricData& data, const MetricDefinition& metric, const std::string& system,
                          std::span<const std::string> members, std::vector<std::string>* warnings) {
  struct Acc {
    double sum = 0, weighted = 0, weight = 0;
    size_t n = 0;
    bool all_weighted = true;
  };
  std::map<Date, Acc> by_period;
  for (const std::string& m : members) {
    auto s = data.SeriesOf(m, metric.id);
    if (!s) continue;
    for (const SeriesPoint& p : s->points) {
      if (std::isnan(p.value)) continue;
      Acc& a = by_period[p.period];
      a.sum += p.value;
      ++a.n;
      if (p.denominator) {
        a.weighted += p.value * *p.denominator;
        a.weight += *p.denominator;
      } else {
        a.all_weighted = false;
      }
    }
  }
  MetricSeries out{system, metric.id, {}};
  size_t unweighted = 0;
  for (const auto& [period, a] : by_period) {
    double v = improvement::kNa;
    switch (metric.system_aggregation) {
      case SystemAggregation::kSum: v = a.sum; break;
      case SystemAggregation::kMean: v = a.sum / static_cast<double>(a.n); break;
      case SystemAggregation::kWeighted:
        if (a.all_weighted && a.weight > 0) {
          v = a.weighted / a.weight;
        } else {
          v = a.sum / static_cast<double>(a.n);
          ++unweighted;
        }
        break;
    }
    SeriesPoint p;
    p.period = period;
    p.value = v;
    p.denominator = metric.system_aggregation == SystemAggregation::kWeighted && a.all_weighted
                        ? std::optional<double>(a.weight)
                        : std::optional<double>(static_cast<double>(a.n));
    p.where = system + " (" + std::to_string(a.n) + " organisation" + (a.n == 1 ? "" : "s") + ")";
    out.points.push_back(std::move(p));
  }
  if (unweighted > 0 && warnings) {
    warnings->push_back(system + " " + metric.id + ": " + std::to_string(unweighted) +
                        " month(s) without a denominator for every organisation: the plain mean is used");
  }
  return out;
}

Result<SeriesReading> ReadSeries(const MetricSeries& series, const MetricDefinition& metric) {
  if (series.points.empty()) return InvalidArgument("the series has no points", series.org + " " + series.metric);
  std::vector<improvement::MdcPoint> points;
  points.reserve(series.points.size());
  for (const SeriesPoint& p : series.points) points.push_back({p.period, p.value});
  improvement::MdcOptions options;
  options.direction = DirectionOf(metric.polarity);
  if (metric.target) options.target = metric.target->value;
  ICS_ASSIGN_OR_RETURN(improvement::MdcResult r, improvement::AnalyseMdc(points, options));
  SeriesReading out;
  out.org = series.org;
  out.metric = series.metric;
  out.points = r.points.size();
  out.first = r.points.front().date;
  out.last = r.points.back().date;
  out.latest = r.points.back().value;
  out.mean = r.points.back().mean;
  out.lpl = r.points.back().lpl;
  out.upl = r.points.back().upl;
  out.variation = r.variation_icon;
  out.assurance = r.assurance_type;
  out.latest_special_cause = r.points.back().special_cause_type;
  out.latest_point_type = r.points.back().point_type;
  for (const auto& p : r.points) out.special_cause_points += p.special_cause_flag;
  out.warnings = r.warnings;
  out.chart = std::move(r);
  return out;
}

}  // namespace ics::oversight
