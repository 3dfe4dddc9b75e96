#include "oversight/provenance.h"

#include <algorithm>

namespace ics::oversight {

Result<Provenance> ParseProvenance(std::string_view text) {
  if (text == "verified") return Provenance::kVerified;
  if (text == "stated") return Provenance::kStated;
  if (text == "secondary") return Provenance::kSecondary;
  if (text == "recalled") return Provenance::kRecalled;
  if (text == "placeholder") return Provenance::kPlaceholder;
  return InvalidArgument("status must be verified, stated, secondary, recalled or placeholder, not \"" +
                         std::string(text) + "\"");
}

std::string_view ProvenanceName(Provenance p) {
  switch (p) {
    case Provenance::kVerified: return "verified";
    case Provenance::kStated: return "stated";
    case Provenance::kSecondary: return "secondary";
    case Provenance::kRecalled: return "recalled";
    case Provenance::kPlaceholder: return "placeholder";
  }
  return "placeholder";
}

void NoteUsed(std::vector<UsedValue>& list, UsedValue v) {
  if (std::any_of(list.begin(), list.end(), [&](const UsedValue& u) { return u.path == v.path; })) return;
  list.push_back(std::move(v));
}

}  // namespace ics::oversight
