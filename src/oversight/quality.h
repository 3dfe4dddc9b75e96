// Quality escalation for the system quality group: each organisation's level (routine,
// enhanced, intensive) from stated triggers read from JSON text
// (data/oversight/quality_escalation.json is compiled in). The level is the highest level
// of any trigger that fires, routine when none does; every fired trigger is reported with
// the facts that fired it. Pure; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "oversight/metric.h"
#include "oversight/organisations.h"
#include "oversight/provenance.h"
#include "oversight/series.h"

namespace ics::oversight {

enum class EscalationLevel { kRoutine = 0, kEnhanced = 1, kIntensive = 2 };
std::string_view EscalationLevelName(EscalationLevel l);  // "routine", "enhanced", "intensive"

struct TriggerCondition {
  enum class Kind { kSegmentAtLeast, kCqcRatingIn, kFlag, kSpcConcern, kAssuranceFail, kWorseThan, kTriggersAtLeast };
  Kind kind = Kind::kSegmentAtLeast;
  int segment = 0;
  std::vector<std::string> words;    // ratings; metrics (spc_concern, assurance_fail)
  std::string flag;
  int at_least = 1;                  // metrics (spc, assurance) or triggers
  std::string metric;                // worse_than
  double threshold = 0;              // worse_than
  EscalationLevel level = EscalationLevel::kEnhanced;  // triggers_at_least
};

struct Trigger {
  std::string id;
  std::string description;
  EscalationLevel level = EscalationLevel::kEnhanced;
  TriggerCondition when;
  std::string path;
};

struct QualityRules {
  std::string source;
  std::string title;
  Provenance status = Provenance::kRecalled;
  std::map<EscalationLevel, std::string> meanings;
  std::vector<Trigger> triggers;

  // Metric ids must be in `registry`; trigger ids unique.
  static Result<QualityRules> FromJson(std::string_view text, const std::string& source,
                                       const MetricRegistry& registry);
  static Result<QualityRules> Builtin(const MetricRegistry& registry);
};

// What is known about one organisation.
struct QualityFacts {
  const Organisation* organisation = nullptr;
  std::optional<int> segment;        // computed for the year, or recorded
  std::string segment_source;        // "2025/26 segmentation", "recorded"
  std::vector<SeriesReading> readings;  // its metrics' SPC readings
};

struct FiredTrigger {
  std::string id;
  std::string description;
  EscalationLevel level = EscalationLevel::kRoutine;
  std::string reason;  // the facts: "ae_4hr: latest point 2025-03 is special cause concern (...)"
};

struct OrganisationEscalation {
  std::string org;
  std::string name;
  EscalationLevel level = EscalationLevel::kRoutine;
  std::vector<FiredTrigger> fired;
};

struct EscalationResult {
  std::vector<OrganisationEscalation> organisations;
  std::vector<UsedValue> unconfirmed;  // the level definitions, when recalled
};

EscalationResult Escalate(const QualityRules& rules, const MetricRegistry& registry,
                          std::span<const QualityFacts> facts);

}  // namespace ics::oversight
