// Turns an ICS definition (YAML text) into the typed model, reporting every problem at
// once with "file:line:col": unknown keys (with "did you mean"), wrong types, duplicate
// ids, dangling references, malformed ODS/ONS codes and impossible dates. The format is
// documented in docs/definition.md. Pure: takes text, does no I/O. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "definition/yaml_document.h"
#include "model/ics.h"

namespace ics::definition {

// One problem in a definition. `where` is "file:line:col".
struct Diagnostic {
  std::string where;
  std::string message;
};

struct LoadOutcome {
  model::IcsSystem system;           // complete only when errors is empty
  std::vector<Diagnostic> errors;    // in file order
  bool ok() const { return errors.empty(); }
};

struct LoadOptions {
  YamlLimits limits;
  size_t max_errors = 200;  // stop collecting after this many
};

// Loads a definition from `text`; `file` names it in messages.
LoadOutcome LoadDefinition(std::string_view text, const std::string& file, const LoadOptions& options = {});

// The top-level keys of a definition, in the order the documentation gives them.
const std::vector<std::string>& TopLevelKeys();

}  // namespace ics::definition
