// libFuzzer target: the measure CSV importer (improvement/measure_csv.h). Any bytes give
// either points or located errors, never a crash; when there are errors there are no
// points, and every point's date and value are real. The first byte picks whether the
// file is read as one measure's date,value file or as a wide file of known measures.
// Seeds: fuzz/measure_csv_seeds and the golden cases in tests/data/qi/measure_csv.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "improvement/measure_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  ics::improvement::MeasureCsvOptions options;
  options.file = "fuzz.csv";
  options.measures = {"Falls", "Harm", "Lying and standing BP done (%)"};
  if (data[0] & 1) options.measure = "Falls";
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto r = ics::improvement::ParseMeasureCsv(text, options);
  if (!r.errors.empty() && !r.points.empty()) std::abort();
  if (r.errors.size() > static_cast<size_t>(ics::improvement::kMaxMeasureCsvErrors) + 1) std::abort();
  for (const auto& p : r.points) {
    if (!std::isfinite(p.value) || p.measure.empty() || p.line < 2) std::abort();
  }
  for (const auto& e : r.errors)
    if (e.where.rfind("fuzz.csv", 0) != 0 || e.message.empty()) std::abort();
  return 0;
}
