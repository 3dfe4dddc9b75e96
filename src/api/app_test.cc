#include "api/app.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/demo.h"
#include "api/static_files.h"
#include "api/test_support.h"
#include "definition/loader.h"
#include "render/json.h"

namespace ics::api {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string ReadText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteText(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

class AppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    web_ = fs::temp_directory_path() / ("ics-app-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(web_);
    WriteText(web_ / "index.html", "<!DOCTYPE html><title>app</title>");
    WriteText(web_ / "assets" / "index-AbC123.js", "console.log(1)");
    WriteText(web_ / "assets" / "index-AbC123.css", "body{}");
    WriteText(web_ / "images" / "logo.svg", "<svg/>");
    WriteText(web_ / ".secret", "no");
    WriteText(web_.parent_path() / (web_.filename().string() + "-outside.txt"), "content-from-outside-the-root");

    const std::string file = "tests/golden/rules/base.yaml";
    auto def = std::make_shared<LoadedDefinition>();
    def->file = file;
    def->text = ReadText(fs::path(ICS_SOURCE_DIR) / file);
    definition::LoadOutcome loaded = definition::LoadDefinition(def->text, file);
    ASSERT_TRUE(loaded.ok()) << loaded.errors[0].where << ": " << loaded.errors[0].message;
    def->system = std::move(loaded.system);
    definition_ = def;
    AppOptions options;
    options.web_root = web_.string();
    options.today = [] { return Date{2026, 1, 1}; };
    router_ = MakeRouter(definition_, options);
  }
  void TearDown() override {
    fs::remove_all(web_);
    fs::remove(web_.parent_path() / (web_.filename().string() + "-outside.txt"));
  }

  Response Get(const std::string& path, const std::string& method = "GET") {
    Request r;
    r.method = method;
    r.target = path;
    r.path = path;
    return router_.Route(r);
  }
  static std::string HeaderOf(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return "";
  }

  fs::path web_;
  std::shared_ptr<const LoadedDefinition> definition_;
  Router router_;
};

TEST_F(AppTest, Healthz) {
  Response r = Get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), json::parse(R"({"status":"ok"})"));
}

TEST_F(AppTest, SystemIsTheRenderedModel) {
  Response r = Get("/api/v1/system");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  json j = json::parse(r.body);
  EXPECT_EQ(j["system"]["name"], "Exampleshire");
  EXPECT_EQ(j["system"]["file"], "tests/golden/rules/base.yaml");
  EXPECT_EQ(r.body, render::SystemJson(definition_->system, 2) + "\n");
}

TEST_F(AppTest, ComplianceIsWhatIcsCheckJsonWrites) {
  Response r = Get("/api/v1/compliance");
  EXPECT_EQ(r.status, 200);
  json j = json::parse(r.body);
  EXPECT_EQ(j["system"], "Exampleshire");
  EXPECT_EQ(j["as_of"], "2025-06-30");  // the definition's own as_of
  EXPECT_TRUE(j["passed"].get<bool>());
  EXPECT_EQ(r.body, ComplianceReportJson(definition_->system, Date{2026, 1, 1}));
  EXPECT_TRUE(j.contains("not_checkable"));
}

TEST_F(AppTest, ComplianceWithoutAsOfUsesToday) {
  model::IcsSystem sys = definition_->system;
  sys.system.as_of.reset();
  json j = json::parse(ComplianceReportJson(sys, Date{2026, 3, 4}));
  EXPECT_EQ(j["as_of"], "2026-03-04");
}

TEST_F(AppTest, RulesIsTheRulebook) {
  Response r = Get("/api/v1/rules");
  EXPECT_EQ(r.status, 200);
  json j = json::parse(r.body);
  ASSERT_TRUE(j["rules"].is_array());
  EXPECT_FALSE(j["rules"].empty());
  EXPECT_EQ(r.body, render::RulebookJson(2) + "\n");
}

TEST_F(AppTest, DefinitionIsTheYamlText) {
  Response r = Get("/api/v1/definition");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/yaml; charset=utf-8");
  EXPECT_EQ(r.body, definition_->text);
  EXPECT_EQ(HeaderOf(r, "Content-Disposition"), "inline; filename=\"base.yaml\"");
}

TEST_F(AppTest, VersionsAndOpenApi) {
  EXPECT_EQ(Get("/api/v1/versions").status, 404);  // no store, no versions
  Response r = Get("/api/v1/openapi.json");
  EXPECT_EQ(r.status, 200);
  json j = json::parse(r.body);
  EXPECT_EQ(j["openapi"], "3.1.0");
  EXPECT_TRUE(j["paths"].contains("/api/v1/compliance"));
}

TEST_F(AppTest, UnknownApiPathsAre404NeverTheApp) {
  for (std::string path : {"/api/v1/nothing", "/api/v2/system", "/api/", "/api"}) {
    Response r = Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(json::parse(r.body)["error"]["code"], "not_found") << path;
  }
  EXPECT_EQ(Get("/api/v1/nothing", "POST").status, 404);
}

TEST_F(AppTest, WrongMethodOnAnApiRouteIs405) {
  Response r = Get("/api/v1/system", "POST");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "method_not_allowed");
  EXPECT_EQ(Get("/compliance", "PUT").status, 405);
}

TEST_F(AppTest, PagesAreTheAppWithItsSecurityPolicy) {
  for (std::string path : {"/", "/index.html", "/compliance", "/compliance/", "/some/page"}) {
    Response r = Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8") << path;
    EXPECT_EQ(r.body, "<!DOCTYPE html><title>app</title>") << path;
    EXPECT_EQ(HeaderOf(r, "Content-Security-Policy"), kContentSecurityPolicy) << path;
    EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-cache") << path;
  }
}

TEST_F(AppTest, StaticFilesHaveTheirTypes) {
  Response js = Get("/assets/index-AbC123.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(HeaderOf(js, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Get("/assets/index-AbC123.css").content_type, "text/css; charset=utf-8");
  Response svg = Get("/images/logo.svg");
  EXPECT_EQ(svg.content_type, "image/svg+xml");
  EXPECT_EQ(HeaderOf(svg, "Cache-Control"), "no-cache");
}

TEST_F(AppTest, MissingFilesAre404) {
  for (std::string path : {"/assets/missing.js", "/favicon.ico", "/x/y.css"}) {
    Response r = Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.content_type, "application/json") << path;
  }
}

TEST_F(AppTest, NoClimbingOutAndNoHiddenFiles) {
  std::string outside = "/../" + web_.filename().string() + "-outside.txt";
  for (std::string path : {std::string("/.secret"), outside, std::string("/assets/../../etc/passwd"),
                           std::string("/..%2f..%2fetc/passwd"), std::string("/a\\..\\b.txt")}) {
    Response r = Get(path);
    EXPECT_NE(r.status, 200) << path;
    EXPECT_EQ(r.body.find("content-from-outside-the-root"), std::string::npos) << path;
  }
}

TEST_F(AppTest, SymbolicLinkOutOfTheRootIsRefused) {
  std::error_code ec;
  fs::create_symlink(web_.parent_path() / (web_.filename().string() + "-outside.txt"), web_ / "link.txt", ec);
  if (ec) GTEST_SKIP() << "cannot create a symbolic link here";
  EXPECT_EQ(Get("/link.txt").status, 404);
}

TEST_F(AppTest, WithoutABuiltAppPagesSayHowToBuildIt) {
  AppOptions options;
  options.web_root = (web_ / "does-not-exist").string();
  Router router = MakeRouter(definition_, options);
  Request r;
  r.method = "GET";
  r.path = r.target = "/";
  Response page = router.Route(r);
  EXPECT_EQ(page.status, 503);
  EXPECT_NE(page.body.find("npm run build"), std::string::npos);
  r.path = r.target = "/api/v1/system";
  EXPECT_EQ(router.Route(r).status, 200);
}

TEST_F(AppTest, ContentTypes) {
  EXPECT_EQ(ContentTypeFor("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("a.png"), "image/png");
  EXPECT_EQ(ContentTypeFor("a.ico"), "image/x-icon");
  EXPECT_EQ(ContentTypeFor("a.json"), "application/json");
  EXPECT_EQ(ContentTypeFor("Makefile"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("a.unknown"), "application/octet-stream");
}

// The same routes through a real server and an HTTP client.
TEST_F(AppTest, OverHttp) {
  AppOptions options;
  options.web_root = web_.string();
  testing::RunningServer s(MakeRouter(definition_, options));
  ASSERT_TRUE(s.ok());
  httplib::Client client("127.0.0.1", s.port());
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto system = client.Get("/api/v1/system");
  ASSERT_TRUE(system);
  EXPECT_EQ(json::parse(system->body)["system"]["name"], "Exampleshire");
  auto yaml = client.Get("/api/v1/definition");
  ASSERT_TRUE(yaml);
  EXPECT_EQ(yaml->get_header_value("Content-Type"), "text/yaml; charset=utf-8");
  EXPECT_EQ(yaml->body, definition_->text);
  auto page = client.Get("/compliance");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  auto missing = client.Get("/api/v1/missing");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto encoded = client.Get("/%63ompliance");  // percent-encoded page route
  ASSERT_TRUE(encoded);
  EXPECT_EQ(encoded->status, 200);
}

TEST(DemoTest, TheEmbeddedDemoLoads) {
  EmbeddedDefinition demo = DemoDefinition();
  EXPECT_FALSE(demo.text.empty());
  std::string expected = ReadText(fs::path(ICS_SOURCE_DIR) / std::string(demo.file));
  EXPECT_EQ(demo.text, expected) << "the embedded copy of " << demo.file << " is stale";
  definition::LoadOutcome loaded = definition::LoadDefinition(demo.text, std::string(demo.file));
  EXPECT_TRUE(loaded.ok());
  EXPECT_FALSE(loaded.system.system.name.empty());
}

}  // namespace
}  // namespace ics::api
