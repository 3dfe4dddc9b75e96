// Findings of the finance checks (MHIS, running costs, the envelope, financial balance):
// each names its rule, what it is about, what is wrong in figures and how to put it right.
// A value type.
#pragma once

#include <string>
#include <vector>

#include "finance/money.h"

namespace ics::finance {

enum class Severity {
  kBreach,   // a rule is broken: the check fails (exit 1)
  kWarning,  // worth attention; the check still passes
};

inline const char* SeverityName(Severity s) { return s == Severity::kBreach ? "breach" : "warning"; }

struct Finding {
  std::string rule;      // "MHIS-001"
  Severity severity = Severity::kBreach;
  std::string subject;   // organisation, ICB or "system"
  std::string message;   // what is wrong, with the figures
  std::string fix;       // what would put it right
  std::string source;    // the rule's basis (document, section)
  std::string where;     // input location ("file:line") when one line is at fault
};

inline bool AnyBreach(const std::vector<Finding>& findings) {
  for (const Finding& f : findings) {
    if (f.severity == Severity::kBreach) return true;
  }
  return false;
}

// Amounts and ratios as findings quote them: "£208,000k", "-£740.18k", "4.37%".
std::string PoundsK(Money m);
std::string PercentText(double ratio);

}  // namespace ics::finance
