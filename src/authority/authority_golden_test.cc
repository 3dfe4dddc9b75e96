// Runs the authority golden cases in tests/golden/authority/. Each case is written for a
// governance lead to read: the definition sections it changes (the rest come from
// base.yaml), then what is asked and what must come back:
//
//   # case: A £600,000 contract is within the chief finance officer's sub-delegated limit.
//   query: {function: contracts, value_gbp: 600000, date: 2025-06-30}
//   expect: {outcome: delegated, decider: "role:chief_finance_officer",
//            chain: [board, "role:chief_executive", "role:chief_finance_officer"], clauses: [4.2, 4.2.1]}
//
//   meeting: board-2025-06            the meeting to review
//   items:                            per agenda item: conflicted members, categories, actions, quorum
//     - {number: "3", conflicted: [p-trust], categories: [financial], actions: [withdraw_no_papers],
//        counted: 9, needed: 6, quorate: true}
//   decisions:                        recording a decision on an item: accepted, or refused with words
//     - {item: "3", recorded: false, because: inquorate}
//
// The test-only sections (query, expect, meeting, items, decisions) are removed before the
// definition is loaded.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "authority/authority.h"
#include "authority/meetings.h"
#include "definition/loader.h"

namespace ics::authority {
namespace {

namespace fs = std::filesystem;

fs::path GoldenDir() { return fs::path(ICS_SOURCE_DIR) / "tests" / "golden" / "authority"; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::pair<std::string, std::string>> Sections(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(text);
  std::string line;
  static const std::regex kTop(R"(^([a-z_0-9]+):.*)");
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, kTop)) out.emplace_back(m[1], "");
    if (!out.empty()) out.back().second += line + "\n";
  }
  return out;
}

const std::set<std::string> kTestOnly = {"query", "expect", "meeting", "items", "decisions"};

struct Case {
  std::string name, description, definition, test_text;
};

Case LoadCase(const fs::path& path, const std::string& base) {
  Case c;
  c.name = path.filename().string();
  std::string own = ReadFile(path);
  std::istringstream in(own);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("# case: ", 0) == 0) c.description = line.substr(8);
  std::set<std::string> written;
  for (const auto& [name, body] : Sections(own)) {
    written.insert(name);
    if (kTestOnly.count(name)) c.test_text += body;
    else c.definition += body;
  }
  for (const auto& [name, body] : Sections(base))
    if (!written.count(name)) c.definition += body;
  return c;
}

std::vector<std::string> Strings(const YAML::Node& n) {
  std::vector<std::string> out;
  if (!n) return out;
  if (n.IsScalar()) return {n.as<std::string>()};
  for (const auto& x : n) out.push_back(x.as<std::string>());
  return out;
}

std::string Describe(const AuthorityAnswer& a) {
  std::string out = std::string(Name(a.outcome)) + ": " + a.summary + "\n";
  for (const auto& d : a.deciders) {
    out += "  decider " + d.holder + " chain:";
    for (const auto& s : d.chain) out += " " + s.holder + "[" + s.clause + "]";
    out += "\n";
  }
  for (const auto& n : a.notes) out += "  note: " + n + "\n";
  return out;
}

void RunQuery(const AuthorityIndex& index, const YAML::Node& query, const YAML::Node& expect) {
  DecisionQuery q;
  q.function = query["function"].as<std::string>();
  if (query["place"]) q.place = query["place"].as<std::string>();
  if (query["counterparty"]) q.counterparty = query["counterparty"].as<std::string>();
  if (query["value_gbp"]) {
    std::optional<int64_t> v = ParsePounds(query["value_gbp"].as<std::string>());
    ASSERT_TRUE(v) << "bad value_gbp";
    q.value_pence = *v;
  }
  q.date = *ParseIsoDate(query["date"].as<std::string>());
  Result<AuthorityAnswer> a = index.Query(q);
  if (expect["error"]) {
    ASSERT_FALSE(a.ok()) << "expected an error";
    EXPECT_NE(a.status().message().find(expect["error"].as<std::string>()), std::string::npos) << a.status().message();
    return;
  }
  ASSERT_TRUE(a.ok()) << a.status().message();
  std::string got = Describe(*a);
  EXPECT_EQ(std::string(Name(a->outcome)), expect["outcome"].as<std::string>()) << got;
  std::vector<std::string> deciders;
  for (const auto& d : a->deciders) deciders.push_back(d.holder);
  if (expect["decider"]) {
    EXPECT_EQ(deciders, Strings(expect["decider"])) << got;
  }
  if (expect["deciders"]) {
    EXPECT_EQ(deciders, Strings(expect["deciders"])) << got;
  }
  if (expect["chain"]) {
    ASSERT_FALSE(a->deciders.empty()) << got;
    std::vector<std::string> chain;
    for (const auto& s : a->deciders[0].chain) chain.push_back(s.holder);
    EXPECT_EQ(chain, Strings(expect["chain"])) << got;
  }
  if (expect["clauses"]) {
    ASSERT_FALSE(a->deciders.empty()) << got;
    std::vector<std::string> clauses;
    for (const auto& s : a->deciders[0].chain)
      if (!s.clause.empty()) clauses.push_back(s.clause);
    EXPECT_EQ(clauses, Strings(expect["clauses"])) << got;
  }
  if (expect["reserved"]) {
    std::vector<std::string> reserved;
    for (const auto& r : a->reserved) reserved.push_back(r.delegation);
    EXPECT_EQ(reserved, Strings(expect["reserved"])) << got;
  }
  for (const std::string& words : Strings(expect["mentions"])) {
    std::string all = a->summary;
    for (const auto& n : a->notes) all += "\n" + n;
    EXPECT_NE(all.find(words), std::string::npos) << "missing '" << words << "' in\n" << got;
  }
  EXPECT_EQ(a->IsFinding(), a->outcome == Outcome::kNobody || a->outcome == Outcome::kAmbiguous);
}

std::string Describe(const ItemReport& r) {
  std::string out = "item " + r.item->number + ": counted " + std::to_string(r.quorum.counted) + "/" +
                    std::to_string(r.quorum.needed) + (r.quorum.quorate ? " quorate" : " INQUORATE") +
                    " presiding " + r.presiding + "\n";
  for (const auto& c : r.conflicts)
    out += "  " + c.person + " " + std::string(model::Name(c.category)) + " " + std::string(Name(c.action)) + " (" +
           c.because + ")\n";
  for (const auto& m : r.quorum.missing) out += "  missing " + m + "\n";
  return out;
}

void RunMeeting(const AuthorityIndex& index, const InterestIndex& interests, const std::string& meeting,
                const YAML::Node& items, const YAML::Node& decisions) {
  Result<MeetingReport> report = ReviewMeeting(index, interests, meeting);
  ASSERT_TRUE(report.ok()) << report.status().message();
  for (const auto& want : items) {
    std::string number = want["number"].as<std::string>();
    const ItemReport* r = nullptr;
    for (const auto& i : report->items)
      if (i.item->number == number) r = &i;
    ASSERT_NE(r, nullptr) << "no item " << number;
    std::string got = Describe(*r);
    std::vector<std::string> people, categories, actions;
    for (const auto& c : r->conflicts) {
      people.push_back(c.person);
      categories.push_back(std::string(model::Name(c.category)));
      actions.push_back(std::string(Name(c.action)));
    }
    if (want["conflicted"]) {
      EXPECT_EQ(people, Strings(want["conflicted"])) << got;
    }
    if (want["categories"]) {
      EXPECT_EQ(categories, Strings(want["categories"])) << got;
    }
    if (want["actions"]) {
      EXPECT_EQ(actions, Strings(want["actions"])) << got;
    }
    if (want["counted"]) {
      EXPECT_EQ(r->quorum.counted, want["counted"].as<int>()) << got;
    }
    if (want["needed"]) {
      EXPECT_EQ(r->quorum.needed, want["needed"].as<int>()) << got;
    }
    if (want["quorate"]) {
      EXPECT_EQ(r->quorum.quorate, want["quorate"].as<bool>()) << got;
    }
    if (want["presiding"]) {
      EXPECT_EQ(r->presiding, want["presiding"].as<std::string>()) << got;
    }
    for (const std::string& m : Strings(want["missing"])) {
      bool found = false;
      for (const auto& x : r->quorum.missing) found |= x == m;
      EXPECT_TRUE(found) << "expected missing '" << m << "'\n" << got;
    }
  }
  for (const auto& want : decisions) {
    std::string item = want["item"].as<std::string>();
    Status s = CheckDecision(index, interests, meeting, item);
    bool recorded = want["recorded"].as<bool>();
    EXPECT_EQ(s.ok(), recorded) << "item " << item << ": " << s.message();
    for (const std::string& words : Strings(want["because"]))
      EXPECT_NE(s.message().find(words), std::string::npos) << "item " << item << ": " << s.message();
    if (!recorded) {
      EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.message();
    }
  }
}

std::vector<fs::path> CaseFiles() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(GoldenDir())) {
    std::string n = entry.path().filename().string();
    if (n.size() > 10 && n.substr(n.size() - 10) == ".case.yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(AuthorityGolden, BaseLoads) {
  std::string base = ReadFile(GoldenDir() / "base.yaml");
  definition::LoadOutcome loaded = definition::LoadDefinition(base, "base.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.errors[0].where << ": " << loaded.errors[0].message;
}

TEST(AuthorityGolden, EveryCase) {
  std::string base = ReadFile(GoldenDir() / "base.yaml");
  std::vector<fs::path> files = CaseFiles();
  ASSERT_FALSE(files.empty());
  for (const fs::path& path : files) {
    Case c = LoadCase(path, base);
    SCOPED_TRACE(c.name + " - " + c.description);
    ASSERT_FALSE(c.description.empty()) << "missing '# case:' line";
    definition::LoadOutcome loaded = definition::LoadDefinition(c.definition, c.name);
    if (!loaded.ok()) {
      ADD_FAILURE() << "does not load: " << loaded.errors[0].where << ": " << loaded.errors[0].message;
      continue;
    }
    YAML::Node test = YAML::Load(c.test_text);
    ASSERT_TRUE(test["query"] || test["meeting"]) << "a case needs 'query:' or 'meeting:'";
    AuthorityIndex index(loaded.system);
    InterestIndex interests(loaded.system);
    if (test["query"]) RunQuery(index, test["query"], test["expect"]);
    if (test["meeting"])
      RunMeeting(index, interests, test["meeting"].as<std::string>(), test["items"], test["decisions"]);
  }
}

// The conflict categories and quorum kinds the golden cases must cover.
TEST(AuthorityGolden, CasesCoverEveryCategoryAndQuorumRule) {
  std::string all;
  for (const fs::path& path : CaseFiles()) all += ReadFile(path);
  all += ReadFile(GoldenDir() / "base.yaml");
  for (const char* category : {"financial", "nonfin_professional", "nonfin_personal", "indirect"})
    EXPECT_NE(all.find(std::string("categories: [") + category), std::string::npos) << category;
  for (const char* kind : {"chair_or_deputy", "chair]", "executive", "non_executive", "partner", "clinician"})
    EXPECT_NE(all.find(kind), std::string::npos) << kind;
  for (const char* outcome : {"delegated", "reserved", "above_limits", "retained_by_board", "nobody", "ambiguous"})
    EXPECT_NE(all.find(std::string("outcome: ") + outcome), std::string::npos) << outcome;
}

}  // namespace
}  // namespace ics::authority
