// The verbs of the `ics` binary. Each verb is one function in its own translation unit,
// taking the arguments after the verb (argv[0] is "ics <verb>") and returning the exit
// code: 0 success, 1 valid input that fails a check, 2 bad input or usage.
#pragma once

namespace ics::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitBadInput = 2;

using CommandFunction = int (*)(int argc, char** argv);

struct Command {
  const char* name;
  const char* summary;
  CommandFunction run;
};

// One declaration per verb; the table in main.cc lists them.
int RunCheck(int argc, char** argv);
int RunServe(int argc, char** argv);
int RunSpc(int argc, char** argv);
int RunAllocate(int argc, char** argv);
int RunBudget(int argc, char** argv);
int RunMhis(int argc, char** argv);
int RunEnvelope(int argc, char** argv);
int RunImport(int argc, char** argv);
int RunVersions(int argc, char** argv);
int RunDiff(int argc, char** argv);
int RunAudit(int argc, char** argv);
int RunOversight(int argc, char** argv);
int RunUsers(int argc, char** argv);       // users_command.cc
int RunLedger(int argc, char** argv);      // ledger_command.cc
int RunQi(int argc, char** argv);          // qi_command.cc
int RunAuthority(int argc, char** argv);   // authority_command.cc
int RunConflicts(int argc, char** argv);   // authority_command.cc

}  // namespace ics::cli
