// QI project engine tests. The CSV cases are files a QI lead can read
// (tests/data/qi/measure_csv/*.case: the project's measures, the file as exported, then
// what the import makes of it - the points, or every error with its place and fix);
// ICS_UPDATE_GOLDEN=1 rewrites their "--- expect" part from the engine.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "improvement/measure_csv.h"
#include "improvement/qi_project.h"

namespace ics::improvement {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> SplitBar(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t bar = s.find(" | ", start);
    out.push_back(s.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) break;
    start = bar + 3;
  }
  return out;
}

std::string Num(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

std::string Render(const MeasureCsv& r) {
  std::string out;
  for (const auto& p : r.points)
    out += "point " + p.measure + " | " + p.date.ToIso() + " | " + Num(p.value) + (p.note.empty() ? "" : " | " + p.note) +
           "\n";
  for (const auto& e : r.errors) out += "error " + e.where + " " + e.message + "\n";
  return out;
}

TEST(MeasureCsvGolden, EveryCase) {
  const fs::path dir = fs::path(ICS_SOURCE_DIR) / "tests/data/qi/measure_csv";
  const bool update = std::getenv("ICS_UPDATE_GOLDEN") != nullptr;
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".case") continue;
    ++cases;
    const std::string text = Read(entry.path());
    const size_t csv_at = text.find("--- csv\n");
    const size_t expect_at = text.find("--- expect\n");
    ASSERT_NE(csv_at, std::string::npos) << entry.path();
    ASSERT_NE(expect_at, std::string::npos) << entry.path();
    MeasureCsvOptions options;
    options.file = "data.csv";
    std::istringstream head(text.substr(0, csv_at));
    for (std::string line; std::getline(head, line);) {
      if (line.rfind("measures: ", 0) == 0) options.measures = SplitBar(line.substr(10));
      if (line.rfind("measure: ", 0) == 0) options.measure = line.substr(9);
    }
    const std::string csv = text.substr(csv_at + 8, expect_at - csv_at - 8);
    const std::string got = Render(ParseMeasureCsv(csv, options));
    if (update) {
      std::ofstream(entry.path(), std::ios::binary) << text.substr(0, expect_at + 11) << got;
      continue;
    }
    EXPECT_EQ(got, text.substr(expect_at + 11)) << entry.path();
  }
  EXPECT_GE(cases, 8);
}

TEST(MeasureCsv, NothingIsReturnedWhenAnyCellIsWrong) {
  auto r = ParseMeasureCsv("date,value\n2024-01-01,1\n2024-02-01,x\n", {"f.csv", {"A"}, "A"});
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.points.empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].where, "f.csv:3:12");
}

TEST(MeasureCsv, ErrorsStopAtAHundredAndSayHowManyMore) {
  std::string csv = "date,value\n";
  for (int i = 0; i < 150; ++i) csv += "not a date,1\n";
  auto r = ParseMeasureCsv(csv, {"f.csv", {"A"}, "A"});
  ASSERT_EQ(r.errors.size(), 101u);
  EXPECT_NE(r.errors.back().message.find("50 more errors"), std::string::npos);
}

TEST(ProgressScale, TenLevelsFromHalfToFiveInHalfSteps) {
  auto scale = ProgressScale();
  ASSERT_EQ(scale.size(), 10u);
  for (size_t i = 0; i < scale.size(); ++i) EXPECT_EQ(scale[i].tenths, static_cast<int>(5 * (i + 1)));
  EXPECT_EQ(ProgressLevelFor(10).label, "Charter and team established");
  EXPECT_EQ(ProgressLevelFor(50).label, "Outstanding sustainable results");
  EXPECT_EQ(FormatProgressScore(25), "2.5");
  EXPECT_EQ(FormatProgressScore(50), "5.0");
  EXPECT_EQ(*ProgressScoreTenths(2.5), 25);
  EXPECT_EQ(*ProgressScoreTenths(0.5), 5);
  for (double bad : {0.0, 0.25, 5.5, 2.4, -1.0, std::nan("")}) {
    auto r = ProgressScoreTenths(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().where(), "score");
  }
}

TEST(MeasureChartSettings, RefusesWhatTheChartWouldRefuseNamingTheField) {
  EXPECT_TRUE(MeasureChartSettings("mdc", "", "decrease", 4.5).ok());
  EXPECT_TRUE(MeasureChartSettings("life-qi", "run", "increase", std::nullopt).ok());
  EXPECT_EQ(MeasureChartSettings("excel", "", "increase", std::nullopt).status().where(), "preset");
  EXPECT_EQ(MeasureChartSettings("mdc", "p", "increase", std::nullopt).status().where(), "chart");
  EXPECT_EQ(MeasureChartSettings("mdc", "", "up", std::nullopt).status().where(), "direction");
  EXPECT_EQ(MeasureChartSettings("life-qi", "", "increase", 3.0).status().where(), "target");
}

// Two years of monthly falls: about 7 per 1,000 bed days, then about 4.5 after the
// huddles started in month 13 (a shift the XmR chart calls an improvement when fewer is better).
std::vector<MdcPoint> Falls() {
  std::vector<MdcPoint> out;
  const double wobble[] = {0.3, -0.2, 0.1, -0.4, 0.2, 0.0, -0.1, 0.4, -0.3, 0.1, -0.2, 0.2};
  for (int i = 0; i < 24; ++i) out.push_back({Date{2023, 1, 1}.AddMonths(i), (i < 12 ? 7.0 : 4.5) + wobble[i % 12]});
  return out;
}

TEST(Dashboard, ProjectsByLatestScoreWithTrendSignalsAndPdsas) {
  QiProjectInput falls;
  falls.id = 1;
  falls.title = "Fewer falls";
  falls.status = "active";
  falls.scores = {{{2024, 6, 1}, 35}, {{2023, 6, 1}, 20}};
  QiMeasureInput m;
  m.id = 10;
  m.name = "Falls per 1,000 bed days";
  m.type = "outcome";
  m.chart.direction = ImprovementDirection::kDecrease;
  m.points = Falls();
  falls.measures.push_back(m);
  QiMeasureInput empty;
  empty.id = 11;
  empty.name = "Harm";
  falls.measures.push_back(empty);
  falls.pdsas = {{1, "Huddles", "completed", Date{2024, 1, 1}, std::nullopt, {10}},
                 {2, "Spread to 302", "in_progress", Date{2024, 5, 1}, std::nullopt, {10, 11}},
                 {3, "Idea", "planned", std::nullopt, std::nullopt, {10}}};

  QiProjectInput discharge;
  discharge.id = 2;
  discharge.title = "Discharge before noon";
  discharge.scores = {{{2024, 5, 1}, 35}};
  QiProjectInput unscored;
  unscored.id = 3;
  unscored.title = "A new idea";

  std::vector<QiProjectInput> all = {unscored, discharge, falls};
  QiDashboard d = SummariseProjects(all);
  ASSERT_EQ(d.projects.size(), 3u);
  EXPECT_EQ(d.projects[0].title, "Discharge before noon");  // 3.5, then by title
  EXPECT_EQ(d.projects[1].title, "Fewer falls");
  EXPECT_EQ(d.projects[2].title, "A new idea");
  EXPECT_EQ(d.projects[0].score_trend, "first");
  const QiProjectSummary& f = d.projects[1];
  EXPECT_EQ(*f.score_tenths, 35);
  EXPECT_EQ(*f.previous_score_tenths, 20);
  EXPECT_EQ(f.score_trend, "up");
  EXPECT_EQ(f.pdsas_in_progress, 1);
  EXPECT_EQ(f.pdsas_completed, 1);
  ASSERT_EQ(f.measures.size(), 2u);
  EXPECT_EQ(f.measures[0].signal, "improvement");
  EXPECT_EQ(f.measures[0].variation_icon, VariationIcon::kImprovementLow);
  EXPECT_EQ(f.measures[0].points, 24);
  EXPECT_EQ(f.measures[1].signal, "no_chart");
  EXPECT_EQ(f.measures[1].note, "no data yet");
  EXPECT_EQ(d.unscored, 1);
  EXPECT_EQ(d.projects_per_level[6], 2);  // two projects at 3.5
  EXPECT_EQ(d.measures_improving, 1);
  EXPECT_EQ(d.pdsas_in_progress, 1);

  auto notes = PdsaAnnotations(10, falls.pdsas);
  ASSERT_EQ(notes.size(), 2u);  // the planned one has no date yet
  EXPECT_EQ(notes[0].label, "Huddles");
  EXPECT_EQ(notes[1].date, (Date{2024, 5, 1}));
  EXPECT_EQ(PdsaAnnotations(11, falls.pdsas).size(), 1u);
}

}  // namespace
}  // namespace ics::improvement
