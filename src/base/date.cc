#include "base/date.h"

#include <cstdio>

namespace ics {

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

// Howard Hinnant's days_from_civil.
int64_t Date::DaysSinceEpoch() const {
  int64_t y = year - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::FromDaysSinceEpoch(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  Date d;
  d.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  d.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  d.year = static_cast<int>(yoe + era * 400 + (d.month <= 2 ? 1 : 0));
  return d;
}

Date Date::AddMonths(int months) const {
  int total = year * 12 + (month - 1) + months;
  Date d;
  d.year = total / 12;
  d.month = total % 12 + 1;
  d.day = day < DaysInMonth(d.year, d.month) ? day : DaysInMonth(d.year, d.month);
  return d;
}

std::string Date::ToIso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<Date> ParseIsoDate(std::string_view text, std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<Date> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  auto digits = [&](size_t from, size_t count, int* out) {
    int value = 0;
    for (size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      value = value * 10 + (text[i] - '0');
    }
    *out = value;
    return true;
  };
  Date d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits(0, 4, &d.year) ||
      !digits(5, 2, &d.month) || !digits(8, 2, &d.day)) {
    return fail("'" + std::string(text) + "' is not a date: write it as YYYY-MM-DD, e.g. 2022-07-01");
  }
  static constexpr const char* kMonths[] = {"January", "February", "March",     "April",
                                            "May",     "June",     "July",      "August",
                                            "September", "October", "November", "December"};
  if (d.month < 1 || d.month > 12) {
    return fail(std::string(text) + " is not a date: the month must be 01 to 12");
  }
  if (d.day < 1 || d.day > DaysInMonth(d.year, d.month)) {
    return fail(std::string(text) + " is not a date: " + kMonths[d.month - 1] + " " +
                std::to_string(d.year) + " has " +
                std::to_string(DaysInMonth(d.year, d.month)) + " days");
  }
  return d;
}

}  // namespace ics
