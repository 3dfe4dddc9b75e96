// Reading input for the `ics` verbs: a file path or "-" for standard input, refused with a
// clear message when missing, a directory, or larger than the stated limit (checked
// before reading, so a 1 GB file costs nothing).
#pragma once

#include <string>

#include "base/status.h"

namespace ics::cli {

Result<std::string> ReadInput(const std::string& path, size_t max_bytes);

// True when standard output is a terminal that understands colour (and NO_COLOR is unset).
bool StdoutWantsColour();

}  // namespace ics::cli
