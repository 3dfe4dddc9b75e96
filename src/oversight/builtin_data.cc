// The default oversight data, compiled in from data/oversight/*.json.
#include "oversight/builtin_data.h"

#include "base/text.h"

namespace ics::oversight {
namespace {

struct BuiltinFile {
  std::string_view name;
  std::string_view text;
};

constexpr BuiltinFile kBuiltinFiles[] = {
#include "oversight_data.inc"
};

}  // namespace

Result<std::string_view> BuiltinDataText(std::string_view name) {
  for (const BuiltinFile& f : kBuiltinFiles) {
    if (f.name == name) return f.text;
  }
  return NotFound("no built-in oversight file \"" + std::string(name) + "\" (have: " +
                  JoinWithAnd(BuiltinDataNames()) + ")");
}

std::vector<std::string> BuiltinDataNames() {
  std::vector<std::string> names;
  for (const BuiltinFile& f : kBuiltinFiles) names.emplace_back(f.name);
  return names;
}

}  // namespace ics::oversight
