// Rules of one area of the governance reference (see AddCollaborativeRules in check_context.h).
#include "governance/check_context.h"

namespace ics::governance {

void AddCollaborativeRules(std::vector<Rule>* rules) {}

}  // namespace ics::governance
