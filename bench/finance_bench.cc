// Times the national allocation run against parsing its input files in the same run: every
// published stream and year (core and primary medical care, 2023/24 to 2025/26), all
// 42 ICBs and all ~6,550 GP practices of each year that has a practice file.
//
//   csv parse   CsvTable::Parse of every input file the six policies read (the peer)
//   load        the loader: parse, typed cells with located errors, practice aggregation
//   compute     from loaded inputs: practices aggregated to sub-ICB and ICB, targets from the
//               quantum, distance, growth, convergence, rounding, totals, for all six
//   what-if     one recompute of a loaded year with a changed cap and practice weight (the
//               work behind a browser slider), and a ten-year path to target
// Prints Markdown tables; the figures that matter are compute / csv parse (< 0.1) and the
// what-if recompute against loading its year (a slider needs well under 50 ms a recompute).
//
// usage: finance_bench [--min-seconds S] DATA_DIR
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "finance/allocation.h"
#include "finance/csv.h"
#include "finance/policy.h"
#include "finance/population.h"
#include "finance/published_inputs.h"
#include "finance/whatif.h"

namespace {

namespace fin = ics::finance;
using Clock = std::chrono::steady_clock;

double Median(const std::function<void()>& fn, double min_seconds) {
  std::vector<double> times;
  double total = 0;
  while (times.size() < 5 || (total < min_seconds && times.size() < 5000)) {
    auto start = Clock::now();
    fn();
    double s = std::chrono::duration<double>(Clock::now() - start).count();
    times.push_back(s);
    total += s;
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

template <typename T>
T Check(ics::Result<T> r, const char* what) {
  if (!r.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, r.status().ToString().c_str());
    std::exit(2);
  }
  return std::move(r).value();
}

struct Run {
  fin::AllocationPolicy policy;
  fin::InputFiles files;
  fin::LoadedInputs inputs;
};

}  // namespace

int main(int argc, char** argv) {
  double min_seconds = 2.0;
  std::string data;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--min-seconds") && i + 1 < argc) min_seconds = std::atof(argv[++i]);
    else data = argv[i];
  }
  if (data.empty()) {
    std::fprintf(stderr, "usage: finance_bench [--min-seconds S] DATA_DIR\n");
    return 2;
  }
  std::vector<Run> runs;
  size_t bytes = 0, practices = 0, icbs = 0;
  for (const char* stream : {"core", "pmc"}) {
    for (const char* year : {"2023/24", "2024/25", "2025/26"}) {
      Run r;
      std::string text(Check(fin::BuiltinPolicyText(stream, year), "policy"));
      r.policy = Check(fin::ParseAllocationPolicy(text, std::string(stream) + " " + year), "policy");
      for (const std::string& f : r.policy.Files()) {
        r.files[f] = Read(data + "/" + f);
        bytes += r.files[f].size();
      }
      r.inputs = Check(fin::LoadPublishedInputs(r.policy, r.files), "load");
      practices += r.inputs.practices.size();
      icbs += r.inputs.icbs.size();
      runs.push_back(std::move(r));
    }
  }

  double t_parse = Median([&] {
    for (const Run& r : runs) {
      for (const auto& [name, text] : r.files) {
        fin::CsvTable t = Check(fin::CsvTable::Parse(text, name), "parse");
        (void)t;
      }
    }
  }, min_seconds);
  double t_load = Median([&] {
    for (const Run& r : runs) {
      fin::LoadedInputs in = Check(fin::LoadPublishedInputs(r.policy, r.files), "load");
      (void)in;
    }
  }, min_seconds);
  int64_t checksum = 0;
  double t_compute = Median([&] {
    for (const Run& r : runs) {
      std::vector<fin::IcbInput> icbs = r.inputs.icbs;
      if (!r.inputs.practices.empty()) {
        fin::WeightedPopulations w = Check(fin::AggregateWeightedPopulations(r.inputs.practices), "aggregate");
        if (r.policy.target.method == fin::TargetMethod::kWeightedPopulationShare) {
          std::map<std::string, double, std::less<>> weight;
          for (const fin::AreaWeights& a : w.icbs) weight[a.code] = a.weighted;
          std::vector<double> weights;
          for (const fin::IcbInput& in : icbs) weights.push_back(weight[in.code]);
          std::vector<fin::Money> targets = Check(fin::TargetsFromQuantum(r.policy.target.quantum, weights), "targets");
          for (size_t i = 0; i < icbs.size(); ++i) icbs[i].target = targets[i];
        }
      }
      fin::Allocation a = Check(fin::Allocate(r.policy.method, icbs), "allocate");
      checksum += a.england.recurrent_allocation.pence();
    }
  }, min_seconds);

  // What-if on core 2024/25 (targets rebuilt from practices).
  fin::WhatIfModel model = Check(fin::WhatIfModel::Create(runs[1].policy, runs[1].inputs), "model");
  fin::WhatIf what_if;
  what_if.settings = {{"convergence.above_target.cap", "0.02"}};
  what_if.practice_weights["A81001"] = 6000;
  double t_whatif = Median([&] {
    fin::WhatIfResult r = Check(model.Run(what_if), "what-if");
    checksum += r.total_difference.pence();
  }, min_seconds);
  fin::WhatIfResult scenario = Check(model.Run(what_if), "what-if");
  fin::PathOptions path_options;
  path_options.years = 10;
  double t_path = Median([&] {
    fin::PathResult p = Check(fin::ProjectPath(scenario.method, scenario.scenario, "2024/25", path_options), "path");
    checksum += p.within_by_year.back();
  }, min_seconds);

  // The peer of the what-if: loading the same year once from its text (what the server does
  // on the first request for a year, never on a slider move).
  double t_load_year = Median([&] {
    fin::LoadedInputs in = Check(fin::LoadPublishedInputs(runs[1].policy, runs[1].files), "load");
    checksum += static_cast<int64_t>(in.practices.size());
  }, min_seconds);

  std::printf("| input | MiB | ICB rows | practice rows | csv parse (ms) | load (ms) | compute (ms) | "
              "compute / csv parse | what-if recompute (µs) | 10-year path (µs) |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  std::printf("| core + pmc, 2023/24-2025/26 (6 runs) | %.2f | %zu | %zu | %.2f | %.2f | %.3f | %.3f | %.0f | %.0f |\n",
              bytes / 1048576.0, icbs, practices, t_parse * 1e3, t_load * 1e3, t_compute * 1e3, t_compute / t_parse,
              t_whatif * 1e6, t_path * 1e6);
  std::printf("\n| what-if, core 2024/25 (42 ICBs, %zu practices) | median | / loading the year (%.2f ms) |\n"
              "|---|---:|---:|\n"
              "| recompute (a cap and a practice weight) | %.1f µs | %.5f |\n"
              "| recompute + 10-year path | %.1f µs | %.5f |\n",
              runs[1].inputs.practices.size(), t_load_year * 1e3, t_whatif * 1e6, t_whatif / t_load_year,
              (t_whatif + t_path) * 1e6, (t_whatif + t_path) / t_load_year);
  std::fprintf(stderr, "(checksum %lld)\n", static_cast<long long>(checksum));
  return t_compute / t_parse < 0.1 ? 0 : 1;
}
