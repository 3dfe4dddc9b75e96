// The default allocation policies, compiled in from data/finance/policies/*.json.
#include <string>
#include <string_view>
#include <vector>

#include "finance/policy.h"

namespace ics::finance {
namespace {

struct BuiltinPolicy {
  std::string_view name;
  std::string_view text;
};

constexpr BuiltinPolicy kBuiltinPolicies[] = {
#include "builtin_policies_data.inc"
};

}  // namespace

Result<std::string_view> BuiltinPolicyText(std::string_view stream, std::string_view year) {
  ICS_ASSIGN_OR_RETURN(std::string key, YearKey(year));
  std::string name = std::string(stream) + "_" + key + ".json";
  for (const BuiltinPolicy& p : kBuiltinPolicies) {
    if (p.name == name) return p.text;
  }
  std::string known;
  for (const BuiltinPolicy& p : kBuiltinPolicies) known += (known.empty() ? "" : ", ") + std::string(p.name);
  return NotFound("no built-in policy for stream \"" + std::string(stream) + "\" and year " +
                  std::string(year) + " (have: " + known + ")");
}

std::vector<std::string> BuiltinPolicyNames() {
  std::vector<std::string> names;
  for (const BuiltinPolicy& p : kBuiltinPolicies) names.emplace_back(p.name);
  return names;
}

}  // namespace ics::finance
