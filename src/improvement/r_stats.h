// R-compatible numerics for the SPC engines: missing-aware mean/sum/sd/median, sign,
// round-half-even, the binomial quantile and the exact control-chart constants, computed
// the way R computes them so results match the peer packages to the last few bits.
//
// Missing values (R's NA/NaN) are quiet NaNs. Functions named *NaRm skip them, the others
// propagate them. All functions are pure and thread-safe.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace ics::improvement {

inline constexpr double kNa = std::numeric_limits<double>::quiet_NaN();
inline bool IsNa(double v) { return std::isnan(v); }

// sum(x, na.rm = TRUE): long-double accumulation as R does; 0 for no values.
double SumNaRm(std::span<const double> x);
// mean(x, na.rm = TRUE): R's two-pass long-double mean; NaN for no values.
double MeanNaRm(std::span<const double> x);
// sd(x, na.rm = TRUE): sample standard deviation; NaN for fewer than two values.
double SdNaRm(std::span<const double> x);
// sd(x) without na.rm: NaN if any value is missing or fewer than two values.
double Sd(std::span<const double> x);
// median(x, na.rm = TRUE); NaN for no values.
double MedianNaRm(std::span<const double> x);
// Number of non-missing values.
size_t CountPresent(std::span<const double> x);

// sign(x): -1, 0, +1, or NaN for NaN.
double Sign(double x);
// R's round() for the values used here: to nearest, ties to even.
double RoundHalfEven(double x);

// qbinom(p, size, prob) for the lower tail: the smallest k with P(X <= k) >= p, with R's
// left-continuity fuzz. size 0 gives 0.
int64_t BinomialQuantile(double p, int64_t size, double prob);
// pbinom(k, size, prob), lower tail.
double BinomialCdf(int64_t k, int64_t size, double prob);

// Exact control-chart constants (qicharts2 >= 0.5.1); NaN for n <= 1 or missing n.
double C4(double n);
double C5(double n);
// k / (c4(n) * sqrt(n)): the xbar limit factor for k sigma.
double A3(double n, double k = 3.0);
// max(0, 1 - k * c5 / c4) and 1 + k * c5 / c4: the s-chart limit factors.
double B3(double n, double k = 3.0);
double B4(double n, double k = 3.0);

}  // namespace ics::improvement
