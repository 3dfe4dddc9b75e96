// `ics import FILE [--db URL] [--actor NAME] [--json]`: loads and validates a definition,
// then stores it as a new definition version (with an audit entry) unless its text is the
// latest version's.
#include <pwd.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/store_verb.h"
#include "cli/input.h"
#include "definition/loader.h"
#include "render/json.h"
#include "store/store.h"

namespace ics::cli {

namespace {

// The signed-in operating system user, when --actor is not given.
std::string SystemUser() {
  if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name && *pw->pw_name) return pw->pw_name;
  return "uid:" + std::to_string(geteuid());
}

}  // namespace

int RunImport(int argc, char** argv) {
  CLI::App app{
      "Store an ICS definition as a new version. The definition is loaded and validated first; a file "
      "that does not load is not stored. Importing the same text as the latest version stores nothing.\n"
      "Exit 0: stored (or unchanged); 2: bad input or the database cannot be used.",
      "ics import"};
  std::string file;
  std::string db_url(store::kDefaultStoreUrl);
  std::string actor;
  bool json = false;
  size_t max_mib = 64;
  app.add_option("file", file, "the definition (.yaml), or - for standard input")->required();
  app.add_option("--db", db_url, "the database: sqlite:PATH or postgresql://USER@HOST/DB (default sqlite:ics.db)");
  app.add_option("--actor", actor, "who is importing, for the version and the audit trail (default: your user name)");
  app.add_flag("--json", json, "write the outcome as JSON");
  app.add_option("--max-size", max_mib, "largest definition accepted, in MiB")->check(CLI::Range(1, 1024));
  if (std::optional<int> exit = ParseCommandLine(app, argc, argv)) return *exit;
  auto fail = [&](const Status& status) { return ReportFailure("ics import", status, json); };
  if (actor.empty()) actor = SystemUser();

  Result<std::string> text = ReadInput(file, max_mib << 20);
  if (!text.ok()) return fail(text.status());
  const std::string name = file == "-" ? "<stdin>" : file;
  definition::LoadOptions options;
  options.limits.max_bytes = max_mib << 20;
  definition::LoadOutcome loaded = definition::LoadDefinition(*text, name, options);
  if (!loaded.ok()) {
    if (json) {
      std::cout << render::LoadErrorsJson(loaded.errors, 2) << "\n";
    } else {
      for (const auto& e : loaded.errors) std::cerr << e.where << ": error: " << e.message << "\n";
      std::cerr << "ics import: " << loaded.errors.size() << " error(s) in the definition; nothing was stored\n";
    }
    return kExitBadInput;
  }

  Result<std::unique_ptr<store::Store>> db = store::OpenStore(db_url);
  if (!db.ok()) return fail(db.status());
  store::NewDefinitionVersion version{name, *text, actor};
  version.skip_if_unchanged = true;
  Result<store::ImportOutcome> imported = (*db)->ImportDefinition(version);
  if (!imported.ok()) return fail(imported.status());
  const store::DefinitionVersion& v = imported->version;
  if (json) {
    nlohmann::ordered_json out = {{"created", imported->created},
                                  {"version",
                                   {{"id", v.id},
                                    {"file_name", v.file_name},
                                    {"sha256", v.sha256},
                                    {"bytes", v.bytes},
                                    {"imported_by", v.imported_by},
                                    {"imported_at", v.imported_at}}},
                                  {"audit_seq", imported->created ? nlohmann::ordered_json(imported->audit_seq)
                                                                  : nlohmann::ordered_json(nullptr)},
                                  {"system", loaded.system.system.name},
                                  {"db", (*db)->url()}};
    std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  } else if (imported->created) {
    std::cout << "Stored " << name << " (" << loaded.system.system.name << ") as definition version " << v.id << " in "
              << (*db)->url() << ": " << v.bytes << " bytes, sha256 " << v.sha256.substr(0, 12) << ", imported by "
              << v.imported_by << " at " << v.imported_at << " (audit entry " << imported->audit_seq << ")\n";
  } else {
    std::cout << "Unchanged: " << name << " is the same text as definition version " << v.id << " (imported by "
              << v.imported_by << " at " << v.imported_at << "); nothing stored\n";
  }
  return kExitOk;
}

}  // namespace ics::cli
