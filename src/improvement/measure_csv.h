// Reading a QI project's measure data from CSV, as teams export it from a spreadsheet:
//
//   date,value[,note]            one measure's series (the caller names the measure)
//   date,MEASURE A,MEASURE B...  several measures side by side (wide); an empty cell is
//                                no point for that measure on that date
//
// Dates are YYYY-MM-DD, YYYY-MM (the first of the month) or DD/MM/YYYY. Every problem is
// reported with its place ("FILE:LINE:COL") and the fix - a bad date, a value that is not
// a number, a date given twice for a measure, a column that names no measure of the
// project, a row with too many or too few cells - and nothing is returned as data when
// there is any error, so a file is stored whole or not at all.
//
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"

namespace ics::improvement {

struct MeasureCsvOptions {
  std::string file = "data.csv";      // as named in messages
  std::vector<std::string> measures;  // the project's measure names (wide files)
  std::string measure;                // the measure a date,value file is for
};

struct MeasureCsvPoint {
  std::string measure;  // as the project spells it
  Date date;
  double value = 0;
  std::string note;
  int line = 0;
};

struct MeasureCsvError {
  std::string where;    // "FILE:LINE:COL"
  std::string message;  // what is wrong and how to fix it
};

struct MeasureCsv {
  std::vector<MeasureCsvPoint> points;  // in file order; empty when there are errors
  std::vector<MeasureCsvError> errors;  // at most kMaxErrors, then one saying how many more
  bool ok() const { return errors.empty(); }
};

inline constexpr int kMaxMeasureCsvErrors = 100;

MeasureCsv ParseMeasureCsv(std::string_view text, const MeasureCsvOptions& options);

// A date as the importer reads it (YYYY-MM-DD, YYYY-MM, DD/MM/YYYY); nullopt and `why`.
std::optional<Date> ParseMeasureDate(std::string_view text, std::string* why);

}  // namespace ics::improvement
