// Rules of one area of the governance reference (see AddTransitionRules in check_context.h).
#include "governance/check_context.h"

namespace ics::governance {

void AddTransitionRules(std::vector<Rule>* rules) {}

}  // namespace ics::governance
