// COM-*: the ICB's committees: the statutory audit and remuneration committees and who
// chairs them, committee membership and terms of reference, task-and-finish groups, the
// chain of accountability to the board, joint committees and committees-in-common, and
// place committees. Catalogue: section 4 of the governance reference.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "governance/board_facts.h"
#include "governance/check_context.h"

namespace ics::governance {

namespace {
using model::CommitteeType;
using model::SeatRole;
constexpr const char* kArea = "committees";

// "the Audit and Risk Committee"; "The ..." to start a sentence.
std::string Title(const model::Committee& c) { return "the " + (c.name.empty() ? c.id : c.name); }
std::string TitleCap(const model::Committee& c) { return "The " + (c.name.empty() ? c.id : c.name); }

bool IsNed(const CheckContext& ctx, std::string_view person) { return SeatOf(ctx, person, SeatRole::kNed) != nullptr; }

bool IsDeputyChair(const CheckContext& ctx, std::string_view person) {
  for (const model::Seat* s : MemberSeats(ctx))
    if (s->person == person && s->deputy_chair) return true;
  return false;
}

// Committees that exercise the ICB's functions under terms of reference the board approves.
bool HasBoardApprovedTerms(const model::Committee& c) {
  return c.type != CommitteeType::kTaskAndFinish && c.type != CommitteeType::kAdvisory;
}
}  // namespace

void AddCommitteeRules(std::vector<Rule>* rules) {
  rules->push_back(Checked(
      "COM-001", kArea, Severity::kMust, "V (exact statutory hook not located)", "LINCS; MODEL §4",
      "The ICB must establish two statutory committees: an audit committee and a remuneration committee.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const char* kind : {"audit", "remuneration"}) {
          bool found = false;
          for (const model::Committee* c : ctx.CommitteesOfKind(kind)) found |= c->type == CommitteeType::kCommittee;
          if (found) continue;
          out.Report(
              ctx.BoardWhere(),
              std::string("The ICB has no ") + kind + " committee in force on " + ctx.as_of().ToIso() + ".",
              std::string("Add a committee with 'kind: ") + kind + "' (type committee) under 'icb: committees:'.");
        }
      }));

  rules->push_back(Checked(
      "COM-002", kArea, Severity::kMust, "V", "LINCS; MODEL",
      "The audit committee is chaired by an independent non-executive board member with qualifications, expertise or "
      "experience that let them express credible opinions on finance and audit matters (a requirement of the "
      "constitution).",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Committee* c : ctx.CommitteesOfKind("audit")) {
          if (c->chair.empty()) {
            out.Report(c->where, TitleCap(*c) + " has no chair.",
                       "Name its chair with 'chair:', an independent non-executive member with finance and audit "
                       "expertise.");
            continue;
          }
          bool independent = false;
          for (const model::Seat* s : ctx.SeatsOfPerson(c->chair)) independent |= s->IsIndependentNonExecutive();
          if (!independent) {
            out.Report(c->At("chair"),
                       TitleCap(*c) + " is chaired by " + ctx.PersonLabel(c->chair) +
                           ", who is not an independent non-executive member of the board.",
                       "Appoint a non-executive member of the board to chair the audit committee.");
            continue;
          }
          const model::Person* p = ctx.Person(c->chair);
          if (!p || !p->finance_audit_expertise)
            out.Report(c->At("chair"),
                       TitleCap(*c) + " is chaired by " + ctx.PersonLabel(c->chair) +
                           ", who is not recorded as having finance and audit expertise.",
                       "Record 'finance_audit_expertise: true' for the chair if they have it, or appoint a "
                       "non-executive member who has it.");
        }
      }));

  rules->push_back(Checked(
      "COM-003", kArea, Severity::kMust, "V", "LINCS; MODEL",
      "The remuneration committee is chaired by a non-executive member other than the ICB chair or the audit "
      "committee chair (a requirement of the constitution).",
      [](const CheckContext& ctx, FindingSink& out) {
        std::string icb_chair = ChairPerson(ctx);
        std::set<std::string> audit_chairs;
        for (const model::Committee* a : ctx.CommitteesOfKind("audit"))
          if (!a->chair.empty()) audit_chairs.insert(a->chair);
        for (const model::Committee* c : ctx.CommitteesOfKind("remuneration")) {
          if (c->chair.empty()) {
            out.Report(c->where, TitleCap(*c) + " has no chair.",
                       "Name its chair with 'chair:', a non-executive member who is neither the ICB chair nor the "
                       "audit committee chair.");
          } else if (!icb_chair.empty() && c->chair == icb_chair) {
            out.Report(c->At("chair"),
                       TitleCap(*c) + " is chaired by the ICB chair, " + ctx.PersonLabel(c->chair) + ".",
                       "Appoint another non-executive member to chair the remuneration committee.");
          } else if (!IsNed(ctx, c->chair)) {
            out.Report(c->At("chair"),
                       TitleCap(*c) + " is chaired by " + ctx.PersonLabel(c->chair) +
                           ", who is not a non-executive member of the board.",
                       "Appoint a non-executive member to chair the remuneration committee.");
          } else if (audit_chairs.count(c->chair)) {
            out.Report(
                c->At("chair"),
                TitleCap(*c) + " is chaired by " + ctx.PersonLabel(c->chair) + ", who also chairs the audit committee.",
                "Appoint a different non-executive member to chair one of the two committees.");
          }
        }
      }));

  rules->push_back(Checked(
      "COM-004", kArea, Severity::kExpected, "V", "ICBGOV",
      "The audit committee chair may not also be deputy chair of the board.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Committee* c : ctx.CommitteesOfKind("audit"))
          if (!c->chair.empty() && IsDeputyChair(ctx, c->chair))
            out.Report(c->At("chair"),
                       TitleCap(*c) + " is chaired by " + ctx.PersonLabel(c->chair) +
                           ", who is also deputy chair of the "
                           "board.",
                       "Make another non-executive member deputy chair, or appoint another audit committee chair.");
      }));

  rules->push_back(Checked(
      "COM-005", kArea, Severity::kExpected, "R", "NHS audit committee practice; ICBGOV update",
      "The board chair should not be a member of the audit committee.", [](const CheckContext& ctx, FindingSink& out) {
        std::string icb_chair = ChairPerson(ctx);
        if (icb_chair.empty()) return;
        for (const model::Committee* c : ctx.CommitteesOfKind("audit")) {
          const model::SourceLocation* where = nullptr;
          for (const model::CommitteeMember& m : c->members)
            if (m.person == icb_chair && !where) where = &m.where;
          if (!where && c->chair == icb_chair) where = &c->At("chair");
          if (where)
            out.Report(*where, "The ICB chair, " + ctx.PersonLabel(icb_chair) + ", is a member of " + Title(*c) + ".",
                       "Remove the ICB chair from the audit committee; they may attend by invitation.");
        }
      }));

  rules->push_back(NotCheckable(
      "COM-006", kArea, Severity::kMust, "V — corrected", "NHS Act 2006 Sch 1B Part 2 paras 18–19; LSC-REM",
      "The remuneration committee exercises, for the board, the ICB's functions on employees' pay, allowances, terms "
      "and pensions (paras 18-19 of Schedule 1B, which bind every ICB; the committee arrangements are "
      "constitutional). No individual takes part in discussion or decision about their own remuneration; "
      "non-executive pay may go to a separate panel.",
      "Whether anyone takes part in a decision on their own pay shows only at the meeting concerned, which the "
      "definition does not record (a later meetings module will check it); the committee's existence is checked "
      "under COM-001."));

  rules->push_back(Checked(
      "COM-007", kArea, Severity::kMust, "R", "NHS Act 2006 Sch 1B (para 15, to verify); MODEL §4.2",
      "Committees and sub-committees may include people who are neither members nor employees of the ICB. Members of "
      "committees that exercise commissioning functions are approved by the chair, who refuses anyone whose "
      "appointment would undermine the independence of the health service (BRD-012).",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Committee* c : ctx.Committees()) {
          if (!c->commissioning_functions) continue;
          bool chair_listed = false;
          for (const model::CommitteeMember& m : c->members) {
            chair_listed |= m.person == c->chair;
            if (IsBoardMemberPerson(ctx, m.person)) continue;  // appointed to the board with the chair's approval
            if (!m.chair_approved)
              out.Report(m.where,
                         ctx.PersonLabel(m.person) + ", a member of " + Title(*c) +
                             " (which exercises commissioning functions) who is not on the board, has no record of "
                             "the ICB chair's approval.",
                         "Record the chair's approval with '{person: " + m.person +
                             ", chair_approved: true}' (and seek it if it was not given).");
            const model::Person* p = ctx.Person(m.person);
            if (p && std::find(p->disqualifications.begin(), p->disqualifications.end(),
                               model::Disqualification::kUnderminesIndependence) != p->disqualifications.end())
              out.Report(m.where,
                         ctx.PersonLabel(m.person) + ", a member of " + Title(*c) +
                             ", is recorded as a person whose appointment could undermine the independence of the "
                             "health service; the chair must refuse such an appointment.",
                         "Remove the person from the committee.");
          }
          if (!c->chair.empty() && !chair_listed && !IsBoardMemberPerson(ctx, c->chair))
            out.Report(c->At("chair"),
                       TitleCap(*c) + " is chaired by " + ctx.PersonLabel(c->chair) +
                           ", who is not on the board and has no record of the ICB chair's approval.",
                       "List the chair among the members as '{person: " + c->chair +
                           ", chair_approved: true}' once "
                           "the ICB chair has approved the appointment.");
        }
      }));

  rules->push_back(NotCheckable(
      "COM-008", kArea, Severity::kMust, "V", "SWL audit ToR 1.3; LSC-REM 1.3",
      "Committee members, including those who are not board members, are bound by the ICB's standing orders and "
      "policies, including the conflicts of interest policy (a requirement of the constitution).",
      "It binds members by virtue of their appointment; whether they keep to the standing orders and policies shows "
      "in their conduct, which the definition does not record (the register of interests is checked under the "
      "conflicts of interest rules)."));

  rules->push_back(Checked(
      "COM-009", kArea, Severity::kExpected, "V", "SWL ToR 1.2; LSC-REM 1.2",
      "Committee terms of reference are approved by the board, published in the governance handbook, and may be "
      "changed only with board approval.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Committee* c : ctx.Committees()) {
          if (!HasBoardApprovedTerms(*c)) continue;
          const auto& approved = c->terms_of_reference_approved;
          if (!approved)
            out.Report(c->where, "The terms of reference of " + Title(*c) + " have no record of board approval.",
                       "Have the board approve them and record the date as 'terms_of_reference_approved:'.");
          else if (ctx.as_of() < *approved)
            out.Report(c->At("terms_of_reference_approved"),
                       "The terms of reference of " + Title(*c) + " are recorded as approved on " + approved->ToIso() +
                           ", after " + ctx.as_of().ToIso() + ", the date the definition describes.",
                       "Correct the approval date, or do not show the committee in force before its terms are "
                       "approved (set 'valid_from').");
          if (!c->terms_of_reference_published.value_or(false))
            out.Report(c->At("terms_of_reference_published"),
                       "The terms of reference of " + Title(*c) +
                           " are not recorded as published in the governance "
                           "handbook.",
                       "Publish them in the governance handbook and record 'terms_of_reference_published: true'.");
        }
      }));

  rules->push_back(Checked(
      "COM-010", kArea, Severity::kExpected, "V", "SWL ToR 2.1; LSC-REM 2.1",
      "A committee may set up task-and-finish sub-groups but may not delegate any decision to them.",
      [](const CheckContext& ctx, FindingSink& out) {
        std::set<std::string> groups;
        for (const model::Committee* c : ctx.Committees()) {
          if (c->type != CommitteeType::kTaskAndFinish) continue;
          groups.insert(c->id);
          if (!c->delegated_functions.empty() || c->commissioning_functions)
            out.Report(c->delegated_functions.empty() ? c->At("commissioning_functions") : c->At("delegated_functions"),
                       TitleCap(*c) + " is a task-and-finish group but is given decisions to take (" +
                           (c->delegated_functions.empty() ? std::string("commissioning functions")
                                                           : c->delegated_functions.front()) +
                           ").",
                       "Keep the decision with the parent committee (the group advises it), or set the group up as a "
                       "sub-committee with terms of reference approved by the board.");
        }
        for (const model::Delegation& d : ctx.sys().delegations) {
          if (!groups.count(d.delegated_to) || !d.validity.ActiveOn(ctx.as_of())) continue;
          const model::Committee* g = ctx.Committee(d.delegated_to);
          out.Report(d.At("delegated_to"),
                     "Delegation '" + d.id + "' (" + d.function + ") delegates a decision to " + Title(*g) +
                         ", a task-and-finish group.",
                     "Delegate the decision to the parent committee instead.");
        }
      }));

  rules->push_back(NotCheckable(
      "COM-011", kArea, Severity::kExpected, "V", "LSC-REM 2.2; SWL 2.2",
      "If terms of reference conflict with the standing orders, the SFIs or the scheme of reservation and delegation, "
      "the standing orders, SFIs and scheme prevail.",
      "A conflict lies in the wording of the documents, which the definition does not hold; the rule says which "
      "prevails rather than setting a requirement the definition could breach."));

  rules->push_back(Checked(
      "COM-012", kArea, Severity::kMust, "V", "SWL board page",
      "The board remains accountable for every function it delegates to committees; committees follow good "
      "governance, the scheme of reservation and delegation, the standing orders and their terms of reference. The "
      "definition is checked for an unbroken line of accountability from every sub-committee and task-and-finish "
      "group up to a committee of the board.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Committee* c : ctx.Committees()) {
          bool needs_parent = c->type == CommitteeType::kSubCommittee || c->type == CommitteeType::kTaskAndFinish;
          if (c->parent.empty()) {
            if (needs_parent)
              out.Report(c->where,
                         TitleCap(*c) + " is a " +
                             (c->type == CommitteeType::kSubCommittee ? "sub-committee" : "task-and-finish group") +
                             " but names no parent committee, so it does not report to the board.",
                         "Add 'parent:' with the id of the committee it reports to.");
            continue;
          }
          // Walk up the parents: each must be in force, and the chain must end.
          std::set<std::string> seen{c->id};
          const model::Committee* at = c;
          while (!at->parent.empty()) {
            const model::Committee* up = ctx.Committee(at->parent);
            if (!up) break;  // the loader reports unknown references
            if (!seen.insert(up->id).second) {
              out.Report(c->At("parent"),
                         TitleCap(*c) + " reports through a loop of committees (back to " + Title(*up) +
                             ") that never reaches the board.",
                         "Correct the 'parent' of one committee in the loop so that the chain ends at a committee of "
                         "the board.");
              break;
            }
            if (!up->validity.ActiveOn(ctx.as_of())) {
              out.Report(at->At("parent"),
                         TitleCap(*at) + " reports to " + Title(*up) + ", which is not in force on " +
                             ctx.as_of().ToIso() + ", so its line of accountability to the board is broken.",
                         "Make it report to a committee that is in force, or end it too.");
              break;
            }
            at = up;
          }
        }
      }));

  rules->push_back(Checked(
      "COM-013", kArea, Severity::kMust, "V", "NOTTS; DELEG",
      "Joint committees: functions the ICB exercises jointly with another relevant body (another ICB, NHS England, an "
      "NHS trust or foundation trust, a local authority, a combined authority or a prescribed body) under s.65Z5 may "
      "be exercised by a joint committee under s.65Z6; its terms of reference are in the governance handbook and the "
      "delegation is in the scheme of reservation and delegation. The statutory basis is a must for an ICB; "
      "publication is checked for every committee under COM-009.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Committee* c : ctx.Committees()) {
          if (c->type != CommitteeType::kJointCommittee) continue;
          std::vector<std::string> partners;
          for (const std::string& code : c->partners)
            if (code != ctx.sys().system.icb) partners.push_back(code);
          if (partners.empty())
            out.Report(c->At("partners"),
                       TitleCap(*c) + " is a joint committee but names no other body that takes part in it.",
                       "List the other bodies in 'partners:' (their organisation codes).");
          for (const std::string& code : partners) {
            const model::Organisation* o = ctx.Org(code);
            if (!o) continue;  // the loader reports unknown codes
            bool relevant = o->kind == model::OrgKind::kIcb || o->kind == model::OrgKind::kNhsEngland ||
                            o->IsNhsTrust() || o->IsLocalAuthority() || o->kind == model::OrgKind::kOther;
            if (!relevant)
              out.Report(c->At("partners"),
                         TitleCap(*c) + " is a joint committee with " + ctx.OrgLabel(code) +
                             ", which is not a body the ICB can exercise functions jointly with under s.65Z5.",
                         "Remove it from the joint committee's partners (it may attend, or advise), or use another "
                         "arrangement such as a contract.");
          }
          bool basis = c->statutory_basis.find("65Z5") != std::string::npos ||
                       c->statutory_basis.find("65Z6") != std::string::npos;
          if (!basis)
            out.Report(c->statutory_basis.empty() ? c->where : c->At("statutory_basis"),
                       TitleCap(*c) + " is a joint committee but its statutory basis is " +
                           (c->statutory_basis.empty() ? std::string("not recorded")
                                                       : "given as '" + c->statutory_basis + "'") +
                           "; joint committees rest on s.65Z5 and s.65Z6 of the NHS Act 2006.",
                       "Record 'statutory_basis: s.65Z5/s.65Z6'.");
        }
      }));

  rules->push_back(Checked(
      "COM-014", kArea, Severity::kAdvisory, "V", "NHSP-COL",
      "Committees-in-common: each participating organisation sets up its own committee, with functions delegated for "
      "that organisation only; the committees meet together but each decision is its own committee's. They differ "
      "from an advisory group, which has no delegated powers, and from a group of individual decision-makers.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Committee* c : ctx.Committees()) {
          if (c->type == CommitteeType::kCommitteesInCommon && c->partners.empty())
            out.Report(c->where,
                       TitleCap(*c) +
                           " is recorded as meeting in common with other organisations' committees, but names "
                           "none.",
                       "List the organisations whose committees it meets with in 'partners:'.");
          if (c->type == CommitteeType::kAdvisory && (!c->delegated_functions.empty() || c->commissioning_functions))
            out.Report(
                c->delegated_functions.empty() ? c->At("commissioning_functions") : c->At("delegated_functions"),
                TitleCap(*c) +
                    " is an advisory group, which has no delegated powers, but is given functions to "
                    "exercise.",
                "Make it a committee (or committees-in-common) of the ICB with terms of reference, or remove the "
                "delegated functions so that its advice goes back to the board.");
        }
      }));

  rules->push_back(Checked(
      "COM-015", kArea, Severity::kAdvisory, "S", "DF p.19–26",
      "Place committees: a committee of the ICB with delegated authority (and partner members) is one of the five "
      "place governance options (PLC-001), so a place committee belongs to a place.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Committee* c : ctx.CommitteesOfKind("place")) {
          bool linked = false;
          for (const model::Place& p : ctx.sys().places) linked |= p.committee == c->id;
          if (!linked)
            out.Report(c->At("kind"), TitleCap(*c) + " is a place committee, but no place names it as its committee.",
                       "Add 'committee: " + c->id +
                           "' to the place it serves (with governance committee_of_icb or "
                           "joint_committee).");
        }
      }));

  rules->push_back(NotCheckable(
      "COM-016", kArea, Severity::kAdvisory, "V", "SWL; NOTTS; WY; Gloucestershire ICB (six sub-committees)",
      "Optional committees are chosen locally (for example quality, finance, people, primary care commissioning, "
      "public partnership); each ICB's governance handbook shows which are statutory and which optional.",
      "Any set of optional committees is allowed, so there is nothing in the definition to find wrong; the statutory "
      "committees are checked under COM-001 and the handbook's contents under the document rules."));
}

}  // namespace ics::governance
