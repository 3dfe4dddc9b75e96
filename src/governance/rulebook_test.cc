#include "governance/rulebook.h"
#include "governance/sources.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace ics::governance {
namespace {

// The catalogue's sections 1-9, 11 and 12: every id must be in the rulebook exactly once,
// either checked or listed as not checkable from the definition.
std::vector<std::string> CatalogueIds() {
  std::vector<std::string> ids;
  auto range = [&](const char* prefix, int from, int to) {
    for (int n = from; n <= to; ++n) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%s-%03d", prefix, n);
      ids.push_back(buf);
    }
  };
  range("BRD", 1, 27);
  range("ELG", 1, 17);
  range("MTG", 1, 11);
  range("COM", 1, 16);
  range("DOC", 1, 8);
  range("DEL", 1, 10);
  range("PLC", 1, 6);
  range("PRC", 1, 5);
  range("ICP", 1, 7);
  range("TRN", 1, 8);
  range("TRN", 11, 16);
  range("TRN", 101, 106);
  range("COI", 1, 18);
  return ids;
}

TEST(Rulebook, CoversTheWholeCatalogueOnce) {
  std::map<std::string, int> seen;
  for (const Rule& r : Rulebook()) ++seen[r.info.id];
  for (const std::string& id : CatalogueIds()) EXPECT_EQ(seen[id], 1) << id;
  EXPECT_EQ(seen.size(), CatalogueIds().size()) << "rules outside the catalogue";
}

TEST(Rulebook, EveryRuleHasCitationProvenanceAndRequirement) {
  for (const Rule& r : Rulebook()) {
    EXPECT_FALSE(r.info.citation.empty()) << r.info.id;
    EXPECT_FALSE(r.info.provenance.empty()) << r.info.id;
    EXPECT_FALSE(r.info.requirement.empty()) << r.info.id;
    EXPECT_EQ(static_cast<bool>(r.check), r.info.not_checkable_because.empty())
        << r.info.id << ": a rule is either checked or says why it cannot be";
  }
}

TEST(Sources, EveryCitationNamesAKnownSourceOrAnAddress) {
  for (const Rule& r : Rulebook()) {
    bool known = !SourcesCitedIn(r.info.citation).empty() || r.info.citation.find("http") != std::string::npos;
    EXPECT_TRUE(known) << r.info.id << ": " << r.info.citation;
  }
  auto cited = SourcesCitedIn("NHS Act 2006 Sch 1B para 8; HWE 2.1.6; DF (DF-HSJ)");
  ASSERT_EQ(cited.size(), 4u);
  EXPECT_EQ(cited[0]->key, "ACT-1B");
  EXPECT_EQ(cited[1]->key, "MODEL");
  EXPECT_EQ(cited[2]->key, "DF");
  EXPECT_EQ(cited[3]->key, "DF-HSJ");
}

}  // namespace
}  // namespace ics::governance
