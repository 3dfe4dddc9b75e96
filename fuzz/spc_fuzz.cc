// libFuzzer target for the SPC readers and engines: the bytes as an SPC case file (the
// reference format of case_json.h and the life-qi format of life_qi_json.h, as `ics spc
// --case` reads them), and the bytes as a series of values charted under every preset
// through ChartMeasure. A crash, a hang, NaN in the JSON or an error without a location is
// a finding. Seeds: tests/data/spc_vectors (and its life_qi folder).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/date.h"
#include "improvement/case_json.h"
#include "improvement/life_qi.h"
#include "improvement/life_qi_json.h"
#include "improvement/measure_chart.h"

namespace imp = ics::improvement;

namespace {

void CheckJson(const nlohmann::json& j) {
  if (j.dump().find("NaN") != std::string::npos) std::abort();
}

void CaseFile(const uint8_t* data, size_t size) {
  nlohmann::json doc = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return;
  auto out = imp::IsLifeQiCase(doc) ? imp::RunLifeQiCase(doc) : imp::case_json::RunCase(doc);
  if (out.ok()) CheckJson(*out);
}

// Bytes as a series: 1 byte of options, then 2 bytes per point (a small value, or missing).
void Series(const uint8_t* data, size_t size) {
  if (size < 1) return;
  const uint8_t flags = data[0];
  std::vector<imp::MdcPoint> points;
  ics::Date d = *ics::ParseIsoDate("2020-01-01");
  for (size_t i = 1; i + 1 < size && points.size() < 400; i += 2) {
    const int16_t raw = static_cast<int16_t>(data[i] | (data[i + 1] << 8));
    const double v = raw == INT16_MIN ? imp::kNa : raw / 8.0;
    // A repeated date now and then (bit 7 of the flags) exercises the refusal.
    if (!((flags & 0x80) && (raw & 0xff) == 0x7f)) d = d.AddDays(1 + (data[i] & 3));
    points.push_back({d, v});
  }
  imp::LifeQiOptions o;
  o.chart = (flags & 1) ? imp::LifeQiChart::kRun : imp::LifeQiChart::kSpc;
  o.two_of_three = (flags & 2) != 0;
  if (flags & 4) o.run_shift_length = 1 + (flags >> 3);
  if (flags & 8) o.run_trend_length = 2 + (flags >> 4);
  o.direction = static_cast<imp::ImprovementDirection>(static_cast<int>(flags % 3) - 1);
  auto r = imp::AnalyseLifeQi(points, o);
  if (r.ok()) {
    CheckJson(imp::LifeQiJson(*r));
    if (r->points.size() != points.size()) std::abort();
  } else if (r.status().where().empty()) {
    std::abort();
  }
  for (imp::Preset p : {imp::Preset::kMdc, imp::Preset::kQicharts2, imp::Preset::kLifeQi}) {
    imp::MeasureChartOptions mo;
    mo.preset = p;
    mo.chart = (flags & 16) ? "run" : "";
    auto m = imp::ChartMeasure(points, mo);
    if (m.ok() && m->points.size() != points.size()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 16)) return 0;
  CaseFile(data, size);
  Series(data, size);
  return 0;
}
