// Rules of one area of the governance reference (see AddEligibilityRules in check_context.h).
#include "governance/check_context.h"

namespace ics::governance {

void AddEligibilityRules(std::vector<Rule>* rules) {}

}  // namespace ics::governance
