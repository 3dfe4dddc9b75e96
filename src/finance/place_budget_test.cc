#include "finance/place_budget.h"

#include <gtest/gtest.h>

#include "finance/test_data.h"

namespace ics::finance {
namespace {

const char* kPractices =
    "Practice_Code,GP_Practice_Name,ICS22,LAD21,LTLA21,CCG21,pop,Final WP,MH WP\n"
    "P1,One,QAA,LA1,Town,01A,1000,1200,900\n"
    "P2,Two,QAA,LA1,Town,01A,1000,1000,1100\n"
    "P3,Three,QAA,LA2,Shire,01B,2000,1800,2000\n"
    "P4,Four,QBB,LA9,Elsewhere,02A,500,500,500\n";

NeedTableSpec Spec() {
  NeedTableSpec s;
  s.name_column = "GP_Practice_Name";
  s.population_column = "pop";
  s.area_name_column = "LTLA21";
  s.component_columns = {"MH WP", "Mat WP"};
  return s;
}

TEST(PlaceBudgetTest, SharesNeedIndicesAndBudgetsThatAddUp) {
  Result<NeedTable> need = ReadNeedTable(kPractices, "p.csv", Spec(), "QAA");
  ASSERT_TRUE(need.ok()) << need.status().ToString();
  EXPECT_EQ(need->practices.size(), 3u);
  EXPECT_EQ(need->components, std::vector<std::string>{"MH WP"});
  EXPECT_EQ(need->missing_components, std::vector<std::string>{"Mat WP"});
  // ICB: population 4000, weighted 4000 (index 1). LA1: 2000 people, 2200 weighted.
  Result<PlaceBudgets> b = BudgetsByArea(*need, Money::FromThousands(1000));
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_EQ(b->places.size(), 2u);
  const PlaceBudget& la1 = b->places[0];
  EXPECT_EQ(la1.id, "LA1");
  EXPECT_EQ(la1.name, "Town");
  EXPECT_EQ(la1.practices, 2);
  EXPECT_DOUBLE_EQ(la1.share, 0.55);
  EXPECT_DOUBLE_EQ(la1.need_index, 1.1);
  EXPECT_DOUBLE_EQ(la1.component_index[0], 1.0);  // MH: 2000/2000 vs 4000/4000
  EXPECT_EQ(la1.budget, Money::FromThousands(550));
  EXPECT_DOUBLE_EQ(la1.per_head, 275);
  EXPECT_EQ(b->places[1].budget, Money::FromThousands(450));
  EXPECT_DOUBLE_EQ(b->places[1].need_index, 0.9);
}

TEST(PlaceBudgetTest, ApportionKeepsEveryPenny) {
  std::vector<Money> parts = Apportion(Money::FromPence(100), {1, 1, 1});
  EXPECT_EQ(parts[0], Money::FromPence(34));
  EXPECT_EQ(parts[1], Money::FromPence(33));
  EXPECT_EQ(parts[2], Money::FromPence(33));
  Money total;
  std::vector<Money> big = Apportion(*ParseThousands("1234567.89012"), {3.3, 1.7, 2.2, 9.9, 0});
  for (Money m : big) total += m;
  EXPECT_EQ(total, *ParseThousands("1234567.89012"));
  EXPECT_EQ(big[4], Money());
}

TEST(PlaceBudgetTest, PlaceMapsGroupFootprints) {
  Result<NeedTable> need = ReadNeedTable(kPractices, "p.csv", Spec(), "QAA");
  ASSERT_TRUE(need.ok());
  Result<PlaceMap> map = ParsePlaceMap("place,name,code\nall,Whole ICB,LA1\nall,Whole ICB,LA2\n", "places.csv");
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  Result<PlaceBudgets> b = BudgetsByPlaceMap(*need, *map, Money::FromThousands(1000));
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_EQ(b->places.size(), 1u);
  EXPECT_EQ(b->places[0].budget, Money::FromThousands(1000));
  EXPECT_DOUBLE_EQ(b->places[0].need_index, 1.0);
}

TEST(PlaceBudgetTest, BadMapsAndPracticesAreLocated) {
  Result<NeedTable> need = ReadNeedTable(kPractices, "p.csv", Spec(), "QAA");
  ASSERT_TRUE(need.ok());
  Status overlap = ParsePlaceMap("place,code\nnorth,LA1\nsouth,LA2\nsouth,LA1\n", "m.csv").status();
  EXPECT_EQ(overlap.where(), "m.csv:4");
  EXPECT_NE(overlap.message().find("in place north (at m.csv:2) and in place south"), std::string::npos)
      << overlap.message();
  EXPECT_EQ(ParsePlaceMap("place,code\nnorth,LA1\nnorth,LA1\n", "m.csv").status().where(), "m.csv:3");
  EXPECT_EQ(ParsePlaceMap("place,code\nnorth,\n", "m.csv").status().where(), "m.csv:2");
  EXPECT_EQ(ParsePlaceMap("place,name,code\nn,North,LA1\nn,South,LA2\n", "m.csv").status().where(), "m.csv:3");

  Result<PlaceMap> partial = ParsePlaceMap("place,code\nnorth,LA1\n", "m.csv");
  Status unmapped = BudgetsByPlaceMap(*need, *partial, Money::FromThousands(1)).status();
  EXPECT_EQ(unmapped.where(), "p.csv:4");
  EXPECT_NE(unmapped.message().find("practice P3 (LAD21 LA2) is in no place"), std::string::npos);
  Result<PlaceBudgets> rest = BudgetsByPlaceMap(*need, *partial, Money::FromThousands(1), "rest");
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->places.size(), 2u);

  Result<PlaceMap> foreign = ParsePlaceMap("place,code\nnorth,LA1\nsouth,LA2\nsouth,LA9\n", "m.csv");
  Status unknown = BudgetsByPlaceMap(*need, *foreign, Money::FromThousands(1)).status();
  EXPECT_EQ(unknown.where(), "m.csv:4");
  EXPECT_NE(unknown.message().find("no practice of ICB QAA has LAD21 LA9"), std::string::npos);

  Status dup = ReadNeedTable(std::string(kPractices) + "P1,Again,QBB,LA9,E,02A,1,1,1\n", "p.csv", Spec(), "QAA")
                   .status();
  EXPECT_EQ(dup.where(), "p.csv:6");
  Status neg = ReadNeedTable("Practice_Code,GP_Practice_Name,ICS22,LAD21,LTLA21,pop,Final WP,MH WP\n"
                             "P1,A,QAA,L,T,-5,1,1\n",
                             "p.csv", Spec(), "QAA")
                   .status();
  EXPECT_EQ(neg.where(), "p.csv:2");
  Status missing = ReadNeedTable(kPractices, "p.csv", Spec(), "QAB").status();
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_NE(missing.message().find("did you mean QAA"), std::string::npos) << missing.message();

  NeedTableSpec by_pcn = Spec();
  by_pcn.area_column = "CCG21";
  by_pcn.area_name_column.clear();
  by_pcn.name_column.clear();
  Result<NeedTable> blank = ReadNeedTable(
      "Practice_Code,ICS22,CCG21,pop,Final WP\nP1,QAA,,10,10\n", "p.csv", by_pcn, "QAA");
  ASSERT_TRUE(blank.ok()) << blank.status().ToString();
  EXPECT_EQ(BudgetsByArea(*blank, Money::FromThousands(1)).status().where(), "p.csv:2");
}

// Derby and Derbyshire (QJ2), 2024/25: the nine local authorities of the practices, and the
// four place partnerships of examples/derby-derbyshire as a place map.
TEST(PlaceBudgetTest, DerbyAndDerbyshireLocalAuthoritiesAndPlaces) {
  NeedTableSpec spec;
  spec.area_name_column = "LTLA21";
  spec.component_columns = {"G&A WP", "CS WP", "MH WP", "Mat WP", "Health Ineq WP", "Prescr WP"};
  Result<NeedTable> need =
      ReadNeedTable(testing::DataFile("gp_practice_weighted_populations_2024_25.csv"),
                    "gp_practice_weighted_populations_2024_25.csv", spec, "QJ2");
  ASSERT_TRUE(need.ok()) << need.status().ToString();
  EXPECT_EQ(need->practices.size(), 118u);
  EXPECT_TRUE(need->missing_components.empty());
  const Money budget = Money::FromThousands(2500000);
  Result<PlaceBudgets> by_la = BudgetsByArea(*need, budget);
  ASSERT_TRUE(by_la.ok()) << by_la.status().ToString();
  EXPECT_EQ(by_la->places.size(), 9u);
  Money total;
  double share = 0;
  for (const PlaceBudget& p : by_la->places) {
    total += p.budget;
    share += p.share;
  }
  EXPECT_EQ(total, budget);
  EXPECT_NEAR(share, 1.0, 1e-12);

  Result<PlaceMap> map = ParsePlaceMap(
      "place,name,code\n"
      "north,\"Chesterfield, North East Derbyshire and Bolsover\",E07000034\n"
      "north,,E07000038\nnorth,,E07000033\n"
      "derby-city,Derby City,E06000015\n"
      "south,\"South Derbyshire, Amber Valley and Erewash\",E07000039\nsouth,,E07000032\nsouth,,E07000036\n"
      "dales-high-peak,Derbyshire Dales and High Peak,E07000035\ndales-high-peak,,E07000037\n",
      "places.csv");
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  Result<PlaceBudgets> places = BudgetsByPlaceMap(*need, *map, budget);
  ASSERT_TRUE(places.ok()) << places.status().ToString();
  ASSERT_EQ(places->places.size(), 4u);
  // Populations match the place populations of the example definition (practice list sizes).
  EXPECT_NEAR(places->places[0].population, 289597, 10);
  EXPECT_NEAR(places->places[1].population, 304486, 10);
  EXPECT_NEAR(places->places[2].population, 350650, 10);
  EXPECT_NEAR(places->places[3].population, 175097, 10);
  total = Money();
  for (const PlaceBudget& p : places->places) total += p.budget;
  EXPECT_EQ(total, budget);
  // £ per head relative to the ICB's is the need index: budgets follow need exactly.
  const double icb_per_head = budget.ToThousands() * 1000 / places->population;
  for (const PlaceBudget& p : places->places) EXPECT_NEAR(p.per_head / icb_per_head, p.need_index, 1e-9) << p.id;
}

}  // namespace
}  // namespace ics::finance
