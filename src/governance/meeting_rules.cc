// MTG-*: board meetings, quorum and voting (the model standing orders and the
// constitution's transparency clauses). Catalogue: section 3 of the governance reference.
// What happens at a particular meeting (who attends, who is conflicted, how a vote goes)
// is not in the definition; those rules say so and are left to a meetings module.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/text.h"
#include "governance/board_facts.h"
#include "governance/check_context.h"
#include "governance/rule_helpers.h"

namespace ics::governance {

namespace {
using model::SeatRole;
constexpr const char* kArea = "meetings";

// Whether a seat can stand for a kind of member a quorum requires.
bool Fills(const model::Seat& s, const std::string& kind) {
  if (kind == "chair") return s.role == SeatRole::kChair;
  if (kind == "chair_or_deputy") return s.role == SeatRole::kChair || s.deputy_chair;
  if (kind == "executive") return s.IsExecutive();
  if (kind == "non_executive") return s.IsIndependentNonExecutive();
  if (kind == "partner") return s.IsPartnerMember();
  if (kind == "clinician")
    return s.role == SeatRole::kExecMedical || s.role == SeatRole::kExecNursing || s.role == SeatRole::kPartnerPms;
  return false;
}

std::string Plain(const std::string& kind) {
  if (kind == "chair_or_deputy") return "the chair or deputy chair";
  if (kind == "chair") return "the chair";
  if (kind == "executive") return "an executive member";
  if (kind == "non_executive") return "a non-executive member";
  if (kind == "partner") return "a partner member";
  if (kind == "clinician") return "a clinical member";
  return kind;
}

// Assigns each required kind a different person (no person counts in two capacities,
// ELG-017). `able[i]` is the set of kinds person i can stand for.
bool Assign(const std::vector<std::string>& kinds, size_t next, const std::vector<std::set<std::string>>& able,
            std::vector<bool>& used) {
  if (next == kinds.size()) return true;
  for (size_t i = 0; i < able.size(); ++i) {
    if (used[i] || !able[i].count(kinds[next])) continue;
    used[i] = true;
    if (Assign(kinds, next + 1, able, used)) return true;
    used[i] = false;
  }
  return false;
}

void CheckBoardQuorum(const CheckContext& ctx, FindingSink& out) {
  const model::Board& board = ctx.sys().board;
  if (!board.quorum) {
    out.Report(board.where,
               "The board has no quorum rule recorded, so the model standing orders' quorum (a majority including the "
               "chair or deputy chair, an executive and a non-executive member) is assumed.",
               "Record the standing orders' quorum under the board's 'quorum:', for example {majority: true, requires: "
               "[chair_or_deputy, executive, non_executive]}.");
    return;
  }
  const model::QuorumRule& q = *board.quorum;
  // Each voting member once, with every kind their voting seats let them stand for.
  std::map<std::string, std::set<std::string>> by_person;
  for (const model::Seat* s : MemberSeats(ctx))
    if (s->voting) {
      auto& kinds = by_person[s->person];
      for (const std::string& k : q.requires_)
        if (Fills(*s, k)) kinds.insert(k);
    }
  size_t voters = by_person.size();
  size_t needed = q.count ? static_cast<size_t>(*q.count) : voters / 2 + 1;
  if (q.count && needed > voters) {
    out.Report(q.At("count"),
               "The board's quorum of " + std::to_string(needed) + " members can never be met: the board has " +
                   std::to_string(voters) + " voting members.",
               "Lower the quorum to a number the board can reach (a majority is usual), or fill the vacant seats.");
    return;
  }
  std::vector<std::string> kinds;
  for (const std::string& k : q.requires_)
    if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) kinds.push_back(k);
  std::vector<std::string> plain;
  for (const std::string& k : kinds) plain.push_back(Plain(k));
  if (q.count && needed < kinds.size()) {
    out.Report(q.At("count"),
               "The board's quorum of " + std::to_string(needed) + " cannot include the " +
                   std::to_string(kinds.size()) + " different members it requires (" + JoinWithAnd(plain) + ").",
               "Raise the quorum to at least " + std::to_string(kinds.size()) + ", or require fewer kinds of member.");
    return;
  }
  std::vector<std::set<std::string>> able;
  for (const auto& [person, k] : by_person) able.push_back(k);
  std::vector<bool> used(able.size(), false);
  if (!Assign(kinds, 0, able, used))
    out.Report(q.At("requires"),
               "The board's quorum requires " + JoinWithAnd(plain) +
                   ", but the board's voting members cannot meet that with a different person in each capacity.",
               "Change the quorum's 'requires' to kinds of member the board has, or fill the seats it needs.");
}

void CheckCommitteeQuorums(const CheckContext& ctx, FindingSink& out) {
  for (const model::Committee* c : ctx.Committees()) {
    if (!c->quorum || !c->quorum->count) continue;
    std::set<std::string> voters;
    for (const model::CommitteeMember& m : c->members)
      if (m.voting) voters.insert(m.person);
    if (!c->chair.empty()) voters.insert(c->chair);
    size_t needed = static_cast<size_t>(*c->quorum->count);
    if (needed <= voters.size()) continue;
    out.Report(c->quorum->where,
               "The quorum of " + std::to_string(needed) + " for the " + (c->name.empty() ? c->id : c->name) +
                   " can never be met: it has " + std::to_string(voters.size()) + " voting members.",
               "Lower the committee's quorum, or add voting members to it.");
  }
}
}  // namespace

void AddMeetingRules(std::vector<Rule>* rules) {
  rules->push_back(Checked(
      "MTG-001", kArea, Severity::kMust, "V", "HWE 7.3.1",
      "Board meetings are held in public, as are meetings of committees composed entirely of board members or "
      "including all of them, unless a resolution excludes the public as not in the public interest (a requirement "
      "of the constitution).",
      [](const CheckContext& ctx, FindingSink& out) {
        const model::Board& board = ctx.sys().board;
        if (!board.meets_in_public.value_or(false))
          out.Report(board.At("meets_in_public"),
                     board.meets_in_public
                         ? "The board is recorded as not meeting in public; its meetings must be held in public."
                         : "The definition does not say that the board meets in public; its meetings must be.",
                     "Hold board meetings in public and record 'meets_in_public: true'; exclude the public only by "
                     "resolution, item by item.");
        std::set<std::string> board_members;
        for (const model::Seat* s : DistinctMembers(ctx)) board_members.insert(s->person);
        for (const model::Committee* c : ctx.Committees()) {
          if (!c->meets_in_public || *c->meets_in_public) continue;
          std::set<std::string> members;
          for (const model::CommitteeMember& m : c->members) members.insert(m.person);
          if (!c->chair.empty()) members.insert(c->chair);
          bool all_board = !members.empty() && std::all_of(members.begin(), members.end(), [&](const std::string& p) {
            return board_members.count(p) > 0;
          });
          bool whole_board = !board_members.empty() &&
                             std::includes(members.begin(), members.end(), board_members.begin(), board_members.end());
          if (!all_board && !whole_board) continue;
          out.Report(c->At("meets_in_public"),
                     "The " + (c->name.empty() ? c->id : c->name) + " is recorded as not meeting in public, but it " +
                         (all_board ? "is made up entirely of board members" : "includes every board member") +
                         ", so its meetings must be held in public.",
                     "Hold the committee's meetings in public and record 'meets_in_public: true'; exclude the public "
                     "only by resolution, item by item.");
        }
      }));

  rules->push_back(Checked(
      "MTG-002", kArea, Severity::kExpected, "V", "HWE 7.3.2",
      "Papers and minutes of all meetings held in public are published.",
      [](const CheckContext& ctx, FindingSink& out) {
        const model::Board& board = ctx.sys().board;
        if (!board.publishes_papers.value_or(false))
          out.Report(board.At("publishes_papers"),
                     board.publishes_papers
                         ? "The board is recorded as not publishing the papers of its public meetings."
                         : "The definition does not say that the board publishes its meeting papers.",
                     "Publish the papers of each meeting held in public and record 'publishes_papers: true'.");
        if (!board.publishes_minutes.value_or(false))
          out.Report(board.At("publishes_minutes"),
                     board.publishes_minutes ? "The board is recorded as not publishing the minutes of its public "
                                               "meetings."
                                             : "The definition does not say that the board publishes its minutes.",
                     "Publish the minutes of each meeting held in public and record 'publishes_minutes: true'.");
      }));

  rules->push_back(NotCheckable(
      "MTG-003", kArea, Severity::kMust, "V", "HWE 5.1.2",
      "The standing orders apply to every committee and sub-committee unless their terms of reference (approved by "
      "the board) say otherwise (a requirement of the constitution).",
      "It sets which rules govern a committee's business; where terms of reference depart from the standing orders is "
      "in their text, which the definition does not hold (board approval of terms of reference is checked under "
      "COM-009)."));

  rules->push_back(Checked(
      "MTG-004", kArea, Severity::kExpected, "R (+ V for \"without the chair\")", "MODEL SOs; ICBGOV",
      "Typical quorum (model standing orders): a majority of board members, including the chair or deputy chair, at "
      "least one executive member and at least one non-executive member; some ICBs also require a partner member. The "
      "local rule governs, so the check is that one is recorded and can be met, counting each person once "
      "(meeting without the chair is BRD-021). Committee quorums must be reachable too.",
      [](const CheckContext& ctx, FindingSink& out) {
        CheckBoardQuorum(ctx, out);
        CheckCommitteeQuorums(ctx, out);
      }));

  rules->push_back(NotCheckable(
      "MTG-005", kArea, Severity::kExpected, "R", "MODEL SOs; COI practice",
      "A member disqualified from a discussion or vote because of a declared conflict of interest no longer counts "
      "towards the quorum for that item.",
      "Whether a member is conflicted depends on the items of a particular meeting; `ics conflicts FILE --meeting ID` "
      "recounts the quorum item by item for a meeting in the definition (src/authority)."));

  rules->push_back(NotCheckable(
      "MTG-006", kArea, Severity::kExpected, "R", "MODEL SOs",
      "If the meeting is not quorate it may continue, but it may take no decisions.",
      "It concerns what a particular meeting decided while inquorate, which the definition does not record; "
      "`ics conflicts` shows which decision items of a meeting would be inquorate and refuses to record them."));

  rules->push_back(NotCheckable(
      "MTG-007", kArea, Severity::kExpected, "R", "MODEL SOs",
      "If conflicts make the quorum unattainable, the chair of the meeting, with the governance lead, decides the "
      "course (refer the item to another committee that can be quorate, co-opt temporary members where the standing "
      "orders or terms of reference allow, or defer), and the course is recorded in the minutes.",
      "It concerns how a particular meeting handled an inquorate item, which the definition does not record; "
      "`ics conflicts` names the options for each inquorate decision item."));

  rules->push_back(Checked(
      "MTG-008", kArea, Severity::kExpected, "S / R",
      "DF (DF-HSJ) for consensus and disagreement; MODEL SOs for voting",
      "Decisions are reached by consensus wherever possible, and a vote is a last resort. When a vote is held, a "
      "simple majority of members present and voting carries it, and the chair (or person presiding) has a second or "
      "casting vote on a tie. The definition is checked for the casting vote; how consensus is sought is behaviour "
      "at meetings.",
      [](const CheckContext& ctx, FindingSink& out) {
        const model::Board& board = ctx.sys().board;
        if (board.casting_vote == "chair") return;
        out.Report(
            board.At("casting_vote"),
            board.casting_vote.empty()
                ? "The definition gives nobody a casting vote, so a tied vote of the board could not be resolved."
                : "The casting vote is given to '" + board.casting_vote +
                      "'; the standing orders give it to the chair (or the person presiding).",
            "Record 'casting_vote: chair' (the chair, or whoever presides, has a second or casting vote on a "
            "tie).");
      }));

  rules->push_back(Checked(
      "MTG-009", kArea, Severity::kExpected, "V", "DDICB board minutes 16 Mar 2023; COI-2017",
      "Every board and committee meeting opens with declarations of interest, and the register of interests is in the "
      "papers. Checked for the meetings the definition records: one of the first two agenda items is the "
      "declarations of interest (the papers themselves are not in the definition).",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Meeting& m : ctx.sys().meetings) {
          bool opens = false;
          for (size_t i = 0; i < m.items.size() && i < 2; ++i) opens |= helpers::Mentions(m.items[i].title, "declaration");
          if (opens) continue;
          out.Report(m.items.empty() ? m.where : m.items.front().where,
                     "Meeting '" + m.id + "' does not open with declarations of interest.",
                     "Add an opening agenda item 'Declarations of interest' (number 1, or 2 after apologies).");
        }
      }));

  rules->push_back(NotCheckable(
      "MTG-010", kArea, Severity::kExpected, "V / R", "ICBGOV (deputy chair); MODEL SOs",
      "If the chair is absent, or is conflicted on an item, the deputy chair presides. If both are unavailable, a "
      "non-executive member chosen by the members present presides.",
      "Who presides is decided at each meeting; `ics conflicts` names who presides for each item of a meeting in the "
      "definition; the standing facts it relies on, a deputy chair and further non-executive members, are checked "
      "under BRD-021 and BRD-014."));

  rules->push_back(Checked(
      "MTG-011", kArea, Severity::kAdvisory, "R", "MODEL SOs (typical)",
      "Urgent decisions between meetings: the chair and chief executive (usually with a non-executive member) may act "
      "under an emergency-powers or urgent-decisions clause and report to the next meeting.",
      [](const CheckContext& ctx, FindingSink& out) {
        const auto& c = ctx.sys().constitution;
        if (!c) return;  // BRD-001
        if (std::find(c->clauses.begin(), c->clauses.end(), "urgent_decisions") != c->clauses.end()) return;
        out.Report(c->At("clauses"), "The constitution has no clause for urgent decisions between board meetings.",
                   "Add an urgent-decisions clause (the chair and chief executive, usually with a non-executive "
                   "member, act and report to the next meeting) and list it as 'urgent_decisions' under 'clauses'.");
      }));
}

}  // namespace ics::governance
