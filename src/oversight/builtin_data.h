// The default registry, rule sets and quality triggers, compiled in from
// data/oversight/*.json so that the library never reads the source tree at run time.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace ics::oversight {

// The text of data/oversight/<name> ("metrics.json", "nof_2025_26.json", ...).
Result<std::string_view> BuiltinDataText(std::string_view name);
std::vector<std::string> BuiltinDataNames();

}  // namespace ics::oversight
