#include "improvement/r_stats.h"

#include "improvement/internal/exact_mean.h"
#include "improvement/internal/simd.h"

#include <algorithm>
#include <bit>
#include <cfloat>
#include <cstring>
#include <limits>

namespace ics::improvement {

double SumNaRm(std::span<const double> x) {
  long double s = 0.0L;
  for (double v : x) {
    if (!IsNa(v)) s += v;
  }
  return static_cast<double>(s);
}

size_t CountPresent(std::span<const double> x) {
  return static_cast<size_t>(std::count_if(x.begin(), x.end(), [](double v) { return !IsNa(v); }));
}

namespace {

// R's two passes exactly as summary.c runs them: a sequential long-double sum, the mean,
// and one sequential long-double refinement step.
double SequentialMean(std::span<const double> x) {
  long double s = 0.0L;
  size_t n = 0;
  for (double v : x) {
    if (!IsNa(v)) {
      s += v;
      ++n;
    }
  }
  if (n == 0) return kNa;
  long double t = s / static_cast<long double>(n);
  if (std::isfinite(static_cast<double>(t))) {
    long double r = 0.0L;
    for (double v : x) {
      if (!IsNa(v)) r += (v - t);
    }
    t += r / static_cast<long double>(n);
  }
  return static_cast<double>(t);
}

uint64_t Bits(double v) { return std::bit_cast<uint64_t>(v); }
// The unbiased exponent of a finite, normal, non-zero double, and whether it is a power of 2.
int Exponent(double v) { return static_cast<int>((Bits(v) >> 52) & 0x7ff) - 1023; }
bool IsPowerOfTwo(double v) { return (Bits(v) & ((uint64_t{1} << 52) - 1)) == 0; }
// 2^e for -1022 <= e <= 1023.
double Pow2(int e) { return std::bit_cast<double>(static_cast<uint64_t>(e + 1023) << 52); }

}  // namespace

// MeanNaRm: the same bits as SequentialMean, faster for the usual input (finite values, no
// NA), in the pieces of internal/exact_mean.h.
//
// Pass 1: let m = max |v| (2^E <= m < 2^(E+1)) and q = E + 1 + ceil(log2 n) - 63, so that
// sum |v| < 2^(q + 63). If every value is an integer multiple of 2^q, every partial sum,
// in any order, is a multiple of 2^q below 2^(q + 63): it fits a long double's 64-bit
// significand, so R's sequential long-double sum is exact. It is then the integer sum of
// v / 2^q, which an int64 accumulates without the 60-odd dependent x87 adds.
//
// Pass 2 moves the mean t by r/n, where r is the rounded sum of (v - t). With the sum
// exact, |sum (v - t)| <= n ulp(t) / 2 and the roundings add at most 2^-64 D (n + 1.001),
// D = sum |v - t|, so |r/n| <= B = ulp(t)/2 + 2^-64 D (n + 1.001)/n (plus a hair), and the
// refined t' is within B + ulp(t) of t. If no double rounding boundary (a midpoint between
// neighbouring doubles) lies that close to t, then (double) t' == (double) t and the pass
// cannot change the answer. Otherwise, or outside these conditions (an NA, an infinity,
// huge or tiny magnitudes), the sequential passes run as R runs them.
// mdc_equivalence_test.cc checks the bits against the plain passes.
namespace internal {
namespace {

// sum of (int64) (v * scale), in *abs_sum the sum of their magnitudes, and in *differ
// whether any product was not an integer. Integer sums, so the AVX-512 clone's order of
// additions gives the same results.
ICS_SIMD_CLONES int64_t ScaledSum(const double* x, size_t n, double scale, uint64_t* differ,
                                  int64_t* abs_sum) {
  int64_t sum = 0, sum_abs = 0;
  uint64_t d = 0;
  for (size_t i = 0; i < n; ++i) {
    const double y = x[i] * scale;
    const int64_t k = static_cast<int64_t>(y);
    d |= Bits(static_cast<double>(k)) ^ Bits(y);
    sum += k;
    sum_abs += k < 0 ? -k : k;
  }
  *differ = d;
  *abs_sum = sum_abs;
  return sum;
}

}  // namespace

std::optional<ExactSum> ExactSumOf(std::span<const double> x, uint64_t top) {
  const size_t n = x.size();
  if (n == 0 || n > kMaxExactMean || top >= kNonFiniteMagnitude) return std::nullopt;
  if (top == 0) return ExactSum{0, 0, 0};  // all zeros (a -0 is +0 in any long-double sum)
  const int log2n = std::bit_width(n - 1);  // ceil(log2 n)
  const int q = std::max(static_cast<int>(top >> 52) - 1023, -1022) + 1 + log2n - 63;
  // q > 0 would scale values down (and could underflow them); 2^-q must be normal.
  if (q > 0 || q < -1022) return std::nullopt;
  // v * 2^-q is exact and below 2^63 / n; it is an integer exactly when converting it to
  // int64 and back gives the same bits (-0 fails this and merely takes the slow path).
  uint64_t differ = 0;
  int64_t abs_sum = 0;
  const int64_t sum = ScaledSum(x.data(), n, Pow2(-q), &differ, &abs_sum);
  if (differ != 0) return std::nullopt;
  return ExactSum{sum, q, abs_sum};
}

int64_t UnitsOf(double v, int q) { return static_cast<int64_t>(v * Pow2(-q)); }

double MeanFromExactSum(std::span<const double> x, const ExactSum& exact) {
  const size_t n = x.size();
  if (exact.units == 0) {
    // An exact zero sum: t = 0 and the refinement adds the (exact, zero) sum again.
    return 0.0;
  }
  const long double nn = static_cast<long double>(n);
  const long double s = static_cast<long double>(exact.units) * static_cast<long double>(Pow2(exact.q));
  const long double t = s / nn;
  const double result = static_cast<double>(t);
  const long double at = std::fabs(t);
  if (!(at > 0x1p-900L && at < 0x1p+1000L)) return SequentialMean(x);

  // ulp of t's 64-bit significand; t rounds to `result`, so its exponent is at most
  // result's (taking result's is conservative).
  const int e = Exponent(result);
  const long double ulp = static_cast<long double>(Pow2(e - 63));
  // The rounding boundaries either side of `result`: half an ulp of the double away (half
  // of the smaller ulp below a power of two).
  const double half_up = Pow2(e - 53);
  const double half_down = IsPowerOfTwo(result) ? half_up / 2 : half_up;
  const long double mid_up = static_cast<long double>(result) + (result > 0 ? half_up : half_down);
  const long double mid_down = static_cast<long double>(result) - (result > 0 ? half_down : half_up);
  const long double room = std::min(mid_up - t, t - mid_down);
  auto settled = [&](long double deviation) {
    const long double shift_bound =
        (ulp / 2 + 0x1p-64L * deviation * (nn + 1.001L) / nn) * (1 + 0x1p-60L);
    return room > (shift_bound + ulp) * (1 + 0x1p-10L);
  };
  // Pass 2, as a bound: D = sum |v - t|. First without reading the values again:
  // D <= n (max |v| + |t|), with max |v| < 2^(q + 63 - ceil(log2 n)) by the choice of q
  // (for a subset of the values q was chosen, n is smaller and the bound only looser).
  const int max_exponent = exact.q + 63 - std::bit_width(n - 1);
  long double first = nn * (static_cast<long double>(Pow2(max_exponent)) + at) * (1 + 0x1p-60L);
  // With sum |v| known exactly: D <= sum |v| + n |t| (two roundings, covered by the factor).
  if (exact.abs_units >= 0) {
    first = std::min(first, (static_cast<long double>(exact.abs_units) * static_cast<long double>(Pow2(exact.q)) +
                             nn * at) * (1 + 0x1p-60L));
  }
  if (settled(first)) return result;
  // Then D <= sum |v - result| + n |t - result|.
  double d0 = 0, d1 = 0, d2 = 0, d3 = 0;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    d0 += std::fabs(x[i] - result);
    d1 += std::fabs(x[i + 1] - result);
    d2 += std::fabs(x[i + 2] - result);
    d3 += std::fabs(x[i + 3] - result);
  }
  for (; i < n; ++i) d0 += std::fabs(x[i] - result);
  const long double deviation =
      ((static_cast<long double>(d0) + d1) + (static_cast<long double>(d2) + d3) +
       nn * std::fabs(t - static_cast<long double>(result))) *
      (1 + 0x1p-36L);
  if (settled(deviation)) return result;
  return SequentialMean(x);
}

}  // namespace internal

double MeanNaRm(std::span<const double> x) {
  uint64_t top = 0;
  for (double v : x) top = std::max(top, internal::MagnitudeBits(v));
  if (auto exact = internal::ExactSumOf(x, top)) return internal::MeanFromExactSum(x, *exact);
  return SequentialMean(x);
}

double SdNaRm(std::span<const double> x) {
  size_t n = CountPresent(x);
  if (n < 2) return kNa;
  // R's cov.c: long-double mean with one refinement step, then the centred sum of squares.
  long double s = 0.0L;
  for (double v : x) {
    if (!IsNa(v)) s += v;
  }
  long double m = s / static_cast<long double>(n);
  if (std::isfinite(static_cast<double>(m))) {
    long double r = 0.0L;
    for (double v : x) {
      if (!IsNa(v)) r += (v - m);
    }
    m += r / static_cast<long double>(n);
  }
  long double ss = 0.0L;
  for (double v : x) {
    if (!IsNa(v)) ss += (v - m) * (v - m);
  }
  return std::sqrt(static_cast<double>(ss / static_cast<long double>(n - 1)));
}

double Sd(std::span<const double> x) {
  for (double v : x) {
    if (IsNa(v)) return kNa;
  }
  return SdNaRm(x);
}

double MedianNaRm(std::span<const double> x) {
  std::vector<double> v;
  v.reserve(x.size());
  for (double d : x) {
    if (!IsNa(d)) v.push_back(d);
  }
  if (v.empty()) return kNa;
  std::sort(v.begin(), v.end());
  size_t h = v.size() / 2;
  if (v.size() % 2 == 1) return v[h];
  return static_cast<double>((static_cast<long double>(v[h - 1]) + v[h]) / 2.0L);
}

double Sign(double x) {
  if (IsNa(x)) return kNa;
  if (x > 0) return 1.0;
  if (x < 0) return -1.0;
  return 0.0;
}

double RoundHalfEven(double x) { return std::nearbyint(x); }

double BinomialCdf(int64_t k, int64_t size, double prob) {
  if (k < 0) return 0.0;
  if (k >= size) return 1.0;
  const long double lp = std::log(static_cast<long double>(prob));
  const long double lq = std::log1p(-static_cast<long double>(prob));
  const long double lg_n1 = std::lgamma(static_cast<long double>(size) + 1.0L);
  long double cdf = 0.0L;
  for (int64_t i = 0; i <= k; ++i) {
    long double lpmf = lg_n1 - std::lgamma(static_cast<long double>(i) + 1.0L) -
                       std::lgamma(static_cast<long double>(size - i) + 1.0L) +
                       static_cast<long double>(i) * lp +
                       static_cast<long double>(size - i) * lq;
    cdf += std::exp(lpmf);
  }
  return static_cast<double>(std::min(cdf, 1.0L));
}

int64_t BinomialQuantile(double p, int64_t size, double prob) {
  if (size <= 0) return 0;
  if (p <= 0.0) return 0;
  if (p >= 1.0 || p + 1.01 * DBL_EPSILON >= 1.0) return size;
  const double target = p * (1 - 64 * DBL_EPSILON);  // R's fuzz for left continuity
  const long double lp = std::log(static_cast<long double>(prob));
  const long double lq = std::log1p(-static_cast<long double>(prob));
  const long double lg_n1 = std::lgamma(static_cast<long double>(size) + 1.0L);
  long double cdf = 0.0L;
  for (int64_t k = 0; k < size; ++k) {
    long double lpmf = lg_n1 - std::lgamma(static_cast<long double>(k) + 1.0L) -
                       std::lgamma(static_cast<long double>(size - k) + 1.0L) +
                       static_cast<long double>(k) * lp +
                       static_cast<long double>(size - k) * lq;
    cdf += std::exp(lpmf);
    if (static_cast<double>(cdf) >= target) return k;
  }
  return size;
}

double C4(double n) {
  if (IsNa(n) || n <= 1) return kNa;
  return std::sqrt(2 / (n - 1)) * std::exp(std::lgamma(n / 2) - std::lgamma((n - 1) / 2));
}

double C5(double n) {
  if (IsNa(n) || n <= 1) return kNa;
  double c4 = C4(n);
  return std::sqrt(1 - c4 * c4);
}

double A3(double n, double k) {
  if (IsNa(n) || n <= 1) return kNa;
  return k / (C4(n) * std::sqrt(n));
}

double B3(double n, double k) {
  if (IsNa(n) || n <= 1) return kNa;
  return std::max(0.0, 1 - k * C5(n) / C4(n));
}

double B4(double n, double k) {
  if (IsNa(n) || n <= 1) return kNa;
  return 1 + k * C5(n) / C4(n);
}

}  // namespace ics::improvement
