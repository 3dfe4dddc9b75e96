// JSON renderings of the authority engine's results, shared by `ics authority --json`,
// `ics conflicts --json` and the HTTP API: an authority answer, a meeting's conflicts and
// quorum review, and the functions and decision map with its scheme lines (for the
// delegation graph). Money is integer pence ("*_pence") with a display string beside it.
// Pure functions from engine results to JSON text; thread-safe.
#pragma once

#include <map>
#include <string>

#include "authority/authority.h"
#include "authority/meetings.h"
#include "base/status.h"

namespace ics::render {

// {"query": {...}, "function": {"id", "name"}, "outcome", "finding", "summary",
//  "deciders": [{"holder", "label", "people", "limit_pence", "chain": [{"holder", "label",
//  "delegation", "clause", "limit_pence", "statutory_basis"}]}], "reserved": [...], "notes": [...]}
std::string AuthorityJson(const authority::DecisionQuery& query, const authority::AuthorityAnswer& answer,
                          int indent = -1);

// {"meeting": {"id", "title", "body", "body_label", "date"}, "opening_quorum": {...},
//  "items": [{"number", "title", "part", "purpose", ..., "conflicts": [...], "presiding",
//  "quorum": {...}, "decision": {"may_record", "reason"}}], "notes": [...]}.
// `decisions` maps item numbers to the result of CheckDecision (decision items only).
// With `public_only`, confidential items are left out entirely (for the public portal).
std::string ConflictsJson(const authority::MeetingReport& report, const std::map<std::string, Status>& decisions,
                          bool public_only = false, int indent = -1);

// The functions and decision map: every function with its source, holder and the scheme
// lines for it (in force or not on `date`), plus roles and section 75 arrangements.
std::string DecisionMapJson(const authority::AuthorityIndex& index, const Date& date, int indent = -1);

}  // namespace ics::render
