// The SPC case-file format (tests/data/spc_vectors) mapped to and from the engines: reads a
// case's `input` and `options`, and writes results under the case's `expected` /
// `expected_per_subgroup` / `expected_summary` field names.
//
// Header-only on purpose: the ics_improvement library stays free of JSON; the CLI and the
// tests include this adapter and link nlohmann-json themselves. Functions are pure.
#pragma once

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "improvement/mdc.h"
#include "improvement/qic.h"
#include "improvement/r_stats.h"

namespace ics::improvement::case_json {

using nlohmann::json;

enum class CaseKind { kMdc, kQic, kOther };

// MDC cases carry `input.dates`; qicharts2 cases carry `input.y` (with x, n, facets).
inline CaseKind DetectKind(const json& c) {
  if (!c.is_object() || !c.contains("input") || !c["input"].is_object()) return CaseKind::kOther;
  const json& in = c["input"];
  if (in.contains("dates") && in.contains("values")) return CaseKind::kMdc;
  if (in.contains("y") || in.contains("x")) return CaseKind::kQic;
  return CaseKind::kOther;
}

// JSON number (or null) -> double with NaN for null.
inline Result<double> NumberOrNa(const json& v, const std::string& where) {
  if (v.is_null()) return kNa;
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s == "NA" || s.empty()) return kNa;
  }
  return InvalidArgument("expected a number or null, got " + v.dump(), where);
}

// Dates may be "YYYY-MM-DD" or a date-time whose first ten characters are the date.
inline Result<Date> DateFrom(const json& v, const std::string& where) {
  if (!v.is_string()) return InvalidArgument("expected an ISO date, got " + v.dump(), where);
  std::string s = v.get<std::string>();
  if (s.size() > 10 && (s[10] == ' ' || s[10] == 'T')) s = s.substr(0, 10);
  std::string why;
  std::optional<Date> d = ParseIsoDate(s, &why);
  if (!d) return InvalidArgument(why.empty() ? "not an ISO date: " + s : why, where);
  return *d;
}

struct MdcCase {
  std::vector<MdcPoint> points;
  MdcOptions options;
};

inline Result<MdcCase> MdcFromCase(const json& c) {
  MdcCase out;
  const json& in = c["input"];
  const json& dates = in["dates"];
  const json& values = in["values"];
  if (!dates.is_array() || !values.is_array() || dates.size() != values.size()) {
    return InvalidArgument("input.dates and input.values must be arrays of the same length",
                           "input");
  }
  for (size_t i = 0; i < dates.size(); ++i) {
    const std::string at = "input[" + std::to_string(i) + "]";
    ICS_ASSIGN_OR_RETURN(Date d, DateFrom(dates[i], at + ".date"));
    ICS_ASSIGN_OR_RETURN(double v, NumberOrNa(values[i], at + ".value"));
    out.points.push_back({d, v});
  }
  const json opts = c.value("options", json::object());
  if (opts.contains("improvement_direction") && !opts["improvement_direction"].is_null()) {
    ICS_ASSIGN_OR_RETURN(out.options.direction,
                         ParseImprovementDirection(opts["improvement_direction"].get<std::string>()));
  }
  if (opts.contains("screen_outliers") && opts["screen_outliers"].is_boolean()) {
    out.options.screen_outliers = opts["screen_outliers"].get<bool>();
  }
  if (opts.contains("fix_after_n_points") && opts["fix_after_n_points"].is_number()) {
    out.options.fix_after_n_points = opts["fix_after_n_points"].get<int>();
  }
  if (opts.contains("rebase_dates") && opts["rebase_dates"].is_array()) {
    for (const json& d : opts["rebase_dates"]) {
      ICS_ASSIGN_OR_RETURN(Date rd, DateFrom(d, "options.rebase_dates"));
      out.options.rebase_dates.push_back(rd);
    }
  }
  if (opts.contains("target") && opts["target"].is_number()) {
    out.options.target = opts["target"].get<double>();
  }
  return out;
}

inline json Num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
template <typename T>
json Opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

// The MDC result under the names of a case's `expected` block.
inline json MdcToJson(const MdcResult& r) {
  json e = json::object();
  json date = json::array(), value = json::array(), group = json::array(), mean = json::array(),
       lpl = json::array(), upl = json::array(), nlpl = json::array(), nupl = json::array(),
       outside = json::array(), rtm = json::array(), close = json::array(),
       type = json::array(), flag = json::array(), point_type = json::array(),
       short_group = json::array();
  for (const MdcPointResult& p : r.points) {
    date.push_back(p.date.ToIso());
    value.push_back(Num(p.value));
    group.push_back(p.rebase_group);
    mean.push_back(Num(p.mean));
    lpl.push_back(Num(p.lpl));
    upl.push_back(Num(p.upl));
    nlpl.push_back(Num(p.nlpl));
    nupl.push_back(Num(p.nupl));
    outside.push_back(Opt(p.outside_limits));
    rtm.push_back(Opt(p.relative_to_mean));
    close.push_back(Opt(p.close_to_limits));
    type.push_back(std::string(SpecialCauseTypeLabel(p.special_cause_type)));
    flag.push_back(p.special_cause_flag);
    point_type.push_back(std::string(PointTypeName(p.point_type)));
    short_group.push_back(p.short_group_warning);
  }
  e["date"] = date;
  e["value"] = value;
  e["rebase_group"] = group;
  e["mean"] = mean;
  e["lpl"] = lpl;
  e["upl"] = upl;
  e["nlpl"] = nlpl;
  e["nupl"] = nupl;
  e["outside_limits"] = outside;
  e["relative_to_mean"] = rtm;
  e["close_to_limits"] = close;
  e["special_cause_type"] = type;
  e["special_cause_flag"] = flag;
  e["point_type"] = point_type;
  e["short_group_warning"] = short_group;
  json groups = json::array();
  for (const MdcGroup& g : r.groups) {
    groups.push_back({{"rebase_group", g.rebase_group},
                      {"first_index", g.first_index + 1},
                      {"n", g.n},
                      {"mean", Num(g.mean)},
                      {"lpl", Num(g.lpl)},
                      {"upl", Num(g.upl)},
                      {"amr", Num(g.amr)},
                      {"nlpl", Num(g.nlpl)},
                      {"nupl", Num(g.nupl)},
                      {"common_cause", g.common_cause},
                      {"improvement", g.improvement},
                      {"concern", g.concern},
                      {"variation_type", std::string(PointTypeName(g.variation_type))}});
  }
  e["groups"] = groups;
  e["variation_icon"] =
      r.variation_icon ? json(std::string(VariationIconName(*r.variation_icon))) : json(nullptr);
  e["assurance_type"] =
      r.assurance_type ? json(std::string(AssuranceTypeName(*r.assurance_type))) : json(nullptr);
  return e;
}

struct QicCase {
  QicInput input;
  QicOptions options;
  // The original JSON value of each facet level and x label, for output.
  std::map<std::string, json> facet_values;
  std::map<std::string, json> x_values;
};

inline std::string FacetKey(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  return v.dump();
}

inline bool LooksLikeIsoDate(const json& v) {
  if (!v.is_string()) return false;
  std::string s = v.get<std::string>();
  if (s.size() > 10 && (s[10] == ' ' || s[10] == 'T')) s = s.substr(0, 10);
  return s.size() == 10 && ParseIsoDate(s).has_value();
}

// cut(x, breaks = period) for dates: the start of the day, week (Monday), month, quarter or
// year containing the date.
inline Result<Date> PeriodStart(const Date& d, const std::string& period) {
  if (period == "day" || period == "days") return d;
  if (period == "week" || period == "weeks") {
    const int64_t days = d.DaysSinceEpoch();
    const int64_t monday_offset = ((days % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday
    return Date::FromDaysSinceEpoch(days - monday_offset);
  }
  if (period == "month" || period == "months") return Date{d.year, d.month, 1};
  if (period == "quarter" || period == "quarters") return Date{d.year, ((d.month - 1) / 3) * 3 + 1, 1};
  if (period == "year" || period == "years") return Date{d.year, 1, 1};
  return InvalidArgument("x.period must be day, week, month, quarter or year, not '" + period + "'",
                         "options.x.period");
}

// A per-row option: a scalar recycled over all rows, or an array of one value per row.
inline Result<std::vector<double>> PerRow(const json& v, size_t rows, const std::string& name) {
  std::vector<double> out(rows, kNa);
  if (v.is_array()) {
    if (v.empty() || rows % v.size() != 0) {
      return InvalidArgument("must have one value per row (" + std::to_string(rows) + ")", name);
    }
    for (size_t i = 0; i < rows; ++i) {
      ICS_ASSIGN_OR_RETURN(out[i], NumberOrNa(v[i % v.size()], name));
    }
  } else {
    ICS_ASSIGN_OR_RETURN(double x, NumberOrNa(v, name));
    std::fill(out.begin(), out.end(), x);
  }
  return out;
}

inline Result<std::vector<int64_t>> IntList(const json& v, const std::string& name) {
  std::vector<int64_t> out;
  if (v.is_null()) return out;
  if (v.is_number()) {
    out.push_back(static_cast<int64_t>(v.get<double>()));
    return out;
  }
  if (!v.is_array()) return InvalidArgument("expected an integer or a list of integers", name);
  for (const json& e : v) {
    if (!e.is_number()) return InvalidArgument("expected integers, got " + e.dump(), name);
    out.push_back(static_cast<int64_t>(e.get<double>()));
  }
  return out;
}

inline Result<QicCase> QicFromCase(const json& c) {
  QicCase out;
  const json& in = c["input"];
  const json opts = c.value("options", json::object());
  json x = in.value("x", json(nullptr));
  json y = in.value("y", json(nullptr));
  if (y.is_null()) {  // qic(y): x becomes 1..n
    y = x;
    x = json::array();
    for (size_t i = 0; i < y.size(); ++i) x.push_back(i + 1);
  }
  if (!x.is_array() || !y.is_array() || x.size() != y.size()) {
    return InvalidArgument("input.x and input.y must be arrays of the same length", "input");
  }
  const size_t rows = y.size();
  auto column = [&](const char* name) -> const json* {
    if (in.contains(name) && in[name].is_array()) return &in[name];
    return nullptr;
  };
  for (const char* name : {"n", "notes", "facet1", "facet2"}) {
    if (const json* col = column(name); col && col->size() != rows) {
      return InvalidArgument(std::string("input.") + name + " must have one value per row", "input");
    }
  }

  // x: numbers, ISO dates, or categories.
  bool all_numbers = true, all_dates = true;
  for (const json& v : x) {
    if (v.is_null()) continue;
    all_numbers = all_numbers && v.is_number();
    all_dates = all_dates && LooksLikeIsoDate(v);
  }
  out.input.x_kind = all_numbers ? XKind::kNumber : all_dates ? XKind::kDate : XKind::kCategory;
  std::map<std::string, double> level;  // category -> level position
  if (out.input.x_kind == XKind::kCategory) {
    std::vector<std::string> levels;
    for (const json& v : x) {
      if (!v.is_null()) levels.push_back(FacetKey(v));
    }
    std::sort(levels.begin(), levels.end());
    levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
    // reorder(x, n): levels by the mean of n, ties kept in alphabetical order.
    const std::string order = opts.value("x_order", std::string());
    if (order.find("mean of n") != std::string::npos && column("n")) {
      std::map<std::string, std::vector<double>> by;
      for (size_t i = 0; i < rows; ++i) {
        if (x[i].is_null()) continue;
        ICS_ASSIGN_OR_RETURN(double nv, NumberOrNa((*column("n"))[i], "input.n"));
        by[FacetKey(x[i])].push_back(nv);
      }
      std::stable_sort(levels.begin(), levels.end(), [&](const std::string& a, const std::string& b) {
        return MeanNaRm(by[a]) < MeanNaRm(by[b]);
      });
    }
    for (size_t i = 0; i < levels.size(); ++i) level[levels[i]] = static_cast<double>(i);
  }

  std::string period;
  if (opts.contains("x.period") && opts["x.period"].is_string()) {
    period = opts["x.period"].get<std::string>();
    if (out.input.x_kind != XKind::kDate) {
      return InvalidArgument("x.period needs dates on the x axis", "options.x.period");
    }
  }

  std::vector<double> cl(rows, kNa), target(rows, kNa);
  if (opts.contains("cl") && !opts["cl"].is_null()) {
    ICS_ASSIGN_OR_RETURN(cl, PerRow(opts["cl"], rows, "options.cl"));
  }
  if (opts.contains("target") && !opts["target"].is_null()) {
    ICS_ASSIGN_OR_RETURN(target, PerRow(opts["target"], rows, "options.target"));
  }
  const json* part_column = nullptr;
  if (opts.contains("part") && opts["part"].is_array() && !opts["part"].empty() &&
      opts["part"][0].is_string()) {
    if (opts["part"].size() != rows) {
      return InvalidArgument("part labels must have one value per row", "options.part");
    }
    part_column = &opts["part"];
    out.options.part_labels = true;
  }

  out.input.has_n = column("n") != nullptr;
  for (size_t i = 0; i < rows; ++i) {
    const std::string at = "input[" + std::to_string(i) + "]";
    QicRow r;
    const json& xv = x[i];
    r.x_missing = xv.is_null();
    if (!r.x_missing) {
      r.x_label = FacetKey(xv);
      out.x_values[r.x_label] = xv;
      switch (out.input.x_kind) {
        case XKind::kNumber: r.x = xv.get<double>(); break;
        case XKind::kDate: {
          ICS_ASSIGN_OR_RETURN(Date d, DateFrom(xv, at + ".x"));
          if (!period.empty()) {
            ICS_ASSIGN_OR_RETURN(d, PeriodStart(d, period));
            r.x_label = d.ToIso();
            out.x_values[r.x_label] = r.x_label;
          }
          r.x = static_cast<double>(d.DaysSinceEpoch());
          break;
        }
        case XKind::kCategory: r.x = level[r.x_label]; break;
      }
    }
    ICS_ASSIGN_OR_RETURN(r.y, NumberOrNa(y[i], at + ".y"));
    if (out.input.has_n) {
      ICS_ASSIGN_OR_RETURN(r.n, NumberOrNa((*column("n"))[i], at + ".n"));
    }
    if (const json* notes = column("notes"); notes && (*notes)[i].is_string()) {
      r.notes = (*notes)[i].get<std::string>();
    }
    for (int f = 1; f <= 2; ++f) {
      const json* col = column(f == 1 ? "facet1" : "facet2");
      json v = col ? (*col)[i] : json(1);
      std::string key = FacetKey(v);
      out.facet_values[key] = v;
      (f == 1 ? r.facet1 : r.facet2) = key;
    }
    r.cl = cl[i];
    r.target = target[i];
    if (part_column) r.part_label = FacetKey((*part_column)[i]);
    out.input.rows.push_back(std::move(r));
  }

  QicOptions& o = out.options;
  if (opts.contains("chart")) {
    ICS_ASSIGN_OR_RETURN(o.chart, ParseQicChart(opts["chart"].get<std::string>()));
  }
  if (opts.contains("agg.fun") && opts["agg.fun"].is_string()) {
    ICS_ASSIGN_OR_RETURN(o.agg_fun, ParseAggFun(opts["agg.fun"].get<std::string>()));
  }
  if (opts.contains("method") && opts["method"].is_string() && opts["method"] != "anhoej") {
    return InvalidArgument("only the anhoej runs method is supported", "options.method");
  }
  if (opts.contains("multiply") && opts["multiply"].is_number()) {
    o.multiply = opts["multiply"].get<double>();
  }
  if (opts.contains("freeze") && opts["freeze"].is_number()) {
    o.freeze = static_cast<int64_t>(opts["freeze"].get<double>());
  }
  if (opts.contains("part") && !part_column) {
    ICS_ASSIGN_OR_RETURN(o.part, IntList(opts["part"], "options.part"));
  }
  if (opts.contains("exclude")) {
    ICS_ASSIGN_OR_RETURN(o.exclude, IntList(opts["exclude"], "options.exclude"));
  }
  if (opts.contains("qic.screenedmr") && opts["qic.screenedmr"].is_boolean()) {
    o.screened_mr = opts["qic.screenedmr"].get<bool>();
  }
  if (opts.contains("y.neg") && opts["y.neg"].is_boolean()) {
    o.y_neg = opts["y.neg"].get<bool>();
  }
  return out;
}

// The qicharts2 result under the names of a case's `expected_per_subgroup` and
// `expected_summary` blocks.
inline json QicToJson(const QicResult& r, const QicCase& c) {
  auto facet = [&](const std::string& key) {
    auto it = c.facet_values.find(key);
    return it == c.facet_values.end() ? json(key) : it->second;
  };
  json per = json::object();
  const char* names[] = {"x", "facet1", "facet2", "part", "xx", "baseline", "include",
                         "y_sum", "y_length", "y_mean", "y_sd", "n", "y", "cl", "lcl",
                         "lcl_95", "ucl_95", "ucl", "target", "sigma_signal", "runs_signal",
                         "n_obs", "n_useful", "longest_run", "longest_run_max", "n_crossings",
                         "n_crossings_min", "notes"};
  for (const char* n : names) per[n] = json::array();
  for (const QicSubgroup& s : r.subgroups) {
    auto xv = c.x_values.find(s.x_label);
    per["x"].push_back(xv == c.x_values.end() ? json(s.x_label) : xv->second);
    per["facet1"].push_back(facet(s.facet1));
    per["facet2"].push_back(facet(s.facet2));
    per["part"].push_back(s.part);
    per["xx"].push_back(s.xx);
    per["baseline"].push_back(s.baseline);
    per["include"].push_back(s.include);
    per["y_sum"].push_back(Num(s.y_sum));
    per["y_length"].push_back(Num(s.y_length));
    per["y_mean"].push_back(Num(s.y_mean));
    per["y_sd"].push_back(Num(s.y_sd));
    per["n"].push_back(Num(s.n));
    per["y"].push_back(Num(s.y));
    per["cl"].push_back(Num(s.cl));
    per["lcl"].push_back(Num(s.lcl));
    per["lcl_95"].push_back(Num(s.lcl_95));
    per["ucl_95"].push_back(Num(s.ucl_95));
    per["ucl"].push_back(Num(s.ucl));
    per["target"].push_back(Num(s.target));
    per["sigma_signal"].push_back(s.sigma_signal);
    per["runs_signal"].push_back(s.runs_signal);
    per["n_obs"].push_back(s.n_obs);
    per["n_useful"].push_back(s.n_useful);
    per["longest_run"].push_back(Opt(s.longest_run));
    per["longest_run_max"].push_back(Opt(s.longest_run_max));
    per["n_crossings"].push_back(Opt(s.n_crossings));
    per["n_crossings_min"].push_back(Opt(s.n_crossings_min));
    per["notes"].push_back(s.notes.empty() ? json(nullptr) : json(s.notes));
  }
  json sum = json::object();
  const char* snames[] = {"facet1", "facet2", "part", "n.obs", "n.useful", "longest.run",
                          "longest.run.max", "n.crossings", "n.crossings.min", "runs.signal",
                          "aLCL", "aLCL.95", "CL", "aUCL.95", "aUCL", "sigma.signal"};
  for (const char* n : snames) sum[n] = json::array();
  for (const QicSummary& s : r.summary) {
    sum["facet1"].push_back(facet(s.facet1));
    sum["facet2"].push_back(facet(s.facet2));
    sum["part"].push_back(s.part);
    sum["n.obs"].push_back(s.n_obs);
    sum["n.useful"].push_back(s.n_useful);
    sum["longest.run"].push_back(Opt(s.longest_run));
    sum["longest.run.max"].push_back(Opt(s.longest_run_max));
    sum["n.crossings"].push_back(Opt(s.n_crossings));
    sum["n.crossings.min"].push_back(Opt(s.n_crossings_min));
    sum["runs.signal"].push_back(s.runs_signal);
    sum["aLCL"].push_back(Num(s.a_lcl));
    sum["aLCL.95"].push_back(Num(s.a_lcl_95));
    sum["CL"].push_back(Num(s.cl));
    sum["aUCL.95"].push_back(Num(s.a_ucl_95));
    sum["aUCL"].push_back(Num(s.a_ucl));
    sum["sigma.signal"].push_back(s.sigma_signal);
  }
  return json{{"expected_per_subgroup", per}, {"expected_summary", sum}};
}

inline Result<json> RunCaseUnchecked(const json& c) {
  json out = json::object();
  out["id"] = c.value("id", std::string());
  switch (DetectKind(c)) {
    case CaseKind::kMdc: {
      ICS_ASSIGN_OR_RETURN(MdcCase mc, MdcFromCase(c));
      ICS_ASSIGN_OR_RETURN(MdcResult r, AnalyseMdc(mc.points, mc.options));
      out["preset"] = "mdc";
      out["expected"] = MdcToJson(r);
      out["warnings"] = r.warnings;
      return out;
    }
    case CaseKind::kQic: {
      ICS_ASSIGN_OR_RETURN(QicCase qc, QicFromCase(c));
      ICS_ASSIGN_OR_RETURN(QicResult r, AnalyseQic(qc.input, qc.options));
      out["preset"] = "qicharts2";
      json body = QicToJson(r, qc);
      out["expected_per_subgroup"] = body["expected_per_subgroup"];
      out["expected_summary"] = body["expected_summary"];
      out["warnings"] = r.warnings;
      return out;
    }
    case CaseKind::kOther: break;
  }
  return InvalidArgument("not a chart case: it has no input.dates/values (mdc) or input.y (qicharts2)",
                         "input");
}

// Runs one case file's content. Returns {"id", "engine", "expected" | "expected_per_subgroup"
// + "expected_summary", "warnings"}; a Status when the case cannot be run (a value of the
// wrong JSON type is reported as bad input, never thrown).
inline Result<json> RunCase(const json& c) {
  try {
    return RunCaseUnchecked(c);
  } catch (const json::exception& e) {
    return InvalidArgument(std::string("the case file does not have the expected shape: ") + e.what(),
                           "case");
  }
}

}  // namespace ics::improvement::case_json
