// Times the Making Data Count XmR engine (AnalyseMdc: limits with moving-range screening,
// all four special-cause rules, point types, variation and assurance icons) over many
// monthly series, single thread, against a plain pass that only sums the same values from
// the same input arrays (the memory-bound floor), in the same run. Prints a Markdown table;
// the figure that matters is the ratio engine / floor.
//
// usage: spc_bench [--series N] [--points P] [--repeats R] [--seed S] [--reference]
//   --reference also times the previous implementation (improvement/mdc_reference.h, kept
//   as the tests' reference), which is some 30 times slower.
#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <span>
#include <vector>

#include "base/date.h"
#include "improvement/mdc.h"
#include "improvement/mdc_reference.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace imp = ics::improvement;

double Seconds(const std::function<void()>& fn) {
  auto start = Clock::now();
  fn();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Monthly series like the oversight metrics: a level with noise, and in some series a
// shift, a trend or a single outlier, so every rule has work to do.
std::vector<imp::MdcPoint> MakeSeries(size_t series, size_t points, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<imp::MdcPoint> out;
  out.reserve(series * points);
  for (size_t s = 0; s < series; ++s) {
    const double level = 50 + 40 * unit(rng);
    const double sd = 0.5 + 3 * unit(rng);
    const double kind = unit(rng);
    const size_t change = points / 3 + static_cast<size_t>(unit(rng) * static_cast<double>(points / 3));
    ics::Date d{2021, 4, 1};
    for (size_t i = 0; i < points; ++i) {
      double v = level + sd * noise(rng);
      if (kind < 0.3 && i >= change) v += 2.5 * sd;                                  // shift
      if (kind >= 0.3 && kind < 0.45 && i >= change && i < change + 8) v += 0.6 * sd * static_cast<double>(i - change);  // trend
      if (kind >= 0.45 && kind < 0.55 && i == change) v += 5 * sd;                   // outlier
      v = std::round(v * 10) / 10;  // one decimal place, as published percentages are
      out.push_back({d, v});
      d = d.AddMonths(1);
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  size_t series = 100'000, points = 60;
  int repeats = 5;
  uint64_t seed = 20210401;
  bool reference = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--series") && i + 1 < argc) series = std::strtoull(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--points") && i + 1 < argc) points = std::strtoull(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--repeats") && i + 1 < argc) repeats = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--seed") && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--reference")) reference = true;
    else {
      std::fprintf(stderr, "usage: spc_bench [--series N] [--points P] [--repeats R] [--seed S] [--reference]\n");
      return 2;
    }
  }
  if (series == 0 || points == 0 || repeats < 1) {
    std::fprintf(stderr, "spc_bench: --series, --points and --repeats must be positive\n");
    return 2;
  }
  const std::vector<imp::MdcPoint> data = MakeSeries(series, points, seed);
  const imp::MdcOptions options;  // increase, screening on, no target: all rules and icons
  imp::MdcOptions with_target = options;
  with_target.target = 60;

  // The floor: read every value of a block of series once and add it up.
  volatile double sink = 0;
  auto run_sum = [&](size_t first, size_t last) {
    double total = 0;
    for (size_t s = first; s < last; ++s) {
      std::span<const imp::MdcPoint> one(data.data() + s * points, points);
      double acc = 0;
      for (const imp::MdcPoint& p : one) acc += p.value;
      total += acc;
    }
    sink = total;
  };
  size_t special = 0, failures = 0;
  auto run_engine = [&](const imp::MdcOptions& o, size_t first, size_t last, bool previous = false) {
    for (size_t s = first; s < last; ++s) {
      std::span<const imp::MdcPoint> one(data.data() + s * points, points);
      auto r = previous ? imp::reference::ReferenceAnalyseMdc(one, o) : imp::AnalyseMdc(one, o);
      if (!r.ok()) {
        ++failures;
        continue;
      }
      for (const imp::MdcPointResult& p : r->points) special += p.special_cause_flag;
    }
  };
  run_engine(options, 0, series);
  const size_t special_plain = special;
  // The series are timed in blocks of 250 (about a millisecond each): for each block the
  // three passes run back to back, `repeats` times, and the fastest time of each pass on
  // each block counts. On a machine shared with other work, a whole 0.3 s pass is rarely
  // left alone but a few-millisecond block often is, and a block's passes see alike load.
  // The engine passes go first (reading the block cold); the floor reads it warm, which
  // can only make the floor faster and the ratio larger.
  constexpr size_t kBlock = 250;
  double t_sum = 0, t_engine = 0, t_target = 0, t_reference = 0;
  for (size_t first = 0; first < series; first += kBlock) {
    const size_t last = std::min(series, first + kBlock);
    double b_sum = 1e300, b_engine = 1e300, b_target = 1e300, b_reference = 1e300;
    for (int r = 0; r < repeats; ++r) {
      b_engine = std::min(b_engine, Seconds([&] { run_engine(options, first, last); }));
      b_target = std::min(b_target, Seconds([&] { run_engine(with_target, first, last); }));
      b_sum = std::min(b_sum, Seconds([&] { run_sum(first, last); }));
      if (reference && r < 3) b_reference = std::min(b_reference, Seconds([&] { run_engine(options, first, last, true); }));
    }
    t_sum += b_sum;
    t_engine += b_engine;
    t_target += b_target;
    t_reference += b_reference;
  }
  // The memory-bound floor proper: whole passes over all the series (several times the
  // size of this core's cache, so read from memory), the fastest of `repeats`.
  // Each pass takes milliseconds, so it is repeated more, to find one the machine left alone.
  double t_stream = 1e300;
  for (int r = 0; r < std::max(4 * repeats, 40); ++r) t_stream = std::min(t_stream, Seconds([&] { run_sum(0, series); }));
  if (failures) {
    std::fprintf(stderr, "spc_bench: %zu series failed\n", failures);
    return 1;
  }

  const double n = static_cast<double>(series * points);
  std::printf("%zu series x %zu points = %.0f points, single thread, fastest of %d runs per block of 250 series; "
              "%zu special-cause points flagged\n\n",
              series, points, n, repeats, special_plain);
  std::printf("| pass | seconds | points per second | ns per point | ratio to the memory-bound sum | ratio to the cached sum |\n");
  std::printf("|---|---:|---:|---:|---:|---:|\n");
  auto row = [&](const char* name, double t) {
    std::printf("| %s | %.4f | %.3g | %.2f | %.2f | %.2f |\n", name, t, n / t, 1e9 * t / n,
                t / t_stream, t / t_sum);
  };
  row("plain sum of the values, whole passes from memory (the floor)", t_stream);
  row("plain sum of the values, per block from cache", t_sum);
  row("XmR, all rules and icons", t_engine);
  row("XmR, all rules and icons, with a target", t_target);
  if (reference) row("XmR, previous implementation (fastest of 3 per block)", t_reference);
  (void)sink;
  return 0;
}
