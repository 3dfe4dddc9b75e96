// The built-in example served by `ics serve --demo`, compiled into the binary so it works
// from any directory. It is examples/derby-derbyshire/ics.yaml when the source tree has it,
// otherwise the compliant base definition of the rule golden cases
// (tests/golden/rules/base.yaml); embed_demo.cmake chooses at build time.
#pragma once

#include <string_view>

namespace ics::api {

struct EmbeddedDefinition {
  std::string_view file;  // its path in the source tree, for messages
  std::string_view text;  // the YAML
};

EmbeddedDefinition DemoDefinition();

}  // namespace ics::api
