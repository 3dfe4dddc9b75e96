// The QI project routes: who may read and write, the charter, team, measures with their
// SPC charts and PDSA annotations, CSV and JSON data (every CSV error located, nothing
// stored), PDSA cycles, progress scores, the dashboard, 409 on a stale row_version.
#include "api/qi_routes.h"

#include <gtest/gtest.h>

#include "api/test_support.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/http.h"
#include "store/store.h"

namespace ics::api {
namespace {

using nlohmann::json;

class QiRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::OpenStore("sqlite::memory:");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    AddQiRoutes(router_, {store_});
  }

  // Calls as `user` holding `role` (anonymous when no role).
  Response Call(const std::string& method, const std::string& target, const std::string& body = {},
                std::optional<Role> role = Role::kQiLead, const std::string& user = "",
                const std::string& type = "application/json") {
    return testing::RouteAs(router_, role, method, target, body, type, user);
  }

  // A project with one outcome measure; returns its id and the measure's.
  std::pair<int64_t, int64_t> Project() {
    Response r = Call("POST", "/api/v1/improvement/projects",
                      R"({"title":"Fewer falls","aim":"Reduce falls by 30% by March 2026","organisations":["RTG","RY8"],)"
                      R"("lead":"Sam Example","start_date":"2023-01-01"})");
    EXPECT_EQ(r.status, 201) << r.body;
    int64_t id = json::parse(r.body)["id"];
    Response m = Call("POST", "/api/v1/improvement/projects/" + std::to_string(id) + "/measures",
                      R"({"name":"Falls per 1,000 bed days","type":"outcome","direction":"decrease","unit":"per 1,000 bed days"})");
    EXPECT_EQ(m.status, 201) << m.body;
    return {id, json::parse(m.body)["id"].get<int64_t>()};
  }

  static std::string FallsCsv() {
    std::string csv = "date,value,note\n";
    const double wobble[] = {0.3, -0.2, 0.1, -0.4, 0.2, 0.0, -0.1, 0.4, -0.3, 0.1, -0.2, 0.2};
    for (int i = 0; i < 24; ++i) {
      char line[64];
      std::snprintf(line, sizeof line, "%04d-%02d-01,%.1f,\n", 2023 + i / 12, i % 12 + 1, (i < 12 ? 7.0 : 4.5) + wobble[i % 12]);
      csv += line;
    }
    return csv;
  }

  std::shared_ptr<store::Store> store_;
  Router router_;
};

TEST_F(QiRoutesTest, ReadersSeeProjectsOthersAreRefused) {
  auto [id, measure] = Project();
  const std::string path = "/api/v1/improvement/projects/" + std::to_string(id);
  for (Role r : {Role::kQiLead, Role::kClinician, Role::kAnalyst, Role::kOversight, Role::kBoardMember})
    EXPECT_EQ(Call("GET", path, "", r).status, 200) << RoleName(r);
  EXPECT_EQ(Call("GET", path, "", Role::kFinance).status, 403);
  EXPECT_EQ(Call("GET", path, "", std::nullopt).status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/improvement/projects/99", "").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/improvement/projects/abc", "").status, 404);
  // Only a QI lead starts a project.
  EXPECT_EQ(Call("POST", "/api/v1/improvement/projects", R"({"title":"x"})", Role::kClinician).status, 403);
  // A clinician not on the team cannot add data; on the team with edit permission, can.
  const std::string data = path + "/data?measure=Falls%20per%201%2C000%20bed%20days";
  EXPECT_EQ(Call("POST", data, "date,value\n2023-01-01,7\n", Role::kClinician, "dr.jo", "text/csv").status, 403);
  Response added = Call("POST", path + "/team",
                        R"({"name":"Dr Jo Example","organisation":"RY8","project_role":"Clinical lead","username":"dr.jo","permission":"edit"})");
  ASSERT_EQ(added.status, 201) << added.body;
  Response ok = Call("POST", data, "date,value\n2023-01-01,7\n", Role::kClinician, "dr.jo", "text/csv");
  EXPECT_EQ(ok.status, 200) << ok.body;
  // ...but edit is not admin: the team is the QI lead's or a team admin's.
  EXPECT_EQ(Call("POST", path + "/team", R"({"name":"X"})", Role::kClinician, "dr.jo").status, 403);
  json view = json::parse(Call("GET", path, "", Role::kClinician, "dr.jo").body);
  EXPECT_EQ(view["you"]["can_edit"], true);
  EXPECT_EQ(view["you"]["can_manage_team"], false);
  json reader = json::parse(Call("GET", path, "", Role::kBoardMember).body);
  EXPECT_EQ(reader["you"]["can_edit"], false);
}

TEST_F(QiRoutesTest, CsvDataIsChartedWithPdsaCyclesAsAnnotations) {
  auto [id, measure] = Project();
  const std::string path = "/api/v1/improvement/projects/" + std::to_string(id);
  Response put = Call("POST", path + "/data?measure=Falls%20per%201%2C000%20bed%20days", FallsCsv(), Role::kQiLead, "",
                      "text/csv");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(json::parse(put.body)["added"], 24);
  Response pdsa = Call("POST", path + "/pdsa",
                       R"({"title":"Safety huddles","plan":"Daily huddle","start_date":"2024-01-01","status":"completed","measure_ids":[)" +
                           std::to_string(measure) + "]}");
  ASSERT_EQ(pdsa.status, 201) << pdsa.body;
  Response chart = Call("GET", path + "/measures/" + std::to_string(measure) + "/chart");
  ASSERT_EQ(chart.status, 200) << chart.body;
  json c = json::parse(chart.body);
  ASSERT_EQ(c["points"].size(), 24u);
  ASSERT_FALSE(c["spc"].is_null()) << c["spc_note"];
  EXPECT_EQ(c["spc"]["preset"], "mdc");
  EXPECT_EQ(c["spc"]["variation_icon"], "improvement_low");
  EXPECT_EQ(c["spc"]["points"].back()["point_type"], "special_cause_improvement");
  ASSERT_EQ(c["annotations"].size(), 1u);
  EXPECT_EQ(c["annotations"][0]["date"], "2024-01-01");
  EXPECT_EQ(c["annotations"][0]["label"], "Safety huddles");

  json dash = json::parse(Call("GET", "/api/v1/improvement/dashboard", "", Role::kBoardMember).body);
  ASSERT_EQ(dash["projects"].size(), 1u);
  EXPECT_EQ(dash["projects"][0]["measures"][0]["signal"], "improvement");
  EXPECT_EQ(dash["measures_improving"], 1);
}

TEST_F(QiRoutesTest, ABadCsvStoresNothingAndNamesEveryProblem) {
  auto [id, measure] = Project();
  const std::string path = "/api/v1/improvement/projects/" + std::to_string(id);
  Response r = Call("POST", path + "/data?file=falls.csv", "date,Falls per 1000 bed days\n2023-13-01,x\n", Role::kQiLead, "",
                    "text/csv");
  ASSERT_EQ(r.status, 400) << r.body;
  json j = json::parse(r.body);
  EXPECT_EQ(j["error"]["where"], "falls.csv:1:6");
  r = Call("POST", path + "/data?measure=Falls%20per%201%2C000%20bed%20days", "date,value\n2023-13-01,7\n2023-02-01,x\n",
           Role::kQiLead, "", "text/csv");
  ASSERT_EQ(r.status, 400);
  j = json::parse(r.body);
  ASSERT_EQ(j["errors"].size(), 2u);
  EXPECT_EQ(j["errors"][0]["where"], "data.csv:2:1");
  EXPECT_EQ(j["errors"][1]["where"], "data.csv:3:12");
  json view = json::parse(Call("GET", path).body);
  EXPECT_TRUE(view["measures"][0]["points"].empty());
  // JSON points: a bad one is named by its index.
  r = Call("POST", path + "/data", R"({"points":[{"measure":"Falls per 1,000 bed days","date":"2023-01-01","value":"7"}]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["error"]["where"], "body: points[0].value");
  r = Call("POST", path + "/data", R"({"points":[{"measure_id":)" + std::to_string(measure) + R"(,"date":"2023-01-01","value":7}]})");
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(QiRoutesTest, ScoresAreHalfStepsAndKeptAsAHistory) {
  auto [id, measure] = Project();
  const std::string path = "/api/v1/improvement/projects/" + std::to_string(id) + "/scores";
  EXPECT_EQ(Call("POST", path, R"({"score":2.5,"date":"2024-01-31","note":"testing changes"})").status, 201);
  EXPECT_EQ(Call("POST", path, R"({"score":3.5,"date":"2024-06-30"})").status, 201);
  Response bad = Call("POST", path, R"({"score":2.7,"date":"2024-06-30"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["error"]["where"], "body: score");
  EXPECT_EQ(Call("POST", path, R"({"score":6,"date":"2024-06-30"})").status, 400);
  EXPECT_EQ(Call("POST", path, R"({"score":3,"date":"June"})").status, 400);
  json view = json::parse(Call("GET", "/api/v1/improvement/projects/" + std::to_string(id)).body);
  ASSERT_EQ(view["scores"].size(), 2u);
  EXPECT_EQ(view["scores"][1]["score"], 3.5);
  EXPECT_EQ(view["scores"][1]["label"], "Improvement");
  EXPECT_EQ(view["summary"]["score_trend"], "up");
  json scale = json::parse(Call("GET", "/api/v1/improvement/progress-scale", "", std::nullopt).body);
  EXPECT_EQ(scale["levels"].size(), 10u);
}

TEST_F(QiRoutesTest, AStaleRowVersionIs409AndBadFieldsAreNamed) {
  auto [id, measure] = Project();
  const std::string path = "/api/v1/improvement/projects/" + std::to_string(id);
  EXPECT_EQ(Call("PUT", path, R"({"status":"sustaining","row_version":1})").status, 200);
  Response stale = Call("PUT", path, R"({"status":"completed","row_version":1})");
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(Call("PUT", path, R"({"status":"done","row_version":2})").status, 400);
  EXPECT_EQ(json::parse(Call("PUT", path, R"({"status":"done","row_version":2})").body)["error"]["where"], "body: status");
  EXPECT_EQ(Call("PUT", path, R"({"status":"completed"})").status, 400);  // row_version required
  Response measure_bad = Call("POST", path + "/measures", R"({"name":"Harm","preset":"life-qi","target":3})");
  EXPECT_EQ(measure_bad.status, 400);
  EXPECT_EQ(json::parse(measure_bad.body)["error"]["where"], "body: target");
  EXPECT_EQ(Call("POST", path + "/measures", R"({"name":"Falls per 1,000 bed days"})").status, 409);
  Response pdsa = Call("POST", path + "/pdsa", R"({"title":"PDSA 1"})");
  ASSERT_EQ(pdsa.status, 201);
  const std::string pdsa_path = path + "/pdsa/" + std::to_string(json::parse(pdsa.body)["id"].get<int64_t>());
  EXPECT_EQ(Call("PUT", pdsa_path, R"({"study":"worked","row_version":1})").status, 200);
  EXPECT_EQ(Call("PUT", pdsa_path, R"({"study":"again","row_version":1})").status, 409);
  EXPECT_EQ(Call("POST", path + "/pdsa", R"({"title":"x","colour":"red"})").status, 400);
}

TEST_F(QiRoutesTest, ProjectsComeAPageAtATime) {
  for (int i = 0; i < 3; ++i) Project();
  json first = json::parse(Call("GET", "/api/v1/improvement/projects?limit=2", "", Role::kAnalyst).body);
  ASSERT_EQ(first["projects"].size(), 2u);
  EXPECT_EQ(first["can_create"], false);
  ASSERT_EQ(first["next"], "2");
  json second = json::parse(Call("GET", "/api/v1/improvement/projects?limit=2&after=2", "", Role::kAnalyst).body);
  ASSERT_EQ(second["projects"].size(), 1u);
  EXPECT_EQ(second["projects"][0]["id"], 3);
  EXPECT_TRUE(second["next"].is_null());
  EXPECT_EQ(Call("GET", "/api/v1/improvement/projects?limit=0").status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/improvement/projects?after=x").status, 400);
}

TEST(QiRoutesNoStore, AnswersUnavailable) {
  Router router;
  AddQiRoutes(router, {});
  router.SetAuthenticator([](const Request&) -> std::variant<Principal, Response> {
    Principal p;
    p.user = "lead";
    p.roles = RoleSet{Role::kPublic, Role::kQiLead};
    p.via = Principal::Via::kToken;
    return p;
  });
  Request request;
  request.method = "GET";
  request.target = request.path = "/api/v1/improvement/dashboard";
  EXPECT_EQ(router.Route(request).status, 503);
}

}  // namespace
}  // namespace ics::api
