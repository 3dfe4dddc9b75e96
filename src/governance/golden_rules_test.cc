// Runs the rule golden cases in tests/golden/rules/. Each case is a small definition that
// breaks a rule, written for a governance lead to read:
//
//   # rule: BRD-003                        the rule the case is about
//   # case: The board has no chief executive.
//   # expect: BRD-003 line 12              a finding expected (optionally at that line)
//   # expect: BRD-015                      every rule that fires must be listed
//   icb: ...                               the sections the case changes
//
// Top-level sections the case does not write are taken from base.yaml, which breaks no
// rule. The set of rules that fire must equal the set of expected rules exactly.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "definition/loader.h"
#include "governance/rulebook.h"

namespace ics::governance {
namespace {

namespace fs = std::filesystem;

fs::path GoldenDir() { return fs::path(ICS_SOURCE_DIR) / "tests" / "golden" / "rules"; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Splits a definition into its top-level sections, keyed by name, in order.
std::vector<std::pair<std::string, std::string>> Sections(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(text);
  std::string line;
  static const std::regex kTop(R"(^([a-z_]+):.*)");
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, kTop)) out.emplace_back(m[1], "");
    if (!out.empty()) out.back().second += line + "\n";
  }
  return out;
}

struct GoldenCase {
  std::string name;
  std::string rule;
  std::string description;
  std::multimap<std::string, int> expected;  // rule -> line (0 = any)
  std::string text;                          // the case with the base's other sections appended
};

GoldenCase LoadCase(const fs::path& path, const std::string& base) {
  GoldenCase c;
  c.name = path.filename().string();
  std::string own = ReadFile(path);
  std::istringstream in(own);
  std::string line;
  static const std::regex kExpect(R"(^# expect: ([A-Z]+-[0-9]+)(?: line ([0-9]+))?\s*$)");
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.rfind("# rule: ", 0) == 0) c.rule = line.substr(8);
    if (line.rfind("# case: ", 0) == 0) c.description = line.substr(8);
    if (std::regex_match(line, m, kExpect)) c.expected.emplace(m[1], m[2].matched ? std::stoi(m[2]) : 0);
  }
  std::set<std::string> written;
  for (const auto& [name, body] : Sections(own)) written.insert(name);
  c.text = own;
  if (!c.text.empty() && c.text.back() != '\n') c.text += "\n";
  for (const auto& [name, body] : Sections(base))
    if (!written.count(name)) c.text += body;
  return c;
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

std::string Describe(const CheckReport& report) {
  std::string out;
  for (const Finding& f : report.findings)
    out += "  " + f.rule + " (" + std::string(Name(f.severity)) + ") at " + f.where + ": " + f.message + "\n";
  return out;
}

TEST(GoldenRules, BaseDefinitionBreaksNoRule) {
  std::string base = ReadFile(GoldenDir() / "base.yaml");
  definition::LoadOutcome loaded = definition::LoadDefinition(base, "base.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.errors[0].where << ": " << loaded.errors[0].message;
  CheckReport report = CheckSystem(loaded.system, CheckOptions{});
  EXPECT_TRUE(report.findings.empty()) << "base.yaml should break no rule, but:\n" << Describe(report);
}

TEST(GoldenRules, EveryCaseProducesExactlyItsExpectedFindings) {
  std::string base = ReadFile(GoldenDir() / "base.yaml");
  std::vector<fs::path> files = CaseFiles();
  ASSERT_FALSE(files.empty());
  for (const fs::path& path : files) {
    GoldenCase c = LoadCase(path, base);
    SCOPED_TRACE(c.name + " - " + c.description);
    ASSERT_FALSE(c.rule.empty()) << "missing '# rule:' line";
    ASSERT_NE(FindRule(c.rule), nullptr) << "unknown rule " << c.rule;
    ASSERT_TRUE(c.expected.count(c.rule)) << "the case must expect its own rule";
    definition::LoadOutcome loaded = definition::LoadDefinition(c.text, c.name);
    if (!loaded.ok()) {
      ADD_FAILURE() << "does not load: " << loaded.errors[0].where << ": " << loaded.errors[0].message;
      continue;
    }
    CheckReport report = CheckSystem(loaded.system, CheckOptions{});
    std::set<std::string> fired, wanted;
    for (const Finding& f : report.findings) fired.insert(f.rule);
    for (const auto& [rule, line] : c.expected) wanted.insert(rule);
    EXPECT_EQ(fired, wanted) << "findings were:\n" << Describe(report);
    for (const auto& [rule, line] : c.expected) {
      if (line == 0) continue;
      bool at_line = false;
      for (const Finding& f : report.findings)
        at_line |= f.rule == rule && f.where.find(":" + std::to_string(line) + ":") != std::string::npos;
      EXPECT_TRUE(at_line) << rule << " expected at line " << line << "; findings were:\n" << Describe(report);
    }
    for (const Finding& f : report.findings) {
      EXPECT_FALSE(f.message.empty()) << f.rule;
      EXPECT_FALSE(f.fix.empty()) << f.rule << " has no fix";
      EXPECT_FALSE(f.citation.empty()) << f.rule;
    }
  }
}

TEST(GoldenRules, EveryCheckableRuleHasAGoldenCase) {
  std::string base = ReadFile(GoldenDir() / "base.yaml");
  std::set<std::string> covered;
  for (const fs::path& path : CaseFiles()) covered.insert(LoadCase(path, base).rule);
  for (const Rule& rule : Rulebook()) {
    if (rule.check) EXPECT_TRUE(covered.count(rule.info.id)) << rule.info.id << " has no golden case";
  }
}

}  // namespace
}  // namespace ics::governance
