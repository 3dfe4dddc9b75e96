// The governance rulebook: every rule of the ICS Design Framework, the Health and Care Act
// 2022 and NHS England guidance that the platform knows, with its catalogue id, severity,
// citation and provenance; the checks for those that can be decided from a definition;
// and `CheckSystem`, which runs them and returns findings that cite their source, point at
// the line of the definition and say how to fix it. Pure: no I/O, no globals beyond the
// immutable rule table. Thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "model/ics.h"

namespace ics::governance {

enum class Severity { kMust, kExpected, kAdvisory };
std::string_view Name(Severity severity);  // "must", "expected", "advisory"

// How sure the catalogue is of a rule's wording: seen in the source (V), seen only in a
// secondary source (S), or recalled and still to be checked (R). Mixed marks ("V / R")
// are kept as written.
struct RuleInfo {
  std::string id;          // catalogue id, e.g. "BRD-003"
  std::string area;        // "board", "eligibility", "meetings", ...
  std::string requirement; // the requirement in plain English
  std::string citation;    // e.g. "NHS Act 2006 Sch 1B para 3"
  Severity severity = Severity::kExpected;
  std::string provenance;  // "V", "S", "R", "V / R", ...
  // Empty when the rule is checked; otherwise why the definition cannot decide it.
  std::string not_checkable_because;
};

struct Finding {
  std::string rule;
  Severity severity = Severity::kExpected;
  std::string message;   // what is wrong, in plain English, naming the people/bodies involved
  std::string citation;
  std::string provenance;
  std::string where;     // "file:line:col" of the definition
  std::string fix;       // how to put it right
};

struct CheckOptions {
  Date as_of{2026, 1, 1};  // the date rules about ages, reviews and validity use
};

struct CheckReport {
  int rules_evaluated = 0;
  int rules_not_checkable = 0;
  std::vector<Finding> findings;                    // sorted by severity, then location
  std::vector<const RuleInfo*> not_checkable;       // listed, never silently skipped
  int Count(Severity s) const;
  bool PassesMustRules() const { return Count(Severity::kMust) == 0; }
};

class CheckContext;

// Reports one finding for the rule being checked.
class FindingSink {
 public:
  virtual ~FindingSink() = default;
  virtual void Report(const model::SourceLocation& where, std::string message, std::string fix) = 0;
};

// A rule: its catalogue entry plus, when checkable, the check.
struct Rule {
  RuleInfo info;
  std::function<void(const CheckContext&, FindingSink&)> check;  // empty when not checkable
};

// All rules, in catalogue order.
const std::vector<Rule>& Rulebook();
const Rule* FindRule(std::string_view id);

// Runs every checkable rule over `system`.
CheckReport CheckSystem(const model::IcsSystem& system, const CheckOptions& options);
// Runs one rule only (for tools and benchmarks).
CheckReport CheckSystemWith(const model::IcsSystem& system, const CheckOptions& options, const Rule& rule);

}  // namespace ics::governance
