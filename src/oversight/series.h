// Metric observations per organisation and period, read from CSV text in long form (one
// row per organisation, metric and month), the series they make, system series formed
// from member organisations, and the Making Data Count reading of any series (improvement
// direction from the metric's polarity, assurance against its target).
//
// The CSV columns: org, metric, period (YYYY-MM or YYYY-MM-DD), value (empty or NA for a
// missing month); optional: numerator, denominator (weights for system series), score (a
// published 1-4 metric score). Other columns are ignored. Every error names file, line and
// field. Thread-safety: values.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "improvement/mdc.h"
#include "oversight/metric.h"

namespace ics::oversight {

struct Observation {
  std::string org;
  std::string metric;
  Date period;          // the first day of the month for YYYY-MM
  double value = 0;     // NaN when the month is missing
  std::optional<double> numerator;
  std::optional<double> denominator;
  std::optional<double> score;  // a published metric score, 1..4
  std::string where;    // "file:line"
};

struct SeriesPoint {
  Date period;
  double value = 0;  // NaN = missing
  std::optional<double> denominator;
  std::optional<double> score;
  std::string where;
};

// One organisation's (or one system's) series of one metric, in date order.
struct MetricSeries {
  std::string org;
  std::string metric;
  std::vector<SeriesPoint> points;
};

struct DataLimits {
  size_t max_records = 2'000'000;
};

class MetricData {
 public:
  // Parses one CSV file. Unknown metrics, unparseable periods or numbers, values outside
  // the metric's unit (a percentage above 100), a zero or negative denominator and the same
  // organisation, metric and period twice are refused with file:line and field.
  static Result<MetricData> FromCsv(std::string_view text, const std::string& source,
                                    const MetricRegistry& registry, DataLimits limits = {});
  // Adds another file's observations; the same organisation, metric and period in both is
  // refused (naming both places).
  Status Merge(MetricData other);

  const std::vector<Observation>& observations() const { return observations_; }
  bool empty() const { return observations_.empty(); }
  std::vector<std::string> Organisations() const;  // sorted
  std::vector<std::string> Metrics() const;        // sorted
  // Every (organisation, metric) series, sorted by organisation then metric.
  std::vector<MetricSeries> AllSeries() const;
  std::optional<MetricSeries> SeriesOf(std::string_view org, std::string_view metric) const;

 private:
  std::vector<Observation> observations_;
  std::map<std::pair<std::string, std::string>, std::map<Date, size_t>> index_;
};

// A system's series of `metric` from its members' series, period by period, as the
// metric's system_aggregation says (weighted by denominators when every member present
// that month has one; otherwise the mean, noted in `warnings`). A period counts only the
// members with a value that month; the number of members is the point's denominator when
// summing is not by weight. REQUIRES: members non-empty.
MetricSeries SystemSeries(const MetricData& data, const MetricDefinition& metric,
                          const std::string& system, std::span<const std::string> members,
                          std::vector<std::string>* warnings = nullptr);

// The Making Data Count reading of a series.
struct SeriesReading {
  std::string org;
  std::string metric;
  size_t points = 0;
  Date first, last;
  double latest = 0;  // NaN when the last month is missing
  double mean = 0, lpl = 0, upl = 0;  // of the last rebase group (NaN when undefined)
  std::optional<improvement::VariationIcon> variation;
  std::optional<improvement::AssuranceType> assurance;  // with a target and a direction
  improvement::SpecialCauseType latest_special_cause = improvement::SpecialCauseType::kCommonCause;
  improvement::PointType latest_point_type = improvement::PointType::kCommonCause;
  size_t special_cause_points = 0;
  std::vector<std::string> warnings;
  improvement::MdcResult chart;  // every point, for renderers
};

// REQUIRES: series.points non-empty and in date order.
Result<SeriesReading> ReadSeries(const MetricSeries& series, const MetricDefinition& metric);

// "YYYY-MM" or "YYYY-MM-DD" -> Date (the first of the month for YYYY-MM).
std::optional<Date> ParsePeriod(std::string_view text, std::string* why = nullptr);
std::string MonthText(const Date& d);  // "2025-03"

}  // namespace ics::oversight
