// PRC-*: provider collaboratives (NHS England's "Working together at scale", the Design
// Framework and NHS Providers' guide). Catalogue: section 8 of the governance reference.
#include <string>
#include <vector>

#include "base/text.h"
#include "governance/check_context.h"
#include "governance/rule_helpers.h"

namespace ics::governance {

namespace {

using namespace helpers;
constexpr const char* kArea = "collaboratives";

const std::vector<std::string>& GovernanceForms() {
  static const std::vector<std::string> forms = {"advisory_group", "individual_decision_makers", "committees_in_common",
                                                 "joint_committee", "lead_provider"};
  return forms;
}

// "the Exampleshire Provider Collaborative (pc-at-scale)"; `Label(c, true)` starts a sentence.
std::string Label(const model::Collaborative& c, bool start = false) {
  std::string out = c.name.empty() ? "provider collaborative " + c.id : "the " + c.name + " (" + c.id + ")";
  if (start) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

bool InAnyCollaborative(const CheckContext& ctx, const std::string& code) {
  for (const model::Collaborative& c : ctx.sys().collaboratives)
    if (Has(c.members, code)) return true;
  return false;
}

// In-area NHS trusts in force on the as-of date.
std::vector<const model::Organisation*> Trusts(const CheckContext& ctx) {
  std::vector<const model::Organisation*> out;
  for (const model::Organisation& o : ctx.sys().organisations)
    if (o.IsNhsTrust() && o.in_area && o.validity.ActiveOn(ctx.as_of())) out.push_back(&o);
  return out;
}

bool AcuteOrMentalHealth(const model::Organisation& o) {
  return o.kind == model::OrgKind::kSpecialistTrust || o.HasService(model::Service::kAcute) ||
         o.HasService(model::Service::kMentalHealth);
}

}  // namespace

void AddCollaborativeRules(std::vector<Rule>* rules) {
  rules->push_back(Checked(
      "PRC-001", kArea, Severity::kExpected, "S", "WAS (Mills & Reeve; Mondaq); DF \"The role of providers\" p.27–32",
      "From April 2022 every trust providing acute or mental health services, including specialist trusts, is "
      "expected to be in one or more provider collaboratives. Checked for the trusts in the ICB's area.",
      [](const CheckContext& ctx, FindingSink& out) {
        if (ctx.as_of() < Date{2022, 4, 1}) return;
        for (const model::Organisation* o : Trusts(ctx)) {
          if (!AcuteOrMentalHealth(*o) || InAnyCollaborative(ctx, o->code)) continue;
          out.Report(o->where,
                     ctx.OrgLabel(o->code) + " provides " +
                         (o->HasService(model::Service::kMentalHealth) ? "mental health" : "acute") +
                         " services but belongs to no provider collaborative.",
                     "Add " + o->code +
                         " to the members of the provider collaborative it works in (or record that "
                         "collaborative under 'collaboratives:').");
        }
      }));

  rules->push_back(Checked(
      "PRC-002", kArea, Severity::kAdvisory, "S", "WAS (Mills & Reeve quotes the guidance; Mondaq)",
      "Community trusts, ambulance trusts and non-NHS providers (for example community interest companies) should be "
      "part of provider collaboratives \"where this would benefit patients and makes sense for the providers and "
      "systems involved\". Checked for community and ambulance trusts in the area; whether it makes sense for a "
      "non-NHS provider is a local judgement and is not checked.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Organisation* o : Trusts(ctx)) {
          if (AcuteOrMentalHealth(*o) || InAnyCollaborative(ctx, o->code)) continue;  // PRC-001's
          bool community = o->HasService(model::Service::kCommunity);
          if (!community && !o->HasService(model::Service::kAmbulance)) continue;
          out.Report(o->where,
                     ctx.OrgLabel(o->code) + (community ? ", a community" : ", an ambulance") +
                         " trust, belongs to no provider collaborative.",
                     "Consider whether joining a provider collaborative would benefit patients; if so add " + o->code +
                         " to its members.");
        }
      }));

  rules->push_back(Checked(
      "PRC-003", kArea, Severity::kExpected, "S", "WAS (Mills & Reeve; Mondaq)",
      "A provider collaborative is a partnership of at least two trusts working at scale across multiple places, with "
      "a shared purpose and effective decision-making. Checked: at least two NHS trust members, and more than one "
      "place where the places it works across are given. Shared purpose and aims are not modelled.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Collaborative& c : ctx.sys().collaboratives) {
          int trusts = 0;
          for (const std::string& code : c.members)
            if (const model::Organisation* o = ctx.Org(code); o && o->IsNhsTrust()) ++trusts;
          if (trusts < 2)
            out.Report(c.At("members"),
                       Label(c, true) + " has " + std::to_string(trusts) + " NHS trust member" +
                           (trusts == 1 ? "" : "s") + "; a provider collaborative involves at least two trusts.",
                       "Add the other trusts that take part to its 'members:', or describe the arrangement as "
                       "something other than a provider collaborative.");
          if (c.places.size() == 1)
            out.Report(c.At("places"),
                       Label(c, true) + " works in only one place (" + c.places.front() +
                           "); provider collaboratives work at scale across several places.",
                       "List every place it works across under 'places:', or treat it as part of the place "
                       "partnership.");
        }
      }));

  rules->push_back(NotCheckable(
      "PRC-004", kArea, Severity::kAdvisory, "V",
      "Cheshire & Merseyside ICB, https://cheshireandmerseyside.nhs.uk/your-health/provider-collaboratives/",
      "Collaboratives are expected to show a shared vision and commitment to collaborate; strong accountability "
      "between members; governance built on what already works; efficient decision-making; clinical and community "
      "voices embedded; and streamlined ways of working.",
      "These are qualities of how a collaborative works, which the definition does not record."));

  rules->push_back(Checked(
      "PRC-005", kArea, Severity::kAdvisory, "V", "NHSP-COL; DELEG",
      "A collaborative's governance takes one of these forms: advisory group (no delegated powers); group of "
      "individual decision-makers; committees-in-common; joint committee (s.65Z6); lead-provider contract. The ICB "
      "may delegate functions to a trust (s.65Z5) and stays accountable (DEL-003). Checked: each collaborative names "
      "one of the forms, and a lead-provider collaborative names a lead that is one of its members.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Collaborative& c : ctx.sys().collaboratives) {
          if (c.governance.empty()) {
            out.Report(c.where, Label(c, true) + " does not say which form of governance it uses.",
                       "Add 'governance:' with one of " + JoinWithAnd(GovernanceForms()) + ".");
          } else if (!Has(GovernanceForms(), c.governance)) {
            std::string suggestion = ClosestMatch(c.governance, GovernanceForms());
            out.Report(c.At("governance"),
                       "The governance of " + Label(c) + ", '" + c.governance +
                           "', is not one of the recognised forms" +
                           (suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)") + ".",
                       "Use one of " + JoinWithAnd(GovernanceForms()) + ".");
          } else if (c.governance == "lead_provider" && c.lead.empty()) {
            out.Report(c.At("governance"),
                       Label(c, true) + " is governed through a lead provider but does not name it.",
                       "Add 'lead: <organisation code>' naming the lead provider.");
          }
          if (!c.lead.empty() && !Has(c.members, c.lead))
            out.Report(c.At("lead"),
                       Label(c, true) + " names " + ctx.OrgLabel(c.lead) + " as its lead, but " +
                           "it is not one of the collaborative's members.",
                       "Add " + c.lead + " to the collaborative's 'members:' or name a member as lead.");
        }
      }));
}

}  // namespace ics::governance
