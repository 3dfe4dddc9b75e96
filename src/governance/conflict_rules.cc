// COI-*: conflicts of interest, the register of interests, and gifts and hospitality
// (NHS England's "Managing conflicts of interest in the NHS", 2017 and 2024, and ICBs'
// published practice). Catalogue: section 12 of the governance reference.
#include <algorithm>
#include <map>
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
using model::GiftKind;
constexpr const char* kArea = "conflicts";

// People the ICB's register must cover, with why: board members, members of committees
// and sub-committees, and ICB employees, in definition order.
std::vector<std::pair<const model::Person*, std::string>> RegisterScope(const CheckContext& ctx) {
  std::map<std::string, std::string, std::less<>> why;
  for (const model::Seat* s : ctx.Seats()) why.emplace(s->person, "a member of the ICB board");
  for (const model::Committee* c : ctx.Committees()) {
    std::string what = "a member of the " + (c->name.empty() ? c->id : c->name);
    if (!c->chair.empty()) why.emplace(c->chair, what);
    for (const auto& m : c->members) why.emplace(m.person, what);
  }
  for (const auto& p : ctx.sys().people)
    if (ctx.EmployedBy(p.id, ctx.sys().system.icb)) why.emplace(p.id, "an ICB employee");
  std::vector<std::pair<const model::Person*, std::string>> out;
  for (const auto& p : ctx.sys().people)
    if (auto it = why.find(p.id); it != why.end()) out.emplace_back(&p, it->second);
  return out;
}

bool HasDeclaration(const CheckContext& ctx, const model::Person& p) {
  if (p.interests_declared) return true;
  for (const model::Interest* i : ctx.InterestsOf(p.id))
    if (i->declared) return true;
  return false;
}

// When `person` came within the register's scope, for interests they held before: the
// latest of the ICB's establishment and their recorded appointment (board seat, ICB
// employment or their own validity). Where no appointment date is recorded, their first
// entry on the register stands in for it.
std::optional<Date> InScopeFrom(const CheckContext& ctx, std::string_view person) {
  std::optional<Date> appointed;
  auto later = [&](const std::optional<Date>& d) {
    if (d && (!appointed || *appointed < *d)) appointed = d;
  };
  for (const model::Seat* s : ctx.SeatsOfPerson(person)) later(s->validity.from);
  for (const model::Employment* e : ctx.EmploymentsOf(person))
    if (e->org == ctx.sys().system.icb) later(e->validity.from);
  if (const model::Person* p = ctx.Person(person)) later(p->validity.from);
  if (!appointed) {
    for (const model::Interest* i : ctx.InterestsOf(person))
      if (i->declared && (!appointed || *i->declared < *appointed)) appointed = i->declared;
  }
  later(ctx.sys().system.established);
  return appointed;
}

bool IsPartnerMember(const CheckContext& ctx, std::string_view person) {
  for (const model::Seat* s : ctx.SeatsOfPerson(person))
    if (s->IsPartnerMember()) return true;
  return false;
}

std::string Source(const model::GiftOrHospitality& g) {
  return g.from_org.empty() ? std::string("an unrecorded source") : g.from_org;
}

std::string Describe(const CheckContext& ctx, const model::GiftOrHospitality& g) {
  static const char* kWhat[] = {"a gift", "hospitality", "cash", "a voucher", "travel or accommodation"};
  return ctx.PersonLabel(g.person) + " accepted " + kWhat[static_cast<int>(g.kind)] + " worth " +
         Pounds(g.value_pence) + " from " + Source(g) + " on " + LongDate(g.date);
}

std::string CategoryLabel(model::InterestCategory c) {
  switch (c) {
    case model::InterestCategory::kFinancial: return "financial";
    case model::InterestCategory::kNonFinancialProfessional: return "non-financial professional";
    case model::InterestCategory::kNonFinancialPersonal: return "non-financial personal";
    case model::InterestCategory::kIndirect: return "indirect";
  }
  return "declared";
}

// "Jo Money (p-cfo)'s financial interest in Example City Council (E06000999)", or
// "... interest 'Trustee of a local hospice charity'" when it names no organisation.
std::string Register(const model::Interest& i, const CheckContext& ctx) {
  std::string out = ctx.PersonLabel(i.person) + "'s " + CategoryLabel(i.category) + " interest";
  if (!i.org.empty()) return out + " in " + ctx.OrgLabel(i.org);
  if (!i.description.empty()) return out + " '" + i.description + "'";
  return out;
}

}  // namespace

void AddConflictRules(std::vector<Rule>* rules) {
  rules->push_back(NotCheckable(
      "COI-001", kArea, Severity::kExpected, "V",
      "COI-2017 (as quoted by North Yorkshire CCG, https://www.northyorkshireccg.nhs.uk/about/conflicts-of-interest/)",
      "A conflict of interest is a set of circumstances by which a reasonable person would consider that an "
      "individual's ability to apply judgement or act, in delivering, commissioning or assuring taxpayer-funded "
      "health and care services, is or could be impaired or influenced by another interest they hold. It may be "
      "actual or potential, and a perceived conflict can be as damaging as an actual one.",
      "A definition applied to particular decisions; whether a reasonable person would see a conflict is a judgement "
      "the definition cannot make. The register rules (COI-002 to COI-006, COI-011, COI-017) check what it records."));

  rules->push_back(Checked(
      "COI-002", kArea, Severity::kExpected, "V / R", "COI-2017 (categories V via NHS Employers; examples R)",
      "Interests are categorised as financial, non-financial professional, non-financial personal or indirect (held "
      "by a close family member, friend or business partner). Checked: each interest has one of these categories "
      "(the loader insists on it), and an interest categorised as indirect is not also marked direct.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Interest& i : ctx.sys().interests) {
          if (i.category != model::InterestCategory::kIndirect || !i.direct) continue;
          out.Report(i.At("direct"),
                     Register(i, ctx) +
                         " is marked as direct, but an indirect interest is one held by a "
                         "close associate.",
                     "Record whose interest it is: if a close associate holds it, set 'direct: false'; if the person "
                     "holds it themselves, choose the financial or non-financial category instead.");
        }
      }));

  rules->push_back(Checked(
      "COI-003", kArea, Severity::kMust, "V / S / R", "ACT (s.14Z30 R); COI-2024 (scope section); WA-2021; HWE 7.3.7",
      "The ICB must keep a register of interests covering the members of the ICB (its board), the members of its "
      "committees and sub-committees, and its employees; it is published or made available on request. Checked: the "
      "register exists and everyone it must cover has a declaration on it (a nil declaration counts).",
      [](const CheckContext& ctx, FindingSink& out) {
        if (!FindDocument(ctx, "register_of_interests"))
          out.Report(ctx.SystemWhere(), "The definition records no register of interests for the ICB.",
                     "Keep a register of interests and record it under 'documents: register_of_interests'.");
        for (const auto& [person, why] : RegisterScope(ctx)) {
          if (HasDeclaration(ctx, *person)) continue;
          out.Report(person->where,
                     ctx.PersonLabel(person->id) + ", " + why + ", has no declaration on the register of interests.",
                     "Obtain their declaration (a nil return if they have no interests) and record "
                     "'interests_declared: <date>' for them, with any interests under 'interests:'.");
        }
      }));

  rules->push_back(Checked(
      "COI-004", kArea, Severity::kMust, "V",
      "Mid & South Essex ICB, https://midandsouthessex-ics.mixd.co.uk/about/boards/integrated-care-board/declarations/ "
      "; COI-2017",
      "Interests are declared on appointment and as they arise, and the register is updated within 28 days; the "
      "register is reviewed formally every year; interests are declared again at meetings. The catalogue gives must "
      "and expected: for an ICB, whose constitution and statutory register duty require it, this rule is must. "
      "Checked: each interest is on the register within 28 days of arising, or of the person's appointment if later "
      "(their board seat, ICB employment or own start date; where none is recorded, their first entry on the "
      "register stands in for it), and the register was reviewed in the last year. Declarations at meetings are "
      "for the meetings checks.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Interest& i : ctx.sys().interests) {
          std::optional<Date> start = i.from;
          if (start)
            if (std::optional<Date> joined = InScopeFrom(ctx, i.person); joined && *start < *joined) start = joined;
          if (!i.declared) {
            if (start && !(start->AddDays(28) < ctx.as_of())) continue;  // still within the 28 days
            out.Report(i.where,
                       Register(i, ctx) + " has not been entered on the register" +
                           (start ? " although it arose on " + LongDate(*start) + ", more than 28 days before " +
                                        LongDate(ctx.as_of())
                                  : "") +
                           ".",
                       "Enter it on the register and record the date ('declared: <date>').");
          } else if (start && start->AddDays(28) < *i.declared) {
            out.Report(i.At("declared"),
                       Register(i, ctx) + " arose on " + LongDate(*start) + " but was entered on the register on " +
                           LongDate(*i.declared) + ", " + std::to_string(DaysBetween(*start, *i.declared)) +
                           " days later; the register must be updated within 28 days.",
                       "Remind members and staff to declare interests as they arise, and update the register within "
                       "28 days.");
          }
        }
        const model::Document* reg = FindDocument(ctx, "register_of_interests");
        if (!reg) return;  // COI-003 reports it
        std::optional<Date> last = reg->last_reviewed ? reg->last_reviewed : reg->published;
        if (!last)
          out.Report(reg->where, "The register of interests records no review date.",
                     "Review the register formally each year and record 'last_reviewed: <date>'.");
        else if (last->AddMonths(12) < ctx.as_of())
          out.Report(reg->At(reg->last_reviewed ? "last_reviewed" : "published"),
                     "The register of interests was last reviewed on " + LongDate(*last) +
                         ", more than a year before " + LongDate(ctx.as_of()) + ".",
                     "Carry out the annual review (asking everyone on it to confirm or update their declarations) and "
                     "record 'last_reviewed: <date>'.");
      }));

  rules->push_back(Checked(
      "COI-005", kArea, Severity::kExpected, "V / S",
      "COI-NHSE; COI-2017; MSE ICB; Royal Free London register page, "
      "https://royalfree.mydeclarations.co.uk/declarations",
      "The register for decision-making staff is published. Decision-making staff are board and committee members, "
      "senior staff (typically Agenda for Change band 8d and above) and staff with budgetary or procurement "
      "authority. Checked: the register is published, and named people holding delegated authority have declared "
      "(pay bands are not recorded).",
      [](const CheckContext& ctx, FindingSink& out) {
        if (const model::Document* reg = FindDocument(ctx, "register_of_interests")) {
          if (std::string why = NotPublishedBecause(*reg, ctx.as_of()); !why.empty())
            out.Report(
                reg->where,
                "The register of interests " + why + "; the register of decision-making staff must be published.",
                "Publish the register (board, committee members, senior staff and budget holders) and record "
                "'published: <date>' and its URL.");
        }
        for (const model::Delegation& d : ctx.sys().delegations) {
          if (!d.validity.ActiveOn(ctx.as_of()) || d.reserved_to_board) continue;
          const model::Person* p = ctx.Person(d.delegated_to);
          if (!p || HasDeclaration(ctx, *p)) continue;
          out.Report(d.At("delegated_to"),
                     ctx.PersonLabel(p->id) + " holds delegated authority ('" + d.function + "', delegation '" + d.id +
                         "') but has no declaration on the register of interests.",
                     "Obtain their declaration and record 'interests_declared: <date>' (and any interests) so it "
                     "appears on the published register.");
        }
      }));

  rules->push_back(Checked(
      "COI-006", kArea, Severity::kExpected, "V / R", "COI-2017 template (R); DDCCG register (V)",
      "Each register entry gives the person's name and role; the interest (organisation and nature); its type "
      "(financial, non-financial professional, non-financial personal, indirect); whether direct or indirect; the "
      "date it started (and ended); and the action taken to mitigate the risk. Checked: the nature, start date and "
      "mitigation are recorded (the loader requires the rest).",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const model::Interest& i : ctx.sys().interests) {
          std::vector<std::string> missing, keys;
          if (i.description.empty()) missing.push_back("its nature"), keys.push_back("'description:'");
          if (!i.from) missing.push_back("the date it started"), keys.push_back("'from:'");
          if (i.mitigation.empty())
            missing.push_back("the action taken to mitigate it"), keys.push_back("'mitigation:'");
          if (missing.empty()) continue;
          out.Report(i.where,
                     "The register entry for " + Register(i, ctx) + " does not give " + JoinWithAnd(missing) + ".",
                     "Complete the entry: add " + JoinWithAnd(keys) + ".");
        }
      }));

  rules->push_back(NotCheckable(
      "COI-007", kArea, Severity::kExpected, "R",
      "COI-2017; Birmingham and Solihull ICB register page, "
      "https://www.birminghamsolihull.icb.nhs.uk/about-us/meet-our-board/register-interests",
      "Interests stay on the published register for 6 months after they end, and records are kept for 6 years.",
      "The definition lists the interests on the register now; it cannot show whether an ended interest was taken off "
      "the published register too early or its record destroyed."));

  rules->push_back(NotCheckable(
      "COI-008", kArea, Severity::kExpected, "R / V", "COI-2017; DDCCG register",
      "At meetings the chair (with the governance lead) decides how a declared interest is handled and records it in "
      "the minutes: no action; take part in discussion but not the decision; leave for discussion and decision; or "
      "also not receive the papers and minutes for the item.",
      "Handled item by item at meetings, which the meetings checks decide; the definition holds no agenda items."));

  rules->push_back(NotCheckable(
      "COI-009", kArea, Severity::kExpected, "R", "MODEL; COI-2017",
      "Where the chair is conflicted, the deputy chair (or another non-executive member) chairs that item (MTG-010).",
      "Handled item by item at meetings, which the meetings checks decide; the definition holds no agenda items."));

  rules->push_back(NotCheckable(
      "COI-010", kArea, Severity::kExpected, "R", "MODEL SOs",
      "A member excluded from an item because of a conflict no longer counts towards its quorum (MTG-005); if the "
      "quorum is lost, follow MTG-007 and minute the decision.",
      "Depends on who attends and which items they are conflicted on, which the meetings checks decide."));

  rules->push_back(Checked(
      "COI-011", kArea, Severity::kExpected, "S / V", "BRD-017; COI-2017/2024; DDCCG register",
      "A partner member's organisation may gain from ICB decisions (for example a contract award to their trust, or "
      "a GP partner on a primary care decision), so the partner member is treated as having an interest in it: "
      "partner members are not delegates, but the conflicts rules apply in full. Checked: every partner member has "
      "a current declared interest in each organisation that employs them.",
      [](const CheckContext& ctx, FindingSink& out) {
        std::set<std::string> seen;
        for (const model::Seat* s : ctx.Seats()) {
          if (!s->IsPartnerMember() || !seen.insert(s->person).second) continue;
          for (const model::Employment* e : ctx.EmploymentsOf(s->person)) {
            if (e->org == ctx.sys().system.icb || HasCurrentInterestIn(ctx, s->person, e->org)) continue;
            out.Report(e->where,
                       ctx.PersonLabel(s->person) + ", the " + std::string(model::Describe(s->role)) + ", works for " +
                           ctx.OrgLabel(e->org) + (e->role.empty() ? "" : " as " + e->role) +
                           ", but the register records no current interest of theirs in it.",
                       "Add an interest {person: " + s->person + ", category: financial, org: " + e->org +
                           ", description: " + (e->role.empty() ? "employment" : e->role) +
                           ", from: <date>, declared: <date>, mitigation: ...} to 'interests:'.");
          }
        }
      }));

  rules->push_back(Checked(
      "COI-012", kArea, Severity::kExpected, "V", "COI-2017 (Nursing Times); COI-NHSE",
      "Gifts from suppliers or contractors doing business (or likely to) with the organisation are declined, whatever "
      "their value; low-cost branded promotional aids under £6 may be accepted and need not be declared.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const auto& g : ctx.sys().gifts_and_hospitality) {
          if (g.kind != GiftKind::kGift || !g.from_supplier || !g.accepted) continue;
          if (g.promotional && g.value_pence < 600) continue;
          out.Report(g.At("accepted"),
                     Describe(ctx, g) + ", a supplier or contractor of the ICB; gifts from suppliers are declined " +
                         "whatever their value, except branded promotional items under £6.",
                     "Decline (return) the gift and record 'accepted: false'; if it was kept, handle it as a breach "
                     "under the conflicts of interest policy.");
        }
      }));

  rules->push_back(Checked(
      "COI-013", kArea, Severity::kExpected, "V", "COI-2017 (Nursing Times); COI-NHSE",
      "Gifts from other sources (patients, families, service users): modest gifts under £50 may be accepted without "
      "declaring; gifts over £50 are accepted only on behalf of the organisation (not personally) and are declared.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const auto& g : ctx.sys().gifts_and_hospitality) {
          if (g.kind != GiftKind::kGift || g.from_supplier || !g.accepted || g.value_pence <= 5000) continue;
          std::vector<std::string> wrong;
          if (!g.on_behalf_of_organisation) wrong.push_back("was accepted personally rather than on behalf of the ICB");
          if (!g.declared) wrong.push_back("was not declared");
          if (wrong.empty()) continue;
          out.Report(g.At("accepted"), Describe(ctx, g) + "; a gift over £50 " + JoinWithAnd(wrong) + ".",
                     "Accept gifts over £50 only on behalf of the ICB ('on_behalf_of_organisation: true') and declare "
                     "them ('declared: true').");
        }
      }));

  rules->push_back(Checked(
      "COI-014", kArea, Severity::kExpected, "V", "COI-2017 (Nursing Times); SWBH",
      "Cash and vouchers offered to individuals are always declined.", [](const CheckContext& ctx, FindingSink& out) {
        for (const auto& g : ctx.sys().gifts_and_hospitality) {
          if ((g.kind != GiftKind::kCash && g.kind != GiftKind::kVoucher) || !g.accepted || g.on_behalf_of_organisation)
            continue;
          out.Report(g.At("accepted"), Describe(ctx, g) + "; cash and vouchers are always declined by individuals.",
                     "Return it and record 'accepted: false'; handle the acceptance under the conflicts of interest "
                     "policy.");
        }
      }));

  rules->push_back(Checked(
      "COI-015", kArea, Severity::kExpected, "V", "COI-2017 (Nursing Times)",
      "Multiple gifts from the same source within 12 months are treated like a single gift over £50 once their total "
      "exceeds £50: accepted only on behalf of the organisation, and declared. Checked for gifts from non-suppliers "
      "that are each £50 or less (larger ones are COI-013's, supplier gifts COI-012's).",
      [](const CheckContext& ctx, FindingSink& out) {
        std::map<std::pair<std::string, std::string>, std::vector<const model::GiftOrHospitality*>> groups;
        for (const auto& g : ctx.sys().gifts_and_hospitality)
          if (g.kind == GiftKind::kGift && !g.from_supplier && g.accepted && g.value_pence <= 5000 &&
              !g.from_org.empty())
            groups[{g.person, Lower(Trim(g.from_org))}].push_back(&g);
        for (auto& [key, gifts] : groups) {
          std::stable_sort(gifts.begin(), gifts.end(), [](auto* a, auto* b) { return a->date < b->date; });
          for (size_t end = 0; end < gifts.size(); ++end) {
            Date window_start = gifts[end]->date.AddMonths(-12);
            int64_t total = 0;
            std::vector<const model::GiftOrHospitality*> window;
            for (size_t i = 0; i <= end; ++i)
              if (window_start < gifts[i]->date) total += gifts[i]->value_pence, window.push_back(gifts[i]);
            if (window.size() < 2 || total <= 5000) continue;
            bool ok = std::all_of(window.begin(), window.end(),
                                  [](auto* g) { return g->declared && g->on_behalf_of_organisation; });
            if (ok) continue;
            out.Report(gifts[end]->where,
                       ctx.PersonLabel(key.first) + " accepted " + std::to_string(window.size()) + " gifts from " +
                           gifts[end]->from_org + " within 12 months (to " + LongDate(gifts[end]->date) + "), worth " +
                           Pounds(total) +
                           " in total; together they count as a gift over £50 but were "
                           "not all declared and accepted on behalf of the ICB.",
                       "Declare each of these gifts and accept them on behalf of the ICB, or decline further gifts "
                       "from this source.");
            break;  // one finding per person and source
          }
        }
      }));

  rules->push_back(Checked(
      "COI-016", kArea, Severity::kExpected, "V / S / R — corrected", "COI-NHSE; COI-2017; COI-LMC",
      "Hospitality under £25 may be accepted and need not be declared; £25 to £75 may be accepted and must be "
      "declared; over £75 is refused unless senior approval is given (and is declared). Modest travel and "
      "accommodation is declared; beyond modest it is refused unless senior approval is given, and declared. "
      "Checked: the hospitality bands, and that accepted travel or accommodation is declared; whether travel is "
      "modest, and the extra caution for hospitality from suppliers, are judgements the definition does not record.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const auto& g : ctx.sys().gifts_and_hospitality) {
          if (!g.accepted) continue;
          std::vector<std::string> wrong, fixes;
          if (g.kind == GiftKind::kHospitality) {
            if (g.value_pence >= 2500 && !g.declared) {
              wrong.push_back("hospitality of £25 or more must be declared");
              fixes.push_back("Declare it ('declared: true')");
            }
            if (g.value_pence > 7500 && !g.senior_approval) {
              wrong.push_back("hospitality over £75 is refused unless senior approval is given");
              fixes.push_back("Obtain and record senior approval ('senior_approval: true'), or decline it");
            }
          } else if (g.kind == GiftKind::kTravel && !g.declared) {
            wrong.push_back("offers of travel and accommodation must be declared");
            fixes.push_back("Declare it ('declared: true')");
          }
          if (wrong.empty()) continue;
          out.Report(g.At("accepted"), Describe(ctx, g) + ", but " + JoinWithAnd(wrong) + ".",
                     JoinWithAnd(fixes) + ".");
        }
      }));

  rules->push_back(Checked(
      "COI-017", kArea, Severity::kExpected, "S / R — corrected", "COI-2017; COI-LMC",
      "Other declarable interests include outside employment, including private practice; shareholdings and other "
      "ownership interests in companies that might do business with the organisation (but not holdings in "
      "collective investment or pension funds or authorised unit trusts); patents and intellectual property; loyalty "
      "interests; donations; and sponsored events, posts and research. Checked: everyone on the register (other "
      "than partner members, who are COI-011's) has declared each outside employment; the other kinds are not "
      "recorded in the definition.",
      [](const CheckContext& ctx, FindingSink& out) {
        for (const auto& [person, why] : RegisterScope(ctx)) {
          if (IsPartnerMember(ctx, person->id)) continue;
          for (const model::Employment* e : ctx.EmploymentsOf(person->id)) {
            if (e->org == ctx.sys().system.icb || HasCurrentInterestIn(ctx, person->id, e->org)) continue;
            out.Report(e->where,
                       ctx.PersonLabel(person->id) + ", " + why + ", also works for " + ctx.OrgLabel(e->org) +
                           (e->role.empty() ? "" : " as " + e->role) +
                           ", but the register records no current interest of theirs in it.",
                       "Declare the outside employment: add an interest {person: " + person->id + ", org: " + e->org +
                           ", category: financial or nonfin_professional, description: ..., from: <date>, declared: "
                           "<date>, mitigation: ...} to 'interests:'.");
          }
        }
      }));

  rules->push_back(NotCheckable(
      "COI-018", kArea, Severity::kAdvisory, "R", "COI-2017",
      "Breaches are handled under the organisation's policy (investigation, possible disciplinary action or "
      "counter-fraud referral) and reported as appropriate.",
      "How breaches are investigated and reported is a process the definition does not record."));
}

}  // namespace ics::governance
