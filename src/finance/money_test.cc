#include "finance/money.h"

#include <gtest/gtest.h>

#include <cmath>

namespace ics::finance {
namespace {

int64_t Pence(std::string_view text) {
  std::optional<Money> m = ParseThousands(text);
  EXPECT_TRUE(m.has_value()) << text;
  return m ? m->pence() : -1;
}

TEST(MoneyTest, ParsesDecimalThousandsExactlyToPence) {
  EXPECT_EQ(Pence("2839062.4010363906"), 283906240104);  // .4010363906 £k = 40104p
  EXPECT_EQ(Pence("2964813"), 296481300000);
  EXPECT_EQ(Pence("-4337"), -433700000);
  EXPECT_EQ(Pence("+5"), 500000);
  EXPECT_EQ(Pence("0.000005"), 1);   // half a penny rounds away from zero
  EXPECT_EQ(Pence("0.0000049999"), 0);
  EXPECT_EQ(Pence("-0.000005"), -1);
  EXPECT_EQ(Pence(".5"), 50000);
  EXPECT_EQ(Pence("7."), 700000);
  EXPECT_EQ(Pence("1.2e3"), 120000000);
  EXPECT_EQ(Pence("12571.776127262896"), 1257177613);
  EXPECT_EQ(Pence("4.5E-5"), 5);
  EXPECT_EQ(Pence("1e-30"), 0);
  EXPECT_EQ(Pence(" 0012.50 "), 1250000);
}

TEST(MoneyTest, RejectsTextThatIsNotAnAmount) {
  std::string why;
  for (std::string_view bad : {"", "  ", "abc", "1,234", "1.2.3", "1e", "--1", "£5", "NaN", "inf", "1e5x"}) {
    EXPECT_FALSE(ParseThousands(bad, &why).has_value()) << bad;
    EXPECT_FALSE(why.empty());
  }
  EXPECT_FALSE(ParseThousands("1e13", &why).has_value());
  EXPECT_EQ(why, "is too large");
  EXPECT_FALSE(ParseThousands("123456789012345678901", &why).has_value());
  EXPECT_EQ(why, "is too large");
  EXPECT_FALSE(ParseThousands("", &why).has_value());
  EXPECT_EQ(why, "is empty");
}

TEST(MoneyTest, FormatsExactly) {
  EXPECT_EQ(Money::FromPence(283906240104).ToThousandsString(), "2839062.40104");
  EXPECT_EQ(Money::FromPence(283906240104).ToShortThousandsString(), "2839062.40104");
  EXPECT_EQ(Money::FromThousands(2964813).ToShortThousandsString(), "2964813");
  EXPECT_EQ(Money::FromPence(-50000).ToShortThousandsString(), "-0.5");
  EXPECT_EQ(Money::FromPence(-1).ToThousandsString(), "-0.00001");
  EXPECT_EQ(Money().ToThousandsString(), "0.00000");
}

TEST(MoneyTest, RoundsToWholeThousandsHalfAwayFromZero) {
  EXPECT_EQ(Money::FromPence(149999).RoundedToThousands().pence(), 100000);
  EXPECT_EQ(Money::FromPence(150000).RoundedToThousands().pence(), 200000);
  EXPECT_EQ(Money::FromPence(-150000).RoundedToThousands().pence(), -200000);
  EXPECT_EQ(Money::FromPence(-149999).RoundedToThousands().pence(), -100000);
  EXPECT_EQ(Money::FromThousands(1234).RoundedToThousands(10).pence(), Money::FromThousands(1230).pence());
}

TEST(MoneyTest, SumsAreExactIntegers) {
  // 0.1 + 0.2 £k in binary floating point is not 0.3; in pence it is.
  Money a = *ParseThousands("0.1"), b = *ParseThousands("0.2");
  EXPECT_EQ(a + b, *ParseThousands("0.3"));
  EXPECT_EQ((a - b).pence(), -10000);
  EXPECT_LT(a, b);
}

TEST(MoneyTest, FromRatioRoundsToNearestPenny) {
  EXPECT_EQ(MoneyFromThousands(2929138.75)->pence(), 292913875000);
  EXPECT_EQ(MoneyFromThousands(0.000004)->pence(), 0);
  EXPECT_FALSE(MoneyFromThousands(1e13).has_value());
  EXPECT_FALSE(MoneyFromThousands(std::nan("")).has_value());
}

}  // namespace
}  // namespace ics::finance
