// The life-qi preset: the golden cases under tests/data/spc_vectors/life_qi (one series per
// rule edge, written for a QI reader), the refusals, and unit tests of the engine and of the
// one-call measure chart.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "improvement/life_qi.h"
#include "improvement/life_qi_json.h"
#include "improvement/measure_chart.h"
#include "improvement/preset.h"
#include "improvement/r_stats.h"

namespace ics::improvement {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

fs::path CaseDir() { return fs::path(ICS_SOURCE_DIR) / "tests" / "data" / "spc_vectors" / "life_qi"; }

json Load(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return json::parse(s.str());
}

std::vector<std::string> CaseFiles() {
  std::vector<std::string> out;
  if (!fs::exists(CaseDir())) return out;
  for (const auto& e : fs::directory_iterator(CaseDir())) {
    if (e.path().extension() == ".json" && e.path().filename() != "refusals.json") {
      out.push_back(e.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool Near(const json& expected, const json& got) {
  if (expected.is_null()) return got.is_null();
  if (!expected.is_number() || !got.is_number()) return false;
  const double a = expected.get<double>(), b = got.get<double>();
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a));
}

std::string Join(const json& labels) {
  std::string out;
  for (const json& l : labels) out += (out.empty() ? "" : ", ") + l.get<std::string>();
  return out;
}

class LifeQiGolden : public testing::TestWithParam<std::string> {};

TEST_P(LifeQiGolden, SignalsAsWritten) {
  const json c = Load(CaseDir() / GetParam());
  const std::string id = c.value("id", GetParam());
  ASSERT_TRUE(IsLifeQiCase(c)) << id;
  Result<json> got = RunLifeQiCase(c);
  ASSERT_TRUE(got.ok()) << id << ": " << got.status().ToString();
  EXPECT_EQ(got->at("preset"), "life-qi");
  EXPECT_EQ(got->at("chart"), c.value("chart", "i"));
  for (auto it = c["expected_chart"].begin(); it != c["expected_chart"].end(); ++it) {
    EXPECT_TRUE(Near(it.value(), got->at(it.key())))
        << id << ": " << it.key() << " expected " << it.value() << ", got " << got->at(it.key());
  }
  const json& cols = c["columns"];
  const auto col = [&](const std::string& name) -> int {
    for (size_t i = 0; i < cols.size(); ++i) {
      if (cols[i] == name) return static_cast<int>(i);
    }
    return -1;
  };
  const int signals = col("expected signals"), type = col("expected point type");
  ASSERT_GE(signals, 0) << id;
  ASSERT_EQ(got->at("points").size(), c["points"].size()) << id;
  for (size_t i = 0; i < c["points"].size(); ++i) {
    const json& row = c["points"][i];
    const json& p = got->at("points")[i];
    EXPECT_EQ(p["date"], row[0]) << id << " point " << i;
    EXPECT_EQ(Join(p["signals"]), row[signals].get<std::string>())
        << id << " point " << i << " (" << row[0] << ", " << row[1] << ")";
    if (type >= 0) {
      EXPECT_EQ(p["point_type"], row[type]) << id << " point " << i;
    }
    // A point with no expected signal is common cause; one with a signal is not.
    EXPECT_EQ(p["point_type"] == "common_cause", row[signals].get<std::string>().empty()) << id << " " << i;
  }
  for (const json& er : c.value("expected_rules", json::array())) {
    const json* rule = nullptr;
    for (const json& r : got->at("rules")) {
      if (r["id"] == er["id"]) rule = &r;
    }
    ASSERT_NE(rule, nullptr) << id << ": no rule " << er["id"];
    EXPECT_EQ((*rule)["enabled"], er["enabled"]) << id << " " << er["id"];
    EXPECT_EQ((*rule)["status"], er["status"]) << id << " " << er["id"];
    if (er.contains("definition_contains")) {
      EXPECT_NE((*rule)["definition"].get<std::string>().find(er["definition_contains"].get<std::string>()),
                std::string::npos)
          << id << " " << (*rule)["definition"];
    }
    EXPECT_FALSE((*rule)["source"].get<std::string>().empty()) << id << " " << er["id"];
  }
  for (const json& w : c.value("expected_warnings_contain", json::array())) {
    bool found = false;
    for (const json& g : got->at("warnings")) {
      found = found || g.get<std::string>().find(w.get<std::string>()) != std::string::npos;
    }
    EXPECT_TRUE(found) << id << ": no warning containing '" << w.get<std::string>() << "' in "
                       << got->at("warnings").dump();
  }
  EXPECT_EQ(got->dump().find("NaN"), std::string::npos) << id;
}

INSTANTIATE_TEST_SUITE_P(Cases, LifeQiGolden, testing::ValuesIn(CaseFiles()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.size() - 5);
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

TEST(LifeQiGoldenFiles, CasesArePresent) { EXPECT_GE(CaseFiles().size(), 15u); }

TEST(LifeQiGoldenFiles, RefusalsNameTheField) {
  const json c = Load(CaseDir() / "refusals.json");
  ASSERT_TRUE(c["refusals"].size() >= 10u);
  for (const json& r : c["refusals"]) {
    json one = c;
    one.erase("refusals");
    one["chart"] = r["chart"];
    if (r.contains("options")) one["options"] = r["options"];
    Result<json> got = RunLifeQiCase(one);
    ASSERT_FALSE(got.ok()) << r.dump();
    EXPECT_EQ(got.status().where(), r["expected_error_field"].get<std::string>()) << r.dump();
    EXPECT_NE(got.status().message().find(r["message_contains"].get<std::string>()), std::string::npos)
        << r.dump() << ": " << got.status().message();
  }
}

std::vector<MdcPoint> Series(const std::vector<double>& values) {
  std::vector<MdcPoint> out;
  Date d = *ParseIsoDate("2024-01-01");
  for (double v : values) {
    out.push_back({d, v});
    d = d.AddDays(7);
  }
  return out;
}

TEST(LifeQi, TrendDownAndTurningPoint) {
  // 1..6 rising then 6..1 falling: the peak belongs to both trends and takes the first.
  auto r = AnalyseLifeQi(Series({1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1}), {});
  ASSERT_TRUE(r.ok());
  for (size_t i = 0; i < 11; ++i) {
    EXPECT_TRUE(r->points[i].trend) << i;
    EXPECT_EQ(r->points[i].trend_direction, i <= 5 ? 1 : -1) << i;
  }
}

TEST(LifeQi, SortsByDateAndRefusesDuplicates) {
  auto pts = Series({3, 1, 2});
  std::swap(pts[0], pts[2]);
  auto r = AnalyseLifeQi(pts, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->points[0].value, 3);
  EXPECT_EQ(r->points[2].value, 2);
  pts[1].date = pts[0].date;
  auto dup = AnalyseLifeQi(pts, {});
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("duplicate date"), std::string::npos);
  EXPECT_FALSE(AnalyseLifeQi({}, {}).ok());
}

TEST(LifeQi, AllMissingAndSinglePoint) {
  auto r = AnalyseLifeQi(Series({kNa, kNa}), {});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(IsNa(r->centre));
  EXPECT_FALSE(r->warnings.empty());
  auto one = AnalyseLifeQi(Series({5}), {});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->centre, 5);
  EXPECT_TRUE(IsNa(one->ucl));
  const std::string dump = LifeQiJson(*one).dump();
  EXPECT_EQ(dump.find("NaN"), std::string::npos);
  EXPECT_NE(dump.find("\"ucl\":null"), std::string::npos);
}

TEST(LifeQi, NeutralDirectionAndInfinities) {
  LifeQiOptions o;
  o.direction = ImprovementDirection::kNeutral;
  auto r = AnalyseLifeQi(Series({10, 12, 8, 11, 9, 10, 12, 8, 11, 9, 40, 10,
                                 std::numeric_limits<double>::infinity()}),
                         o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->points[10].point_type, PointType::kNeutralHigh);
  EXPECT_TRUE(IsNa(r->points[12].value));  // an infinity is treated as missing
}

TEST(Presets, LifeQiIsSelectableAndNeverGuessed) {
  EXPECT_EQ(*ParsePreset("life-qi"), Preset::kLifeQi);
  EXPECT_EQ(PresetName(Preset::kLifeQi), "life-qi");
  EXPECT_FALSE(ParsePreset("lifeqi").ok());
  EXPECT_EQ(ParseChart("i")->preset, Preset::kQicharts2);  // without a preset: qicharts2
  EXPECT_EQ(ParseChartForPreset(Preset::kLifeQi, "")->life_qi_chart, LifeQiChart::kSpc);
  EXPECT_EQ(ParseChartForPreset(Preset::kLifeQi, "run")->life_qi_chart, LifeQiChart::kRun);
  EXPECT_EQ(ParseChartForPreset(Preset::kMdc, "")->preset, Preset::kMdc);
  EXPECT_EQ(ParseChartForPreset(Preset::kQicharts2, "")->qic_chart, QicChart::kRun);
  EXPECT_FALSE(ParseChartForPreset(Preset::kMdc, "run").ok());
  EXPECT_FALSE(ParseChartForPreset(Preset::kQicharts2, "xmr").ok());
  auto mixed = ParseChartForPreset(Preset::kLifeQi, "p");
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.status().where(), "chart");
}

TEST(MeasureChart, OneCallPerPreset) {
  const auto pts = Series({9, 11, 8, 12, 11, 9, 12, 11, 13, 12, 10, 11, 13, 12, 11, 7, 8, 6, 7, 7});
  for (Preset p : {Preset::kMdc, Preset::kLifeQi, Preset::kQicharts2}) {
    for (const char* chart : {"", "run"}) {
      MeasureChartOptions o;
      o.preset = p;
      o.chart = chart;
      auto r = ChartMeasure(pts, o);
      if (p == Preset::kMdc && std::string(chart) == "run") {
        EXPECT_FALSE(r.ok());
        continue;
      }
      ASSERT_TRUE(r.ok()) << PresetName(p) << " " << chart << ": " << r.status().ToString();
      EXPECT_EQ(r->points.size(), pts.size());
      EXPECT_FALSE(r->rules.empty());
      EXPECT_EQ(r->preset, p);
    }
  }
  MeasureChartOptions life;
  life.preset = Preset::kLifeQi;
  auto r = ChartMeasure(pts, life);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->chart, "i");
  EXPECT_EQ(r->points[6].signals, std::vector<std::string>{"shift above"});
  EXPECT_EQ(r->points[6].point_type, PointType::kImprovement);
  EXPECT_TRUE(r->points[10].signals.empty());
  life.target = 10;
  EXPECT_FALSE(ChartMeasure(pts, life).ok());
  MeasureChartOptions p_chart;
  p_chart.preset = Preset::kQicharts2;
  p_chart.chart = "p";
  EXPECT_FALSE(ChartMeasure(pts, p_chart).ok());
}

}  // namespace
}  // namespace ics::improvement
