// Entry point of the `ics` binary: dispatches to one verb per translation unit.
#include <cstring>
#include <iostream>
#include <string>

#include "cli/commands.h"

namespace ics::cli {
namespace {

// Verbs are registered here; a verb whose module is not built yet is simply absent.
constexpr Command kCommands[] = {
#ifdef ICS_HAVE_CHECK
    {"check", "check an ICS definition against the Design Framework rulebook", RunCheck},
#endif
#ifdef ICS_HAVE_SERVE
    {"serve", "serve the API and web app for an ICS definition", RunServe},
#endif
#ifdef ICS_HAVE_SPC
    {"spc", "statistical process control charts (Making Data Count, qicharts2)", RunSpc},
#endif
#ifdef ICS_HAVE_ALLOCATE
    {"allocate", "NHS England fair-shares allocations, pace of change and what-ifs", RunAllocate},
#endif
#ifdef ICS_HAVE_BUDGET
    {"budget", "place and provider budgets within an ICB from need indices", RunBudget},
#endif
#ifdef ICS_HAVE_MHIS
    {"mhis", "Mental Health Investment Standard: MH spend growth against base growth", RunMhis},
#endif
#ifdef ICS_HAVE_ENVELOPE
    {"envelope", "an ICB's financial envelope, plans and actuals, and the system's balance", RunEnvelope},
#endif
#ifdef ICS_HAVE_IMPORT
    {"import", "store an ICS definition as a new version (validated first)", RunImport},
#endif
#ifdef ICS_HAVE_VERSIONS
    {"versions", "list the stored versions of the ICS definition", RunVersions},
#endif
#ifdef ICS_HAVE_DIFF
    {"diff", "what changed between two stored definition versions", RunDiff},
#endif
#ifdef ICS_HAVE_AUDIT
    {"audit", "verify or list the hash-chained audit trail", RunAudit},
#endif
#ifdef ICS_HAVE_USERS
    {"users", "accounts and API tokens: add, list, disable, enable, password, token, revoke", RunUsers},
#endif
#ifdef ICS_HAVE_LEDGER
    {"ledger", "monthly plans and actuals per organisation in the store: import a CSV, show, list", RunLedger},
#endif
#ifdef ICS_HAVE_QI
    {"qi", "QI projects: list, show one, import measure data from CSV", RunQi},
#endif
#ifdef ICS_HAVE_OVERSIGHT
    {"oversight", "oversight metrics, segmentation, league tables and quality escalation", RunOversight},
#endif
#ifdef ICS_HAVE_AUTHORITY
    {"authority", "who may take a decision: the chain of delegation and the scheme's clauses", RunAuthority},
    {"conflicts", "conflicts of interest and quorum, item by item, for a meeting", RunConflicts},
#endif
    {nullptr, nullptr, nullptr},
};

void PrintUsage(std::ostream& out) {
  out << "ics - the ICS Platform command line\n\nUsage: ics <verb> [options]   (ics <verb> --help)\n\nVerbs:\n";
  for (const Command* c = kCommands; c->name; ++c) {
    std::string name = c->name;
    out << "  " << name << std::string(name.size() < 10 ? 10 - name.size() : 1, ' ') << c->summary << "\n";
  }
}

}  // namespace
}  // namespace ics::cli

int main(int argc, char** argv) {
  using namespace ics::cli;
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    PrintUsage(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? kExitBadInput : kExitOk;
  }
  if (!std::strcmp(argv[1], "--version")) {
    std::cout << "ics 0.1.0\n";
    return kExitOk;
  }
  for (const Command* c = kCommands; c->name; ++c) {
    if (std::strcmp(argv[1], c->name) == 0) {
      std::string verb = std::string("ics ") + c->name;
      argv[1] = verb.data();
      return c->run(argc - 1, argv + 1);
    }
  }
  std::cerr << "ics: unknown verb '" << argv[1] << "'\n\n";
  PrintUsage(std::cerr);
  return kExitBadInput;
}
