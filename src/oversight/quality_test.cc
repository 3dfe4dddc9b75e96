#include "oversight/quality.h"

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

TEST(Quality, TriggerFilesAreChecked) {
  MetricRegistry r = *MetricRegistry::Builtin();
  const char* base = R"({"title": "t", "status": "recalled", "levels": [
      {"id": "routine", "meaning": "a"}, {"id": "enhanced", "meaning": "b"}, {"id": "intensive", "meaning": "c"}],
      "triggers": [%s]})";
  auto with = [&](const std::string& trigger) {
    char buf[2048];
    std::snprintf(buf, sizeof buf, base, trigger.c_str());
    return QualityRules::FromJson(buf, "q.json", r);
  };
  EXPECT_TRUE(with(R"({"id": "A", "level": "enhanced", "description": "d", "when": {"flag": "x"}})").ok());
  auto unknown = with(R"({"id": "A", "level": "enhanced", "description": "d", "when": {"spc_concern": {"metrics": ["ae"], "at_least": 1}}})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().where(), "q.json: /triggers/0/when/spc_concern/metrics/0");
  auto two = with(R"({"id": "A", "level": "enhanced", "description": "d", "when": {"flag": "x", "segment_at_least": 3}})");
  EXPECT_FALSE(two.ok());
  auto routine = with(R"({"id": "A", "level": "routine", "description": "d", "when": {"flag": "x"}})");
  EXPECT_FALSE(routine.ok());
  auto dup = with(R"({"id": "A", "level": "enhanced", "description": "d", "when": {"flag": "x"}},
                     {"id": "A", "level": "enhanced", "description": "d", "when": {"flag": "y"}})");
  EXPECT_FALSE(dup.ok());
}

TEST(Quality, NoTriggerIsRoutineAndLevelsAreDefinedAsRecalled) {
  MetricRegistry r = *MetricRegistry::Builtin();
  auto rules = QualityRules::Builtin(r);
  ASSERT_TRUE(rules.ok());
  Organisation o = Org("RTG", "UHDB", "acute");
  std::vector<QualityFacts> facts(1);
  facts[0].organisation = &o;
  EscalationResult e = Escalate(*rules, r, facts);
  ASSERT_EQ(e.organisations.size(), 1u);
  EXPECT_EQ(e.organisations[0].level, EscalationLevel::kRoutine);
  EXPECT_TRUE(e.organisations[0].fired.empty());
  ASSERT_EQ(e.unconfirmed.size(), 1u);
  EXPECT_EQ(e.unconfirmed[0].status, Provenance::kRecalled);
}

}  // namespace
}  // namespace ics::oversight
