// The metric registry: what each oversight metric means (name, definition), which way is
// better (polarity), its unit, source, frequency, theme, the organisation types it applies
// to, how a system series is formed from its organisations', and its target with how sure
// that target is. Read from JSON text (data/oversight/metrics.json is compiled in as the
// default). Thread-safety: values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "improvement/mdc.h"
#include "oversight/provenance.h"

namespace ics::oversight {

enum class Polarity { kHigherIsBetter, kLowerIsBetter, kNeutral };
std::string_view PolarityName(Polarity p);  // "higher_is_better", ...

// The SPC improvement direction of a polarity.
improvement::ImprovementDirection DirectionOf(Polarity p);

// How a system series is formed from its organisations' values in one period.
enum class SystemAggregation {
  kWeighted,  // sum(value x denominator) / sum(denominator); the mean without denominators
  kSum,
  kMean,
};

struct MetricTarget {
  double value = 0;
  std::string by;     // "2026-03", or empty for a standing level
  std::string basis;  // where the number comes from
  Provenance status = Provenance::kPlaceholder;
};

struct MetricDefinition {
  std::string id;  // "ae_4hr"
  std::string name;
  std::string definition;
  Polarity polarity = Polarity::kNeutral;
  std::string unit;  // "percent" (0..100), "count" (>= 0), "ratio", "rate_per_100k", ...
  std::string frequency;
  std::string theme;
  std::string source;
  std::vector<std::string> applies_to;  // organisation types (peer groups)
  SystemAggregation system_aggregation = SystemAggregation::kMean;
  std::optional<MetricTarget> target;

  // True when `a` is better than `b` (never for a neutral metric).
  bool Better(double a, double b) const;
  // "" when `value` is acceptable for the unit, else why not ("a percentage must lie in
  // 0..100").
  std::string CheckValue(double value) const;
};

class MetricRegistry {
 public:
  // Errors name `source` and a JSON pointer ("metrics.json: /metrics/3/polarity").
  static Result<MetricRegistry> FromJson(std::string_view text, const std::string& source);
  // The compiled-in data/oversight/metrics.json.
  static Result<MetricRegistry> Builtin();

  const std::vector<MetricDefinition>& metrics() const { return metrics_; }
  const MetricDefinition* Find(std::string_view id) const;
  // The metric, or InvalidArgument at `where` with the closest id ("did you mean ...").
  Result<const MetricDefinition*> Require(std::string_view id, const std::string& where) const;

 private:
  std::vector<MetricDefinition> metrics_;
};

}  // namespace ics::oversight
