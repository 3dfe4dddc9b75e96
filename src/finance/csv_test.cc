#include "finance/csv.h"

#include <gtest/gtest.h>

namespace ics::finance {
namespace {

TEST(CsvTest, ParsesQuotesCrlfBomAndBlankLines) {
  std::string text =
      "\xEF\xBB\xBFrow_type,name,\"a, b\"\r\n"
      "icb,\"NHS \"\"X\"\" ICB\",1.5\r\n"
      "\r\n"
      "icb,\"two\nlines\",2\n";
  Result<CsvTable> t = CsvTable::Parse(text, "f.csv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->header().size(), 3u);
  EXPECT_EQ(t->header()[0], "row_type");
  EXPECT_EQ(t->header()[2], "a, b");
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ(t->cell(0, 1), "NHS \"X\" ICB");
  EXPECT_EQ(t->cell(1, 1), "two\nlines");
  EXPECT_EQ(t->Where(0), "f.csv:2");
  EXPECT_EQ(t->Where(1), "f.csv:4");
  EXPECT_EQ(*t->Column("a, b"), 2u);
}

TEST(CsvTest, LocatesStructuralErrors) {
  Result<CsvTable> fields = CsvTable::Parse("a,b\n1,2\n3\n", "f.csv");
  ASSERT_FALSE(fields.ok());
  EXPECT_EQ(fields.status().where(), "f.csv:3");
  EXPECT_NE(fields.status().message().find("1 fields but the header has 2"), std::string::npos);

  Result<CsvTable> quote = CsvTable::Parse("a,b\n1,\"2\n", "f.csv");
  ASSERT_FALSE(quote.ok());
  EXPECT_EQ(quote.status().where(), "f.csv:2");

  Result<CsvTable> dup = CsvTable::Parse("a,a\n", "f.csv");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().where(), "f.csv:1");

  EXPECT_FALSE(CsvTable::Parse("", "f.csv").ok());
}

TEST(CsvTest, MissingColumnSuggestsTheClosestHeader) {
  Result<CsvTable> t = CsvTable::Parse("ICB23,Final WP\nQOQ,1\n", "p.csv");
  ASSERT_TRUE(t.ok());
  Result<size_t> c = t->Column("Final  WP");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().where(), "p.csv:1");
  EXPECT_NE(c.status().message().find("did you mean \"Final WP\""), std::string::npos) << c.status().message();
}

TEST(CsvTest, TypedCellsNeverTurnBadTextIntoZero) {
  Result<CsvTable> t = CsvTable::Parse("code,amount\nA,12.5\nB,\nC,abc\nD,-3\n", "t.csv");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->MoneyCell(0, 1, false)->pence(), 1250000);
  EXPECT_DOUBLE_EQ(*t->NumberCell(0, 1, false), 12.5);

  Result<Money> empty = t->MoneyCell(1, 1, true);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().where(), "t.csv:3");
  EXPECT_NE(empty.status().message().find("column \"amount\""), std::string::npos);
  EXPECT_NE(empty.status().message().find("empty"), std::string::npos);
  EXPECT_FALSE(t->NumberCell(1, 1, true).ok());

  Result<Money> text = t->MoneyCell(2, 1, true);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().where(), "t.csv:4");
  EXPECT_NE(text.status().message().find("\"abc\" is not a number"), std::string::npos);
  Result<double> ntext = t->NumberCell(2, 1, true);
  ASSERT_FALSE(ntext.ok());
  EXPECT_NE(ntext.status().message().find("is not a number"), std::string::npos);

  Result<Money> negative = t->MoneyCell(3, 1, false);
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.status().message().find("must not be negative"), std::string::npos);
  EXPECT_EQ(t->MoneyCell(3, 1, true)->pence(), -300000);
  EXPECT_FALSE(t->NumberCell(3, 1, false).ok());
  EXPECT_FALSE(t->TextCell(1, 1).ok());
}

TEST(CsvTest, LongCellsAreCutAtACharacterBoundaryInMessages) {
  std::string pounds;
  for (int i = 0; i < 30; ++i) pounds += "\xC2\xA3";  // "£" x 30 = 60 bytes
  Result<CsvTable> t = CsvTable::Parse("Amount (\xC2\xA3k)\n" + pounds + "\n", "t.csv");
  ASSERT_TRUE(t.ok());
  Result<Money> m = t->MoneyCell(0, 0, false);
  ASSERT_FALSE(m.ok());
  const std::string& message = m.status().message();
  EXPECT_NE(message.find("column \"Amount (\xC2\xA3k)\""), std::string::npos) << message;
  size_t dots = message.find("...\"");
  ASSERT_NE(dots, std::string::npos);
  EXPECT_EQ(message.substr(dots - 2, 2), "\xC2\xA3");  // a whole "£" before the cut
}

}  // namespace
}  // namespace ics::finance
