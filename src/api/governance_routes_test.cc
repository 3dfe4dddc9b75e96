#include "api/governance_routes.h"

#include <gtest/gtest.h>

#include "api/test_support.h"
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <set>
#include <string>

#include "api/accounts.h"
#include "api/demo.h"
#include "authority/authority.h"
#include "definition/loader.h"

namespace ics::api {
namespace {

using nlohmann::json;

std::shared_ptr<const LoadedDefinition> Demo() {
  static std::shared_ptr<const LoadedDefinition> demo = [] {
    auto def = std::make_shared<LoadedDefinition>();
    EmbeddedDefinition e = DemoDefinition();
    def->file = std::string(e.file);
    def->text = std::string(e.text);
    definition::LoadOutcome loaded = definition::LoadDefinition(def->text, def->file);
    EXPECT_TRUE(loaded.ok());
    def->system = std::move(loaded.system);
    return def;
  }();
  return demo;
}

class GovernanceRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::OpenStore("sqlite::memory:");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    GovernanceOptions options;
    options.store = store_;
    options.today = [] { return Date{2025, 7, 1}; };
    options.now = [] { return std::string("20250701T090000Z"); };
    AddGovernanceRoutes(router_, Demo(), options);
  }

  Response Call(const std::string& method, const std::string& target, const std::string& body = {},
                std::optional<Role> role = std::nullopt) {
    return testing::RouteAs(router_, role, method, target, body, "application/json");
  }

  std::shared_ptr<store::Store> store_;
  Router router_;
};

std::string HeaderOf(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

TEST_F(GovernanceRoutesTest, AuthorityQueryIsTheEngineAnswerWithTheChain) {
  Response r = Call("GET", "/api/v1/governance/authority?function=award-contracts&value=200000&date=2025-06-01");
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  EXPECT_EQ(j["outcome"], "delegated");
  ASSERT_FALSE(j["deciders"].empty());
  const json& chain = j["deciders"][0]["chain"];
  ASSERT_GE(chain.size(), 2u);
  EXPECT_EQ(chain[0]["holder"], "board");
  EXPECT_EQ(j["deciders"][0]["holder"], "role:director_of_strategy");
  EXPECT_EQ(chain.back()["clause"], "5.1.2");
  EXPECT_EQ(Call("GET", "/api/v1/governance/authority").status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/governance/authority?function=nonesuch").status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/governance/authority?function=pms&value=lots").status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/governance/authority?function=pms&date=2025-13-01").status, 400);
}

TEST_F(GovernanceRoutesTest, DelegationGraphHasAnEdgePerLineWithItsClause) {
  Response r = Call("GET", "/api/v1/governance/delegation-graph");
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  std::set<std::string> nodes;
  for (const auto& n : j["nodes"]) nodes.insert(n["id"].get<std::string>());
  std::map<std::string, json> edges;
  for (const auto& e : j["edges"]) {
    EXPECT_TRUE(nodes.count(e["from"].get<std::string>())) << e.dump();
    EXPECT_TRUE(nodes.count(e["to"].get<std::string>())) << e.dump();
    edges[e["id"].get<std::string>()] = e;
  }
  ASSERT_TRUE(edges.count("d-strategy-contracts"));
  EXPECT_EQ(edges["d-strategy-contracts"]["from"], "role:executive_director_of_finance");
  EXPECT_EQ(edges["d-strategy-contracts"]["clause"], "5.1.2");
  EXPECT_EQ(edges["d-pms"]["from"], "nhs_england");
  EXPECT_FALSE(j["reserved"].empty());
  Response map = Call("GET", "/api/v1/governance/decision-map");
  ASSERT_EQ(map.status, 200);
  EXPECT_FALSE(json::parse(map.body)["functions"].empty());
}

TEST_F(GovernanceRoutesTest, ThePublicViewOfAMeetingHasNoConfidentialItem) {
  Response pub = Call("GET", "/api/v1/governance/meetings/icb-board-2025-05");
  ASSERT_EQ(pub.status, 200) << pub.body;
  json j = json::parse(pub.body);
  EXPECT_EQ(j["view"], "public");
  for (const auto& item : j["items"]) EXPECT_EQ(item["part"], "public") << item.dump();
  EXPECT_EQ(pub.body.find("commercial in confidence"), std::string::npos);

  EXPECT_EQ(Call("GET", "/api/v1/governance/meetings/icb-board-2025-05/full").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/governance/meetings/icb-board-2025-05/full", {}, Role::kFinance).status, 403);
  Response full = Call("GET", "/api/v1/governance/meetings/icb-board-2025-05/full", {}, Role::kBoardMember);
  ASSERT_EQ(full.status, 200) << full.body;
  json f = json::parse(full.body);
  EXPECT_EQ(f["items"].size(), 7u);
  EXPECT_EQ(f["items"][5]["part"], "confidential");
  EXPECT_EQ(Call("GET", "/api/v1/governance/meetings/nonesuch").status, 404);
}

TEST_F(GovernanceRoutesTest, DecisionsAreRecordedAuditedAndRefusedWhenInquorate) {
  const std::string board = "/api/v1/governance/meetings/icb-board-2025-05/items/";
  EXPECT_EQ(Call("POST", board + "5/decision", R"({"text":"Approved","outcome":"approved"})").status, 401);
  EXPECT_EQ(Call("POST", board + "5/decision", R"({"text":"Approved","outcome":"approved"})", Role::kFinance).status,
            403);
  Response ok = Call("POST", board + "5/decision", R"({"text":"Approved the grants","outcome":"approved"})",
                     Role::kBoardMember);
  ASSERT_EQ(ok.status, 201) << ok.body;
  json d = json::parse(ok.body);
  EXPECT_EQ(d["recorded_by"], "u-board_member");
  EXPECT_TRUE(d["quorum"]["quorate"].get<bool>());
  ASSERT_EQ(d["conflicts"].size(), 1u);
  EXPECT_EQ(d["conflicts"][0]["person"], "p-ned-vice");
  // Again without the row version: someone already recorded it.
  EXPECT_EQ(Call("POST", board + "5/decision", R"({"text":"x","outcome":"approved"})", Role::kGovernanceAdmin).status,
            409);
  Response corrected = Call("POST", board + "5/decision",
                            R"({"text":"Approved the grants, with conditions","outcome":"approved_with_conditions",
                                "row_version":1})",
                            Role::kGovernanceAdmin);
  ASSERT_EQ(corrected.status, 200) << corrected.body;
  EXPECT_EQ(json::parse(corrected.body)["row_version"], 2);

  // Not a decision item, and an item inquorate once the conflicted member stands aside.
  Response info = Call("POST", board + "1/decision", R"({"text":"x","outcome":"approved"})", Role::kGovernanceAdmin);
  EXPECT_EQ(info.status, 422) << info.body;
  EXPECT_EQ(json::parse(info.body)["error"]["code"], "decision_refused");
  Response inquorate = Call("POST", "/api/v1/governance/meetings/primary-care-2025-06/items/5/decision",
                            R"({"text":"Award","outcome":"approved"})", Role::kGovernanceAdmin);
  EXPECT_EQ(inquorate.status, 422) << inquorate.body;
  EXPECT_NE(json::parse(inquorate.body)["error"]["message"].get<std::string>().find("inquorate"), std::string::npos);
  // Deferring it (MTG-007) is recorded.
  EXPECT_EQ(Call("POST", "/api/v1/governance/meetings/primary-care-2025-06/items/5/decision",
                 R"({"text":"Deferred to the board","outcome":"deferred"})", Role::kGovernanceAdmin)
                .status,
            201);
  EXPECT_EQ(Call("POST", board + "5/decision", R"({"text":"x","outcome":"maybe"})", Role::kGovernanceAdmin).status, 400);
  EXPECT_EQ(Call("POST", board + "99/decision", R"({"text":"x","outcome":"approved"})", Role::kGovernanceAdmin).status,
            404);
  EXPECT_EQ(Call("POST", board + "5/decision", R"({"text":"x","outcome":"approved","colour":"red"})",
                 Role::kGovernanceAdmin)
                .status,
            400);

  auto audit = store_->ListAudit(0, 100);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 3u);
  EXPECT_EQ((*audit)[0].action, "decision.record");
  EXPECT_EQ((*audit)[0].actor, "u-board_member");
  EXPECT_EQ((*audit)[1].action, "decision.correct");

  // The public view shows the public item's decision.
  json pub = json::parse(Call("GET", "/api/v1/governance/meetings/icb-board-2025-05").body);
  ASSERT_EQ(pub["decisions"].size(), 1u);
  EXPECT_EQ(pub["decisions"][0]["text"], "Approved the grants, with conditions");
}

TEST_F(GovernanceRoutesTest, MinutesAreDraftedApprovedAndOnlyThenPublished) {
  const std::string path = "/api/v1/governance/meetings/icb-board-2025-05/minutes";
  const std::string body = R"({"public_text":"The board approved the budget.","confidential_text":"Part two: contract award.","row_version":0})";
  EXPECT_EQ(Call("PUT", path, body, Role::kBoardMember).status, 403);
  Response saved = Call("PUT", path, body, Role::kGovernanceAdmin);
  ASSERT_EQ(saved.status, 201) << saved.body;
  EXPECT_EQ(Call("PUT", path, body, Role::kGovernanceAdmin).status, 409);
  EXPECT_EQ(Call("GET", "/public/meetings/icb-board-2025-05/minutes").status, 404) << "a draft is not published";
  json pub = json::parse(Call("GET", "/api/v1/governance/meetings/icb-board-2025-05").body);
  EXPECT_TRUE(pub["minutes"].is_null());
  Response draft = Call("GET", path, {}, Role::kBoardMember);
  ASSERT_EQ(draft.status, 200);
  EXPECT_EQ(json::parse(draft.body)["confidential_text"], "Part two: contract award.");
  EXPECT_EQ(Call("POST", path + "/approve", R"({"row_version":7})", Role::kGovernanceAdmin).status, 409);
  Response approved = Call("POST", path + "/approve", R"({"row_version":1})", Role::kGovernanceAdmin);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(json::parse(approved.body)["status"], "approved");
  EXPECT_EQ(Call("PUT", path, R"({"public_text":"x","row_version":2})", Role::kGovernanceAdmin).status, 422);

  pub = json::parse(Call("GET", "/api/v1/governance/meetings/icb-board-2025-05").body);
  EXPECT_EQ(pub["minutes"]["public_text"], "The board approved the budget.");
  EXPECT_FALSE(pub["minutes"].contains("confidential_text"));
  Response page = Call("GET", "/public/meetings/icb-board-2025-05/minutes");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("The board approved the budget."), std::string::npos);
  EXPECT_EQ(page.body.find("Part two"), std::string::npos);
  EXPECT_NE(page.body.find("<link rel=\"stylesheet\" href=\"/public/portal.css\">"), std::string::npos);
  Response css = Call("GET", "/public/portal.css");
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_NE(css.body.find("@media print"), std::string::npos) << "printable";
}

TEST_F(GovernanceRoutesTest, PortalPagesAreEscapedHtmlWithTheSameOriginPolicy) {
  for (const std::string path : {"/public", "/public/meetings", "/public/meetings/icb-board-2025-05", "/public/board",
                                 "/public/interests", "/public/decision-map"}) {
    Response r = Call("GET", path);
    SCOPED_TRACE(path);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_NE(HeaderOf(r, "Content-Security-Policy").find("default-src 'self'"), std::string::npos);
    EXPECT_NE(r.body.find("<html lang=\"en\">"), std::string::npos);
    EXPECT_NE(r.body.find("<main id=\"maincontent\""), std::string::npos);
    EXPECT_EQ(r.body.find("<script"), std::string::npos);
  }
  EXPECT_EQ(Call("GET", "/public/meetings/nonesuch").status, 404);
  EXPECT_EQ(HtmlEscape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST_F(GovernanceRoutesTest, CalendarIsRfc5545WithEscapingAndFolding) {
  Response r = Call("GET", "/api/v1/governance/meetings.ics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/calendar; charset=utf-8");
  EXPECT_EQ(r.body.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0), 0u);
  EXPECT_NE(r.body.find("DTSTART;VALUE=DATE:20250515\r\n"), std::string::npos);
  EXPECT_NE(r.body.find("DTEND;VALUE=DATE:20250516\r\n"), std::string::npos);
  EXPECT_NE(r.body.find("SUMMARY:ICB Board\\, 15 May 2025\r\n"), std::string::npos);
  EXPECT_EQ(r.body.find("commercial in confidence"), std::string::npos);
  // Every physical line is at most 75 octets and ends with CRLF.
  size_t start = 0;
  while (start < r.body.size()) {
    size_t end = r.body.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 75u) << r.body.substr(start, end - start);
    start = end + 2;
  }
  EXPECT_EQ(ICalText("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
  std::string folded = ICalFold("DESCRIPTION:" + std::string(100, 'x'));
  EXPECT_EQ(folded, "DESCRIPTION:" + std::string(63, 'x') + "\r\n " + std::string(37, 'x') + "\r\n");
  // A multi-byte character is never split.
  std::string pounds;
  for (int i = 0; i < 60; ++i) pounds += "\xC2\xA3";
  std::string f = ICalFold(pounds);
  EXPECT_EQ(f.find("\r\n "), 74u);
  EXPECT_EQ(Call("GET", "/api/v1/governance/meetings/icb-board-2025-05/calendar.ics").status, 200);
}

TEST(PublicDefinitionTextTest, WithholdsConfidentialItemsLineForLine) {
  const std::string text = Demo()->text;
  std::string out = PublicDefinitionText(Demo()->system, text);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), std::count(text.begin(), text.end(), '\n'));
  for (const auto& m : Demo()->system.meetings)
    for (const auto& item : m.items) {
      if (item.part == model::MeetingPart::kConfidential)
        EXPECT_EQ(out.find(item.title), std::string::npos) << item.title;
      else
        EXPECT_NE(out.find(item.title), std::string::npos) << item.title;
    }
  // What is left still loads, with the public items only.
  definition::LoadOutcome loaded = definition::LoadDefinition(out, Demo()->file);
  ASSERT_TRUE(loaded.ok());
  for (const auto& m : loaded.system.meetings)
    for (const auto& item : m.items) EXPECT_EQ(item.part, model::MeetingPart::kPublic) << item.title;
}

// --- No confidential item on any public route -------------------------------------------------

// The real app with a store holding a decision on every confidential item and approved minutes
// with a confidential part; every public GET route is walked, for every meeting.
TEST(ConfidentialityTest, NoConfidentialItemReachesAnyPublicRoute) {
  auto opened = store::OpenStore("sqlite::memory:");
  ASSERT_TRUE(opened.ok());
  std::shared_ptr<store::Store> st = std::move(*opened);
  const model::IcsSystem& sys = Demo()->system;

  // What must never be shown: the confidential items' titles, their decisions and the
  // confidential part of the minutes everywhere; on the governance routes and the portal also
  // their values and the counterparties that no public item names.
  std::vector<std::string> anywhere, governance;
  std::set<std::string> public_counterparties;
  for (const auto& m : sys.meetings)
    for (const auto& i : m.items)
      if (i.part == model::MeetingPart::kPublic)
        public_counterparties.insert(i.counterparties.begin(), i.counterparties.end());
  int confidential = 0;
  for (const auto& m : sys.meetings) {
    for (const auto& i : m.items) {
      if (i.part != model::MeetingPart::kConfidential) continue;
      ++confidential;
      anywhere.push_back(i.title);
      std::string decision = "SECRET-DECISION-" + m.id + "-" + i.number;
      anywhere.push_back(decision);
      ASSERT_TRUE(st->RecordDecision({m.id, i.number, decision, "deferred"}, "gov").ok());
      if (i.value_pence) governance.push_back(authority::FormatPounds(*i.value_pence));
      for (const auto& c : i.counterparties)
        if (!public_counterparties.count(c)) governance.push_back(c);
    }
    std::string secret = "SECRET-MINUTES-" + m.id;
    anywhere.push_back(secret);
    auto saved = st->SaveMinutes(m.id, "Public minutes of " + m.id, secret, 0, "gov");
    ASSERT_TRUE(saved.ok());
    ASSERT_TRUE(st->ApproveMinutes(m.id, saved->row_version, "gov").ok());
  }
  ASSERT_GE(confidential, 2) << "the demo must have confidential items for this test to mean anything";
  ASSERT_FALSE(governance.empty());

  AppOptions options;
  options.web_root = "/nonexistent";
  options.store = st;
  options.accounts = std::make_shared<Accounts>(st);
  Router router = MakeRouter(Demo(), options);

  Request openapi;
  openapi.method = "GET";
  openapi.path = openapi.target = "/api/v1/openapi.json";
  json doc = json::parse(router.Route(openapi).body);

  int walked = 0;
  for (const RouteInfo& route : router.Routes()) {
    if (route.method != "GET" || !route.access.roles.Has(Role::kPublic)) continue;
    // Concrete paths: every meeting for {id}, else the OpenAPI example (or "1").
    std::vector<std::string> paths = {""};
    const json& op = doc["paths"][route.pattern]["get"];
    for (size_t i = 0; i < route.pattern.size(); ++i) {
      if (route.pattern[i] != '{') {
        for (auto& p : paths) p += route.pattern[i];
        continue;
      }
      size_t end = route.pattern.find('}', i);
      std::string name = route.pattern.substr(i + 1, end - i - 1);
      std::vector<std::string> values;
      if (name == "id" && (route.pattern.starts_with("/public") || route.pattern.starts_with("/api/v1/governance"))) {
        for (const auto& m : sys.meetings) values.push_back(m.id);
      } else {
        std::string example = "1";
        if (op.contains("parameters"))
          for (const auto& p : op["parameters"])
            if (p["name"] == name && p.contains("example")) example = p["example"].get<std::string>();
        values.push_back(example);
      }
      std::vector<std::string> next;
      for (const auto& p : paths)
        for (const auto& v : values) next.push_back(p + v);
      paths = std::move(next);
      i = end;
    }
    std::vector<std::string> queries = {""};
    if (route.pattern == "/api/v1/governance/authority")
      queries = {"function=award-contracts&value=200000&counterparty=RY8", "function=pms&counterparty=RTG"};
    for (const auto& path : paths) {
      for (const auto& query : queries) {
        Request r;
        r.method = "GET";
        r.path = path;
        r.query = query;
        r.target = path + (query.empty() ? "" : "?" + query);
        Response response = router.Route(r);
        SCOPED_TRACE(r.target + " -> " + std::to_string(response.status));
        EXPECT_LT(response.status, 500);
        for (const auto& s : anywhere) EXPECT_EQ(response.body.find(s), std::string::npos) << "leaks: " << s;
        if (path.starts_with("/public") || path.starts_with("/api/v1/governance"))
          for (const auto& s : governance) EXPECT_EQ(response.body.find(s), std::string::npos) << "leaks: " << s;
        ++walked;
      }
    }
  }
  EXPECT_GT(walked, 30);
  // The approved public minutes are there: the walk did reach them.
  Request minutes;
  minutes.method = "GET";
  minutes.path = minutes.target = "/public/meetings/icb-board-2025-05/minutes";
  EXPECT_NE(router.Route(minutes).body.find("Public minutes of icb-board-2025-05"), std::string::npos);
}

}  // namespace
}  // namespace ics::api
