#include "api/http.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ics::api {
namespace {

Request Make(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = path;
  r.target = std::move(path);
  return r;
}

TEST(RouterTest, RoutesByMethodAndExactPath) {
  Router router;
  router.Get("/a", Access::Public(), [](const Request&) { return Response::Json("{\"a\":1}"); });
  router.Add("POST", "/a", Access::Public(), [](const Request&) { return Response::Json("{}", 201); });
  EXPECT_EQ(router.Route(Make("GET", "/a")).body, "{\"a\":1}");
  EXPECT_EQ(router.Route(Make("POST", "/a")).status, 201);
  EXPECT_EQ(router.Route(Make("GET", "/a/")).status, 404);
  EXPECT_EQ(router.Route(Make("GET", "/")).status, 404);
}

TEST(RouterTest, HeadUsesTheGetHandler) {
  Router router;
  router.Get("/a", Access::Public(), [](const Request&) { return Response::Json("{\"a\":1}"); });
  EXPECT_EQ(router.Route(Make("HEAD", "/a")).status, 200);
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  Router router;
  router.Get("/a", Access::Public(), [](const Request&) { return Response::Json("{}"); });
  Response r = router.Route(Make("DELETE", "/a"));
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Allow");
  EXPECT_EQ(r.headers[0].second, "GET, HEAD");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["code"], "method_not_allowed");
  EXPECT_EQ(j["error"]["where"], "/a");
}

TEST(RouterTest, UnknownPathsGoToTheFallback) {
  Router router;
  router.Get("/a", Access::Public(), [](const Request&) { return Response::Json("{}"); });
  router.SetFallback([](const Request& r) { return Response::Content(r.path, "text/plain"); });
  EXPECT_EQ(router.Route(Make("GET", "/x/y")).body, "/x/y");
  EXPECT_EQ(router.Route(Make("POST", "/x")).body, "/x");
}

TEST(RouterTest, PathParametersMatchAndExactSegmentsWin) {
  Router router;
  router.Get("/v/{id}", Access::Public(), [](const Request& r) { return Response::Json(r.params.at("id")); });
  router.Get("/v/latest", Access::Public(), [](const Request&) { return Response::Json("latest"); });
  router.Get("/v/{id}/diff/{other}", Access::Public(),
             [](const Request& r) { return Response::Json(r.params.at("id") + "-" + r.params.at("other")); });
  EXPECT_EQ(router.Route(Make("GET", "/v/3")).body, "3");
  EXPECT_EQ(router.Route(Make("GET", "/v/3")).route, "/v/{id}");
  EXPECT_EQ(router.Route(Make("GET", "/v/latest")).body, "latest");
  EXPECT_EQ(router.Route(Make("GET", "/v/3/diff/4")).body, "3-4");
  EXPECT_EQ(router.Route(Make("GET", "/v/")).status, 404);
  // A path that is a pattern's own text still gets its parameters (found by fuzzing).
  EXPECT_EQ(router.Route(Make("GET", "/v/{id}")).body, "{id}");
  EXPECT_EQ(router.Route(Make("GET", "/v/{id}/diff/{other}")).body, "{id}-{other}");
  EXPECT_EQ(router.Route(Make("GET", "/v/3/diff")).status, 404);
}

Principal Signed(std::string user, RoleSet roles, Principal::Via via = Principal::Via::kToken) {
  Principal p;
  p.user = std::move(user);
  p.roles = roles;
  p.via = via;
  p.session_csrf = "csrf-secret";
  return p;
}

Router GuardedRouter(Principal who) {
  Router router;
  router.Get("/open", Access::Public(), [](const Request&) { return Response::Json("{}"); });
  router.Get("/money", Access::Roles({Role::kFinance}), [](const Request& r) { return Response::Json(r.principal.user); });
  router.Post("/money", Access::Roles({Role::kFinance}), [](const Request&) { return Response::Json("{}", 201); });
  router.SetAuthenticator([who](const Request&) -> std::variant<Principal, Response> { return who; });
  return router;
}

TEST(RouterTest, AnonymousGets401AndTheWrongRole403) {
  Router anonymous = GuardedRouter(Principal{});
  EXPECT_EQ(anonymous.Route(Make("GET", "/open")).status, 200);
  Response r = anonymous.Route(Make("GET", "/money"));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["code"], "unauthenticated");
  Router analyst = GuardedRouter(Signed("ann", {Role::kAnalyst}));
  r = analyst.Route(Make("GET", "/money"));
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(nlohmann::json::parse(r.body)["error"]["message"].get<std::string>().find("finance"), std::string::npos);
  Router finance = GuardedRouter(Signed("fred", {Role::kAnalyst, Role::kFinance}));
  r = finance.Route(Make("GET", "/money"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "fred");
  EXPECT_EQ(r.actor, "fred");
}

TEST(RouterTest, AnAuthenticatorErrorIsReturned) {
  Router router;
  router.Get("/open", Access::Public(), [](const Request&) { return Response::Json("{}"); });
  router.SetAuthenticator([](const Request&) -> std::variant<Principal, Response> {
    return Response::Error(401, "unauthenticated", "that token has been revoked");
  });
  EXPECT_EQ(router.Route(Make("GET", "/open")).status, 401);
}

TEST(RouterTest, SessionWritesNeedTheCsrfTokenAndTheSameOrigin) {
  Router session = GuardedRouter(Signed("fred", {Role::kFinance}, Principal::Via::kSession));
  Request post = Make("POST", "/money");
  Response r = session.Route(post);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["code"], "csrf_failed");
  post.headers.emplace_back("x-csrf-token", "csrf-wrong!");
  EXPECT_EQ(session.Route(post).status, 403);
  post.headers.back().second = "csrf-secret";
  EXPECT_EQ(session.Route(post).status, 201);
  post.headers.emplace_back("host", "ics.example:8080");
  post.headers.emplace_back("origin", "https://evil.example");
  r = session.Route(post);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["code"], "cross_origin");
  post.headers.back().second = "http://ics.example:8080";
  EXPECT_EQ(session.Route(post).status, 201);
  // Reads need no token; tokens (machine clients) need no CSRF header.
  EXPECT_EQ(session.Route(Make("GET", "/money")).status, 200);
  Router token = GuardedRouter(Signed("bot", {Role::kFinance}, Principal::Via::kToken));
  EXPECT_EQ(token.Route(Make("POST", "/money")).status, 201);
}

TEST(RouterTest, RestrictedReadsAreAuditedAndWithheldWhenTheAuditFails) {
  Router router;
  int audited = 0;
  bool fail = false;
  router.Get("/secret", Access::Restricted({Role::kPrivacyOfficer}), [](const Request&) { return Response::Json("{}"); });
  router.SetAuthenticator([](const Request&) -> std::variant<Principal, Response> {
    return Signed("pat", {Role::kPrivacyOfficer});
  });
  router.SetReadAuditor([&](const Request& r, const Response&) {
    if (fail) return Status(StatusCode::kUnavailable, "database down");
    ++audited;
    EXPECT_EQ(r.principal.user, "pat");
    return Status();
  });
  EXPECT_EQ(router.Route(Make("GET", "/secret")).status, 200);
  EXPECT_EQ(audited, 1);
  fail = true;
  EXPECT_EQ(router.Route(Make("GET", "/secret")).status, 503);
}

TEST(RouterTest, RoutesListsEveryDeclaration) {
  Router router = GuardedRouter(Principal{});
  auto routes = router.Routes();
  ASSERT_EQ(routes.size(), 3u);
  EXPECT_EQ(routes[0].pattern, "/money");
  EXPECT_TRUE(routes[0].access.roles.Has(Role::kFinance));
}

TEST(RequestTest, QueryAndCookies) {
  Request r = Make("GET", "/x");
  r.query = "limit=5&name=a%20b+c&flag";
  EXPECT_EQ(r.Query("limit"), "5");
  EXPECT_EQ(r.Query("name"), "a b c");
  EXPECT_EQ(r.Query("flag"), "");
  EXPECT_EQ(r.Query("none"), std::nullopt);
  r.headers.emplace_back("cookie", "a=1; ics_session=abc; b=2");
  EXPECT_EQ(r.Cookie("ics_session"), "abc");
  EXPECT_EQ(r.Cookie("c"), std::nullopt);
}

TEST(PageTest, LimitsAreCheckedAndNamed) {
  Request r = Make("GET", "/x");
  EXPECT_EQ(ParsePage(r, 50, 500)->limit, 50);
  r.query = "limit=10&after=abc";
  EXPECT_EQ(ParsePage(r, 50, 500)->limit, 10);
  EXPECT_EQ(ParsePage(r, 50, 500)->after, "abc");
  for (const char* bad : {"limit=0", "limit=501", "limit=x", "limit=-1", "limit=99999999999"}) {
    r.query = bad;
    auto page = ParsePage(r, 50, 500);
    ASSERT_FALSE(page.ok()) << bad;
    EXPECT_EQ(page.status().where(), "query: limit");
  }
}

TEST(AccessTest, RoleNamesRoundTrip) {
  for (Role role : AllRoles()) EXPECT_EQ(ParseRole(RoleName(role)), role);
  ParsedRoles parsed = ParseRoleList("finance, analyst");
  EXPECT_TRUE(parsed.error.empty());
  EXPECT_EQ(parsed.roles, (RoleSet{Role::kFinance, Role::kAnalyst}));
  EXPECT_NE(ParseRoleList("finance,wizard").error.find("'wizard'"), std::string::npos);
}

TEST(ResponseTest, ErrorHasThePlatformShape) {
  Response r = Response::Error(404, "not_found", "nothing at /x", "/x");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["code"], "not_found");
  EXPECT_EQ(j["error"]["message"], "nothing at /x");
  EXPECT_EQ(j["error"]["where"], "/x");
}

TEST(ResponseTest, ErrorSurvivesInvalidUtf8) {
  Response r = Response::Error(400, "invalid_argument", "bad \xff byte", "\xfe");
  EXPECT_NO_THROW(nlohmann::json::parse(r.body));
}

TEST(DecodePathTest, DecodesEscapes) {
  EXPECT_EQ(DecodePath("/a%20b"), "/a b");
  EXPECT_EQ(DecodePath("/%2e%2E/x"), "/../x");
  EXPECT_EQ(DecodePath("/plain"), "/plain");
  EXPECT_EQ(DecodePath("/a+b"), "/a+b");
}

TEST(DecodePathTest, RefusesMalformedEscapesAndNul) {
  EXPECT_EQ(DecodePath("/a%"), std::nullopt);
  EXPECT_EQ(DecodePath("/a%2"), std::nullopt);
  EXPECT_EQ(DecodePath("/a%zz"), std::nullopt);
  EXPECT_EQ(DecodePath("/a%00b"), std::nullopt);
}

}  // namespace
}  // namespace ics::api
