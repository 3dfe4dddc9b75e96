// What changed between two versions of an ICS definition: organisations, board seats,
// committees, people, declared interests, places, provider collaboratives, the functions
// and decision map, roles, the scheme of reservation and delegation, section 75
// arrangements and meetings (with their agenda items) added, removed or changed, with the
// fields that changed. Compares the typed model, not the text, so reformatting, reordering or
// moving lines changes nothing; source positions are ignored. Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/ics.h"

namespace ics::versions {

enum class ChangeKind { kAdded, kRemoved, kChanged };
std::string_view Name(ChangeKind kind);  // "added", "removed", "changed"

// One field: its value before and after, as written in a definition ("true", a date,
// "a, b" for lists); nullopt when not set.
struct FieldChange {
  std::string field;
  std::optional<std::string> before;
  std::optional<std::string> after;
};

struct EntityChange {
  std::string section;  // one of DiffSections()
  std::string key;      // ODS code, person id, committee id, "ned/p-ned-1", "p-1/financial/RTG",
                        // a place, function, role, scheme line, s.75 or meeting id
  std::string label;    // a name for people to read
  ChangeKind kind = ChangeKind::kChanged;
  // kChanged: the fields that differ. kAdded / kRemoved: every field that is set (the
  // other side nullopt).
  std::vector<FieldChange> fields;
};

struct SectionSummary {
  int added = 0;
  int removed = 0;
  int changed = 0;
};

struct ModelDiff {
  // Grouped by section in DiffSections() order; within a section the changed and added
  // entities in the newer definition's order, then the removed ones in the older's.
  std::vector<EntityChange> changes;
  bool identical() const { return changes.empty(); }
  SectionSummary Summary(std::string_view section) const;
};

// "organisations", "board_seats", "committees", "people", "interests", "places",
// "collaboratives", "functions", "roles", "delegations", "section_75", "meetings".
const std::vector<std::string>& DiffSections();

// Board seats have no id: a seat matches the seat with the same role and person; seats of
// one role left over on both sides are paired in order and reported as changed (a new
// holder). Interests match on person, category and organisation the same way. Scheme lines
// match on their id (clause and function when they have none), then on their clause; a
// meeting's agenda items are compared as fields "item N".
ModelDiff DiffSystems(const model::IcsSystem& before, const model::IcsSystem& after);

// {"identical": bool, "summary": {section: {"added", "removed", "changed"}},
//  "changes": [{"section", "change", "key", "label", "fields": [{"field", "before", "after"}]}]}
// with null for a value that is not set.
std::string DiffJson(const ModelDiff& diff, int indent = -1);

}  // namespace ics::versions
