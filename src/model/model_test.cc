#include "model/ics.h"

#include <gtest/gtest.h>

#include "model/ids.h"

namespace ics::model {
namespace {

TEST(Names, RoundTripEveryEnum) {
  for (const std::string& n : Names<OrgKind>()) EXPECT_EQ(Name(*Parse<OrgKind>(n)), n);
  for (const std::string& n : Names<SeatRole>()) EXPECT_EQ(Name(*Parse<SeatRole>(n)), n);
  for (const std::string& n : Names<Disqualification>()) EXPECT_EQ(Name(*Parse<Disqualification>(n)), n);
  EXPECT_FALSE(Parse<OrgKind>("acute").has_value());
}

TEST(Organisation, ResponsibleLocalAuthority) {
  Organisation county{.code = "E10000007", .kind = OrgKind::kUpperTierLa, .la_type = LaType::kCounty};
  Organisation district{.code = "E07000032", .kind = OrgKind::kLowerTierLa, .la_type = LaType::kDistrict};
  Organisation unitary{.code = "E06000015", .kind = OrgKind::kUpperTierLa};
  EXPECT_TRUE(county.IsResponsibleLocalAuthority());
  EXPECT_FALSE(district.IsResponsibleLocalAuthority());
  EXPECT_TRUE(unitary.IsResponsibleLocalAuthority());
}

TEST(Ids, OrganisationCodes) {
  EXPECT_EQ(CheckOrganisationCode("RTG", OrgKind::kAcuteTrust), "");
  EXPECT_NE(CheckOrganisationCode("rtg", OrgKind::kAcuteTrust), "");
  EXPECT_EQ(CheckOrganisationCode("C81001", OrgKind::kGpPractice), "");
  EXPECT_NE(CheckOrganisationCode("C8100", OrgKind::kGpPractice), "");
  EXPECT_EQ(CheckOrganisationCode("U12345", OrgKind::kPcn), "");
  EXPECT_EQ(CheckOrganisationCode("E06000015", OrgKind::kUpperTierLa), "");
  EXPECT_NE(CheckOrganisationCode("E0600001", OrgKind::kUpperTierLa), "");
  EXPECT_EQ(CheckOrganisationCode("QJ2", OrgKind::kIcb), "");
}

}  // namespace
}  // namespace ics::model
