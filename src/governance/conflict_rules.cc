// Rules of one area of the governance reference (see AddConflictRules in check_context.h).
#include "governance/check_context.h"

namespace ics::governance {

void AddConflictRules(std::vector<Rule>* rules) {}

}  // namespace ics::governance
