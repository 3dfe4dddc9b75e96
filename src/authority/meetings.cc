#include "authority/meetings.h"

#include <algorithm>
#include <set>

#include "base/text.h"

namespace ics::authority {

namespace {

using model::InterestCategory;
using model::SeatRole;

bool ActiveOn(const model::Interest& in, const Date& d) {
  return !(in.from && d < *in.from) && !(in.to && *in.to < d);
}

// COI-008 as the platform reads it (the chair of the meeting decides, DEL-009): a direct
// financial interest in a decision means leaving the room, and for a confidential item not
// receiving its papers either; other interests mean taking part in the discussion but not
// the decision. On an item for information only a financial interest in a confidential item
// keeps the member out.
Action Prescribe(InterestCategory category, bool direct, const model::AgendaItem& item) {
  bool confidential = item.part == model::MeetingPart::kConfidential;
  bool financial = category == InterestCategory::kFinancial && direct;
  if (item.purpose != model::ItemPurpose::kDecision)
    return financial && confidential ? Action::kWithdrawAndNoPapers : Action::kParticipate;
  if (financial) return confidential ? Action::kWithdrawAndNoPapers : Action::kWithdraw;
  return Action::kDiscussNotDecide;
}

int Severity(Action a) { return static_cast<int>(a); }

struct Body {
  std::string id;  // "board" or a committee id
  std::string label;
  const model::Committee* committee = nullptr;
  std::optional<model::QuorumRule> quorum;
  std::vector<std::string> members;  // voting members
  std::string chair;
};

bool Fills(const model::IcsSystem& sys, const Body& body, const std::string& person, const std::string& kind,
           const Date& date) {
  if (body.committee && (kind == "chair" || kind == "chair_or_deputy") && body.committee->chair == person) return true;
  for (const auto& s : sys.board.seats) {
    if (s.person != person || !s.validity.ActiveOn(date)) continue;
    if (body.committee && kind == "chair") continue;  // the committee's own chair, above
    if (kind == "chair" && s.role == SeatRole::kChair) return true;
    if (kind == "chair_or_deputy" && (s.role == SeatRole::kChair || s.deputy_chair)) return true;
    if (kind == "executive" && s.IsExecutive()) return true;
    if (kind == "non_executive" && s.IsIndependentNonExecutive()) return true;
    if (kind == "partner" && s.IsPartnerMember()) return true;
    if (kind == "clinician" &&
        (s.role == SeatRole::kExecMedical || s.role == SeatRole::kExecNursing || s.role == SeatRole::kPartnerPms))
      return true;
  }
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

QuorumCount Count(const model::IcsSystem& sys, const Body& body, const std::vector<std::string>& counted,
                  int present, const Date& date) {
  QuorumCount q;
  q.has_rule = body.quorum.has_value();
  model::QuorumRule rule;
  if (body.quorum) {
    rule = *body.quorum;
  } else {
    rule.majority = true;
    if (!body.committee) rule.requires_ = {"chair_or_deputy", "executive", "non_executive"};
  }
  q.members = static_cast<int>(body.members.size());
  q.present = present;
  q.counted = static_cast<int>(counted.size());
  int majority = q.members / 2 + 1;
  q.needed = std::max(rule.count.value_or(0), rule.majority ? majority : 0);
  std::vector<std::string> needs;
  for (const auto& k : rule.requires_) needs.push_back(Plain(k));
  q.rule = (rule.count && (!rule.majority || *rule.count >= majority) ? std::to_string(*rule.count) + " voting members"
                                                                     : "a majority of the " + std::to_string(q.members) +
                                                                           " voting members (" + std::to_string(majority) + ")") +
           (needs.empty() ? "" : ", including " + JoinWithAnd(needs)) +
           (q.has_rule ? "" : " (no quorum recorded: the model standing orders' rule, MTG-004)");
  std::vector<std::set<std::string>> able;
  for (const auto& person : counted) {
    std::set<std::string> kinds;
    for (const auto& k : rule.requires_)
      if (Fills(sys, body, person, k, date)) kinds.insert(k);
    able.push_back(std::move(kinds));
  }
  for (const auto& k : rule.requires_) {
    bool any = false;
    for (const auto& a : able) any |= a.count(k) > 0;
    if (!any) q.missing.push_back(Plain(k));
  }
  std::vector<bool> used(able.size(), false);
  bool assignable = Assign(rule.requires_, 0, able, used);
  if (assignable && q.missing.empty() && rule.requires_.size() > 0) {
    // fine
  } else if (!assignable && q.missing.empty()) {
    q.missing.push_back("a different person for each required kind of member (ELG-017)");
  }
  q.quorate = q.counted >= q.needed && q.missing.empty();
  return q;
}

Result<Body> BodyOf(const model::IcsSystem& sys, const AuthorityIndex& authority, const model::Meeting& m) {
  Body b;
  b.id = m.body;
  b.label = authority.HolderLabel(m.body);
  if (m.body == "board") {
    b.quorum = sys.board.quorum;
    b.members = authority.HolderPeople("board", m.date);
    for (const auto& s : sys.board.seats)
      if (s.role == SeatRole::kChair && s.validity.ActiveOn(m.date)) b.chair = s.person;
    return b;
  }
  const model::Committee* c = sys.FindCommittee(m.body);
  if (!c) return NotFound("meeting '" + m.id + "' is of '" + m.body + "', which is not a committee");
  b.committee = c;
  b.quorum = c->quorum;
  for (const auto& mem : c->members)
    if (mem.voting) b.members.push_back(mem.person);
  b.chair = c->chair;
  return b;
}

}  // namespace

std::string_view Name(Action action) {
  switch (action) {
    case Action::kParticipate: return "participate";
    case Action::kDiscussNotDecide: return "discuss_not_decide";
    case Action::kWithdraw: return "withdraw";
    case Action::kWithdrawAndNoPapers: return "withdraw_no_papers";
  }
  return "unknown";
}

std::string_view Describe(Action action) {
  switch (action) {
    case Action::kParticipate: return "declare the interest, then take full part (COI-008 a)";
    case Action::kDiscussNotDecide: return "take part in the discussion but not the decision or vote (COI-008 b)";
    case Action::kWithdraw: return "leave the meeting for the discussion and the decision (COI-008 c)";
    case Action::kWithdrawAndNoPapers:
      return "leave the meeting for the item and do not receive its papers or minutes (COI-008 d)";
  }
  return "";
}

InterestIndex::InterestIndex(const model::IcsSystem& system) {
  by_org_.reserve(system.interests.size());
  for (const auto& in : system.interests) {
    if (!in.org.empty()) by_org_[in.org].push_back(&in);
    for (const auto& o : in.related_orgs)
      if (o != in.org) by_org_[o].push_back(&in);
    for (const auto& t : in.topics) by_topic_[t].push_back(&in);
  }
  for (const auto& o : system.organisations)
    if (!o.pcn.empty()) practices_[o.pcn].push_back(o.code);
}

const std::vector<std::string_view>& InterestIndex::PracticesOf(std::string_view pcn) const {
  auto it = practices_.find(pcn);
  return it == practices_.end() ? no_practices_ : it->second;
}

const std::vector<const model::Interest*>& InterestIndex::ByOrg(std::string_view org) const {
  auto it = by_org_.find(org);
  return it == by_org_.end() ? none_ : it->second;
}
const std::vector<const model::Interest*>& InterestIndex::ByTopic(std::string_view topic) const {
  auto it = by_topic_.find(topic);
  return it == by_topic_.end() ? none_ : it->second;
}

Result<MeetingReport> ReviewMeeting(const AuthorityIndex& authority, const InterestIndex& interests,
                                    std::string_view meeting_id) {
  const model::IcsSystem& sys = authority.system();
  const model::Meeting* m = nullptr;
  std::vector<std::string> ids;
  for (const auto& x : sys.meetings) {
    ids.push_back(x.id);
    if (x.id == meeting_id) m = &x;
  }
  if (!m) {
    std::string s = ClosestMatch(meeting_id, ids);
    return NotFound("there is no meeting '" + std::string(meeting_id) + "'" +
                    (s.empty() ? (ids.empty() ? "; the definition has no meetings" : "; meetings are " + JoinWithAnd(ids))
                               : " (did you mean '" + s + "'?)"));
  }
  ICS_ASSIGN_OR_RETURN(Body body, BodyOf(sys, authority, *m));
  MeetingReport report;
  report.meeting = m;
  report.body_label = body.label;

  std::set<std::string> member_set(body.members.begin(), body.members.end());
  std::vector<std::string> present_members;
  for (const auto& p : m->present) {
    if (member_set.count(p)) present_members.push_back(p);
    else report.notes.push_back(p + " is listed as present but is not a voting member of " + body.label +
                                "; list them under 'in_attendance'.");
  }
  std::vector<std::string> everyone = m->present;
  everyone.insert(everyone.end(), m->in_attendance.begin(), m->in_attendance.end());
  std::set<std::string_view> here(everyone.begin(), everyone.end());
  report.opening_quorum = Count(sys, body, present_members, static_cast<int>(present_members.size()), m->date);

  std::unordered_map<std::string, const model::Person*> person_of;
  for (const std::string& id : everyone)
    if (const model::Person* p = sys.FindPerson(id)) person_of.emplace(id, p);
  std::string presiding_default = m->presiding.empty() ? body.chair : m->presiding;
  for (const model::AgendaItem& item : m->items) {
    ItemReport r;
    r.item = &item;
    std::unordered_map<std::string, ItemConflict> worst;  // per person
    auto consider = [&](const model::Interest* in, const std::string& because) {
      if (!here.count(in->person) || !ActiveOn(*in, m->date)) return;
      ItemConflict c;
      c.person = in->person;
      c.person_label = authority.HolderLabel(in->person);
      c.category = in->category;
      c.direct = in->direct;
      c.interest = in->description.empty() ? std::string(model::Name(in->category)) + " interest" : in->description;
      if (!in->org.empty()) c.interest += " (" + authority.HolderLabel(in->org) + ")";
      c.because = because;
      c.mitigation = in->mitigation;
      c.entry = in;
      c.action = Prescribe(in->category, in->direct, item);
      auto [it, inserted] = worst.emplace(in->person, c);
      if (!inserted && Severity(c.action) > Severity(it->second.action)) it->second = c;
    };
    for (const std::string& org : item.counterparties) {
      for (const model::Interest* in : interests.ByOrg(org)) consider(in, "counterparty " + org);
      for (std::string_view practice : interests.PracticesOf(org))
        for (const model::Interest* in : interests.ByOrg(practice))
          consider(in, "counterparty " + org + " (the PCN of " + std::string(practice) + ")");
    }
    for (const std::string& t : item.topics)
      for (const model::Interest* in : interests.ByTopic(t)) consider(in, "topic " + t);
    // COI-011: an employment with a counterparty is an interest even when not declared.
    for (const std::string& person : everyone) {
      if (worst.count(person) || item.counterparties.empty()) continue;
      const model::Person* p = person_of.count(person) ? person_of.at(person) : nullptr;
      if (!p) continue;
      for (const auto& e : p->employments) {
        if (!e.validity.ActiveOn(m->date)) continue;
        if (std::find(item.counterparties.begin(), item.counterparties.end(), e.org) == item.counterparties.end())
          continue;
        ItemConflict c;
        c.person = person;
        c.person_label = authority.HolderLabel(person);
        c.category = InterestCategory::kFinancial;
        c.on_register = false;
        c.interest = (e.role.empty() ? "employed" : e.role) + " at " + authority.HolderLabel(e.org);
        c.because = "counterparty " + e.org + " (employment, not on the register: COI-011)";
        c.action = Prescribe(c.category, true, item);
        worst.emplace(person, c);
        break;
      }
    }
    for (const std::string& person : everyone)
      if (auto it = worst.find(person); it != worst.end()) r.conflicts.push_back(it->second);

    std::set<std::string> excluded;
    for (const auto& c : r.conflicts)
      if (Excluded(c.action)) excluded.insert(c.person);
    std::vector<std::string> counted;
    for (const auto& p : present_members)
      if (item.purpose != model::ItemPurpose::kDecision ? !(excluded.count(p) && worst.at(p).action >= Action::kWithdraw)
                                                        : !excluded.count(p))
        counted.push_back(p);
    r.quorum = Count(sys, body, counted, static_cast<int>(present_members.size()), m->date);

    // Who presides (MTG-010, COI-009).
    auto available = [&](const std::string& p) {
      return !p.empty() && here.count(p) && !excluded.count(p);
    };
    r.presiding = presiding_default;
    if (!available(presiding_default)) {
      std::string why = presiding_default.empty() ? "no chair is recorded"
                        : !here.count(presiding_default)
                            ? authority.HolderLabel(presiding_default) + " is absent"
                            : authority.HolderLabel(presiding_default) + " is conflicted on this item";
      std::string next;
      if (!body.committee) {
        for (const auto& s : sys.board.seats)
          if (s.deputy_chair && s.validity.ActiveOn(m->date) && available(s.person)) next = s.person;
        if (next.empty())
          for (const auto& s : sys.board.seats)
            if (s.role == SeatRole::kNed && s.validity.ActiveOn(m->date) && available(s.person)) {
              next = s.person;
              break;
            }
      } else {
        for (const auto& p : counted)
          if (p != presiding_default) {
            next = p;
            break;
          }
      }
      r.presiding = next;
      r.presiding_note = why + ", so " +
                         (next.empty() ? std::string("nobody eligible is left to preside")
                                       : authority.HolderLabel(next) +
                                             (body.committee ? " (a member chosen by those present)"
                                                             : " (the deputy chair, or a non-executive member)") +
                                             " presides (MTG-010)");
    }
    if (item.purpose == model::ItemPurpose::kDecision && !r.quorum.quorate)
      r.course = "Inquorate for this item: it may not be decided (MTG-006). The chair, with the governance lead, refers "
                 "it to a committee that can be quorate, co-opts temporary members where the standing orders allow, "
                 "or defers it, and records the course in the minutes (MTG-007).";
    report.items.push_back(std::move(r));
  }
  return report;
}

Status CheckDecision(const AuthorityIndex& authority, const InterestIndex& interests, std::string_view meeting_id,
                     std::string_view item_number) {
  ICS_ASSIGN_OR_RETURN(MeetingReport report, ReviewMeeting(authority, interests, meeting_id));
  const ItemReport* r = nullptr;
  std::vector<std::string> numbers;
  for (const auto& i : report.items) {
    numbers.push_back(i.item->number);
    if (i.item->number == item_number) r = &i;
  }
  if (!r)
    return NotFound("meeting '" + std::string(meeting_id) + "' has no item " + std::string(item_number) +
                    "; its items are " + JoinWithAnd(numbers));
  const model::AgendaItem& item = *r->item;
  const std::string what = "Item " + item.number + " (" + item.title + ")";
  if (item.purpose != model::ItemPurpose::kDecision)
    return Status(StatusCode::kFailedPrecondition,
                  what + " is for " + std::string(model::Name(item.purpose)) + "; only a decision item can record a decision.");
  if (!r->quorum.quorate) {
    std::vector<std::string> out;
    for (const auto& c : r->conflicts)
      if (Excluded(c.action)) out.push_back(c.person_label);
    std::string why = std::to_string(r->quorum.counted) + " voting member(s) count towards the quorum of " +
                      r->quorum.rule;
    if (!r->quorum.missing.empty()) why += ", and none of them is " + JoinWithAnd(r->quorum.missing);
    return Status(StatusCode::kFailedPrecondition,
                  what + " cannot be recorded as a decision: the meeting is inquorate for it" +
                      (out.empty() ? "" : " once " + JoinWithAnd(out) + " stood aside from the decision") + " (" + why +
                      "). An inquorate meeting may take no decisions (MTG-006).");
  }
  DecisionQuery q;
  q.function = item.function;
  q.place = item.place;
  q.value_pence = item.value_pence.value_or(0);
  q.date = report.meeting->date;
  if (!item.counterparties.empty()) q.counterparty = item.counterparties.front();
  Status s = authority.MayDecide(q, report.meeting->body);
  if (!s.ok()) return Status(s.code(), what + " cannot be recorded as a decision of " + report.body_label + ": " + s.message());
  return Status::Ok();
}

}  // namespace ics::authority
