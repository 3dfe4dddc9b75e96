// Money: an exact amount in whole pence. The published allocation tables are in £ thousands
// (£k) with fractional parts; amounts are parsed from their decimal text straight to pence
// (never through binary floating point) and summed as integers. Ratios (growth, distance,
// convergence) are doubles; a Money is converted to double only to form a ratio.
// A Money is a value; all functions are pure and thread-safe.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ics::finance {

class Money {
 public:
  static constexpr int64_t kPencePerThousand = 100000;  // £1,000 = 100,000p

  constexpr Money() = default;
  static constexpr Money FromPence(int64_t pence) { return Money(pence); }
  static constexpr Money FromThousands(int64_t thousands) {
    return Money(thousands * kPencePerThousand);
  }

  constexpr int64_t pence() const { return pence_; }
  // The amount in £k as a double: for ratios and display only, never for sums.
  double ToThousands() const { return static_cast<double>(pence_) / kPencePerThousand; }
  // Exact decimal text in £k with five decimals (pence): "2839062.40104", "-4337.00000".
  std::string ToThousandsString() const;
  // Exact £k text trimmed of trailing zeros: "2964813", "2839062.40104", "-0.5".
  std::string ToShortThousandsString() const;
  // Rounded to a whole multiple of `unit_thousands` £k, halves away from zero.
  Money RoundedToThousands(int64_t unit_thousands = 1) const;

  constexpr Money operator-() const { return Money(-pence_); }
  constexpr Money& operator+=(Money other) { pence_ += other.pence_; return *this; }
  constexpr Money& operator-=(Money other) { pence_ -= other.pence_; return *this; }
  friend constexpr Money operator+(Money a, Money b) { return Money(a.pence_ + b.pence_); }
  friend constexpr Money operator-(Money a, Money b) { return Money(a.pence_ - b.pence_); }
  friend constexpr auto operator<=>(const Money&, const Money&) = default;

 private:
  constexpr explicit Money(int64_t pence) : pence_(pence) {}
  int64_t pence_ = 0;
};

// Largest magnitude accepted from text or ratios: £1 trillion k (£10^15), far above any
// NHS allocation, far below int64 overflow.
inline constexpr double kMaxThousands = 1e12;

// Parses a decimal amount in £k ("2839062.4010363906", "-4337", "1.2e3", "+5") exactly to
// the nearest penny, halves away from zero. On failure returns nullopt and, when `why` is
// given, sets it to a phrase such as "is not a number" or "is too large".
std::optional<Money> ParseThousands(std::string_view text, std::string* why = nullptr);

// The nearest penny to an amount in £k produced by a ratio (a target share, an implied
// target). Returns nullopt if `thousands` is not finite or exceeds kMaxThousands.
std::optional<Money> MoneyFromThousands(double thousands);

// a / b as a double (for distances and growth). REQUIRES: b != 0.
inline double Ratio(Money a, Money b) {
  return static_cast<double>(a.pence()) / static_cast<double>(b.pence());
}

}  // namespace ics::finance
