#include "improvement/r_stats.h"

#include <algorithm>
#include <cfloat>

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

double MeanNaRm(std::span<const double> x) {
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
