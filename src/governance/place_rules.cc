// PLC-*: place-based partnerships (the Design Framework's five governance options and
// NHS England's "Thriving places"). Catalogue: section 7 of the governance reference.
#include <map>
#include <string>
#include <vector>

#include "base/text.h"
#include "governance/check_context.h"
#include "governance/rule_helpers.h"

namespace ics::governance {

namespace {

using namespace helpers;
using model::PlaceGovernance;
constexpr const char* kArea = "places";

bool Uses(const model::Place& p, PlaceGovernance g) {
  return std::find(p.governance.begin(), p.governance.end(), g) != p.governance.end();
}

// Options 2 to 5: arrangements through which decisions can be taken under a delegation.
bool CanDecide(const model::Place& p) {
  return Uses(p, PlaceGovernance::kIndividualDirector) || Uses(p, PlaceGovernance::kCommitteeOfIcb) ||
         Uses(p, PlaceGovernance::kJointCommittee) || Uses(p, PlaceGovernance::kLeadProvider);
}

// "the Example City place (city)"; `Label(p, true)` starts a sentence.
std::string Label(const model::Place& p, bool start = false) {
  std::string out = p.name.empty() ? "place " + p.id : "the " + p.name + " place (" + p.id + ")";
  if (start) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

}  // namespace

void AddPlaceRules(std::vector<Rule>* rules) {
  rules->push_back(Checked(
      "PLC-001", kArea, Severity::kExpected, "S / V",
      "DF \"Governance and management arrangements\" (p.19–26); PLACE-5; the Lancashire appraisal lists options 1–3 in "
      "these words",
      "Each place chooses one or more of the Design Framework's five governance options, which may be combined: (1) a "
      "consultative forum; (2) individual executives or directors of the ICB with delegated authority; (3) a "
      "committee of the ICB with delegated authority; (4) a joint committee of the ICB and other statutory bodies; "
      "(5) a lead provider contracted by the ICB. Checked: every place names at least one option, and the committee "
      "or lead provider each option needs is named and matches it, and an individual director option has a "
      "delegation to a role or person for the place.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Place& p : ctx.sys().places) {
          if (p.governance.empty()) {
            out.Report(p.where, Label(p, true) + " does not say which of the five place governance options it uses.",
                       "Add 'governance:' with one or more of consultative_forum, individual_director, "
                       "committee_of_icb, joint_committee and lead_provider.");
            continue;
          }
          const model::Committee* c = p.committee.empty() ? nullptr : ctx.Committee(p.committee);
          bool icb_committee = Uses(p, PlaceGovernance::kCommitteeOfIcb);
          bool joint = Uses(p, PlaceGovernance::kJointCommittee);
          if ((icb_committee || joint) && !c)
            out.Report(p.At("governance"),
                       Label(p, true) + " uses " + (joint ? "a joint committee" : "a committee of the ICB") +
                           " but names no committee.",
                       "Add 'committee: <committee id>' naming the committee (defined under 'icb: committees:').");
          if (c) {
            bool is_joint = c->type == model::CommitteeType::kJointCommittee;
            std::string cname = (c->name.empty() ? c->id : c->name) + " (" + c->id + ")";
            if (!icb_committee && !joint)
              out.Report(
                  p.At("committee"),
                  Label(p, true) + " names the " + cname +
                      " but its governance includes neither a committee of the ICB nor a joint committee.",
                  "Add committee_of_icb or joint_committee to the place's 'governance:', or remove 'committee:'.");
            else if (joint && !icb_committee && !is_joint)
              out.Report(p.At("committee"),
                         Label(p, true) + " uses a joint committee, but the " + cname + " is not a joint committee.",
                         "Name the joint committee (type: joint_committee) or change the option to committee_of_icb.");
            else if (icb_committee && !joint && is_joint)
              out.Report(p.At("committee"),
                         Label(p, true) + " uses a committee of the ICB, but the " + cname +
                             " is a joint committee with other bodies.",
                         "Change the option to joint_committee, or name a committee of the ICB.");
          }
          if (Uses(p, PlaceGovernance::kIndividualDirector)) {
            bool named = false;
            for (const model::Delegation& d : ctx.sys().delegations) {
              if (!d.validity.ActiveOn(ctx.as_of()) || d.reserved_to_board) continue;
              bool individual = d.delegated_to.rfind("role:", 0) == 0 || ctx.Person(d.delegated_to);
              named |= individual && std::find(d.places.begin(), d.places.end(), p.id) != d.places.end();
            }
            if (!named)
              out.Report(p.At("governance"),
                         Label(p, true) + " uses an individual director of the ICB, but no delegation in force names "
                                          "a role or person for the place.",
                         "Add a delegation to the director's role with 'places: [" + p.id +
                             "]' and its limit, or remove individual_director from the place's 'governance:'.");
          }
          bool lead = Uses(p, PlaceGovernance::kLeadProvider);
          if (lead && p.lead_provider.empty())
            out.Report(p.At("governance"), Label(p, true) + " uses a lead provider but does not name it.",
                       "Add 'lead_provider: <organisation code>' for the provider the ICB has contracted.");
          if (!lead && !p.lead_provider.empty())
            out.Report(p.At("lead_provider"),
                       Label(p, true) + " names " + ctx.OrgLabel(p.lead_provider) +
                           " as lead provider, but its governance does not include the lead provider option.",
                       "Add lead_provider to the place's 'governance:', or remove 'lead_provider:'.");
        }
      }));

  rules->push_back(Checked(
      "PLC-002", kArea, Severity::kExpected, "V", "THRIVE (Staffs & Stoke ICB)",
      "Partners agree for each place: its membership; its decision-making arrangements, including any joint NHS and "
      "local government arrangements for statutory functions; its leadership roles (a convener, and the individuals "
      "responsible for delegated functions); and its representation on, and reporting to, the ICP and the ICB.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Place& p : ctx.sys().places) {
          std::vector<std::string> missing, keys;
          if (p.members.empty()) missing.push_back("its membership"), keys.push_back("members");
          if (p.decision_making.empty())
            missing.push_back("its decision-making arrangements"), keys.push_back("decision_making");
          if (p.convener.empty()) missing.push_back("its convener"), keys.push_back("convener");
          if (p.reports_to.empty())
            missing.push_back("whom it reports to (the ICB or the ICP)"), keys.push_back("reports_to");
          if (missing.empty()) continue;
          out.Report(p.where, Label(p, true) + " does not record " + JoinWithAnd(missing) + ".",
                     "Agree these with the partners and add " + JoinWithAnd(keys) + " to the place.");
        }
      }));

  rules->push_back(Checked(
      "PLC-003", kArea, Severity::kExpected, "V", "THRIVE (Mills & Reeve)",
      "From 2022/23 each ICS confirms its place arrangements: the configuration, size and boundaries of its places, "
      "the system functions carried out at place, and the governance model, agreed between the NHS, local "
      "government and other partners. Checked: places are defined, each with its population (size); boundaries, "
      "governance and decision-making are checked by PLC-001, PLC-002 and PLC-005.",
      [](const CheckContext& ctx, FindingSink& out) {
        if (ctx.as_of() < Date{2022, 4, 1}) return;
        if (ctx.sys().places.empty()) {
          out.Report(ctx.SystemWhere(), "The definition records no places for the ICS.",
                     "Add a 'places:' section with each place's footprint, population, governance and members.");
          return;
        }
        for (const model::Place& p : ctx.sys().places)
          if (!p.population)
            out.Report(p.where, Label(p, true) + " does not give its population, so its size is not confirmed.",
                       "Add 'population: <residents>' to the place.");
      }));

  rules->push_back(Checked(
      "PLC-004", kArea, Severity::kAdvisory, "V", "THRIVE",
      "Best-practice membership of a place partnership: primary care leaders (PCN clinical directors); providers of "
      "acute, community and mental health services; people who use services and their representatives, including "
      "Healthwatch; local authorities (with social care); social care providers; the VCSE sector; and the ICB. "
      "Checked from the place's member organisations (social care providers are not told apart in the definition).",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Place& p : ctx.sys().places) {
          if (p.members.empty()) continue;  // PLC-002 reports it
          bool icb = false, la = false, primary = false, acute = false, community = false, mental = false,
               healthwatch = false, vcse = false;
          for (const std::string& code : p.members) {
            const model::Organisation* o = ctx.Org(code);
            if (!o) continue;
            icb |= o->code == ctx.sys().system.icb;
            la |= o->IsLocalAuthority() && o->social_care;
            primary |= o->kind == model::OrgKind::kPcn || o->kind == model::OrgKind::kGpPractice;
            acute |= o->HasService(model::Service::kAcute);
            community |= o->HasService(model::Service::kCommunity);
            mental |= o->HasService(model::Service::kMentalHealth);
            healthwatch |= o->kind == model::OrgKind::kHealthwatch;
            vcse |= o->kind == model::OrgKind::kVcse;
          }
          std::vector<std::string> missing;
          if (!icb) missing.push_back("the ICB");
          if (!la) missing.push_back("a local authority with social care responsibilities");
          if (!primary) missing.push_back("primary care (a PCN or practice)");
          if (!acute) missing.push_back("an acute services provider");
          if (!community) missing.push_back("a community services provider");
          if (!mental) missing.push_back("a mental health services provider");
          if (!healthwatch) missing.push_back("Healthwatch");
          if (!vcse) missing.push_back("the VCSE sector");
          if (missing.empty()) continue;
          out.Report(p.At("members"), Label(p, true) + " has no member from " + JoinWithAnd(missing) + ".",
                     "Consider inviting them into the place partnership and adding their organisation codes to "
                     "'members:'.");
        }
      }));

  rules->push_back(Checked(
      "PLC-005", kArea, Severity::kAdvisory, "V", "THRIVE (Mills & Reeve)",
      "Place boundaries should normally follow local authority boundaries, with regard to NHS geography (PCNs, "
      "community services). Checked: each place's footprint is made of whole local authorities and no local "
      "authority is split between places.",
      [](const CheckContext& ctx, FindingSink& out) {
        std::map<std::string, const model::Place*> owner;
        for (const model::Place& p : ctx.sys().places) {
          for (const std::string& code : p.footprint) {
            const model::Organisation* o = ctx.Org(code);
            if (o && !o->IsLocalAuthority()) {
              out.Report(
                  p.At("footprint"),
                  Label(p, true) + "'s footprint includes " + ctx.OrgLabel(code) + ", which is not a local authority.",
                  "Describe the place's footprint by the local authority areas it covers.");
              continue;
            }
            auto [it, first] = owner.emplace(code, &p);
            if (!first && it->second != &p)
              out.Report(p.At("footprint"),
                         ctx.OrgLabel(code) + " is split between " + Label(*it->second) + " and " + Label(p) +
                             "; place boundaries normally follow "
                             "local authority boundaries.",
                         "Align the places with the local authority boundary, or record why a split serves "
                         "local people better.");
          }
        }
      }));

  rules->push_back(Checked(
      "PLC-006", kArea, Severity::kAdvisory, "V",
      "King's Fund, https://www.kingsfund.org.uk/publications/place-based-partnerships-explained",
      "Place-based partnerships are not statutory bodies: any decision they take is taken under a delegation from a "
      "statutory body (options 2 to 5). Checked: a place that is only a consultative forum (or names no option) is "
      "not the decider of any delegation, nor the holder of a function in the decision map.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Function& f : ctx.sys().functions) {
          const model::Place* p = ctx.sys().FindPlace(f.held_by);
          if (!p || CanDecide(*p) || !f.validity.ActiveOn(ctx.as_of())) continue;
          out.Report(f.At("held_by"),
                     "The decision map shows '" + f.name + "' held by " + Label(*p) + ", which is " +
                         (p->governance.empty() ? "given no governance option" : "a consultative forum") +
                         " and cannot hold delegated authority.",
                     "Show the function held by the body that decides it (an ICB committee, director, joint committee "
                     "or lead provider for the place).");
        }
        for (const model::Delegation& d : ctx.sys().delegations) {
          if (!d.validity.ActiveOn(ctx.as_of()) || d.reserved_to_board) continue;
          const model::Place* p = ctx.sys().FindPlace(d.delegated_to);
          if (!p || CanDecide(*p)) continue;
          out.Report(d.At("delegated_to"),
                     "Delegation '" + d.id + "' (" + d.function + ") names " + Label(*p) +
                         " as the decider, but the "
                         "place is " +
                         (p->governance.empty() ? "given no governance option" : "a consultative forum") +
                         ", which is not a statutory body and holds no delegated authority.",
                     "Delegate the function to an ICB director, an ICB committee, a joint committee or a lead "
                     "provider for the place (and add that option to the place's 'governance:').");
        }
      }));
}

}  // namespace ics::governance
