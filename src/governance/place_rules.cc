// Rules of one area of the governance reference (see AddPlaceRules in check_context.h).
#include "governance/check_context.h"

namespace ics::governance {

void AddPlaceRules(std::vector<Rule>* rules) {}

}  // namespace ics::governance
