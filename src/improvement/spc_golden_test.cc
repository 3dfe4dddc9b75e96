// Golden tests: every SPC vector under tests/data/spc_vectors, run through the engines and
// compared field by field with a relative tolerance of 1e-9.
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

#include "improvement/case_json.h"
#include "improvement/mdc.h"
#include "improvement/r_stats.h"
#include "improvement/runs.h"

namespace ics::improvement {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

fs::path VectorDir() { return fs::path(ICS_SOURCE_DIR) / "tests" / "data" / "spc_vectors"; }

json Load(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return json::parse(s.str());
}

std::vector<std::string> VectorFiles() {
  std::vector<std::string> out;
  if (!fs::exists(VectorDir())) return out;
  for (const auto& e : fs::directory_iterator(VectorDir())) {
    if (e.path().extension() == ".json" && e.path().filename() != "INDEX.json") {
      out.push_back(e.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Norm(std::string s) {
  for (char& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c == ' ' || c == '-') c = '_';
  }
  return s;
}

// The acceptance rule: numbers within 1e-9 relative (absolute below 1), null matches
// null/NaN, booleans exactly, strings after normalising case and separators.
bool Same(const json& exp, const json& got) {
  if (exp.is_array() || got.is_array()) {
    if (!exp.is_array() || !got.is_array() || exp.size() != got.size()) return false;
    for (size_t i = 0; i < exp.size(); ++i) {
      if (!Same(exp[i], got[i])) return false;
    }
    return true;
  }
  if (exp.is_null()) return got.is_null() || (got.is_number() && std::isnan(got.get<double>()));
  if (exp.is_boolean() || got.is_boolean()) {
    if (exp.is_boolean() && got.is_boolean()) return exp == got;
    if (exp.is_number() && got.is_boolean()) return exp.get<double>() == (got.get<bool>() ? 1 : 0);
    if (got.is_number() && exp.is_boolean()) return got.get<double>() == (exp.get<bool>() ? 1 : 0);
    return false;
  }
  if (exp.is_number() && got.is_number()) {
    const double a = exp.get<double>(), b = got.get<double>();
    return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a));
  }
  if (exp.is_string() && got.is_string()) return Norm(exp.get<std::string>()) == Norm(got.get<std::string>());
  return exp == got;
}

// Describes the first difference of an array field, for the failure message.
std::string FirstDifference(const json& exp, const json& got) {
  if (!exp.is_array() || !got.is_array()) return "expected " + exp.dump() + ", got " + got.dump();
  if (exp.size() != got.size()) {
    return "expected " + std::to_string(exp.size()) + " values, got " + std::to_string(got.size());
  }
  for (size_t i = 0; i < exp.size(); ++i) {
    if (!Same(exp[i], got[i])) {
      return "[" + std::to_string(i) + "] expected " + exp[i].dump() + ", got " + got[i].dump();
    }
  }
  return "";
}

void ExpectFields(const json& expected, const json& got, const std::vector<std::string>& skip,
                  const std::string& what) {
  for (auto it = expected.begin(); it != expected.end(); ++it) {
    const std::string& key = it.key();
    if (std::find(skip.begin(), skip.end(), key) != skip.end()) continue;
    ASSERT_TRUE(got.contains(key)) << what << ": no field '" << key << "' in the output";
    EXPECT_TRUE(Same(it.value(), got[key]))
        << what << ": field '" << key << "' " << FirstDifference(it.value(), got[key]);
  }
}

class SpcGolden : public testing::TestWithParam<std::string> {};

TEST_P(SpcGolden, MatchesPeerOutput) {
  const json c = Load(VectorDir() / GetParam());
  const std::string id = c.value("id", GetParam());

  if (GetParam() == "ptd_peer_rule_helpers.json") {
    auto vec = [](const json& a) { return a.get<std::vector<double>>(); };
    for (const json& t : c["seven_point_one_side_mean"])
      EXPECT_EQ(mdc_rules::SevenPointOneSideMean(vec(t["input"])), vec(t["expected"])) << t.dump();
    for (const json& t : c["part_of_seven"])
      EXPECT_EQ(mdc_rules::PartOfSeven(vec(t["input"])), vec(t["expected"])) << t.dump();
    for (const json& t : c["seven_point_trend"])
      EXPECT_EQ(mdc_rules::SevenPointTrend(vec(t["input"])), vec(t["expected"])) << t.dump();
    for (const json& t : c["two_in_three"])
      EXPECT_EQ(mdc_rules::TwoInThree(vec(t["close"]), vec(t["rtm"])), vec(t["expected"])) << t.dump();
    for (const json& t : c["part_of_two_in_three"]) {
      auto close = vec(t["close"]);
      EXPECT_EQ(mdc_rules::PartOfTwoInThree(mdc_rules::TwoInThree(close, vec(t["rtm"])), close),
                vec(t["expected"]))
          << t.dump();
    }
    return;
  }
  if (GetParam() == "ptd_peer_assurance.json") {
    for (const json& t : c["cases"]) {
      auto dir = ParseImprovementDirection(t["direction"].get<std::string>());
      ASSERT_TRUE(dir.ok());
      std::optional<double> target;
      if (t["target"].is_number()) target = t["target"].get<double>();
      auto a = AssuranceFor(target, t["lpl"].get<double>(), t["upl"].get<double>(), *dir);
      json got = a ? json(std::string(AssuranceTypeName(*a))) : json(nullptr);
      EXPECT_TRUE(Same(t["expected"], got)) << t.dump() << " got " << got.dump();
    }
    // Rebased: only the last row (the last group's limits) counts.
    const double lpl[] = {1, 5, 1}, upl[] = {3, 7, 5};
    for (const auto& [name, rc] : c["rebase_cases"].items()) {
      if (!rc.is_object()) continue;
      const int last = rc["order"].back().get<int>() - 1;
      auto a = AssuranceFor(4.0, lpl[last], upl[last], ImprovementDirection::kDecrease);
      ASSERT_TRUE(a.has_value());
      EXPECT_TRUE(Same(rc["expected"], std::string(AssuranceTypeName(*a)))) << name;
    }
    return;
  }
  if (GetParam() == "qic_anhoej_critical_values.json") {
    for (size_t i = 0; i < c["n"].size(); ++i) {
      const int64_t n = c["n"][i].get<int64_t>();
      EXPECT_EQ(LongestRunMax(n), c["longest_run_max"][i].get<int64_t>()) << "n=" << n;
      EXPECT_EQ(CrossingsMin(n), c["n_crossings_min"][i].get<int64_t>()) << "n=" << n;
    }
    return;
  }
  if (case_json::DetectKind(c) == case_json::CaseKind::kOther) {
    GTEST_SKIP() << id << " is input data, not a case";
  }

  Result<json> got = case_json::RunCase(c);
  if (c.contains("expected") && c["expected"].contains("error")) {
    // The peer stopped with an error here; our stated policy may answer or refuse, but
    // never crash or print NaN.
    if (got.ok()) {
      EXPECT_FALSE(got->dump().find("NaN") != std::string::npos);
      EXPECT_FALSE(got->at("warnings").empty()) << id << ": the policy must be stated as a warning";
    }
    return;
  }
  ASSERT_TRUE(got.ok()) << id << ": " << got.status().ToString();
  if (c.contains("expected")) {
    const json& exp = c["expected"];
    ExpectFields(exp, got->at("expected"), {"groups", "variation_icon_basis"}, id);
    const json& eg = exp["groups"];
    const json& gg = got->at("expected")["groups"];
    ASSERT_EQ(eg.size(), gg.size()) << id;
    for (size_t g = 0; g < eg.size(); ++g) {
      for (const char* k : {"rebase_group", "first_index", "n", "mean", "lpl", "upl"}) {
        EXPECT_TRUE(Same(eg[g][k], gg[g][k])) << id << " group " << g << " " << k << ": expected "
                                              << eg[g][k].dump() << ", got " << gg[g][k].dump();
      }
      // The *_derived fields were computed from upl and mean; so are ours here.
      if (eg[g]["amr_derived"].is_number()) {
        const double amr = (gg[g]["upl"].get<double>() - gg[g]["mean"].get<double>()) / 2.66;
        EXPECT_TRUE(Same(eg[g]["amr_derived"], amr)) << id << " group " << g << " amr";
        EXPECT_TRUE(Same(eg[g]["amr_derived"], gg[g]["amr"])) << id << " group " << g << " amr";
      }
    }
  }
  if (c.contains("expected_per_subgroup")) {
    // x is shown as given (dates as text); notes are compared below.
    ExpectFields(c["expected_per_subgroup"], got->at("expected_per_subgroup"), {"x", "notes"}, id);
    const json& en = c["expected_per_subgroup"]["notes"];
    const json& gn = got->at("expected_per_subgroup")["notes"];
    EXPECT_TRUE(Same(en, gn)) << id << " notes " << FirstDifference(en, gn);
  }
  if (c.contains("expected_summary")) {
    ExpectFields(c["expected_summary"], got->at("expected_summary"), {}, id + " summary");
  }
}

INSTANTIATE_TEST_SUITE_P(Vectors, SpcGolden, testing::ValuesIn(VectorFiles()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.size() - 5);
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

TEST(SpcGoldenFiles, VectorsArePresent) {
  // 38 cases and data files as copied from the reference set, plus any added later.
  EXPECT_GE(VectorFiles().size(), 38u);
}

}  // namespace
}  // namespace ics::improvement
