// Who may call what: the platform's roles, the principal a request acts for, and the
// access each route declares. Authentication (how a request becomes a principal: a
// session cookie, an API token, later an OpenID Connect sign-in) is separate from
// authorisation (which roles a route allows), so a new sign-in method never touches a
// route.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ics::api {

// The roles of the platform. `kPublic` is everyone, signed in or not.
enum class Role : uint8_t {
  kPublic,
  kBoardMember,
  kGovernanceAdmin,
  kFinance,
  kAnalyst,
  kOversight,
  kQiLead,
  kClinician,
  kPrivacyOfficer,
  kSystemAdmin,
};
inline constexpr int kRoleCount = 10;

// Every role, in declaration order.
const std::vector<Role>& AllRoles();
// "board_member", ...; the names users, tokens and the API use.
std::string_view RoleName(Role role);
// "Board member", ...
std::string_view RoleTitle(Role role);
std::optional<Role> ParseRole(std::string_view name);

// A set of roles as a bit mask.
class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) bits_ |= Bit(r);
  }
  constexpr bool Has(Role r) const { return (bits_ & Bit(r)) != 0; }
  constexpr void Add(Role r) { bits_ |= Bit(r); }
  constexpr bool Intersects(RoleSet other) const { return (bits_ & other.bits_) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr uint32_t bits() const { return bits_; }
  std::vector<Role> Roles() const;
  // "board_member,finance"
  std::string Names() const;
  bool operator==(const RoleSet&) const = default;

 private:
  static constexpr uint32_t Bit(Role r) { return 1u << static_cast<uint8_t>(r); }
  uint32_t bits_ = 0;
};

// Parses "finance, analyst" (comma separated names). Unknown names are an error message
// naming them and the known ones.
struct ParsedRoles {
  RoleSet roles;
  std::string error;  // empty when every name was known
};
ParsedRoles ParseRoleList(std::string_view list);

// Who a request acts for. Anonymous requests have an empty user and only kPublic.
struct Principal {
  std::string user;          // the account name; empty when anonymous
  std::string display_name;  // "Dr A. Example"
  RoleSet roles{Role::kPublic};
  enum class Via { kAnonymous, kSession, kToken } via = Via::kAnonymous;
  std::string session_csrf;  // the session's CSRF token (Via::kSession)
  // A Set-Cookie value the response must carry: a rotated session id, or the clearing of
  // a stale one. The Router adds it to whatever the route answers.
  std::string refreshed_cookie;

  bool signed_in() const { return via != Via::kAnonymous; }
  // The name the audit trail and the access log record: the user, or "anonymous".
  std::string actor() const { return user.empty() ? "anonymous" : user; }
};

// What a route allows: the roles that may call it, and whether a successful read is
// restricted data that must be recorded in the audit trail.
struct Access {
  RoleSet roles;
  bool audit_reads = false;

  // Everyone, signed in or not.
  static Access Public() { return Access{RoleSet{Role::kPublic}, false}; }
  // Any of these roles (signed in). Reads are not audited.
  static Access Roles(RoleSet roles) { return Access{roles, false}; }
  // Any of these roles; each successful read is appended to the audit trail.
  static Access Restricted(RoleSet roles) { return Access{roles, true}; }

  bool Allows(const Principal& who) const {
    return roles.Has(Role::kPublic) || (who.signed_in() && roles.Intersects(who.roles));
  }
};

}  // namespace ics::api
