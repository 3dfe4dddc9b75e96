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
  router.Get("/a", [](const Request&) { return Response::Json("{\"a\":1}"); });
  router.Add("POST", "/a", [](const Request&) { return Response::Json("{}", 201); });
  EXPECT_EQ(router.Route(Make("GET", "/a")).body, "{\"a\":1}");
  EXPECT_EQ(router.Route(Make("POST", "/a")).status, 201);
  EXPECT_EQ(router.Route(Make("GET", "/a/")).status, 404);
  EXPECT_EQ(router.Route(Make("GET", "/")).status, 404);
}

TEST(RouterTest, HeadUsesTheGetHandler) {
  Router router;
  router.Get("/a", [](const Request&) { return Response::Json("{\"a\":1}"); });
  EXPECT_EQ(router.Route(Make("HEAD", "/a")).status, 200);
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  Router router;
  router.Get("/a", [](const Request&) { return Response::Json("{}"); });
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
  router.Get("/a", [](const Request&) { return Response::Json("{}"); });
  router.SetFallback([](const Request& r) { return Response::Content(r.path, "text/plain"); });
  EXPECT_EQ(router.Route(Make("GET", "/x/y")).body, "/x/y");
  EXPECT_EQ(router.Route(Make("POST", "/x")).body, "/x");
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
