#include "oversight/league.h"

#include <gtest/gtest.h>

namespace ics::oversight {
namespace {

Organisation Org(std::string code, std::string name, std::string peer_group) {
  Organisation o;
  o.code = std::move(code);
  o.name = std::move(name);
  o.peer_group = std::move(peer_group);
  return o;
}

TEST(League, NeutralMetricNeedsAnOrderAndFiltersByPeerGroup) {
  MetricDefinition neutral;
  neutral.id = "n";
  neutral.name = "N";
  neutral.polarity = Polarity::kNeutral;
  std::vector<MetricValue> values = {{"A", "n", 3, Date{2025, 1, 1}, std::nullopt, ""},
                                     {"B", "n", 5, Date{2025, 1, 1}, std::nullopt, ""}};
  EXPECT_FALSE(MetricLeague(neutral, values, {}).ok());
  LeagueOptions o;
  o.highest_first = true;
  auto t = MetricLeague(neutral, values, {}, o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows[0].org, "B");
  EXPECT_NE(t->order.find("as asked"), std::string::npos);
  std::vector<Organisation> orgs = {Org("A", "A", "acute"), Org("B", "B", "community")};
  o.peer_group = "acute";
  auto acute = MetricLeague(neutral, values, orgs, o);
  ASSERT_TRUE(acute.ok());
  ASSERT_EQ(acute->rows.size(), 1u);
  o.peer_group = "ambulance";
  EXPECT_FALSE(MetricLeague(neutral, values, orgs, o).ok());
}

}  // namespace
}  // namespace ics::oversight
