// How sure a configured value is, as the reference notes mark facts: verified against
// published data, stated in a source that was read, seen only in a secondary source,
// recalled (background knowledge, unconfirmed), or a placeholder (a local assumption so a
// method can run). Every engine result lists the values it used that are not confirmed
// (verified or stated), so an analyst sees which parts of a segment rest on them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace ics::oversight {

enum class Provenance { kVerified, kStated, kSecondary, kRecalled, kPlaceholder };

// "verified", "stated", "secondary", "recalled", "placeholder".
Result<Provenance> ParseProvenance(std::string_view text);
std::string_view ProvenanceName(Provenance p);
inline bool Confirmed(Provenance p) { return p == Provenance::kVerified || p == Provenance::kStated; }

// A configured value an engine used, where it is configured, and how sure it is.
struct UsedValue {
  std::string path;   // "nof_2025_26.json: /quartile_rule"
  std::string value;  // as text: "rank", "3", "bands 78 / 74 / 70"
  Provenance status = Provenance::kPlaceholder;
  std::string note;
};

// Adds `v` unless a value with the same path is already listed.
void NoteUsed(std::vector<UsedValue>& list, UsedValue v);

}  // namespace ics::oversight
