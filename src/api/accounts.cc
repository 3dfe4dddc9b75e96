#include "api/accounts.h"

#include <sodium.h>

#include <cstdio>
#include <ctime>
#include <mutex>

#include "store/sha256.h"

namespace ics::api {

namespace {

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no secure randomness: nothing here can work
  });
}

constexpr size_t kMinPassword = 10;
constexpr size_t kMaxPassword = 1024;

std::string_view BearerToken(const Request& request) {
  const std::string* header = request.Header("authorization");
  if (!header) return {};
  std::string_view v = *header;
  constexpr std::string_view kBearer = "Bearer ";
  if (v.size() <= kBearer.size()) return {};
  for (size_t i = 0; i < kBearer.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(v[i])) != std::tolower(static_cast<unsigned char>(kBearer[i])))
      return {};
  v.remove_prefix(kBearer.size());
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  return v;
}

Response Unauthorised(std::string message) {
  Response r = Response::Error(401, "unauthenticated", message);
  r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"ics\", error=\"invalid_token\"");
  return r;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password, HashStrength strength) {
  InitSodium();
  if (password.size() < kMinPassword)
    return InvalidArgument("a password needs at least " + std::to_string(kMinPassword) +
                               " characters (a few random words make a good one)",
                           "password");
  if (password.size() > kMaxPassword)
    return InvalidArgument("a password may have at most " + std::to_string(kMaxPassword) + " bytes", "password");
  char out[crypto_pwhash_STRBYTES];
  unsigned long long ops = strength == HashStrength::kInteractive ? crypto_pwhash_OPSLIMIT_INTERACTIVE
                                                                  : crypto_pwhash_OPSLIMIT_MIN;
  size_t mem = strength == HashStrength::kInteractive ? crypto_pwhash_MEMLIMIT_INTERACTIVE : crypto_pwhash_MEMLIMIT_MIN;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Status(StatusCode::kResourceExhausted, "not enough memory to hash the password");
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  InitSodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  char stored[crypto_pwhash_STRBYTES] = {};
  std::copy(hash.begin(), hash.end(), stored);
  return crypto_pwhash_str_verify(stored, password.data(), password.size()) == 0;
}

std::string NewSecret() {
  InitSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char text[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

std::string FormatUtc(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  auto micros = duration_cast<microseconds>(time.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(micros / 1'000'000);
  long fraction = static_cast<long>(micros % 1'000'000);
  if (fraction < 0) {
    fraction += 1'000'000;
    --seconds;
  }
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, fraction);
  return buf;
}

Status CheckUsername(std::string_view name, std::string where) {
  const std::string shown(name);
  if (name.empty() || name.size() > 64) return InvalidArgument("a user name has 1 to 64 characters", std::move(where));
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '@';
    if (!ok)
      return InvalidArgument("a user name may use lower-case letters, digits and - _ . @ ('" + shown + "' does not)",
                             std::move(where));
  }
  return Status::Ok();
}

RoleSet RolesFromText(std::string_view roles) {
  RoleSet set = ParseRoleList(roles).roles;  // names this build does not know are ignored
  set.Add(Role::kPublic);
  return set;
}

Accounts::Accounts(std::shared_ptr<store::Store> store, AccountsOptions options)
    : store_(std::move(store)), options_(std::move(options)) {
  InitSodium();
  if (!options_.now) options_.now = [] { return std::chrono::system_clock::now(); };
  Result<std::string> dummy = HashPassword(NewSecret());
  dummy_hash_ = dummy.ok() ? *dummy : std::string();
}

std::string Accounts::Cookie(const std::string& id, std::chrono::seconds max_age) const {
  std::string c = std::string(kSessionCookie) + "=" + id + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                  std::to_string(max_age.count());
  if (options_.secure_cookies) c += "; Secure";
  return c;
}

std::string Accounts::ClearCookie() const { return Cookie("", std::chrono::seconds(0)); }

Principal Accounts::PrincipalFor(const store::UserAccount& user, Principal::Via via) const {
  Principal p;
  p.user = user.username;
  p.display_name = user.display_name;
  p.roles = RolesFromText(user.roles);
  p.via = via;
  return p;
}

Result<SignInResult> Accounts::SignIn(std::string_view username, std::string_view password,
                                      const std::string& remote) {
  using namespace std::chrono;
  SignInResult result;
  const auto now = options_.now();
  const std::string name(username);
  ICS_ASSIGN_OR_RETURN(store::Store::FailureCounts failures,
                       store_->CountSignInFailures(name, remote, FormatUtc(now - options_.failure_window)));
  if (failures.for_user >= options_.max_failures_per_user || failures.from_remote >= options_.max_failures_per_remote) {
    result.outcome = SignInResult::Outcome::kThrottled;
    result.retry_after_seconds = static_cast<int>(duration_cast<seconds>(options_.failure_window).count());
    return result;
  }
  ICS_ASSIGN_OR_RETURN(std::optional<store::UserAccount> user, store_->FindUser(name));
  bool ok = false;
  if (user) {
    ok = VerifyPassword(user->password_hash, password) && !user->disabled;
  } else {
    (void)VerifyPassword(dummy_hash_, password);  // the same work as for a real user
  }
  if (!ok) {
    ICS_RETURN_IF_ERROR(store_->RecordSignInFailure(name, remote));
    result.outcome = SignInResult::Outcome::kWrongCredentials;
    return result;
  }
  const std::string id = NewSecret();
  store::SessionRecord session;
  session.digest = store::Sha256Hex(id);
  session.username = user->username;
  session.csrf = NewSecret();
  session.created_at = session.rotated_at = FormatUtc(now);
  auto absolute = now + options_.session_absolute;
  session.absolute_expires_at = FormatUtc(absolute);
  session.expires_at = FormatUtc(std::min(now + options_.session_idle, absolute));
  ICS_RETURN_IF_ERROR(store_->CreateSession(session, remote));
  result.outcome = SignInResult::Outcome::kSignedIn;
  result.principal = PrincipalFor(*user, Principal::Via::kSession);
  result.principal.session_csrf = session.csrf;
  result.set_cookie = Cookie(id, duration_cast<seconds>(options_.session_absolute));
  result.expires_at = session.expires_at;
  return result;
}

std::variant<Principal, Response> Accounts::Authenticate(const Request& request) {
  using namespace std::chrono;
  if (std::string_view token = BearerToken(request); !token.empty()) {
    Result<std::optional<std::pair<store::ApiTokenRecord, store::UserAccount>>> found =
        store_->FindApiToken(store::Sha256Hex(token));
    if (!found.ok()) return ErrorFor(found.status());
    if (!*found || (*found)->first.revoked)
      return Unauthorised("the API token is not known or has been revoked; ask for a new one (ics users token NAME)");
    if ((*found)->second.disabled) return Unauthorised("the API token's account is disabled");
    return PrincipalFor((*found)->second, Principal::Via::kToken);
  }
  std::optional<std::string> id = request.Cookie(kSessionCookie);
  if (!id || id->empty()) return Principal{};
  Result<std::optional<std::pair<store::SessionRecord, store::UserAccount>>> found =
      store_->FindSession(store::Sha256Hex(*id));
  if (!found.ok()) return ErrorFor(found.status());
  const auto now = options_.now();
  const std::string now_text = FormatUtc(now);
  Principal anonymous;
  anonymous.refreshed_cookie = ClearCookie();
  if (!*found) return anonymous;
  const auto& [session, user] = **found;
  if (user.disabled || session.expires_at <= now_text || session.absolute_expires_at <= now_text) return anonymous;
  Principal p = PrincipalFor(user, Principal::Via::kSession);
  p.session_csrf = session.csrf;
  // Rotate an id that has been in use a while; the old one stays valid for a moment so
  // requests already sent with it succeed.
  if (FormatUtc(now - options_.rotate_after) >= session.rotated_at) {
    const std::string next_id = NewSecret();
    store::SessionRecord next = session;
    next.digest = store::Sha256Hex(next_id);
    next.rotated_at = now_text;
    next.created_at = session.created_at;
    // The idle expiry moves on, never past the absolute one.
    std::string idle = FormatUtc(now + options_.session_idle);
    next.expires_at = std::min(idle, session.absolute_expires_at);
    Status rotated = store_->RotateSession(session.digest, next, FormatUtc(now + options_.rotation_grace));
    if (rotated.ok()) {
      // The cookie lives until the absolute expiry; the server decides sooner ones.
      p.refreshed_cookie = Cookie(next_id, duration_cast<seconds>(options_.session_absolute));
    }
    // A failed rotation (another request rotated first, the database busy) leaves the
    // current id working; the next request tries again.
  }
  return p;
}

Result<std::string> Accounts::SignOut(const Request& request) {
  std::optional<std::string> id = request.Cookie(kSessionCookie);
  if (id && !id->empty()) {
    ICS_RETURN_IF_ERROR(store_->EndSession(store::Sha256Hex(*id), request.principal.actor()));
  }
  return ClearCookie();
}

Result<std::pair<store::ApiTokenRecord, std::string>> Accounts::CreateToken(const std::string& username,
                                                                            const std::string& label,
                                                                            const std::string& actor) {
  std::string token = "ics_" + NewSecret();
  ICS_ASSIGN_OR_RETURN(store::ApiTokenRecord record,
                       store_->CreateApiToken(store::Sha256Hex(token), username, label, actor));
  return std::make_pair(std::move(record), std::move(token));
}

}  // namespace ics::api
