// Building blocks of MeanNaRm (r_stats.h) for callers that already hold part of the work:
// R's mean(x) is a sequential long-double sum, a division and one refinement pass. When
// the sum is provably exact it can be kept as an integer count of units 2^q, reused for a
// subset of the values (AnalyseMdc's screened moving ranges), and the refinement decided by
// a bound. Same bits as R in every case; see r_stats.cc for the argument.
//
// Internal to the improvement module. Pure functions, thread-safe.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace ics::improvement::internal {

// |v| as an order-preserving integer: the largest over a series is the largest magnitude;
// NaN and infinity give values >= kNonFiniteMagnitude.
inline uint64_t MagnitudeBits(double v) { return std::bit_cast<uint64_t>(v) & ~(uint64_t{1} << 63); }
inline constexpr uint64_t kNonFiniteMagnitude = uint64_t{0x7ff} << 52;

// sum(x) == units * 2^q exactly, every value of x being a multiple of 2^q and
// sum |x| < 2^(q + 63), so that any order of long-double additions is exact.
struct ExactSum {
  int64_t units = 0;
  int q = 0;
  // sum |x| == abs_units * 2^q when known (>= 0); -1 when not. Tightens MeanFromExactSum's
  // first bound on the refinement (it never changes a result, only how often the values
  // are read again to decide).
  int64_t abs_units = -1;
};

// The exact sum of x (no NA, no infinity), given the largest MagnitudeBits over x; nullopt
// when the sum cannot be shown exact this way (then use MeanNaRm).
// REQUIRES: 1 <= x.size() <= kMaxExactMean, max_magnitude_bits < kNonFiniteMagnitude.
inline constexpr size_t kMaxExactMean = 4096;
std::optional<ExactSum> ExactSumOf(std::span<const double> x, uint64_t max_magnitude_bits);

// v / 2^q for a value of a series whose ExactSum has that q (an exact integer).
int64_t UnitsOf(double v, int q);

// R's mean(x) from an exact sum of x: the same bits as MeanNaRm(x).
// REQUIRES: x non-empty, no NA or infinity, sum(x) == s (as ExactSumOf gives it).
double MeanFromExactSum(std::span<const double> x, const ExactSum& s);

}  // namespace ics::improvement::internal
