// Rules of one area of the governance reference (see AddDelegationRules in check_context.h).
#include "governance/check_context.h"

namespace ics::governance {

void AddDelegationRules(std::vector<Rule>* rules) {}

}  // namespace ics::governance
