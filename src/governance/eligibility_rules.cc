// ELG-*: who may be a member of the ICB board: the fit and proper person test, the Nolan
// principles, disqualifications, and the model constitution's extra criteria for the
// chair, non-executive and partner members. Catalogue: section 2 of the governance
// reference. "Member" means a person holding a member's seat on the board on the as-of
// date (participants and attendees are not members).
#include <map>
#include <string>
#include <vector>

#include "governance/board_facts.h"
#include "governance/check_context.h"

namespace ics::governance {

namespace {
using model::Disqualification;
using model::SeatRole;
constexpr const char* kArea = "eligibility";

constexpr const char* kEndAppointment =
    "End the appointment (record 'valid_to' on the seat) and appoint someone eligible; if the entry is wrong, remove "
    "it from the person's 'disqualifications'.";

// Reports every member who has one of `grounds`, each with its description.
void ReportGrounds(const CheckContext& ctx, FindingSink& out, const std::map<Disqualification, std::string>& grounds) {
  for (const model::Seat* s : DistinctMembers(ctx)) {
    const model::Person* p = ctx.Person(s->person);
    if (!p) continue;
    for (Disqualification d : p->disqualifications) {
      auto it = grounds.find(d);
      if (it == grounds.end()) continue;
      out.Report(p->At("disqualifications"), SeatLabel(ctx, *s) + ", " + it->second + ".", kEndAppointment);
    }
  }
}

// The FPPT Framework is fully implemented by this date; annual assessment applies after it.
const Date kFpptFullyImplemented{2024, 3, 31};

bool EmployedByIcb(const CheckContext& ctx, const model::Employment& e) {
  return e.org == ctx.sys().system.icb || e.secondment;
}

// The organisations that may have nominated a partner member: those written on the seat,
// else every organisation of the right kind.
bool NominatedBy(const model::Seat& seat, const std::string& org) {
  return seat.nominated_by.empty() ||
         std::find(seat.nominated_by.begin(), seat.nominated_by.end(), org) != seat.nominated_by.end();
}
}  // namespace

void AddEligibilityRules(std::vector<Rule>* rules) {
  rules->push_back(Checked(
      "ELG-001", kArea, Severity::kMust, "V", "MODEL HWE 3.1.1(a)",
      "Every member of the board must meet the criteria of the fit and proper person test (a requirement of the "
      "constitution).",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Seat* s : DistinctMembers(ctx)) {
          const model::Person* p = ctx.Person(s->person);
          if (!p) continue;
          if (!p->fit_and_proper) {
            out.Report(p->where, SeatLabel(ctx, *s) + ", has no record of meeting the fit and proper person test.",
                       "Carry out the test and record it under the person's 'fit_and_proper:' (last_assessed and "
                       "passed).");
          } else if (!p->fit_and_proper->passed) {
            out.Report(p->fit_and_proper->At("passed"),
                       SeatLabel(ctx, *s) + ", is not recorded as meeting the fit and proper person test.",
                       "End the appointment, or record 'passed: true' once the person has been assessed as meeting "
                       "the test.");
          }
        }
      }));

  rules->push_back(Checked(
      "ELG-002", kArea, Severity::kMust, "V / R",
      "HWE 3.1.1(b); the list of seven is the Committee on Standards in "
      "Public Life's",
      "Every member must be willing to uphold the Seven Principles of Public Life (selflessness, integrity, "
      "objectivity, accountability, openness, honesty, leadership), as the constitution requires.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Seat* s : DistinctMembers(ctx)) {
          const model::Person* p = ctx.Person(s->person);
          if (!p || p->nolan_undertaking.value_or(false)) continue;
          out.Report(p->At("nolan_undertaking"),
                     SeatLabel(ctx, *s) + (p->nolan_undertaking
                                               ? ", has not undertaken to uphold the Seven Principles of Public Life."
                                               : ", has no record of undertaking to uphold the Seven Principles of "
                                                 "Public Life."),
                     "Obtain the member's undertaking and record 'nolan_undertaking: true', or end the appointment.");
        }
      }));

  rules->push_back(NotCheckable(
      "ELG-003", kArea, Severity::kExpected, "V", "HWE 3.1.1(c)",
      "Every member must meet the experience, knowledge, skills and attributes set out in a role specification.",
      "Role specifications and the assessment of each member against them are part of the appointment process and "
      "are not recorded in the definition."));

  rules->push_back(Checked(
      "ELG-004", kArea, Severity::kMust, "V", "HWE 3.2.1", "A Member of Parliament is disqualified from membership.",
      [](const CheckContext& ctx, FindingSink& out) {
        ReportGrounds(ctx, out,
                      {{Disqualification::kMemberOfParliament,
                        "is recorded as a Member of Parliament, which disqualifies them from membership of the ICB"}});
      }));

  rules->push_back(Checked(
      "ELG-005", kArea, Severity::kMust, "V", "HWE 3.2.2",
      "A person whose appointment could reasonably be regarded as undermining the independence of the health service "
      "is disqualified (BRD-012).",
      [](const CheckContext& ctx, FindingSink& out) {
        ReportGrounds(ctx, out,
                      {{Disqualification::kUnderminesIndependence,
                        "is recorded as a person whose appointment could reasonably be regarded as undermining the "
                        "independence of the health service, which disqualifies them"}});
      }));

  rules->push_back(Checked(
      "ELG-006", kArea, Severity::kMust, "V", "HWE 3.2.3",
      "A person convicted in the 5 years before the proposed appointment, in the UK (or abroad, of an act that would "
      "be an offence in the UK), where the final outcome was imprisonment (suspended or not) of at least 3 months "
      "without the option of a fine, is disqualified.",
      [](const CheckContext& ctx, FindingSink& out) {
        ReportGrounds(ctx, out,
                      {{Disqualification::kConviction,
                        "is recorded as having a disqualifying conviction (within the five years before appointment, "
                        "with imprisonment of at least three months without the option of a fine)"}});
      }));

  rules->push_back(Checked(
      "ELG-007", kArea, Severity::kMust, "V", "HWE 3.2.4",
      "A person subject to a bankruptcy restrictions order or interim order (Insolvency Act 1986 Sch 4A, or the "
      "Scottish or Northern Ireland equivalent) is disqualified.",
      [](const CheckContext& ctx, FindingSink& out) {
        ReportGrounds(ctx, out,
                      {{Disqualification::kBankruptcyRestrictions,
                        "is recorded as subject to a bankruptcy restrictions order or interim order, which "
                        "disqualifies them"}});
      }));

  rules->push_back(Checked(
      "ELG-008", kArea, Severity::kMust, "V", "HWE 3.2.5",
      "A person dismissed, in the 5 years before the proposed appointment, from paid employment by any health service "
      "body, other than for redundancy, is disqualified.",
      [](const CheckContext& ctx, FindingSink& out) {
        ReportGrounds(ctx, out,
                      {{Disqualification::kDismissedByHealthBody,
                        "is recorded as dismissed by a health service body (other than for redundancy) within the five "
                        "years before appointment, which disqualifies them"}});
      }));

  rules->push_back(Checked(
      "ELG-009", kArea, Severity::kMust, "V (start) / R (rest)", "HWE 3.2.6 (excerpt truncated)",
      "A person whose term as chair, member, director or governor of a health service body was ended because "
      "continuing was not in the interests of the health service, for non-attendance at meetings, or for not "
      "disclosing a pecuniary interest, is disqualified.",
      [](const CheckContext& ctx, FindingSink& out) {
        ReportGrounds(ctx, out,
                      {{Disqualification::kRemovedFromOffice,
                        "is recorded as having had a term of office at a health service body ended (not in the "
                        "interests of the health service, non-attendance, or an undisclosed pecuniary interest), which "
                        "disqualifies them"}});
      }));

  rules->push_back(Checked(
      "ELG-010", kArea, Severity::kMust, "R", "MODEL 3.2.x",
      "Further disqualifications in the model constitution: removal as a charity trustee for misconduct; "
      "disqualification as a company director; erasure, removal or striking off (or suspension) by a health or social "
      "care professional regulator; inclusion on a children's or adults' barred list.",
      [](const CheckContext& ctx, FindingSink& out) {
        ReportGrounds(ctx, out,
                      {{Disqualification::kCharityTrusteeRemoved,
                        "is recorded as removed as a charity trustee for misconduct, which disqualifies them"},
                       {Disqualification::kDirectorDisqualified,
                        "is recorded as a disqualified company director, which disqualifies them"},
                       {Disqualification::kStruckOff,
                        "is recorded as erased, removed or struck off (or suspended) by a health or social care "
                        "professional regulator, which disqualifies them"},
                       {Disqualification::kBarredList,
                        "is recorded as included in a children's or adults' barred list, which disqualifies them"}});
      }));

  rules->push_back(Checked(
      "ELG-011", kArea, Severity::kMust, "V / S / R — corrected",
      "REGS-2014 Sch 4 items 1–8 (as made); reg 5(3)(d)–(e); FPPT",
      "Fit and proper persons requirement (reg 5 of SI 2014/2936), which ICBs apply through their constitution and "
      "the FPPT Framework (must, constitutionally, for an ICB): none of the grounds of unfitness in Schedule 4 Part 1 "
      "may apply (undischarged bankrupt; bankruptcy restrictions order; debt relief order moratorium; unsettled "
      "arrangement with creditors; barred list; prohibited by an enactment), and the person must not have been "
      "responsible for or privy to serious misconduct or mismanagement in a regulated activity. Convictions and "
      "erasure from a professional register (Part 2) are matters of good character to consider, not automatic bars, "
      "and are not reported here.",
      [](const CheckContext& ctx, FindingSink& out) {
        const std::string unfit = ", a ground of unfitness under the fit and proper persons requirement";
        ReportGrounds(ctx, out,
                      {{Disqualification::kUndischargedBankrupt, "is recorded as an undischarged bankrupt" + unfit},
                       {Disqualification::kBankruptcyRestrictions,
                        "is recorded as subject to a bankruptcy restrictions order or interim order" + unfit},
                       {Disqualification::kDebtReliefOrder,
                        "is recorded as subject to a moratorium under a debt relief order" + unfit},
                       {Disqualification::kCreditorArrangement,
                        "is recorded as having an undischarged composition or arrangement with creditors" + unfit},
                       {Disqualification::kBarredList, "is recorded as included in a barred list" + unfit},
                       {Disqualification::kProhibitedByEnactment,
                        "is recorded as prohibited by an enactment from holding the office" + unfit},
                       {Disqualification::kSeriousMisconduct,
                        "is recorded as responsible for, or privy to, serious misconduct or mismanagement in carrying "
                        "on a regulated activity, which the fit and proper persons requirement forbids"}});
      }));

  rules->push_back(Checked(
      "ELG-012", kArea, Severity::kExpected, "V", "FPPT; HWE FPPT policy; FPPT FAQ",
      "FPPT Framework (NHS England, August 2023; fully implemented by 31 March 2024, not retrospective): the ICB "
      "assesses every board member against the fit and proper person test every year (annual assessment and "
      "self-attestation, references, records in ESR). Expected for an ICB, as framework guidance; the underlying "
      "regulation 5 criteria are ELG-011.",
      [](const CheckContext& ctx, FindingSink& out) {
        if (ctx.as_of() < kFpptFullyImplemented) return;
        for (const model::Seat* s : DistinctMembers(ctx)) {
          const model::Person* p = ctx.Person(s->person);
          if (!p || !p->fit_and_proper || !p->fit_and_proper->passed) continue;  // ELG-001
          const model::FitAndProper& fp = *p->fit_and_proper;
          if (!fp.last_assessed) {
            out.Report(fp.where, SeatLabel(ctx, *s) + ", has no date for their last fit and proper person assessment.",
                       "Record the date of the last annual assessment as 'last_assessed:' under 'fit_and_proper'.");
          } else if (fp.last_assessed->AddMonths(12) < ctx.as_of()) {
            out.Report(fp.At("last_assessed"),
                       SeatLabel(ctx, *s) + ", was last assessed against the fit and proper person test on " +
                           fp.last_assessed->ToIso() + ", more than 12 months before " + ctx.as_of().ToIso() + ".",
                       "Carry out this year's assessment and record its date as 'last_assessed:'.");
          }
        }
      }));

  rules->push_back(NotCheckable(
      "ELG-013", kArea, Severity::kAdvisory, "V", "FPPT (NHSE page; NHSI page)",
      "NHS England's checks on the chairs and non-executives it appoints: CV gap check, self-declaration, internet and "
      "news search, regulator checks, references, disqualified directors and insolvency registers, DBS where "
      "appropriate, identity, random qualification checks.",
      "These are NHS England's own pre-appointment checks; the definition does not record them, only their outcome "
      "(the fit and proper person record checked under ELG-001 and ELG-012)."));

  rules->push_back(Checked(
      "ELG-014", kArea, Severity::kExpected, "R + V", "MODEL §3 (chair), corroborated by HL6183",
      "The chair must be independent, and is not eligible if they hold a role in another health and care "
      "organisation within the ICB area.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Seat* s : ctx.SeatsWithRole(SeatRole::kChair))
          for (const model::Employment* e : HealthOrCareRolesInArea(ctx, s->person))
            out.Report(e->where,
                       SeatLabel(ctx, *s) + ", holds a role as " + RoleAt(ctx, *e) +
                           " in the ICB area, which makes them ineligible to chair the ICB under the constitution.",
                       "End the role before the chair's appointment (record 'valid_to' on it), or appoint a chair "
                       "with no role in another health or care organisation in the area.");
      }));

  rules->push_back(Checked(
      "ELG-015", kArea, Severity::kExpected, "R", "MODEL §3 (NEDs)",
      "A non-executive member must not be an employee of, or secondee to, the ICB, and must not hold a role in "
      "another health and care organisation in the ICB area. One non-executive member should be suitable to chair the "
      "audit committee (finance and audit expertise) and another to chair the remuneration committee.",
      [](const CheckContext& ctx, FindingSink& out) {
        std::vector<const model::Seat*> neds;
        for (const model::Seat* s : ctx.SeatsWithRole(SeatRole::kNed))
          if (s->voting) neds.push_back(s);
        bool audit_expertise = false;
        for (const model::Seat* s : neds) {
          for (const model::Employment* e : ctx.EmploymentsOf(s->person))
            if (EmployedByIcb(ctx, *e))
              out.Report(e->where,
                         SeatLabel(ctx, *s) + ", is employed by (or seconded to) the ICB as " +
                             (e->role.empty() ? std::string("an employee") : e->role) +
                             "; a non-executive member must not be.",
                         "End the employment or secondment before the non-executive appointment, or appoint another "
                         "non-executive member.");
          for (const model::Employment* e : HealthOrCareRolesInArea(ctx, s->person))
            out.Report(e->where,
                       SeatLabel(ctx, *s) + ", holds a role as " + RoleAt(ctx, *e) +
                           " in the ICB area, which the constitution does not allow for a non-executive member.",
                       "End the role before the non-executive appointment (record 'valid_to' on it), or appoint "
                       "another non-executive member.");
          const model::Person* p = ctx.Person(s->person);
          audit_expertise |= p && p->finance_audit_expertise;
        }
        if (!neds.empty() && !audit_expertise)
          out.Report(ctx.BoardWhere(),
                     "No non-executive member is recorded as having the finance and audit expertise to chair the audit "
                     "committee.",
                     "Mark the non-executive member with that expertise 'finance_audit_expertise: true', or appoint "
                     "one who has it.");
      }));

  rules->push_back(Checked(
      "ELG-016", kArea, Severity::kExpected, "R", "MODEL §3; ICBINT",
      "Partner members: the trusts' member holds a role (executive, or chair or non-executive, BRD-027) in one of "
      "the nominating trusts; the local authorities' member is a chief executive or relevant executive (or, where "
      "chosen locally, an elected member) of one of the nominating councils; the primary medical services member is "
      "engaged in providing primary medical services in the area. (Joint nomination and the chair's approval are "
      "checked under BRD-007 to BRD-010.)",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Seat* s : ctx.SeatsWithRole(SeatRole::kPartnerTrust)) {
          bool ok = false;
          for (const model::Employment* e : ctx.EmploymentsOf(s->person)) {
            const model::Organisation* o = ctx.Org(e->org);
            ok |= o && o->IsNhsTrust() && NominatedBy(*s, o->code) && (e->executive || e->non_executive);
          }
          if (!ok)
            out.Report(s->At("person"),
                       SeatLabel(ctx, *s) + ", holds no executive or board role in one of the nominating trusts.",
                       "Record the member's role at a nominating trust (an employment with 'executive: true' or "
                       "'non_executive: true'), or appoint a member who holds one.");
        }
        for (const model::Seat* s : ctx.SeatsWithRole(SeatRole::kPartnerLa)) {
          bool ok = false;
          for (const model::Employment* e : ctx.EmploymentsOf(s->person)) {
            const model::Organisation* o = ctx.Org(e->org);
            ok |= o && o->IsLocalAuthority() && NominatedBy(*s, o->code) && (e->executive || e->elected_member);
          }
          if (!ok)
            out.Report(s->At("person"),
                       SeatLabel(ctx, *s) +
                           ", is neither an executive nor an elected member of one of the nominating "
                           "councils.",
                       "Record the member's executive or elected role at a nominating council (an employment with "
                       "'executive: true' or 'elected_member: true'), or appoint a member who holds one.");
        }
        for (const model::Seat* s : ctx.SeatsWithRole(SeatRole::kPartnerPms)) {
          const model::Person* p = ctx.Person(s->person);
          if (p && p->primary_medical_services) continue;
          out.Report(s->At("person"),
                     SeatLabel(ctx, *s) +
                         ", is not recorded as engaged in providing primary medical services in the "
                         "area.",
                     "Record 'primary_medical_services: true' for the member if they provide primary medical services "
                     "in the area, or appoint a member who does.");
        }
      }));

  rules->push_back(Checked(
      "ELG-017", kArea, Severity::kExpected, "R", "MODEL standing orders",
      "A person cannot hold two board seats (for example partner member and non-executive). For quorum, no person "
      "counts in more than one capacity.",
      [](const CheckContext& ctx, FindingSink& out) {
        std::map<std::string, const model::Seat*> first;
        for (const model::Seat* s : MemberSeats(ctx)) {
          auto [it, inserted] = first.emplace(s->person, s);
          if (inserted) continue;
          out.Report(s->At("person"),
                     ctx.PersonLabel(s->person) +
                         " holds two board seats: " + std::string(model::Describe(it->second->role)) + " and " +
                         std::string(model::Describe(s->role)) + ".",
                     "Give one of the seats to another person; a member holds one seat and counts once.");
        }
      }));
}

}  // namespace ics::governance
