// Identifier checks for the codes organisations carry: NHS ODS codes (trusts, practices,
// PCNs, ICBs, sub-ICB locations) and ONS GSS codes (local authorities, ICB22 areas).
// Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "model/ics.h"

namespace ics::model {

// ODS codes: 3 to 6 upper-case letters and digits, starting with a letter or digit as
// the organisation type requires (practice "C81001", PCN "U12345", trust "RTG",
// ICB "QJ2", sub-ICB "15M"). ONS GSS codes: a letter, two digits, six digits ("E06000015").
bool IsOdsCode(std::string_view code);
bool IsGssCode(std::string_view code);

// Checks `code` for an organisation of `kind`; on failure returns a sentence saying what
// the code should look like. Empty when it is fine.
std::string CheckOrganisationCode(std::string_view code, OrgKind kind);

}  // namespace ics::model
