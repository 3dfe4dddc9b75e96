#include "definition/loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ics::definition {
namespace {

using ::testing::HasSubstr;

const char* kMinimal = R"(system:
  name: Example
  icb: QJ2
organisations:
  - {code: QJ2, name: NHS Example ICB, kind: icb}
  - {code: RTG, name: Example Hospitals NHS FT, kind: acute_trust, foundation_trust: true}
  - {code: E06000015, name: Derby City Council, kind: upper_tier_la, la_type: unitary}
people:
  - {id: p-chair, name: Alex Example}
  - id: p-ceo
    name: Sam Example
    employments: [{org: QJ2, role: Chief Executive, executive: true}]
icb:
  board:
    seats:
      - {role: chair, person: p-chair, appointed_by: nhs_england}
      - {role: ceo, person: p-ceo}
)";

std::string Messages(const LoadOutcome& out) {
  std::string all;
  for (const auto& e : out.errors) all += e.where + ": " + e.message + "\n";
  return all;
}

TEST(Loader, LoadsAMinimalDefinition) {
  LoadOutcome out = LoadDefinition(kMinimal, "min.yaml");
  ASSERT_TRUE(out.ok()) << Messages(out);
  EXPECT_EQ(out.system.system.name, "Example");
  ASSERT_EQ(out.system.organisations.size(), 3u);
  EXPECT_EQ(out.system.organisations[1].kind, model::OrgKind::kAcuteTrust);
  EXPECT_TRUE(out.system.organisations[2].social_care);  // defaults from kind
  ASSERT_EQ(out.system.board.seats.size(), 2u);
  EXPECT_EQ(out.system.board.seats[1].where.ToString(), "min.yaml:17:9");
  EXPECT_EQ(out.system.people[1].employments[0].org, "QJ2");
}

TEST(Loader, UnknownKeySuggestsTheClosest) {
  std::string text = std::string(kMinimal) + "placs: []\n";
  LoadOutcome out = LoadDefinition(text, "d.yaml");
  ASSERT_EQ(out.errors.size(), 1u) << Messages(out);
  EXPECT_EQ(out.errors[0].where, "d.yaml:18:1");
  EXPECT_THAT(out.errors[0].message, HasSubstr("unknown key 'placs' (did you mean 'places'?)"));
}

TEST(Loader, ReportsEveryErrorAtOnceInFileOrder) {
  const char* text = R"(system: {name: X, icb: QJ2}
organisations:
  - {code: QJ2, name: ICB, kind: icb}
  - {code: rtg, name: Trust, kind: acute_trust}
  - {code: RXM, name: MH, kind: mental_trust}
  - {code: RXM, name: MH again, kind: mental_health_trust, valid_from: 2023-02-30}
people:
  - {id: p1, name: One, employments: [{org: RTX}]}
icb:
  board:
    seats:
      - {role: chair, person: p2}
      - {role: ceo, person: p1, deputy_chair: maybe}
)";
  LoadOutcome out = LoadDefinition(text, "b.yaml");
  std::string all = Messages(out);
  EXPECT_THAT(all, HasSubstr("b.yaml:4:12: organisations item 2: code 'rtg' is not an NHS trust ODS code"));
  EXPECT_THAT(all, HasSubstr("b.yaml:5:33: organisations item 3: 'kind' cannot be 'mental_trust' (did you mean 'mental_health_trust'?)"));
  EXPECT_THAT(all, HasSubstr("'valid_from': 2023-02-30 is not a date: February 2023 has 28 days"));
  EXPECT_THAT(all, HasSubstr("duplicate organisation code 'RXM'"));
  EXPECT_THAT(all, HasSubstr("refers to organisation 'RTX', which is not defined; add it to 'organisations:'"));
  EXPECT_THAT(all, HasSubstr("refers to person 'p2', which is not defined (did you mean 'p1'?)"));
  EXPECT_THAT(all, HasSubstr("'deputy_chair' must be true or false, not 'maybe'"));
  EXPECT_GE(out.errors.size(), 7u);
  for (size_t i = 1; i < out.errors.size(); ++i) {
    EXPECT_LE(std::stoi(out.errors[i - 1].where.substr(7)), std::stoi(out.errors[i].where.substr(7)));
  }
}

TEST(Loader, WrongTypesAreNamed) {
  const char* text = "system: [a, b]\norganisations: {}\nicb: {board: {seats: []}}\n";
  LoadOutcome out = LoadDefinition(text, "t.yaml");
  std::string all = Messages(out);
  EXPECT_THAT(all, HasSubstr("t.yaml:1:9: system must be a map of 'key: value' lines, but this is a list"));
  EXPECT_THAT(all, HasSubstr("t.yaml:2:16: the definition: 'organisations' must be a list"));
}

TEST(Loader, MissingRequiredKeysSayWhatToAdd) {
  LoadOutcome out = LoadDefinition("system: {name: X}\n", "m.yaml");
  std::string all = Messages(out);
  EXPECT_THAT(all, HasSubstr("system has no 'icb': add 'icb: ...'"));
  EXPECT_THAT(all, HasSubstr("the definition has no 'organisations'"));
  EXPECT_THAT(all, HasSubstr("the definition has no 'icb'"));
}

TEST(Loader, YamlSyntaxErrorIsLocated) {
  LoadOutcome out = LoadDefinition("system:\n  name: [unclosed\n", "s.yaml");
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_THAT(out.errors[0].where, HasSubstr("s.yaml:"));
  EXPECT_THAT(out.errors[0].message, HasSubstr("YAML syntax"));
}

TEST(Loader, BinaryJunkIsRejectedWithPosition) {
  std::string junk = "system:\n  name: X\x01\x02\xff";
  LoadOutcome out = LoadDefinition(junk, "j.bin");
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].where, "j.bin:2:10");
  EXPECT_THAT(out.errors[0].message, HasSubstr("not text"));
}

TEST(Loader, DeepNestingIsRejected) {
  std::string deep = "system: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  LoadOutcome out = LoadDefinition(deep, "deep.yaml");
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_THAT(out.errors[0].message, HasSubstr("nesting is deeper than 64 levels"));
}

TEST(Loader, YamlBombIsRejectedQuickly) {
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 12; ++i) {
    std::string prev = "*a" + std::to_string(i - 1);
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
    for (int k = 0; k < 9; ++k) bomb += ", " + prev;
    bomb += "]\n";
  }
  LoadOutcome out = LoadDefinition(bomb, "bomb.yaml");
  ASSERT_EQ(out.errors.size(), 1u) << Messages(out);
  EXPECT_THAT(out.errors[0].message, HasSubstr("YAML bomb"));
}

TEST(Loader, OversizeInputIsRejectedBeforeParsing) {
  LoadOptions options;
  options.limits.max_bytes = 1024;
  LoadOutcome out = LoadDefinition(std::string(4096, '#'), "big.yaml", options);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_THAT(out.errors[0].message, HasSubstr("definitions are limited to"));
}

TEST(Loader, SecondDocumentIsAnErrorNotACrash) {
  LoadOutcome out = LoadDefinition("system: {name: X}\n---\n- a\n- [b, c]\n", "two.yaml");
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_THAT(out.errors[0].message, HasSubstr("more than one YAML document"));
}

TEST(Loader, EmptyFileSaysHowToStart) {
  LoadOutcome out = LoadDefinition("", "e.yaml");
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_THAT(out.errors[0].message, HasSubstr("empty"));
}


const char* kScheme = R"(functions:
  - {id: contracts, name: award contracts, source: icb, held_by: board, clause: FDM-1}
  - {id: pms, name: commission primary medical services, source: nhs_england, valid_from: 2022-07-01}
roles:
  - {id: cfo, title: Chief Finance Officer, person: p-ceo}
delegations:
  - {id: d-ceo, function: contracts, delegated_to: "role:cfo", delegated_by: board, limit_gbp: 5000000, clause: "4.1", may_sub_delegate: true, sub_delegation_limit_gbp: 1000000}
  - {id: d-sub, function: award contracts, delegated_to: p-chair, sub_delegated_from: d-ceo, limit_gbp: "250,000.50", places: []}
section_75:
  - {id: s75, partners: [QJ2, E06000015], host: E06000015, functions: [contracts], pooled_gbp: 1000000}
meetings:
  - id: m1
    body: board
    date: 2025-06-26
    present: [p-chair, p-ceo]
    agenda:
      - {number: "1", title: Contract award, part: confidential, purpose: decision, function: contracts, counterparties: [RTG], value_gbp: 700000}
)";

TEST(Loader, ReadsTheDecisionMapSchemeAndMeetings) {
  std::string text = std::string(kMinimal) + kScheme;
  LoadOutcome out = LoadDefinition(text, "s.yaml");
  ASSERT_TRUE(out.ok()) << Messages(out);
  const model::IcsSystem& sys = out.system;
  ASSERT_EQ(sys.functions.size(), 2u);
  EXPECT_EQ(sys.functions[1].source, model::FunctionSource::kNhsEngland);
  ASSERT_EQ(sys.delegations.size(), 2u);
  EXPECT_EQ(sys.delegations[0].clause, "4.1");
  EXPECT_EQ(sys.delegations[0].sub_delegation_limit_pence, 100000000);
  EXPECT_EQ(sys.delegations[1].sub_delegated_from, "d-ceo");
  EXPECT_EQ(sys.delegations[1].limit_pence, 25000050);
  ASSERT_EQ(sys.section_75.size(), 1u);
  ASSERT_EQ(sys.meetings.size(), 1u);
  ASSERT_EQ(sys.meetings[0].items.size(), 1u);
  EXPECT_EQ(sys.meetings[0].items[0].part, model::MeetingPart::kConfidential);
  EXPECT_EQ(sys.meetings[0].items[0].value_pence, 70000000);
}

TEST(Loader, SchemeAndMeetingReferencesAreChecked) {
  std::string scheme = kScheme;
  auto replace = [&](const std::string& from, const std::string& to) {
    size_t at = scheme.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    scheme.replace(at, from.size(), to);
  };
  replace("\"role:cfo\"", "\"role:cf0\"");
  replace("sub_delegated_from: d-ceo", "sub_delegated_from: d-cee");
  replace("function: contracts, counterparties: [RTG]", "function: contract, counterparties: [RTX]");
  replace("part: confidential", "part: privat");
  replace("body: board", "body: finance");
  LoadOutcome out = LoadDefinition(std::string(kMinimal) + scheme, "s.yaml");
  std::string all = Messages(out);
  EXPECT_THAT(all, HasSubstr("refers to role 'cf0', which is not defined (did you mean 'cfo'?)"));
  EXPECT_THAT(all, HasSubstr("refers to delegation 'd-cee', which is not defined (did you mean 'd-ceo'?)"));
  EXPECT_THAT(all, HasSubstr("refers to function 'contract', which is not defined (did you mean 'contracts'?)"));
  EXPECT_THAT(all, HasSubstr("refers to organisation 'RTX'"));
  EXPECT_THAT(all, HasSubstr("'part' cannot be 'privat'"));
  EXPECT_THAT(all, HasSubstr("refers to committee 'finance'"));
  for (const auto& e : out.errors) EXPECT_THAT(e.where, HasSubstr("s.yaml:")) << e.message;
}

TEST(Loader, SubDelegationLoopsAndDecisionItemsWithoutAFunctionAreErrors) {
  const char* extra = R"(delegations:
  - {id: d-a, function: award contracts, delegated_to: p-ceo, sub_delegated_from: d-b}
  - {id: d-b, function: award contracts, delegated_to: p-chair, sub_delegated_from: d-a}
meetings:
  - id: m1
    body: board
    date: 2025-06-26
    agenda:
      - {number: "1", title: A decision, purpose: decision}
      - {number: "1", title: Twice, purpose: information}
)";
  LoadOutcome out = LoadDefinition(std::string(kMinimal) + extra, "l.yaml");
  std::string all = Messages(out);
  EXPECT_THAT(all, HasSubstr("part of a loop of sub-delegations"));
  EXPECT_THAT(all, HasSubstr("a decision item needs 'function:'"));
  EXPECT_THAT(all, HasSubstr("agenda item number 1 is given twice"));
}
}  // namespace
}  // namespace ics::definition
