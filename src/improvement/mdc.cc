#include "improvement/mdc.h"

#include <algorithm>
#include <cmath>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <numeric>
#include <set>

#include "improvement/internal/exact_mean.h"
#include "improvement/internal/simd.h"
#include "improvement/r_stats.h"

#if ICS_SIMD_X86
#include <immintrin.h>
#endif

namespace ics::improvement {
namespace {

// R logical/numeric values as doubles: 1 = TRUE, 0 = FALSE, NaN = NA.
double Lgl(bool b) { return b ? 1.0 : 0.0; }
double Eq(double a, double b) { return (IsNa(a) || IsNa(b)) ? kNa : Lgl(a == b); }
double Gt(double a, double b) { return (IsNa(a) || IsNa(b)) ? kNa : Lgl(a > b); }
double Lt(double a, double b) { return (IsNa(a) || IsNa(b)) ? kNa : Lgl(a < b); }
double Ge(double a, double b) { return (IsNa(a) || IsNa(b)) ? kNa : Lgl(a >= b); }
// Numeric -> logical coercion: 0 is FALSE, anything else TRUE.
double AsLgl(double a) { return IsNa(a) ? kNa : Lgl(a != 0); }
double And(double a, double b) {
  a = AsLgl(a);
  b = AsLgl(b);
  if (a == 0 || b == 0) return 0;
  if (IsNa(a) || IsNa(b)) return kNa;
  return 1;
}
double Or(double a, double b) {
  a = AsLgl(a);
  b = AsLgl(b);
  if (a == 1 || b == 1) return 1;
  if (IsNa(a) || IsNa(b)) return kNa;
  return 0;
}
double Not(double a) { return IsNa(a) ? kNa : Lgl(a == 0); }
double AllOf(const std::vector<double>& v) {
  bool na = false;
  for (double x : v) {
    double l = AsLgl(x);
    if (l == 0) return 0;
    if (IsNa(l)) na = true;
  }
  return na ? kNa : 1;
}
double AnyOf(const std::vector<double>& v) {
  bool na = false;
  for (double x : v) {
    double l = AsLgl(x);
    if (l == 1) return 1;
    if (IsNa(l)) na = true;
  }
  return na ? kNa : 0;
}
// sum() without na.rm: NA if any element is NA.
double SumNa(std::initializer_list<double> v) {
  double s = 0;
  for (double x : v) {
    if (IsNa(x)) return kNa;
    s += x;
  }
  return s;
}
bool IsTrue(double a) { return !IsNa(a) && a != 0; }

}  // namespace

Result<ImprovementDirection> ParseImprovementDirection(std::string_view text) {
  if (text == "increase") return ImprovementDirection::kIncrease;
  if (text == "decrease") return ImprovementDirection::kDecrease;
  if (text == "neutral" || text == "neither") return ImprovementDirection::kNeutral;
  return InvalidArgument("improvement direction must be increase, decrease or neutral, not '" +
                         std::string(text) + "'");
}

std::string_view ImprovementDirectionName(ImprovementDirection d) {
  switch (d) {
    case ImprovementDirection::kIncrease: return "increase";
    case ImprovementDirection::kDecrease: return "decrease";
    case ImprovementDirection::kNeutral: return "neutral";
  }
  return "neutral";
}

std::string_view SpecialCauseTypeLabel(SpecialCauseType t) {
  switch (t) {
    case SpecialCauseType::kCommonCause: return "Common Cause";
    case SpecialCauseType::kAboveUcl: return "Above UCL";
    case SpecialCauseType::kBelowLcl: return "Below LCL";
    case SpecialCauseType::kTrendIncreasing: return "7 Point Trend (Increasing)";
    case SpecialCauseType::kTrendDecreasing: return "7 Point Trend (Decreasing)";
    case SpecialCauseType::kTwoInThreeAbove: return "2 in 3 Above CL";
    case SpecialCauseType::kTwoInThreeBelow: return "2 in 3 Below CL";
    case SpecialCauseType::kShiftAbove: return "7 Points Above CL";
    case SpecialCauseType::kShiftBelow: return "7 Points Below CL";
  }
  return "Common Cause";
}

std::string_view PointTypeName(PointType t) {
  switch (t) {
    case PointType::kCommonCause: return "common_cause";
    case PointType::kImprovement: return "special_cause_improvement";
    case PointType::kConcern: return "special_cause_concern";
    case PointType::kNeutralHigh: return "special_cause_neutral_high";
    case PointType::kNeutralLow: return "special_cause_neutral_low";
  }
  return "common_cause";
}

std::string_view VariationIconName(VariationIcon i) {
  switch (i) {
    case VariationIcon::kCommonCause: return "common_cause";
    case VariationIcon::kImprovementHigh: return "improvement_high";
    case VariationIcon::kImprovementLow: return "improvement_low";
    case VariationIcon::kConcernHigh: return "concern_high";
    case VariationIcon::kConcernLow: return "concern_low";
    case VariationIcon::kNeutralHigh: return "neutral_high";
    case VariationIcon::kNeutralLow: return "neutral_low";
  }
  return "common_cause";
}

std::string_view AssuranceTypeName(AssuranceType a) {
  switch (a) {
    case AssuranceType::kConsistentPass: return "consistent_pass";
    case AssuranceType::kConsistentFail: return "consistent_fail";
    case AssuranceType::kInconsistent: return "inconsistent";
  }
  return "inconsistent";
}

namespace mdc_rules {

std::vector<double> SevenPointOneSideMean(std::span<const double> v) {
  std::vector<double> out(v.size());
  auto at = [&](ptrdiff_t i) { return i < 0 ? 0.0 : v[static_cast<size_t>(i)]; };  // 6 leading 0s
  for (size_t i = 0; i < v.size(); ++i) {
    std::vector<double> eq;
    for (ptrdiff_t k = 1; k <= 6; ++k) eq.push_back(Eq(v[i], at(static_cast<ptrdiff_t>(i) - k)));
    double non_zero = IsNa(v[i]) ? kNa : Lgl(v[i] != 0);
    out[i] = And(AllOf(eq), non_zero);
  }
  return out;
}

std::vector<double> PartOfSeven(std::span<const double> v) {
  std::vector<double> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    std::vector<double> hits;
    for (size_t k = 0; k <= 6; ++k) {
      double x = i + k < v.size() ? v[i + k] : 0.0;  // 6 trailing 0s
      hits.push_back(IsNa(x) ? kNa : Lgl(std::fabs(x) == 1));
    }
    out[i] = AnyOf(hits);
  }
  return out;
}

std::vector<double> SevenPointTrend(std::span<const double> y, bool* had_missing_window) {
  std::vector<double> out(y.size(), 0.0);
  if (y.size() < 7) return out;
  for (size_t i = 6; i < y.size(); ++i) {
    std::vector<double> up, down;
    for (size_t k = 0; k <= 5; ++k) {
      double d = Sign(y[i - k] - y[i - k - 1]);
      up.push_back(Eq(d, 1));
      down.push_back(Eq(d, -1));
    }
    double all_up = AllOf(up);
    double all_down = AllOf(down);
    if (IsNa(all_up) || (all_up == 0 && IsNa(all_down))) {
      // The package stops here ("missing value where TRUE/FALSE needed"). Policy: a
      // window with a missing value is not a trend.
      if (had_missing_window) *had_missing_window = true;
      out[i] = 0;
    } else if (all_up == 1) {
      out[i] = 1;
    } else if (all_down == 1) {
      out[i] = -1;
    }
  }
  return out;
}

std::vector<double> TwoInThree(std::span<const double> close, std::span<const double> rtm) {
  std::vector<double> out(close.size());
  const ptrdiff_t n = static_cast<ptrdiff_t>(close.size());
  auto c = [&](ptrdiff_t i) { return (i < 0 || i >= n) ? 0.0 : close[static_cast<size_t>(i)]; };
  auto r = [&](ptrdiff_t i) { return (i < 0 || i >= n) ? 0.0 : rtm[static_cast<size_t>(i)]; };
  for (ptrdiff_t i = 0; i < n; ++i) {
    double result = 0;
    for (ptrdiff_t start = i - 2; start <= i; ++start) {
      double close_sum = SumNa({c(start), c(start + 1), c(start + 2)});
      double rtm_sum = SumNa({r(start), r(start + 1), r(start + 2)});
      double window = And(Ge(close_sum, 2), IsNa(rtm_sum) ? kNa : Lgl(std::fabs(rtm_sum) == 3));
      result = Or(result, window);
    }
    out[static_cast<size_t>(i)] = result;
  }
  return out;
}

std::vector<double> PartOfTwoInThree(std::span<const double> v, std::span<const double> close) {
  std::vector<double> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    double abs_close = IsNa(close[i]) ? kNa : std::fabs(close[i]);
    out[i] = And(Eq(v[i], 1), Eq(abs_close, 1));
  }
  return out;
}

std::vector<SpecialCauseType> SpecialCauseTypes(std::span<const double> y,
                                                std::span<const double> rtm,
                                                std::span<const double> close,
                                                std::span<const double> outside,
                                                bool* had_missing_window) {
  const size_t n = y.size();
  std::vector<double> trend = PartOfSeven(SevenPointTrend(y, had_missing_window));
  std::vector<double> two3 = PartOfTwoInThree(TwoInThree(close, rtm), close);
  std::vector<double> shift = PartOfSeven(SevenPointOneSideMean(rtm));

  std::vector<SpecialCauseType> out(n, SpecialCauseType::kCommonCause);
  for (size_t i = 0; i < n; ++i) {
    // Direction of a trend point: the right-hand difference when this and the next point
    // are both part of a trend, otherwise the left-hand one.
    double next = i + 1 < n ? trend[i + 1] : 0.0;
    double use_right = And(next, trend[i]);
    double sdy;
    if (IsNa(use_right)) {
      sdy = kNa;
    } else if (use_right == 1) {
      size_t j = i + 1 < n ? i : (n >= 2 ? n - 2 : 0);  // c(sdy, tail(sdy, 1))
      sdy = n >= 2 ? Sign(y[j + 1] - y[j]) : kNa;
    } else {
      sdy = i == 0 ? 0.0 : Sign(y[i] - y[i - 1]);  // c(0, sdy)
    }
    const bool above = !IsNa(rtm[i]) && rtm[i] > 0;
    const bool rtm_known = !IsNa(rtm[i]);
    if (!IsNa(outside[i]) && outside[i] != 0 && rtm_known) {
      out[i] = rtm[i] == 1 ? SpecialCauseType::kAboveUcl : SpecialCauseType::kBelowLcl;
    } else if (IsTrue(trend[i]) && !IsNa(sdy)) {
      out[i] = sdy == 1 ? SpecialCauseType::kTrendIncreasing : SpecialCauseType::kTrendDecreasing;
    } else if (IsTrue(two3[i]) && rtm_known) {
      out[i] = above ? SpecialCauseType::kTwoInThreeAbove : SpecialCauseType::kTwoInThreeBelow;
    } else if (IsTrue(shift[i]) && rtm_known) {
      out[i] = above ? SpecialCauseType::kShiftAbove : SpecialCauseType::kShiftBelow;
    }
  }
  return out;
}

PointType PointTypeFor(SpecialCauseType t, ImprovementDirection d) {
  int v = 0;
  switch (t) {
    case SpecialCauseType::kAboveUcl:
    case SpecialCauseType::kTrendIncreasing:
    case SpecialCauseType::kTwoInThreeAbove:
    case SpecialCauseType::kShiftAbove: v = 1; break;
    case SpecialCauseType::kBelowLcl:
    case SpecialCauseType::kTrendDecreasing:
    case SpecialCauseType::kTwoInThreeBelow:
    case SpecialCauseType::kShiftBelow: v = -1; break;
    case SpecialCauseType::kCommonCause: v = 0; break;
  }
  if (d == ImprovementDirection::kNeutral) {
    if (v > 0) return PointType::kNeutralHigh;
    if (v < 0) return PointType::kNeutralLow;
    return PointType::kCommonCause;
  }
  v *= static_cast<int>(d);
  if (v > 0) return PointType::kImprovement;
  if (v < 0) return PointType::kConcern;
  return PointType::kCommonCause;
}

}  // namespace mdc_rules

VariationIcon VariationIconFor(PointType t, ImprovementDirection d) {
  const bool increase = d == ImprovementDirection::kIncrease;
  switch (t) {
    case PointType::kCommonCause: return VariationIcon::kCommonCause;
    case PointType::kImprovement:
      return increase ? VariationIcon::kImprovementHigh : VariationIcon::kImprovementLow;
    case PointType::kConcern:
      return increase ? VariationIcon::kConcernLow : VariationIcon::kConcernHigh;
    case PointType::kNeutralHigh: return VariationIcon::kNeutralHigh;
    case PointType::kNeutralLow: return VariationIcon::kNeutralLow;
  }
  return VariationIcon::kCommonCause;
}

std::optional<AssuranceType> AssuranceFor(std::optional<double> target, double lpl, double upl,
                                          ImprovementDirection d) {
  if (!target || IsNa(*target) || d == ImprovementDirection::kNeutral) return std::nullopt;
  const bool increase = d == ImprovementDirection::kIncrease;
  // Comparisons with an undefined limit are NA in R and fall through to "inconsistent".
  if (!IsNa(upl) && *target > upl)
    return increase ? AssuranceType::kConsistentFail : AssuranceType::kConsistentPass;
  if (!IsNa(lpl) && *target < lpl)
    return increase ? AssuranceType::kConsistentPass : AssuranceType::kConsistentFail;
  return AssuranceType::kInconsistent;
}

namespace {

// Per-point codes while a group is analysed: R's TRUE/FALSE/NA as 1/0/kNaCode, and the
// relative-to-mean sign as -1/0/+1 or kNaCode.
constexpr int8_t kNaCode = 2;

// A date as one integer that orders as the dates do (year, month, day) when the month and
// day are within the calendar's ranges (DateFits).
inline int64_t DateKey(const Date& d) {
  return static_cast<int64_t>(d.year) * 512 + d.month * 32 + d.day;
}
inline bool DateFits(const Date& d) {
  return (static_cast<unsigned>(d.month) - 1 < 12) & (static_cast<unsigned>(d.day) - 1 < 31);
}

struct Codes {
  int8_t* outside;
  int8_t* rtm;
  int8_t* close;
  uint8_t* type;   // SpecialCauseType
  uint8_t* part;   // scratch for the rules: bit 0 trend, bit 1 shift, bit 2 window
};

// The rules for a group whose values, mean and limits are all finite (the usual case):
// every R logical is TRUE or FALSE, so each rule reduces to a run length or a sliding
// window and the whole group is labelled in a few linear passes without allocating.
// Identical to mdc_rules::SpecialCauseTypes on such input (mdc_equivalence_test.cc checks
// this on random series).
[[gnu::noinline]] void FiniteGroupRules(const double* y, size_t n, const MdcGroup& g, const Codes& c) {
  constexpr uint8_t kTrend = 1, kShift = 2, kWindow = 4;
  // Branch-free: on noisy data every comparison below is a coin toss for the predictor.
  int prev_rtm = 0;
  int run_side = 0, run_up = 0, run_down = 0;
  double prev = y[0];
  for (size_t i = 0; i < n; ++i) {
    const double v = y[i];
    const int outside = (v > g.upl) | (v < g.lpl);
    const int rtm = (v > g.mean) - (v < g.mean);
    c.outside[i] = static_cast<int8_t>(outside);
    c.rtm[i] = static_cast<int8_t>(rtm);
    c.close[i] = static_cast<int8_t>((outside ^ 1) & ((v < g.nlpl) | (v > g.nupl)));
    // Seven equal, non-zero relative-to-mean signs ending here (leading zeros never match).
    run_side = (rtm != 0) * ((rtm == prev_rtm) * run_side + 1);
    prev_rtm = rtm;
    // Six successive strict rises (or falls) ending here (none at the first point).
    run_up = (v > prev) * (run_up + 1);
    run_down = (v < prev) * (run_down + 1);
    prev = v;
    c.part[i] = static_cast<uint8_t>(((run_up >= 6) | (run_down >= 6)) * kTrend |
                                     (run_side >= 7) * kShift);
  }
  // Windows of three (i, i+1, i+2), all inside the group: at least two close to the limits
  // and all three on the same side of the mean.
  for (size_t i = 0; i + 2 < n; ++i) {
    const int close_sum = c.close[i] + c.close[i + 1] + c.close[i + 2];
    const int rtm_sum = c.rtm[i] + c.rtm[i + 1] + c.rtm[i + 2];
    if (close_sum >= 2 && (rtm_sum == 3 || rtm_sum == -3)) c.part[i] |= kWindow;
  }
  // A trend or shift flag ends a run; the points up to six before it are part of it. Walk
  // back keeping the nearest flagged index at or after i.
  size_t next_trend = n + 7, next_shift = n + 7;
  for (size_t k = n; k-- > 0;) {
    const uint8_t f = c.part[k];
    if (f & kTrend) next_trend = k;
    if (f & kShift) next_shift = k;
    c.part[k] = static_cast<uint8_t>((f & kWindow) | (next_trend <= k + 6 ? kTrend : 0) |
                                     (next_shift <= k + 6 ? kShift : 0));
  }
  uint8_t window_recent = 0;  // bit j: a window starts j points back
  for (size_t i = 0; i < n; ++i) {
    const uint8_t f = c.part[i];
    window_recent = static_cast<uint8_t>(((window_recent << 1) | ((f & kWindow) ? 1 : 0)) & 7);
    const int8_t rtm = c.rtm[i];
    SpecialCauseType t = SpecialCauseType::kCommonCause;
    if (c.outside[i]) {
      t = rtm == 1 ? SpecialCauseType::kAboveUcl : SpecialCauseType::kBelowLcl;
    } else if (f & kTrend) {
      // Direction: the right-hand difference when the next point is part of a trend too,
      // otherwise the left-hand one (0 for the first point).
      const bool use_right = i + 1 < n && (c.part[i + 1] & kTrend);
      const double d = use_right ? y[i + 1] - y[i] : (i == 0 ? 0.0 : y[i] - y[i - 1]);
      t = d > 0 ? SpecialCauseType::kTrendIncreasing : SpecialCauseType::kTrendDecreasing;
    } else if (window_recent && c.close[i]) {
      t = rtm > 0 ? SpecialCauseType::kTwoInThreeAbove : SpecialCauseType::kTwoInThreeBelow;
    } else if (f & kShift) {
      t = rtm > 0 ? SpecialCauseType::kShiftAbove : SpecialCauseType::kShiftBelow;
    }
    c.type[i] = static_cast<uint8_t>(t);
  }
}

// The same rules for a finite group of at most 64 points, on bit masks (bit i = point i):
// every rule is a handful of word operations instead of a loop with loop-carried runs.
struct GroupMasks {
  uint64_t outside = 0, above = 0, below = 0, close = 0;
  uint32_t count[9] = {};  // points per SpecialCauseType
};

// The comparisons of a finite group of at most 64 points, one bit per point.
struct CompareMasks {
  uint64_t outside = 0, above = 0, below = 0, close = 0, rise = 0, fall = 0;
};

CompareMasks CompareScalar(const double* y, size_t n, const MdcGroup& g) {
  uint64_t outside = 0, above = 0, below = 0, close = 0, rise = 0, fall = 0;
  const double upl = g.upl, lpl = g.lpl, mean = g.mean, nlpl = g.nlpl, nupl = g.nupl;
  double prev = y[0];
  for (size_t i = 0; i < n; ++i) {
    const double v = y[i];
    const uint64_t out = (v > upl) | (v < lpl);
    outside |= out << i;
    above |= static_cast<uint64_t>(v > mean) << i;
    below |= static_cast<uint64_t>(v < mean) << i;
    close |= ((out ^ 1) & ((v < nlpl) | (v > nupl))) << i;
    rise |= static_cast<uint64_t>(v > prev) << i;  // point 0 has no rise or fall
    fall |= static_cast<uint64_t>(v < prev) << i;
    prev = v;
  }
  return {outside, above, below, close, rise, fall};
}

#if ICS_SIMD_X86
// The same comparisons eight points at a time (AVX-512 compare-to-mask): the same
// ordered, quiet comparisons of the same finite doubles, so the same bits.
[[gnu::target("avx512f,avx512dq,avx512bw,avx512vl")]] CompareMasks CompareAvx512(
    const double* y, size_t n, const MdcGroup& g) {
  const __m512d upl = _mm512_set1_pd(g.upl), lpl = _mm512_set1_pd(g.lpl),
                mean = _mm512_set1_pd(g.mean), nlpl = _mm512_set1_pd(g.nlpl),
                nupl = _mm512_set1_pd(g.nupl);
  CompareMasks m;
  __m512d last = _mm512_setzero_pd();  // the previous block (its lane 7 precedes lane 0)
  for (size_t i = 0; i < n; i += 8) {
    const __mmask8 live = n - i >= 8 ? __mmask8{0xff} : static_cast<__mmask8>((1u << (n - i)) - 1);
    const __m512d v = _mm512_maskz_loadu_pd(live, y + i);
    const __m512d prev = _mm512_castsi512_pd(
        _mm512_alignr_epi64(_mm512_castpd_si512(v), _mm512_castpd_si512(last), 7));
    last = v;
    const __mmask8 out = _mm512_mask_cmp_pd_mask(live, v, upl, _CMP_GT_OQ) |
                         _mm512_mask_cmp_pd_mask(live, v, lpl, _CMP_LT_OQ);
    const __mmask8 near = _mm512_mask_cmp_pd_mask(live, v, nlpl, _CMP_LT_OQ) |
                          _mm512_mask_cmp_pd_mask(live, v, nupl, _CMP_GT_OQ);
    // Point 0 has no rise or fall.
    const __mmask8 has_prev = i == 0 ? static_cast<__mmask8>(live & 0xfe) : live;
    m.outside |= static_cast<uint64_t>(out) << i;
    m.above |= static_cast<uint64_t>(_mm512_mask_cmp_pd_mask(live, v, mean, _CMP_GT_OQ)) << i;
    m.below |= static_cast<uint64_t>(_mm512_mask_cmp_pd_mask(live, v, mean, _CMP_LT_OQ)) << i;
    m.close |= static_cast<uint64_t>(static_cast<__mmask8>(near & ~out)) << i;
    m.rise |= static_cast<uint64_t>(_mm512_mask_cmp_pd_mask(has_prev, v, prev, _CMP_GT_OQ)) << i;
    m.fall |= static_cast<uint64_t>(_mm512_mask_cmp_pd_mask(has_prev, v, prev, _CMP_LT_OQ)) << i;
  }
  return m;
}
#endif

[[gnu::noinline]] GroupMasks FiniteGroupRules64(const double* y, size_t n, const MdcGroup& g,
                                                uint8_t* type) {
#if ICS_SIMD_X86
  const CompareMasks cm = internal::HaveAvx512() ? CompareAvx512(y, n, g) : CompareScalar(y, n, g);
#else
  const CompareMasks cm = CompareScalar(y, n, g);
#endif
  const uint64_t outside = cm.outside, above = cm.above, below = cm.below, close = cm.close,
                 rise = cm.rise, fall = cm.fall;
  // Runs ending at i: six rises or falls (a 7-point trend), seven points on one side.
  auto run = [](uint64_t m, int length) {
    uint64_t r = m;
    for (int k = 1; k < length; ++k) r &= m << k;
    return r;
  };
  // Part of a run that ends within the next six points (at i .. i+6).
  auto part = [](uint64_t ends) {
    uint64_t r = ends;
    for (int k = 1; k <= 6; ++k) r |= ends >> k;
    return r;
  };
  const uint64_t trend = part(run(rise, 6) | run(fall, 6));
  const uint64_t shift = part(run(above, 7) | run(below, 7));
  // 2 in 3: windows (i, i+1, i+2) inside the group with at least two points close to the
  // limits and all three on one side; a close point in such a window.
  const uint64_t c1 = close >> 1, c2 = close >> 2;
  const uint64_t windows = ((close & c1) | (close & c2) | (c1 & c2)) &
                           ((above & (above >> 1) & (above >> 2)) | (below & (below >> 1) & (below >> 2)));
  const uint64_t two_in_three = (windows | (windows << 1) | (windows << 2)) & close;
  // Precedence: outside the limits, trend, 2 in 3, shift.
  const uint64_t is_trend = trend & ~outside;
  const uint64_t is_two = two_in_three & ~outside & ~trend;
  const uint64_t is_shift = shift & ~outside & ~trend & ~two_in_three;
  // A trend point's direction: the next difference when the next point is part of a trend
  // too, otherwise its own (none, so decreasing, for the first point).
  const uint64_t use_next = trend & (trend >> 1);
  const uint64_t increasing = (use_next & (rise >> 1)) | (~use_next & rise);
  std::memset(type, 0, n);
  GroupMasks out{outside, above, below, close};
  auto label = [&](uint64_t m, SpecialCauseType t) {
    out.count[static_cast<int>(t)] = static_cast<uint32_t>(std::popcount(m));
    for (; m; m &= m - 1) type[std::countr_zero(m)] = static_cast<uint8_t>(t);
  };
  label(outside & above, SpecialCauseType::kAboveUcl);
  label(outside & ~above, SpecialCauseType::kBelowLcl);
  label(is_trend & increasing, SpecialCauseType::kTrendIncreasing);
  label(is_trend & ~increasing, SpecialCauseType::kTrendDecreasing);
  label(is_two & above, SpecialCauseType::kTwoInThreeAbove);
  label(is_two & ~above, SpecialCauseType::kTwoInThreeBelow);
  label(is_shift & above, SpecialCauseType::kShiftAbove);
  label(is_shift & ~above, SpecialCauseType::kShiftBelow);
  return out;
}

// Hot loops of AnalyseMdc, compiled for AVX-512 and for the baseline (picked at run time).
// Integer work, exact absolute differences and comparisons only: both clones give the
// same bits.
bool DatesAscendingScalar(const MdcPoint* p, size_t n) {
  int ok = DateFits(p[0].date);
  for (size_t i = 1; i < n; ++i) {
    ok &= static_cast<int>(DateFits(p[i].date)) & static_cast<int>(DateKey(p[i - 1].date) < DateKey(p[i].date));
  }
  return ok;
}

#if ICS_SIMD_X86
// The same test eight points at a time: the years, months and days of eight 24-byte
// points gathered from three 64-byte loads by two permutes each, keys in 64 bits (equal
// to DateKey for dates that fit, the only ones for which the order matters).
static_assert(sizeof(MdcPoint) == 24 && sizeof(Date) == 12 && offsetof(MdcPoint, date) == 0 &&
              offsetof(Date, year) == 0 && offsetof(Date, month) == 4 && offsetof(Date, day) == 8);
[[gnu::target("avx512f,avx512dq,avx512bw,avx512vl")]] inline __m512i Field(
    __m512i a, __m512i b, __m512i c, __m512i ab_index, __m512i c_index) {
  const __m512i ab = _mm512_permutex2var_epi32(a, ab_index, b);
  return _mm512_cvtepi32_epi64(_mm512_castsi512_si256(_mm512_permutex2var_epi32(ab, c_index, c)));
}

[[gnu::target("avx512f,avx512dq,avx512bw,avx512vl")]] bool DatesAscendingAvx512(const MdcPoint* p,
                                                                              size_t n) {
  // Field f of point j is int 6j + f: a first permute takes those among ints 0..31 (the
  // first two loads), a second keeps them and adds the rest from the third load.
  const __m512i year_ab = _mm512_setr_epi32(0, 6, 12, 18, 24, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m512i year_c = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 20, 26, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m512i month_ab = _mm512_setr_epi32(1, 7, 13, 19, 25, 31, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m512i month_c = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 21, 27, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m512i day_ab = _mm512_setr_epi32(2, 8, 14, 20, 26, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m512i day_c = _mm512_setr_epi32(0, 1, 2, 3, 4, 16, 22, 28, 0, 0, 0, 0, 0, 0, 0, 0);
  const auto* ints = reinterpret_cast<const char*>(p);
  const __m512i one = _mm512_set1_epi64(1), months = _mm512_set1_epi64(12),
                days = _mm512_set1_epi64(31);
  __m512i last = _mm512_setzero_si512();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const char* b = ints + 24 * i;
    const __m512i a = _mm512_loadu_si512(b), bb = _mm512_loadu_si512(b + 64),
                  c = _mm512_loadu_si512(b + 128);
    const __m512i year = Field(a, bb, c, year_ab, year_c);
    const __m512i month = Field(a, bb, c, month_ab, month_c);
    const __m512i day = Field(a, bb, c, day_ab, day_c);
    const __m512i key = _mm512_add_epi64(
        _mm512_add_epi64(_mm512_slli_epi64(year, 9), _mm512_slli_epi64(month, 5)), day);
    const __m512i prev = _mm512_alignr_epi64(key, last, 7);
    last = key;
    // month - 1 < 12 and day - 1 < 31 as unsigned 32-bit numbers, as DateFits.
    const __mmask8 fits =
        _mm512_cmplt_epu64_mask(_mm512_and_si512(_mm512_sub_epi64(month, one), _mm512_set1_epi64(0xffffffff)), months) &
        _mm512_cmplt_epu64_mask(_mm512_and_si512(_mm512_sub_epi64(day, one), _mm512_set1_epi64(0xffffffff)), days);
    const __mmask8 compare = i == 0 ? __mmask8{0xfe} : __mmask8{0xff};
    const __mmask8 rising = static_cast<__mmask8>(_mm512_mask_cmplt_epi64_mask(compare, prev, key) | ~compare);
    if (static_cast<__mmask8>(fits & rising) != 0xff) return false;
  }
  for (; i < n; ++i) {
    if (!DateFits(p[i].date) || (i > 0 && !(DateKey(p[i - 1].date) < DateKey(p[i].date)))) return false;
  }
  return true;
}
#endif

bool DatesAscending(const MdcPoint* p, size_t n) {
#if ICS_SIMD_X86
  if (internal::HaveAvx512()) return DatesAscendingAvx512(p, n);
#endif
  return DatesAscendingScalar(p, n);
}

ICS_SIMD_CLONES void CopyValues(const MdcPoint* p, size_t n, double* values) {
  for (size_t i = 0; i < n; ++i) values[i] = p[i].value;
}

// The largest MagnitudeBits over x (>= kNonFiniteMagnitude when x holds a NaN or infinity).
ICS_SIMD_CLONES uint64_t MaxMagnitude(const double* x, size_t n) {
  uint64_t top = 0;
  for (size_t i = 0; i < n; ++i) top = std::max(top, internal::MagnitudeBits(x[i]));
  return top;
}

// mr[i] = |y[i+1] - y[i]| for i < n_mr; returns their largest MagnitudeBits.
ICS_SIMD_CLONES uint64_t MovingRanges(const double* y, size_t n_mr, double* mr) {
  uint64_t top = 0;
  for (size_t i = 0; i < n_mr; ++i) {
    const double m = std::fabs(y[i + 1] - y[i]);
    mr[i] = m;
    top = std::max(top, internal::MagnitudeBits(m));
  }
  return top;
}

// Whether screening drops any moving range: one that is not NA and not below the cutoff.
ICS_SIMD_CLONES bool AnyScreenedOut(const double* mr, size_t n, double cutoff) {
  int any = 0;
  for (size_t i = 0; i < n; ++i) any |= (mr[i] == mr[i]) & !(mr[i] < cutoff);
  return any;
}

ICS_SIMD_CLONES size_t CountMissing(const double* x, size_t n) {
  size_t missing = 0;
  for (size_t i = 0; i < n; ++i) missing += x[i] != x[i];
  return missing;
}

// Per-point codes from the byte arrays (any group) or from the masks (finite groups of at
// most 64 points): logical codes 0/1/kNaCode, sign codes -1/0/+1/kNaCode.
struct CodeArrays {
  const Codes& c;
  int outside(size_t i) const { return c.outside[i]; }
  int rtm(size_t i) const { return c.rtm[i]; }
  int close(size_t i) const { return c.close[i]; }
  static constexpr bool kCounted = false;
};
struct CodeMasks {
  GroupMasks m;
  int outside(size_t i) const { return static_cast<int>((m.outside >> i) & 1); }
  int rtm(size_t i) const {
    return static_cast<int>((m.above >> i) & 1) - static_cast<int>((m.below >> i) & 1);
  }
  int close(size_t i) const { return static_cast<int>((m.close >> i) & 1); }
  static constexpr bool kCounted = true;  // the rules counted the points per label
};

// Appends a group's points to `out` (capacity reserved), each record written once, and
// counts the group's special causes. Kept out of line: inside
// AnalyseMdc the compiler runs out of registers and spills every field.
template <typename Source>
[[gnu::noinline]] void EmitGroup(std::span<const MdcPoint> input, const size_t* order,
                                 size_t start, const double* y, const Source& source,
                                 const uint8_t* types, const PointType* type_of,
                                 bool short_group, MdcGroup& g, std::vector<MdcPointResult>& out) {
  static constexpr std::optional<int> kSign[4] = {-1, 0, 1, std::nullopt};  // code + 1
  // The record's last eight bytes come from two small tables, so that each half is one
  // copy of adjacent bytes (which the compiler merges into one load and one store).
  struct Logicals {
    std::optional<bool> outside, close;
  };
  static constexpr std::optional<bool> kL[3] = {false, true, std::nullopt};
  static constexpr Logicals kLogicals[3][3] = {{{kL[0], kL[0]}, {kL[0], kL[1]}, {kL[0], kL[2]}},
                                               {{kL[1], kL[0]}, {kL[1], kL[1]}, {kL[1], kL[2]}},
                                               {{kL[2], kL[0]}, {kL[2], kL[1]}, {kL[2], kL[2]}}};
  struct Label {
    SpecialCauseType type;
    bool flag;
    PointType point_type;
    bool short_group;
  };
  Label labels[9];
  for (int t = 0; t < 9; ++t) {
    labels[t] = {static_cast<SpecialCauseType>(t), t != 0, type_of[t], short_group};
  }
  const double mean = g.mean, lpl = g.lpl, upl = g.upl, nlpl = g.nlpl, nupl = g.nupl;
  const int group = g.rebase_group;
  size_t common = 0, improvement = 0, concern = 0;
  for (size_t i = 0; i < g.n; ++i) {
    const Date& date = order ? input[order[i]].date : input[start + i].date;
    const Label& label = labels[types[i]];
    const Logicals& logicals = kLogicals[source.outside(i)][source.close(i)];
    const bool flag = label.flag;
    const PointType point_type = label.point_type;
#if defined(__cpp_aggregate_paren_init)
    // Built in place: a temporary record copied in is read back before its narrow stores
    // retire, which stalls (twice the time of the whole analysis).
    out.emplace_back(date, group, y[i], mean, lpl, upl, nlpl, nupl, kSign[source.rtm(i) + 1],
                     logicals.outside, logicals.close, label.type, label.flag, label.point_type,
                     label.short_group);
#else
    out.push_back(MdcPointResult{date, group, y[i], mean, lpl, upl, nlpl, nupl, kSign[source.rtm(i) + 1],
                                 logicals.outside, logicals.close, label.type, label.flag,
                                 label.point_type, label.short_group});
#endif
    if constexpr (!Source::kCounted) {
      common += !flag;
      improvement += point_type == PointType::kImprovement;
      concern += point_type == PointType::kConcern;
    }
  }
  if constexpr (Source::kCounted) {
    common = g.n;
    for (int t = 1; t < 9; ++t) {
      const size_t c = source.m.count[t];
      common -= c;
      improvement += type_of[t] == PointType::kImprovement ? c : 0;
      concern += type_of[t] == PointType::kConcern ? c : 0;
    }
  }
  g.common_cause += common;
  g.improvement += improvement;
  g.concern += concern;
}

}  // namespace

Result<MdcResult> AnalyseMdc(std::span<const MdcPoint> input, const MdcOptions& options) {
  const MdcConstants& k = options.constants;
  if (input.empty()) return InvalidArgument("the series has no points");
  if (options.fix_after_n_points && *options.fix_after_n_points < k.min_fix_after_n_points) {
    return InvalidArgument("fix_after_n_points must be at least " +
                               std::to_string(k.min_fix_after_n_points) + ", not " +
                               std::to_string(*options.fix_after_n_points),
                           "fix_after_n_points");
  }
  if (options.target && !std::isfinite(*options.target)) {
    return InvalidArgument("target must be a finite number", "target");
  }
  const size_t total = input.size();

  // One block of scratch for the whole series: values, moving ranges, group numbers and
  // the per-point codes. On the stack for the usual short series; never zeroed (every
  // element is written before it is read).
  const size_t scratch_doubles = 2 * total + (sizeof(int) * total + 8 * total) / sizeof(double) + 2;
  constexpr size_t kStackDoubles = 2048;
  double stack_scratch[kStackDoubles];
  std::unique_ptr<double[]> heap_scratch;
  double* scratch = stack_scratch;
  if (scratch_doubles > kStackDoubles) {
    heap_scratch.reset(new double[scratch_doubles]);
    scratch = heap_scratch.get();
  }
  double* values = scratch;
  double* mr = values + total;
  int* groups = reinterpret_cast<int*>(mr + total);
  int8_t* code_bytes = reinterpret_cast<int8_t*>(groups + total);
  const Codes codes{code_bytes, code_bytes + total, code_bytes + 2 * total,
                    reinterpret_cast<uint8_t*>(code_bytes + 3 * total),
                    reinterpret_cast<uint8_t*>(code_bytes + 4 * total)};

  // Date order. Series usually arrive sorted; only otherwise is an order built.
  const bool in_order = DatesAscending(input.data(), total);
  std::vector<size_t> order;
  if (!in_order) {
    order.resize(total);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return input[a].date < input[b].date; });
    for (size_t i = 1; i < order.size(); ++i) {
      if (input[order[i]].date == input[order[i - 1]].date) {
        return InvalidArgument("duplicate date " + input[order[i]].date.ToIso() +
                                   " (points " + std::to_string(order[i - 1] + 1) + " and " +
                                   std::to_string(order[i] + 1) + ")",
                               "dates");
      }
    }
  }
  std::set<Date> rebase;
  if (!options.rebase_dates.empty()) rebase.insert(options.rebase_dates.begin(), options.rebase_dates.end());

  MdcResult result;
  int group = 0;
  size_t missing = 0;
  if (in_order) {
    CopyValues(input.data(), total, values);
  } else {
    for (size_t i = 0; i < total; ++i) values[i] = input[order[i]].value;
  }
  // The largest magnitude over the series: below kNonFiniteMagnitude, no value is missing
  // (or infinite), and then neither is any value of a group.
  const uint64_t top_all = MaxMagnitude(values, total);
  const bool all_finite = top_all < internal::kNonFiniteMagnitude;
  if (!all_finite) missing = CountMissing(values, total);
  if (!rebase.empty()) {
    for (size_t i = 0; i < total; ++i) {
      if (rebase.count(in_order ? input[i].date : input[order[i]].date)) ++group;
      groups[i] = group;
    }
  }
  if (missing > 0) {
    result.warnings.push_back(std::to_string(missing) +
                              " missing value(s): left out of the mean and the moving ranges "
                              "and shown as common cause");
  }

  // Point types by special-cause label for this direction.
  PointType type_of[9];
  for (int t = 0; t < 9; ++t) {
    type_of[t] = mdc_rules::PointTypeFor(static_cast<SpecialCauseType>(t), options.direction);
  }

  result.points.reserve(total);
  bool missing_trend_window = false;
  bool short_groups = false;
  for (size_t start = 0; start < total;) {
    size_t end = total;  // without rebase dates, one group of every point
    if (!rebase.empty()) {
      end = start + 1;
      while (end < total && groups[end] == groups[start]) ++end;
    }
    const size_t n = end - start;
    MdcGroup g;
    g.rebase_group = rebase.empty() ? 0 : groups[start];
    g.first_index = start;
    g.n = n;

    const double* y = values + start;
    // The baseline: the first fix_after_n_points values of the group (all of them without).
    size_t base = n;
    if (options.fix_after_n_points && static_cast<int64_t>(n) > *options.fix_after_n_points) {
      base = static_cast<size_t>(*options.fix_after_n_points);
    }
    // Missing values are skipped by the means, so the mean of the baseline equals the mean
    // of the package's vector with the values after the baseline set to NA.
    const std::span<const double> baseline(y, base);
    const uint64_t top = base == total ? top_all : MaxMagnitude(y, base);
    std::optional<internal::ExactSum> exact = internal::ExactSumOf(baseline, top);
    g.mean = exact ? internal::MeanFromExactSum(baseline, *exact) : MeanNaRm(baseline);
    // Moving ranges of the baseline (an MR next to a missing value is missing).
    const size_t n_mr = base > 0 ? base - 1 : 0;
    const uint64_t top_mr = MovingRanges(y, n_mr, mr);
    const std::span<const double> mrs(mr, n_mr);
    exact = internal::ExactSumOf(mrs, top_mr);
    double amr = exact ? internal::MeanFromExactSum(mrs, *exact) : MeanNaRm(mrs);
    if (options.screen_outliers && AnyScreenedOut(mr, n_mr, k.screen_multiplier * amr)) {
      // Keep the moving ranges below the cutoff, in order (strict "<"; an NA comparison
      // drops the MR too). Dropped and missing MRs are both skipped by the mean, so the
      // kept ones packed together give the same mean; unchanged MRs give the same bits.
      // With an exact sum of all the MRs, the kept ones' sum is that less the dropped ones.
      const double cutoff = k.screen_multiplier * amr;
      size_t kept = 0;
      bool dropped = false;
      int64_t dropped_units = 0;
      for (size_t i = 0; i < n_mr; ++i) {
        const double m = mr[i];
        const bool drop = !IsNa(m) && !(m < cutoff);
        dropped = dropped || drop;
        if (drop && exact) dropped_units += internal::UnitsOf(m, exact->q);
        mr[kept] = m;
        kept += m < cutoff;
      }
      if (dropped) {
        const std::span<const double> kept_mrs(mr, kept);
        amr = exact && kept > 0
                  ? internal::MeanFromExactSum(
                        kept_mrs, {exact->units - dropped_units, exact->q,
                                   // moving ranges are >= 0: their magnitudes are themselves
                                   exact->abs_units >= 0 ? exact->abs_units - dropped_units : -1})
                  : MeanNaRm(kept_mrs);
      }
    }
    g.amr = amr;
    g.lpl = g.mean - (k.limit * amr);
    g.upl = g.mean + (k.limit * amr);
    g.nlpl = g.mean - (k.limit_close * amr);
    g.nupl = g.mean + (k.limit_close * amr);
    if (amr == 0) {
      result.warnings.push_back("rebase group " + std::to_string(g.rebase_group) +
                                ": no variation between successive points; the process "
                                "limits equal the mean");
    }
    if (IsNa(g.upl) && !IsNa(g.mean)) {
      result.warnings.push_back(
          "rebase group " + std::to_string(g.rebase_group) +
          ": process limits are undefined (" +
          (n < 2 ? std::string("a single point") : std::string("no usable moving range: constant or too few values")) +
          "); every point is common cause");
    }

    const bool short_group = static_cast<int>(n) < k.short_group_threshold;
    short_groups = short_groups || short_group;
    bool finite = std::isfinite(g.mean) && std::isfinite(g.lpl) && std::isfinite(g.upl) &&
                  std::isfinite(g.nlpl) && std::isfinite(g.nupl);
    if (!all_finite) {
      for (size_t i = 0; i < n && finite; ++i) finite = std::isfinite(y[i]);
    }
    const size_t* group_order = in_order ? nullptr : order.data() + start;
    if (finite && n <= 64) {
      const GroupMasks masks = FiniteGroupRules64(y, n, g, codes.type);
      EmitGroup(input, group_order, start, y, CodeMasks{masks}, codes.type, type_of, short_group,
                g, result.points);
    } else if (finite) {
      FiniteGroupRules(y, n, g, codes);
      EmitGroup(input, group_order, start, y, CodeArrays{codes}, codes.type, type_of, short_group,
                g, result.points);
    } else {
      // Missing values or undefined limits: R's three-valued logic, rule by rule.
      const std::span<const double> ys(y, n);
      std::vector<double> rtm(n), close(n), outside(n);
      for (size_t i = 0; i < n; ++i) {
        outside[i] = Or(Gt(y[i], g.upl), Lt(y[i], g.lpl));
        rtm[i] = Sign(y[i] - g.mean);
        close[i] = And(Not(outside[i]), Or(Lt(y[i], g.nlpl), Gt(y[i], g.nupl)));
      }
      std::vector<SpecialCauseType> types =
          mdc_rules::SpecialCauseTypes(ys, rtm, close, outside, &missing_trend_window);
      for (size_t i = 0; i < n; ++i) {
        codes.outside[i] = IsNa(outside[i]) ? kNaCode : static_cast<int8_t>(outside[i] != 0);
        codes.rtm[i] = IsNa(rtm[i]) ? kNaCode : static_cast<int8_t>(rtm[i]);
        codes.close[i] = IsNa(close[i]) ? kNaCode : static_cast<int8_t>(close[i] != 0);
        codes.type[i] = static_cast<uint8_t>(types[i]);
      }
      EmitGroup(input, group_order, start, y, CodeArrays{codes}, codes.type, type_of, short_group,
                g, result.points);
    }
    g.variation_type = result.points[end - 1].point_type;
    result.groups.push_back(g);
    start = end;
  }
  if (short_groups) {
    result.warnings.push_back("some rebase groups have fewer than " +
                              std::to_string(k.short_group_threshold) +
                              " points: their limits are trial limits");
  }
  if (missing_trend_window) {
    result.warnings.push_back(
        "a 7-point trend window contains a missing value: it is treated as no trend");
  }

  const MdcPointResult& last = result.points.back();
  result.variation_icon = VariationIconFor(last.point_type, options.direction);
  result.assurance_type = AssuranceFor(options.target, last.lpl, last.upl, options.direction);
  return result;
}

namespace internal {

KernelAgreement CompareKernels(const double* values, size_t n, double mean, double lpl, double upl, double nlpl,
                               double nupl, const int* years, const int* months, const int* days) {
  KernelAgreement out;
  MdcGroup g;
  g.n = n;
  g.mean = mean;
  g.lpl = lpl;
  g.upl = upl;
  g.nlpl = nlpl;
  g.nupl = nupl;
  std::vector<MdcPoint> points(n);
  for (size_t i = 0; i < n; ++i) points[i] = {Date{years[i], months[i], days[i]}, values[i]};
  const CompareMasks scalar = CompareScalar(values, n, g);
  out.dates_ascending = DatesAscendingScalar(points.data(), n);
#if ICS_SIMD_X86
  if (HaveAvx512()) {
    out.avx512_ran = true;
    const CompareMasks wide = CompareAvx512(values, n, g);
    out.masks_agree = scalar.outside == wide.outside && scalar.above == wide.above && scalar.below == wide.below &&
                      scalar.close == wide.close && scalar.rise == wide.rise && scalar.fall == wide.fall;
    out.dates_agree = DatesAscendingAvx512(points.data(), n) == out.dates_ascending;
  }
#endif
  return out;
}

}  // namespace internal

}  // namespace ics::improvement
