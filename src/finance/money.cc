#include "finance/money.h"

#include <cmath>
#include <cstdlib>

namespace ics::finance {
namespace {

std::string FormatPence(int64_t pence, bool trim) {
  const bool negative = pence < 0;
  // Magnitudes are bounded by kMaxThousands, so negation cannot overflow.
  uint64_t magnitude = negative ? static_cast<uint64_t>(-pence) : static_cast<uint64_t>(pence);
  std::string whole = std::to_string(magnitude / Money::kPencePerThousand);
  std::string frac = std::to_string(magnitude % Money::kPencePerThousand);
  frac.insert(0, 5 - frac.size(), '0');
  if (trim) {
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
  }
  std::string out = negative && magnitude != 0 ? "-" : "";
  out += whole;
  if (!frac.empty()) out += "." + frac;
  return out;
}

}  // namespace

std::string Money::ToThousandsString() const { return FormatPence(pence_, false); }
std::string Money::ToShortThousandsString() const { return FormatPence(pence_, true); }

Money Money::RoundedToThousands(int64_t unit_thousands) const {
  const int64_t unit = unit_thousands * kPencePerThousand;
  int64_t q = pence_ / unit;
  int64_t r = pence_ % unit;  // same sign as pence_
  if (2 * (r < 0 ? -r : r) >= unit) q += (pence_ < 0 ? -1 : 1);
  return Money(q * unit);
}

std::optional<Money> ParseThousands(std::string_view text, std::string* why) {
  auto fail = [&](const char* reason) -> std::optional<Money> {
    if (why) *why = reason;
    return std::nullopt;
  };
  // Trim spaces.
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty()) return fail("is empty");
  size_t i = 0;
  bool negative = false;
  if (text[i] == '+' || text[i] == '-') {
    negative = text[i] == '-';
    ++i;
  }
  // Mantissa digits (without the point) and the count of digits after the point.
  std::string digits;
  int fraction_digits = 0;
  bool seen_point = false, seen_digit = false;
  for (; i < text.size(); ++i) {
    char ch = text[i];
    if (ch >= '0' && ch <= '9') {
      seen_digit = true;
      if (!(digits.empty() && ch == '0')) digits.push_back(ch);  // drop leading zeros
      if (seen_point) ++fraction_digits;
    } else if (ch == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return fail("is not a number");
  int exponent = 0;
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E') return fail("is not a number");
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      exp_negative = text[i] == '-';
      ++i;
    }
    if (i >= text.size()) return fail("is not a number");
    for (; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9') return fail("is not a number");
      if (exponent > 1000) return fail("is not a number");
      exponent = exponent * 10 + (text[i] - '0');
    }
    if (exp_negative) exponent = -exponent;
  }
  // value in pence = digits × 10^(exponent − fraction_digits + 5)
  long shift = static_cast<long>(exponent) - fraction_digits + 5;
  if (digits.empty()) return Money::FromPence(0);
  std::string whole;  // integer pence digits before rounding
  bool round_up = false;
  if (shift >= 0) {
    if (static_cast<long>(digits.size()) + shift > 18) return fail("is too large");
    whole = digits + std::string(static_cast<size_t>(shift), '0');
  } else {
    long keep = static_cast<long>(digits.size()) + shift;  // digits left of the penny point
    if (keep < 0) return Money::FromPence(0);
    if (keep > 18) return fail("is too large");
    whole = digits.substr(0, static_cast<size_t>(keep));
    round_up = digits[static_cast<size_t>(keep)] >= '5';
  }
  int64_t pence = 0;
  for (char ch : whole) pence = pence * 10 + (ch - '0');
  if (round_up) ++pence;
  if (static_cast<double>(pence) > kMaxThousands * Money::kPencePerThousand) return fail("is too large");
  return Money::FromPence(negative ? -pence : pence);
}

std::optional<Money> MoneyFromThousands(double thousands) {
  if (!std::isfinite(thousands) || std::fabs(thousands) > kMaxThousands) return std::nullopt;
  return Money::FromPence(std::llround(thousands * Money::kPencePerThousand));
}

}  // namespace ics::finance
