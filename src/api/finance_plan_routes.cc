#include "api/finance_plan_routes.h"

#include <cmath>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/finance_routes.h"
#include "base/date.h"
#include "finance/findings.h"
#include "finance/io/load.h"
#include "finance/io/tables.h"
#include "finance/mhis.h"
#include "finance/money.h"
#include "finance/plan_actual.h"
#include "finance/policy.h"
#include "improvement/mdc.h"
#include "improvement/series_json.h"
#include "store/sha256.h"

namespace ics::api {

namespace fin = ics::finance;
namespace io = ics::finance::io;
namespace imp = ics::improvement;
using nlohmann::json;

store::NewLedgerImport LedgerForStore(const fin::Ledger& ledger, const std::string& file_name,
                                      const std::string& text) {
  store::NewLedgerImport out;
  out.year = ledger.year;
  out.file_name = file_name;
  out.sha256 = store::Sha256Hex(text);
  out.bytes = static_cast<int64_t>(text.size());
  out.lines.reserve(ledger.lines.size());
  for (const fin::LedgerLine& l : ledger.lines) {
    store::PlanLine p;
    p.organisation = l.organisation;
    p.name = l.name;
    p.kind = l.kind;
    p.category = l.category;
    p.month = l.month;
    p.plan_pence = l.plan.pence();
    if (l.actual) p.actual_pence = l.actual->pence();
    p.where = l.where;
    out.lines.push_back(std::move(p));
  }
  return out;
}

fin::Ledger LedgerFromStore(const store::StoredLedger& stored) {
  fin::Ledger out;
  out.year = stored.import.year;
  out.source = stored.import.file_name;
  out.lines.reserve(stored.lines.size());
  for (const store::PlanLine& p : stored.lines) {
    fin::LedgerLine l;
    l.organisation = p.organisation;
    l.name = p.name;
    l.kind = p.kind;
    l.category = p.category;
    l.month = p.month;
    l.plan = fin::Money::FromPence(p.plan_pence);
    if (p.actual_pence) l.actual = fin::Money::FromPence(*p.actual_pence);
    l.where = p.where;
    out.lines.push_back(std::move(l));
  }
  return out;
}

std::string PreviousYear(const std::string& year) {
  Result<std::string> key = fin::YearKey(year);
  if (!key.ok()) return "";
  const int first = std::stoi(key->substr(0, 4)) - 1;
  const int second = (first + 1) % 100;
  return std::to_string(first) + "/" + (second < 10 ? "0" : "") + std::to_string(second);
}

namespace {

constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr const char* kDefaultYear = "2025/26";

Response Api(const json& j, int status = 200) {
  Response r = Response::Json(j.dump(2, ' ', false, json::error_handler_t::replace) + "\n", status);
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

json K(fin::Money m) { return m.ToThousands(); }
json K(const std::optional<fin::Money>& m) { return m ? json(m->ToThousands()) : json(nullptr); }

std::string FileYear(const std::string& year) {
  std::string out = year;
  for (char& c : out)
    if (c == '/') c = '-';
  return out;
}

std::string SafeName(const std::string& s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') out += c;
  return out.empty() ? "ledger.csv" : out;
}

Response Xlsx(const std::vector<io::Table>& tables, const std::string& filename) {
  Result<std::string> bytes = io::XlsxBytes(tables);
  if (!bytes.ok()) return ErrorFor(bytes.status());
  Response r = Response::Content(std::move(bytes).value(), kXlsxType);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

json ImportJson(const store::LedgerImport& i) {
  return {{"id", i.id},
          {"year", i.year},
          {"file_name", i.file_name},
          {"sha256", i.sha256},
          {"bytes", i.bytes},
          {"rows", i.rows},
          {"imported_by", i.imported_by},
          {"imported_at", i.imported_at},
          {"current", i.current}};
}

json FindingJson(const fin::Finding& f) {
  return {{"rule", f.rule},       {"severity", fin::SeverityName(f.severity)},
          {"subject", f.subject}, {"message", f.message},
          {"fix", f.fix},         {"source", f.source},
          {"where", f.where}};
}

io::Table FindingsTable(const std::vector<fin::Finding>& findings, const std::string& title) {
  io::Table t;
  t.sheet = "Findings";
  t.title = title;
  t.columns = {{"rule"}, {"severity"}, {"subject"}, {"message"}, {"fix"}, {"basis"}};
  for (const fin::Finding& f : findings) {
    t.rows.push_back({io::TextCell(f.rule), io::TextCell(fin::SeverityName(f.severity)), io::TextCell(f.subject),
                      io::TextCell(f.message), io::TextCell(f.fix), io::TextCell(f.source)});
  }
  if (findings.empty()) t.notes.push_back("No findings.");
  return t;
}

// What every read needs: the year asked for (or the newest imported, else 2025/26) and
// its current ledger.
struct YearLedger {
  std::string year;
  store::StoredLedger stored;
  fin::Ledger ledger;
};

Result<std::string> YearOf(const Request& request, store::Store& store) {
  if (std::optional<std::string> y = request.Query("year")) {
    if (!fin::YearKey(*y).ok()) return InvalidArgument("\"" + *y + "\" is not a financial year such as 2025/26", "year");
    return *y;
  }
  ICS_ASSIGN_OR_RETURN(std::vector<store::LedgerImport> imports, store.financial_plans().ListImports());
  return imports.empty() ? std::string(kDefaultYear) : imports.front().year;
}

Result<YearLedger> LoadLedger(const Request& request, store::Store& store) {
  YearLedger out;
  ICS_ASSIGN_OR_RETURN(out.year, YearOf(request, store));
  ICS_ASSIGN_OR_RETURN(std::optional<store::StoredLedger> stored, store.financial_plans().CurrentLedger(out.year));
  if (!stored) {
    return NotFound("no ledger has been imported for " + out.year +
                        " (POST the CSV to /api/v1/finance/plans/ledger?year=" + out.year + ", or ics ledger import)",
                    "year");
  }
  out.stored = std::move(*stored);
  out.ledger = LedgerFromStore(out.stored);
  return out;
}

// ---- The envelope: core and PMC allocations with add-ons, and the running cost allowance ----

struct EnvelopeAndRca {
  fin::Envelope envelope;
  std::optional<fin::RunningCostAllowance> rca;
};

Result<EnvelopeAndRca> ComputeEnvelope(const FinanceData& data, const std::string& icb, const std::string& year) {
  if (icb.empty()) return NotFound("the served definition names no ICB (system.icb)", "system.icb");
  EnvelopeAndRca out;
  out.envelope.icb = icb;
  out.envelope.year = year;
  for (const char* stream : {"core", "pmc"}) {
    ICS_ASSIGN_OR_RETURN(std::shared_ptr<const fin::WhatIfModel> model, data.Model(stream, year));
    const fin::IcbAllocation* mine = nullptr;
    for (const fin::IcbAllocation& x : model->published().icbs)
      if (x.code == icb) mine = &x;
    if (!mine) return NotFound("ICB " + icb + " is not in the " + year + " allocations", "system.icb");
    out.envelope.name = mine->name;
    ICS_RETURN_IF_ERROR(
        fin::AddEnvelopeLine(&out.envelope, {stream, year + " recurrent allocation", mine->recurrent_allocation}));
    for (size_t k = 0; k < mine->add_ons.size(); ++k) {
      ICS_RETURN_IF_ERROR(
          fin::AddEnvelopeLine(&out.envelope, {stream, model->inputs().add_on_labels[k], mine->add_ons[k]}));
    }
  }
  ICS_ASSIGN_OR_RETURN(std::optional<io::RunningCostAllowances> rcas, io::LoadRunningCostAllowances(year, data.data_dir()));
  if (rcas) {
    for (const fin::RunningCostAllowance& x : rcas->allowances)
      if (x.icb == icb) out.rca = x;
    if (out.rca) {
      ICS_RETURN_IF_ERROR(fin::AddEnvelopeLine(
          &out.envelope, {"rca", "running cost allowance (" + rcas->column + ")", out.rca->allowance}));
    }
  }
  return out;
}

// ---- JSON and tables ----

json PositionRowJson(const fin::OrganisationPosition& p) {
  json plan = json::array(), actual = json::array();
  for (int m = 0; m < 12; ++m) {
    plan.push_back(K(p.plan_surplus_by_month[m]));
    actual.push_back(K(p.actual_surplus_by_month[m]));
  }
  return {{"organisation", p.organisation},
          {"name", p.name},
          {"plan_income_k", K(p.plan_income)},
          {"plan_expenditure_k", K(p.plan_expenditure)},
          {"plan_surplus_k", K(p.plan_surplus)},
          {"months_reported", p.months_reported},
          {"ytd_plan_surplus_k", K(p.ytd_plan_surplus)},
          {"ytd_actual_surplus_k", K(p.ytd_actual_surplus)},
          {"ytd_variance_k", K(p.ytd_variance)},
          {"forecast_surplus_k", K(p.forecast_surplus)},
          {"plan_surplus_by_month_k", plan},
          {"actual_surplus_by_month_k", actual}};
}

std::vector<io::Cell> PositionRow(const fin::OrganisationPosition& p) {
  return {io::TextCell(p.organisation),        io::TextCell(p.name),
          io::MoneyCell(p.plan_income),        io::MoneyCell(p.plan_expenditure),
          io::MoneyCell(p.plan_surplus),       io::NumberCell(p.months_reported),
          io::MoneyCell(p.ytd_plan_surplus),   io::MoneyCell(p.ytd_actual_surplus),
          io::MoneyCell(p.ytd_variance),       io::MoneyCell(p.forecast_surplus)};
}

std::vector<io::Table> PositionTables(const fin::SystemPosition& s) {
  io::Table t;
  t.sheet = "Balance";
  t.title = "Financial balance, " + s.year + " (year to date = " + std::to_string(s.months_reported) +
            " months reported by every organisation)";
  t.columns = {{"organisation"},
               {"name"},
               {"plan_income_k", io::ColumnKind::kMoneyK},
               {"plan_expenditure_k", io::ColumnKind::kMoneyK},
               {"plan_surplus_k", io::ColumnKind::kMoneyK},
               {"months_reported", io::ColumnKind::kInteger},
               {"ytd_plan_surplus_k", io::ColumnKind::kMoneyK},
               {"ytd_actual_surplus_k", io::ColumnKind::kMoneyK},
               {"ytd_variance_k", io::ColumnKind::kMoneyK},
               {"forecast_surplus_k", io::ColumnKind::kMoneyK}};
  for (const fin::OrganisationPosition& p : s.organisations) t.rows.push_back(PositionRow(p));
  t.rows.push_back(PositionRow(s.system));
  t.notes.push_back("Money in £ thousands (to the penny in each cell). Surplus = income − expenditure; variance = "
                    "actual − plan (negative = adverse); forecast = actuals to date + plan for the remaining months.");
  io::Table e;
  e.sheet = "Envelope";
  e.title = "System envelope for " + s.envelope.icb + " " + s.envelope.name + ", " + s.year;
  e.columns = {{"stream"}, {"line"}, {"amount_k", io::ColumnKind::kMoneyK}};
  for (const fin::EnvelopeLine& l : s.envelope.lines)
    e.rows.push_back({io::TextCell(l.stream), io::TextCell(l.label), io::MoneyCell(l.amount)});
  e.rows.push_back({io::TextCell(""), io::TextCell("Total"), io::MoneyCell(s.envelope.total)});
  return {t, FindingsTable(s.findings, "Findings, " + s.year), e};
}

json SpcJson(const fin::OrganisationPlanActual& r, std::vector<std::string>* warnings) {
  if (r.months_reported == 0) {
    warnings->push_back("no month has been reported yet: no chart");
    return nullptr;
  }
  Result<std::string> key = fin::YearKey(r.year);
  const int first = key.ok() ? std::stoi(key->substr(0, 4)) : 2025;
  std::vector<imp::MdcPoint> points;
  for (int m = 0; m < r.months_reported; ++m) {
    const int month = m < 9 ? m + 4 : m - 8;
    points.push_back({Date{m < 9 ? first : first + 1, month, 1}, r.months[m].actual_expenditure->ToThousands()});
  }
  imp::MdcOptions options;
  options.direction = imp::ImprovementDirection::kNeutral;
  Result<imp::MdcResult> chart = imp::AnalyseMdc(points, options);
  if (!chart.ok()) {
    warnings->push_back("no chart: " + chart.status().message());
    return nullptr;
  }
  json j = imp::MdcSeriesJson(*chart, options.direction, std::nullopt);
  j["measure"] = "monthly actual expenditure (£k)";
  j["direction_reason"] =
      "neutral: higher spend is neither better nor worse in itself; a special cause either way is a signal to "
      "investigate against the plan";
  return j;
}

json PlanActualJson(const fin::OrganisationPlanActual& r) {
  json months = json::array();
  for (int m = 0; m < 12; ++m) {
    const fin::MonthPlanActual& x = r.months[m];
    std::optional<fin::Money> variance;
    if (x.actual_expenditure) variance = x.plan_expenditure - *x.actual_expenditure;
    months.push_back({{"month", fin::LedgerMonth(r.year, m)},
                      {"plan_income_k", K(x.plan_income)},
                      {"plan_expenditure_k", K(x.plan_expenditure)},
                      {"actual_income_k", K(x.actual_income)},
                      {"actual_expenditure_k", K(x.actual_expenditure)},
                      {"expenditure_variance_k", K(variance)}});
  }
  json categories = json::array();
  for (const fin::CategoryPlanActual& c : r.categories) {
    json plan = json::array(), actual = json::array();
    for (int m = 0; m < 12; ++m) {
      plan.push_back(K(c.plan[m]));
      actual.push_back(K(c.actual[m]));
    }
    categories.push_back({{"kind", c.kind},
                          {"category", c.category},
                          {"plan_k", plan},
                          {"actual_k", actual},
                          {"plan_total_k", K(c.plan_total)},
                          {"ytd_plan_k", K(c.ytd_plan)},
                          {"ytd_actual_k", K(c.ytd_actual)}});
  }
  return {{"year", r.year},
          {"organisation", r.organisation},
          {"name", r.name},
          {"months_reported", r.months_reported},
          {"months", months},
          {"categories", categories},
          {"plan_income_k", K(r.plan_income)},
          {"plan_expenditure_k", K(r.plan_expenditure)},
          {"ytd_plan_expenditure_k", K(r.ytd_plan_expenditure)},
          {"ytd_actual_expenditure_k", K(r.ytd_actual_expenditure)},
          {"ytd_expenditure_variance_k", K(r.ytd_expenditure_variance)},
          {"forecast_expenditure_k", K(r.forecast_expenditure)}};
}

io::Cell OptMoney(const std::optional<fin::Money>& m) { return m ? io::MoneyCell(*m) : io::EmptyCell(); }

std::vector<io::Table> PlanActualTables(const fin::OrganisationPlanActual& r) {
  io::Table t;
  t.sheet = "Plan v actual";
  t.title = r.organisation + " " + r.name + ": monthly plan against actual, " + r.year;
  t.columns = {{"month"},
               {"plan_income_k", io::ColumnKind::kMoneyK},
               {"actual_income_k", io::ColumnKind::kMoneyK},
               {"plan_expenditure_k", io::ColumnKind::kMoneyK},
               {"actual_expenditure_k", io::ColumnKind::kMoneyK},
               {"expenditure_variance_k", io::ColumnKind::kMoneyK}};
  for (int m = 0; m < 12; ++m) {
    const fin::MonthPlanActual& x = r.months[m];
    std::optional<fin::Money> variance;
    if (x.actual_expenditure) variance = x.plan_expenditure - *x.actual_expenditure;
    t.rows.push_back({io::TextCell(fin::LedgerMonth(r.year, m)), io::MoneyCell(x.plan_income),
                      OptMoney(x.actual_income), io::MoneyCell(x.plan_expenditure), OptMoney(x.actual_expenditure),
                      OptMoney(variance)});
  }
  t.notes.push_back("Money in £ thousands. Variance = plan − actual expenditure (negative = overspent). An empty "
                    "actual is a month not yet reported.");
  io::Table c;
  c.sheet = "By category";
  c.title = r.organisation + " " + r.name + ": plan and actual by category, " + r.year;
  c.columns = {{"kind"}, {"category"}};
  for (int m = 0; m < 12; ++m) c.columns.push_back({"plan " + fin::LedgerMonth(r.year, m), io::ColumnKind::kMoneyK});
  for (int m = 0; m < 12; ++m) c.columns.push_back({"actual " + fin::LedgerMonth(r.year, m), io::ColumnKind::kMoneyK});
  c.columns.push_back({"plan_total_k", io::ColumnKind::kMoneyK});
  c.columns.push_back({"ytd_plan_k", io::ColumnKind::kMoneyK});
  c.columns.push_back({"ytd_actual_k", io::ColumnKind::kMoneyK});
  for (const fin::CategoryPlanActual& x : r.categories) {
    std::vector<io::Cell> row = {io::TextCell(x.kind), io::TextCell(x.category)};
    for (int m = 0; m < 12; ++m) row.push_back(io::MoneyCell(x.plan[m]));
    for (int m = 0; m < 12; ++m) row.push_back(OptMoney(x.actual[m]));
    row.push_back(io::MoneyCell(x.plan_total));
    row.push_back(io::MoneyCell(x.ytd_plan));
    row.push_back(io::MoneyCell(x.ytd_actual));
    c.rows.push_back(std::move(row));
  }
  return {t, c};
}

json LedgerJson(const YearLedger& y) {
  json lines = json::array();
  for (const store::PlanLine& l : y.stored.lines) {
    lines.push_back({{"organisation", l.organisation},
                     {"name", l.name},
                     {"month", fin::LedgerMonth(y.year, l.month)},
                     {"kind", l.kind},
                     {"category", l.category},
                     {"plan_k", K(fin::Money::FromPence(l.plan_pence))},
                     {"plan_pence", l.plan_pence},
                     {"actual_k", l.actual_pence ? json(fin::Money::FromPence(*l.actual_pence).ToThousands())
                                                 : json(nullptr)},
                     {"actual_pence", l.actual_pence ? json(*l.actual_pence) : json(nullptr)},
                     {"where", l.where}});
  }
  return {{"year", y.year}, {"import", ImportJson(y.stored.import)}, {"lines", lines}};
}

// The ledger in the finance team's layout: one row per organisation, kind and category, the
// twelve months across (plan on one sheet, actual on another).
std::vector<io::Table> LedgerTables(const YearLedger& y) {
  std::vector<io::Table> out;
  for (bool actual : {false, true}) {
    io::Table t;
    t.sheet = actual ? "Actual" : "Plan";
    t.title = std::string(actual ? "Actuals" : "Plans") + " per organisation, " + y.year + " (import " +
              std::to_string(y.stored.import.id) + ", " + y.stored.import.file_name + ")";
    t.columns = {{"organisation"}, {"name"}, {"kind"}, {"category"}};
    for (int m = 0; m < 12; ++m) t.columns.push_back({fin::LedgerMonth(y.year, m), io::ColumnKind::kMoneyK});
    t.columns.push_back({"total_k", io::ColumnKind::kMoneyK});
    std::map<std::tuple<std::string, std::string, std::string>, size_t> index;
    std::vector<std::array<std::optional<fin::Money>, 12>> cells;
    std::vector<std::tuple<std::string, std::string, std::string, std::string>> keys;
    for (const store::PlanLine& l : y.stored.lines) {
      auto [it, inserted] = index.emplace(std::tuple{l.organisation, l.kind, l.category}, cells.size());
      if (inserted) {
        cells.push_back({});
        keys.emplace_back(l.organisation, l.name, l.kind, l.category);
      }
      std::optional<int64_t> pence = actual ? l.actual_pence : std::optional<int64_t>(l.plan_pence);
      if (pence) cells[it->second][l.month] = fin::Money::FromPence(*pence);
    }
    for (size_t i = 0; i < cells.size(); ++i) {
      auto& [org, name, kind, category] = keys[i];
      std::vector<io::Cell> row = {io::TextCell(org), io::TextCell(name), io::TextCell(kind), io::TextCell(category)};
      fin::Money total;
      for (int m = 0; m < 12; ++m) {
        row.push_back(OptMoney(cells[i][m]));
        if (cells[i][m]) total += *cells[i][m];
      }
      row.push_back(io::MoneyCell(total));
      t.rows.push_back(std::move(row));
    }
    t.notes.push_back("Money in £ thousands (to the penny in each cell)." +
                      std::string(actual ? " An empty month is not reported yet." : ""));
    out.push_back(std::move(t));
  }
  return out;
}

// MHIS and running costs of the served ICB.
struct MhisOutcome {
  std::string year, icb;
  std::optional<fin::MhisResult> mhis;
  std::string mhis_unavailable;  // why there is no MHIS result
  std::optional<fin::RunningCostAllowance> rca;
  fin::Money planned_running_costs, ytd_running_costs;
  int months_reported = 0;
  std::vector<fin::Finding> findings;
};

Result<MhisOutcome> ComputeMhis(const FinanceData& data, store::Store& store, const YearLedger& y,
                                const std::string& icb) {
  MhisOutcome out;
  out.year = y.year;
  out.icb = icb;
  if (icb.empty()) return NotFound("the served definition names no ICB (system.icb)", "system.icb");
  // MHIS: this year's forecast mental health spend against last year's outturn grown by g.
  const std::string previous_year = PreviousYear(y.year);
  ICS_ASSIGN_OR_RETURN(std::optional<store::StoredLedger> previous,
                       store.financial_plans().CurrentLedger(previous_year));
  if (!previous) {
    out.mhis_unavailable = "no " + previous_year + " ledger has been imported: MHIS compares this year's mental "
                           "health spend with last year's outturn";
  } else {
    Result<fin::MhisSpend> spend = fin::MhisSpendFromLedgers(y.ledger, LedgerFromStore(*previous), icb);
    if (!spend.ok()) {
      out.mhis_unavailable = spend.status().message();
    } else {
      ICS_ASSIGN_OR_RETURN(std::shared_ptr<const fin::WhatIfModel> core, data.Model("core", y.year));
      std::vector<fin::MhisSpend> one = {*spend};
      ICS_ASSIGN_OR_RETURN(std::vector<fin::MhisResult> results,
                           fin::CheckMhis(one, core->published(), y.year, &out.findings));
      if (!results.empty()) out.mhis = results.front();
    }
  }
  // Running costs: the ICB's "running_costs" expenditure against the allowance.
  ICS_ASSIGN_OR_RETURN(EnvelopeAndRca envelope, ComputeEnvelope(data, icb, y.year));
  out.rca = envelope.rca;
  Result<fin::OrganisationPlanActual> mine = fin::PlanActualFor(y.ledger, icb);
  if (mine.ok()) {
    out.months_reported = mine->months_reported;
    for (const fin::CategoryPlanActual& c : mine->categories) {
      if (c.kind != "expenditure" || c.category != fin::kRunningCostsCategory) continue;
      out.planned_running_costs = c.plan_total;
      out.ytd_running_costs = c.ytd_actual;
    }
  }
  if (out.rca) {
    fin::CheckRunningCosts(*out.rca, out.planned_running_costs,
                           out.months_reported > 0 ? std::optional<fin::Money>(out.ytd_running_costs) : std::nullopt,
                           out.months_reported, y.year, &out.findings);
  }
  return out;
}

json MhisJson(const MhisOutcome& o) {
  json mhis = nullptr;
  if (o.mhis) {
    const fin::MhisResult& m = *o.mhis;
    mhis = {{"icb", m.icb},
            {"name", m.name},
            {"base_growth", m.base_growth},
            {"previous_spend_k", K(m.previous_spend)},
            {"minimum_k", K(m.minimum)},
            {"spend_k", K(m.spend)},
            {"headroom_k", K(m.headroom)},
            {"spend_growth", m.spend_growth},
            {"share_of_allocation", m.share_of_allocation},
            {"compliant", m.compliant},
            {"basis", "spend = this year's forecast outturn of the ICB's \"mental_health\" expenditure (actuals to "
                      "date + plan for the rest); previous = last year's ledger outturn; minimum = previous × (1 + "
                      "g), g the core allocation's base growth before convergence"}};
  }
  json running = nullptr;
  if (o.rca) {
    std::optional<fin::Money> share = fin::MoneyFromThousands(o.rca->allowance.ToThousands() * o.months_reported / 12.0);
    running = {{"allowance_k", K(o.rca->allowance)},
               {"planned_k", K(o.planned_running_costs)},
               {"months_reported", o.months_reported},
               {"ytd_actual_k", K(o.ytd_running_costs)},
               {"ytd_allowance_share_k", K(share)},
               {"headroom_k", K(o.rca->allowance - o.planned_running_costs)}};
  }
  json findings = json::array();
  for (const fin::Finding& f : o.findings) findings.push_back(FindingJson(f));
  json j = {{"year", o.year}, {"icb", o.icb}, {"mhis", mhis}, {"running_costs", running}, {"findings", findings}};
  if (!o.mhis_unavailable.empty()) j["mhis_unavailable"] = o.mhis_unavailable;
  return j;
}

std::vector<io::Table> MhisTables(const MhisOutcome& o) {
  io::Table t;
  t.sheet = "MHIS and running costs";
  t.title = "Mental Health Investment Standard and running costs of " + o.icb + ", " + o.year;
  t.columns = {{"measure"}, {"value_k", io::ColumnKind::kMoneyK}, {"ratio", io::ColumnKind::kRatio}};
  if (o.mhis) {
    const fin::MhisResult& m = *o.mhis;
    t.rows.push_back({io::TextCell("MHIS: previous year's mental health spend"), io::MoneyCell(m.previous_spend),
                      io::EmptyCell()});
    t.rows.push_back({io::TextCell("MHIS: base growth (g)"), io::EmptyCell(), io::NumberCell(m.base_growth)});
    t.rows.push_back({io::TextCell("MHIS: minimum = previous × (1 + g)"), io::MoneyCell(m.minimum), io::EmptyCell()});
    t.rows.push_back({io::TextCell("MHIS: this year's forecast spend"), io::MoneyCell(m.spend),
                      io::NumberCell(m.spend_growth)});
    t.rows.push_back({io::TextCell(m.compliant ? "MHIS: headroom (met)" : "MHIS: shortfall (not met)"),
                      io::MoneyCell(m.headroom), io::EmptyCell()});
  } else {
    t.notes.push_back("MHIS not assessed: " + o.mhis_unavailable);
  }
  if (o.rca) {
    t.rows.push_back({io::TextCell("Running cost allowance"), io::MoneyCell(o.rca->allowance), io::EmptyCell()});
    t.rows.push_back({io::TextCell("Running costs planned"), io::MoneyCell(o.planned_running_costs), io::EmptyCell()});
    t.rows.push_back({io::TextCell("Running costs to date (" + std::to_string(o.months_reported) + " months)"),
                      io::MoneyCell(o.ytd_running_costs), io::EmptyCell()});
  }
  t.notes.push_back("Money in £ thousands; ratios as percentages.");
  return {t, FindingsTable(o.findings, "Findings, " + o.year)};
}

bool CsvContentType(const Request& request) {
  const std::string* type = request.Header("content-type");
  if (!type) return true;
  std::string t = type->substr(0, type->find(';'));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t == "text/csv" || t == "text/plain" || t == "application/octet-stream" || t.empty();
}

}  // namespace

Result<int> SeedDemoLedgers(store::Store& store, std::string demo_dir) {
  if (demo_dir.empty()) {
#ifdef ICS_DEFAULT_DEMO_DATA
    demo_dir = ICS_DEFAULT_DEMO_DATA;
#else
    demo_dir = "data/demo";
#endif
  }
  int imported = 0;
  for (auto [year, file] : {std::pair{"2024/25", "ledger_2024_25.csv"}, {"2025/26", "ledger_2025_26.csv"}}) {
    ICS_ASSIGN_OR_RETURN(std::optional<store::StoredLedger> current, store.financial_plans().CurrentLedger(year));
    if (current) continue;
    ICS_ASSIGN_OR_RETURN(std::string text, io::ReadFile(demo_dir + "/" + file));
    ICS_ASSIGN_OR_RETURN(fin::Ledger ledger, fin::ParseLedger(text, file, year));
    ICS_RETURN_IF_ERROR(store.financial_plans().ImportLedger(LedgerForStore(ledger, file, text), "ics serve --demo").status());
    ++imported;
  }
  return imported;
}

void AddFinancePlanRoutes(Router& router, std::shared_ptr<const LoadedDefinition> definition,
                          FinancePlanOptions options) {
  auto store = options.store;
  auto data = std::make_shared<FinanceData>(options.data_dir.empty() ? DefaultFinanceDataDir() : options.data_dir);
  const std::string icb = definition->system.system.icb;
  const Access writers = Access::Roles({Role::kFinance});
  const Access readers = Access::Roles({Role::kFinance, Role::kAnalyst, Role::kBoardMember, Role::kOversight});

  router.Post("/api/v1/finance/plans/ledger", writers, [store](const Request& request) {
    std::optional<std::string> year = request.Query("year");
    if (!year) return ErrorFor(InvalidArgument("say which financial year the ledger is for: ?year=2025/26", "year"));
    if (!fin::YearKey(*year).ok())
      return ErrorFor(InvalidArgument("\"" + *year + "\" is not a financial year such as 2025/26", "year"));
    if (!CsvContentType(request))
      return Response::Error(415, "unsupported_media_type", "send the ledger as text/csv", "content-type");
    const std::string file = SafeName(request.Query("file").value_or("ledger.csv"));
    if (request.body.empty()) return ErrorFor(InvalidArgument("the ledger CSV is empty", file));
    std::vector<Status> errors = fin::LedgerErrors(request.body, file, *year);
    if (!errors.empty()) {
      json list = json::array();
      for (const Status& s : errors)
        list.push_back({{"code", StatusCodeName(s.code())}, {"message", s.message()}, {"where", s.where()}});
      json j = {{"error",
                 {{"code", StatusCodeName(errors.front().code())},
                  {"message", std::to_string(errors.size()) + " error" + (errors.size() == 1 ? "" : "s") +
                                  " in the ledger; nothing was stored. First: " + errors.front().message()},
                  {"where", errors.front().where()}}},
                {"errors", list}};
      return Api(j, 400);
    }
    Result<fin::Ledger> ledger = fin::ParseLedger(request.body, file, *year);
    if (!ledger.ok()) return ErrorFor(ledger.status());
    Result<store::LedgerImport> stored =
        store->financial_plans().ImportLedger(LedgerForStore(*ledger, file, request.body), request.principal.actor());
    if (!stored.ok()) return ErrorFor(stored.status());
    return Api({{"import", ImportJson(*stored)}}, 201);
  }, "Import a year's ledger CSV (monthly plans and actuals per organisation); every located error, nothing stored, when any line is bad");

  router.Get("/api/v1/finance/plans/imports", readers, [store](const Request& request) {
    std::string year = request.Query("year").value_or("");
    if (!year.empty() && !fin::YearKey(year).ok())
      return ErrorFor(InvalidArgument("\"" + year + "\" is not a financial year such as 2025/26", "year"));
    Result<std::vector<store::LedgerImport>> imports = store->financial_plans().ListImports(year);
    if (!imports.ok()) return ErrorFor(imports.status());
    json list = json::array();
    for (const store::LedgerImport& i : *imports) list.push_back(ImportJson(i));
    return Api({{"imports", list}});
  }, "Ledger imports, newest first (the current one of each year and the ones it replaced)");

  router.Get("/api/v1/finance/plans/ledger", readers, [store](const Request& request) {
    Result<YearLedger> y = LoadLedger(request, *store);
    if (!y.ok()) return ErrorFor(y.status());
    return Api(LedgerJson(*y));
  }, "A year's current ledger: every monthly line with its plan and actual");

  router.Get("/api/v1/finance/plans/ledger.xlsx", readers, [store](const Request& request) {
    Result<YearLedger> y = LoadLedger(request, *store);
    if (!y.ok()) return ErrorFor(y.status());
    return Xlsx(LedgerTables(*y), "ledger-" + FileYear(y->year) + ".xlsx");
  }, "A year's current ledger as an XLSX workbook (plan and actual sheets, months across)");

  auto position = [store, data, icb](const Request& request) -> Result<fin::SystemPosition> {
    ICS_ASSIGN_OR_RETURN(YearLedger y, LoadLedger(request, *store));
    ICS_ASSIGN_OR_RETURN(EnvelopeAndRca envelope, ComputeEnvelope(*data, icb, y.year));
    fin::BalancePolicy policy;
    if (std::optional<std::string> t = request.Query("tolerance_k")) {
      std::optional<fin::Money> tolerance = fin::ParseThousands(*t);
      if (!tolerance || tolerance->pence() < 0)
        return InvalidArgument("\"" + *t + "\" is not an amount ≥ 0 in £k", "tolerance_k");
      policy.variance_tolerance = *tolerance;
    }
    return fin::AssessSystem(y.ledger, envelope.envelope, envelope.rca, policy);
  };
  router.Get("/api/v1/finance/plans/position", readers, [position](const Request& request) {
    Result<fin::SystemPosition> s = position(request);
    if (!s.ok()) return ErrorFor(s.status());
    json organisations = json::array();
    for (const fin::OrganisationPosition& p : s->organisations) organisations.push_back(PositionRowJson(p));
    json findings = json::array();
    for (const fin::Finding& f : s->findings) findings.push_back(FindingJson(f));
    json lines = json::array();
    for (const fin::EnvelopeLine& l : s->envelope.lines)
      lines.push_back({{"stream", l.stream}, {"label", l.label}, {"amount_k", K(l.amount)}});
    json months = json::array();
    for (int m = 0; m < 12; ++m) months.push_back(fin::LedgerMonth(s->year, m));
    return Api({{"year", s->year},
                {"icb", s->icb},
                {"months", months},
                {"months_reported", s->months_reported},
                {"envelope",
                 {{"icb", s->envelope.icb}, {"name", s->envelope.name}, {"lines", lines},
                  {"total_k", K(s->envelope.total)}}},
                {"organisations", organisations},
                {"system", PositionRowJson(s->system)},
                {"findings", findings},
                {"breach", fin::AnyBreach(s->findings)}});
  }, "The system position: balance per organisation and for the system (plan, year to date, forecast) with findings ENV, BAL and RCA");

  router.Get("/api/v1/finance/plans/position.xlsx", readers, [position](const Request& request) {
    Result<fin::SystemPosition> s = position(request);
    if (!s.ok()) return ErrorFor(s.status());
    return Xlsx(PositionTables(*s), "financial-position-" + FileYear(s->year) + ".xlsx");
  }, "The system position as an XLSX workbook (balance, findings, envelope)");

  auto plan_actual = [store](const Request& request) -> Result<fin::OrganisationPlanActual> {
    ICS_ASSIGN_OR_RETURN(YearLedger y, LoadLedger(request, *store));
    return fin::PlanActualFor(y.ledger, request.params.at("org"));
  };
  router.Get("/api/v1/finance/plans/organisations/{org}", readers, [plan_actual](const Request& request) {
    Result<fin::OrganisationPlanActual> r = plan_actual(request);
    if (!r.ok()) return ErrorFor(r.status());
    json j = PlanActualJson(*r);
    std::vector<std::string> warnings;
    j["spc"] = SpcJson(*r, &warnings);
    j["warnings"] = warnings;
    return Api(j);
  }, "One organisation's monthly plan against actual, by category, with an XmR chart of monthly actual expenditure");

  router.Get("/api/v1/finance/plans/organisations/{org}/plan-actual.xlsx", readers,
             [plan_actual](const Request& request) {
               Result<fin::OrganisationPlanActual> r = plan_actual(request);
               if (!r.ok()) return ErrorFor(r.status());
               return Xlsx(PlanActualTables(*r),
                           "plan-actual-" + SafeName(r->organisation) + "-" + FileYear(r->year) + ".xlsx");
             },
             "One organisation's monthly plan against actual as an XLSX workbook");

  auto mhis = [store, data, icb](const Request& request) -> Result<MhisOutcome> {
    ICS_ASSIGN_OR_RETURN(YearLedger y, LoadLedger(request, *store));
    return ComputeMhis(*data, *store, y, icb);
  };
  router.Get("/api/v1/finance/plans/mhis", readers, [mhis](const Request& request) {
    Result<MhisOutcome> o = mhis(request);
    if (!o.ok()) return ErrorFor(o.status());
    return Api(MhisJson(*o));
  }, "MHIS compliance (mental health spend against last year's grown by the base growth) and running costs against the allowance, with findings");

  router.Get("/api/v1/finance/plans/mhis.xlsx", readers, [mhis](const Request& request) {
    Result<MhisOutcome> o = mhis(request);
    if (!o.ok()) return ErrorFor(o.status());
    return Xlsx(MhisTables(*o), "mhis-running-costs-" + FileYear(o->year) + ".xlsx");
  }, "MHIS and running costs as an XLSX workbook");
}

}  // namespace ics::api
