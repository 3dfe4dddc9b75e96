#include "api/finance_routes.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

#include "finance/allocation.h"
#include "finance/io/load.h"
#include "finance/io/report.h"
#include "finance/io/tables.h"
#include "finance/ledger.h"
#include "finance/mhis.h"
#include "finance/money.h"
#include "finance/place_budget.h"
#include "finance/policy.h"
#include "finance/published_inputs.h"

namespace ics::api {

namespace fin = ics::finance;
using nlohmann::json;

std::string DefaultFinanceDataDir() {
  if (const char* env = std::getenv("ICS_FINANCE_DATA"); env && *env) return env;
#ifdef ICS_DEFAULT_FINANCE_DATA
  return ICS_DEFAULT_FINANCE_DATA;
#else
  return "data/finance";
#endif
}

namespace {

Status Unavailable(std::string message, std::string where = {}) {
  return Status(StatusCode::kUnavailable, std::move(message), std::move(where));
}

constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

using fin::io::MethodJson;
using fin::io::MoneyJson;

Response Api(std::string body) {
  Response r = Response::Json(std::move(body));
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

// ---- Tables for XLSX: the layout of `ics allocate --xlsx` (finance/io/tables.h) ----

using fin::io::Cell;
using fin::io::Table;
using Kind = fin::io::ColumnKind;
using fin::io::MoneyCell;
Cell Text(std::string s) { return fin::io::TextCell(std::move(s)); }
Cell Number(double v) { return {"", v}; }

Response XlsxResponse(const std::vector<Table>& tables, const std::string& filename) {
  Result<std::string> bytes = fin::io::XlsxBytes(tables);
  if (!bytes.ok()) return ErrorFor(bytes.status());
  Response r = Response::Content(std::move(bytes).value(), kXlsxType);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

// "2025/26" -> "2025-26", for file names.
std::string FileYear(const std::string& year) {
  std::string out = year;
  for (char& c : out)
    if (c == '/') c = '-';
  return out;
}

// A code safe to put in a file name.
std::string SafeName(const std::string& s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') out += c;
  return out;
}

// ---- The waterfall: baseline -> base growth -> convergence -> rounding -> add-ons ----

struct Step {
  std::string id, label;
  fin::Money amount;
  bool total = false;  // a running total (a bar from zero) rather than a change
  std::optional<double> rate;
};

struct Waterfall {
  const fin::IcbAllocation* icb = nullptr;
  const fin::BaselineConstruction* baseline = nullptr;
  std::vector<Step> steps;
};

Result<Waterfall> BuildWaterfall(const fin::WhatIfModel& model, const std::string& code) {
  const fin::Allocation& a = model.published();
  const fin::LoadedInputs& in = model.inputs();
  for (size_t i = 0; i < a.icbs.size(); ++i) {
    const fin::IcbAllocation& r = a.icbs[i];
    if (r.code != code) continue;
    Waterfall w;
    w.icb = &r;
    w.baseline = &in.baselines[i];
    const double b = r.baseline.ToThousands();
    std::optional<fin::Money> grown = fin::MoneyFromThousands(b * (1 + r.base_growth));
    std::optional<fin::Money> converged = fin::MoneyFromThousands(b * (1 + r.base_growth) * (1 + r.convergence));
    if (!grown || !converged) return InvalidArgument("the ICB's figures are out of range", code);
    w.steps.push_back({"baseline", "Adjusted recurrent baseline", r.baseline, true, std::nullopt});
    w.steps.push_back({"base_growth", "Base growth", *grown - r.baseline, false, r.base_growth});
    w.steps.push_back({"convergence", "Convergence (pace of change)", *converged - *grown, false, r.convergence});
    w.steps.push_back({"rounding", "Rounding to the nearest £k", r.recurrent_allocation - *converged, false,
                       std::nullopt});
    w.steps.push_back({"recurrent_allocation", "Recurrent allocation", r.recurrent_allocation, true, std::nullopt});
    for (size_t k = 0; k < r.add_ons.size(); ++k) {
      w.steps.push_back({"add_on", in.add_on_labels[k], r.add_ons[k], false, std::nullopt});
    }
    w.steps.push_back({"total_allocation", "Total allocation", r.total_allocation, true, std::nullopt});
    return w;
  }
  return NotFound("no ICB " + code + " in the " + model.policy().stream + " " + model.policy().year + " allocations",
                  code);
}

json WaterfallJson(const fin::WhatIfModel& model, const Waterfall& w) {
  const fin::AllocationPolicy& p = model.policy();
  const fin::IcbAllocation& r = *w.icb;
  json steps = json::array();
  for (const Step& s : w.steps) {
    json j = {{"step", s.id},
              {"label", s.label},
              {"kind", s.total ? "total" : "change"},
              {"amount_k", MoneyJson(s.amount)},
              {"amount_pence", s.amount.pence()}};
    if (s.rate) j["rate"] = *s.rate;
    steps.push_back(std::move(j));
  }
  json adjustments = json::array();
  for (size_t k = 0; k < w.baseline->adjustments.size(); ++k) {
    adjustments.push_back({{"label", p.baseline.adjustment_columns[k]},
                           {"amount_k", MoneyJson(w.baseline->adjustments[k])},
                           {"amount_pence", w.baseline->adjustments[k].pence()}});
  }
  return {{"year", p.year},
          {"stream", p.stream},
          {"title", p.title},
          {"icb_code", r.code},
          {"icb_name", r.name},
          {"steps", steps},
          {"baseline_construction",
           {{"opening_k", MoneyJson(w.baseline->opening)},
            {"opening_pence", w.baseline->opening.pence()},
            {"adjustments", adjustments},
            {"adjusted_k", MoneyJson(w.baseline->adjusted)},
            {"published_adjusted_k", MoneyJson(w.baseline->published_adjusted)}}},
          {"figures", fin::io::IcbFiguresJson(r)},
          {"notes", p.notes}};
}

Table WaterfallTable(const fin::WhatIfModel& model, const Waterfall& w) {
  Table t;
  t.sheet = "Waterfall";
  t.title = w.icb->code + " " + w.icb->name + ": " + model.policy().title + ", from baseline to allocation";
  t.columns = {{"step"}, {"label"}, {"kind"}, {"amount_k", Kind::kMoneyK}, {"rate", Kind::kRatio}};
  for (const Step& s : w.steps) {
    t.rows.push_back({Text(s.id), Text(s.label), Text(s.total ? "total" : "change"), MoneyCell(s.amount),
                      s.rate ? Number(*s.rate) : Text("")});
  }
  t.notes.push_back("Money in £ thousands (to the penny in each cell). Each total is the previous total plus the "
                    "changes since it.");
  for (const std::string& note : model.policy().notes) t.notes.push_back("Note: " + note);
  return t;
}

// ---- Place budgets for the served ICS ----

constexpr const char* kLatestNeedYear = "2024/25";

struct PlaceResult {
  fin::PlaceBudgets budgets;
  std::string icb, year, stream, need_year, need_file, weight_column, budget_source;
  std::vector<std::string> missing_components;
};

Result<PlaceResult> ComputePlaces(const FinanceData& data, const model::IcsSystem& system, const std::string& stream,
                                  const std::string& year) {
  PlaceResult out;
  out.icb = system.system.icb;
  out.year = year;
  out.stream = stream;
  if (out.icb.empty()) return NotFound("the served definition names no ICB (system.icb)", "system.icb");
  if (system.places.empty()) return NotFound("the served definition has no places", "places");
  Result<std::shared_ptr<const fin::WhatIfModel>> model = data.Model(stream, year);
  if (!model.ok()) return model.status();
  const fin::IcbAllocation* a = nullptr;
  for (const fin::IcbAllocation& x : (*model)->published().icbs)
    if (x.code == out.icb) a = &x;
  if (!a) return NotFound("ICB " + out.icb + " is not in the " + stream + " " + year + " allocations", "system.icb");
  fin::Money budget = a->recurrent_allocation;
  out.budget_source = stream + " " + year + " recurrent allocation of " + a->code + " " + a->name;

  // The practice file of the year, or of the latest year that has one.
  out.need_year = year;
  Result<std::string_view> text = fin::BuiltinPolicyText(stream, year);
  if (!text.ok()) return InvalidArgument(text.status().message(), "year");
  Result<fin::AllocationPolicy> policy = fin::ParseAllocationPolicy(*text, stream + " " + year);
  if (!policy.ok()) return policy.status();
  if (!policy->practices) {
    out.need_year = kLatestNeedYear;
    text = fin::BuiltinPolicyText(stream, out.need_year);
    if (!text.ok()) return text.status();
    policy = fin::ParseAllocationPolicy(*text, stream + " " + out.need_year);
    if (!policy.ok()) return policy.status();
    if (!policy->practices) return NotFound("no GP-practice weighted populations are published", "year");
  }
  fin::NeedTableSpec spec;
  spec.code_column = policy->practices->code_column;
  spec.icb_column = policy->practices->icb_column;
  spec.population_column = policy->practices->population_column;
  spec.weight_column = policy->practices->weight_column;
  spec.name_column = "GP_Practice_Name";
  spec.area_column = "LAD21";
  spec.area_name_column = "LTLA21";
  spec.component_columns = stream == "pmc" ? std::vector<std::string>{"Primary Medical Care WP", "Health Ineq WP"}
                                           : std::vector<std::string>{"G&A WP", "CS WP", "MH WP", "Mat WP",
                                                                      "Health Ineq WP", "Prescr WP"};
  out.need_file = policy->practices->file;
  out.weight_column = spec.weight_column;
  Result<std::string> practices = fin::io::ReadFile(data.data_dir() + "/" + out.need_file);
  if (!practices.ok()) return practices.status();
  Result<fin::NeedTable> need = fin::ReadNeedTable(*practices, out.need_file, spec, out.icb);
  if (!need.ok()) return need.status();
  out.missing_components = need->missing_components;
  // The place map: each place of the definition and its local authority footprint.
  fin::PlaceMap map;
  map.source = "places";
  for (size_t i = 0; i < system.places.size(); ++i) {
    const model::Place& p = system.places[i];
    fin::PlaceDefinition d;
    d.id = p.id;
    d.name = p.name;
    d.footprint = p.footprint;
    for (size_t k = 0; k < p.footprint.size(); ++k) {
      d.where.push_back("places[" + std::to_string(i) + "].footprint[" + std::to_string(k) + "]");
    }
    map.places.push_back(std::move(d));
  }
  Result<fin::PlaceBudgets> budgets = fin::BudgetsByPlaceMap(*need, map, budget);
  if (!budgets.ok()) return budgets.status();
  out.budgets = std::move(budgets).value();
  return out;
}

json PlacesJson(const PlaceResult& r) {
  const fin::PlaceBudgets& b = r.budgets;
  json places = json::array();
  for (const fin::PlaceBudget& p : b.places) {
    json components = json::object();
    for (size_t c = 0; c < b.components.size(); ++c) components[b.components[c]] = p.component_index[c];
    places.push_back({{"code", p.id},
                      {"name", p.name},
                      {"practices", p.practices},
                      {"population", p.population},
                      {"weighted_population", p.weighted},
                      {"share", p.share},
                      {"need_index", p.need_index},
                      {"component_need_index", components},
                      {"budget_k", p.budget.ToThousands()},
                      {"budget_pence", p.budget.pence()},
                      {"per_head", p.per_head}});
  }
  json doc = {{"icb", r.icb},
              {"year", r.year},
              {"stream", r.stream},
              {"need_year", r.need_year},
              {"need_file", r.need_file},
              {"weight_column", r.weight_column},
              {"area_column", "LAD21"},
              {"budget_k", b.budget.ToThousands()},
              {"budget_pence", b.budget.pence()},
              {"budget_source", r.budget_source},
              {"practices", b.practices},
              {"population", b.population},
              {"weighted_population", b.weighted},
              {"places", places}};
  if (!r.missing_components.empty()) doc["components_not_in_file"] = r.missing_components;
  return doc;
}

Table PlacesTable(const PlaceResult& r) {
  const fin::PlaceBudgets& b = r.budgets;
  Table t;
  t.sheet = "Place budgets";
  t.title = "Place budgets for " + r.icb + ", " + r.year + " (" + r.stream + "), from " + r.need_year + " need";
  t.columns = {{"place_code"},
               {"place_name"},
               {"practices", Kind::kInteger},
               {"population", Kind::kInteger},
               {"weighted_population", Kind::kInteger},
               {"share", Kind::kRatio},
               {"need_index", Kind::kNumber},
               {"budget_k", Kind::kMoneyK},
               {"per_head", Kind::kPounds}};
  for (const std::string& c : b.components) t.columns.push_back({c + " index", Kind::kNumber});
  for (const fin::PlaceBudget& p : b.places) {
    std::vector<Cell> row = {Text(p.id),         Text(p.name),       Number(p.practices),
                             Number(p.population), Number(p.weighted), Number(p.share),
                             Number(p.need_index), MoneyCell(p.budget), Number(p.per_head)};
    for (double v : p.component_index) row.push_back(Number(v));
    t.rows.push_back(std::move(row));
  }
  t.rows.push_back({Text(""), Text("ICB"), Number(b.practices), Number(b.population), Number(b.weighted), Number(1),
                    Number(1), MoneyCell(b.budget), Number(b.budget.ToThousands() * 1000 / b.population)});
  t.notes.push_back("ICB budget: " + b.budget.ToShortThousandsString() + " £k (" + r.budget_source + ").");
  t.notes.push_back("Need: " + r.need_file + ", column \"" + r.weight_column +
                    "\"; places are the definition's places by local authority footprint.");
  return t;
}

// ---- The system envelope of the served ICB ----

struct PublishedColumn {
  const char* year;
  const char* stream;
  const char* file;
  const char* name_column;
  const char* column;
};
// As `ics envelope --delegated`: the running cost allowance and the delegated streams whose
// allocations are published per ICB but not recomputed here.
constexpr PublishedColumn kRca[] = {
    {"2023/24", "rca", "icb_running_cost_allowance_2023_24_to_2025_26_v1.2.csv", "System Name", "2023/24 £k"},
    {"2024/25", "rca", "icb_running_cost_allowance_2023_24_to_2025_26_v1.2.csv", "System Name", "2024/25 £k"},
    {"2025/26", "rca", "icb_running_cost_allowance_2025_26_v1.4.csv", "Integrated Care Board (ICB)", "2025/26 (£k)"},
};
constexpr PublishedColumn kDelegated[] = {
    {"2023/24", "opc", "other_primary_care_2023_24_2024_25.csv", "Integrated Care Board",
     "2023/24 Recurrent allocation £k"},
    {"2024/25", "opc", "other_primary_care_2023_24_2024_25.csv", "Integrated Care Board",
     "2024/25 Recurrent allocation £k"},
    {"2025/26", "pod", "pod_allocations_2025_26.csv", "Integrated Care Board (ICB)", "2025/26 Total allocation (£k)"},
    {"2025/26", "specialised", "specialised_allocations_2025_26.csv", "Integrated Care Board (ICB)",
     "2025/26 Physical health services + MH resource allocation (£k)"},
};

Result<fin::Envelope> ComputeEnvelope(const FinanceData& data, const std::string& icb, const std::string& year) {
  if (icb.empty()) return NotFound("the served definition names no ICB (system.icb)", "system.icb");
  fin::Envelope envelope;
  envelope.icb = icb;
  envelope.year = year;
  for (const char* stream : {"core", "pmc"}) {
    auto model = data.Model(stream, year);
    if (!model.ok()) return model.status();
    const fin::IcbAllocation* mine = nullptr;
    for (const fin::IcbAllocation& x : (*model)->published().icbs)
      if (x.code == icb) mine = &x;
    if (!mine) return NotFound("ICB " + icb + " is not in the " + year + " allocations", "system.icb");
    envelope.name = mine->name;
    Status s = fin::AddEnvelopeLine(&envelope, {stream, year + " recurrent allocation", mine->recurrent_allocation});
    for (size_t k = 0; s.ok() && k < mine->add_ons.size(); ++k) {
      s = fin::AddEnvelopeLine(&envelope, {stream, (*model)->inputs().add_on_labels[k], mine->add_ons[k]});
    }
    if (!s.ok()) return s;
  }
  for (const PublishedColumn& r : kRca) {
    if (year != r.year) continue;
    Result<std::string> text = fin::io::ReadFile(data.data_dir() + "/" + r.file);
    if (!text.ok()) return text.status();
    Result<std::vector<fin::RunningCostAllowance>> table =
        fin::ParseRunningCostAllowances(*text, r.file, "ICB23", r.name_column, r.column);
    if (!table.ok()) return table.status();
    for (const fin::RunningCostAllowance& x : *table) {
      if (x.icb != icb) continue;
      Status s = fin::AddEnvelopeLine(&envelope, {"rca", std::string("Running cost allowance (") + r.column + ")",
                                                  x.allowance});
      if (!s.ok()) return s;
    }
  }
  for (const PublishedColumn& d : kDelegated) {
    if (year != d.year) continue;
    Result<std::string> text = fin::io::ReadFile(data.data_dir() + "/" + d.file);
    if (!text.ok()) return text.status();
    Result<std::vector<fin::IcbAmount>> table = fin::ParseIcbAmounts(*text, d.file, "ICB23", d.name_column, d.column);
    if (!table.ok()) return table.status();
    for (const fin::IcbAmount& x : *table) {
      if (x.icb != icb) continue;
      if (Status s = fin::AddEnvelopeLine(&envelope, {d.stream, d.column, x.amount}); !s.ok()) return s;
    }
  }
  return envelope;
}

json EnvelopeJson(const fin::Envelope& e) {
  json lines = json::array();
  for (const fin::EnvelopeLine& l : e.lines) {
    lines.push_back({{"stream", l.stream}, {"label", l.label}, {"amount_k", MoneyJson(l.amount)},
                     {"amount_pence", l.amount.pence()}});
  }
  return {{"icb", e.icb},         {"name", e.name},
          {"year", e.year},       {"lines", lines},
          {"total_k", MoneyJson(e.total)}, {"total_pence", e.total.pence()},
          {"basis", "core and primary medical care allocations with their add-on lines (computed), the running cost "
                    "allowance and the delegated streams' published allocations, as ics envelope --delegated"}};
}

Table EnvelopeTable(const fin::Envelope& e) {
  Table t;
  t.sheet = "Envelope";
  t.title = "System envelope for " + e.icb + " " + e.name + ", " + e.year;
  t.columns = {{"stream"}, {"line"}, {"amount_k", Kind::kMoneyK}};
  for (const fin::EnvelopeLine& l : e.lines) t.rows.push_back({Text(l.stream), Text(l.label), MoneyCell(l.amount)});
  t.rows.push_back({Text(""), Text("Total"), MoneyCell(e.total)});
  t.notes.push_back("Money in £ thousands. Core and PMC are computed from the published tables; the running cost "
                    "allowance and delegated streams are the published figures.");
  return t;
}

// ---- An ICB's practices ----

// An ICB's GP practices with their names and the weighted population the what-if changes.
struct IcbPractices {
  std::string icb, year, stream, file, weight_column, note;
  std::vector<fin::NeedPractice> practices;
};

Result<IcbPractices> LoadIcbPractices(const FinanceData& data, const fin::WhatIfModel& model, const std::string& icb) {
  const fin::AllocationPolicy& p = model.policy();
  IcbPractices out;
  out.icb = icb;
  out.year = p.year;
  out.stream = p.stream;
  bool known = false;
  for (const fin::IcbAllocation& a : model.published().icbs) known = known || a.code == icb;
  if (!known) return NotFound("no ICB " + icb + " in the " + p.stream + " " + p.year + " allocations", icb);
  if (!p.practices) {
    out.note = "No GP-practice weighted populations are published for " + p.year +
               "; practice weights can be changed in 2023/24 and 2024/25.";
    return out;
  }
  out.file = p.practices->file;
  out.weight_column = p.practices->weight_column;
  fin::NeedTableSpec spec;
  spec.code_column = p.practices->code_column;
  spec.icb_column = p.practices->icb_column;
  spec.population_column = p.practices->population_column;
  spec.weight_column = p.practices->weight_column;
  spec.name_column = "GP_Practice_Name";
  spec.area_column = p.practices->icb_column;
  Result<std::string> text = fin::io::ReadFile(data.data_dir() + "/" + out.file);
  if (!text.ok()) return text.status();
  Result<fin::NeedTable> table = fin::ReadNeedTable(*text, out.file, spec, icb);
  if (!table.ok()) return table.status();
  out.practices = std::move(table->practices);
  return out;
}

json PracticesJson(const IcbPractices& r) {
  json practices = json::array();
  for (const fin::NeedPractice& p : r.practices) {
    practices.push_back({{"code", p.code}, {"name", p.name}, {"population", p.population}, {"weighted", p.weighted}});
  }
  json doc = {{"icb_code", r.icb}, {"year", r.year},  {"stream", r.stream}, {"file", r.file},
              {"weight_column", r.weight_column},     {"practices", practices}};
  if (!r.note.empty()) doc["note"] = r.note;
  return doc;
}

// ---- Requests ----

struct YearStream {
  std::string year = "2025/26", stream = "core";
};

YearStream ReadYearStream(const Request& request, const std::string& default_year = "2025/26") {
  YearStream ys;
  ys.year = request.Query("year").value_or(default_year);
  ys.stream = request.Query("stream").value_or("core");
  return ys;
}

// `s` as a setting value: strings as given, numbers as their shortest text.
std::optional<std::string> SettingValue(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) {
    double d = v.get<double>();
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    if (ec != std::errc()) return std::nullopt;
    return std::string(buf, end);
  }
  return std::nullopt;
}

using ModelPtr = std::shared_ptr<const fin::WhatIfModel>;

// A computation's error as the JSON error shape, or its value rendered.
template <typename T, typename Render>
Response Reply(const Result<T>& result, Render&& render) {
  if (!result.ok()) return ErrorFor(result.status());
  return render(*result);
}

struct IcbWaterfall {
  ModelPtr model;  // keeps the figures the waterfall points into
  Waterfall waterfall;
};

struct WhatIfRun {
  ModelPtr model;
  fin::WhatIf what_if;
  fin::WhatIfResult result;
  std::optional<fin::PathResult> path, published_path;  // when the body asks for "path"
};

// The "path" of a what-if body: {"years": 1..50, "threshold": ratio, "target_growth": ratio}.
Result<std::optional<fin::PathOptions>> ParsePathOptions(const json& body) {
  auto it = body.find("path");
  if (it == body.end() || it->is_null()) return std::optional<fin::PathOptions>();
  if (!it->is_object()) return InvalidArgument("path is {\"years\": 10, \"threshold\": 0.005}", "path");
  fin::PathOptions o;
  o.years = 10;
  for (const auto& [key, value] : it->items()) {
    const std::string where = "path." + key;
    if (key == "years") {
      if (!value.is_number_integer() || value.get<int64_t>() < 1 || value.get<int64_t>() > 50) {
        return InvalidArgument("give a whole number of years from 1 to 50", where);
      }
      o.years = static_cast<int>(value.get<int64_t>());
    } else if (key == "threshold" || key == "target_growth") {
      std::optional<std::string> text = SettingValue(value);
      std::optional<double> ratio = text ? fin::ParseRatio(*text) : std::nullopt;
      if (!ratio || !std::isfinite(*ratio)) return InvalidArgument("give a ratio (0.005, \"0.5%\" or \"1/200\")", where);
      if (key == "threshold") {
        if (*ratio < 0 || *ratio > 1) return InvalidArgument("the threshold is a ratio between 0 and 1", where);
        o.threshold = *ratio;
      } else {
        o.target_growth = *ratio;
      }
    } else {
      return InvalidArgument("unknown field \"" + key + "\" (known: years, threshold, target_growth)", where);
    }
  }
  return std::optional<fin::PathOptions>(o);
}


}  // namespace

// ---- FinanceData ----

struct FinanceData::State {
  std::mutex mu;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const fin::WhatIfModel>> models;
};

std::shared_ptr<FinanceData::State> FinanceData::MakeState() { return std::make_shared<State>(); }

Result<std::shared_ptr<const fin::WhatIfModel>> FinanceData::Model(const std::string& stream,
                                                                    const std::string& year) const {
  std::lock_guard lock(state_->mu);
  auto found = state_->models.find({stream, year});
  if (found != state_->models.end()) return found->second;
  Result<fin::io::PolicySource> policy = fin::io::LoadPolicy(stream, year);
  if (!policy.ok()) return policy.status();
  Result<fin::InputFiles> files = fin::io::ReadInputFiles(policy->policy, data_dir_);
  if (!files.ok()) {
    return Unavailable("the published finance tables cannot be read: " + files.status().message() +
                           " (set ICS_FINANCE_DATA)",
                       files.status().where());
  }
  Result<fin::LoadedInputs> inputs = fin::LoadPublishedInputs(policy->policy, *files);
  if (!inputs.ok()) return inputs.status();
  Result<fin::WhatIfModel> model = fin::WhatIfModel::Create(std::move(policy->policy), std::move(inputs).value());
  if (!model.ok()) return model.status();
  auto shared = std::make_shared<const fin::WhatIfModel>(std::move(model).value());
  state_->models.emplace(std::make_pair(stream, year), shared);
  return shared;
}

// ---- JSON as the CLI writes it ----

std::string AllocationsJson(const fin::WhatIfModel& model) {
  return fin::io::AllocationJson(model.policy(), model.published(), model.inputs()).dump(2) + "\n";
}

std::string WhatIfJson(const fin::WhatIfModel& model, const fin::WhatIf& w, const fin::WhatIfResult& r,
                       const fin::PathResult* path) {
  return fin::io::WhatIfJson(model.policy(), w, r, path).dump(2) + "\n";
}

Result<fin::WhatIf> ParseWhatIf(const json& body) {
  fin::WhatIf w;
  if (!body.is_object()) return InvalidArgument("the body must be a JSON object", "body");
  static const char* kKnown[] = {"year", "stream", "settings", "quantum_k", "practice_weights", "path"};
  for (const auto& [key, value] : body.items()) {
    bool known = false;
    for (const char* k : kKnown) known = known || key == k;
    if (!known) {
      return InvalidArgument("unknown field \"" + key + "\" (known: year, stream, settings, quantum_k, "
                             "practice_weights, path)", key);
    }
    (void)value;
  }
  if (auto it = body.find("settings"); it != body.end() && !it->is_null()) {
    auto add = [&](const std::string& key, const std::string& value) -> Status {
      const std::string where = "settings." + key;
      fin::MethodPolicy probe;
      if (Status s = fin::ApplySetting(&probe, key, value, where); !s.ok()) return s;
      w.settings.emplace_back(key, value);
      return Status::Ok();
    };
    if (it->is_object()) {
      if (it->size() > 64) return InvalidArgument("at most 64 settings", "settings");
      for (const auto& [key, value] : it->items()) {
        std::optional<std::string> v = SettingValue(value);
        if (!v) return InvalidArgument("give a number or text", "settings." + key);
        if (Status s = add(key, *v); !s.ok()) return s;
      }
    } else if (it->is_array()) {
      if (it->size() > 64) return InvalidArgument("at most 64 settings", "settings");
      for (const json& item : *it) {
        if (!item.is_string()) return InvalidArgument("each setting is \"key=value\"", "settings");
        Result<std::pair<std::string, std::string>> kv = fin::SplitSetting(item.get<std::string>(), "settings");
        if (!kv.ok()) return kv.status();
        if (Status s = add(kv->first, kv->second); !s.ok()) return s;
      }
    } else {
      return InvalidArgument("settings is an object {\"key\": value} or a list of \"key=value\"", "settings");
    }
  }
  if (auto it = body.find("quantum_k"); it != body.end() && !it->is_null()) {
    std::optional<std::string> text = SettingValue(*it);
    if (!text) return InvalidArgument("give the quantum in £ thousands", "quantum_k");
    std::string why;
    std::optional<fin::Money> q = fin::ParseThousands(*text, &why);
    if (!q) return InvalidArgument("\"" + *text + "\" " + why + " (give £ thousands)", "quantum_k");
    w.quantum = *q;
  }
  if (auto it = body.find("practice_weights"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) return InvalidArgument("an object {\"CODE\": weighted population}", "practice_weights");
    if (it->size() > 10000) return InvalidArgument("at most 10,000 practices", "practice_weights");
    for (const auto& [code, value] : it->items()) {
      if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0) {
        return InvalidArgument("not a weighted population (a number ≥ 0)", "practice_weights." + code);
      }
      w.practice_weights.emplace(code, value.get<double>());
    }
  }
  return w;
}

void AddFinanceRoutes(Router& router, std::shared_ptr<const LoadedDefinition> definition, std::string data_dir) {
  auto data = std::make_shared<const FinanceData>(data_dir.empty() ? DefaultFinanceDataDir() : std::move(data_dir));
  const Access budget_holders = Access::Roles({Role::kFinance, Role::kAnalyst, Role::kBoardMember});

  router.Get("/api/v1/finance/years", Access::Public(), [definition](const Request&) {
    json years = json::array();
    for (const std::string& name : fin::BuiltinPolicyNames()) {
      // "core_2023_24.json" -> core, 2023/24
      std::string stem = name.substr(0, name.size() - 5);
      size_t us = stem.find('_');
      if (us == std::string::npos || stem.size() < us + 8) continue;
      std::string stream = stem.substr(0, us);
      std::string year = stem.substr(us + 1, 4) + "/" + stem.substr(us + 6, 2);
      years.push_back({{"stream", stream}, {"year", year}});
    }
    json places = json::array();
    for (const model::Place& p : definition->system.places) places.push_back({{"id", p.id}, {"name", p.name}});
    json doc = {{"allocations", years},
                {"default", {{"stream", "core"}, {"year", "2025/26"}}},
                {"icb", definition->system.system.icb},
                {"system", definition->system.system.name},
                {"places", places}};
    return Api(doc.dump(2) + "\n");
  }, "The finance streams and years available, and the served ICS's ICB and places");

  // Each computation below is shared by a route's JSON and XLSX faces; Reply turns its
  // error into the JSON error shape or renders its value.
  auto model_for = [data](const Request& request) {
    YearStream ys = ReadYearStream(request);
    return data->Model(ys.stream, ys.year);
  };
  auto file_name = [](const std::string& what, const fin::WhatIfModel& m) {
    return what + "-" + m.policy().stream + "-" + FileYear(m.policy().year) + ".xlsx";
  };

  router.Get("/api/v1/finance/allocations", Access::Public(), [model_for](const Request& request) {
    return Reply(model_for(request), [](const ModelPtr& m) { return Api(AllocationsJson(*m)); });
  }, "Fair-shares allocations for every ICB (?year=2025/26&stream=core), as ics allocate --json");

  router.Get("/api/v1/finance/allocations.xlsx", Access::Public(), [model_for, file_name](const Request& request) {
    return Reply(model_for(request), [&](const ModelPtr& m) {
      return XlsxResponse({fin::io::AllocationTable(m->policy(), m->published(), m->inputs(), /*england_row=*/true)},
                          file_name("allocations", *m));
    });
  }, "The allocations as an Excel workbook, as ics allocate --xlsx");

  auto waterfall_for = [model_for](const Request& request) -> Result<IcbWaterfall> {
    Result<ModelPtr> model = model_for(request);
    if (!model.ok()) return model.status();
    Result<Waterfall> w = BuildWaterfall(**model, request.params.at("code"));
    if (!w.ok()) return w.status();
    return IcbWaterfall{*model, *w};
  };

  router.Get("/api/v1/finance/icbs/{code}", Access::Public(), [waterfall_for](const Request& request) {
    return Reply(waterfall_for(request),
                 [](const IcbWaterfall& w) { return Api(WaterfallJson(*w.model, w.waterfall).dump(2) + "\n"); });
  }, "One ICB's allocation as a waterfall: baseline, base growth, convergence, rounding, add-ons");

  router.Get("/api/v1/finance/icbs/{code}/waterfall.xlsx", Access::Public(),
             [waterfall_for, file_name](const Request& request) {
    return Reply(waterfall_for(request), [&](const IcbWaterfall& w) {
      return XlsxResponse({WaterfallTable(*w.model, w.waterfall)},
                          file_name("waterfall-" + SafeName(w.waterfall.icb->code), *w.model));
    });
  }, "One ICB's waterfall as an Excel workbook");

  router.Get("/api/v1/finance/icbs/{code}/practices", Access::Public(), [data, model_for](const Request& request) {
    return Reply(model_for(request), [&](const ModelPtr& m) {
      Result<IcbPractices> r = LoadIcbPractices(*data, *m, request.params.at("code"));
      if (!r.ok()) return ErrorFor(r.status());
      return Api(PracticesJson(*r).dump(2) + "\n");
    });
  }, "An ICB's GP practices with their weighted populations for the stream (?year=2024/25&stream=core), the figures a "
     "what-if's practice_weights change; empty for a year with no published practice file");

  // A what-if from a JSON body (POST) or the same JSON in ?scenario= (the XLSX link).
  auto what_if_for = [data](const std::string& text, const std::string& where) -> Result<WhatIfRun> {
    json body = json::parse(text, nullptr, false);
    if (body.is_discarded()) return InvalidArgument("the " + where + " is not JSON", where);
    Result<fin::WhatIf> w = ParseWhatIf(body);
    if (!w.ok()) return w.status();
    WhatIfRun run;
    run.what_if = std::move(w).value();
    std::string year = "2025/26", stream = "core";
    if (auto it = body.find("year"); it != body.end()) {
      if (!it->is_string()) return InvalidArgument("give the year as \"2025/26\"", "year");
      year = it->get<std::string>();
    }
    if (auto it = body.find("stream"); it != body.end()) {
      if (!it->is_string()) return InvalidArgument("give the stream as \"core\" or \"pmc\"", "stream");
      stream = it->get<std::string>();
    }
    Result<ModelPtr> model = data->Model(stream, year);
    if (!model.ok()) return model.status();
    run.model = *model;
    Result<fin::WhatIfResult> result = run.model->Run(run.what_if);
    if (!result.ok()) return result.status();
    run.result = std::move(result).value();
    Result<std::optional<fin::PathOptions>> options = ParsePathOptions(body);
    if (!options.ok()) return options.status();
    if (*options) {
      const fin::AllocationPolicy& p = run.model->policy();
      Result<fin::PathResult> path = fin::ProjectPath(run.result.method, run.result.scenario, p.year, **options);
      if (!path.ok()) return Status(path.status().code(), path.status().message(), "path");
      Result<fin::PathResult> published = fin::ProjectPath(p.method, run.model->published(), p.year, **options);
      if (!published.ok()) return Status(published.status().code(), published.status().message(), "path");
      run.path = std::move(path).value();
      run.published_path = std::move(published).value();
    }
    return run;
  };

  router.Post("/api/v1/finance/whatif", budget_holders, [what_if_for](const Request& request) {
    return Reply(what_if_for(request.body, "body"), [](const WhatIfRun& r) {
      if (!r.path) return Api(WhatIfJson(*r.model, r.what_if, r.result));
      json doc = fin::io::WhatIfJson(r.model->policy(), r.what_if, r.result, &*r.path);
      doc["published_path"] = fin::io::PathJson(*r.published_path);
      return Api(doc.dump(2) + "\n");
    });
  }, "What-if: every ICB's allocation under changed policy settings, quantum or practice weights, and with \"path\" "
     "the path to target under the what-if and under the published policy (computes, stores nothing)");

  router.Get("/api/v1/finance/whatif.xlsx", budget_holders, [what_if_for, file_name](const Request& request) {
    return Reply(what_if_for(request.Query("scenario").value_or("{}"), "scenario"), [&](const WhatIfRun& r) {
      const fin::AllocationPolicy& p = r.model->policy();
      Table allocations = fin::io::AllocationTable(p, r.result.scenario, r.model->inputs(), /*england_row=*/true);
      allocations.sheet = "What-if allocations";
      const fin::PathResult* path = r.path ? &*r.path : nullptr;
      return XlsxResponse({fin::io::WhatIfTable(p, r.result, path, /*changed=*/true), allocations},
                          file_name("whatif", *r.model));
    });
  }, "A what-if (?scenario= the POST body as JSON) as an Excel workbook");

  auto places_for = [data, definition](const Request& request) {
    YearStream ys = ReadYearStream(request, "2024/25");
    return ComputePlaces(*data, definition->system, ys.stream, ys.year);
  };

  router.Get("/api/v1/finance/places", budget_holders, [places_for](const Request& request) {
    return Reply(places_for(request), [](const PlaceResult& r) { return Api(PlacesJson(r).dump(2) + "\n"); });
  }, "Place budgets for the served ICS from need (?year=2024/25&stream=core), as ics budget places --json");

  router.Get("/api/v1/finance/places.xlsx", budget_holders, [places_for](const Request& request) {
    return Reply(places_for(request), [](const PlaceResult& r) {
      return XlsxResponse({PlacesTable(r)},
                          "place-budgets-" + SafeName(r.icb) + "-" + r.stream + "-" + FileYear(r.year) + ".xlsx");
    });
  }, "Place budgets as an Excel workbook");

  auto envelope_for = [data, definition](const Request& request) {
    return ComputeEnvelope(*data, definition->system.system.icb, request.Query("year").value_or("2025/26"));
  };

  router.Get("/api/v1/finance/envelope", budget_holders, [envelope_for](const Request& request) {
    return Reply(envelope_for(request), [](const fin::Envelope& e) { return Api(EnvelopeJson(e).dump(2) + "\n"); });
  }, "The served ICB's system envelope (?year=2025/26): allocations, add-ons, running cost allowance, delegated "
     "streams, as ics envelope --delegated");

  router.Get("/api/v1/finance/envelope.xlsx", budget_holders, [envelope_for](const Request& request) {
    return Reply(envelope_for(request), [](const fin::Envelope& e) {
      return XlsxResponse({EnvelopeTable(e)}, "envelope-" + SafeName(e.icb) + "-" + FileYear(e.year) + ".xlsx");
    });
  }, "The system envelope as an Excel workbook");
}

}  // namespace ics::api
