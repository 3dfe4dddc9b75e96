// BRD-*: the ICB board's composition and appointments (NHS Act 2006 Schedule 1B, the
// Design Framework and NHS England's constitution guidance). Catalogue: section 1 of the
// governance reference.
#include <string>

#include "governance/check_context.h"

namespace ics::governance {

namespace {
using model::SeatRole;
constexpr const char* kArea = "board";
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
}

}  // namespace ics::governance
