// Calendar dates (proleptic Gregorian, no time zone) for validity periods, declarations
// and reporting periods. A Date is a value; all functions are pure and thread-safe.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ics {

struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  // Days since 1970-01-01 (negative before).
  int64_t DaysSinceEpoch() const;
  static Date FromDaysSinceEpoch(int64_t days);
  Date AddDays(int64_t days) const { return FromDaysSinceEpoch(DaysSinceEpoch() + days); }
  // Same day-of-month n months later, clamped to the month's last day.
  Date AddMonths(int months) const;
  std::string ToIso() const;  // "2022-07-01"

  friend auto operator<=>(const Date&, const Date&) = default;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

// Parses "YYYY-MM-DD". On failure returns nullopt and, when `why` is given, sets it to a
// sentence such as "2023-02-30 is not a date: February 2023 has 28 days".
std::optional<Date> ParseIsoDate(std::string_view text, std::string* why = nullptr);

// Whole days from `from` to `to` (positive when `to` is later).
inline int64_t DaysBetween(const Date& from, const Date& to) {
  return to.DaysSinceEpoch() - from.DaysSinceEpoch();
}

}  // namespace ics
