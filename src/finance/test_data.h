// Test support: the project's copies of the published tables (data/finance/), loaded under
// the built-in policy of a stream and year. For tests only.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "finance/policy.h"
#include "finance/published_inputs.h"

namespace ics::finance::testing {

inline std::string DataFile(const std::string& name) {
  std::string path = std::string(ICS_SOURCE_DIR) + "/data/finance/" + name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct LoadedYear {
  AllocationPolicy policy;
  LoadedInputs inputs;
};

inline LoadedYear LoadYear(const std::string& stream, const std::string& year) {
  LoadedYear out;
  Result<std::string_view> text = BuiltinPolicyText(stream, year);
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  if (!text.ok()) return out;
  Result<AllocationPolicy> policy = ParseAllocationPolicy(*text, stream + " " + year);
  EXPECT_TRUE(policy.ok()) << policy.status().ToString();
  if (!policy.ok()) return out;
  out.policy = *policy;
  InputFiles files;
  for (const std::string& f : out.policy.Files()) files[f] = DataFile(f);
  Result<LoadedInputs> inputs = LoadPublishedInputs(out.policy, files);
  EXPECT_TRUE(inputs.ok()) << inputs.status().ToString();
  if (inputs.ok()) out.inputs = *inputs;
  return out;
}

}  // namespace ics::finance::testing
