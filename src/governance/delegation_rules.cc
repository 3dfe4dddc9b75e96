// DEL-*: the functions and decision map and the scheme of reservation and delegation
// (NHS Act 2006 Schedule 1B and ss.65Z5 to 65Z7, NHS England's delegation guidance and
// ICBs' governance handbooks). Each `delegations:` entry of the definition is one line of
// the scheme. Catalogue: section 6 of the governance reference.
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/text.h"
#include "governance/check_context.h"
#include "governance/rule_helpers.h"

namespace ics::governance {

namespace {

using namespace helpers;
constexpr const char* kArea = "delegations";

bool InForce(const CheckContext& ctx, const model::Delegation& d) { return d.validity.ActiveOn(ctx.as_of()); }

bool IsRole(std::string_view to) { return to.rfind("role:", 0) == 0; }

// Who or what a delegation names as the decider, for messages.
std::string Decider(const CheckContext& ctx, const std::string& to) {
  if (to == "board") return "the board";
  if (const model::Committee* c = ctx.Committee(to))
    return "the " + (c->name.empty() ? c->id : c->name) + " (" + c->id + ")";
  if (const model::Place* p = ctx.sys().FindPlace(to))
    return p->name.empty() ? "place " + p->id : "the " + p->name + " place (" + p->id + ")";
  if (ctx.Org(to)) return ctx.OrgLabel(to);
  if (IsRole(to)) return "the role '" + to.substr(5) + "'";
  return ctx.PersonLabel(to);
}

// The map function a text names (its id or its name), or nullptr.
const model::Function* MapFunction(const CheckContext& ctx, std::string_view text) {
  for (const model::Function& f : ctx.sys().functions)
    if (f.id == text || SameText(f.name, text)) return &f;
  return nullptr;
}

// The function's name when the text is a map id ("pms" -> "commission primary medical services").
std::string FunctionName(const CheckContext& ctx, const std::string& text) {
  const model::Function* f = MapFunction(ctx, text);
  return f ? f->name : text;
}

// Two texts name the same function: the same words, or the id and the name of one map entry.
bool SameFunction(const CheckContext& ctx, std::string_view a, std::string_view b) {
  if (SameText(a, b)) return true;
  const model::Function* fa = MapFunction(ctx, a);
  return fa && fa == MapFunction(ctx, b);
}

bool HasFunction(const CheckContext& ctx, const std::vector<std::string>& list, std::string_view f) {
  for (const std::string& x : list)
    if (SameFunction(ctx, x, f)) return true;
  return false;
}

std::string Line(const model::Delegation& d) { return "Delegation '" + d.id + "' (" + d.function + ")"; }

// Two lines' place restrictions overlap (no restriction means every place).
bool Overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return true;
  for (const auto& x : a)
    if (std::find(b.begin(), b.end(), x) != b.end()) return true;
  return false;
}

const model::Delegation* FindLine(const CheckContext& ctx, std::string_view id) {
  for (const auto& d : ctx.sys().delegations)
    if (d.id == id) return &d;
  return nullptr;
}

// A relevant body or other body that may exercise ICB functions under s.65Z5.
bool MayReceiveUnder65Z5(const model::Organisation& o) {
  return o.kind == model::OrgKind::kIcb || o.kind == model::OrgKind::kNhsEngland || o.IsNhsTrust() ||
         o.IsLocalAuthority();
}

bool CitesJointWorkingPowers(const std::string& basis) { return Mentions(basis, "65Z5") || Mentions(basis, "65Z6"); }

// True when `to` is another organisation than the ICB itself.
bool IsOtherBody(const CheckContext& ctx, const std::string& to) { return ctx.Org(to) && to != ctx.sys().system.icb; }

bool IsJointCommittee(const CheckContext& ctx, const std::string& to) {
  const model::Committee* c = ctx.Committee(to);
  return c && c->type == model::CommitteeType::kJointCommittee;
}

// The committee that exercises a delegation: the named committee, or the committee of the
// named place.
const model::Committee* ExercisingCommittee(const CheckContext& ctx, const model::Delegation& d) {
  if (const model::Committee* c = ctx.Committee(d.delegated_to)) return c;
  if (const model::Place* p = ctx.sys().FindPlace(d.delegated_to); p && !p->committee.empty())
    return ctx.Committee(p->committee);
  return nullptr;
}

}  // namespace

void AddDelegationRules(std::vector<Rule>* rules) {
  rules->push_back(Checked(
      "DEL-001", kArea, Severity::kMust, "R / V", "NHS Act 2006 Sch 1B (para 15, to verify); NOTTS; SWL",
      "The ICB may arrange for its functions to be exercised by its committees, sub-committees, members or employees, "
      "and each delegation is recorded in the scheme of reservation and delegation (SoRD). Checked: the SoRD exists; "
      "every function a committee or sub-committee exercises is recorded there (task-and-finish and advisory groups "
      "may take no decisions: COM-010, COM-014); and functions delegated to a named person go to a board member or "
      "an ICB employee.",
      [](const CheckContext& ctx, FindingSink& out) {
        const auto& all = ctx.sys().delegations;
        if (!all.empty() && !FindDocument(ctx, "scheme_of_reservation_and_delegation"))
          out.Report(ctx.SystemWhere(),
                     "The definition lists delegations, but records no scheme of reservation and "
                     "delegation document for the ICB.",
                     "Adopt the SoRD and record it under 'documents: scheme_of_reservation_and_delegation'.");
        for (const model::Committee* c : ctx.Committees()) {
          // Task-and-finish and advisory groups may not take decisions at all (COM-010, COM-014).
          if (c->type == model::CommitteeType::kTaskAndFinish || c->type == model::CommitteeType::kAdvisory) continue;
          for (const std::string& f : c->delegated_functions) {
            bool recorded = false;
            for (const auto& d : all)
              if (InForce(ctx, d) && SameFunction(ctx, d.function, f) && ExercisingCommittee(ctx, d) == c) recorded = true;
            if (!recorded)
              out.Report(
                  c->At("delegated_functions"),
                  "The " + (c->name.empty() ? c->id : c->name) + " (" + c->id + ") exercises '" + f +
                      "', but the scheme of reservation and delegation records no delegation of it to the committee.",
                  "Add a delegation {function: " + f + ", delegated_to: " + c->id +
                      ", delegated_by: board} to 'delegations:', or remove the function from the committee.");
          }
        }
        for (const auto& d : all) {
          if (!InForce(ctx, d) || d.reserved_to_board) continue;
          const std::string& to = d.delegated_to;
          if (IsRole(to)) {
            for (const model::Role& r : ctx.sys().roles) {
              if (r.id != to.substr(5) || !r.validity.ActiveOn(ctx.as_of()) || r.person.empty()) continue;
              if (ctx.IsBoardMember(r.person) || ctx.EmployedBy(r.person, ctx.sys().system.icb)) continue;
              out.Report(r.At("person"),
                         Line(d) + " is delegated to the role '" + r.id + "', held by " + ctx.PersonLabel(r.person) +
                             ", who is neither a member of the ICB board nor an ICB employee.",
                         "Give the role to an ICB employee or board member (or record their employment with the "
                         "ICB), or use a s.65Z5 arrangement with their organisation.");
            }
            continue;
          }
          if (to.empty() || to == "board" || ctx.Committee(to) || ctx.sys().FindPlace(to) || ctx.Org(to))
            continue;
          if (ctx.IsBoardMember(to) || ctx.EmployedBy(to, ctx.sys().system.icb)) continue;
          out.Report(d.At("delegated_to"),
                     Line(d) + " is delegated to " + ctx.PersonLabel(to) +
                         ", who is neither a member of the ICB board nor an ICB employee.",
                     "Delegate the function to a committee, a board member or an ICB employee (or record their "
                     "employment with the ICB), or use a s.65Z5 arrangement with their organisation.");
        }
      }));

  rules->push_back(Checked(
      "DEL-002", kArea, Severity::kMust, "V", "DELEG",
      "Under s.65Z5 a relevant body (NHS England, an ICB, an NHS trust, an NHS foundation trust) may arrange for its "
      "functions to be exercised by or jointly with another relevant body, a local authority, a combined authority or "
      "a prescribed body; joint functions may go to a joint committee (s.65Z6). Checked: ICB functions delegated to "
      "another organisation go only to a body s.65Z5 allows, and delegations between bodies or to a joint committee "
      "record s.65Z5 or s.65Z6 as their basis; section 75 arrangements are between NHS bodies and local "
      "authorities.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Section75& a : ctx.sys().section_75) {
          if (!a.validity.ActiveOn(ctx.as_of())) continue;
          bool la = false, nhs = false;
          for (const std::string& code : a.partners) {
            const model::Organisation* o = ctx.Org(code);
            if (!o) continue;
            la |= o->IsLocalAuthority() && o->social_care;
            nhs |= o->kind == model::OrgKind::kIcb || o->kind == model::OrgKind::kNhsEngland || o->IsNhsTrust();
            if (!o->IsLocalAuthority() && !(o->kind == model::OrgKind::kIcb || o->kind == model::OrgKind::kNhsEngland ||
                                            o->IsNhsTrust()))
              out.Report(a.At("partners"),
                         "Section 75 arrangement '" + a.id + "' names " + ctx.OrgLabel(code) +
                             " as a partner, but s.75 agreements are between NHS bodies and local authorities.",
                         "Remove the partner from the agreement and contract with it separately.");
          }
          if (!la || !nhs)
            out.Report(a.At("partners"),
                       "Section 75 arrangement '" + a.id + "' needs at least one NHS body and one local authority "
                       "with social care (or health-related) functions among its partners.",
                       "List the ICB (or NHS body) and the council(s) party to the agreement under 'partners'.");
        }
        for (const auto& d : ctx.sys().delegations) {
          if (!InForce(ctx, d) || d.reserved_to_board) continue;
          if (IsOtherBody(ctx, d.delegated_to)) {
            const model::Organisation* o = ctx.Org(d.delegated_to);
            if (!MayReceiveUnder65Z5(*o)) {
              out.Report(d.At("delegated_to"),
                         Line(d) + " is delegated to " + ctx.OrgLabel(o->code) + ", " + Article(KindLabel(o->kind)) +
                             " " + KindLabel(o->kind) +
                             ", which is not a body that may exercise ICB functions under s.65Z5.",
                         "Delegate only to NHS England, another ICB, an NHS trust or foundation trust, or a local "
                         "authority; commission other providers by contract instead.");
              continue;
            }
          }
          bool between_bodies = IsOtherBody(ctx, d.delegated_to) || d.delegated_by == "nhs_england";
          bool joint = IsJointCommittee(ctx, d.delegated_to);
          if ((between_bodies || joint) && !CitesJointWorkingPowers(d.statutory_basis)) {
            std::string what = joint ? "to the joint committee " + Decider(ctx, d.delegated_to)
                               : d.delegated_by == "nhs_england" ? "from NHS England to the ICB"
                                                                 : "to " + Decider(ctx, d.delegated_to);
            out.Report(d.At(d.statutory_basis.empty() ? "function" : "statutory_basis"),
                       Line(d) + " is a delegation " + what + ", but its statutory basis " +
                           (d.statutory_basis.empty() ? "is not recorded"
                                                      : "'" + d.statutory_basis + "' does not cite s.65Z5 or s.65Z6") +
                           ".",
                       std::string("Record 'statutory_basis: ") + (joint ? "s.65Z5/s.65Z6" : "s.65Z5") +
                           "' and keep the delegation agreement with the SoRD.");
          }
        }
      }));

  rules->push_back(Checked(
      "DEL-003", kArea, Severity::kMust, "V", "SWL; DELEG; cf. the analogous s.13Z(6) for NHSE",
      "Delegating a function does not transfer accountability: the ICB (its board) stays accountable and liable for "
      "the functions it has delegated. Checked: a place that decides under a delegation reports to the ICB (the "
      "board or one of its committees).",
      [](const CheckContext& ctx, FindingSink& out) {
        std::set<std::string> reported;
        for (const auto& d : ctx.sys().delegations) {
          if (!InForce(ctx, d) || d.reserved_to_board) continue;
          const model::Place* p = ctx.sys().FindPlace(d.delegated_to);
          if (!p || p->reports_to == "icb" || ctx.Committee(p->reports_to) || !reported.insert(p->id).second) continue;
          std::string now = p->reports_to.empty()    ? "does not say to whom it reports"
                            : p->reports_to == "icp" ? "reports only to the integrated care partnership"
                                                     : "reports to '" + p->reports_to + "'";
          out.Report(p->At("reports_to"),
                     "The " + (p->name.empty() ? p->id : p->name) + " place (" + p->id + ") decides '" + d.function +
                         "' under delegation '" + d.id + "', but " + now +
                         ". The ICB stays accountable for what it delegates.",
                     "Make the place report on its delegated decisions to the ICB: 'reports_to: icb' or the id of the "
                     "ICB committee that oversees it.");
        }
      }));

  rules->push_back(Checked(
      "DEL-004", kArea, Severity::kExpected, "V", "SWL; NOTTS",
      "The SoRD sets out (i) decisions reserved to the board; (ii) decisions delegated to the board's committees and "
      "sub-committees; (iii) decisions delegated to individual employees; (iv) functions delegated to other bodies or "
      "joint committees under ss.65Z5/65Z6. Checked: it has reserved decisions and decisions delegated to "
      "individuals, and each line says who delegated it and does not both reserve and delegate.",
      [](const CheckContext& ctx, FindingSink& out) {
        std::vector<const model::Delegation*> in_force;
        for (const auto& d : ctx.sys().delegations)
          if (InForce(ctx, d)) in_force.push_back(&d);
        if (in_force.empty()) {
          out.Report(ctx.SystemWhere(), "The definition records no scheme of reservation and delegation entries.",
                     "List the SoRD under 'delegations:': the decisions reserved to the board and those delegated to "
                     "committees, individual employees and other bodies.");
          return;
        }
        bool reserved = false, individual = false;
        for (const model::Delegation* d : in_force) {
          reserved |= d->reserved_to_board;
          if (!d->reserved_to_board && (IsRole(d->delegated_to) || ctx.Person(d->delegated_to))) individual = true;
          if (d->reserved_to_board && !d->delegated_to.empty() && d->delegated_to != "board")
            out.Report(
                d->At("delegated_to"),
                Line(*d) + " is both reserved to the board and delegated to " + Decider(ctx, d->delegated_to) + ".",
                "Either keep it reserved (remove 'delegated_to') or delegate it (remove 'reserved_to_board').");
          if (!d->reserved_to_board && d->delegated_by.empty() && d->sub_delegated_from.empty())
            out.Report(d->where, Line(*d) + " does not say who delegated it.",
                       "Add 'delegated_by: board' (or the committee or body that delegated it).");
        }
        const model::SourceLocation& first = in_force.front()->where;
        if (!reserved)
          out.Report(first, "The scheme of reservation and delegation reserves no decisions to the board.",
                     "Add the decisions reserved to the board (for example approving the annual budget) with "
                     "'reserved_to_board: true'.");
        if (!individual)
          out.Report(first, "The scheme of reservation and delegation delegates no decisions to individual employees.",
                     "Add the officer delegations (for example {function: approve expenditure within budget, "
                     "delegated_to: 'role:chief_finance_officer', delegated_by: board, limit_gbp: 250000}).");
      }));

  rules->push_back(Checked(
      "DEL-005", kArea, Severity::kExpected, "V", "SWL handbook; WY",
      "A functions and decision map shows, at a high level, which key decisions are delegated to and taken by which "
      "part of the system (board, committees, places, provider collaboratives, joint committees), including "
      "responsibilities delegated to the ICB (for example by NHS England). Checked: the map exists; no function of "
      "the map is one nobody may exercise (an NHS England function with no delegation in force, a section 75 function "
      "with no agreement in force); and the holder the map names is one the scheme delegates the function to.",
      [](const CheckContext& ctx, FindingSink& out) {
        if (!FindDocument(ctx, "functions_and_decision_map"))
          out.Report(ctx.SystemWhere(), "The definition records no functions and decision map for the ICB.",
                     "Draw up the functions and decision map (including functions delegated to the ICB by NHS "
                     "England) and record it under 'documents: functions_and_decision_map'.");
        // A function of the map that nobody may exercise on the as-of date.
        for (const model::Function& f : ctx.sys().functions) {
          if (!f.validity.ActiveOn(ctx.as_of())) continue;
          std::vector<const model::Delegation*> lines;
          for (const auto& d : ctx.sys().delegations)
            if (InForce(ctx, d) && SameFunction(ctx, d.function, f.id)) lines.push_back(&d);
          std::string why;
          if (f.source == model::FunctionSource::kNhsEngland) {
            bool agreed = false;
            for (const auto* d : lines) agreed |= d->delegated_by == "nhs_england";
            if (!agreed)
              why = "the map shows it as delegated by NHS England, but no delegation from NHS England is in force";
          } else if (f.source == model::FunctionSource::kSection75) {
            bool agreed = false;
            for (const model::Section75& a : ctx.sys().section_75)
              if (a.validity.ActiveOn(ctx.as_of()) && HasFunction(ctx, a.functions, f.id)) agreed = true;
            if (!agreed) why = "it is a section 75 function, but no section 75 agreement in force covers it";
          } else if (f.source == model::FunctionSource::kJoint && lines.empty()) {
            why = "it is exercised jointly, but no joint arrangement for it is in force";
          }
          if (!why.empty()) {
            out.Report(f.where, "Nobody may exercise '" + f.name + "' (" + f.id + ") on " + LongDate(ctx.as_of()) +
                                    ": " + why + ".",
                       "Record the agreement in force (a delegation with 'delegated_by: nhs_england', or the section 75 "
                       "arrangement), or end the function's validity in the map.");
            continue;
          }
          // The map's holder should be one the scheme gives the function to (or the board).
          if (f.held_by.empty() || f.held_by == "board") continue;
          bool named = false;
          for (const auto* d : lines) named |= !d->reserved_to_board && d->delegated_to == f.held_by;
          if (!named && !lines.empty())
            out.Report(f.At("held_by"),
                       "The decision map shows '" + f.name + "' held by " + Decider(ctx, f.held_by) +
                           ", but no delegation in force in the scheme gives it to them.",
                       "Make the map and the scheme agree: delegate the function to " + Decider(ctx, f.held_by) +
                           " in 'delegations:', or change the map's 'held_by'.");
        }
      }));

  rules->push_back(Checked(
      "DEL-006", kArea, Severity::kMust, "V", "SWL",
      "Delegations must be consistent with the constitution, and committees act within the SoRD and their terms of "
      "reference. Checked: a committee (or a place's committee) receives only functions its terms of reference "
      "include and is in force; a committee delegates only functions it holds; and no function is both reserved to "
      "the board and delegated.",
      [](const CheckContext& ctx, FindingSink& out) {
        const auto& all = ctx.sys().delegations;
        for (const auto& d : all) {
          if (!InForce(ctx, d) || d.reserved_to_board) continue;
          if (const model::Committee* c = ExercisingCommittee(ctx, d)) {
            std::string name = (c->name.empty() ? c->id : c->name) + " (" + c->id + ")";
            if (!c->validity.ActiveOn(ctx.as_of()))
              out.Report(d.At("delegated_to"),
                         Line(d) + " goes to the " + name + ", which is not in force on " + LongDate(ctx.as_of()) + ".",
                         "Delegate the function to a committee that exists, or end the delegation.");
            else if (!HasFunction(ctx, c->delegated_functions, d.function))
              out.Report(d.At("delegated_to"),
                         Line(d) + " is exercised by the " + name + ", whose terms of reference do not include it.",
                         "Add '" + d.function +
                             "' to the committee's delegated functions (with the board's approval "
                             "of its terms of reference), or delegate it elsewhere.");
          }
          if (const model::Committee* by = ctx.Committee(d.delegated_by)) {
            bool holds = HasFunction(ctx, by->delegated_functions, d.function);
            for (const auto& up : all)
              holds |= &up != &d && InForce(ctx, up) && !up.reserved_to_board && SameFunction(ctx, up.function, d.function) &&
                       up.delegated_to == by->id;
            if (!holds)
              out.Report(d.At("delegated_by"),
                         Line(d) + " is delegated by the " + (by->name.empty() ? by->id : by->name) +
                             ", which does not itself hold that function.",
                         "Delegate the function to the committee first (in the SoRD and its terms of reference), or "
                         "record the board as the delegator.");
          }
          // Two bodies may both take the same decision: lines from the same delegator, for the same
          // places, with the same limit, to different deciders.
          for (const auto& e : all) {
            if (&e <= &d || !InForce(ctx, e) || e.reserved_to_board || e.delegated_to == d.delegated_to) continue;
            if (!SameFunction(ctx, e.function, d.function) || e.limit_pence != d.limit_pence) continue;
            if (e.sub_delegated_from != d.sub_delegated_from) continue;
            if (d.sub_delegated_from.empty() && (e.delegated_by.empty() ? "board" : e.delegated_by) !=
                                                    (d.delegated_by.empty() ? "board" : d.delegated_by))
              continue;
            if (!Overlap(e.places, d.places)) continue;
            out.Report(e.At("delegated_to"),
                       "Two bodies may both take the same decision: " + Line(d) + " goes to " +
                           Decider(ctx, d.delegated_to) + " and '" + e.id + "' to " + Decider(ctx, e.delegated_to) +
                           ", " + (d.limit_pence ? "both up to " + Pounds(*d.limit_pence) : std::string("both without a limit")) +
                           ".",
                       "Give each decider a different limit, place or function, or remove one of the lines, so the "
                       "scheme names one decider for each decision.");
          }
          for (const auto& r : all)
            if (InForce(ctx, r) && r.reserved_to_board && SameFunction(ctx, r.function, d.function)) {
              out.Report(d.where,
                         Line(d) + " is delegated to " + Decider(ctx, d.delegated_to) + ", but delegation '" + r.id +
                             "' reserves the same decision to the board.",
                         "Keep the decision reserved to the board, or remove the reservation (by amending the SoRD) "
                         "before delegating it.");
              break;
            }
        }
      }));

  rules->push_back(Checked(
      "DEL-007", kArea, Severity::kAdvisory, "V",
      "Central London CCG detailed scheme, https://studylib.net/doc/18553434/scheme-of-delegation-nov-14 (CCG "
      "precedent)",
      "Officer sub-delegation: the SoRD shows the lowest level to which authority is delegated; delegation to a lower "
      "level needs the chief executive's written approval; delegated authority belongs to substantive postholders "
      "(interim staff case by case); all financial limits depend on sufficient budget being available. Checked: a "
      "sub-delegation comes from a line that allows it, carries no more than that line's limit (and its "
      "sub-delegation limit), is for the same function, and starts no earlier and ends no later than it. Not "
      "checked: the chief executive's written approvals, substantive or interim postholders, budget availability.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const auto& d : ctx.sys().delegations) {
          if (d.sub_delegated_from.empty() || !InForce(ctx, d)) continue;
          const model::Delegation* parent = FindLine(ctx, d.sub_delegated_from);
          if (!parent) continue;
          std::string what = Line(d) + " sub-delegates '" + parent->id + "'";
          if (!parent->may_sub_delegate)
            out.Report(d.At("sub_delegated_from"), what + ", which does not allow sub-delegation.",
                       "Add 'may_sub_delegate: true' to '" + parent->id +
                           "' (with the chief executive's written approval), or remove the sub-delegation.");
          std::optional<int64_t> cap = parent->limit_pence;
          if (parent->sub_delegation_limit_pence && (!cap || *parent->sub_delegation_limit_pence < *cap))
            cap = parent->sub_delegation_limit_pence;
          if (cap && (!d.limit_pence || *d.limit_pence > *cap))
            out.Report(d.At(d.limit_pence ? "limit_gbp" : "sub_delegated_from"),
                       what + " with " + (d.limit_pence ? "a limit of " + Pounds(*d.limit_pence) : std::string("no limit")) +
                           ", more than the " + Pounds(*cap) + " it may pass on.",
                       "Set 'limit_gbp' to at most " + Pounds(*cap) + ".");
          if (!SameFunction(ctx, d.function, parent->function))
            out.Report(d.At("function"),
                       what + ", which is for '" + parent->function + "', a different function.",
                       "Sub-delegate only the function the parent line delegates.");
          bool early = parent->validity.from && (!d.validity.from || *d.validity.from < *parent->validity.from);
          bool late = parent->validity.to && (!d.validity.to || *parent->validity.to < *d.validity.to);
          if (early || late)
            out.Report(d.where, what + ", but is in force " + (early ? "before" : "after") + " '" + parent->id + "'.",
                       "Keep the sub-delegation's valid_from and valid_to within those of '" + parent->id + "'.");
        }
      }));

  rules->push_back(Checked(
      "DEL-008", kArea, Severity::kExpected, "V (CCG) / R (ICB list)",
      "ECCCG SoRD https://studylib.net/doc/18553396/ecccg-scheme-of-reservation-and-delegation (CCG precedent); MODEL",
      "Typically reserved to the board: approving and varying the standing orders, SoRD and SFIs; proposing "
      "constitution amendments to NHS England; setting up committees and approving their terms of reference; "
      "approving delegations under s.65Z5 and joint committees; approving the joint forward plan, annual operating "
      "plan and budget; approving the annual report and accounts; approving conflicts of interest arrangements; and "
      "matters above every delegated limit. Checked: delegations to other bodies and joint committees are made by "
      "the board, and no approval of these matters is delegated away from the board.",
      [](const CheckContext& ctx, FindingSink& out) {
        static const char* kVerbs[] = {"approve", "approval", "adopt", "vary", "amend", "propose"};
        static const char* kMatters[] = {"standing orders",
                                         "scheme of reservation",
                                         "standing financial instructions",
                                         "constitution",
                                         "terms of reference",
                                         "joint forward plan",
                                         "operating plan",
                                         "annual budget",
                                         "annual report",
                                         "annual accounts",
                                         "conflicts of interest policy",
                                         "managing conflicts of interest"};
        for (const auto& d : ctx.sys().delegations) {
          if (!InForce(ctx, d) || d.reserved_to_board || d.delegated_to == "board" || d.delegated_by == "nhs_england" ||
              d.delegated_to == ctx.sys().system.icb)
            continue;
          if ((IsOtherBody(ctx, d.delegated_to) || IsJointCommittee(ctx, d.delegated_to)) && d.delegated_by != "board")
            out.Report(d.At("delegated_by"),
                       Line(d) + " to " + Decider(ctx, d.delegated_to) + " is made by " +
                           (d.delegated_by.empty() ? "nobody recorded" : "'" + d.delegated_by + "'") +
                           "; approving delegations under s.65Z5 and joint committees is reserved to the board.",
                       "Have the board approve the delegation and record 'delegated_by: board'.");
          bool verb = false;
          for (const char* v : kVerbs) verb |= Mentions(FunctionName(ctx, d.function), v);
          if (!verb) continue;
          for (const char* m : kMatters)
            if (Mentions(FunctionName(ctx, d.function), m)) {
              out.Report(
                  d.At("function"),
                  Line(d) + " delegates to " + Decider(ctx, d.delegated_to) + " a decision on the " + m +
                      ", which is normally reserved to the board.",
                  "Reserve the decision to the board ('reserved_to_board: true'); a committee may recommend it.");
              break;
            }
        }
      }));

  rules->push_back(NotCheckable(
      "DEL-009", kArea, Severity::kExpected, "V / R", "ECCCG SoRD item 5; COI-2017",
      "Decisions on declarations of interest by board or committee members (how far a member takes part) rest with "
      "the chair of the meeting, or with the board for the chair's own interests.",
      "These decisions are taken at meetings, item by item; the meetings checks, not the definition, decide them."));

  rules->push_back(Checked(
      "DEL-010", kArea, Severity::kExpected, "R", "DELEG; SWL (\"delegated to the ICB e.g. from NHSE\")",
      "NHS England's direct-commissioning functions are delegated to ICBs by a delegation agreement (primary medical "
      "services from 2022; pharmacy, optometry and dental from April 2023; some specialised services later). NHS "
      "England stays accountable, and these functions appear as delegated to the ICB. Checked: from 1 July 2022 the "
      "SoRD records primary medical services, and from 1 April 2023 pharmaceutical, ophthalmic and dental services, "
      "as delegated by NHS England. Specialised services are not checked (dates vary).",
      [](const CheckContext& ctx, FindingSink& out) {
        struct Function {
          const char* label;
          std::vector<const char*> words;
          Date from;
        };
        const Function functions[] = {
            {"primary medical services", {"primary medical"}, Date{2022, 7, 1}},
            {"pharmaceutical services", {"pharmac"}, Date{2023, 4, 1}},
            {"general ophthalmic (optometry) services", {"ophthalmic", "optom"}, Date{2023, 4, 1}},
            {"dental services", {"dental"}, Date{2023, 4, 1}},
        };
        std::vector<std::string> missing;
        for (const Function& f : functions) {
          if (ctx.as_of() < f.from) continue;
          bool found = false;
          for (const auto& d : ctx.sys().delegations)
            if (InForce(ctx, d) && d.delegated_by == "nhs_england")
              for (const char* w : f.words) found |= Mentions(FunctionName(ctx, d.function), w);
          if (!found) missing.push_back(f.label);
        }
        if (missing.empty()) return;
        const auto& all = ctx.sys().delegations;
        out.Report(all.empty() ? ctx.SystemWhere() : all.front().where,
                   "The scheme of reservation and delegation does not record " + JoinWithAnd(missing) +
                       " as delegated to the ICB by NHS England.",
                   "Add a delegation for each with 'delegated_by: nhs_england', 'delegated_to: board' (or the "
                   "committee that exercises it), 'statutory_basis: s.65Z5' and the date the delegation agreement "
                   "took effect ('valid_from').");
      }));
}

}  // namespace ics::governance
