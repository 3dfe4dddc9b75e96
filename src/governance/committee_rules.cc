// Rules of one area of the governance reference (see AddCommitteeRules in check_context.h).
#include "governance/check_context.h"

namespace ics::governance {

void AddCommitteeRules(std::vector<Rule>* rules) {}

}  // namespace ics::governance
