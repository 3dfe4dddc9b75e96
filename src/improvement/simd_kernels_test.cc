// The hand-written AVX-512 kernels of the XmR engine against the scalar code they replace,
// on random and edge-case inputs: the same six comparison masks bit for bit and the same
// verdict on the dates' order. On a processor without AVX-512 only the scalar code runs
// (and the engine uses it); the test then checks that it runs and says so.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "improvement/internal/simd.h"

namespace ics::improvement::internal {
namespace {

struct Group {
  std::vector<double> values;
  std::vector<int> years, months, days;
  double mean = 0, lpl = 0, upl = 0, nlpl = 0, nupl = 0;
};

Group RandomGroup(std::mt19937_64& rng, size_t n) {
  Group g;
  std::uniform_real_distribution<double> level(-100, 100);
  std::uniform_int_distribution<int> coarse(0, 4);  // coarse values make ties with the mean and neighbours
  const bool tied = rng() % 3 == 0;
  double centre = level(rng);
  for (size_t i = 0; i < n; ++i) g.values.push_back(tied ? centre + coarse(rng) - 2 : level(rng));
  g.mean = tied ? centre : level(rng);
  double sigma = std::abs(level(rng)) / 3;
  g.lpl = g.mean - 3 * sigma;
  g.upl = g.mean + 3 * sigma;
  g.nlpl = g.mean - 2 * sigma;
  g.nupl = g.mean + 2 * sigma;
  // Monthly dates from a random start; sometimes one out of order, repeated or impossible.
  int year = 1990 + static_cast<int>(rng() % 60), month = 1 + static_cast<int>(rng() % 12);
  for (size_t i = 0; i < n; ++i) {
    g.years.push_back(year);
    g.months.push_back(month);
    g.days.push_back(1 + static_cast<int>(rng() % 28));
    if (++month == 13) month = 1, ++year;
  }
  if (n > 1) {
    size_t at = rng() % n;
    switch (rng() % 5) {
      case 0: g.years[at] -= 1; break;                           // out of order
      case 1: if (at > 0) { g.years[at] = g.years[at - 1]; g.months[at] = g.months[at - 1]; g.days[at] = g.days[at - 1]; } break;
      case 2: g.months[at] = 13; break;                          // not a date
      case 3: g.days[at] = 0; break;                             // not a date
      default: break;                                            // in order
    }
  }
  return g;
}

KernelAgreement RunBothWays(const Group& g) {
  return CompareKernels(g.values.data(), g.values.size(), g.mean, g.lpl, g.upl, g.nlpl, g.nupl, g.years.data(),
                        g.months.data(), g.days.data());
}

TEST(SimdKernels, ScalarAndAvx512AgreeOnEveryGroupLength) {
  std::mt19937_64 rng(20261123);
  int in_order = 0, out_of_order = 0;
  bool avx512 = false;
  for (size_t n = 1; n <= 64; ++n) {
    for (int trial = 0; trial < 200; ++trial) {
      Group g = RandomGroup(rng, n);
      KernelAgreement k = RunBothWays(g);
      avx512 = avx512 || k.avx512_ran;
      ASSERT_TRUE(k.masks_agree) << "n=" << n << " trial=" << trial;
      ASSERT_TRUE(k.dates_agree) << "n=" << n << " trial=" << trial;
      (k.dates_ascending ? in_order : out_of_order)++;
    }
  }
  // Both verdicts were exercised.
  EXPECT_GT(in_order, 1000);
  EXPECT_GT(out_of_order, 1000);
  if (!avx512) GTEST_SKIP() << "no AVX-512 on this processor: only the scalar kernels ran (the ones the engine uses here)";
}

TEST(SimdKernels, ValuesOnTheLimitsAndTheMean) {
  Group g;
  g.mean = 10;
  g.lpl = 4;
  g.upl = 16;
  g.nlpl = 6;
  g.nupl = 14;
  // Exactly on each line, just inside and just outside.
  for (double v : {10.0, 4.0, 16.0, 6.0, 14.0, std::nextafter(16.0, 17.0), std::nextafter(4.0, 3.0),
                   std::nextafter(14.0, 15.0), std::nextafter(6.0, 5.0), 10.0, 10.0, -0.0, 0.0}) {
    g.values.push_back(v);
    g.years.push_back(2020 + static_cast<int>(g.values.size()));
    g.months.push_back(4);
    g.days.push_back(1);
  }
  KernelAgreement k = RunBothWays(g);
  EXPECT_TRUE(k.masks_agree);
  EXPECT_TRUE(k.dates_agree);
  EXPECT_TRUE(k.dates_ascending);
}

}  // namespace
}  // namespace ics::improvement::internal
