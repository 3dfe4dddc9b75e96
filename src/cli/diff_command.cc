// `ics diff V1 V2 [--db URL] [--json]`: what changed from one stored definition version to
// another: organisations, board seats, committees, people and interests added, removed
// or changed, with the fields that changed.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/store_verb.h"
#include "cli/input.h"
#include "definition/loader.h"
#include "render/json.h"
#include "store/store.h"
#include "versions/diff.h"

namespace ics::cli {

namespace {

nlohmann::ordered_json VersionJson(const store::DefinitionVersion& v) {
  return {{"id", v.id},
          {"file_name", v.file_name},
          {"sha256", v.sha256},
          {"imported_by", v.imported_by},
          {"imported_at", v.imported_at}};
}

std::string Shown(const std::optional<std::string>& value) { return value ? "\"" + *value + "\"" : "(not set)"; }

}  // namespace

int RunDiff(int argc, char** argv) {
  CLI::App app{
      "Show what changed between two stored versions of the ICS definition (ics versions lists them).\n"
      "Exit 0: compared; 2: bad usage, a version that does not exist or does not load.",
      "ics diff"};
  int64_t from_id = 0;
  int64_t to_id = 0;
  std::string db_url(store::kDefaultStoreUrl);
  bool json = false;
  app.add_option("from", from_id, "the older version's number")->required();
  app.add_option("to", to_id, "the newer version's number")->required();
  app.add_option("--db", db_url, "the database: sqlite:PATH or postgresql://USER@HOST/DB (default sqlite:ics.db)");
  app.add_flag("--json", json, "write the differences as JSON");
  if (std::optional<int> exit = ParseCommandLine(app, argc, argv)) return *exit;
  auto fail = [&](const Status& status) { return ReportFailure("ics diff", status, json); };
  Result<std::unique_ptr<store::Store>> db = OpenStoreForVerb(db_url, false);
  if (!db.ok()) return fail(db.status());

  store::DefinitionVersion versions[2];
  model::IcsSystem systems[2];
  const int64_t ids[2] = {from_id, to_id};
  for (int i = 0; i < 2; ++i) {
    Result<store::DefinitionVersion> v = (*db)->GetDefinitionVersion(ids[i]);
    if (!v.ok()) return fail(v.status());
    versions[i] = std::move(*v);
    // Versions were valid when imported; a loader that has since grown stricter may not agree.
    definition::LoadOutcome loaded = definition::LoadDefinition(
        versions[i].text, "version " + std::to_string(ids[i]) + " (" + versions[i].file_name + ")");
    if (!loaded.ok()) {
      if (json) {
        std::cout << render::LoadErrorsJson(loaded.errors, 2) << "\n";
      } else {
        for (const auto& e : loaded.errors) std::cerr << e.where << ": error: " << e.message << "\n";
        std::cerr << "ics diff: definition version " << ids[i] << " no longer loads; nothing was compared\n";
      }
      return kExitBadInput;
    }
    systems[i] = std::move(loaded.system);
  }
  versions::ModelDiff diff = versions::DiffSystems(systems[0], systems[1]);

  if (json) {
    nlohmann::ordered_json out = {{"from", VersionJson(versions[0])}, {"to", VersionJson(versions[1])}};
    nlohmann::ordered_json changes = nlohmann::ordered_json::parse(versions::DiffJson(diff));
    for (auto& [key, value] : changes.items()) out[key] = std::move(value);
    std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  const bool colour = StdoutWantsColour();
  const char* green = colour ? "\033[32m" : "";
  const char* red = colour ? "\033[31m" : "";
  const char* yellow = colour ? "\033[33m" : "";
  const char* bold = colour ? "\033[1m" : "";
  const char* reset = colour ? "\033[0m" : "";
  for (int i = 0; i < 2; ++i) {
    std::cout << (i == 0 ? "from" : "to  ") << "  version " << versions[i].id << ": " << versions[i].file_name
              << ", imported by " << versions[i].imported_by << " at " << versions[i].imported_at << "\n";
  }
  if (diff.identical()) {
    std::cout << "\nNo differences in organisations, board seats, committees, people, interests, places, collaboratives, "
                 "the decision map, roles, the scheme of delegation, section 75 arrangements or meetings\n";
    return kExitOk;
  }
  for (const std::string& section : versions::DiffSections()) {
    versions::SectionSummary s = diff.Summary(section);
    if (s.added + s.removed + s.changed == 0) continue;
    std::cout << "\n"
              << bold << section << reset << ": " << s.added << " added, " << s.removed << " removed, " << s.changed
              << " changed\n";
    for (const auto& c : diff.changes) {
      if (c.section != section) continue;
      const char* mark = c.kind == versions::ChangeKind::kAdded     ? "+"
                         : c.kind == versions::ChangeKind::kRemoved ? "-"
                                                                    : "~";
      const char* tint = c.kind == versions::ChangeKind::kAdded     ? green
                         : c.kind == versions::ChangeKind::kRemoved ? red
                                                                    : yellow;
      std::cout << "  " << tint << mark << " " << c.key << reset << "  " << c.label << "\n";
      if (c.kind != versions::ChangeKind::kChanged) continue;
      for (const auto& f : c.fields)
        std::cout << "      " << f.field << ": " << Shown(f.before) << " -> " << Shown(f.after) << "\n";
    }
  }
  return kExitOk;
}

}  // namespace ics::cli
