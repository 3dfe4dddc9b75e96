// Rules of one area of the governance reference (see AddDocumentRules in check_context.h).
#include "governance/check_context.h"

namespace ics::governance {

void AddDocumentRules(std::vector<Rule>* rules) {}

}  // namespace ics::governance
