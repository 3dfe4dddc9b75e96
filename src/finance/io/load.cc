#include "finance/io/load.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

namespace ics::finance::io {

Result<std::string> ReadFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return NotFound(std::string("cannot open: ") + std::strerror(errno), path);
  if (S_ISDIR(st.st_mode)) return InvalidArgument("is a directory, not a file", path);
  if (static_cast<size_t>(st.st_size) > kMaxFileBytes) {
    return ResourceExhausted("the file is larger than the 256 MiB limit", path);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(std::string("cannot read: ") + std::strerror(errno), path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Result<PolicySource> LoadPolicy(const std::string& stream, const std::string& year, const std::string& policy_file,
                                const std::string& flag_prefix) {
  PolicySource out;
  if (!policy_file.empty()) {
    Result<std::string> text = ReadFile(policy_file);
    if (!text.ok()) return text.status();
    out.text = std::move(text).value();
    out.source = policy_file;
  } else {
    Result<std::string> key = YearKey(year);
    if (!key.ok()) return InvalidArgument(key.status().message(), flag_prefix + "year");
    Result<std::string_view> text = BuiltinPolicyText(stream, year);
    if (!text.ok()) return InvalidArgument(text.status().message(), flag_prefix + "year/" + flag_prefix + "stream");
    out.text = std::string(*text);
    out.source = stream + "_" + *key + ".json";
  }
  Result<AllocationPolicy> policy = ParseAllocationPolicy(out.text, out.source);
  if (!policy.ok()) return policy.status();
  out.policy = std::move(policy).value();
  if (!year.empty() && year != out.policy.year) {
    return InvalidArgument(flag_prefix + "year " + year + " does not match the policy's year " + out.policy.year,
                           out.source);
  }
  if (!stream.empty() && stream != out.policy.stream) {
    return InvalidArgument(
        flag_prefix + "stream " + stream + " does not match the policy's stream " + out.policy.stream, out.source);
  }
  return out;
}

Result<InputFiles> ReadInputFiles(const AllocationPolicy& policy, const std::string& data_dir) {
  InputFiles files;
  for (const std::string& name : policy.Files()) {
    Result<std::string> text = ReadFile(data_dir + "/" + name);
    if (!text.ok()) return text.status();
    files.emplace(name, std::move(text).value());
  }
  return files;
}

Result<LoadedInputs> LoadInputs(const AllocationPolicy& policy, const std::string& data_dir) {
  Result<InputFiles> files = ReadInputFiles(policy, data_dir);
  if (!files.ok()) return files.status();
  return LoadPublishedInputs(policy, *files);
}

Result<LoadedYear> LoadYear(const std::string& stream, const std::string& year, const std::string& data_dir,
                            const std::string& policy_file) {
  Result<PolicySource> policy = LoadPolicy(stream, year, policy_file);
  if (!policy.ok()) return policy.status();
  if (data_dir.empty()) return InvalidArgument("give the directory holding the published CSV tables", "data");
  Result<LoadedInputs> inputs = LoadInputs(policy->policy, data_dir);
  if (!inputs.ok()) return inputs.status();
  LoadedYear out;
  out.policy = std::move(policy->policy);
  out.policy_text = std::move(policy->text);
  out.policy_source = std::move(policy->source);
  out.inputs = std::move(inputs).value();
  return out;
}

namespace {

// The published running cost allowance tables and the column each year is read from.
struct RcaSource {
  const char* year;
  const char* file;
  const char* name_column;
  const char* column;
};
constexpr RcaSource kRcaSources[] = {
    {"2023/24", "icb_running_cost_allowance_2023_24_to_2025_26_v1.2.csv", "System Name", "2023/24 £k"},
    {"2024/25", "icb_running_cost_allowance_2023_24_to_2025_26_v1.2.csv", "System Name", "2024/25 £k"},
    {"2025/26", "icb_running_cost_allowance_2025_26_v1.4.csv", "Integrated Care Board (ICB)", "2025/26 (£k)"},
};

}  // namespace

Result<std::optional<RunningCostAllowances>> LoadRunningCostAllowances(const std::string& year,
                                                                       const std::string& data_dir) {
  for (const RcaSource& source : kRcaSources) {
    if (year != source.year) continue;
    ICS_ASSIGN_OR_RETURN(std::string text, ReadFile(data_dir + "/" + source.file));
    ICS_ASSIGN_OR_RETURN(std::vector<RunningCostAllowance> table,
                         ParseRunningCostAllowances(text, source.file, "ICB23", source.name_column, source.column));
    return std::optional<RunningCostAllowances>(RunningCostAllowances{source.file, source.column, std::move(table)});
  }
  return std::optional<RunningCostAllowances>();
}

}  // namespace ics::finance::io
