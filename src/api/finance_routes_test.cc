#include "api/finance_routes.h"

#include <gtest/gtest.h>

#include "api/test_support.h"
#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "api/demo.h"
#include "definition/loader.h"

namespace ics::api {
namespace {

using nlohmann::json;

const std::string kData = std::string(ICS_SOURCE_DIR) + "/data/finance";

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

// One router for the whole suite: the published tables load once.
Router& SharedRouter() {
  static Router router = [] {
    Router r;
    AddFinanceRoutes(r, Demo(), kData);
    return r;
  }();
  return router;
}

Response Call(const std::string& method, const std::string& target, const std::string& body = {},
              std::optional<Role> role = std::nullopt) {
  return testing::RouteAs(SharedRouter(), role, method, target, body, {}, "tester");
}

std::string HeaderOf(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

TEST(FinanceRoutesTest, AllocationsAreThePublishedTable) {
  for (const char* stream : {"core", "pmc"}) {
    for (const char* year : {"2023/24", "2024/25", "2025/26"}) {
      Response r = Call("GET", std::string("/api/v1/finance/allocations?stream=") + stream + "&year=" + year);
      ASSERT_EQ(r.status, 200) << r.body;
      json doc = json::parse(r.body);
      EXPECT_EQ(doc["year"], year);
      EXPECT_EQ(doc["stream"], stream);
      ASSERT_EQ(doc["icbs"].size(), 42u);
      double sum = 0;
      for (const json& icb : doc["icbs"]) sum += icb["recurrent_allocation_k"].get<double>();
      EXPECT_NEAR(sum, doc["england"]["recurrent_allocation_k"].get<double>(), 1e-3);
    }
  }
  // Humber and North Yorkshire, core 2025/26, as published: 3,413,852 £k.
  json doc = json::parse(Call("GET", "/api/v1/finance/allocations?year=2025/26&stream=core").body);
  EXPECT_EQ(doc["icbs"][0]["icb_code"], "QOQ");
  EXPECT_EQ(doc["icbs"][0]["recurrent_allocation_k"].get<double>(), 3413852);
}

TEST(FinanceRoutesTest, EveryIcbOfThePublishedCsvIsInTheApi) {
  std::ifstream in(kData + "/icb_core_allocations_2024_25.csv");
  std::stringstream s;
  s << in.rdbuf();
  json doc = json::parse(Call("GET", "/api/v1/finance/allocations?year=2024/25&stream=core").body);
  std::map<std::string, double> api;
  for (const json& icb : doc["icbs"]) api[icb["icb_code"]] = icb["recurrent_allocation_k"].get<double>();
  int checked = 0;
  std::string line;
  std::getline(s, line);
  while (std::getline(s, line)) {
    if (line.rfind("icb,", 0) != 0) continue;
    // row_type,R,Region,ICB,name,... : the code is the fourth field (names have no commas in these rows
    // before the code).
    std::stringstream fields(line);
    std::string f[4];
    for (auto& x : f) std::getline(fields, x, ',');
    ASSERT_TRUE(api.count(f[3])) << f[3];
    ++checked;
  }
  EXPECT_EQ(checked, 42);
}

TEST(FinanceRoutesTest, DefaultsAndBadYearsAndStreams) {
  Response r = Call("GET", "/api/v1/finance/allocations");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["year"], "2025/26");
  r = Call("GET", "/api/v1/finance/allocations?year=2019/20");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "invalid_argument");
  r = Call("GET", "/api/v1/finance/allocations?year=2025-26");
  EXPECT_EQ(r.status, 400);
  r = Call("GET", "/api/v1/finance/allocations?stream=dental");
  EXPECT_EQ(r.status, 400);
}

TEST(FinanceRoutesTest, WaterfallStepsAddUpToTheAllocationForEveryIcb) {
  for (const char* stream : {"core", "pmc"}) {
    for (const char* year : {"2023/24", "2024/25", "2025/26"}) {
      json all = json::parse(
          Call("GET", std::string("/api/v1/finance/allocations?stream=") + stream + "&year=" + year).body);
      for (const json& icb : all["icbs"]) {
        const std::string code = icb["icb_code"];
        Response r = Call("GET", "/api/v1/finance/icbs/" + code + "?stream=" + stream + "&year=" + year);
        ASSERT_EQ(r.status, 200) << r.body;
        json w = json::parse(r.body);
        int64_t running = 0;
        for (const json& step : w["steps"]) {
          int64_t pence = step["amount_pence"];
          if (step["kind"] == "total") {
            if (step["step"] != "baseline") {
              EXPECT_EQ(running, pence) << code << " " << step["step"];
            }
            running = pence;
          } else {
            running += pence;
          }
          if (step["step"] == "recurrent_allocation") {
            EXPECT_EQ(step["amount_k"].get<double>(), icb["recurrent_allocation_k"].get<double>()) << code;
          }
        }
        EXPECT_EQ(w["steps"].back()["step"], "total_allocation");
        EXPECT_DOUBLE_EQ(w["steps"].back()["amount_k"].get<double>(), icb["total_allocation_k"].get<double>());
        // The rounding step is under half a £k.
        for (const json& step : w["steps"]) {
          if (step["step"] == "rounding") {
            EXPECT_LE(std::abs(step["amount_pence"].get<int64_t>()), 50000);
          }
        }
      }
    }
  }
  Response missing = Call("GET", "/api/v1/finance/icbs/QXX");
  EXPECT_EQ(missing.status, 404);
}

TEST(FinanceRoutesTest, WhatIfNeedsABudgetRole) {
  const std::string body = R"({"year": "2025/26", "stream": "core", "settings": {"convergence.cap": "1%"}})";
  EXPECT_EQ(Call("POST", "/api/v1/finance/whatif", body).status, 401);
  EXPECT_EQ(Call("POST", "/api/v1/finance/whatif", body, Role::kClinician).status, 403);
  for (Role role : {Role::kFinance, Role::kAnalyst, Role::kBoardMember}) {
    EXPECT_EQ(Call("POST", "/api/v1/finance/whatif", body, role).status, 200);
  }
  EXPECT_EQ(Call("GET", "/api/v1/finance/places").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/finance/places", {}, Role::kOversight).status, 403);
}

TEST(FinanceRoutesTest, WhatIfMovesTheNumbersAndTheUnchangedPolicyIsThePublishedPosition) {
  Response same = Call("POST", "/api/v1/finance/whatif", R"({"year": "2025/26", "stream": "core"})", Role::kFinance);
  ASSERT_EQ(same.status, 200) << same.body;
  json s = json::parse(same.body);
  ASSERT_EQ(s["icbs"].size(), 42u);
  for (const json& icb : s["icbs"]) EXPECT_EQ(icb["difference_k"].get<double>(), 0) << icb["icb_code"];

  Response moved = Call("POST", "/api/v1/finance/whatif",
                        R"({"year": "2025/26", "stream": "core", "settings": {"convergence.cap": "1%"}})",
                        Role::kFinance);
  ASSERT_EQ(moved.status, 200) << moved.body;
  json m = json::parse(moved.body);
  int changed = 0;
  for (const json& icb : m["icbs"]) changed += icb["difference_k"].get<double>() != 0;
  EXPECT_GT(changed, 0);
  EXPECT_EQ(m["what_if"]["settings"]["convergence.cap"], "1%");
  EXPECT_EQ(m["method"]["convergence"]["above_target"]["cap"].get<double>(), 0.01);

  // The list form and a quantum.
  Response q = Call("POST", "/api/v1/finance/whatif",
                    R"({"year": "2024/25", "stream": "core", "settings": ["growth.scale=1"],
                        "quantum_k": "110000000"})",
                    Role::kAnalyst);
  ASSERT_EQ(q.status, 200) << q.body;
  json qd = json::parse(q.body);
  EXPECT_EQ(qd["what_if"]["quantum_k"].get<double>(), 110000000);
  EXPECT_NEAR(qd["quantum_k"].get<double>(), 110000000, 1);  // Σ targets, each to the penny
}

TEST(FinanceRoutesTest, WhatIfRejectsBadInputWithItsLocation) {
  struct Case {
    const char* body;
    const char* where;
  } cases[] = {
      {R"({"settings": {"convergence.cpa": "1%"}})", "settings.convergence.cpa"},
      {R"({"settings": {"convergence.cap": "lots"}})", "settings.convergence.cap"},
      {R"({"quantum_k": "-"})", "quantum_k"},
      {R"({"practice_weights": {"C81001": -4}})", "practice_weights.C81001"},
      {R"({"colour": "red"})", "colour"},
      {R"({"path": {"years": 0}})", "path.years"},
      {R"({"path": {"years": 2.5}})", "path.years"},
      {R"({"path": {"threshold": "wide"}})", "path.threshold"},
      {R"({"path": {"threshold": 2}})", "path.threshold"},
      {R"({"path": {"target_growth": -1}})", "path"},
      {R"({"path": {"horizon": 5}})", "path.horizon"},
      {R"({"path": 10})", "path"},
      {R"([1, 2])", "body"},
      {R"(not json)", "body"},
  };
  for (const Case& c : cases) {
    Response r = Call("POST", "/api/v1/finance/whatif", c.body, Role::kFinance);
    EXPECT_EQ(r.status, 400) << c.body << " -> " << r.body;
    EXPECT_EQ(json::parse(r.body)["error"]["where"], c.where) << c.body;
  }
  Response unknown_practice = Call("POST", "/api/v1/finance/whatif",
                                   R"({"year": "2024/25", "practice_weights": {"NOPE01": 5}})", Role::kFinance);
  EXPECT_EQ(unknown_practice.status, 400) << unknown_practice.body;
}

TEST(FinanceRoutesTest, WhatIfPathIsTheCliPathAndStartsAtTheScenario) {
  // The API's path is `ics allocate --path`'s, number for number: the same engine call.
  const std::string body =
      R"({"year": "2024/25", "stream": "core", "settings": {"convergence.cap": "1%"},
          "path": {"years": 6, "threshold": "2.5%", "target_growth": 0.04}})";
  Response r = Call("POST", "/api/v1/finance/whatif", body, Role::kAnalyst);
  ASSERT_EQ(r.status, 200) << r.body;
  json doc = json::parse(r.body);
  const json& path = doc["path"];
  ASSERT_EQ(path["years"].size(), 7u);
  EXPECT_EQ(path["years"][0], "2024/25");
  EXPECT_EQ(path["years"][6], "2030/31");
  EXPECT_DOUBLE_EQ(path["threshold"].get<double>(), 0.025);
  EXPECT_DOUBLE_EQ(path["target_growth"].get<double>(), 0.04);
  ASSERT_EQ(path["icbs"].size(), 42u);
  for (size_t i = 0; i < 42; ++i) {
    const json& icb = doc["icbs"][i];
    const json& p = path["icbs"][i];
    EXPECT_EQ(p["icb_code"], icb["icb_code"]);
    // Year 0 of the path is the what-if's allocation year.
    EXPECT_EQ(p["recurrent_allocation_k"][0], icb["allocation_k"]);
    EXPECT_EQ(p["target_k"][0], icb["target_k"]);
    EXPECT_DOUBLE_EQ(p["distance"][0].get<double>(), icb["post_convergence_distance"].get<double>());
  }
  // England is the sum of the ICBs, each year.
  for (size_t k = 0; k < 7; ++k) {
    double sum = 0;
    for (const json& p : path["icbs"]) sum += p["recurrent_allocation_k"][k].get<double>();
    EXPECT_NEAR(path["england"]["recurrent_allocation_k"][k].get<double>(), sum, 1e-3);
  }
  // The published path starts at the published position.
  const json& published = doc["published_path"];
  ASSERT_EQ(published["icbs"].size(), 42u);
  EXPECT_EQ(published["icbs"][0]["recurrent_allocation_k"][0], doc["icbs"][0]["published_allocation_k"]);
  // Without "path" there is none.
  json plain = json::parse(Call("POST", "/api/v1/finance/whatif", R"({"year": "2024/25"})", Role::kAnalyst).body);
  EXPECT_FALSE(plain.contains("path"));
  EXPECT_FALSE(plain.contains("published_path"));
  // The workbook carries the path's columns.
  Response xlsx = Call("GET", "/api/v1/finance/whatif.xlsx?scenario=%7B%22path%22%3A%7B%22years%22%3A3%7D%7D", {},
                       Role::kFinance);
  EXPECT_EQ(xlsx.status, 200) << xlsx.body;
}

TEST(FinanceRoutesTest, APracticeOfTheListMovesItsIcbsTarget) {
  Response r = Call("GET", "/api/v1/finance/icbs/QJ2/practices?year=2024/25&stream=core");
  ASSERT_EQ(r.status, 200) << r.body;
  json list = json::parse(r.body);
  EXPECT_EQ(list["icb_code"], "QJ2");
  EXPECT_EQ(list["weight_column"], "Final WP");
  ASSERT_GT(list["practices"].size(), 50u);
  const json& first = list["practices"][0];
  EXPECT_FALSE(first["name"].get<std::string>().empty());
  // Doubling that practice's weighted population lifts QJ2's target and leaves the quantum.
  json body = {{"year", "2024/25"},
               {"stream", "core"},
               {"practice_weights", {{first["code"].get<std::string>(), first["weighted"].get<double>() * 2}}}};
  json doc = json::parse(Call("POST", "/api/v1/finance/whatif", body.dump(), Role::kFinance).body);
  for (const json& icb : doc["icbs"]) {
    if (icb["icb_code"] == "QJ2") {
      EXPECT_GT(icb["target_k"].get<double>(), icb["published_target_k"].get<double>());
      EXPECT_GE(icb["allocation_k"].get<double>(), icb["published_allocation_k"].get<double>());
    } else {
      EXPECT_LT(icb["target_k"].get<double>(), icb["published_target_k"].get<double>()) << icb["icb_code"];
    }
  }
  EXPECT_NEAR(doc["quantum_k"].get<double>(), doc["published_quantum_k"].get<double>(), 1);
  // A year without a practice file answers an empty list with the reason; an unknown ICB is 404.
  json none = json::parse(Call("GET", "/api/v1/finance/icbs/QJ2/practices?year=2025/26").body);
  EXPECT_TRUE(none["practices"].empty());
  EXPECT_TRUE(none.contains("note"));
  EXPECT_EQ(Call("GET", "/api/v1/finance/icbs/QXX/practices?year=2024/25").status, 404);
}

TEST(FinanceRoutesTest, PlaceBudgetsForTheServedSystemAddUpToTheIcb) {
  Response r = Call("GET", "/api/v1/finance/places?year=2024/25", {}, Role::kFinance);
  ASSERT_EQ(r.status, 200) << r.body;
  json doc = json::parse(r.body);
  EXPECT_EQ(doc["icb"], "QJ2");
  ASSERT_EQ(doc["places"].size(), 4u);
  int64_t sum = 0;
  for (const json& p : doc["places"]) sum += p["budget_pence"].get<int64_t>();
  EXPECT_EQ(sum, doc["budget_pence"].get<int64_t>());
  // As tests/golden/finance/budget_places_derbyshire: 1,952,813 £k, north 546,864 £k.
  EXPECT_EQ(doc["budget_k"].get<double>(), 1952813);
  EXPECT_EQ(doc["places"][0]["code"], "north");
  EXPECT_NEAR(doc["places"][0]["budget_k"].get<double>(), 546864, 0.5);
  // 2025/26 has no practice file: need from 2024/25, said so.
  json later = json::parse(Call("GET", "/api/v1/finance/places?year=2025/26", {}, Role::kBoardMember).body);
  EXPECT_EQ(later["need_year"], "2024/25");
}

TEST(FinanceRoutesTest, XlsxWorkbooks) {
  auto check = [](const Response& r, const std::string& filename) {
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(r.body.substr(0, 2), "PK");  // a zip
    EXPECT_EQ(HeaderOf(r, "Content-Disposition"), "attachment; filename=\"" + filename + "\"");
  };
  check(Call("GET", "/api/v1/finance/allocations.xlsx?year=2024/25&stream=pmc"), "allocations-pmc-2024-25.xlsx");
  check(Call("GET", "/api/v1/finance/icbs/QJ2/waterfall.xlsx"), "waterfall-QJ2-core-2025-26.xlsx");
  check(Call("GET", "/api/v1/finance/places.xlsx", {}, Role::kFinance), "place-budgets-QJ2-core-2024-25.xlsx");
  check(Call("GET", "/api/v1/finance/whatif.xlsx?scenario=%7B%22settings%22%3A%7B%22convergence.cap%22%3A%221%25%22%7D%7D",
             {}, Role::kFinance),
        "whatif-core-2025-26.xlsx");
  EXPECT_EQ(Call("GET", "/api/v1/finance/whatif.xlsx").status, 401);
}

TEST(FinanceRoutesTest, EnvelopeOfTheServedIcbAddsUp) {
  EXPECT_EQ(Call("GET", "/api/v1/finance/envelope").status, 401);
  for (const char* year : {"2023/24", "2024/25", "2025/26"}) {
    Response r = Call("GET", std::string("/api/v1/finance/envelope?year=") + year, {}, Role::kFinance);
    ASSERT_EQ(r.status, 200) << r.body;
    json doc = json::parse(r.body);
    EXPECT_EQ(doc["icb"], "QJ2");
    int64_t sum = 0;
    bool rca = false;
    for (const json& l : doc["lines"]) {
      sum += l["amount_pence"].get<int64_t>();
      rca = rca || l["stream"] == "rca";
    }
    EXPECT_EQ(sum, doc["total_pence"].get<int64_t>()) << year;
    EXPECT_TRUE(rca) << year;
  }
  json doc = json::parse(Call("GET", "/api/v1/finance/envelope?year=2025/26", {}, Role::kFinance).body);
  // The first line is the core recurrent allocation: 2,188,603 £k for QJ2 in 2025/26.
  EXPECT_EQ(doc["lines"][0]["amount_k"].get<double>(), 2188603);
  Response x = Call("GET", "/api/v1/finance/envelope.xlsx?year=2024/25", {}, Role::kAnalyst);
  EXPECT_EQ(x.status, 200);
  EXPECT_EQ(x.body.substr(0, 2), "PK");
  EXPECT_EQ(Call("GET", "/api/v1/finance/envelope?year=2030/31", {}, Role::kFinance).status, 400);
}

TEST(FinanceRoutesTest, MissingDataIsUnavailableNotACrash) {
  Router r;
  AddFinanceRoutes(r, Demo(), "/nonexistent/finance");
  Request request;
  request.method = "GET";
  request.target = request.path = "/api/v1/finance/allocations";
  Response response = r.Route(request);
  EXPECT_EQ(response.status, 503) << response.body;
}

TEST(FinanceRoutesTest, YearsListsWhatIsAvailable) {
  json doc = json::parse(Call("GET", "/api/v1/finance/years").body);
  EXPECT_EQ(doc["allocations"].size(), 6u);
  EXPECT_EQ(doc["icb"], "QJ2");
  EXPECT_EQ(doc["places"].size(), 4u);
}

}  // namespace
}  // namespace ics::api
