// BRD-*: the ICB board's composition and appointments (NHS Act 2006 Schedule 1B, the
// Design Framework and NHS England's constitution guidance). Catalogue: section 1 of the
// governance reference.
#include <functional>
#include <set>
#include <string>

#include "governance/board_facts.h"
#include "governance/check_context.h"

namespace ics::governance {

namespace {
using model::SeatRole;
constexpr const char* kArea = "board";

bool InForce(const CheckContext& ctx, const model::Organisation& o) { return o.validity.ActiveOn(ctx.as_of()); }

// One kind of partner member (BRD-007 to BRD-009): at least one voting seat of `role`,
// nominated jointly by eligible organisations, and (when `all_take_part`) by all of them.
struct PartnerKind {
  SeatRole role;
  const char* nominators;  // "the NHS trusts and foundation trusts that provide services in the area"
  const char* short_name;  // "trusts"
  std::function<bool(const model::Organisation&)> eligible;
  bool all_take_part;
};

void CheckPartner(const CheckContext& ctx, FindingSink& out, const PartnerKind& kind) {
  std::vector<const model::Seat*> seats;
  for (const model::Seat* s : ctx.SeatsWithRole(kind.role))
    if (s->IsOrdinaryMember()) seats.push_back(s);
  std::string role_name(model::Name(kind.role));
  if (seats.empty()) {
    out.Report(ctx.BoardWhere(),
               std::string("The board has no voting partner member nominated jointly by ") + kind.nominators + ".",
               "Add a seat with 'role: " + role_name + "' and 'nominated_by:' listing the " + kind.short_name +
                   " that nominated the member jointly.");
    return;
  }
  std::set<std::string> nominating;
  for (const model::Seat* s : seats) {
    if (s->nominated_by.empty()) {
      out.Report(s->At("person"),
                 SeatLabel(ctx, *s) +
                     ", has no record of a nomination; the member must come from a joint nomination by " +
                     kind.nominators + ".",
                 std::string("Add 'nominated_by:' to the seat with the codes of the ") + kind.short_name +
                     " that nominated them jointly.");
    }
    for (const std::string& code : s->nominated_by) {
      nominating.insert(code);
      const model::Organisation* o = ctx.Org(code);
      if (o && InForce(ctx, *o) && kind.eligible(*o)) continue;
      out.Report(s->At("nominated_by"),
                 SeatLabel(ctx, *s) + ", is recorded as nominated by " + ctx.OrgLabel(code) + ", which is not one of " +
                     kind.nominators + ".",
                 "Remove " + code + " from 'nominated_by'; only " + kind.nominators + " take part in this nomination.");
    }
  }
  if (!kind.all_take_part) return;
  for (const model::Organisation& o : ctx.sys().organisations) {
    if (!InForce(ctx, o) || !kind.eligible(o) || nominating.count(o.code)) continue;
    out.Report(seats.front()->At("nominated_by"),
               ctx.OrgLabel(o.code) + " is one of " + kind.nominators + ", but took no part in nominating " +
                   SeatLabel(ctx, *seats.front()) + ".",
               "Add " + o.code +
                   " to the seat's 'nominated_by' (the nomination is made jointly by all of them), or "
                   "mark the organisation 'in_area: false' if it does not provide services in the area.");
  }
}

// Voting seats of the roles the Design Framework minimum needs are all present.
bool HasEveryMinimumRole(const CheckContext& ctx) {
  auto voting = [&](SeatRole role) {
    size_t n = 0;
    for (const model::Seat* s : ctx.SeatsWithRole(role))
      if (s->voting) ++n;
    return n;
  };
  return voting(SeatRole::kChair) == 1 && voting(SeatRole::kCeo) == 1 && voting(SeatRole::kExecFinance) >= 1 &&
         voting(SeatRole::kExecMedical) >= 1 && voting(SeatRole::kExecNursing) >= 1 && voting(SeatRole::kNed) >= 2 &&
         voting(SeatRole::kPartnerTrust) >= 1 && voting(SeatRole::kPartnerPms) >= 1 &&
         voting(SeatRole::kPartnerLa) >= 1;
}

// The audit committee in force that `person` chairs, or nullptr.
const model::Committee* AuditCommitteeChairedBy(const CheckContext& ctx, std::string_view person) {
  for (const model::Committee* c : ctx.CommitteesOfKind("audit"))
    if (c->chair == person) return c;
  return nullptr;
}

constexpr int kDesignFrameworkMinimum = 10;
}  // namespace

void AddBoardRules(std::vector<Rule>* rules) {
  rules->push_back(Checked(
      "BRD-001", kArea, Severity::kMust, "V", "NHS Act 2006 Sch 1B para 1", "The ICB must have a constitution.",
      [](const CheckContext& ctx, FindingSink& out) {
        if (!ctx.sys().constitution) {
          out.Report(ctx.SystemWhere(), "The definition records no constitution for the ICB.",
                     "Add a 'constitution:' section giving its name, area and adoption date.");
        }
      }));

  rules->push_back(Checked(
      "BRD-002", kArea, Severity::kMust, "V", "NHS Act 2006 Sch 1B para 2",
      "The constitution must give the ICB's name and the area for which it is established.",
      [](const CheckContext& ctx, FindingSink& out) {
        const auto& c = ctx.sys().constitution;
        if (!c) return;  // BRD-001 reports the missing constitution
        if (c->name.empty())
          out.Report(c->where, "The constitution does not give the ICB's name.",
                     "Add 'name:' to the constitution, e.g. NHS Derby and Derbyshire Integrated Care Board.");
        if (c->area.empty())
          out.Report(c->where, "The constitution does not give the area for which the ICB is established.",
                     "Add 'area:' to the constitution, naming the local authority areas it covers.");
      }));

  rules->push_back(Checked(
      "BRD-003", kArea, Severity::kMust, "V", "NHS Act 2006 Sch 1B para 3",
      "The board consists of a chair, a chief executive and at least three other (ordinary) members.",
      [](const CheckContext& ctx, FindingSink& out) {
        size_t chairs = ctx.SeatsWithRole(SeatRole::kChair).size();
        size_t ceos = ctx.SeatsWithRole(SeatRole::kCeo).size();
        size_t ordinary = ctx.OrdinaryMembers().size();
        if (chairs != 1)
          out.Report(ctx.BoardWhere(),
                     chairs == 0 ? "The board has no chair."
                                 : "The board has " + std::to_string(chairs) + " chairs; it must have exactly one.",
                     "Give the board exactly one seat with 'role: chair'.");
        if (ceos != 1)
          out.Report(ctx.BoardWhere(),
                     ceos == 0 ? "The board has no chief executive."
                               : "The board has " + std::to_string(ceos) + " chief executives; it must have exactly one.",
                     "Give the board exactly one seat with 'role: ceo'.");
        if (ordinary < 3)
          out.Report(ctx.BoardWhere(),
                     "The board has " + std::to_string(ordinary) +
                         " ordinary (voting) members besides the chair and chief executive; the Act requires at least three.",
                     "Add voting seats (partner members, executives or non-executives) until there are at least three.");
      }));

  rules->push_back(Checked(
      "BRD-004", kArea, Severity::kMust, "V", "NHS Act 2006 Sch 1B paras 5–6",
      "NHS England appoints the chair, with the approval of the Secretary of State. Only NHS England may remove the "
      "chair, and that power is subject to the Secretary of State's approval.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Seat* s : ctx.SeatsWithRole(SeatRole::kChair)) {
          if (s->appointed_by != "nhs_england")
            out.Report(
                s->At("appointed_by"),
                s->appointed_by.empty()
                    ? SeatLabel(ctx, *s) + ", has no record of who appointed them; NHS England appoints the chair."
                    : SeatLabel(ctx, *s) + ", is recorded as appointed by '" + s->appointed_by +
                          "'; only NHS England may appoint the chair.",
                "Record the appointment by NHS England with 'appointed_by: nhs_england' (and make it so if it "
                "was made by anyone else).");
          if (s->approved_by != "secretary_of_state")
            out.Report(
                s->At("approved_by"),
                s->approved_by.empty()
                    ? SeatLabel(ctx, *s) + ", has no record of the Secretary of State's approval of the appointment."
                    : SeatLabel(ctx, *s) + ", is recorded as approved by '" + s->approved_by +
                          "'; the chair's appointment needs the Secretary of State's approval.",
                "Record the Secretary of State's approval with 'approved_by: secretary_of_state'.");
        }
      }));

  rules->push_back(Checked(
      "BRD-005", kArea, Severity::kMust, "V", "NHS Act 2006 Sch 1B para 7; para 19(4)",
      "The chair appoints the chief executive, with the approval of NHS England. A person may become or remain chief "
      "executive only while an employee of the ICB (a secondee counts).",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Seat* s : ctx.SeatsWithRole(SeatRole::kCeo)) {
          if (s->appointed_by != "chair")
            out.Report(s->At("appointed_by"),
                       s->appointed_by.empty()
                           ? SeatLabel(ctx, *s) +
                                 ", has no record of who appointed them; the chair appoints the chief executive."
                           : SeatLabel(ctx, *s) + ", is recorded as appointed by '" + s->appointed_by +
                                 "'; the chief executive is appointed by the chair.",
                       "Record the chair's appointment with 'appointed_by: chair'.");
          if (s->approved_by != "nhs_england")
            out.Report(s->At("approved_by"),
                       s->approved_by.empty()
                           ? SeatLabel(ctx, *s) + ", has no record of NHS England's approval of the appointment."
                           : SeatLabel(ctx, *s) + ", is recorded as approved by '" + s->approved_by +
                                 "'; the chief executive's appointment needs NHS England's approval.",
                       "Record NHS England's approval with 'approved_by: nhs_england'.");
          bool employed = false;
          for (const model::Employment* e : ctx.EmploymentsOf(s->person))
            employed |= e->org == ctx.sys().system.icb || e->secondment;
          if (!employed)
            out.Report(s->At("person"),
                       SeatLabel(ctx, *s) + ", is not recorded as an employee of (or secondee to) the ICB on " +
                           ctx.as_of().ToIso() + "; the chief executive must be one.",
                       "Add an employment with 'org: " + ctx.sys().system.icb +
                           "' to the person (with 'secondment: true' for a secondee), or appoint a chief executive "
                           "who is employed by the ICB.");
        }
      }));

  rules->push_back(Checked(
      "BRD-006", kArea, Severity::kMust, "V / R", "NHS Act 2006 Sch 1B para 8(1)",
      "The constitution must say who appoints the ordinary members and how they are appointed.",
      [](const CheckContext& ctx, FindingSink& out) {
        const auto& c = ctx.sys().constitution;
        if (!c) return;  // BRD-001 reports the missing constitution
        if (c->ordinary_member_appointments.empty())
          out.Report(c->where, "The constitution does not say who appoints the ordinary members of the board, or how.",
                     "Add 'ordinary_member_appointments:' to the constitution, describing who appoints the partner, "
                     "executive and non-executive members and the process each follows.");
      }));

  rules->push_back(Checked(
      "BRD-007", kArea, Severity::kMust, "V / R / S",
      "NHS Act 2006 Sch 1B para 8 (sub-paragraph not re-read; \"8(2)(a)\" unconfirmed); MODEL HWE 2.1.6; Mills & "
      "Reeve, Nov 2021, "
      "https://staging-mr.mills-reeve.com/insights/blogs/health-and-care/november-2021/update-on-integrated-care-boards",
      "At least one ordinary member is appointed from persons nominated jointly by the NHS trusts and NHS foundation "
      "trusts that provide services in the ICB's area (there may be more than one).",
      [](const CheckContext& ctx, FindingSink& out) {
        CheckPartner(ctx, out,
                     {SeatRole::kPartnerTrust, "the NHS trusts and foundation trusts that provide services in the area",
                      "trusts", [](const model::Organisation& o) { return o.IsNhsTrust() && o.in_area; }, true});
      }));

  rules->push_back(Checked(
      "BRD-008", kArea, Severity::kMust, "V / R",
      "NHS Act 2006 Sch 1B para 8 (sub-paragraph not re-read; \"8(2)(b)\" unconfirmed); HWE 2.1.6",
      "At least one ordinary member is nominated jointly by the providers of primary medical services (general "
      "practice) in the area.",
      [](const CheckContext& ctx, FindingSink& out) {
        // Practices are many and the nomination is open to all of them, so the definition
        // need not list every practice: only that the nominators are providers in the area.
        CheckPartner(ctx, out,
                     {SeatRole::kPartnerPms, "the providers of primary medical services in the area", "practices",
                      [](const model::Organisation& o) {
                        return o.in_area &&
                               (o.kind == model::OrgKind::kGpPractice || o.HasService(model::Service::kPrimaryCare));
                      },
                      false});
      }));

  rules->push_back(Checked(
      "BRD-009", kArea, Severity::kMust, "V / R",
      "NHS Act 2006 Sch 1B para 8 (sub-paragraph not re-read; \"8(2)(c)\" unconfirmed); HWE 2.1.6",
      "At least one ordinary member is nominated jointly by the local authorities that have social care "
      "responsibilities and whose area coincides with, or includes all or part of, the ICB's area.",
      [](const CheckContext& ctx, FindingSink& out) {
        CheckPartner(
            ctx, out,
            {SeatRole::kPartnerLa, "the local authorities with social care responsibilities in the area", "councils",
             [](const model::Organisation& o) { return o.IsLocalAuthority() && o.social_care && o.in_area; }, true});
      }));

  rules->push_back(Checked(
      "BRD-010", kArea, Severity::kMust, "R / S", "NHS Act 2006 Sch 1B para 8 (sub-paragraph not re-read); WA-2021",
      "The appointment of ordinary members is subject to the chair's approval.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Seat* s : ctx.OrdinaryMembers()) {
          if (s->approved_by == "chair") continue;
          out.Report(s->At("approved_by"),
                     s->approved_by.empty()
                         ? SeatLabel(ctx, *s) + ", has no record of the chair's approval of their appointment."
                         : SeatLabel(ctx, *s) + ", is recorded as approved by '" + s->approved_by +
                               "'; the appointment of an ordinary member is subject to the chair's approval.",
                     "Record the chair's approval with 'approved_by: chair' (and seek it if it was not given).");
        }
      }));

  rules->push_back(Checked(
      "BRD-011", kArea, Severity::kMust, "S",
      "NHS Act 2006 Sch 1B para 8 (Lords amendment; sub-paragraph not re-read); ICBINT via Capsticks",
      "At least one ordinary member must have knowledge and experience of services for the prevention, diagnosis and "
      "treatment of mental illness.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Seat* s : ctx.OrdinaryMembers()) {
          const model::Person* p = ctx.Person(s->person);
          if (p && p->mental_health_expertise) return;
        }
        out.Report(
            ctx.BoardWhere(),
            "No ordinary member of the board is recorded as having knowledge and experience of mental health "
            "services.",
            "Mark the ordinary member who has that knowledge and experience with 'mental_health_expertise: true', "
            "or appoint one who has.");
      }));

  rules->push_back(Checked(
      "BRD-012", kArea, Severity::kMust, "V", "NHS Act 2006 Sch 1B para 4; HWE 3.2.2",
      "The constitution must forbid appointing any member whose appointment could reasonably be regarded as "
      "undermining the independence of the health service because of the candidate's involvement with the private "
      "healthcare sector or otherwise.",
      [](const CheckContext& ctx, FindingSink& out) {
        const auto& c = ctx.sys().constitution;
        if (!c) return;  // BRD-001
        for (const std::string& clause : c->clauses)
          if (clause == "independence_of_health_service") return;
        out.Report(
            c->At("clauses"),
            "The constitution has no clause forbidding appointments that could undermine the independence of "
            "the health service.",
            "Add the clause and list it as 'independence_of_health_service' under the constitution's 'clauses'.");
      }));

  rules->push_back(Checked(
      "BRD-013", kArea, Severity::kExpected, "V", "DF p.12–15 (via DF-HSJ, DF-GPO); MODEL HWE 2.1.5; GGI",
      "NHS England policy requires three executive ordinary members: a Director of Finance, a Medical Director and a "
      "Director of Nursing (unless NHS England has agreed a variation, BRD-023).",
      [](const CheckContext& ctx, FindingSink& out) {
        if (Varied(ctx, "BRD-013")) return;
        for (SeatRole role : {SeatRole::kExecFinance, SeatRole::kExecMedical, SeatRole::kExecNursing}) {
          bool present = false;
          for (const model::Seat* s : ctx.SeatsWithRole(role)) present |= s->voting;
          if (present) continue;
          out.Report(ctx.BoardWhere(), "The board has no voting " + std::string(model::Describe(role)) + ".",
                     "Add a seat with 'role: " + std::string(model::Name(role)) +
                         "', or, if NHS England has agreed to vary the board's composition, list BRD-013 under the "
                         "board's 'approved_variations'.");
        }
      }));

  rules->push_back(Checked(
      "BRD-014", kArea, Severity::kExpected, "V", "DF; HWE 2.1.5; GGI",
      "NHS England policy requires at least two non-executive members in addition to the chair.",
      [](const CheckContext& ctx, FindingSink& out) {
        if (Varied(ctx, "BRD-014")) return;
        size_t neds = 0;
        for (const model::Seat* s : ctx.SeatsWithRole(SeatRole::kNed)) neds += s->voting ? 1 : 0;
        if (neds < 2)
          out.Report(
              ctx.BoardWhere(),
              neds == 0 ? "The board has no voting non-executive member besides the chair; NHS England policy "
                          "requires at least two."
                        : "The board has only one voting non-executive member besides the chair; NHS England "
                          "policy requires at least two.",
              "Add seats with 'role: ned' until there are at least two non-executive members besides the chair.");
      }));

  rules->push_back(Checked(
      "BRD-015", kArea, Severity::kExpected, "S", "DF-HSJ; DF-GPO; DF-MR",
      "The Design Framework minimum is 10 members: 4 executives (chief executive, finance, nursing, medical), 3 "
      "independent non-executives (the chair and at least two others) and 3 partner members (trusts, general "
      "practice, local authorities). Missing roles are reported under BRD-003, BRD-007 to BRD-009, BRD-013 and "
      "BRD-014; this rule reports a board whose seats are all there but held by fewer than ten people.",
      [](const CheckContext& ctx, FindingSink& out) {
        if (Varied(ctx, "BRD-013") || Varied(ctx, "BRD-014") || Varied(ctx, "BRD-015")) return;
        if (!HasEveryMinimumRole(ctx)) return;  // the rules for the missing roles say which
        size_t people = DistinctMembers(ctx, /*voting_only=*/true).size();
        if (people >= kDesignFrameworkMinimum) return;
        out.Report(ctx.BoardWhere(),
                   "The board has a seat for every role of the Design Framework minimum, but only " +
                       std::to_string(people) +
                       " different people hold them, fewer than the ten members the minimum "
                       "requires.",
                   "Appoint a different person to each seat, so that at least ten people sit on the board.");
      }));

  rules->push_back(Checked(
      "BRD-016", kArea, Severity::kExpected, "S", "DF (quoted in DF-HSJ, DF-GPO)",
      "Independent non-executives (chair and non-executive members) will normally not hold positions or offices in "
      "other health and care organisations within the ICS footprint. (The chair is reported under BRD-020 and "
      "ELG-014.)",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Seat* s : ctx.SeatsWithRole(SeatRole::kNed))
          for (const model::Employment* e : HealthOrCareRolesInArea(ctx, s->person))
            out.Report(e->where,
                       SeatLabel(ctx, *s) + ", holds a position as " + RoleAt(ctx, *e) +
                           ", a health or care organisation in the ICS area.",
                       "End the position before the non-executive appointment (record 'valid_to' on it), or appoint "
                       "a non-executive member who holds no such position.");
      }));

  rules->push_back(NotCheckable(
      "BRD-017", kArea, Severity::kExpected, "S/V", "DF (DF-HSJ); HWE 2.1.6",
      "Partner members bring their sector's perspective but do not act as delegates of that sector.",
      "Whether a partner member acts as a delegate of their sector shows in how they take part in board business, "
      "which the definition does not record; a later meetings module will look at conduct at meetings."));

  rules->push_back(Checked(
      "BRD-018", kArea, Severity::kAdvisory, "S", "DF (DF-HSJ, DF-GPO)",
      "Members beyond the Design Framework minimum are allowed; they are agreed with NHS England (they change the "
      "constitution), and the board must be an appropriate size to allow effective decision making.",
      [](const CheckContext& ctx, FindingSink& out) {
        if (Varied(ctx, "BRD-018")) return;
        size_t people = DistinctMembers(ctx, /*voting_only=*/true).size();
        if (people <= kDesignFrameworkMinimum) return;
        out.Report(ctx.BoardWhere(),
                   "The board has " + std::to_string(people) + " voting members, " +
                       std::to_string(people - kDesignFrameworkMinimum) +
                       " more than the Design Framework minimum of ten; the definition does not record NHS England's "
                       "agreement to the larger board.",
                   "Once NHS England has agreed the larger board (through the constitution), list BRD-018 under the "
                   "board's 'approved_variations'; otherwise reduce the board to an effective size.");
      }));

  rules->push_back(NotCheckable(
      "BRD-019", kArea, Severity::kExpected, "V", "HWE 2.1.4; SWL",
      "The board is a unitary board and is collectively accountable for the ICB's functions.",
      "Collective accountability is how the board works rather than a fact of its make-up; the definition does not "
      "record how decisions are owned, and accountability for delegated functions is checked under COM-012."));

  rules->push_back(Checked(
      "BRD-020", kArea, Severity::kExpected, "V", "HL6183; DF (BRD-016)",
      "Chair independence: a person with a role in any health or care organisation in the area, including a local "
      "authority elected member, is not eligible to be the independent ICB chair.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Seat* s : ctx.SeatsWithRole(SeatRole::kChair))
          for (const model::Employment* e : HealthOrCareRolesInArea(ctx, s->person))
            out.Report(e->where,
                       SeatLabel(ctx, *s) + ", holds a role as " + RoleAt(ctx, *e) +
                           ", a health or care organisation in the area, and so is not eligible to be the independent "
                           "chair.",
                       "End the role before the chair's appointment (record 'valid_to' on it), or appoint a chair who "
                       "holds no role in a health or care organisation in the area.");
      }));

  rules->push_back(Checked(
      "BRD-021", kArea, Severity::kExpected, "V", "ICBGOV (\"Action required\")",
      "One non-executive member, who must not be the audit committee chair, is also deputy chair. Local quorum rules "
      "should let the board meet without the chair.",
      [](const CheckContext& ctx, FindingSink& out) {
        std::vector<const model::Seat*> deputies;
        for (const model::Seat* s : MemberSeats(ctx))
          if (s->deputy_chair) deputies.push_back(s);
        if (deputies.empty())
          out.Report(ctx.BoardWhere(), "No non-executive member of the board is deputy chair.",
                     "Mark one non-executive seat 'deputy_chair: true' (not the audit committee chair).");
        for (size_t i = 1; i < deputies.size(); ++i)
          out.Report(deputies[i]->At("deputy_chair"),
                     SeatLabel(ctx, *deputies[i]) + ", is marked deputy chair, but so is " +
                         ctx.PersonLabel(deputies[0]->person) + "; the board has one deputy chair.",
                     "Keep 'deputy_chair: true' on one seat only.");
        for (const model::Seat* s : deputies) {
          if (s->role != SeatRole::kNed) {
            out.Report(
                s->At("deputy_chair"),
                SeatLabel(ctx, *s) + ", is marked deputy chair; the deputy chair must be a non-executive member.",
                "Move 'deputy_chair: true' to a non-executive ('role: ned') seat.");
          } else if (const model::Committee* audit = AuditCommitteeChairedBy(ctx, s->person)) {
            out.Report(s->At("deputy_chair"),
                       SeatLabel(ctx, *s) + ", is deputy chair and also chairs the " +
                           (audit->name.empty() ? audit->id : audit->name) +
                           "; the deputy chair must not be the audit "
                           "committee chair.",
                       "Make another non-executive member deputy chair, or appoint another audit committee chair.");
          }
        }
        const auto& q = ctx.sys().board.quorum;
        if (q && std::find(q->requires_.begin(), q->requires_.end(), "chair") != q->requires_.end())
          out.Report(q->At("requires"),
                     "The board's quorum requires the chair to be present, so the board cannot meet without the chair.",
                     "Require 'chair_or_deputy' in the quorum instead of 'chair'.");
      }));

  rules->push_back(Checked(
      "BRD-022", kArea, Severity::kExpected, "V", "ICBGOV",
      "One non-executive member is the senior non-executive member (supports the NHS England regional director in the "
      "chair's appraisal and FPPT, is a sounding board and mediates). They may also be deputy chair unless they chair "
      "the audit committee.",
      [](const CheckContext& ctx, FindingSink& out) {
        std::vector<const model::Seat*> seniors;
        for (const model::Seat* s : MemberSeats(ctx))
          if (s->senior_ned) seniors.push_back(s);
        if (seniors.empty())
          out.Report(ctx.BoardWhere(), "No non-executive member of the board is the senior non-executive member.",
                     "Mark one non-executive seat 'senior_ned: true'.");
        for (size_t i = 1; i < seniors.size(); ++i)
          out.Report(seniors[i]->At("senior_ned"),
                     SeatLabel(ctx, *seniors[i]) + ", is marked senior non-executive member, but so is " +
                         ctx.PersonLabel(seniors[0]->person) + "; there is one senior non-executive member.",
                     "Keep 'senior_ned: true' on one seat only.");
        // A senior NED who is deputy chair and audit chair is reported under BRD-021 and COM-004.
        for (const model::Seat* s : seniors)
          if (s->role != SeatRole::kNed)
            out.Report(s->At("senior_ned"),
                       SeatLabel(ctx, *s) +
                           ", is marked senior non-executive member, but does not hold a "
                           "non-executive seat.",
                       "Move 'senior_ned: true' to a non-executive ('role: ned') seat.");
      }));

  rules->push_back(Checked(
      "BRD-023", kArea, Severity::kAdvisory, "S", "HSJ-2024",
      "Changes to board composition (for example removing the nursing or medical director roles) need NHS England's "
      "agreement; NHS England no longer prescribes board size and composition further. BRD-013 is the default "
      "expectation, which an agreed local variation (listed under the board's approved_variations) overrides. Only "
      "policy rules can be varied: NHS England cannot agree to depart from the Act.",
      [](const CheckContext& ctx, FindingSink& out) {
        const model::Board& board = ctx.sys().board;
        for (const std::string& id : board.approved_variations) {
          const Rule* rule = FindRule(id);
          if (!rule) {
            out.Report(
                board.At("approved_variations"),
                "The board lists '" + id + "' as a variation agreed with NHS England, but there is no such rule.",
                "Correct the rule id (for example BRD-013) or remove it from 'approved_variations'.");
          } else if (rule->info.severity == Severity::kMust) {
            out.Report(board.At("approved_variations"),
                       "The board lists " + id + " as a variation agreed with NHS England, but " + id +
                           " is a legal requirement (" + rule->info.citation + ") that no agreement can vary.",
                       "Remove " + id + " from 'approved_variations' and meet the requirement.");
          }
        }
      }));

  rules->push_back(NotCheckable(
      "BRD-024", kArea, Severity::kAdvisory, "S", "ICBINT (Capsticks)",
      "The trust partner member is often a trust chief executive, and is encouraged to engage with social enterprises "
      "that are major providers in the area.",
      "It describes common practice (the member need not be a chief executive) and engagement with social "
      "enterprises, which the definition does not record; the decidable part, that the member holds a role in a "
      "nominating trust, is checked under ELG-016."));

  rules->push_back(NotCheckable(
      "BRD-025", kArea, Severity::kAdvisory, "S", "ICBINT (Capsticks)",
      "The primary medical services partner member should bring an understanding of primary care as a whole, "
      "including dental, community pharmacy and optometry.",
      "A member's understanding of primary care is judged at appointment against the role specification; the "
      "definition does not record it."));

  rules->push_back(NotCheckable(
      "BRD-026", kArea, Severity::kAdvisory, "S", "ICBINT (Capsticks)",
      "The local authority partner member is often a chief executive or holds a relevant executive-level role, but may "
      "be an elected member where that is locally judged most appropriate.",
      "Whether an elected member is the most appropriate choice is a local judgement the definition does not record; "
      "the decidable part, that the member holds an executive or elected role in a nominating council, is checked "
      "under ELG-016."));

  rules->push_back(NotCheckable(
      "BRD-027", kArea, Severity::kMust, "V",
      "SI 2024/1205 reg 2, https://beta.bailii.org/uk/legis/num_reg/2024/uksi_20241205_en_1.html",
      "Being an ICB ordinary member nominated by the trusts does not disqualify a person from being chair or "
      "non-executive director of an NHS trust in England (NHS Trusts (Membership and Procedure) Regulations 1990 reg "
      "11(6B)); the duty binds the trust side.",
      "It is a permission about trusts' own boards, so nothing in an ICB definition can breach it; the other rules "
      "respect it (ELG-016 accepts a trust chair or non-executive as the trusts' partner member)."));
}

}  // namespace ics::governance
