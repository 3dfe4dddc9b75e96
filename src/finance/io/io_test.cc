// The finance adapters' shared loader and writers: a year read from the project's copies of
// the published tables, located errors for missing or bad files, CSV quoting, and the JSON
// shapes the CLI and the API both print.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "finance/allocation.h"
#include "finance/io/load.h"
#include "finance/io/report.h"
#include "finance/io/tables.h"

namespace ics::finance::io {
namespace {

const std::string kData = std::string(ICS_SOURCE_DIR) + "/data/finance";

TEST(LoadYearTest, ReadsAYearOfPublishedTablesUnderTheBuiltInPolicy) {
  Result<LoadedYear> y = LoadYear("core", "2025/26", kData);
  ASSERT_TRUE(y.ok()) << y.status().ToString();
  EXPECT_EQ(y->policy.year, "2025/26");
  EXPECT_EQ(y->policy.stream, "core");
  EXPECT_EQ(y->policy_source, "core_2025_26.json");
  EXPECT_EQ(y->inputs.icbs.size(), 42u);
  Result<Allocation> a = Allocate(y->policy.method, y->inputs.icbs);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->icbs.size(), 42u);
}

TEST(LoadYearTest, ErrorsNameTheYearTheStreamOrTheFile) {
  EXPECT_EQ(LoadYear("core", "2025-26", kData).status().where(), "year");
  EXPECT_EQ(LoadPolicy("core", "2025-26", {}, "--").status().where(), "--year");
  EXPECT_EQ(LoadYear("dental", "2025/26", kData).status().where(), "year/stream");
  EXPECT_EQ(LoadPolicy("dental", "2025/26", {}, "--").status().where(), "--year/--stream");
  EXPECT_EQ(LoadYear("core", "2025/26", "").status().where(), "data");
  Result<LoadedYear> missing = LoadYear("core", "2025/26", "/nonexistent-finance-data");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().where().rfind("/nonexistent-finance-data/", 0), 0u) << missing.status().where();
  EXPECT_EQ(ReadFile(kData).status().message(), "is a directory, not a file");
}

TEST(LoadYearTest, APolicyFileMustMatchTheYearAndStreamGiven) {
  Result<PolicySource> builtin = LoadPolicy("pmc", "2024/25");
  ASSERT_TRUE(builtin.ok()) << builtin.status().ToString();
  std::string path = ::testing::TempDir() + "/pmc_policy.json";
  std::ofstream(path) << builtin->text;
  EXPECT_TRUE(LoadPolicy("", "", path).ok());
  Result<PolicySource> wrong = LoadPolicy("core", "", path, "--");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().message(), "--stream core does not match the policy's stream pmc");
  EXPECT_EQ(wrong.status().where(), path);
  std::remove(path.c_str());
}

TEST(TablesTest, CsvQuotesOnlyWhatNeedsIt) {
  Table t;
  t.columns = {{"icb_code"}, {"icb_name"}, {"amount_k", ColumnKind::kMoneyK}};
  t.rows.push_back({TextCell("QJ2"), TextCell("Derby, \"and\" Derbyshire"), MoneyCell(Money::FromPence(123456))});
  std::ostringstream out;
  WriteCsv(t, out);
  EXPECT_EQ(out.str(), "icb_code,icb_name,amount_k\nQJ2,\"Derby, \"\"and\"\" Derbyshire\",1.23456\n");
  EXPECT_EQ(Num(0.1), "0.1");
}

TEST(ReportTest, AnUnchangedWhatIfHasNoDifferenceAndItsPathStartsAtThePublishedYear) {
  Result<LoadedYear> y = LoadYear("core", "2025/26", kData);
  ASSERT_TRUE(y.ok()) << y.status().ToString();
  Result<WhatIfModel> model = WhatIfModel::Create(y->policy, y->inputs);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  WhatIf w;
  Result<WhatIfResult> r = model->Run(w);
  ASSERT_TRUE(r.ok());
  PathOptions o;
  o.years = 3;
  Result<PathResult> path = ProjectPath(r->method, r->scenario, y->policy.year, o);
  ASSERT_TRUE(path.ok());
  nlohmann::json j = WhatIfJson(y->policy, w, *r, &*path);
  EXPECT_EQ(j["total_difference_k"], 0.0);
  ASSERT_EQ(j["icbs"].size(), 42u);
  EXPECT_EQ(j["path"]["years"].size(), 4u);
  EXPECT_EQ(j["path"]["icbs"][0]["recurrent_allocation_k"][0], j["icbs"][0]["allocation_k"]);
  EXPECT_FALSE(WhatIfJson(y->policy, w, *r, nullptr).contains("path"));
  Table t = WhatIfTable(y->policy, *r, &*path, /*changed=*/false);
  EXPECT_EQ(t.sheet, "Path to target");
  EXPECT_EQ(t.columns.back().name, "distance_" + path->years.back());
  EXPECT_EQ(AllocationTable(y->policy, r->published, y->inputs, true).rows.size(), 43u);
}

}  // namespace
}  // namespace ics::finance::io
