// `ics versions [--db URL] [--json]`: lists the stored definition versions, newest first.
#include <CLI/CLI.hpp>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/store_verb.h"
#include "render/json.h"
#include "store/store.h"

namespace ics::cli {

int RunVersions(int argc, char** argv) {
  CLI::App app{
      "List the stored versions of the ICS definition, newest first.\nExit 0: listed; 2: bad usage or the "
      "database cannot be used.",
      "ics versions"};
  std::string db_url(store::kDefaultStoreUrl);
  bool json = false;
  app.add_option("--db", db_url, "the database: sqlite:PATH or postgresql://USER@HOST/DB (default sqlite:ics.db)");
  app.add_flag("--json", json, "write the list as JSON");
  if (std::optional<int> exit = ParseCommandLine(app, argc, argv)) return *exit;
  auto fail = [&](const Status& status) { return ReportFailure("ics versions", status, json); };
  Result<std::unique_ptr<store::Store>> db = OpenStoreForVerb(db_url, false);
  if (!db.ok()) return fail(db.status());
  Result<std::vector<store::DefinitionVersion>> versions = (*db)->ListDefinitionVersions();
  if (!versions.ok()) return fail(versions.status());

  if (json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& v : *versions) {
      list.push_back({{"id", v.id},
                      {"file_name", v.file_name},
                      {"sha256", v.sha256},
                      {"bytes", v.bytes},
                      {"imported_by", v.imported_by},
                      {"imported_at", v.imported_at},
                      {"note", v.note},
                      {"row_version", v.row_version}});
    }
    nlohmann::ordered_json out = {{"db", (*db)->url()}, {"versions", std::move(list)}};
    std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  if (versions->empty()) {
    std::cout << "No definition versions in " << (*db)->url() << " yet (ics import FILE stores one)\n";
    return kExitOk;
  }
  size_t by_width = 2;
  for (const auto& v : *versions) by_width = std::max(by_width, v.imported_by.size());
  std::cout << std::left << std::setw(8) << "version" << std::setw(29) << "imported (UTC)" << std::setw(by_width + 2)
            << "by" << std::right << std::setw(10) << "bytes"
            << "  " << std::left << std::setw(14) << "sha256"
            << "file\n";
  for (const auto& v : *versions) {
    std::cout << std::left << std::setw(8) << v.id << std::setw(29) << v.imported_at << std::setw(by_width + 2)
              << v.imported_by << std::right << std::setw(10) << v.bytes << "  " << std::left << std::setw(14)
              << v.sha256.substr(0, 12) << v.file_name << (v.note.empty() ? "" : "  (" + v.note + ")") << "\n";
  }
  return kExitOk;
}

}  // namespace ics::cli
