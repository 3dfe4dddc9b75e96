// Facts about the board and its members shared by the board, eligibility, meeting and
// committee rules: which seats are members' seats, the roles a person holds in other
// health and care organisations in the area, and variations agreed with NHS England.
// Internal to the governance module; pure functions of the check context.
#pragma once

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "governance/check_context.h"

namespace ics::governance {

// A seat of a board member (participants and attendees are not members).
inline bool IsMemberSeat(const model::Seat& seat) {
  return seat.role != model::SeatRole::kParticipant && seat.role != model::SeatRole::kAttendee;
}

// Members' seats in force on the as-of date.
inline std::vector<const model::Seat*> MemberSeats(const CheckContext& ctx) {
  std::vector<const model::Seat*> out;
  for (const model::Seat* s : ctx.Seats())
    if (IsMemberSeat(*s)) out.push_back(s);
  return out;
}

// Each person holding a member's seat once, in seat order, with their first seat.
inline std::vector<const model::Seat*> DistinctMembers(const CheckContext& ctx, bool voting_only = false) {
  std::vector<const model::Seat*> out;
  std::set<std::string_view> seen;
  for (const model::Seat* s : MemberSeats(ctx))
    if ((!voting_only || s->voting) && seen.insert(s->person).second) out.push_back(s);
  return out;
}

inline bool IsBoardMemberPerson(const CheckContext& ctx, std::string_view person) {
  for (const model::Seat* s : MemberSeats(ctx))
    if (s->person == person) return true;
  return false;
}

// The person's first member seat with `role`, or nullptr.
inline const model::Seat* SeatOf(const CheckContext& ctx, std::string_view person, model::SeatRole role) {
  for (const model::Seat* s : MemberSeats(ctx))
    if (s->person == person && s->role == role) return s;
  return nullptr;
}

// The board member holding the chair, or empty.
inline std::string ChairPerson(const CheckContext& ctx) {
  std::vector<const model::Seat*> chairs = ctx.SeatsWithRole(model::SeatRole::kChair);
  return chairs.empty() ? std::string() : chairs.front()->person;
}

// True when NHS England has agreed a variation of rule `id` (BRD-023).
inline bool Varied(const CheckContext& ctx, std::string_view id) {
  const auto& v = ctx.sys().board.approved_variations;
  return std::find(v.begin(), v.end(), id) != v.end();
}

// "Alex Chair (p-chair), the ICB chair" / "..., a non-executive member".
inline std::string SeatLabel(const CheckContext& ctx, const model::Seat& seat) {
  using model::SeatRole;
  std::string role(model::Describe(seat.role));
  std::string article;
  switch (seat.role) {
    case SeatRole::kChair:
      article = "the ICB ";
      break;
    case SeatRole::kCeo:
    case SeatRole::kExecFinance:
    case SeatRole::kExecMedical:
    case SeatRole::kExecNursing:
      article = "the ";
      break;
    default:
      article = std::string("aeiou").find(role[0]) != std::string::npos ? "an " : "a ";
  }
  return ctx.PersonLabel(seat.person) + ", " + article + role;
}

// Roles in force that `person` holds in health or care organisations in the ICB's area
// other than the ICB itself (employments, offices and elected membership alike).
inline std::vector<const model::Employment*> HealthOrCareRolesInArea(const CheckContext& ctx, std::string_view person) {
  std::vector<const model::Employment*> out;
  for (const model::Employment* e : ctx.EmploymentsOf(person)) {
    const model::Organisation* org = ctx.Org(e->org);
    if (!org || org->code == ctx.sys().system.icb || !org->in_area) continue;
    if (!org->validity.ActiveOn(ctx.as_of()) || !org->IsHealthOrCareOrganisation()) continue;
    out.push_back(e);
  }
  return out;
}

// "Chief Executive at Exampleshire Hospitals NHS Foundation Trust (R01)".
inline std::string RoleAt(const CheckContext& ctx, const model::Employment& e) {
  std::string role =
      e.role.empty() ? (e.elected_member ? std::string("elected member") : std::string("a role")) : e.role;
  return role + " at " + ctx.OrgLabel(e.org);
}

}  // namespace ics::governance
