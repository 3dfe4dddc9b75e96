#include "api/oversight_routes.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/date.h"
#include "improvement/mdc.h"
#include "oversight/report_json.h"

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

Request Get(std::string path, std::string query = {}) {
  Request r;
  r.method = "GET";
  r.path = path;
  r.query = query;
  r.target = query.empty() ? path : path + "?" + query;
  return r;
}

Principal WithRoles(RoleSet roles) {
  Principal p;
  p.user = "tester";
  p.roles = roles;
  p.roles.Add(Role::kPublic);
  p.via = Principal::Via::kToken;
  return p;
}

class OversightRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = DemoOversightData();
    ASSERT_NE(data_, nullptr);
    AddOversightRoutes(router_, data_);
  }
  json GetJson(const std::string& path, const std::string& query = {}, int status = 200) {
    Response r = router_.Route(Get(path, query));
    EXPECT_EQ(r.status, status) << path << "?" << query << ": " << r.body;
    EXPECT_EQ(r.content_type, "application/json");
    return json::parse(r.body);
  }
  std::shared_ptr<const OversightData> data_;
  Router router_;
};

TEST_F(OversightRoutesTest, TheCompiledInDemoIsDataDemo) {
  std::vector<NamedText> files = OversightDemoFiles();
  ASSERT_GE(files.size(), 2u);
  EXPECT_EQ(files.front().name, "data/demo/organisations.csv");
  size_t on_disk = 0;
  for (const auto& e : fs::directory_iterator(fs::path(ICS_SOURCE_DIR) / "data/demo/metrics")) {
    on_disk += e.path().extension() == ".csv";
  }
  size_t compiled_in = 0;
  for (const NamedText& f : files) compiled_in += f.name.starts_with("data/demo/metrics/");
  EXPECT_EQ(compiled_in, on_disk);
  EXPECT_EQ(files.back().name, "data/demo/planted.json");
  for (const NamedText& f : files) {
    EXPECT_EQ(f.text, ReadText(fs::path(ICS_SOURCE_DIR) / f.name)) << f.name;
  }
  EXPECT_EQ(data_->organisations.size(), 5u);
}

TEST_F(OversightRoutesTest, MetricsAreTheRegistryAsTheCliPrintsIt) {
  Response r = router_.Route(Get("/api/v1/oversight/metrics"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, oversight::MetricsJson(data_->registry));
  EXPECT_FALSE(json::parse(r.body)["metrics"].empty());
}

TEST_F(OversightRoutesTest, OrganisationsListTheirSeriesAndTheSystem) {
  json j = GetJson("/api/v1/oversight/organisations");
  ASSERT_EQ(j["organisations"].size(), 5u);
  EXPECT_EQ(j["organisations"][0]["code"], "RTG");
  EXPECT_EQ(j["organisations"][0]["metrics"].size(), 5u);
  ASSERT_EQ(j["systems"].size(), 1u);
  EXPECT_EQ(j["systems"][0]["code"], "QJ2");
  EXPECT_EQ(j["systems"][0]["members"].size(), 5u);
  EXPECT_EQ(j["default_year"], "2025/26");
}

// The chart of a series is the MDC engine's reading of the CSV's values with the metric's
// direction and target, point for point.
TEST_F(OversightRoutesTest, SeriesChartIsTheEngineOnTheCsv) {
  json j = GetJson("/api/v1/oversight/organisations/RTG/metrics/ae_4hr");
  std::istringstream csv(ReadText(fs::path(ICS_SOURCE_DIR) / "data/demo/metrics/RTG_ae_4hr.csv"));
  std::string line;
  std::getline(csv, line);
  std::vector<improvement::MdcPoint> points;
  while (std::getline(csv, line)) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    for (std::string cell; std::getline(ls, cell, ',');) f.push_back(cell);
    points.push_back({*ParseIsoDate(f[2]), std::stod(f[3])});
  }
  improvement::MdcOptions o;
  o.direction = improvement::ImprovementDirection::kIncrease;
  const oversight::MetricDefinition* def = data_->registry.Find("ae_4hr");
  ASSERT_TRUE(def && def->target);
  o.target = def->target->value;
  auto expected = improvement::AnalyseMdc(points, o);
  ASSERT_TRUE(expected.ok());
  ASSERT_EQ(j["points"].size(), expected->points.size());
  for (size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(j["points"][i]["date"], expected->points[i].date.ToIso());
    EXPECT_DOUBLE_EQ(j["points"][i]["upl"].get<double>(), expected->points[i].upl);
    EXPECT_DOUBLE_EQ(j["points"][i]["mean"].get<double>(), expected->points[i].mean);
    EXPECT_EQ(j["points"][i]["point_type"], std::string(improvement::PointTypeName(expected->points[i].point_type)));
  }
  EXPECT_EQ(j["improvement_direction"], "increase");
  EXPECT_EQ(j["target"], def->target->value);
  // The planted step up from April 2024 reads as improvement.
  EXPECT_EQ(j["variation_icon"], "improvement_high");
}

TEST_F(OversightRoutesTest, PlantedEventsShowTheirIcons) {
  EXPECT_EQ(GetJson("/api/v1/oversight/organisations/RFS/metrics/ae_4hr")["variation_icon"], "concern_low");
  EXPECT_EQ(GetJson("/api/v1/oversight/organisations/RXM/metrics/staff_sickness")["variation_icon"],
            "improvement_low");
  // A system's series is formed from its members.
  json system = GetJson("/api/v1/oversight/organisations/QJ2/metrics/ae_4hr");
  EXPECT_FALSE(system["points"].empty());
  // A rebase at the planted shift starts a second group, as ics spc --rebase does.
  json rebased = GetJson("/api/v1/oversight/organisations/RTG/metrics/ae_4hr", "rebase=2024-04-01");
  ASSERT_EQ(rebased["groups"].size(), 2u);
  EXPECT_EQ(rebased["points"].back()["rebase_group"], 1);
  GetJson("/api/v1/oversight/organisations/RTG/metrics/ae_4hr", "rebase=April", 400);
}

TEST_F(OversightRoutesTest, PlantedEventsAnnotateTheirSeries) {
  json j = GetJson("/api/v1/oversight/organisations/RTG/metrics/ae_4hr/events");
  ASSERT_EQ(j["events"].size(), 1u);
  EXPECT_EQ(j["events"][0]["date"], "2024-04-01");
  EXPECT_NE(j["events"][0]["label"].get<std::string>().find("front door"), std::string::npos);
  EXPECT_EQ(GetJson("/api/v1/oversight/organisations/RTG/metrics/staff_sickness/events")["events"].size(), 0u);
  EXPECT_FALSE(PlantedEventsFromJson("{\"events\": [{\"org\": 1}]}", "p.json").ok());
}

TEST_F(OversightRoutesTest, SummaryFiltersAsTheCliDoes) {
  json all = GetJson("/api/v1/oversight/summary");
  EXPECT_EQ(all["series"].size(), 21u);  // 16 organisation series and 5 of the system
  json org = GetJson("/api/v1/oversight/organisations/RTG");
  EXPECT_EQ(org["series"].size(), 5u);
  EXPECT_EQ(router_.Route(Get("/api/v1/oversight/summary", "org=RTG")).body,
            router_.Route(Get("/api/v1/oversight/organisations/RTG")).body);
  json one = GetJson("/api/v1/oversight/summary", "org=QJ2&metric=ae_4hr");
  ASSERT_EQ(one["series"].size(), 1u);
  EXPECT_EQ(one["series"][0]["org"], "QJ2");
}

TEST_F(OversightRoutesTest, SegmentationAndLeagues) {
  json seg = GetJson("/api/v1/oversight/segmentation");
  EXPECT_EQ(seg["year"], "2025/26");
  EXPECT_EQ(seg["organisations"].size(), 5u);
  EXPECT_EQ(seg["reporting_value"].get<std::string>().find("present") != std::string::npos, true);
  json acute = GetJson("/api/v1/oversight/segmentation", "year=2025%2F26&peer_group=acute&as_of=2025-03");
  EXPECT_EQ(acute["organisations"].size(), 2u);
  EXPECT_NE(acute["reporting_value"].get<std::string>().find("2025-03"), std::string::npos);

  json league = GetJson("/api/v1/oversight/league", "metric=staff_sickness");
  EXPECT_EQ(league["rows"].size(), 5u);
  EXPECT_EQ(league["rows"][0]["rank"], 1);
  json by_segment = GetJson("/api/v1/oversight/league", "segmentation=true&year=2025/26");
  EXPECT_TRUE(by_segment.contains("unconfirmed"));
}

TEST_F(OversightRoutesTest, BadQueriesAreClientErrors) {
  EXPECT_EQ(GetJson("/api/v1/oversight/organisations/NOPE", "", 404)["error"]["where"], "org");
  GetJson("/api/v1/oversight/organisations/RTG/metrics/nope", "", 404);
  GetJson("/api/v1/oversight/organisations/RX9/metrics/ae_4hr", "", 404);
  EXPECT_EQ(GetJson("/api/v1/oversight/segmentation", "year=1999/00", 404)["error"]["where"], "year");
  EXPECT_EQ(GetJson("/api/v1/oversight/segmentation", "year=next", 400)["error"]["where"], "year");
  EXPECT_EQ(GetJson("/api/v1/oversight/segmentation", "as_of=March", 400)["error"]["where"], "as_of");
  GetJson("/api/v1/oversight/league", "", 400);
  GetJson("/api/v1/oversight/league", "metric=ae_4hr&segmentation=true", 400);
  GetJson("/api/v1/oversight/league", "metric=ae_4hr&order=sideways", 400);
}

TEST_F(OversightRoutesTest, EscalationIsForTheQualityGroupRoles) {
  EXPECT_EQ(router_.Route(Get("/api/v1/oversight/escalation")).status, 401);
  Router finance = Router();
  AddOversightRoutes(finance, data_);
  finance.SetAuthenticator([](const Request&) -> std::variant<Principal, Response> {
    return WithRoles({Role::kFinance});
  });
  EXPECT_EQ(finance.Route(Get("/api/v1/oversight/escalation")).status, 403);
  Router oversight_role = Router();
  AddOversightRoutes(oversight_role, data_);
  oversight_role.SetAuthenticator([](const Request&) -> std::variant<Principal, Response> {
    return WithRoles({Role::kOversight});
  });
  Response r = oversight_role.Route(Get("/api/v1/oversight/escalation", "year=2025/26"));
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  EXPECT_EQ(j["organisations"].size(), 5u);
  EXPECT_TRUE(j["levels"].contains("intensive"));
}

TEST(OversightDataTest, AnOrganisationMissingFromTheOrganisationsFileIsRefused) {
  NamedText orgs{"orgs.csv", "org,name,peer_group\nRTG,Derby,acute\n"};
  NamedText metrics{"m.csv", "org,metric,period,value\nRTG,ae_4hr,2024-01,70\nXYZ,ae_4hr,2024-01,71\n"};
  auto d = LoadOversightData(orgs, {metrics}, "test");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().where(), "m.csv:3");
}

TEST(OversightDataTest, WithoutDataEveryRouteIs503) {
  Router router;
  AddOversightRoutes(router, nullptr);
  Response r = router.Route(Get("/api/v1/oversight/metrics"));
  EXPECT_EQ(r.status, 503);
}

}  // namespace
}  // namespace ics::api
