// TRN-*: the 2021/22 transition to statutory ICSs (the Design Framework's indicative
// outputs) and the Employment Commitment. Most are historic milestones or commitments
// about how staff were treated, which a definition of the ICS as it stands cannot show.
// Catalogue: section 11 of the governance reference.
#include <string>
#include <vector>

#include "base/text.h"
#include "governance/check_context.h"
#include "governance/rule_helpers.h"

namespace ics::governance {

namespace {

using namespace helpers;
constexpr const char* kArea = "transition";

constexpr const char* kHistoric =
    "A 2021/22 transition milestone: the definition describes the ICS as it stands, not the dates on which the "
    "transition outputs were achieved.";
constexpr const char* kEmployment =
    "A commitment about how staff were treated in the transition; the definition does not record staff transfers, "
    "roles or terms and conditions.";

}  // namespace

void AddTransitionRules(std::vector<Rule>* rules) {
  rules->push_back(NotCheckable(
      "TRN-001", kArea, Severity::kAdvisory, "S",
      "DF-HSJ; DAC Beachcroft "
      "https://dacbeachcroft.com/it-IT/What-we-think/"
      "NHS-England-Improvement-release-Integrated-Care-System-Design-Framework ; DF-BB",
      "Designate ICS NHS body (ICB) chair and chief executive appointed by the end of September 2021.", kHistoric));
  rules->push_back(NotCheckable(
      "TRN-002", kArea, Severity::kAdvisory, "S", "GGI; Capsticks",
      "The ICB constitution was drafted by the CCGs (with consultation and engagement) and proposed to NHS England; "
      "the national deadline for draft constitutions was 30 November 2021.",
      std::string(kHistoric) +
          " The constitution as it stands is checked by BRD-001, BRD-002 and DOC-001 to DOC-007."));
  rules->push_back(NotCheckable(
      "TRN-003", kArea, Severity::kAdvisory, "S", "DF-MR; THRIVE",
      "ICS Partnership arrangements agreed between the ICB and the local authorities (membership, chair, terms of "
      "reference).",
      std::string(kHistoric) + " The partnership as it stands is checked by ICP-001 to ICP-007."));
  rules->push_back(NotCheckable(
      "TRN-004", kArea, Severity::kAdvisory, "S", "THRIVE",
      "Place-based partnership arrangements for 2022/23 confirmed (PLC-003).",
      std::string(kHistoric) + " The place arrangements as they stand are checked by PLC-001 to PLC-006."));
  rules->push_back(NotCheckable(
      "TRN-005", kArea, Severity::kAdvisory, "S", "WAS", "Provider collaborative arrangements in place (PRC-001).",
      std::string(kHistoric) + " Collaborative membership as it stands is checked by PRC-001 to PRC-005."));
  rules->push_back(NotCheckable(
      "TRN-006", kArea, Severity::kAdvisory, "S",
      "EMPLOY; HR framework https://vdocument.in/hr-framework-for-developing-integrated-care-boards.html",
      "People transition under the Employment Commitment and the HR Framework (August 2021), including the transfer "
      "of CCG staff.",
      kEmployment));

  rules->push_back(Checked(
      "TRN-007", kArea, Severity::kAdvisory, "S / R",
      "Capsticks, "
      "https://www.capsticks.com/insights/integrated-care-boards-delegation-of-functions-and-governance-arrangements "
      "(Readiness to Operate Statement); DF table (not re-read)",
      "Before go-live the ICB had ready its functions and decision map, scheme of reservation and delegation, "
      "governance handbook, clinical and professional leadership model and people-and-communities strategy, with CCG "
      "close-down, due diligence and readiness to operate. Checked: the clinical and professional leadership model "
      "and the people-and-communities strategy exist (the map, the scheme and the handbook are checked by DEL-005, "
      "DEL-001 and DOC-001; close-down and due diligence are historic).",
      [](const CheckContext& ctx, FindingSink& out) {
        if (ctx.as_of() < Date{2022, 7, 1}) return;
        std::vector<std::string> missing, keys;
        for (const char* kind : {"clinical_and_professional_leadership_model", "people_and_communities_strategy"})
          if (!FindDocument(ctx, kind)) missing.push_back(DocumentLabel(kind)), keys.push_back(kind);
        if (missing.empty()) return;
        out.Report(ctx.SystemWhere(), "The definition records no " + JoinWithAnd(missing) + " for the ICB.",
                   std::string(missing.size() == 1 ? "Adopt it and record it" : "Adopt them and record them") +
                       " under 'documents:' (" + JoinWithAnd(keys) + ") with the date adopted or published.");
      }));

  rules->push_back(Checked(
      "TRN-008", kArea, Severity::kAdvisory, "V",
      "NHS Confed https://nhsconfed.org/articles/appointments-integrated-care-boards ; JUCD Glossop briefing",
      "ICB go-live moved from 1 April 2022 to 1 July 2022 (and Glossop moved into the Derbyshire ICS). Checked: an ICB "
      "is not recorded as established before 1 July 2022; the Glossop boundary change is specific to Derbyshire and "
      "not checked.",
      [](const CheckContext& ctx, FindingSink& out) {
        const auto& s = ctx.sys().system;
        if (!s.established || !(*s.established < Date{2022, 7, 1})) return;
        out.Report(s.At("established"),
                   ctx.OrgLabel(s.icb) + " is recorded as established on " + LongDate(*s.established) +
                       ", before 1 July 2022, when ICBs were established.",
                   "Correct 'established:' to the date the ICB was established (1 July 2022 for the first 42 ICBs).");
      }));

  const char* df_bb = "DF p.51 table, via DF-BB";
  rules->push_back(NotCheckable(
      "TRN-011", kArea, Severity::kAdvisory, "S", df_bb,
      "By end Q1 2021/22 (preparation): update System Development Plans against the key implementation requirements "
      "(functions, leadership, capabilities and governance) and identify key support requirements.",
      kHistoric));
  rules->push_back(NotCheckable(
      "TRN-012", kArea, Severity::kAdvisory, "S", df_bb,
      "By end Q1 2021/22 (preparation): develop plans for managing organisational and people transition, taking "
      "account of the anticipated process and timetable, possible changes to ICS boundaries, and the need to "
      "transform functions to support recovery and delivery across the ICS.",
      kHistoric));
  rules->push_back(NotCheckable(
      "TRN-013", kArea, Severity::kAdvisory, "S", df_bb,
      "By end Q2 2021/22 (implementation): make sure people in ICS chair, ICS lead or accountable officer roles are "
      "well supported and appropriately consulted.",
      kHistoric));
  rules->push_back(NotCheckable(
      "TRN-014", kArea, Severity::kAdvisory, "S", df_bb,
      "By end Q2 2021/22 (implementation): carry out the agreed national recruitment and selection processes for the "
      "ICB chair and chief executive, following NHS England guidance on competencies and job descriptions.",
      std::string(kHistoric) + " The chair's and chief executive's appointments as they stand are checked by the "
                               "board rules."));
  rules->push_back(NotCheckable(
      "TRN-015", kArea, Severity::kAdvisory, "S", df_bb,
      "By end Q2 2021/22 (implementation): confirm appointments to ICS chair and chief executive, as \"designate\" "
      "roles after the Bill's second reading.",
      kHistoric));
  rules->push_back(NotCheckable(
      "TRN-016", kArea, Severity::kAdvisory, "S (partial)", df_bb,
      "By end Q2 2021/22 (implementation): draft proposed new ICB memorandum of understanding arrangements for "
      "2022/23 (the source breaks off before listing what they include).",
      kHistoric));

  const char* employ = "EMPLOY; DF-MR";
  rules->push_back(NotCheckable(
      "TRN-101", kArea, Severity::kExpected, "S",
      "EMPLOY; DF-MR (quotes the commitment as first set out in NHS England and NHS Improvement's Integrating care "
      "engagement paper)",
      "Employment Commitment: do not make significant changes to roles below the most senior leadership roles.",
      kEmployment));
  rules->push_back(NotCheckable(
      "TRN-102", kArea, Severity::kExpected, "S", employ,
      "Employment Commitment: minimise the impact of organisational change on current staff by continuing existing "
      "good work through the transition and not amending terms and conditions.",
      kEmployment));
  rules->push_back(NotCheckable(
      "TRN-103", kArea, Severity::kExpected, "S", employ,
      "Employment Commitment: offer opportunities for continued employment to all those who wish to play a part in "
      "the future.",
      kEmployment));
  rules->push_back(NotCheckable(
      "TRN-104", kArea, Severity::kExpected, "S / V", "EMPLOY; NCL CCG intranet",
      "Employment Commitment: continuity of terms and conditions even where not legally required, so all affected "
      "colleagues are treated alike; transfers follow COSoP and TUPE under the national transfer scheme.",
      kEmployment));
  rules->push_back(NotCheckable(
      "TRN-105", kArea, Severity::kExpected, "S", "EMPLOY",
      "Employment Commitment core principles: people-centred; compassionate and inclusive; minimise disruption; focus "
      "on delivering services; avoid large-scale organisational change.",
      kEmployment));
  rules->push_back(NotCheckable(
      "TRN-106", kArea, Severity::kExpected, "S", "DF-MR",
      "The Employment Commitment does not cover senior leadership or board-level roles, which were recruited afresh.",
      "A statement of the commitment's scope; the definition does not record how board-level roles were recruited in "
      "the transition."));
}

}  // namespace ics::governance
