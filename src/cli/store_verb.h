// What the verbs that work on the store share around their own work: parsing the command
// line, reporting a failure as --json asks (exit 2), and opening the database without
// leaving an empty one behind unless the verb writes the first record.
#pragma once

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "cli/commands.h"
#include "render/json.h"
#include "store/store.h"

namespace ics::cli {

// Parses argv into `app`: nullopt to go on, or the exit code (0 after --help, 2 for a
// usage error, with CLI11's message).
inline std::optional<int> ParseCommandLine(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitBadInput;
  }
  return std::nullopt;
}

// Reports a failure of `verb` ("ics qi"): with --json the error object on standard
// output, otherwise one line on standard error. Returns kExitBadInput.
inline int ReportFailure(std::string_view verb, const Status& status, bool json) {
  if (json)
    std::cout << render::ErrorJson(status, 2) << "\n";
  else
    std::cerr << verb << ": " << status.ToString() << "\n";
  return kExitBadInput;
}

// Opens the database `url` (sqlite:PATH or postgresql://...). A missing SQLite file is
// kNotFound unless `create_if_missing` (only verbs that write may create one).
inline Result<std::unique_ptr<store::Store>> OpenStoreForVerb(const std::string& url, bool create_if_missing) {
  store::StoreOptions options;
  options.create_if_missing = create_if_missing;
  return store::OpenStore(url, options);
}

}  // namespace ics::cli
