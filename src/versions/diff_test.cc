#include "versions/diff.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "definition/loader.h"

namespace ics::versions {
namespace {

std::string BaseText() {
  std::ifstream in(std::string(ICS_SOURCE_DIR) + "/tests/golden/rules/base.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `text` with `from` replaced by `to` (which must occur).
std::string Edit(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "not in the base definition: " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

model::IcsSystem Load(const std::string& text) {
  definition::LoadOutcome loaded = definition::LoadDefinition(text, "test.yaml");
  EXPECT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors[0].where + ": " + loaded.errors[0].message);
  return loaded.system;
}

const EntityChange* Find(const ModelDiff& diff, const std::string& section, const std::string& key) {
  for (const auto& c : diff.changes)
    if (c.section == section && c.key == key) return &c;
  return nullptr;
}

const FieldChange* Field(const EntityChange& change, const std::string& field) {
  for (const auto& f : change.fields)
    if (f.field == field) return &f;
  return nullptr;
}

TEST(Diff, SameDefinitionIsIdentical) {
  auto a = Load(BaseText());
  EXPECT_TRUE(DiffSystems(a, a).identical());
}

TEST(Diff, ReorderingAndReformattingChangeNothing) {
  std::string text = BaseText();
  // Swap two organisations and reflow one onto block style with a comment.
  text = Edit(text, "  - {code: R03, name: Exampleshire Community Health NHS Trust, kind: community_trust}\n", "");
  text = Edit(text, "  - {code: R04,",
              "  # moved\n  - code: R03\n    name: Exampleshire Community Health NHS Trust\n    kind: community_trust\n"
              "  - {code: R04,");
  auto diff = DiffSystems(Load(BaseText()), Load(text));
  EXPECT_TRUE(diff.identical()) << DiffJson(diff, 2);
}

TEST(Diff, OrganisationsAddedRemovedAndChanged) {
  std::string before = BaseText();
  std::string after = Edit(before, "name: Exampleshire Community Health NHS Trust, kind: community_trust}",
                           "name: Exampleshire Community Health NHS Foundation Trust, kind: community_trust, "
                           "foundation_trust: true}");
  after = Edit(after, "  - {code: VC001,",
               "  - {code: R05, name: New Specialist Trust, kind: specialist_trust}\n  - {code: VC001,");
  auto diff = DiffSystems(Load(before), Load(after));
  const EntityChange* r03 = Find(diff, "organisations", "R03");
  ASSERT_NE(r03, nullptr);
  EXPECT_EQ(r03->kind, ChangeKind::kChanged);
  ASSERT_EQ(r03->fields.size(), 2u);
  EXPECT_EQ(Field(*r03, "name")->before, "Exampleshire Community Health NHS Trust");
  EXPECT_EQ(Field(*r03, "name")->after, "Exampleshire Community Health NHS Foundation Trust");
  EXPECT_EQ(Field(*r03, "foundation_trust")->before, std::nullopt);
  EXPECT_EQ(Field(*r03, "foundation_trust")->after, "true");
  const EntityChange* r05 = Find(diff, "organisations", "R05");
  ASSERT_NE(r05, nullptr);
  EXPECT_EQ(r05->kind, ChangeKind::kAdded);
  EXPECT_EQ(r05->label, "New Specialist Trust");
  EXPECT_EQ(Field(*r05, "kind")->after, "specialist_trust");
  SectionSummary s = diff.Summary("organisations");
  EXPECT_EQ(s.added, 1);
  EXPECT_EQ(s.changed, 1);
  EXPECT_EQ(s.removed, 0);

  auto back = DiffSystems(Load(after), Load(before));
  ASSERT_NE(Find(back, "organisations", "R05"), nullptr);
  EXPECT_EQ(Find(back, "organisations", "R05")->kind, ChangeKind::kRemoved);
  EXPECT_EQ(Field(*Find(back, "organisations", "R05"), "name")->before, "New Specialist Trust");
}

TEST(Diff, ANewChairIsAChangedSeat) {
  std::string after = Edit(BaseText(), "{role: chair, person: p-chair,", "{role: chair, person: p-icp-chair,");
  auto diff = DiffSystems(Load(BaseText()), Load(after));
  ASSERT_EQ(diff.Summary("board_seats").changed, 1) << DiffJson(diff, 2);
  const EntityChange* seat = Find(diff, "board_seats", "chair/p-icp-chair");
  ASSERT_NE(seat, nullptr);
  EXPECT_EQ(seat->label, "chair: Robin Partnership");
  ASSERT_EQ(seat->fields.size(), 1u);
  EXPECT_EQ(seat->fields[0].field, "person");
  EXPECT_EQ(seat->fields[0].before, "p-chair");
  EXPECT_EQ(seat->fields[0].after, "p-icp-chair");
}

TEST(Diff, SeatsMatchOnRoleAndPersonWhateverTheirOrder) {
  std::string text = BaseText();
  const std::string ned1 = "      - {role: ned, person: p-ned1, appointed_by: chair, approved_by: chair}\n";
  text = Edit(text, ned1, "");
  text = Edit(text, "      - {role: partner_la,", ned1 + "      - {role: partner_la,");
  text = Edit(text, "person: p-ned2, appointed_by: chair, approved_by: chair, deputy_chair: true",
              "person: p-ned2, appointed_by: chair, approved_by: nhs_england, deputy_chair: true");
  text = Edit(text, "      - {role: partner_la,",
              "      - {role: participant, person: p-city, voting: false}\n      - {role: partner_la,");
  auto diff = DiffSystems(Load(BaseText()), Load(text));
  EXPECT_EQ(Find(diff, "board_seats", "ned/p-ned1"), nullptr) << "moving a seat is not a change";
  const EntityChange* ned2 = Find(diff, "board_seats", "ned/p-ned2");
  ASSERT_NE(ned2, nullptr);
  EXPECT_EQ(Field(*ned2, "approved_by")->after, "nhs_england");
  ASSERT_NE(Find(diff, "board_seats", "participant/p-city"), nullptr);
  EXPECT_EQ(Find(diff, "board_seats", "participant/p-city")->kind, ChangeKind::kAdded);
  EXPECT_EQ(diff.Summary("board_seats").added, 1);
  EXPECT_EQ(diff.Summary("board_seats").changed, 1);
}

TEST(Diff, CommitteesAndPeople) {
  std::string after = Edit(BaseText(), "members: [p-ned1, p-ned2], quorum: 2, terms_of_reference_approved: 2022-07-01",
                           "members: [p-ned1, p-ned2, {person: p-cfo, voting: false}], quorum: 3, "
                           "terms_of_reference_approved: 2022-07-01");
  after = Edit(after, "{id: p-ned2, name: Dana Pay,", "{id: p-ned2, name: Dana Payne,");
  after = Edit(after, "icb:\n", "  - {id: p-new, name: Nia New}\nicb:\n");
  auto diff = DiffSystems(Load(BaseText()), Load(after));
  const EntityChange* audit = Find(diff, "committees", "audit");
  ASSERT_NE(audit, nullptr);
  EXPECT_EQ(audit->label, "Audit and Risk Committee");
  EXPECT_EQ(Field(*audit, "members")->before, "p-ned1, p-ned2");
  EXPECT_EQ(Field(*audit, "members")->after, "p-ned1, p-ned2, p-cfo (non-voting)");
  EXPECT_EQ(Field(*audit, "quorum")->after, "3");
  EXPECT_EQ(Find(diff, "people", "p-ned2")->fields[0].after, "Dana Payne");
  EXPECT_EQ(Find(diff, "people", "p-new")->kind, ChangeKind::kAdded);
  // A renamed person relabels their seat but does not change it.
  EXPECT_EQ(diff.Summary("board_seats").changed, 0);
}

TEST(Diff, Interests) {
  std::string after = Edit(BaseText(), "mitigation: Withdraw from decisions on primary medical services contracts",
                           "mitigation: Excluded from all primary care commissioning decisions");
  after = Edit(after, "  - {person: p-cfo, category: nonfin_personal,",
               "  - {person: p-cfo, category: nonfin_professional,");
  after = Edit(after,
               "  - {person: p-city, category: nonfin_professional, org: E06000999, description: Strategic "
               "Director of People, from: 2022-07-01, declared: 2022-07-12, mitigation: Withdraw from place "
               "committee decisions on contracts with the council}\n",
               "  - {person: p-ned1, category: financial, org: R01, description: Shares, from: 2024-01-01}\n");
  auto diff = DiffSystems(Load(BaseText()), Load(after));
  const EntityChange* gp = Find(diff, "interests", "p-gp/financial/Y99001");
  ASSERT_NE(gp, nullptr) << DiffJson(diff, 2);
  EXPECT_EQ(gp->label, "Pat Practice: financial (Riverside Surgery)");
  EXPECT_EQ(Field(*gp, "mitigation")->after, "Excluded from all primary care commissioning decisions");
  // A changed category is still the same interest.
  const EntityChange* cfo = Find(diff, "interests", "p-cfo/nonfin_professional");
  ASSERT_NE(cfo, nullptr);
  EXPECT_EQ(cfo->kind, ChangeKind::kChanged);
  EXPECT_EQ(Field(*cfo, "category")->before, "nonfin_personal");
  EXPECT_EQ(Find(diff, "interests", "p-ned1/financial/R01")->kind, ChangeKind::kAdded);
  EXPECT_EQ(Find(diff, "interests", "p-city/nonfin_professional/E06000999")->kind, ChangeKind::kRemoved);
  EXPECT_EQ(diff.Summary("interests").changed, 2);
}

std::string AuthorityBaseText() {
  std::ifstream in(std::string(ICS_SOURCE_DIR) + "/tests/golden/authority/base.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Diff, SchemeOfDelegationLimitsAndSubDelegation) {
  std::string before = AuthorityBaseText();
  // The CFO's sub-delegated limit rises, a new clause appears and the BCF line goes.
  std::string after = Edit(before, "sub_delegated_from: d-ceo-contracts, limit_gbp: 1000000,",
                           "sub_delegated_from: d-ceo-contracts, limit_gbp: 750000,");
  after = Edit(after,
               "  - {id: d-bcf, function: bcf, delegated_to: \"role:chief_finance_officer\", delegated_by: board, "
               "statutory_basis: NHS Act 2006 s.75, limit_gbp: 500000, clause: \"7.1\"}\n",
               "  - {id: d-city-urgent, function: community-services, delegated_to: \"role:chief_executive\", "
               "delegated_by: board, limit_gbp: 100000, clause: \"5.2\", conditions: urgent decisions only}\n");
  auto diff = DiffSystems(Load(before), Load(after));
  EXPECT_EQ(diff.Summary("delegations").changed, 1) << DiffJson(diff, 2);
  EXPECT_EQ(diff.Summary("delegations").added, 1);
  EXPECT_EQ(diff.Summary("delegations").removed, 1);
  const EntityChange* cfo = Find(diff, "delegations", "d-cfo-contracts");
  ASSERT_NE(cfo, nullptr);
  EXPECT_EQ(cfo->label, "4.2.1 contracts: delegated to role:chief_finance_officer");
  const FieldChange* limit = Field(*cfo, "limit");
  ASSERT_NE(limit, nullptr);
  EXPECT_EQ(limit->before, "1000000");
  EXPECT_EQ(limit->after, "750000");
  const EntityChange* urgent = Find(diff, "delegations", "d-city-urgent");
  ASSERT_NE(urgent, nullptr);
  EXPECT_EQ(urgent->kind, ChangeKind::kAdded);
  ASSERT_NE(Field(*urgent, "conditions"), nullptr);
  EXPECT_EQ(Field(*urgent, "conditions")->after, "urgent decisions only");
  ASSERT_NE(Find(diff, "delegations", "d-bcf"), nullptr);
  EXPECT_EQ(Find(diff, "delegations", "d-bcf")->kind, ChangeKind::kRemoved);
}

TEST(Diff, DecisionMapRolesSection75AndMeetings) {
  std::string before = AuthorityBaseText();
  std::string after = Edit(before, "held_by: finance, clause: FDM-2}", "held_by: board, clause: FDM-2}");
  after = Edit(after, "{id: chief_finance_officer, title: Chief Finance Officer, person: p-cfo,",
               "{id: chief_finance_officer, title: Chief Finance Officer, person: p-dfd,");
  after = Edit(after, "pooled_gbp: 45000000", "pooled_gbp: 46500000.50");
  after = Edit(after, "function: contracts, counterparties: [R01], value_gbp: 11000000}",
               "function: contracts, counterparties: [R01], value_gbp: 11500000}");
  after = Edit(after, "    present: [p-ned1, p-ceo, p-cfo]\n", "    present: [p-ned1, p-ned2, p-ceo, p-cfo]\n");
  auto diff = DiffSystems(Load(before), Load(after));
  const EntityChange* contracts = Find(diff, "functions", "contracts");
  ASSERT_NE(contracts, nullptr) << DiffJson(diff, 2);
  EXPECT_EQ(Field(*contracts, "held_by")->before, "finance");
  EXPECT_EQ(Field(*contracts, "held_by")->after, "board");
  const EntityChange* cfo = Find(diff, "roles", "chief_finance_officer");
  ASSERT_NE(cfo, nullptr);
  EXPECT_EQ(Field(*cfo, "person")->after, "p-dfd");
  const EntityChange* bcf = Find(diff, "section_75", "s75-bcf");
  ASSERT_NE(bcf, nullptr);
  EXPECT_EQ(Field(*bcf, "pooled")->before, "45000000");
  EXPECT_EQ(Field(*bcf, "pooled")->after, "46500000.50");
  const EntityChange* board = Find(diff, "meetings", "board-2025-06");
  ASSERT_NE(board, nullptr);
  ASSERT_EQ(board->fields.size(), 1u);
  EXPECT_EQ(board->fields[0].field, "item 7");
  EXPECT_NE(board->fields[0].after->find("value 11500000"), std::string::npos);
  const EntityChange* finance = Find(diff, "meetings", "finance-2025-07");
  ASSERT_NE(finance, nullptr);
  EXPECT_EQ(Field(*finance, "present")->after, "p-ned1, p-ned2, p-ceo, p-cfo");
  EXPECT_EQ(diff.Summary("places").changed + diff.Summary("collaboratives").changed, 0);
}

TEST(Diff, PlacesAndCollaboratives) {
  std::string after = Edit(BaseText(), "governance: [consultative_forum]", "governance: [consultative_forum, lead_provider], lead_provider: R01");
  after = Edit(after, "lead: R02, governance: committees_in_common", "lead: R01, governance: committees_in_common");
  auto diff = DiffSystems(Load(BaseText()), Load(after));
  const EntityChange* county = Find(diff, "places", "county");
  ASSERT_NE(county, nullptr) << DiffJson(diff, 2);
  EXPECT_EQ(Field(*county, "lead_provider")->after, "R01");
  EXPECT_EQ(Field(*county, "governance")->after, "consultative_forum, lead_provider");
  const EntityChange* pc = Find(diff, "collaboratives", "pc-at-scale");
  ASSERT_NE(pc, nullptr);
  EXPECT_EQ(Field(*pc, "lead")->before, "R02");
}

TEST(Diff, Json) {
  std::string after =
      Edit(BaseText(), "{code: HW001, name: Healthwatch Exampleshire,", "{code: HW001, name: Healthwatch Example,");
  auto json = nlohmann::json::parse(DiffJson(DiffSystems(Load(BaseText()), Load(after))));
  EXPECT_EQ(json["identical"], false);
  EXPECT_EQ(json["summary"]["organisations"]["changed"], 1);
  EXPECT_EQ(json["summary"]["interests"]["added"], 0);
  ASSERT_EQ(json["changes"].size(), 1u);
  const auto& c = json["changes"][0];
  EXPECT_EQ(c["section"], "organisations");
  EXPECT_EQ(c["change"], "changed");
  EXPECT_EQ(c["key"], "HW001");
  EXPECT_EQ(
      c["fields"][0],
      (nlohmann::json{{"field", "name"}, {"before", "Healthwatch Exampleshire"}, {"after", "Healthwatch Example"}}));
  auto same = nlohmann::json::parse(DiffJson(ModelDiff{}));
  EXPECT_EQ(same["identical"], true);
  EXPECT_TRUE(same["changes"].empty());
}

}  // namespace
}  // namespace ics::versions
