// Meetings: for each agenda item of a board or committee meeting, the members conflicted by
// a declared interest (or by an employment with a counterparty), the category of the
// interest (governance reference section 12: financial, non-financial professional,
// non-financial personal, indirect), the management action the guidance prescribes
// (COI-008), who presides (MTG-010), and the quorum recounted after conflicted members
// withdraw (MTG-004 to MTG-007, COI-010). `CheckDecision` refuses to record a decision that
// is inquorate or beyond the body's delegated authority. Pure: no I/O, no clock. The
// register index is immutable once built and may be shared between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "authority/authority.h"
#include "base/status.h"
#include "model/ics.h"

namespace ics::authority {

// COI-008's graded actions for a member with an interest in an item.
enum class Action {
  kParticipate,             // (a) declare, then take full part
  kDiscussNotDecide,        // (b) take part in the discussion, not in the decision or vote
  kWithdraw,                // (c) leave the meeting for the discussion and the decision
  kWithdrawAndNoPapers,     // (d) leave, and do not receive the item's papers or minutes
};
std::string_view Name(Action action);      // "participate", "discuss_not_decide", ...
std::string_view Describe(Action action);  // the guidance's wording

// True when the member takes no part in the item's decision (and so does not count
// towards its quorum, MTG-005).
inline bool Excluded(Action a) { return a != Action::kParticipate; }

struct ItemConflict {
  std::string person;
  std::string person_label;
  model::InterestCategory category = model::InterestCategory::kFinancial;
  bool direct = true;
  bool on_register = true;       // false: found from an employment, not the register (COI-011)
  std::string interest;          // the interest's description
  std::string because;           // "counterparty RTG", "topic primary_care"
  std::string mitigation;        // the register's recorded mitigation, if any
  Action action = Action::kParticipate;
  const model::Interest* entry = nullptr;  // the register entry, when there is one
};

struct QuorumCount {
  bool has_rule = false;           // false: the model standing orders' rule is assumed (MTG-004)
  std::string rule;                // "a majority of 10 voting members (6), including ..."
  int members = 0;                 // voting members of the body
  int present = 0;                 // voting members present
  int counted = 0;                 // present and not excluded for the item
  int needed = 0;                  // the number the rule needs
  std::vector<std::string> missing;  // required kinds of member no counted member can fill
  bool quorate = false;
};

struct ItemReport {
  const model::AgendaItem* item = nullptr;
  std::vector<ItemConflict> conflicts;
  std::string presiding;           // person id of who presides for the item
  std::string presiding_note;      // why someone other than the usual chair presides
  QuorumCount quorum;
  std::string course;              // when inquorate: MTG-007's options
};

struct MeetingReport {
  const model::Meeting* meeting = nullptr;
  std::string body_label;
  QuorumCount opening_quorum;      // before any withdrawal
  std::vector<ItemReport> items;
  std::vector<std::string> notes;  // e.g. present people who are not members
};

// The register of interests indexed by organisation and topic, for fast matching against
// agendas. Refers to the system it was built from.
class InterestIndex {
 public:
  explicit InterestIndex(const model::IcsSystem& system);
  const std::vector<const model::Interest*>& ByOrg(std::string_view org) const;
  const std::vector<const model::Interest*>& ByTopic(std::string_view topic) const;
  // The practices of a PCN (empty for any other code).
  const std::vector<std::string_view>& PracticesOf(std::string_view pcn) const;

 private:
  std::unordered_map<std::string_view, std::vector<const model::Interest*>> by_org_, by_topic_;
  std::unordered_map<std::string_view, std::vector<std::string_view>> practices_;
  std::vector<std::string_view> no_practices_;
  std::vector<const model::Interest*> none_;
};

// Conflicts, presiding and quorum for every item of `meeting_id`. NotFound for an unknown
// meeting (with "did you mean").
Result<MeetingReport> ReviewMeeting(const AuthorityIndex& authority, const InterestIndex& interests,
                                    std::string_view meeting_id);

// Whether a decision on `item_number` of the meeting may be recorded: OK, or
// FailedPrecondition saying why not (not a decision item, inquorate after withdrawals,
// nobody or two bodies may take it, or beyond the body's delegated authority).
Status CheckDecision(const AuthorityIndex& authority, const InterestIndex& interests, std::string_view meeting_id,
                     std::string_view item_number);

}  // namespace ics::authority
