// Rules of one area of the governance reference (see AddMeetingRules in check_context.h).
#include "governance/check_context.h"

namespace ics::governance {

void AddMeetingRules(std::vector<Rule>* rules) {}

}  // namespace ics::governance
