// DOC-*: the constitution, the governance handbook and the joint forward plan (NHS Act
// 2006 Schedule 1B and s.14Z52, NHS England's constitution guidance and ICBs' published
// practice). Catalogue: section 5 of the governance reference.
#include <regex>
#include <string>
#include <vector>

#include "base/text.h"
#include "governance/check_context.h"
#include "governance/rule_helpers.h"

namespace ics::governance {

namespace {

using namespace helpers;
constexpr const char* kArea = "documents";

std::string IcbName(const CheckContext& ctx) {
  if (ctx.sys().constitution && !ctx.sys().constitution->name.empty()) return ctx.sys().constitution->name;
  return ctx.OrgLabel(ctx.sys().system.icb);
}

// What the joint forward plan must contain (s.14Z52(2)), as written under `contains:`.
struct PlanPart {
  const char* key;
  const char* text;
};
constexpr PlanPart kPlanParts[] = {
    {"health_services", "the health services for which the ICB proposes to make arrangements (s.14Z52(2)(a))"},
    {"general_duties", "how the ICB will discharge its general duties under ss.14Z34 to 14Z45 (s.14Z52(2)(b))"},
    {"financial_duties", "how the ICB will discharge its financial duties under ss.223GB to 223N (s.14Z52(2)(b))"},
    {"health_and_wellbeing_strategy",
     "the steps to implement the joint local health and wellbeing strategy (s.14Z52(2)(c))"},
    {"children_and_young_people",
     "the steps to address the needs of children and young people under 25 (s.14Z52(2)(d))"},
    {"victims_of_abuse",
     "the steps to address the needs of victims of abuse, including domestic and sexual abuse (s.14Z52(2)(e))"},
};

}  // namespace

void AddDocumentRules(std::vector<Rule>* rules) {
  rules->push_back(Checked(
      "DOC-001", kArea, Severity::kMust, "V", "HWE 7.3.7",
      "The constitution (including its standing orders) is published, together with the governance handbook and the "
      "Standards of Business Conduct policy (incorporating conflicts of interest). The catalogue makes publishing the "
      "constitution a must and the handbook expected; both duties fall on the ICB, and this rule reports them at the "
      "must level. Publication of the registers of interests is checked by COI-005; other key policies are not "
      "recorded in the definition.",
      [](const CheckContext& ctx, FindingSink& out) {
        const auto& c = ctx.sys().constitution;
        if (c) {  // BRD-001 reports a missing constitution
          if (!c->published) {
            out.Report(c->At("published"), "The constitution of " + IcbName(ctx) + " is not recorded as published.",
                       "Publish the constitution, with its standing orders, on the ICB's website and record it under "
                       "the constitution as 'published: {published: <date>, url: <address>}'.");
          } else if (std::string why = NotPublishedBecause(*c->published, ctx.as_of()); !why.empty()) {
            out.Report(c->published->where, "The constitution of " + IcbName(ctx) + " " + why + ".",
                       "Publish the constitution, with its standing orders, and record the date and URL under "
                       "'constitution: published:'.");
          }
        }
        for (const char* kind : {"governance_handbook", "standards_of_business_conduct"}) {
          const model::Document* d = FindDocument(ctx, kind);
          std::string label = kind == std::string_view("governance_handbook")
                                  ? "governance handbook"
                                  : "Standards of Business Conduct policy (incorporating conflicts of interest)";
          if (!d) {
            out.Report(ctx.SystemWhere(), "The definition records no " + label + " for " + IcbName(ctx) + ".",
                       std::string("Publish the ") + label + " and record it under 'documents: " + kind +
                           ": {published: <date>, url: <address>}'.");
          } else if (std::string why = NotPublishedBecause(*d, ctx.as_of()); !why.empty()) {
            out.Report(d->where, "The " + label + " " + why + ".",
                       std::string("Publish it alongside the constitution and record 'published: <date>' (and its "
                                   "URL) under 'documents: ") +
                           kind + "'.");
          }
        }
      }));

  rules->push_back(Checked(
      "DOC-002", kArea, Severity::kMust, "V", "HWE 5.1",
      "The standing orders form part of the constitution (as an appendix). They cover how ICB business is conducted, "
      "procedure at meetings, and the process for delegating functions. The definition records whether they form "
      "part of it; their contents are not modelled.",
      [](const CheckContext& ctx, FindingSink& out) {
        const auto& c = ctx.sys().constitution;
        if (!c || c->standing_orders == true) return;
        out.Report(c->At("standing_orders"),
                   c->standing_orders ? "The constitution says its standing orders do not form part of it."
                                      : "The constitution does not say that standing orders form part of it.",
                   "Attach the standing orders to the constitution as an appendix (how business is conducted, "
                   "procedure at meetings, how functions are delegated) and record 'standing_orders: true'.");
      }));

  rules->push_back(Checked(
      "DOC-003", kArea, Severity::kExpected, "V", "HWE 5.2; SNEE-SFI",
      "The standing financial instructions (SFIs) contain the delegated limits of financial authority that the scheme "
      "of reservation and delegation sets out, and are published in the governance handbook.",
      [](const CheckContext& ctx, FindingSink& out) {
        const model::Document* sfi = FindDocument(ctx, "standing_financial_instructions");
        if (!sfi) {
          out.Report(ctx.SystemWhere(),
                     "The definition records no standing financial instructions for " + IcbName(ctx) + ".",
                     "Adopt SFIs setting out the delegated financial limits and record them under "
                     "'documents: standing_financial_instructions'.");
        } else {
          if (std::string why = NotPublishedBecause(*sfi, ctx.as_of()); !why.empty())
            out.Report(sfi->where, "The standing financial instructions " + why + ".",
                       "Publish the SFIs in the governance handbook and record 'published: <date>'.");
          const model::Delegation* limited = nullptr;
          for (const auto& d : ctx.sys().delegations)
            if (d.limit_pence && d.validity.ActiveOn(ctx.as_of())) {
              limited = &d;
              break;
            }
          if (limited && !HasText(sfi->contains, "delegated_financial_limits"))
            out.Report(sfi->At("contains"),
                       "The scheme of reservation and delegation sets financial limits (for example delegation '" +
                           limited->id + "', " + limited->function + ", up to " + Pounds(*limited->limit_pence) +
                           "), but the standing financial instructions are not recorded as containing the delegated "
                           "limits of financial authority.",
                       "Set out the delegated financial limits in the SFIs and add 'delegated_financial_limits' to "
                       "their 'contains:' list.");
        }
        if (const model::Document* hb = FindDocument(ctx, "governance_handbook");
            hb && !HasText(hb->contains, "standing_financial_instructions"))
          out.Report(hb->At("contains"),
                     "The governance handbook does not include the standing financial instructions.",
                     "Publish the SFIs in the governance handbook and add 'standing_financial_instructions' to its "
                     "'contains:' list.");
      }));

  rules->push_back(Checked(
      "DOC-004", kArea, Severity::kExpected, "V", "NOTTS; SWL; WY",
      "The governance handbook holds the scheme of reservation and delegation, the functions and decision map, the "
      "SFIs, the terms of reference of all committees and sub-committees that exercise ICB functions, the terms of "
      "reference of joint committees with other bodies, and the up-to-date list of eligible primary medical services "
      "providers (who nominate the PMS partner member). The SFIs are checked by DOC-003 and a missing handbook by "
      "DOC-001.",
      [](const CheckContext& ctx, FindingSink& out) {
        const model::Document* hb = FindDocument(ctx, "governance_handbook");
        if (!hb) return;  // DOC-001 reports it
        struct Part {
          const char* key;
          const char* text;
          bool needed;
        };
        bool any_committee = !ctx.Committees().empty();
        bool any_joint = false;
        for (const model::Committee* c : ctx.Committees())
          any_joint |= c->type == model::CommitteeType::kJointCommittee;
        const Part parts[] = {
            {"scheme_of_reservation_and_delegation", "the scheme of reservation and delegation", true},
            {"functions_and_decision_map", "the functions and decision map", true},
            {"committee_terms_of_reference", "the terms of reference of its committees and sub-committees",
             any_committee},
            {"joint_committee_terms_of_reference", "the terms of reference of its joint committees", any_joint},
            {"eligible_pms_providers_list", "the list of eligible primary medical services providers", true},
        };
        std::vector<std::string> missing, keys;
        for (const Part& p : parts)
          if (p.needed && !HasText(hb->contains, p.key)) {
            missing.push_back(p.text);
            keys.push_back(p.key);
          }
        if (missing.empty()) return;
        out.Report(hb->At("contains"), "The governance handbook does not hold " + JoinWithAnd(missing) + ".",
                   "Put them in the handbook and list them under its 'contains:' (" + JoinWithAnd(keys) + ").");
      }));

  rules->push_back(Checked(
      "DOC-005", kArea, Severity::kMust, "V", "NHS Act 2006 Sch 1B para 11(2) (cited by HWE 7.1.1)",
      "The constitution must provide for transparency about the ICB's decisions and how they are made.",
      [](const CheckContext& ctx, FindingSink& out) {
        const auto& c = ctx.sys().constitution;
        if (!c || HasText(c->clauses, "transparency")) return;
        out.Report(c->At("clauses"),
                   "The constitution has no clause on transparency about decisions and how they are made.",
                   "Add the model constitution's transparency provisions (meetings in public, published papers, "
                   "minutes and registers) and list 'transparency' under the constitution's 'clauses:'.");
      }));

  rules->push_back(Checked(
      "DOC-006", kArea, Severity::kMust, "V — corrected", "ACT-14Z52 s.14Z52(1)–(3); JFP-G; HWE 7.3.8",
      "Before the start of each financial year the ICB and its partner NHS trusts and foundation trusts must prepare a "
      "joint forward plan for the next five years and publish it. It must describe the health services the ICB will "
      "arrange; explain how the ICB will discharge its general duties (ss.14Z34 to 14Z45) and financial duties "
      "(ss.223GB to 223N); set out steps to implement the joint local health and wellbeing strategy; and set out steps "
      "for the needs of children and young people under 25 and of victims of abuse. The first plan was due by 30 June "
      "2023 (NHS England); later plans are checked as published by 31 March before the year they start. The partner "
      "trusts' part in preparing the plan is not recorded in the definition.",
      [](const CheckContext& ctx, FindingSink& out) {
        int year = FinancialYearOf(ctx.as_of());
        if (year < 2023) return;  // the first plan was for 2023/24
        Date deadline = year == 2023 ? Date{2023, 6, 30} : Date{year, 3, 31};
        if (ctx.as_of() <= deadline) return;
        std::string fy = FinancialYearName(year);
        const model::Document* plan = FindDocument(ctx, "joint_forward_plan");
        if (!plan) {
          out.Report(ctx.SystemWhere(),
                     "The definition records no joint forward plan for " + fy +
                         ", which the ICB and its partner "
                         "trusts had to prepare and publish by " +
                         LongDate(deadline) + ".",
                     "Prepare and publish the joint forward plan with the partner trusts and record it under "
                     "'documents: joint_forward_plan' with its publication date, period and contents.");
          return;
        }
        if (std::string why = NotPublishedBecause(*plan, ctx.as_of()); !why.empty()) {
          out.Report(plan->where, "The joint forward plan " + why + "; it must be published.",
                     "Publish the plan and record 'published: <date>' under 'documents: joint_forward_plan'.");
        } else if (!plan->published) {
          out.Report(plan->where,
                     "The joint forward plan does not record when it was published, so it cannot be shown "
                     "to have been ready before " +
                         fy + " began.",
                     "Record 'published: <date>' under 'documents: joint_forward_plan'.");
        } else if (*plan->published > deadline) {
          out.Report(plan->At("published"),
                     "The joint forward plan was published on " + LongDate(*plan->published) + ", after " +
                         LongDate(deadline) +
                         (year == 2023 ? ", the date NHS England set for the first plan."
                                       : "; it must be prepared before " + fy + " begins."),
                     "Prepare and publish the plan for each financial year before 1 April (record the actual "
                     "publication date).");
        }
        static const std::regex kPeriod(R"(^\s*(\d{4})/(\d{2})\s*(?:-|–|to)\s*(\d{4})/(\d{2})\s*$)");
        std::string expected = FinancialYearName(year) + "-" + FinancialYearName(year + 4);
        std::smatch m;
        if (plan->period.empty()) {
          out.Report(plan->where, "The joint forward plan does not say which five financial years it covers.",
                     "Record 'period: " + expected + "' (the five years from " + fy + ").");
        } else if (!std::regex_match(plan->period, m, kPeriod)) {
          out.Report(plan->At("period"),
                     "The joint forward plan's period '" + plan->period +
                         "' is not written as two financial years such as " + expected + ".",
                     "Write the period as 'period: " + expected + "'.");
        } else {
          int from = std::stoi(m[1]);
          int to = std::stoi(m[3]);
          if (from != year)
            out.Report(plan->At("period"),
                       "The joint forward plan covers " + FinancialYearName(from) + " to " + FinancialYearName(to) +
                           ", but the plan prepared before " + fy + " must cover the five years from " + fy + ".",
                       "Refresh the plan for " + expected + " and publish it before " + fy + " begins.");
          else if (to - from != 4)
            out.Report(plan->At("period"),
                       "The joint forward plan covers " + std::to_string(to - from + 1) +
                           " financial years; it must cover the next five.",
                       "Set the plan's period to " + expected + ".");
        }
        std::vector<std::string> missing, keys;
        for (const PlanPart& p : kPlanParts)
          if (!HasText(plan->contains, p.key)) {
            missing.push_back(p.text);
            keys.push_back(p.key);
          }
        if (!missing.empty())
          out.Report(plan->At("contains"), "The joint forward plan does not set out " + JoinWithAnd(missing) + ".",
                     "Add these to the plan and list them under its 'contains:' (" + JoinWithAnd(keys) + ").");
      }));

  rules->push_back(Checked(
      "DOC-007", kArea, Severity::kMust, "V", "ICBGOV",
      "NHS England approves amendments to an ICB constitution, judged against the model constitution. An amendment "
      "takes effect only once approved.",
      [](const CheckContext& ctx, FindingSink& out) {
        const auto& c = ctx.sys().constitution;
        if (!c) return;
        for (const auto& a : c->amendments) {
          if (ctx.as_of() < a.date) continue;  // not yet in effect: approval may still be pending
          std::string what = a.summary.empty() ? "The amendment" : "The amendment '" + a.summary + "'";
          if (!a.approved_by_nhse) {
            out.Report(a.where,
                       what + " to the constitution took effect on " + LongDate(a.date) +
                           " without a record of NHS England's approval.",
                       "Seek NHS England's approval of the amendment and record 'approved_by_nhse: <date>'; until "
                       "then the earlier wording stands.");
          } else if (a.date < *a.approved_by_nhse) {
            out.Report(a.At("approved_by_nhse"),
                       what + " took effect on " + LongDate(a.date) + ", before NHS England approved it on " +
                           LongDate(*a.approved_by_nhse) + ".",
                       "Make amendments effective only from the date NHS England approves them, and correct the "
                       "amendment's date.");
          }
        }
      }));

  rules->push_back(Checked(
      "DOC-008", kArea, Severity::kAdvisory, "V", "SWL handbook",
      "The governance handbook is reviewed every year (in South West London with audit committee oversight), and "
      "changes are recommended to the board. The definition records the date of the last review.",
      [](const CheckContext& ctx, FindingSink& out) {
        const model::Document* hb = FindDocument(ctx, "governance_handbook");
        if (!hb) return;  // DOC-001 reports it
        std::optional<Date> last = hb->last_reviewed ? hb->last_reviewed : hb->published ? hb->published : hb->adopted;
        if (!last) {
          out.Report(hb->where, "The governance handbook records no review date.",
                     "Review the handbook each year and record 'last_reviewed: <date>'.");
        } else if (last->AddMonths(12) < ctx.as_of()) {
          out.Report(hb->At(hb->last_reviewed ? "last_reviewed" : "published"),
                     "The governance handbook was last reviewed on " + LongDate(*last) + ", more than a year before " +
                         LongDate(ctx.as_of()) + ".",
                     "Review the handbook (with the audit committee's oversight), recommend changes to the board and "
                     "record 'last_reviewed: <date>'.");
        }
      }));
}

}  // namespace ics::governance
