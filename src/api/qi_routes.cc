// The QI project routes (see qi_routes.h): handlers read the store, hand the numbers to the
// improvement engine (qi_project.h, measure_chart.h, measure_csv.h) and render its results.
#include "api/qi_routes.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/json_body.h"
#include "base/date.h"
#include "improvement/measure_chart.h"
#include "improvement/measure_csv.h"
#include "improvement/qi_project.h"
#include "store/qi_projects.h"

namespace ics::api {
namespace {

using Json = nlohmann::json;
namespace imp = ics::improvement;

constexpr char kPrefix[] = "/api/v1/improvement";

// Who reads QI projects; the same roles reach the editing routes, where the project's own
// permissions decide (a clinician on the team with edit permission may add data).
const RoleSet kReaders{Role::kQiLead, Role::kClinician, Role::kAnalyst, Role::kOversight, Role::kBoardMember};

enum class Need { kView = 0, kEdit = 1, kAdmin = 2 };

int PermissionRank(const std::string& p) { return p == "admin" ? 2 : p == "edit" ? 1 : 0; }

// What `who` may do in the project: qi_lead everything; a team member what the team gives.
int RankFor(const Principal& who, const store::QiProjectDetail& d) {
  if (who.roles.Has(Role::kQiLead)) return 2;
  int rank = -1;
  for (const auto& m : d.team)
    if (!m.username.empty() && m.username == who.user) rank = std::max(rank, PermissionRank(m.permission));
  return rank;
}

Status Forbidden(Need need) {
  return Status(StatusCode::kPermissionDenied,
                need == Need::kAdmin
                    ? "only a QI lead or a team member with admin permission may change this project's team"
                    : "only a QI lead or a team member with edit permission may change this project",
                "project");
}

Response JsonResponse(const Json& j, int status = 200) {
  Response r = Response::Json(j.dump() + "\n", status);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Json Num(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Status NoStore() {
  return Status(StatusCode::kUnavailable, "QI projects need a store (ics serve --db ...)", "store");
}

Result<int64_t> IdParam(const Request& r, const char* name) {
  const std::string& text = r.params.at(name);
  int64_t v = 0;
  if (text.empty() || text.size() > 15) return NotFound("there is no " + std::string(name) + " '" + text + "'", name);
  for (char c : text) {
    if (c < '0' || c > '9') return NotFound("there is no " + std::string(name) + " '" + text + "'", name);
    v = v * 10 + (c - '0');
  }
  return v;
}

std::optional<Date> DateOf(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return ParseIsoDate(s);
}

// --- The engine's view of a stored project -------------------------------------------------

imp::MeasureChartOptions ChartOptions(const store::QiMeasure& m, std::string* error) {
  auto o = imp::MeasureChartSettings(m.preset, m.chart, m.direction, m.target);
  if (!o.ok()) {
    *error = o.status().message();
    return {};
  }
  return *o;
}

std::vector<imp::QiPdsaInput> PdsaInputs(const store::QiProjectDetail& d) {
  std::vector<imp::QiPdsaInput> out;
  for (const auto& p : d.pdsas) out.push_back({p.id, p.title, p.status, DateOf(p.start_date), DateOf(p.end_date), p.measure_ids});
  return out;
}

imp::QiProjectInput EngineInput(const store::QiProjectDetail& d) {
  imp::QiProjectInput in;
  in.id = d.project.id;
  in.title = d.project.title;
  in.status = d.project.status;
  in.organisations = d.project.organisations;
  for (const auto& s : d.scores)
    if (auto date = DateOf(s.date)) in.scores.push_back({*date, s.score_tenths});
  for (const auto& m : d.measures) {
    imp::QiMeasureInput mi;
    mi.id = m.id;
    mi.name = m.name;
    mi.type = m.type;
    std::string error;
    mi.chart = ChartOptions(m, &error);
    for (const auto& p : d.points)
      if (p.measure_id == m.id)
        if (auto date = DateOf(p.date)) mi.points.push_back({*date, p.value});
    in.measures.push_back(std::move(mi));
  }
  in.pdsas = PdsaInputs(d);
  return in;
}

// --- JSON ----------------------------------------------------------------------------------

Json ScoreLevelJson(int tenths) {
  const auto& level = imp::ProgressLevelFor(tenths);
  return {{"score", tenths / 10.0}, {"label", std::string(level.label)}, {"meaning", std::string(level.meaning)}};
}

Json ProjectJson(const store::QiProject& p) {
  return {{"id", p.id},
          {"title", p.title},
          {"aim", p.aim},
          {"description", p.description},
          {"organisations", p.organisations},
          {"place", p.place},
          {"status", p.status},
          {"lead", p.lead},
          {"sponsor", p.sponsor},
          {"start_date", p.start_date.empty() ? Json(nullptr) : Json(p.start_date)},
          {"end_date", p.end_date.empty() ? Json(nullptr) : Json(p.end_date)},
          {"created_by", p.created_by},
          {"created_at", p.created_at},
          {"updated_by", p.updated_by},
          {"updated_at", p.updated_at},
          {"row_version", p.row_version}};
}

Json MemberJson(const store::QiTeamMember& m) {
  return {{"id", m.id},
          {"name", m.name},
          {"organisation", m.organisation},
          {"project_role", m.project_role},
          {"username", m.username.empty() ? Json(nullptr) : Json(m.username)},
          {"permission", m.permission}};
}

Json PdsaJson(const store::QiPdsa& p) {
  return {{"id", p.id},
          {"title", p.title},
          {"plan", p.plan},
          {"prediction", p.prediction},
          {"do", p.do_text},
          {"study", p.study},
          {"act", p.act},
          {"start_date", p.start_date.empty() ? Json(nullptr) : Json(p.start_date)},
          {"end_date", p.end_date.empty() ? Json(nullptr) : Json(p.end_date)},
          {"measure_ids", p.measure_ids},
          {"status", p.status},
          {"updated_by", p.updated_by},
          {"updated_at", p.updated_at},
          {"row_version", p.row_version}};
}

Json ScoreJson(const store::QiScore& s) {
  Json j = ScoreLevelJson(s.score_tenths);
  j["id"] = s.id;
  j["date"] = s.date;
  j["note"] = s.note;
  j["recorded_by"] = s.recorded_by;
  j["recorded_at"] = s.recorded_at;
  return j;
}

// A measure's chart in the shape of the API's other SPC charts (the web app's spc-chart
// draws both): points with mean and limits, the icons, the rules' provenance.
Json ChartJson(const imp::MeasureChart& c, const store::QiMeasure& m) {
  Json points = Json::array();
  for (const auto& p : c.points) {
    std::string signals;
    for (const auto& s : p.signals) signals += (signals.empty() ? "" : "; ") + s;
    points.push_back({{"date", p.date.ToIso()},
                      {"value", Num(p.value)},
                      {"rebase_group", 1},
                      {"mean", Num(p.centre)},
                      {"lpl", Num(p.lower)},
                      {"upl", Num(p.upper)},
                      {"nlpl", nullptr},
                      {"nupl", nullptr},
                      {"outside_limits", nullptr},
                      {"relative_to_mean", nullptr},
                      {"close_to_limits", nullptr},
                      {"special_cause_type", signals.empty() ? "Common Cause" : signals},
                      {"special_cause_flag", !p.signals.empty()},
                      {"point_type", std::string(imp::PointTypeName(p.point_type))},
                      {"short_group_warning", false}});
  }
  Json groups = Json::array();
  if (!c.points.empty()) {
    const auto& last = c.points.back();
    groups.push_back({{"rebase_group", 1},
                      {"first_index", 0},
                      {"n", c.points.size()},
                      {"mean", Num(last.centre)},
                      {"lpl", Num(last.lower)},
                      {"upl", Num(last.upper)}});
  }
  Json rules = Json::array();
  for (const auto& r : c.rules)
    rules.push_back({{"id", r.id},
                     {"definition", r.definition},
                     {"enabled", r.enabled},
                     {"status", std::string(imp::RuleStatusName(r.status))},
                     {"source", r.source}});
  return {{"preset", std::string(imp::PresetName(c.preset))},
          {"chart", c.chart},
          {"improvement_direction", m.direction},
          {"target", m.target ? Json(*m.target) : Json(nullptr)},
          {"points", points},
          {"groups", groups},
          {"variation_icon", c.variation_icon ? Json(std::string(imp::VariationIconName(*c.variation_icon))) : Json(nullptr)},
          {"assurance_type", c.assurance ? Json(std::string(imp::AssuranceTypeName(*c.assurance))) : Json(nullptr)},
          {"rules", rules},
          {"warnings", c.warnings}};
}

Json MeasureJson(const store::QiMeasure& m, const store::QiProjectDetail& d,
                 const std::vector<imp::QiPdsaInput>& pdsas) {
  Json points = Json::array();
  std::vector<imp::MdcPoint> series;
  for (const auto& p : d.points) {
    if (p.measure_id != m.id) continue;
    points.push_back({{"date", p.date}, {"value", Num(p.value)}, {"note", p.note}});
    if (auto date = DateOf(p.date)) series.push_back({*date, p.value});
  }
  Json chart = nullptr, chart_note = nullptr;
  std::string error;
  imp::MeasureChartOptions options = ChartOptions(m, &error);
  if (!error.empty()) {
    chart_note = "the chart settings are refused: " + error;
  } else if (series.size() < 2) {
    chart_note = series.empty() ? "no data yet: import the measure's series to draw its chart"
                                : "one point so far: a chart needs at least two";
  } else if (auto c = imp::ChartMeasure(series, options); c.ok()) {
    chart = ChartJson(*c, m);
  } else {
    chart_note = c.status().message();
  }
  Json annotations = Json::array();
  for (const auto& a : imp::PdsaAnnotations(m.id, pdsas))
    annotations.push_back({{"date", a.date.ToIso()}, {"label", a.label}, {"pdsa_id", a.pdsa_id}});
  return {{"id", m.id},
          {"name", m.name},
          {"type", m.type},
          {"definition", m.definition},
          {"unit", m.unit},
          {"direction", m.direction},
          {"target", m.target ? Json(*m.target) : Json(nullptr)},
          {"preset", m.preset},
          {"chart", m.chart},
          {"row_version", m.row_version},
          {"points", points},
          {"spc", chart},
          {"spc_note", chart_note},
          {"annotations", annotations}};
}

Json SummaryJson(const imp::QiProjectSummary& s) {
  Json measures = Json::array();
  for (const auto& m : s.measures)
    measures.push_back({{"id", m.id},
                        {"name", m.name},
                        {"type", m.type},
                        {"points", m.points},
                        {"latest_date", m.latest_date ? Json(m.latest_date->ToIso()) : Json(nullptr)},
                        {"latest_value", m.latest_value ? Num(*m.latest_value) : Json(nullptr)},
                        {"signal", m.signal},
                        {"variation_icon", m.variation_icon ? Json(std::string(imp::VariationIconName(*m.variation_icon)))
                                                            : Json(nullptr)},
                        {"assurance_type", m.assurance ? Json(std::string(imp::AssuranceTypeName(*m.assurance)))
                                                       : Json(nullptr)},
                        {"note", m.note}});
  return {{"id", s.id},
          {"title", s.title},
          {"status", s.status},
          {"organisations", s.organisations},
          {"score", s.score_tenths ? ScoreLevelJson(*s.score_tenths) : Json(nullptr)},
          {"score_date", s.score_date ? Json(s.score_date->ToIso()) : Json(nullptr)},
          {"previous_score", s.previous_score_tenths ? Json(*s.previous_score_tenths / 10.0) : Json(nullptr)},
          {"score_trend", s.score_trend},
          {"measures", measures},
          {"pdsas", {{"total", s.pdsas_total}, {"in_progress", s.pdsas_in_progress}, {"completed", s.pdsas_completed}}},
          {"measures_improving", s.measures_improving},
          {"measures_concerning", s.measures_concerning}};
}

Json DetailJson(const store::QiProjectDetail& d, const Principal& who) {
  const auto pdsas = PdsaInputs(d);
  Json j = ProjectJson(d.project);
  Json team = Json::array(), measures = Json::array(), cycles = Json::array(), scores = Json::array();
  for (const auto& m : d.team) team.push_back(MemberJson(m));
  for (const auto& m : d.measures) measures.push_back(MeasureJson(m, d, pdsas));
  for (const auto& p : d.pdsas) cycles.push_back(PdsaJson(p));
  for (const auto& s : d.scores) scores.push_back(ScoreJson(s));
  j["team"] = team;
  j["measures"] = measures;
  j["pdsas"] = cycles;
  j["scores"] = scores;
  j["summary"] = SummaryJson(imp::SummariseProject(EngineInput(d)));
  const int rank = RankFor(who, d);
  j["you"] = {{"can_edit", rank >= 1}, {"can_manage_team", rank >= 2}};
  return j;
}

// --- Reading bodies ------------------------------------------------------------------------

Status Field(const std::string& field, const std::string& message) {
  return InvalidArgument(message, "body: " + field);
}

Result<std::optional<double>> OptionalNumber(const JsonBody& body, const std::string& field) {
  if (!body.Has(field) || body.json()[field].is_null()) return std::optional<double>();
  const Json& v = body.json()[field];
  if (!v.is_number()) return Field(field, field + " must be a number");
  double d = v.get<double>();
  if (!std::isfinite(d)) return Field(field, field + " must be a finite number");
  return std::optional<double>(d);
}

Status ReadString(const JsonBody& body, const char* field, std::string& out) {
  auto v = body.OptionalString(field);
  if (!v.ok()) return v.status();
  if (*v) out = **v;
  return Status::Ok();
}

Result<store::QiProject> ReadCharter(const JsonBody& body, store::QiProject p, bool create) {
  ICS_RETURN_IF_ERROR(body.OnlyFields({"title", "aim", "description", "organisations", "place", "status", "lead", "sponsor",
                                       "start_date", "end_date", "row_version"}));
  if (create) {
    auto title = body.String("title");
    if (!title.ok()) return title.status();
    p.title = *title;
  } else {
    ICS_RETURN_IF_ERROR(ReadString(body, "title", p.title));
    auto rv = body.Int("row_version");
    if (!rv.ok()) return rv.status();
    p.row_version = *rv;
  }
  for (const char* f : {"aim", "description", "place", "status", "lead", "sponsor", "start_date", "end_date"}) {
    std::string* target = std::string_view(f) == "aim"           ? &p.aim
                          : std::string_view(f) == "description" ? &p.description
                          : std::string_view(f) == "place"       ? &p.place
                          : std::string_view(f) == "status"      ? &p.status
                          : std::string_view(f) == "lead"        ? &p.lead
                          : std::string_view(f) == "sponsor"     ? &p.sponsor
                          : std::string_view(f) == "start_date"  ? &p.start_date
                                                                 : &p.end_date;
    ICS_RETURN_IF_ERROR(ReadString(body, f, *target));
  }
  auto orgs = body.OptionalStrings("organisations");
  if (!orgs.ok()) return orgs.status();
  if (*orgs) p.organisations = **orgs;
  return p;
}

Result<store::QiMeasure> ReadMeasure(const JsonBody& body, store::QiMeasure m, bool create) {
  ICS_RETURN_IF_ERROR(body.OnlyFields(
      {"name", "type", "definition", "unit", "direction", "target", "preset", "chart", "row_version"}));
  if (create) {
    auto name = body.String("name");
    if (!name.ok()) return name.status();
    m.name = *name;
  } else {
    ICS_RETURN_IF_ERROR(ReadString(body, "name", m.name));
    auto rv = body.Int("row_version");
    if (!rv.ok()) return rv.status();
    m.row_version = *rv;
  }
  ICS_RETURN_IF_ERROR(ReadString(body, "type", m.type));
  ICS_RETURN_IF_ERROR(ReadString(body, "definition", m.definition));
  ICS_RETURN_IF_ERROR(ReadString(body, "unit", m.unit));
  ICS_RETURN_IF_ERROR(ReadString(body, "direction", m.direction));
  ICS_RETURN_IF_ERROR(ReadString(body, "preset", m.preset));
  ICS_RETURN_IF_ERROR(ReadString(body, "chart", m.chart));
  if (body.Has("target")) {
    auto t = OptionalNumber(body, "target");
    if (!t.ok()) return t.status();
    m.target = *t;
  }
  // Refuse now what the chart would refuse later (a chart of another preset, a target
  // outside mdc), naming the field.
  auto settings = imp::MeasureChartSettings(m.preset, m.chart, m.direction, m.target);
  if (!settings.ok()) return Field(settings.status().where(), settings.status().message());
  return m;
}

Result<store::QiPdsa> ReadPdsa(const JsonBody& body, store::QiPdsa p, bool create) {
  ICS_RETURN_IF_ERROR(body.OnlyFields({"title", "plan", "prediction", "do", "study", "act", "start_date", "end_date",
                                       "measure_ids", "status", "row_version"}));
  if (create) {
    auto title = body.String("title");
    if (!title.ok()) return title.status();
    p.title = *title;
  } else {
    ICS_RETURN_IF_ERROR(ReadString(body, "title", p.title));
    auto rv = body.Int("row_version");
    if (!rv.ok()) return rv.status();
    p.row_version = *rv;
  }
  ICS_RETURN_IF_ERROR(ReadString(body, "plan", p.plan));
  ICS_RETURN_IF_ERROR(ReadString(body, "prediction", p.prediction));
  ICS_RETURN_IF_ERROR(ReadString(body, "do", p.do_text));
  ICS_RETURN_IF_ERROR(ReadString(body, "study", p.study));
  ICS_RETURN_IF_ERROR(ReadString(body, "act", p.act));
  ICS_RETURN_IF_ERROR(ReadString(body, "start_date", p.start_date));
  ICS_RETURN_IF_ERROR(ReadString(body, "end_date", p.end_date));
  ICS_RETURN_IF_ERROR(ReadString(body, "status", p.status));
  if (body.Has("measure_ids")) {
    const Json& ids = body.json()["measure_ids"];
    if (!ids.is_array()) return Field("measure_ids", "measure_ids must be an array of measure ids");
    p.measure_ids.clear();
    for (const auto& v : ids) {
      if (!v.is_number_integer()) return Field("measure_ids", "measure_ids must be an array of measure ids");
      p.measure_ids.push_back(v.get<int64_t>());
    }
  }
  return p;
}

// Maps the store's field names onto the body's for messages.
Response StoreError(const Status& s) {
  if (s.code() == StatusCode::kInvalidArgument && !s.where().empty() && s.where().rfind("body", 0) != 0 &&
      s.where() != "actor")
    return ErrorFor(s, "body: " + s.where());
  return ErrorFor(s);
}

// Every located error of a CSV import at once, with the first as the error shape.
Response CsvErrors(const std::vector<imp::MeasureCsvError>& errors) {
  Json list = Json::array();
  for (const auto& e : errors) list.push_back({{"where", e.where}, {"message", e.message}});
  Json j = {{"error",
             {{"code", "invalid_argument"},
              {"message", std::to_string(errors.size()) + (errors.size() == 1 ? " problem" : " problems") +
                              " in the file, nothing was imported; the first: " + errors.front().message},
              {"where", errors.front().where}}},
            {"errors", list}};
  return Response::Json(j.dump() + "\n", 400);
}

class Qi {
 public:
  explicit Qi(QiOptions o) : options_(std::move(o)) {}
  store::Store* store() const { return options_.store.get(); }

 private:
  QiOptions options_;
};

// Loads the project named in the path and checks what the caller may do with it.
Result<store::QiProjectDetail> LoadFor(const Qi& qi, const Request& r, Need need) {
  if (!qi.store()) return NoStore();
  ICS_ASSIGN_OR_RETURN(int64_t id, IdParam(r, "id"));
  auto d = qi.store()->qi_projects().GetProject(id);
  if (!d.ok()) return d.status();
  if (need != Need::kView && RankFor(r.principal, *d) < static_cast<int>(need)) return Forbidden(need);
  return d;
}

}  // namespace

void AddQiRoutes(Router& router, QiOptions options) {
  auto qi = std::make_shared<Qi>(std::move(options));
  const std::string p = kPrefix;
  const Access readers = Access::Roles(kReaders);
  const Access leads = Access::Roles({Role::kQiLead});

  router.Get(p + "/progress-scale", Access::Public(), [](const Request&) {
    Json levels = Json::array();
    for (const auto& l : imp::ProgressScale()) levels.push_back(ScoreLevelJson(l.tenths));
    return JsonResponse({{"scale", "IHI progress score (as used by Life QI)"}, {"levels", levels}});
  }, "The IHI progress scale: 0.5 to 5.0 in half steps with what each level means");

  router.Get(p + "/dashboard", readers, [qi](const Request&) {
    if (!qi->store()) return ErrorFor(NoStore());
    auto list = qi->store()->qi_projects().ListProjects();
    if (!list.ok()) return ErrorFor(list.status());
    std::vector<imp::QiProjectInput> inputs;
    for (const auto& proj : *list) {
      auto d = qi->store()->qi_projects().GetProject(proj.id);
      if (!d.ok()) return ErrorFor(d.status());
      inputs.push_back(EngineInput(*d));
    }
    imp::QiDashboard dash = imp::SummariseProjects(inputs);
    Json projects = Json::array(), levels = Json::array();
    for (const auto& s : dash.projects) projects.push_back(SummaryJson(s));
    int i = 0;
    for (const auto& l : imp::ProgressScale()) {
      Json level = ScoreLevelJson(l.tenths);
      level["projects"] = dash.projects_per_level[i++];
      levels.push_back(level);
    }
    return JsonResponse({{"projects", projects},
                         {"levels", levels},
                         {"unscored", dash.unscored},
                         {"pdsas_in_progress", dash.pdsas_in_progress},
                         {"measures_improving", dash.measures_improving},
                         {"measures_concerning", dash.measures_concerning}});
  }, "Every QI project by progress score: score and trend, each measure's SPC signal, PDSA cycles in progress");

  router.Get(p + "/projects", readers, [qi](const Request& r) {
    auto page = ParsePage(r, 100, 1000);
    if (!page.ok()) return ErrorFor(page.status());
    int64_t after = 0;
    if (!page->after.empty()) {
      Request cursor;
      cursor.params["after"] = page->after;
      auto id = IdParam(cursor, "after");
      if (!id.ok()) return ErrorFor(InvalidArgument("after is the id of the last project of the previous page", "after"));
      after = *id;
    }
    if (!qi->store()) return ErrorFor(NoStore());
    auto list = qi->store()->qi_projects().ListProjects();
    if (!list.ok()) return ErrorFor(list.status());
    Json items = Json::array();
    Json next = nullptr;
    for (const auto& proj : *list) {
      if (proj.id <= after) continue;
      if (static_cast<int>(items.size()) == page->limit) {
        next = std::to_string(items.back()["id"].get<int64_t>());
        break;
      }
      items.push_back(ProjectJson(proj));
    }
    return JsonResponse({{"projects", items}, {"next", next}, {"can_create", r.principal.roles.Has(Role::kQiLead)}});
  }, "QI projects (charters), by id a page at a time (?limit=&after=)");

  router.Post(p + "/projects", leads, [qi](const Request& r) {
    Result<JsonBody> body = JsonBody::Parse(r);
    if (!body.ok()) return ErrorForBody(body.status());
    auto charter = ReadCharter(*body, {}, true);
    if (!charter.ok()) return ErrorFor(charter.status());
    if (!qi->store()) return ErrorFor(NoStore());
    auto created = qi->store()->qi_projects().CreateProject(*charter, r.principal.actor());
    if (!created.ok()) return StoreError(created.status());
    auto d = qi->store()->qi_projects().GetProject(created->id);
    if (!d.ok()) return ErrorFor(d.status());
    return JsonResponse(DetailJson(*d, r.principal), 201);
  }, "Start a QI project (qi_lead)");

  router.Get(p + "/projects/{id}", readers, [qi](const Request& r) {
    auto d = LoadFor(*qi, r, Need::kView);
    if (!d.ok()) return ErrorFor(d.status());
    return JsonResponse(DetailJson(*d, r.principal));
  }, "A QI project: charter, team, measures with their SPC charts and PDSA annotations, PDSA cycles, scores");

  router.Add("PUT", p + "/projects/{id}", readers, [qi](const Request& r) {
    Result<JsonBody> body = JsonBody::Parse(r);
    if (!body.ok()) return ErrorForBody(body.status());
    auto d = LoadFor(*qi, r, Need::kEdit);
    if (!d.ok()) return ErrorFor(d.status());
    auto charter = ReadCharter(*body, d->project, false);
    if (!charter.ok()) return ErrorFor(charter.status());
    auto updated = qi->store()->qi_projects().UpdateProject(*charter, r.principal.actor());
    if (!updated.ok()) return StoreError(updated.status());
    return JsonResponse(ProjectJson(*updated));
  }, "Change a project's charter (qi_lead or a team member with edit permission); row_version required");

  router.Post(p + "/projects/{id}/team", readers, [qi](const Request& r) {
    Result<JsonBody> body = JsonBody::Parse(r);
    if (!body.ok()) return ErrorForBody(body.status());
    if (Status s = body->OnlyFields({"name", "organisation", "project_role", "username", "permission"}); !s.ok())
      return ErrorFor(s);
    auto d = LoadFor(*qi, r, Need::kAdmin);
    if (!d.ok()) return ErrorFor(d.status());
    store::QiTeamMember m;
    m.project_id = d->project.id;
    auto name = body->String("name");
    if (!name.ok()) return ErrorFor(name.status());
    m.name = *name;
    for (auto [field, target] : {std::pair{"organisation", &m.organisation}, {"project_role", &m.project_role},
                                 {"username", &m.username}, {"permission", &m.permission}})
      if (Status s = ReadString(*body, field, *target); !s.ok()) return ErrorFor(s);
    auto added = qi->store()->qi_projects().AddTeamMember(m, r.principal.actor());
    if (!added.ok()) return StoreError(added.status());
    return JsonResponse(MemberJson(*added), 201);
  }, "Add a team member, from any organisation, with a project permission (qi_lead or a team admin)");

  router.Add("DELETE", p + "/projects/{id}/team/{member}", readers, [qi](const Request& r) {
    auto d = LoadFor(*qi, r, Need::kAdmin);
    if (!d.ok()) return ErrorFor(d.status());
    auto member = IdParam(r, "member");
    if (!member.ok()) return ErrorFor(member.status());
    Status s = qi->store()->qi_projects().RemoveTeamMember(d->project.id, *member, r.principal.actor());
    if (!s.ok()) return ErrorFor(s);
    return JsonResponse({{"removed", *member}});
  }, "Remove a team member (qi_lead or a team admin)");

  router.Post(p + "/projects/{id}/measures", readers, [qi](const Request& r) {
    Result<JsonBody> body = JsonBody::Parse(r);
    if (!body.ok()) return ErrorForBody(body.status());
    auto d = LoadFor(*qi, r, Need::kEdit);
    if (!d.ok()) return ErrorFor(d.status());
    store::QiMeasure m;
    m.project_id = d->project.id;
    auto read = ReadMeasure(*body, m, true);
    if (!read.ok()) return ErrorFor(read.status());
    auto saved = qi->store()->qi_projects().SaveMeasure(*read, r.principal.actor());
    if (!saved.ok()) return StoreError(saved.status());
    return JsonResponse(MeasureJson(*saved, *d, PdsaInputs(*d)), 201);
  }, "Add a measure (outcome, process or balancing) with how it is charted");

  router.Add("PUT", p + "/projects/{id}/measures/{measure}", readers, [qi](const Request& r) {
    Result<JsonBody> body = JsonBody::Parse(r);
    if (!body.ok()) return ErrorForBody(body.status());
    auto d = LoadFor(*qi, r, Need::kEdit);
    if (!d.ok()) return ErrorFor(d.status());
    auto mid = IdParam(r, "measure");
    if (!mid.ok()) return ErrorFor(mid.status());
    auto it = std::find_if(d->measures.begin(), d->measures.end(), [&](const auto& m) { return m.id == *mid; });
    if (it == d->measures.end()) return ErrorFor(NotFound("the project has no measure " + std::to_string(*mid), "measure"));
    auto read = ReadMeasure(*body, *it, false);
    if (!read.ok()) return ErrorFor(read.status());
    auto saved = qi->store()->qi_projects().SaveMeasure(*read, r.principal.actor());
    if (!saved.ok()) return StoreError(saved.status());
    auto reread = qi->store()->qi_projects().GetProject(d->project.id);
    if (!reread.ok()) return ErrorFor(reread.status());
    return JsonResponse(MeasureJson(*saved, *reread, PdsaInputs(*reread)));
  }, "Change a measure; row_version required");

  router.Get(p + "/projects/{id}/measures/{measure}/chart", readers, [qi](const Request& r) {
    auto d = LoadFor(*qi, r, Need::kView);
    if (!d.ok()) return ErrorFor(d.status());
    auto mid = IdParam(r, "measure");
    if (!mid.ok()) return ErrorFor(mid.status());
    for (const auto& m : d->measures)
      if (m.id == *mid) return JsonResponse(MeasureJson(m, *d, PdsaInputs(*d)));
    return ErrorFor(NotFound("the project has no measure " + std::to_string(*mid), "measure"));
  }, "One measure with its series, its SPC chart and its PDSA cycles as annotations");

  router.Post(p + "/projects/{id}/data", readers, [qi](const Request& r) {
    const std::string* type = r.Header("content-type");
    const bool csv = type && type->rfind("text/csv", 0) == 0;
    std::vector<store::QiMeasurePoint> points;
    std::optional<JsonBody> json;
    if (!csv) {
      Result<JsonBody> body = JsonBody::Parse(r);
      if (!body.ok()) return ErrorForBody(body.status());
      json.emplace(std::move(*body));
      if (Status s = json->OnlyFields({"points"}); !s.ok()) return ErrorFor(s);
    }
    auto d = LoadFor(*qi, r, Need::kEdit);
    if (!d.ok()) return ErrorFor(d.status());
    std::map<std::string, int64_t> ids;
    for (const auto& m : d->measures) ids[m.name] = m.id;
    if (csv) {
      imp::MeasureCsvOptions o;
      o.file = r.Query("file").value_or("data.csv");
      for (const auto& m : d->measures) o.measures.push_back(m.name);
      o.measure = r.Query("measure").value_or("");
      if (!o.measure.empty() && !ids.contains(o.measure))
        return ErrorFor(NotFound("the project has no measure '" + o.measure + "'", "measure"));
      imp::MeasureCsv parsed = imp::ParseMeasureCsv(r.body, o);
      if (!parsed.ok()) return CsvErrors(parsed.errors);
      for (const auto& pt : parsed.points) points.push_back({ids[pt.measure], pt.date.ToIso(), pt.value, pt.note});
    } else {
      const Json& list = json->json()["points"];
      if (!list.is_array() || list.empty())
        return ErrorFor(InvalidArgument("points must be a non-empty array of {measure, date, value, note}", "body: points"));
      for (size_t i = 0; i < list.size(); ++i) {
        const Json& pt = list[i];
        const std::string at = "body: points[" + std::to_string(i) + "]";
        if (!pt.is_object()) return ErrorFor(InvalidArgument("each point is {measure, date, value, note}", at));
        for (const auto& [k, v] : pt.items())
          if (k != "measure" && k != "measure_id" && k != "date" && k != "value" && k != "note")
            return ErrorFor(InvalidArgument("unknown field '" + k + "'", at + "." + k));
        store::QiMeasurePoint out;
        if (pt.contains("measure_id") && pt["measure_id"].is_number_integer()) {
          out.measure_id = pt["measure_id"].get<int64_t>();
        } else if (pt.contains("measure") && pt["measure"].is_string() && ids.contains(pt["measure"].get<std::string>())) {
          out.measure_id = ids[pt["measure"].get<std::string>()];
        } else {
          return ErrorFor(InvalidArgument("name a measure of this project (measure or measure_id)", at + ".measure"));
        }
        if (!pt.contains("date") || !pt["date"].is_string())
          return ErrorFor(InvalidArgument("date must be text YYYY-MM-DD", at + ".date"));
        std::string why;
        auto date = imp::ParseMeasureDate(pt["date"].get<std::string>(), &why);
        if (!date) return ErrorFor(InvalidArgument(why, at + ".date"));
        out.date = date->ToIso();
        if (!pt.contains("value") || !pt["value"].is_number())
          return ErrorFor(InvalidArgument("value must be a number", at + ".value"));
        out.value = pt["value"].get<double>();
        if (pt.contains("note")) {
          if (!pt["note"].is_string()) return ErrorFor(InvalidArgument("note must be text", at + ".note"));
          out.note = pt["note"].get<std::string>();
        }
        for (const auto& prev : points)
          if (prev.measure_id == out.measure_id && prev.date == out.date)
            return ErrorFor(InvalidArgument(out.date + " is given twice for one measure: keep one value per date", at + ".date"));
        points.push_back(std::move(out));
      }
    }
    auto put = qi->store()->qi_projects().PutPoints(d->project.id, points, r.principal.actor());
    if (!put.ok()) return StoreError(put.status());
    return JsonResponse({{"added", put->added}, {"replaced", put->replaced}, {"points", points.size()}});
  }, "Add measure data: text/csv (date,value[,note] with ?measure=NAME, or date,MEASURE,...; every error "
     "located, nothing stored when any) or JSON {points: [{measure, date, value, note}]}; a date given again replaces its value");

  router.Post(p + "/projects/{id}/pdsa", readers, [qi](const Request& r) {
    Result<JsonBody> body = JsonBody::Parse(r);
    if (!body.ok()) return ErrorForBody(body.status());
    auto d = LoadFor(*qi, r, Need::kEdit);
    if (!d.ok()) return ErrorFor(d.status());
    store::QiPdsa c;
    c.project_id = d->project.id;
    auto read = ReadPdsa(*body, c, true);
    if (!read.ok()) return ErrorFor(read.status());
    auto saved = qi->store()->qi_projects().SavePdsa(*read, r.principal.actor());
    if (!saved.ok()) return StoreError(saved.status());
    return JsonResponse(PdsaJson(*saved), 201);
  }, "Add a PDSA cycle (plan, prediction, do, study, act, dates, linked measures)");

  router.Add("PUT", p + "/projects/{id}/pdsa/{pdsa}", readers, [qi](const Request& r) {
    Result<JsonBody> body = JsonBody::Parse(r);
    if (!body.ok()) return ErrorForBody(body.status());
    auto d = LoadFor(*qi, r, Need::kEdit);
    if (!d.ok()) return ErrorFor(d.status());
    auto pid = IdParam(r, "pdsa");
    if (!pid.ok()) return ErrorFor(pid.status());
    auto it = std::find_if(d->pdsas.begin(), d->pdsas.end(), [&](const auto& c) { return c.id == *pid; });
    if (it == d->pdsas.end()) return ErrorFor(NotFound("the project has no PDSA cycle " + std::to_string(*pid), "pdsa"));
    auto read = ReadPdsa(*body, *it, false);
    if (!read.ok()) return ErrorFor(read.status());
    auto saved = qi->store()->qi_projects().SavePdsa(*read, r.principal.actor());
    if (!saved.ok()) return StoreError(saved.status());
    return JsonResponse(PdsaJson(*saved));
  }, "Change a PDSA cycle (study what happened, act: adopt, adapt or abandon); row_version required");

  router.Post(p + "/projects/{id}/scores", readers, [qi](const Request& r) {
    Result<JsonBody> body = JsonBody::Parse(r);
    if (!body.ok()) return ErrorForBody(body.status());
    if (Status s = body->OnlyFields({"score", "date", "note"}); !s.ok()) return ErrorFor(s);
    auto d = LoadFor(*qi, r, Need::kEdit);
    if (!d.ok()) return ErrorFor(d.status());
    auto score = OptionalNumber(*body, "score");
    if (!score.ok()) return ErrorFor(score.status());
    if (!*score) return ErrorFor(Field("score", "give the score, 0.5 to 5.0 in steps of 0.5"));
    auto tenths = imp::ProgressScoreTenths(**score, "body: score");
    if (!tenths.ok()) return ErrorFor(tenths.status());
    store::QiScore s;
    s.project_id = d->project.id;
    s.score_tenths = *tenths;
    auto date = body->String("date");
    if (!date.ok()) return ErrorFor(date.status());
    s.date = *date;
    if (Status st = ReadString(*body, "note", s.note); !st.ok()) return ErrorFor(st);
    auto added = qi->store()->qi_projects().AddScore(s, r.principal.actor());
    if (!added.ok()) return StoreError(added.status());
    return JsonResponse(ScoreJson(*added), 201);
  }, "Record the team's progress score (IHI scale 0.5-5.0) for a date; the history is kept");
}

}  // namespace ics::api

// --- The demo's projects -------------------------------------------------------------------

namespace ics::api {
namespace {

struct DemoMeasure {
  const char* name;
  const char* type;
  const char* definition;
  const char* unit;
  const char* direction;
  std::optional<double> target;
  const char* preset;
  double before, after, noise;  // the level before and after the change, and the spread
  int change_month;             // the month (from the first) the change takes effect
};

struct DemoPdsa {
  const char* title;
  const char* plan;
  const char* prediction;
  const char* do_text;
  const char* study;
  const char* act;
  int start_month, end_month;  // from the first month; end -1 = open
  const char* status;
  std::vector<int> measures;  // indices into the project's measures
};

struct DemoProject {
  store::QiProject charter;
  std::vector<store::QiTeamMember> team;
  std::vector<DemoMeasure> measures;
  std::vector<DemoPdsa> pdsas;
  std::vector<std::pair<int, int>> scores;  // (month, tenths)
  int months;
};

std::string MonthIso(Date first, int month) { return first.AddMonths(month).ToIso(); }

std::vector<DemoProject> DemoProjects() {
  std::vector<DemoProject> out;
  {
    DemoProject p;
    p.charter.title = "Fewer inpatient falls on the frailty wards";
    p.charter.aim = "Reduce inpatient falls on the frailty wards from about 7 to under 5 per 1,000 bed days by March 2025";
    p.charter.description =
        "Daily falls safety huddles, lying and standing blood pressure on admission and a shared falls care plan "
        "between the acute frailty wards and community hospitals.";
    p.charter.organisations = {"RTG", "RY8"};
    p.charter.place = "derby-city";
    p.charter.status = "sustaining";
    p.charter.lead = "Sam Okafor, Matron for Frailty";
    p.charter.sponsor = "Chief Nurse, UHDB";
    p.charter.start_date = "2022-04-01";
    p.team = {{0, 0, "Sam Okafor", "RTG", "Project lead", "demo-qi_lead", "admin"},
              {0, 0, "Dr Priya Shah", "RTG", "Clinical lead (geriatrics)", "demo-clinician", "edit"},
              {0, 0, "Jo Bennett", "RY8", "Community hospital ward manager", "", "edit"},
              {0, 0, "Alex Morgan", "QJ2", "QI coach", "", "view"}};
    p.measures = {
        {"Falls per 1,000 bed days", "outcome", "Inpatient falls / occupied bed days x 1,000 (Datix and PAS)",
         "per 1,000 bed days", "decrease", 5.0, "mdc", 7.1, 4.6, 0.45, 18},
        {"Lying and standing BP recorded (%)", "process",
         "Admissions aged 65+ with lying and standing BP within 24 hours / admissions aged 65+ (audit of 20 notes)", "%",
         "increase", std::nullopt, "mdc", 38, 81, 5, 16},
        {"Average length of stay (days)", "balancing", "Mean length of stay of discharges from the frailty wards", "days",
         "neutral", std::nullopt, "mdc", 9.2, 9.1, 0.5, 18}};
    p.pdsas = {{"PDSA 1: safety huddle on ward 301", "A 10-minute huddle at 08:30 naming each patient at high risk of falling",
                "Falls on ward 301 fall within a month", "Ran for 4 weeks; 26 of 28 huddles held",
                "Falls on 301 fell from 9 to 5 in the month; staff found the huddle useful", "Adopt; spread to all frailty wards",
                15, 16, "completed", {0}},
               {"PDSA 2: lying and standing BP prompt in the admission bundle",
                "Add the lying and standing BP to the electronic admission bundle", "Recording rises above 70%",
                "Prompt live on 3 wards", "Recording rose from 40% to 78%", "Adopt", 16, 18, "completed", {1, 0}},
               {"PDSA 3: shared falls care plan with community hospitals",
                "Send the falls care plan with every transfer to a DCHS community hospital",
                "No rise in falls in the first week after transfer", "Running since spring", "", "", 28, -1, "in_progress",
                {0, 2}}};
    p.scores = {{0, 10}, {3, 15}, {9, 20}, {15, 25}, {19, 30}, {24, 35}, {30, 40}};
    p.months = 34;
    out.push_back(std::move(p));
  }
  {
    DemoProject p;
    p.charter.title = "Discharge before midday";
    p.charter.aim = "Discharge a third of patients before 12:00 on the medical wards by December 2024";
    p.charter.description = "Criteria-led discharge, a discharge lounge and a board round before 09:30.";
    p.charter.organisations = {"RFS"};
    p.charter.place = "north";
    p.charter.status = "active";
    p.charter.lead = "Kim Walker, Deputy Director of Operations";
    p.charter.sponsor = "Chief Operating Officer, CRH";
    p.charter.start_date = "2022-10-01";
    p.team = {{0, 0, "Kim Walker", "RFS", "Project lead", "", "admin"},
              {0, 0, "Chris Hall", "RFS", "Discharge coordinator", "", "edit"},
              {0, 0, "Lee Parker", "E10000007", "Social care lead", "", "view"}};
    p.measures = {{"Discharges before 12:00 (%)", "outcome", "Discharges before noon / all discharges, medical wards",
                   "%", "increase", std::nullopt, "life-qi", 14, 27, 2.2, 14},
                  {"Patients with an expected discharge date (%)", "process",
                   "Inpatients with an expected date of discharge recorded within 24 hours", "%", "increase", std::nullopt,
                   "life-qi", 52, 80, 4, 12},
                  {"Readmissions within 30 days (%)", "balancing", "Emergency readmissions within 30 days of discharge",
                   "%", "decrease", std::nullopt, "life-qi", 11.5, 11.3, 0.7, 14}};
    p.pdsas = {{"PDSA 1: board round before 09:30", "Consultant-led board round on two wards",
                "More discharges before noon on those wards", "Ran for six weeks", "Morning discharges up on both wards",
                "Adapt: add therapy at the board round", 12, 13, "completed", {0, 1}},
               {"PDSA 2: criteria-led discharge", "Nurses discharge patients who meet agreed criteria",
                "Discharges before noon reach 25%", "Live on four wards", "", "", 14, -1, "in_progress", {0, 2}}};
    p.scores = {{0, 10}, {6, 20}, {13, 25}, {18, 30}, {26, 35}};
    p.months = 30;
    out.push_back(std::move(p));
  }
  {
    DemoProject p;
    p.charter.title = "Faster access to talking therapies";
    p.charter.aim = "Halve the median wait from referral to first talking therapies appointment by March 2025";
    p.charter.description = "Single point of access triage and group sessions while waiting.";
    p.charter.organisations = {"RXM", "C81001"};
    p.charter.place = "";
    p.charter.status = "active";
    p.charter.lead = "Dr Ruth Adeyemi, Consultant Clinical Psychologist";
    p.charter.sponsor = "Director of Nursing, DHCFT";
    p.charter.start_date = "2023-01-01";
    p.team = {{0, 0, "Dr Ruth Adeyemi", "RXM", "Project lead", "", "admin"},
              {0, 0, "Dr Tom Reid", "C81001", "GP partner", "", "view"}};
    p.measures = {{"Median wait to first appointment (days)", "outcome", "Median days from referral to first treatment",
                   "days", "decrease", std::nullopt, "mdc", 42, 31, 3, 22},
                  {"Referrals triaged within 5 days (%)", "process", "Referrals triaged within 5 working days", "%",
                   "increase", std::nullopt, "mdc", 61, 84, 4, 20}};
    p.pdsas = {{"PDSA 1: single point of access triage", "One triage team for all referrals",
                "Triage within 5 days above 80%", "Running", "", "", 20, -1, "in_progress", {1, 0}}};
    p.scores = {{0, 10}, {8, 15}, {16, 20}, {24, 25}};
    p.months = 30;
    out.push_back(std::move(p));
  }
  {
    DemoProject p;
    p.charter.title = "Ambulance handovers within 30 minutes";
    p.charter.aim = "Hand over 95% of ambulance patients within 30 minutes at the Royal Derby Hospital";
    p.charter.description = "A joint project of the ambulance service and the emergency department; planning stage.";
    p.charter.organisations = {"RX9", "RTG"};
    p.charter.place = "derby-city";
    p.charter.status = "planning";
    p.charter.lead = "Morgan Lee, Ambulance Liaison Officer";
    p.charter.sponsor = "Director of Operations, EMAS";
    p.charter.start_date = "2024-06-01";
    p.team = {{0, 0, "Morgan Lee", "RX9", "Project lead", "", "admin"},
              {0, 0, "Dr Sam Price", "RTG", "Emergency medicine consultant", "", "edit"}};
    p.measures = {{"Handovers within 30 minutes (%)", "outcome", "Ambulance handovers completed within 30 minutes",
                   "%", "increase", 95.0, "mdc", 71, 71, 4, 99}};
    p.scores = {{0, 5}, {3, 15}};
    p.months = 30;
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

Result<int> SeedQiDemoProjects(store::Store& db) {
  auto& qi = db.qi_projects();
  ICS_ASSIGN_OR_RETURN(std::vector<store::QiProject> existing, qi.ListProjects());
  if (!existing.empty()) return 0;
  const std::string actor = "ics serve --demo";
  uint64_t seed = 20240401;
  auto noise = [&seed]() {  // a fixed sequence in [-1, 1]
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>((seed >> 33) % 2001) / 1000.0 - 1.0;
  };
  int added = 0;
  for (DemoProject& p : DemoProjects()) {
    ICS_ASSIGN_OR_RETURN(store::QiProject project, qi.CreateProject(p.charter, actor));
    ++added;
    const Date first = *ParseIsoDate(p.charter.start_date);
    for (store::QiTeamMember m : p.team) {
      m.project_id = project.id;
      ICS_RETURN_IF_ERROR(qi.AddTeamMember(m, actor).status());
    }
    std::vector<int64_t> ids;
    std::vector<store::QiMeasurePoint> points;
    for (const DemoMeasure& dm : p.measures) {
      store::QiMeasure m;
      m.project_id = project.id;
      m.name = dm.name;
      m.type = dm.type;
      m.definition = dm.definition;
      m.unit = dm.unit;
      m.direction = dm.direction;
      m.target = dm.target;
      m.preset = dm.preset;
      ICS_ASSIGN_OR_RETURN(store::QiMeasure saved, qi.SaveMeasure(m, actor));
      ids.push_back(saved.id);
      for (int i = 0; i < p.months; ++i) {
        // The change takes two months to show fully.
        double f = i < dm.change_month ? 0.0 : std::min(1.0, (i - dm.change_month + 1) / 2.0);
        double v = dm.before + (dm.after - dm.before) * f + dm.noise * noise();
        v = std::round(v * 10) / 10;
        points.push_back({saved.id, MonthIso(first, i), v, i == 0 ? "baseline starts" : ""});
      }
    }
    ICS_RETURN_IF_ERROR(qi.PutPoints(project.id, points, actor).status());
    for (const DemoPdsa& dp : p.pdsas) {
      store::QiPdsa c;
      c.project_id = project.id;
      c.title = dp.title;
      c.plan = dp.plan;
      c.prediction = dp.prediction;
      c.do_text = dp.do_text;
      c.study = dp.study;
      c.act = dp.act;
      c.start_date = MonthIso(first, dp.start_month);
      if (dp.end_month >= 0) c.end_date = first.AddMonths(dp.end_month + 1).AddDays(-1).ToIso();
      c.status = dp.status;
      for (int i : dp.measures) c.measure_ids.push_back(ids[i]);
      ICS_RETURN_IF_ERROR(qi.SavePdsa(c, actor).status());
    }
    for (auto [month, tenths] : p.scores) {
      store::QiScore s;
      s.project_id = project.id;
      s.score_tenths = tenths;
      s.date = first.AddMonths(month + 1).AddDays(-1).ToIso();
      s.note = std::string(improvement::ProgressLevelFor(tenths).label);
      ICS_RETURN_IF_ERROR(qi.AddScore(s, actor).status());
    }
  }
  return added;
}

}  // namespace ics::api
