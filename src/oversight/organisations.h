// The organisations under oversight, read from CSV text: code, name, peer group (trust
// type: acute, mental_health, community, ambulance, icb, ...), system (the ICB they belong
// to), and the facts segmentation and quality escalation read: financial deficit,
// Provider Improvement Programme, CQC rating, a recorded segment with its rationale (the
// judgement-based years), and flags (never_event, ...).
//
// Columns: org, name, peer_group (required); system, financial_deficit (yes/no/empty =
// unknown), provider_improvement_programme (yes/no), cqc_rating (outstanding, good,
// requires improvement, inadequate), segment (1-5), rationale, flags (separated by ";")
// (optional). Thread-safety: values.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace ics::oversight {

struct Organisation {
  std::string code;
  std::string name;
  std::string peer_group;
  std::string system;
  std::optional<bool> financial_deficit;  // nullopt: not stated
  bool provider_improvement_programme = false;
  std::string cqc_rating;  // lower case, or empty
  std::optional<int> recorded_segment;
  std::string rationale;
  std::vector<std::string> flags;
  std::string where;  // "file:line"

  bool HasFlag(std::string_view flag) const;
};

// Refuses a duplicated code, an empty name or peer group, and values outside the columns'
// vocabularies, with file:line and field.
Result<std::vector<Organisation>> OrganisationsFromCsv(std::string_view text, const std::string& source);

const Organisation* FindOrganisation(std::span<const Organisation> orgs, std::string_view code);

}  // namespace ics::oversight
