// libFuzzer target for the definition loader and the rulebook: any bytes must give either
// a loaded system (which is then checked) or located errors, never a crash, a hang or
// unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "definition/loader.h"
#include "governance/rulebook.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ics::definition::LoadOptions options;
  options.limits.max_bytes = 1 << 20;
  options.limits.max_expanded_nodes = 200'000;
  ics::definition::LoadOutcome loaded = ics::definition::LoadDefinition(text, "fuzz.yaml", options);
  if (loaded.ok()) {
    ics::governance::CheckReport report = ics::governance::CheckSystem(loaded.system, {});
    (void)report;
  } else if (loaded.errors.empty() || loaded.errors[0].where.empty()) {
    __builtin_trap();  // a failed load must say where
  }
  return 0;
}
