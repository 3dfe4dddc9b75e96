#include "api/access.h"

#include <array>

namespace ics::api {

namespace {

struct RoleNames {
  Role role;
  std::string_view name;
  std::string_view title;
};

constexpr std::array<RoleNames, kRoleCount> kRoles{{
    {Role::kPublic, "public", "Public"},
    {Role::kBoardMember, "board_member", "Board member"},
    {Role::kGovernanceAdmin, "governance_admin", "Governance admin"},
    {Role::kFinance, "finance", "Finance"},
    {Role::kAnalyst, "analyst", "Analyst"},
    {Role::kOversight, "oversight", "Oversight"},
    {Role::kQiLead, "qi_lead", "QI lead"},
    {Role::kClinician, "clinician", "Clinician"},
    {Role::kPrivacyOfficer, "privacy_officer", "Privacy officer"},
    {Role::kSystemAdmin, "system_admin", "System admin"},
}};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> kAll = [] {
    std::vector<Role> all;
    for (const auto& r : kRoles) all.push_back(r.role);
    return all;
  }();
  return kAll;
}

std::string_view RoleName(Role role) { return kRoles[static_cast<size_t>(role)].name; }
std::string_view RoleTitle(Role role) { return kRoles[static_cast<size_t>(role)].title; }

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& r : kRoles)
    if (r.name == name) return r.role;
  return std::nullopt;
}

std::vector<Role> RoleSet::Roles() const {
  std::vector<Role> out;
  for (Role r : AllRoles())
    if (Has(r)) out.push_back(r);
  return out;
}

std::string RoleSet::Names() const {
  std::string out;
  for (Role r : Roles()) {
    if (!out.empty()) out += ',';
    out += RoleName(r);
  }
  return out;
}

ParsedRoles ParseRoleList(std::string_view list) {
  ParsedRoles out;
  std::string unknown;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view name = Trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (name.empty()) continue;
    if (auto role = ParseRole(name)) {
      out.roles.Add(*role);
    } else {
      if (!unknown.empty()) unknown += ", ";
      unknown += "'" + std::string(name) + "'";
    }
  }
  if (!unknown.empty()) {
    std::string known;
    for (const auto& r : kRoles) {
      if (r.role == Role::kPublic) continue;
      if (!known.empty()) known += ", ";
      known += r.name;
    }
    out.error = "unknown role " + unknown + "; the roles are " + known;
  }
  return out;
}

}  // namespace ics::api
