#include "base/date.h"

#include <gtest/gtest.h>

#include "base/text.h"

namespace ics {
namespace {

TEST(Date, ParsesAndRoundTrips) {
  std::optional<Date> d = ParseIsoDate("2022-07-01");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->ToIso(), "2022-07-01");
  EXPECT_EQ(Date::FromDaysSinceEpoch(d->DaysSinceEpoch()), *d);
  EXPECT_EQ((Date{1970, 1, 1}.DaysSinceEpoch()), 0);
}

TEST(Date, RejectsImpossibleDatesWithAReason) {
  std::string why;
  EXPECT_FALSE(ParseIsoDate("2023-02-29", &why).has_value());
  EXPECT_EQ(why, "2023-02-29 is not a date: February 2023 has 28 days");
  EXPECT_TRUE(ParseIsoDate("2024-02-29").has_value());
  EXPECT_FALSE(ParseIsoDate("2024-13-01", &why).has_value());
  EXPECT_FALSE(ParseIsoDate("1 July 2022", &why).has_value());
  EXPECT_NE(why.find("YYYY-MM-DD"), std::string::npos);
}

TEST(Date, Arithmetic) {
  Date d{2024, 1, 31};
  EXPECT_EQ(d.AddMonths(1), (Date{2024, 2, 29}));
  EXPECT_EQ(d.AddDays(1), (Date{2024, 2, 1}));
  EXPECT_EQ(DaysBetween(Date{2023, 3, 31}, Date{2024, 3, 31}), 366);
}

TEST(Text, SuggestsCloseWords) {
  std::vector<std::string> keys = {"organisations", "people", "places"};
  EXPECT_EQ(ClosestMatch("organizations", keys), "organisations");
  EXPECT_EQ(ClosestMatch("zzz", keys), "");
  EXPECT_EQ(EditDistance("chiar", "chair"), 1u);
  EXPECT_EQ(ClosestMatch("mental_trust", std::vector<std::string>{"mental_health_trust", "acute_trust"}), "mental_health_trust");
  EXPECT_EQ(JoinWithAnd({"a", "b", "c"}), "a, b and c");
}

}  // namespace
}  // namespace ics
