// Accounts through the real routes and store: passwords, sign-in and throttling,
// sessions (cookie, CSRF, rotation, expiry), API tokens, and audited restricted reads.
#include "api/accounts.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/account_routes.h"

namespace ics::api {
namespace {

using nlohmann::json;
using Clock = std::chrono::system_clock;

TEST(PasswordTest, HashesAreArgon2idAndVerify) {
  auto hash = HashPassword("correct horse battery", HashStrength::kMinimum);
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("not a hash", "x"));
  auto again = HashPassword("correct horse battery", HashStrength::kMinimum);
  EXPECT_NE(*hash, *again) << "each hash has its own salt";
  auto interactive = HashPassword("correct horse battery");
  ASSERT_TRUE(interactive.ok());
  EXPECT_NE(interactive->find("m=65536"), std::string::npos) << *interactive;
}

TEST(PasswordTest, PolicyIsEnforcedWithAReason) {
  auto short_one = HashPassword("short");
  ASSERT_FALSE(short_one.ok());
  EXPECT_EQ(short_one.status().where(), "password");
  EXPECT_FALSE(HashPassword(std::string(2000, 'x')).ok());
}

TEST(SecretTest, SecretsAreLongAndDifferent) {
  std::string a = NewSecret(), b = NewSecret();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  for (char c : a) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
}

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::StoreOptions store_options;
    store_options.now = [this] { return FormatUtc(now_); };  // one clock for both
    auto opened = store::OpenStore("sqlite::memory:", store_options);
    ASSERT_TRUE(opened.ok());
    store_ = std::move(*opened);
    AccountsOptions options;
    options.now = [this] { return now_; };
    options.secure_cookies = true;
    accounts_ = std::make_shared<Accounts>(store_, options);
    for (auto [name, roles] : {std::pair{"fin", "finance"}, std::pair{"pat", "privacy_officer"},
                               std::pair{"root", "system_admin"}}) {
      auto hash = HashPassword(std::string(name) + " password 123", HashStrength::kMinimum);
      ASSERT_TRUE(store_->CreateUser({name, name, *hash, roles}, "test").ok());
    }
    AddAccountRoutes(router_, accounts_);
    router_.Get("/money", Access::Roles({Role::kFinance}), [](const Request& r) { return Response::Json(r.principal.user); });
    router_.Post("/money", Access::Roles({Role::kFinance}), [](const Request&) { return Response::Json("{}", 201); });
    router_.SetAuthenticator([a = accounts_](const Request& r) { return a->Authenticate(r); });
    router_.SetReadAuditor([s = store_](const Request& r, const Response&) {
      return s->AppendAudit({r.principal.actor(), "read", r.path, "{}"}).status();
    });
  }

  Response Call(const std::string& method, const std::string& path, const std::string& body = {},
                std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.method = method;
    r.target = path;
    r.path = path.substr(0, path.find('?'));
    if (path.find('?') != std::string::npos) r.query = path.substr(path.find('?') + 1);
    r.remote = "10.0.0.1";
    r.body = body;
    r.headers = std::move(headers);
    if (!body.empty()) r.headers.emplace_back("content-type", "application/json");
    if (!cookie_.empty()) r.headers.emplace_back("cookie", "ics_session=" + cookie_);
    Response out = router_.Route(r);
    for (const auto& [k, v] : out.headers) {
      if (k != "Set-Cookie") continue;
      std::string value = v.substr(v.find('=') + 1);
      cookie_ = value.substr(0, value.find(';'));
      last_set_cookie_ = v;
    }
    return out;
  }

  Response SignIn(const std::string& user, const std::string& password) {
    cookie_.clear();  // a fresh browser
    return Call("POST", "/api/v1/session", json{{"username", user}, {"password", password}}.dump());
  }

  Clock::time_point now_ = Clock::from_time_t(1767258000);  // 2026-01-01 09:00 UTC
  std::shared_ptr<store::Store> store_;
  std::shared_ptr<Accounts> accounts_;
  Router router_;
  std::string cookie_;
  std::string last_set_cookie_;
};

TEST_F(AccountsTest, SignInSetsASecureHttpOnlyCookieAndTheSessionHasACsrfToken) {
  EXPECT_EQ(json::parse(Call("GET", "/api/v1/session").body)["signed_in"], false);
  Response r = SignIn("fin", "fin password 123");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(last_set_cookie_.find("HttpOnly"), std::string::npos);
  EXPECT_NE(last_set_cookie_.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(last_set_cookie_.find("Secure"), std::string::npos);
  json session = json::parse(Call("GET", "/api/v1/session").body);
  EXPECT_EQ(session["user"], "fin");
  EXPECT_EQ(session["roles"], json({"public", "finance"}));
  std::string csrf = session["csrf"];
  EXPECT_EQ(Call("GET", "/money").body, "fin");
  EXPECT_EQ(Call("POST", "/money").status, 403) << "a write without the CSRF token";
  EXPECT_EQ(Call("POST", "/money", "", {{"x-csrf-token", csrf}}).status, 201);
  // Signing out needs the token too, then the cookie is cleared and the session gone.
  EXPECT_EQ(Call("DELETE", "/api/v1/session").status, 403);
  std::string old_cookie = cookie_;
  EXPECT_EQ(Call("DELETE", "/api/v1/session", "", {{"x-csrf-token", csrf}}).status, 200);
  EXPECT_NE(last_set_cookie_.find("Max-Age=0"), std::string::npos);
  cookie_ = old_cookie;  // a copy of the old cookie no longer works
  EXPECT_EQ(Call("GET", "/money").status, 401);
}

TEST_F(AccountsTest, WrongPasswordsAreThrottledPerUser) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(SignIn("fin", "wrong password!").status, 401);
  Response r = SignIn("fin", "fin password 123");
  EXPECT_EQ(r.status, 429) << "even the right password waits once throttled";
  bool retry_after = false;
  for (const auto& [k, v] : r.headers) retry_after = retry_after || k == "Retry-After";
  EXPECT_TRUE(retry_after);
  EXPECT_EQ(SignIn("pat", "pat password 123").status, 200) << "other users are not affected";
  now_ += std::chrono::minutes(16);
  EXPECT_EQ(SignIn("fin", "fin password 123").status, 200) << "the window passes";
  EXPECT_EQ(SignIn("nobody", "whatever it is").status, 401) << "unknown users look the same";
}

TEST_F(AccountsTest, SessionIdsRotateAndSessionsExpire) {
  ASSERT_EQ(SignIn("fin", "fin password 123").status, 200);
  std::string first = cookie_;
  now_ += std::chrono::minutes(11);
  EXPECT_EQ(Call("GET", "/money").status, 200);
  EXPECT_NE(cookie_, first) << "the id rotated";
  std::string second = cookie_;
  cookie_ = first;  // the old id works for a short grace
  EXPECT_EQ(Call("GET", "/money").status, 200);
  now_ += std::chrono::minutes(2);
  cookie_ = first;
  EXPECT_EQ(Call("GET", "/money").status, 401) << "then stops";
  cookie_ = second;
  EXPECT_EQ(Call("GET", "/money").status, 200);
  now_ += std::chrono::minutes(61);  // idle too long
  Response r = Call("GET", "/money");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(json::parse(Call("GET", "/api/v1/session").body)["signed_in"], false)
      << "a stale cookie is anonymous, not an error";
}

TEST_F(AccountsTest, TokensAuthenticateMachineClientsUntilRevoked) {
  auto token = accounts_->CreateToken("fin", "extract", "root");
  ASSERT_TRUE(token.ok());
  std::vector<std::pair<std::string, std::string>> bearer = {{"authorization", "Bearer " + token->second}};
  EXPECT_EQ(Call("GET", "/money", "", bearer).body, "fin");
  EXPECT_EQ(Call("POST", "/money", "", bearer).status, 201) << "tokens need no CSRF header";
  EXPECT_EQ(Call("GET", "/money", "", {{"authorization", "Bearer ics_not-a-token"}}).status, 401);
  ASSERT_TRUE(store_->RevokeApiToken(token->first.id, "root").ok());
  Response r = Call("GET", "/money", "", bearer);
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("revoked"), std::string::npos);
}

TEST_F(AccountsTest, DisablingAUserEndsTheirSessions) {
  ASSERT_EQ(SignIn("fin", "fin password 123").status, 200);
  store::UserChange change;
  change.disabled = true;
  ASSERT_TRUE(store_->UpdateUser("fin", change, "root").ok());
  EXPECT_EQ(Call("GET", "/money").status, 401);
  cookie_.clear();
  EXPECT_EQ(SignIn("fin", "fin password 123").status, 401);
}

TEST_F(AccountsTest, RestrictedReadsAreInTheAuditTrail) {
  auto token = accounts_->CreateToken("pat", "t", "root");
  ASSERT_TRUE(token.ok());
  Response r = Call("GET", "/api/v1/audit?limit=5", "", {{"authorization", "Bearer " + token->second}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto entries = store_->ListAudit(0, 1000);
  ASSERT_TRUE(entries.ok());
  ASSERT_FALSE(entries->empty());
  EXPECT_EQ(entries->back().action, "read");
  EXPECT_EQ(entries->back().actor, "pat");
  EXPECT_EQ(entries->back().object, "/api/v1/audit");
  // The finance user may not read it at all.
  auto fin = accounts_->CreateToken("fin", "t", "root");
  EXPECT_EQ(Call("GET", "/api/v1/audit", "", {{"authorization", "Bearer " + fin->second}}).status, 403);
}

TEST_F(AccountsTest, BadBodiesGetClearErrors) {
  Response r = Call("POST", "/api/v1/session", "{\"username\": \"fin\", \"pasword\": \"x\"}");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("did you mean 'password'"), std::string::npos) << r.body;
  r = Call("POST", "/api/v1/session", "{\"username\": ");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("line 1"), std::string::npos) << r.body;
  Request plain;
  plain.method = "POST";
  plain.path = plain.target = "/api/v1/session";
  plain.body = "username=fin";
  plain.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  EXPECT_EQ(router_.Route(plain).status, 415);
  r = Call("POST", "/api/v1/session", std::string(40, '[') + std::string(40, ']'));
  EXPECT_EQ(r.status, 400) << "deep nesting is refused";
}

}  // namespace
}  // namespace ics::api
