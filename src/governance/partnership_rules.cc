// Rules of one area of the governance reference (see AddPartnershipRules in check_context.h).
#include "governance/check_context.h"

namespace ics::governance {

void AddPartnershipRules(std::vector<Rule>* rules) {}

}  // namespace ics::governance
