// `ics check FILE [--json]`: checks an ICS definition against the rulebook.
#include <CLI/CLI.hpp>

#include <ctime>
#include <iostream>

#include "cli/commands.h"
#include "cli/input.h"
#include "definition/loader.h"
#include "governance/rulebook.h"
#include "render/json.h"

namespace ics::cli {

namespace {

Date Today() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return Date{utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday};
}

struct Colours {
  const char* red = "";
  const char* yellow = "";
  const char* blue = "";
  const char* bold = "";
  const char* dim = "";
  const char* reset = "";
};

void PrintHuman(const model::IcsSystem& sys, const governance::CheckReport& report, const Date& as_of,
                bool list_unchecked, const Colours& c) {
  using governance::Severity;
  std::cout << c.bold << sys.system.name << c.reset << " (" << sys.source_file << "), as of " << as_of.ToIso()
            << ": " << report.rules_evaluated << " rules checked, " << report.rules_not_checkable
            << " not checkable from the definition\n";
  const std::pair<Severity, const char*> groups[] = {
      {Severity::kMust, "MUST (statute or legal requirement)"},
      {Severity::kExpected, "EXPECTED (NHS England policy and guidance)"},
      {Severity::kAdvisory, "ADVISORY (good practice)"}};
  for (const auto& [severity, title] : groups) {
    int count = report.Count(severity);
    if (count == 0) continue;
    const char* colour = severity == Severity::kMust ? c.red : severity == Severity::kExpected ? c.yellow : c.blue;
    std::cout << "\n" << colour << c.bold << title << ": " << count << c.reset << "\n";
    for (const auto& f : report.findings) {
      if (f.severity != severity) continue;
      std::cout << "  " << colour << f.rule << c.reset << "  " << f.where << "\n"
                << "    " << f.message << "\n"
                << "    " << c.dim << "fix: " << c.reset << f.fix << "\n"
                << "    " << c.dim << "source: " << f.citation << " [" << f.provenance << "]" << c.reset << "\n";
    }
  }
  if (list_unchecked && !report.not_checkable.empty()) {
    std::cout << "\n" << c.bold << "NOT CHECKABLE FROM THE DEFINITION: " << report.not_checkable.size() << c.reset
              << "\n";
    for (const auto* r : report.not_checkable)
      std::cout << "  " << r->id << " (" << governance::Name(r->severity) << ")  " << r->requirement << "\n"
                << "    " << c.dim << "because: " << r->not_checkable_because << c.reset << "\n";
  } else if (!report.not_checkable.empty()) {
    std::cout << "\n" << c.dim << report.not_checkable.size()
              << " rules cannot be decided from a definition (--list-unchecked lists them)" << c.reset << "\n";
  }
  std::cout << "\n"
            << (report.PassesMustRules() ? c.bold : c.red) << report.Count(Severity::kMust) << " must, "
            << report.Count(Severity::kExpected) << " expected, " << report.Count(Severity::kAdvisory)
            << " advisory finding(s): "
            << (report.PassesMustRules() ? "passes every must rule" : "FAILS must rules") << c.reset << "\n";
}

}  // namespace

int RunCheck(int argc, char** argv) {
  CLI::App app{"Check an ICS definition against the Design Framework, the Health and Care Act 2022 and NHS England "
               "guidance.\nExit 0: no 'must' rule fails; 1: a 'must' rule fails; 2: bad input.",
               "ics check"};
  std::string file;
  bool json = false;
  bool list_unchecked = false;
  bool list_rules = false;
  std::string as_of_text;
  size_t max_mib = 256;
  app.add_option("file", file, "the definition (.yaml), or - for standard input");
  app.add_flag("--json", json, "write the report as JSON");
  app.add_option("--as-of", as_of_text, "check as on this date (YYYY-MM-DD); default: the definition's system.as_of, else today");
  app.add_flag("--list-unchecked", list_unchecked, "also list the rules a definition cannot decide");
  app.add_flag("--rules", list_rules, "print the rulebook and exit");
  app.add_option("--max-size", max_mib, "largest definition accepted, in MiB")->check(CLI::Range(1, 4096));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  auto fail = [&](const Status& status) {
    if (json) std::cout << render::ErrorJson(status, 2) << "\n";
    else std::cerr << "ics check: " << status.ToString() << "\n";
    return kExitBadInput;
  };
  if (list_rules) {
    std::cout << render::RulebookJson(2) << "\n";
    return kExitOk;
  }
  if (file.empty()) return fail(InvalidArgument("give the definition file to check, e.g. ics check examples/derby-derbyshire/ics.yaml"));
  std::optional<Date> as_of;
  if (!as_of_text.empty()) {
    std::string why;
    as_of = ParseIsoDate(as_of_text, &why);
    if (!as_of) return fail(InvalidArgument("--as-of: " + why));
  }
  Result<std::string> text = ReadInput(file, max_mib << 20);
  if (!text.ok()) return fail(text.status());
  definition::LoadOptions options;
  options.limits.max_bytes = max_mib << 20;
  definition::LoadOutcome loaded = definition::LoadDefinition(*text, file == "-" ? "<stdin>" : file, options);
  if (!loaded.ok()) {
    if (json) {
      std::cout << render::LoadErrorsJson(loaded.errors, 2) << "\n";
    } else {
      for (const auto& e : loaded.errors) std::cerr << e.where << ": error: " << e.message << "\n";
      std::cerr << "ics check: " << loaded.errors.size() << " error(s) in the definition; nothing was checked\n";
    }
    return kExitBadInput;
  }
  governance::CheckOptions check_options;
  check_options.as_of = as_of.value_or(loaded.system.system.as_of.value_or(Today()));
  if (as_of) loaded.system.system.as_of = as_of;
  governance::CheckReport report = governance::CheckSystem(loaded.system, check_options);
  Date effective = loaded.system.system.as_of.value_or(check_options.as_of);
  if (json) {
    std::cout << render::ComplianceJson(loaded.system, report, effective, 2) << "\n";
  } else {
    Colours colours;
    if (StdoutWantsColour()) colours = {"\033[31m", "\033[33m", "\033[36m", "\033[1m", "\033[2m", "\033[0m"};
    PrintHuman(loaded.system, report, effective, list_unchecked, colours);
  }
  return report.PassesMustRules() ? kExitOk : kExitCheckFailed;
}

}  // namespace ics::cli
