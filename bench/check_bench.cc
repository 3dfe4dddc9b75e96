// Times loading and checking ICS definitions against plain YAML parsing of the same bytes
// in the same run: yaml-cpp's YAML::Load (the peer), our position-keeping parse, the full
// load into the typed model, and the rulebook check. Prints a Markdown table; the figures
// that matter are ratios (check / plain parse) and time per MiB across sizes.
//
// usage: check_bench [--min-seconds S] FILE...
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "definition/loader.h"
#include "definition/yaml_document.h"
#include "governance/rulebook.h"

namespace {

using Clock = std::chrono::steady_clock;

// Median seconds of `fn` over at least 3 runs and at least `min_seconds` in total.
double Median(const std::function<void()>& fn, double min_seconds) {
  std::vector<double> times;
  double total = 0;
  while (times.size() < 3 || (total < min_seconds && times.size() < 200)) {
    auto start = Clock::now();
    fn();
    double s = std::chrono::duration<double>(Clock::now() - start).count();
    times.push_back(s);
    total += s;
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

std::string Read(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
  double min_seconds = 2.0;
  bool per_rule = false;
  std::vector<const char*> files;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--min-seconds") && i + 1 < argc) min_seconds = std::atof(argv[++i]);
    else if (!std::strcmp(argv[i], "--per-rule")) per_rule = true;
    else files.push_back(argv[i]);
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: check_bench [--min-seconds S] FILE...\n");
    return 2;
  }
  std::printf("| file | MiB | organisations | yaml-cpp YAML::Load (ms) | our parse (ms) | full load (ms) | rule check (ms) | "
              "check / YAML::Load | load+check per MiB (ms) |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const char* file : files) {
    std::string text = Read(file);
    ics::definition::LoadOptions options;
    options.limits.max_bytes = 1u << 30;
    ics::definition::LoadOutcome loaded = ics::definition::LoadDefinition(text, file, options);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s: %s: %s\n", file, loaded.errors[0].where.c_str(), loaded.errors[0].message.c_str());
      return 2;
    }
    double t_peer = Median([&] { YAML::Node n = YAML::Load(text); (void)n; }, min_seconds);
    double t_parse = Median([&] {
      auto d = ics::definition::YamlDocument::Parse(text, file, options.limits);
      (void)d;
    }, min_seconds);
    double t_load = Median([&] { auto o = ics::definition::LoadDefinition(text, file, options); (void)o; }, min_seconds);
    size_t findings = 0;
    double t_check = Median([&] { findings = ics::governance::CheckSystem(loaded.system, {}).findings.size(); },
                            min_seconds);
    double mib = text.size() / 1048576.0;
    std::printf("| %s | %.2f | %zu | %.1f | %.1f | %.1f | %.2f | %.3f | %.1f |\n", file, mib,
                loaded.system.organisations.size(), t_peer * 1e3, t_parse * 1e3, t_load * 1e3, t_check * 1e3,
                t_check / t_peer, (t_load + t_check) * 1e3 / mib);
    std::fflush(stdout);
    (void)findings;
    if (per_rule) {
      // The slowest rules on this input, to find any that grow faster than the input.
      ics::governance::CheckOptions check_options;
      std::vector<std::pair<double, std::string>> rule_times;
      for (const auto& rule : ics::governance::Rulebook()) {
        if (!rule.check) continue;
        double t = Median([&] {
          ics::governance::CheckReport one = ics::governance::CheckSystemWith(loaded.system, check_options, rule);
          (void)one;
        }, 0);
        rule_times.emplace_back(t, rule.info.id);
      }
      std::sort(rule_times.rbegin(), rule_times.rend());
      for (size_t i = 0; i < rule_times.size() && i < 8; ++i)
        std::printf("|   %s | | | | | | %.2f | | |\n", rule_times[i].second.c_str(), rule_times[i].first * 1e3);
    }
  }
  return 0;
}
