// Local accounts for the API: Argon2id password hashes (libsodium), sign-in with
// throttling, browser sessions (a random id in an HttpOnly, SameSite=Strict cookie, only
// its digest stored; idle and absolute expiry; the id rotates as it is used), and API
// tokens for machine clients (`Authorization: Bearer ...`, only the digest stored).
//
// Authentication ends in a Principal, which is all a route sees; an OpenID Connect
// sign-in (NHS CIS2) would be one more way to create a session here, and no route would
// change.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "api/http.h"
#include "base/status.h"
#include "store/store.h"

namespace ics::api {

// How much work an Argon2id hash costs. kInteractive (libsodium's OPSLIMIT/MEMLIMIT
// INTERACTIVE: 2 passes over 64 MiB) for accounts; kMinimum only for throwaway demo
// accounts and tests.
enum class HashStrength { kInteractive, kMinimum };

// An encoded Argon2id hash ("$argon2id$v=19$m=65536,t=2,p=1$..."). kInvalidArgument for a
// password that breaks the policy (10 to 1024 bytes); kResourceExhausted when memory
// for the hash cannot be had.
Result<std::string> HashPassword(std::string_view password, HashStrength strength = HashStrength::kInteractive);
// True when `password` matches `hash`. Constant-time in the password.
bool VerifyPassword(std::string_view hash, std::string_view password);
// 32 random bytes as unpadded base64url (43 characters): session ids, CSRF and API
// tokens, demo passwords.
std::string NewSecret();

struct AccountsOptions {
  std::chrono::minutes session_idle{60};          // signed out after this long unused
  std::chrono::hours session_absolute{12};        // and after this long whatever happens
  std::chrono::minutes rotate_after{10};          // a session id is replaced once this old
  std::chrono::seconds rotation_grace{60};        // the old id still works this long
  int max_failures_per_user = 5;                  // within failure_window, then 429
  int max_failures_per_remote = 20;
  std::chrono::minutes failure_window{15};
  bool secure_cookies = true;                     // the cookie's Secure attribute
  std::function<std::chrono::system_clock::time_point()> now;  // default: the system clock
};

inline constexpr std::string_view kSessionCookie = "ics_session";

// The result of a sign-in attempt.
struct SignInResult {
  enum class Outcome { kSignedIn, kWrongCredentials, kThrottled } outcome = Outcome::kWrongCredentials;
  Principal principal;        // kSignedIn
  std::string set_cookie;     // kSignedIn: the Set-Cookie header value
  std::string expires_at;     // kSignedIn
  int retry_after_seconds = 0;  // kThrottled
};

class Accounts {
 public:
  Accounts(std::shared_ptr<store::Store> store, AccountsOptions options = {});

  // Checks the password (or spends the same time when there is no such user, so timing
  // does not tell which names exist), counts failures, and on success starts a session.
  Result<SignInResult> SignIn(std::string_view username, std::string_view password, const std::string& remote);

  // Who the request acts for: a valid API token (Authorization: Bearer), else a valid
  // session cookie, else anonymous. A bearer token that is unknown, revoked or whose
  // user is disabled is a 401; a stale or unknown session cookie is anonymous and the
  // cookie is cleared (the browser should not break on public pages). A session due for
  // rotation gets a new id (Principal::refreshed_cookie).
  std::variant<Principal, Response> Authenticate(const Request& request);

  // Ends the request's session (if any) and returns the Set-Cookie value that clears it.
  Result<std::string> SignOut(const Request& request);

  // Creates an API token for `username` and returns it (shown once; only its digest is
  // kept).
  Result<std::pair<store::ApiTokenRecord, std::string>> CreateToken(const std::string& username,
                                                                    const std::string& label,
                                                                    const std::string& actor);

  // The Set-Cookie value that clears the session cookie.
  std::string ClearCookie() const;

  const AccountsOptions& options() const { return options_; }
  store::Store& store() { return *store_; }

 private:
  std::string Cookie(const std::string& id, std::chrono::seconds max_age) const;
  Principal PrincipalFor(const store::UserAccount& user, Principal::Via via) const;

  std::shared_ptr<store::Store> store_;
  AccountsOptions options_;
  std::string dummy_hash_;  // checked against when a user does not exist
};

// A user name: 1 to 64 lower-case letters, digits and - _ . @. kInvalidArgument with
// `where` as given otherwise.
Status CheckUsername(std::string_view name, std::string where);

// The principal's roles from a stored role list ("finance,analyst"), plus public.
RoleSet RolesFromText(std::string_view roles);

// UTC time as the store writes it ("2026-01-01T09:00:00.000000Z").
std::string FormatUtc(std::chrono::system_clock::time_point time);

}  // namespace ics::api
