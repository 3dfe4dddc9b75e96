// `ics spc`: statistical process control charts. Runs a reference case file (--case) or
// charts an ordinary series read from CSV or JSON, with the Making Data Count XmR preset
// ("mdc"), the qicharts2 families ("qicharts2") or the Life QI SPC and run charts
// ("life-qi"), and prints text, JSON, CSV or SVG.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "base/text.h"
#include "cli/commands.h"
#include "improvement/case_json.h"
#include "improvement/life_qi.h"
#include "improvement/life_qi_json.h"
#include "improvement/mdc.h"
#include "improvement/preset.h"
#include "improvement/qic.h"
#include "improvement/r_stats.h"
#include "improvement/series_json.h"
#include "improvement/svg.h"

namespace ics::cli {
namespace {

using nlohmann::json;
namespace imp = ics::improvement;

constexpr size_t kMaxInputBytes = 64u << 20;  // 64 MiB

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open file", path);
  std::ostringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  if (text.size() > kMaxInputBytes) {
    return ResourceExhausted("file is larger than 64 MiB", path);
  }
  return text;
}

// "file:line:col" for a byte offset into text.
std::string Where(const std::string& file, const std::string& text, size_t offset) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

Result<json> ParseJson(const std::string& file, const std::string& text) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    std::string msg = e.what();
    if (auto p = msg.find("parse error"); p != std::string::npos) msg = msg.substr(p);
    return InvalidArgument("invalid JSON: " + msg, Where(file, text, e.byte > 0 ? e.byte - 1 : 0));
  }
}

int Fail(const Status& s) {
  std::cerr << "ics spc: " << s.ToString() << "\n";
  return s.code() == StatusCode::kInternal ? kExitCheckFailed : kExitBadInput;
}

// ---------------------------------------------------------------------------------------
// Ordinary series: a table of named columns read from CSV or JSON records.

struct Cell {
  std::string text;
  bool missing = false;
  std::optional<double> number;  // when the JSON value was a number
};

struct Table {
  std::string file;
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> row_where;  // "file:line" or "file: record N"
};

Result<std::vector<std::string>> SplitCsvLine(const std::string& line, const std::string& where) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cur += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cur += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  if (quoted) return InvalidArgument("unterminated quoted field", where);
  out.push_back(cur);
  return out;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

Result<Table> ReadCsv(const std::string& file, const std::string& text) {
  Table t;
  t.file = file;
  std::istringstream in(text);
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (Trim(line).empty()) continue;
    const std::string where = file + ":" + std::to_string(line_no);
    ICS_ASSIGN_OR_RETURN(std::vector<std::string> fields, SplitCsvLine(line, where));
    if (t.columns.empty()) {
      for (auto& f : fields) t.columns.push_back(Trim(f));
      continue;
    }
    if (fields.size() != t.columns.size()) {
      return InvalidArgument("expected " + std::to_string(t.columns.size()) + " fields, found " +
                                 std::to_string(fields.size()),
                             where);
    }
    std::vector<Cell> row;
    for (auto& f : fields) {
      Cell c;
      c.text = Trim(f);
      c.missing = c.text.empty() || c.text == "NA" || c.text == "null";
      row.push_back(c);
    }
    t.rows.push_back(std::move(row));
    t.row_where.push_back(where);
  }
  if (t.columns.empty()) return InvalidArgument("the file is empty: expected a header row", file + ":1");
  return t;
}

Result<Table> ReadJsonTable(const std::string& file, const std::string& text) {
  ICS_ASSIGN_OR_RETURN(json doc, ParseJson(file, text));
  const json* records = &doc;
  if (doc.is_object()) {
    for (const char* key : {"data", "rows", "records"}) {
      if (doc.contains(key) && doc[key].is_array()) records = &doc[key];
    }
  }
  if (!records->is_array()) {
    return InvalidArgument("expected an array of records (or an object with a \"data\" array)", file);
  }
  Table t;
  t.file = file;
  for (size_t i = 0; i < records->size(); ++i) {
    const json& r = (*records)[i];
    const std::string where = file + ": record " + std::to_string(i + 1);
    if (!r.is_object()) return InvalidArgument("a record must be an object", where);
    for (auto it = r.begin(); it != r.end(); ++it) {
      if (std::find(t.columns.begin(), t.columns.end(), it.key()) == t.columns.end()) {
        t.columns.push_back(it.key());
        for (auto& row : t.rows) row.push_back(Cell{"", true, std::nullopt});
      }
    }
    std::vector<Cell> row(t.columns.size(), Cell{"", true, std::nullopt});
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (!r.contains(t.columns[c])) continue;
      const json& v = r[t.columns[c]];
      Cell cell;
      if (v.is_null()) {
        cell.missing = true;
      } else if (v.is_number()) {
        cell.number = v.get<double>();
        cell.text = v.dump();
      } else if (v.is_string()) {
        cell.text = v.get<std::string>();
        cell.missing = cell.text.empty() || cell.text == "NA";
      } else {
        cell.text = v.dump();
      }
      row[c] = cell;
    }
    t.rows.push_back(std::move(row));
    t.row_where.push_back(where);
  }
  return t;
}

Result<size_t> Column(const Table& t, const std::string& name, const std::string& option) {
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (t.columns[i] == name) return i;
  }
  std::string msg = "no column '" + name + "' (" + option + "); columns are " + JoinWithAnd(t.columns);
  std::string guess = ClosestMatch(name, t.columns);
  if (!guess.empty()) msg += "; did you mean '" + guess + "'?";
  return InvalidArgument(msg, t.file);
}

Result<double> NumberCell(const Table& t, size_t row, size_t col) {
  const Cell& c = t.rows[row][col];
  if (c.missing) return imp::kNa;
  if (c.number) return *c.number;
  double v = 0;
  size_t used = 0;
  try {
    v = std::stod(c.text, &used);
  } catch (...) {
    used = 0;
  }
  if (used == 0 || used != c.text.size() || !std::isfinite(v)) {
    return InvalidArgument("field '" + t.columns[col] + "': '" + c.text + "' is not a number",
                           t.row_where[row]);
  }
  return v;
}

Result<Date> DateCell(const Table& t, size_t row, size_t col) {
  const Cell& c = t.rows[row][col];
  if (c.missing) return InvalidArgument("field '" + t.columns[col] + "': missing date", t.row_where[row]);
  std::string s = c.text;
  if (s.size() > 10 && (s[10] == ' ' || s[10] == 'T')) s = s.substr(0, 10);
  std::string why;
  std::optional<Date> d = ParseIsoDate(s, &why);
  if (!d) {
    return InvalidArgument("field '" + t.columns[col] + "': " +
                               (why.empty() ? "'" + c.text + "' is not a YYYY-MM-DD date" : why),
                           t.row_where[row]);
  }
  return *d;
}

std::string Number(double v, int digits = 15) {
  if (!std::isfinite(v)) return "NA";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

std::string CsvEscape(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string Tri(const std::optional<bool>& b) { return b ? (*b ? "TRUE" : "FALSE") : "NA"; }

// ---------------------------------------------------------------------------------------

struct SeriesArgs {
  std::string file;
  std::string date_col = "date", value_col = "value", n_col;
  std::string improvement = "increase";
  std::optional<double> target;
  std::vector<std::string> rebase;
  std::optional<int> fix_after;
  bool no_screen = false;
  std::string chart;  // empty: the preset's default (xmr without a preset)
  std::string preset;
  bool two_of_three = false;
  std::optional<int> run_shift, run_trend;
  std::optional<int64_t> freeze;
  std::vector<int64_t> part, exclude;
  double multiply = 1;
  bool json = false, csv = false;
  std::string svg;
  std::string title;
};

int RunMdcSeries(const SeriesArgs& a, const Table& t) {
  auto date_col = Column(t, a.date_col, "--date");
  if (!date_col.ok()) return Fail(date_col.status());
  auto value_col = Column(t, a.value_col, "--value");
  if (!value_col.ok()) return Fail(value_col.status());
  std::vector<imp::MdcPoint> points;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    auto d = DateCell(t, r, *date_col);
    if (!d.ok()) return Fail(d.status());
    auto v = NumberCell(t, r, *value_col);
    if (!v.ok()) return Fail(v.status());
    points.push_back({*d, *v});
  }
  imp::MdcOptions o;
  auto dir = imp::ParseImprovementDirection(a.improvement);
  if (!dir.ok()) return Fail(Status(dir.status().code(), dir.status().message(), "--improvement"));
  o.direction = *dir;
  o.screen_outliers = !a.no_screen;
  o.fix_after_n_points = a.fix_after;
  o.target = a.target;
  for (const std::string& s : a.rebase) {
    std::string why;
    auto d = ParseIsoDate(s, &why);
    if (!d) return Fail(InvalidArgument(why.empty() ? "'" + s + "' is not a YYYY-MM-DD date" : why, "--rebase"));
    o.rebase_dates.push_back(*d);
  }
  auto result = imp::AnalyseMdc(points, o);
  if (!result.ok()) {
    return Fail(Status(result.status().code(), result.status().message(),
                       a.file + (result.status().where().empty() ? "" : ": " + result.status().where())));
  }
  const imp::MdcResult& r = *result;

  if (!a.svg.empty()) {
    imp::SvgOptions so;
    so.title = a.title.empty() ? a.value_col + " (XmR, Making Data Count)" : a.title;
    so.target = a.target;
    std::ofstream out(a.svg, std::ios::binary);
    out << imp::RenderMdcSvg(r, so);
    if (!out) return Fail(InvalidArgument("cannot write the SVG file", a.svg));
  }

  const std::string variation =
      r.variation_icon ? std::string(imp::VariationIconName(*r.variation_icon)) : "";
  const std::string assurance =
      r.assurance_type ? std::string(imp::AssuranceTypeName(*r.assurance_type)) : "";
  if (a.json) {
    std::cout << imp::MdcSeriesJson(r, o.direction, a.target).dump(2) << "\n";
    return kExitOk;
  }
  for (const std::string& w : r.warnings) std::cerr << "warning: " << w << "\n";
  if (a.csv) {
    std::cout << "date,value,rebase_group,mean,lpl,upl,nlpl,nupl,outside_limits,relative_to_mean,"
                 "close_to_limits,special_cause_type,special_cause_flag,point_type\n";
    for (const auto& p : r.points) {
      std::cout << p.date.ToIso() << "," << Number(p.value) << "," << p.rebase_group << ","
                << Number(p.mean) << "," << Number(p.lpl) << "," << Number(p.upl) << ","
                << Number(p.nlpl) << "," << Number(p.nupl) << "," << Tri(p.outside_limits) << ","
                << (p.relative_to_mean ? std::to_string(*p.relative_to_mean) : "NA") << ","
                << Tri(p.close_to_limits) << "," << imp::SpecialCauseTypeLabel(p.special_cause_type)
                << "," << (p.special_cause_flag ? "TRUE" : "FALSE") << ","
                << imp::PointTypeName(p.point_type) << "\n";
    }
    return kExitOk;
  }
  std::printf("Making Data Count XmR chart of %s (%zu points, improvement: %s)\n",
              a.value_col.c_str(), r.points.size(),
              std::string(imp::ImprovementDirectionName(o.direction)).c_str());
  for (const auto& g : r.groups) {
    std::printf("  group %d from %s: n %zu, mean %s, limits %s .. %s, special causes %zu\n",
                g.rebase_group, r.points[g.first_index].date.ToIso().c_str(), g.n,
                Number(g.mean, 6).c_str(), Number(g.lpl, 6).c_str(), Number(g.upl, 6).c_str(),
                g.n - g.common_cause);
  }
  std::printf("\n%-10s %12s %12s %12s %12s  %s\n", "date", "value", "mean", "lpl", "upl",
              "special cause");
  for (const auto& p : r.points) {
    std::printf("%-10s %12s %12s %12s %12s  %s\n", p.date.ToIso().c_str(),
                Number(p.value, 6).c_str(), Number(p.mean, 6).c_str(), Number(p.lpl, 6).c_str(),
                Number(p.upl, 6).c_str(),
                p.special_cause_flag
                    ? (std::string(imp::SpecialCauseTypeLabel(p.special_cause_type)) + " (" +
                       std::string(imp::PointTypeName(p.point_type)) + ")")
                          .c_str()
                    : "");
  }
  std::printf("\nvariation: %s\nassurance: %s\n", variation.c_str(),
              assurance.empty() ? "none (no target, or neutral direction)" : assurance.c_str());
  return kExitOk;
}

int RunQicSeries(const SeriesArgs& a, const Table& t, imp::QicChart chart) {
  auto x_col = Column(t, a.date_col, "--date");
  if (!x_col.ok()) return Fail(x_col.status());
  auto y_col = Column(t, a.value_col, "--value");
  if (!y_col.ok()) return Fail(y_col.status());
  std::optional<size_t> n_col;
  if (!a.n_col.empty()) {
    auto c = Column(t, a.n_col, "--n");
    if (!c.ok()) return Fail(c.status());
    n_col = *c;
  }
  imp::QicInput in;
  in.has_n = n_col.has_value();
  // x: dates when every value is a date, numbers when every value is a number, else
  // categories (a funnel plot: no runs analysis).
  bool all_dates = true, all_numbers = true;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const Cell& c = t.rows[r][*x_col];
    if (c.missing) continue;
    all_dates = all_dates && DateCell(t, r, *x_col).ok();
    all_numbers = all_numbers && NumberCell(t, r, *x_col).ok();
  }
  in.x_kind = all_dates ? imp::XKind::kDate : all_numbers ? imp::XKind::kNumber : imp::XKind::kCategory;
  std::vector<std::string> levels;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    if (!t.rows[r][*x_col].missing) levels.push_back(t.rows[r][*x_col].text);
  }
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  for (size_t r = 0; r < t.rows.size(); ++r) {
    imp::QicRow row;
    const Cell& xc = t.rows[r][*x_col];
    row.x_missing = xc.missing;
    row.x_label = xc.text;
    if (!xc.missing) {
      if (in.x_kind == imp::XKind::kDate) {
        row.x = static_cast<double>(DateCell(t, r, *x_col)->DaysSinceEpoch());
        row.x_label = DateCell(t, r, *x_col)->ToIso();
      } else if (in.x_kind == imp::XKind::kNumber) {
        row.x = *NumberCell(t, r, *x_col);
      } else {
        row.x = static_cast<double>(std::lower_bound(levels.begin(), levels.end(), xc.text) - levels.begin());
      }
    }
    auto y = NumberCell(t, r, *y_col);
    if (!y.ok()) return Fail(y.status());
    row.y = *y;
    if (n_col) {
      auto n = NumberCell(t, r, *n_col);
      if (!n.ok()) return Fail(n.status());
      row.n = *n;
    }
    if (a.target) row.target = *a.target;
    in.rows.push_back(row);
  }
  imp::QicOptions o;
  o.chart = chart;
  o.freeze = a.freeze;
  o.part = a.part;
  o.exclude = a.exclude;
  o.multiply = a.multiply;
  o.screened_mr = !a.no_screen;
  auto result = imp::AnalyseQic(in, o);
  if (!result.ok()) {
    return Fail(Status(result.status().code(), result.status().message(),
                       a.file + (result.status().where().empty() ? "" : ": " + result.status().where())));
  }
  const imp::QicResult& r = *result;
  if (a.json) {
    json subgroups = json::array();
    for (const auto& s : r.subgroups) {
      subgroups.push_back({{"x", s.x_label},
                           {"part", s.part},
                           {"baseline", s.baseline},
                           {"include", s.include},
                           {"y", imp::case_json::Num(s.y)},
                           {"n", imp::case_json::Num(s.n)},
                           {"cl", imp::case_json::Num(s.cl)},
                           {"lcl", imp::case_json::Num(s.lcl)},
                           {"lcl_95", imp::case_json::Num(s.lcl_95)},
                           {"ucl_95", imp::case_json::Num(s.ucl_95)},
                           {"ucl", imp::case_json::Num(s.ucl)},
                           {"target", imp::case_json::Num(s.target)},
                           {"sigma_signal", s.sigma_signal},
                           {"runs_signal", s.runs_signal}});
    }
    json summary = json::array();
    for (const auto& s : r.summary) {
      summary.push_back({{"part", s.part},
                         {"n_obs", s.n_obs},
                         {"n_useful", s.n_useful},
                         {"longest_run", imp::case_json::Opt(s.longest_run)},
                         {"longest_run_max", imp::case_json::Opt(s.longest_run_max)},
                         {"n_crossings", imp::case_json::Opt(s.n_crossings)},
                         {"n_crossings_min", imp::case_json::Opt(s.n_crossings_min)},
                         {"runs_signal", s.runs_signal != 0},
                         {"sigma_signal", s.sigma_signal}});
    }
    json out = {{"preset", "qicharts2"},
                {"chart", std::string(imp::QicChartName(chart))},
                {"subgroups", subgroups},
                {"summary", summary},
                {"warnings", r.warnings}};
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  for (const std::string& w : r.warnings) std::cerr << "warning: " << w << "\n";
  if (a.csv) {
    std::cout << "x,part,baseline,include,y,n,cl,lcl,lcl_95,ucl_95,ucl,sigma_signal,runs_signal\n";
    for (const auto& s : r.subgroups) {
      std::cout << CsvEscape(s.x_label) << "," << s.part << "," << (s.baseline ? "TRUE" : "FALSE")
                << "," << (s.include ? "TRUE" : "FALSE") << "," << Number(s.y) << ","
                << Number(s.n) << "," << Number(s.cl) << "," << Number(s.lcl) << ","
                << Number(s.lcl_95) << "," << Number(s.ucl_95) << "," << Number(s.ucl) << ","
                << (s.sigma_signal ? "TRUE" : "FALSE") << "," << (s.runs_signal ? "TRUE" : "FALSE")
                << "\n";
    }
    return kExitOk;
  }
  std::printf("qicharts2 %s chart of %s (%zu subgroups)\n",
              std::string(imp::QicChartName(chart)).c_str(), a.value_col.c_str(), r.subgroups.size());
  for (const auto& s : r.summary) {
    std::printf("  part %d: %lld useful of %lld, longest run %s (max %s), crossings %s (min %s), "
                "runs signal %s, %lld point(s) outside the limits\n",
                s.part, static_cast<long long>(s.n_useful), static_cast<long long>(s.n_obs),
                s.longest_run ? std::to_string(*s.longest_run).c_str() : "NA",
                s.longest_run_max ? std::to_string(*s.longest_run_max).c_str() : "NA",
                s.n_crossings ? std::to_string(*s.n_crossings).c_str() : "NA",
                s.n_crossings_min ? std::to_string(*s.n_crossings_min).c_str() : "NA",
                s.runs_signal ? "yes" : "no", static_cast<long long>(s.sigma_signal));
  }
  std::printf("\n%-12s %4s %12s %12s %12s %12s  %s\n", "x", "part", "y", "cl", "lcl", "ucl", "signal");
  for (const auto& s : r.subgroups) {
    std::printf("%-12s %4d %12s %12s %12s %12s  %s\n", s.x_label.c_str(), s.part,
                Number(s.y, 6).c_str(), Number(s.cl, 6).c_str(), Number(s.lcl, 6).c_str(),
                Number(s.ucl, 6).c_str(), s.sigma_signal ? "outside limits" : "");
  }
  return kExitOk;
}

int RunLifeQiSeries(const SeriesArgs& a, const Table& t, imp::LifeQiChart chart) {
  auto date_col = Column(t, a.date_col, "--date");
  if (!date_col.ok()) return Fail(date_col.status());
  auto value_col = Column(t, a.value_col, "--value");
  if (!value_col.ok()) return Fail(value_col.status());
  std::vector<imp::MdcPoint> points;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    auto d = DateCell(t, r, *date_col);
    if (!d.ok()) return Fail(d.status());
    auto v = NumberCell(t, r, *value_col);
    if (!v.ok()) return Fail(v.status());
    points.push_back({*d, *v});
  }
  imp::LifeQiOptions o;
  o.chart = chart;
  auto dir = imp::ParseImprovementDirection(a.improvement);
  if (!dir.ok()) return Fail(Status(dir.status().code(), dir.status().message(), "--improvement"));
  o.direction = *dir;
  o.two_of_three = a.two_of_three;
  o.run_shift_length = a.run_shift;
  o.run_trend_length = a.run_trend;
  auto result = imp::AnalyseLifeQi(points, o);
  if (!result.ok()) {
    const std::string& w = result.status().where();
    const std::string where = w == "two_of_three"       ? "--two-of-three"
                              : w == "run_shift_length" ? "--run-shift"
                              : w == "run_trend_length" ? "--run-trend"
                              : a.file + (w.empty() ? "" : ": " + w);
    return Fail(Status(result.status().code(), result.status().message(), where));
  }
  const imp::LifeQiResult& r = *result;
  if (a.json) {
    std::cout << imp::LifeQiJson(r).dump(2) << "\n";
    return kExitOk;
  }
  for (const std::string& w : r.warnings) std::cerr << "warning: " << w << "\n";
  const bool spc = chart == imp::LifeQiChart::kSpc;
  auto signals = [](const imp::LifeQiPoint& p) {
    std::string out;
    for (const std::string& l : imp::LifeQiSignalLabels(p)) out += (out.empty() ? "" : "; ") + l;
    return out;
  };
  if (a.csv) {
    std::cout << "date,value,centre,lcl,ucl,side,signals,point_type\n";
    for (const auto& p : r.points) {
      std::cout << p.date.ToIso() << "," << Number(p.value) << "," << Number(p.centre) << ","
                << Number(p.lcl) << "," << Number(p.ucl) << "," << p.side << ","
                << CsvEscape(signals(p)) << "," << imp::PointTypeName(p.point_type) << "\n";
    }
    return kExitOk;
  }
  std::printf("Life QI %s of %s (%zu points, improvement: %s)\n",
              spc ? "SPC chart (i)" : "run chart", a.value_col.c_str(), r.points.size(),
              std::string(imp::ImprovementDirectionName(o.direction)).c_str());
  if (spc) {
    std::printf("  centre line (mean) %s, limits %s .. %s, sigma %s\n", Number(r.centre, 6).c_str(),
                Number(r.lcl, 6).c_str(), Number(r.ucl, 6).c_str(), Number(r.sigma, 6).c_str());
  } else {
    std::printf("  centre line (median) %s; %zu useful points in %zu runs\n",
                Number(r.centre, 6).c_str(), r.n_useful, r.n_runs);
  }
  std::printf("\n%-10s %12s  %s\n", "date", "value", "signals");
  for (const auto& p : r.points) {
    std::string s = signals(p);
    if (!s.empty()) s += " (" + std::string(imp::PointTypeName(p.point_type)) + ")";
    std::printf("%-10s %12s  %s\n", p.date.ToIso().c_str(), Number(p.value, 6).c_str(), s.c_str());
  }
  std::printf("\nrules:\n");
  for (const auto& rule : r.rules) {
    std::printf("  %-18s %-4s %-17s %s\n", rule.id.c_str(), rule.enabled ? "on" : "off",
                std::string(imp::RuleStatusName(rule.status)).c_str(), rule.definition.c_str());
  }
  return kExitOk;
}

int RunCaseFile(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return Fail(text.status());
  auto doc = ParseJson(path, *text);
  if (!doc.ok()) return Fail(doc.status());
  auto out = imp::IsLifeQiCase(*doc) ? imp::RunLifeQiCase(*doc) : imp::case_json::RunCase(*doc);
  if (!out.ok()) {
    const Status& s = out.status();
    return Fail(Status(s.code(), s.message(), path + (s.where().empty() ? "" : ": " + s.where())));
  }
  std::cout << out->dump(1) << "\n";
  return kExitOk;
}

}  // namespace

int RunSpc(int argc, char** argv) {
  CLI::App app{
      "Statistical process control charts.\n\n"
      "  ics spc --case FILE.json --json\n"
      "      run a reference case file; prints the computed fields under the case's\n"
      "      'expected' / 'expected_per_subgroup' names\n"
      "  ics spc FILE.csv|FILE.json --date COL --value COL [options]\n"
      "      chart an ordinary series. --chart xmr (default) is the Making Data Count XmR\n"
      "      chart (preset mdc); run, i, mr, xbar, s, t, p, pp, c, u, up, g and ip are the\n"
      "      qicharts2 charts (preset qicharts2, Anhoej rules). --preset life-qi draws the\n"
      "      Life QI SPC chart (--chart i, its default) or run chart (--chart run) with the\n"
      "      rules Life QI documents; --json lists each rule's provenance. The presets are\n"
      "      never mixed.",
      "ics spc"};
  std::string case_file;
  SeriesArgs a;
  app.add_option("--case", case_file, "reference case file (JSON) to run");
  app.add_option("file", a.file, "series to chart: CSV with a header row, or JSON records");
  app.add_option("--date", a.date_col, "column with the dates (the x axis)")->capture_default_str();
  app.add_option("--value", a.value_col, "column with the values")->capture_default_str();
  app.add_option("--n", a.n_col, "column with denominators (p, pp, u, up, ip charts)");
  app.add_option("--improvement", a.improvement, "increase, decrease or neither (mdc)")
      ->capture_default_str();
  app.add_option("--target", a.target, "target value (mdc: assurance icon)");
  app.add_option("--rebase", a.rebase, "date that starts a new rebase group (mdc; repeatable)");
  app.add_option("--fix-after", a.fix_after, "fix limits on the first N points of each group (mdc, N >= 12)");
  app.add_flag("--no-screen", a.no_screen, "do not screen moving ranges >= 3.267 x mean (the MDC Excel tool)");
  app.add_option("--chart", a.chart,
                 "xmr (default), run, i, mr, xbar, s, t, p, pp, c, u, up, g or ip; under "
                 "--preset life-qi: i (default) or run");
  app.add_option("--preset", a.preset, "mdc, qicharts2 or life-qi (checked against --chart)");
  app.add_flag("--two-of-three", a.two_of_three,
               "life-qi SPC chart: also apply 'two out of three beyond 2 sigma' (unverified: "
               "Life QI's text was only partly retrieved)");
  app.add_option("--run-shift", a.run_shift,
                 "life-qi run chart: shift length (default 6, the IHI value; Life QI's not confirmed)");
  app.add_option("--run-trend", a.run_trend,
                 "life-qi run chart: trend length (default 5, the IHI value; Life QI's not confirmed)");
  app.add_option("--freeze", a.freeze, "last baseline point (qicharts2)");
  app.add_option("--part", a.part, "last point of each part before a recalculation (qicharts2)");
  app.add_option("--exclude", a.exclude, "points left out of centre and limits (qicharts2)");
  app.add_option("--multiply", a.multiply, "multiply y and the lines, e.g. 100 (qicharts2)");
  app.add_flag("--json", a.json, "print JSON");
  app.add_flag("--csv", a.csv, "print CSV");
  app.add_option("--svg", a.svg, "also write the XmR chart with its icons as SVG (mdc)");
  app.add_option("--title", a.title, "chart title for --svg");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::cerr << "ics spc: " << e.what() << "\n(ics spc --help for usage)\n";
    return kExitBadInput;
  }
  if (a.json && a.csv) {
    std::cerr << "ics spc: choose one of --json and --csv\n";
    return kExitBadInput;
  }
  if (!case_file.empty()) {
    if (!a.file.empty()) {
      std::cerr << "ics spc: give either --case FILE or a series FILE, not both\n";
      return kExitBadInput;
    }
    return RunCaseFile(case_file);
  }
  if (a.file.empty()) {
    std::cerr << "ics spc: give a series FILE (CSV or JSON) or --case FILE\n(ics spc --help for usage)\n";
    return kExitBadInput;
  }

  Result<imp::ChartChoice> choice = InvalidArgument("no chart");
  if (a.preset.empty()) {
    choice = imp::ParseChart(a.chart.empty() ? "xmr" : a.chart);
  } else {
    auto preset = imp::ParsePreset(a.preset);
    if (!preset.ok()) return Fail(Status(preset.status().code(), preset.status().message(), "--preset"));
    // mdc and qicharts2 keep their historical default (xmr) so that a bare --preset
    // qicharts2 still asks for a chart; life-qi defaults to its SPC chart.
    const std::string chart = a.chart.empty() && *preset != imp::Preset::kLifeQi ? "xmr" : a.chart;
    choice = imp::ParseChartForPreset(*preset, chart);
  }
  if (!choice.ok()) return Fail(Status(choice.status().code(), choice.status().message(), "--chart"));
  // Options of one preset are refused under another, never silently ignored.
  const bool mdc = choice->preset == imp::Preset::kMdc;
  const bool life_qi = choice->preset == imp::Preset::kLifeQi;
  std::vector<std::string> foreign;
  if (!life_qi) {
    if (a.two_of_three) foreign.push_back("--two-of-three");
    if (a.run_shift) foreign.push_back("--run-shift");
    if (a.run_trend) foreign.push_back("--run-trend");
  }
  if (life_qi) {
    if (a.freeze) foreign.push_back("--freeze");
    if (!a.part.empty()) foreign.push_back("--part");
    if (!a.exclude.empty()) foreign.push_back("--exclude");
    if (a.multiply != 1) foreign.push_back("--multiply");
    if (!a.n_col.empty()) foreign.push_back("--n");
    if (!a.rebase.empty()) foreign.push_back("--rebase");
    if (a.fix_after) foreign.push_back("--fix-after");
    if (a.no_screen) foreign.push_back("--no-screen");
    if (a.target) foreign.push_back("--target");
    if (!a.svg.empty()) foreign.push_back("--svg");
  } else if (mdc) {
    if (a.freeze) foreign.push_back("--freeze");
    if (!a.part.empty()) foreign.push_back("--part");
    if (!a.exclude.empty()) foreign.push_back("--exclude");
    if (a.multiply != 1) foreign.push_back("--multiply");
    if (!a.n_col.empty()) foreign.push_back("--n");
  } else {
    if (!a.rebase.empty()) foreign.push_back("--rebase");
    if (a.fix_after) foreign.push_back("--fix-after");
    if (a.improvement != "increase") foreign.push_back("--improvement");
    if (!a.svg.empty()) foreign.push_back("--svg");
  }
  if (!foreign.empty()) {
    std::cerr << "ics spc: " << JoinWithAnd(foreign) << " do(es) not apply to the "
              << (life_qi ? "life-qi preset (--chart " + std::string(imp::LifeQiChartName(choice->life_qi_chart)) + ")"
                  : mdc   ? "mdc preset (--chart xmr)"
                          : "qicharts2 preset (--chart " + std::string(imp::QicChartName(choice->qic_chart)) + ")")
              << "\n";
    return kExitBadInput;
  }

  auto text = ReadFile(a.file);
  if (!text.ok()) return Fail(text.status());
  const bool is_json = a.file.size() >= 5 && a.file.substr(a.file.size() - 5) == ".json";
  auto table = is_json ? ReadJsonTable(a.file, *text) : ReadCsv(a.file, *text);
  if (!table.ok()) return Fail(table.status());
  if (table->rows.empty()) return Fail(InvalidArgument("the series has no rows", a.file));
  if (life_qi) return RunLifeQiSeries(a, *table, choice->life_qi_chart);
  return mdc ? RunMdcSeries(a, *table) : RunQicSeries(a, *table, choice->qic_chart);
}

}  // namespace ics::cli
