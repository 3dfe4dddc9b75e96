#include "oversight/csv.h"

#include <gtest/gtest.h>

namespace ics::oversight {
namespace {

TEST(Csv, QuotesCrlfBomAndLines) {
  auto t = CsvTable::Parse("\xEF\xBB\xBForg,name\r\n\r\nRTG,\"Derby, \"\"and\"\" Burton\"\r\nRFS,\"two\nlines\"\nRXM, spaced \n",
                           "orgs.csv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->size(), 3u);
  EXPECT_EQ(t->cell(0, 1), "Derby, \"and\" Burton");
  EXPECT_EQ(t->Where(0), "orgs.csv:3");
  EXPECT_EQ(t->cell(1, 1), "two\nlines");
  EXPECT_EQ(t->Where(2), "orgs.csv:6");
  EXPECT_EQ(t->cell(2, 1), "spaced");
}

TEST(Csv, ErrorsNameTheLine) {
  auto fields = CsvTable::Parse("a,b\n1,2\n3\n", "x.csv");
  ASSERT_FALSE(fields.ok());
  EXPECT_EQ(fields.status().where(), "x.csv:3");
  EXPECT_NE(fields.status().message().find("expected 2 fields"), std::string::npos);

  auto quote = CsvTable::Parse("a\n\"open\n", "x.csv");
  ASSERT_FALSE(quote.ok());
  EXPECT_EQ(quote.status().where(), "x.csv:2");

  auto after = CsvTable::Parse("a\n\"x\"y\n", "x.csv");
  EXPECT_FALSE(after.ok());
  auto dup = CsvTable::Parse("a,a\n", "x.csv");
  EXPECT_FALSE(dup.ok());
  auto empty = CsvTable::Parse("", "x.csv");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().where(), "x.csv:1");
  auto nul = CsvTable::Parse(std::string("a\nb\0c\n", 7), "x.csv");
  EXPECT_FALSE(nul.ok());
  auto many = CsvTable::Parse("a\n1\n2\n3\n", "x.csv", 2);
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.status().code(), StatusCode::kResourceExhausted);
}

TEST(Csv, MissingColumnSuggestsTheClosest) {
  auto t = CsvTable::Parse("org,metrc,value\n", "m.csv");
  ASSERT_TRUE(t.ok());
  auto c = t->RequireColumn("metric");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("did you mean \"metrc\""), std::string::npos) << c.status().message();
}

}  // namespace
}  // namespace ics::oversight
