// ICP-*: the integrated care partnership (Local Government and Public Involvement in
// Health Act 2007 ss.103, 116ZA and 116ZB, and the Design Framework). Catalogue: section 9
// of the governance reference.
#include <string>
#include <vector>

#include <unordered_map>
#include <unordered_set>

#include "base/text.h"

#include "governance/check_context.h"
#include "governance/rule_helpers.h"

namespace ics::governance {

namespace {

using namespace helpers;
constexpr const char* kArea = "partnership";

// The ICP duties came into force with the ICBs on 1 July 2022.
bool IcpDutiesApply(const CheckContext& ctx) { return !(ctx.as_of() < Date{2022, 7, 1}); }

// Responsible local authorities (s.103) in the ICB's area, in force on the as-of date.
std::vector<const model::Organisation*> ResponsibleLocalAuthorities(const CheckContext& ctx) {
  std::vector<const model::Organisation*> out;
  for (const model::Organisation& o : ctx.sys().organisations)
    if (o.IsResponsibleLocalAuthority() && o.in_area && o.validity.ActiveOn(ctx.as_of())) out.push_back(&o);
  return out;
}

bool IsResponsibleInArea(const CheckContext& ctx, const std::string& code) {
  const model::Organisation* o = ctx.Org(code);
  return o && o->IsResponsibleLocalAuthority() && o->in_area && o->validity.ActiveOn(ctx.as_of());
}

// "the Exampleshire Integrated Care Partnership"; `IcpName(icp, true)` starts a sentence.
std::string IcpName(const model::Icp& icp, bool start = false) {
  std::string out = icp.name.empty() ? std::string("the integrated care partnership") : "the " + icp.name;
  if (start) out[0] = 'T';
  return out;
}

}  // namespace

void AddPartnershipRules(std::vector<Rule>* rules) {
  rules->push_back(Checked(
      "ICP-001", kArea, Severity::kMust, "V", "LGPIHA s.116ZA(1)",
      "The ICB and each responsible local authority whose area coincides with, or falls wholly or partly within, the "
      "ICB's area must together set up a joint committee for the ICB's area: the integrated care partnership (ICP). "
      "(A Health Bill introduced in May 2026 would remove this requirement; it is not law.)",
      [](const CheckContext& ctx, FindingSink& out) {
        if (!IcpDutiesApply(ctx)) return;
        const auto& icp = ctx.sys().icp;
        if (!icp) {
          out.Report(ctx.SystemWhere(), "The definition records no integrated care partnership for the ICB's area.",
                     "Add an 'icp:' section: the partnership the ICB sets up with the responsible local authorities.");
          return;
        }
        std::vector<std::string> missing;
        if (!Has(icp->bodies, ctx.sys().system.icb)) missing.push_back(ctx.OrgLabel(ctx.sys().system.icb));
        std::unordered_set<std::string_view> bodies(icp->bodies.begin(), icp->bodies.end());
        for (const model::Organisation* la : ResponsibleLocalAuthorities(ctx))
          if (!bodies.count(la->code)) missing.push_back(ctx.OrgLabel(la->code));
        if (!missing.empty())
          out.Report(icp->At("bodies"),
                     IcpName(*icp, true) + " is not set up by " + JoinWithAnd(missing) +
                         "; the ICB and every responsible local authority in its area must be parties to it.",
                     "Add " + JoinWithAnd(missing) + " to the partnership's 'bodies:'.");
      }));

  rules->push_back(Checked(
      "ICP-002", kArea, Severity::kMust, "V", "LGPIHA s.116ZA(2)",
      "The ICP consists of (a) one member appointed by the ICB, (b) one member appointed by each responsible local "
      "authority, and (c) any members the ICP itself appoints. Checked: exactly one ICB appointee and one appointee "
      "per responsible local authority in the area; every other member is appointed by the ICP.",
      [](const CheckContext& ctx, FindingSink& out) {
        if (!IcpDutiesApply(ctx) || !ctx.sys().icp) return;
        const model::Icp& icp = *ctx.sys().icp;
        std::unordered_map<std::string_view, int> appointees;  // appointing body -> members
        for (const auto& m : icp.members) ++appointees[m.appointed_by];
        auto appointed_by = [&](const std::string& code) {
          auto it = appointees.find(code);
          return it == appointees.end() ? 0 : it->second;
        };
        std::vector<std::pair<std::string, int>> wrong;
        const std::string& icb = ctx.sys().system.icb;
        if (int n = appointed_by(icb); n != 1) wrong.emplace_back(icb, n);
        for (const model::Organisation* la : ResponsibleLocalAuthorities(ctx))
          if (int n = appointed_by(la->code); n != 1) wrong.emplace_back(la->code, n);
        for (const auto& [code, n] : wrong)
          out.Report(icp.At("members"),
                     IcpName(icp, true) + " has " + (n == 0 ? "no member" : std::to_string(n) + " members") +
                         " appointed by " + ctx.OrgLabel(code) + "; the Act gives it exactly one.",
                     n == 0 ? "Add the member " + ctx.OrgLabel(code) + " appoints, with 'appointed_by: " + code + "'."
                            : "Keep one member appointed by " + code +
                                  "; further members are appointed by the ICP "
                                  "itself ('appointed_by: icp').");
        for (const auto& m : icp.members) {
          if (m.appointed_by == "icp" || m.appointed_by == icb || IsResponsibleInArea(ctx, m.appointed_by)) continue;
          const model::Organisation* o = ctx.Org(m.appointed_by);
          if (o && o->IsLocalAuthority() && !o->IsResponsibleLocalAuthority()) continue;  // ICP-004's
          out.Report(m.At("appointed_by"),
                     (m.person.empty() ? std::string("A member") : ctx.PersonLabel(m.person)) + " of " + IcpName(icp) +
                         " is appointed by " + ctx.OrgLabel(m.appointed_by) +
                         ", which is neither the ICB nor a responsible local authority in the area.",
                     "Record the member as appointed by the partnership itself ('appointed_by: icp'), which may "
                     "appoint members from other organisations.");
        }
      }));

  rules->push_back(Checked(
      "ICP-003", kArea, Severity::kMust, "V", "LGPIHA s.116ZA(3)",
      "The ICP may determine its own procedure, including its quorum (a permissive power). Checked: a quorum the "
      "partnership sets can be met by its members.",
      [](const CheckContext& ctx, FindingSink& out) {
        const auto& icp = ctx.sys().icp;
        if (!icp || !icp->quorum || !icp->quorum->count) return;
        int members = static_cast<int>(icp->members.size());
        if (*icp->quorum->count <= members) return;
        out.Report(icp->quorum->where,
                   "The quorum of " + IcpName(*icp) + ", " + std::to_string(*icp->quorum->count) +
                       ", is more than its " + std::to_string(members) + " recorded member" +
                       (members == 1 ? "" : "s") + ", so it could never be quorate.",
                   "Set a quorum its members can meet, or record all its members under 'members:'.");
      }));

  rules->push_back(Checked(
      "ICP-004", kArea, Severity::kMust, "V — corrected", "LGPIHA-103 s.103(a)–(e); LGPIHA s.116ZA(2)(c)",
      "A \"responsible local authority\" is a county council; a district council other than one in a county that has "
      "a county council (so unitary and metropolitan district councils); a London borough council; the Council of "
      "the Isles of Scilly; or the Common Council of the City of London. District councils in two-tier areas are not "
      "responsible local authorities and cannot appoint ICP members themselves, though the ICP may appoint their "
      "members under s.116ZA(2)(c).",
      [](const CheckContext& ctx, FindingSink& out) {
        const auto& icp = ctx.sys().icp;
        if (!icp) return;
        for (const auto& m : icp->members) {
          const model::Organisation* o = ctx.Org(m.appointed_by);
          if (!o || !o->IsLocalAuthority() || o->IsResponsibleLocalAuthority()) continue;
          out.Report(m.At("appointed_by"),
                     (m.person.empty() ? std::string("A member") : ctx.PersonLabel(m.person)) + " of " + IcpName(*icp) +
                         " is recorded as appointed by " + ctx.OrgLabel(o->code) +
                         ", a district council in a two-tier area, which is not a responsible local authority (s.103).",
                     "Have the partnership appoint the district council's member itself and record "
                     "'appointed_by: icp'.");
        }
      }));

  rules->push_back(Checked(
      "ICP-005", kArea, Severity::kMust, "V / R — corrected", "LGPIHA-116ZB s.116ZB(1)–(6); s.116B",
      "The ICP must prepare an integrated care strategy for meeting the assessed needs of its area through the "
      "functions of the ICB, NHS England and the responsible local authorities. In preparing it the ICP must "
      "consider whether needs could be met more effectively by s.75 arrangements, have regard to the Secretary of "
      "State's mandate and guidance, and involve Local Healthwatch and the people who live or work in the area; it "
      "must publish the strategy and consider revising it on each new needs assessment. Checked: the strategy is "
      "published and records that s.75 arrangements were considered and that Healthwatch and the public were "
      "involved; regard to the mandate and revision after needs assessments are not recorded.",
      [](const CheckContext& ctx, FindingSink& out) {
        if (!IcpDutiesApply(ctx)) return;
        const model::Document* s = FindDocument(ctx, "integrated_care_strategy");
        if (!s) {
          out.Report(ctx.SystemWhere(), "The definition records no integrated care strategy.",
                     "Have the partnership prepare and publish its integrated care strategy and record it under "
                     "'documents: integrated_care_strategy'.");
          return;
        }
        if (std::string why = NotPublishedBecause(*s, ctx.as_of()); !why.empty())
          out.Report(s->where, "The integrated care strategy " + why + "; the partnership must publish it.",
                     "Publish the strategy and record 'published: <date>'.");
        struct Part {
          const char* key;
          const char* text;
        };
        const Part parts[] = {
            {"section_75_considered",
             "whether needs could be met more effectively by s.75 arrangements was considered"},
            {"healthwatch_involved", "Local Healthwatch was involved"},
            {"public_involved", "people who live or work in the area were involved"},
        };
        std::vector<std::string> missing, keys;
        for (const Part& p : parts)
          if (!HasText(s->contains, p.key)) missing.push_back(p.text), keys.push_back(p.key);
        if (!missing.empty())
          out.Report(s->At("contains"),
                     "The integrated care strategy does not record that " + JoinWithAnd(missing) + ".",
                     "Do so when preparing or revising the strategy and list " + JoinWithAnd(keys) +
                         " under its 'contains:'.");
      }));

  rules->push_back(Checked(
      "ICP-006", kArea, Severity::kExpected, "S", "DF \"The ICS Partnership\" p.8–11 (DF-MR)",
      "The ICB and the local authorities jointly select the ICP chair and define the chair's role, term of office and "
      "accountabilities. Checked: the chair is named and was selected by the ICB and every responsible local "
      "authority in the area; the role, term and accountabilities are not recorded.",
      [](const CheckContext& ctx, FindingSink& out) {
        const auto& icp = ctx.sys().icp;
        if (!icp) return;
        if (icp->chair.empty()) {
          out.Report(icp->where, IcpName(*icp, true) + " has no chair recorded.",
                     "Record the chair the ICB and local authorities selected ('chair: <person id>') and who selected "
                     "them ('chair_selected_by:').");
          return;
        }
        std::vector<std::string> missing;
        if (!Has(icp->chair_selected_by, ctx.sys().system.icb)) missing.push_back(ctx.OrgLabel(ctx.sys().system.icb));
        for (const model::Organisation* la : ResponsibleLocalAuthorities(ctx))
          if (!Has(icp->chair_selected_by, la->code)) missing.push_back(ctx.OrgLabel(la->code));
        if (missing.empty()) return;
        out.Report(icp->At("chair_selected_by"),
                   "The chair of " + IcpName(*icp) + ", " + ctx.PersonLabel(icp->chair) +
                       ", was not selected jointly: " + JoinWithAnd(missing) + (missing.size() == 1 ? " is" : " are") +
                       " not among those who chose them.",
                   "Select the chair jointly by the ICB and the local authorities and list them all under "
                   "'chair_selected_by:'.");
      }));

  rules->push_back(Checked(
      "ICP-007", kArea, Severity::kAdvisory, "S",
      "DF (as reproduced by Kent & Medway CCG, "
      "https://kmccg.franktesting.co.uk/about-us/who-we-are/ICS/ics-transition)",
      "Membership beyond the statutory core is decided locally. Typical members include health and wellbeing boards, "
      "other statutory bodies, the VCSE sector, social care providers, Healthwatch, housing, education and "
      "employers. Checked: Healthwatch and the VCSE sector take part.",
      [](const CheckContext& ctx, FindingSink& out) {
        const auto& icp = ctx.sys().icp;
        if (!icp) return;
        bool healthwatch = false, vcse = false;
        for (const std::string& code : icp->bodies)
          if (const model::Organisation* o = ctx.Org(code)) {
            healthwatch |= o->kind == model::OrgKind::kHealthwatch;
            vcse |= o->kind == model::OrgKind::kVcse;
          }
        std::vector<std::string> missing;
        if (!healthwatch) missing.push_back("Healthwatch");
        if (!vcse) missing.push_back("the VCSE sector");
        if (missing.empty()) return;
        out.Report(icp->At("bodies"), IcpName(*icp, true) + " has no member body from " + JoinWithAnd(missing) + ".",
                   "Consider inviting them and adding their organisation codes to the partnership's 'bodies:'.");
      }));
}

}  // namespace ics::governance
