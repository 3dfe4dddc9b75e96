// QiProjectTables: the SQL and the audited writes (see qi_projects.h).
#include "store/qi_projects.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "base/date.h"
#include "store/internal/store_core.h"

namespace ics::store {

namespace {

using internal::AsInt;
using internal::AsText;
using internal::CheckText;
using internal::Param;
using internal::Row;
using internal::Rows;
using internal::Session;
using internal::Sql;
using internal::WriteTx;

#define ICS_QI_PROJECT_COLUMNS                                                                             \
  "id, title, aim, description, organisations, place, status, lead, sponsor, start_date, end_date, " \
  "created_by, created_at, updated_by, updated_at, row_version"
constexpr Sql kProjectInsert{"qi_project_insert",
                             "INSERT INTO qi_projects (title, aim, description, organisations, place, status, lead, "
                             "sponsor, start_date, end_date, created_by, created_at, updated_by, updated_at) "
                             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $11, $12) RETURNING id"};
constexpr Sql kProjectUpdate{"qi_project_update",
                             "UPDATE qi_projects SET title = $1, aim = $2, description = $3, organisations = $4, "
                             "place = $5, status = $6, lead = $7, sponsor = $8, start_date = $9, end_date = $10, "
                             "updated_by = $11, updated_at = $12, row_version = row_version + 1 "
                             "WHERE id = $13 AND row_version = $14"};
constexpr Sql kProjectGet{"qi_project_get", "SELECT " ICS_QI_PROJECT_COLUMNS " FROM qi_projects WHERE id = $1"};
constexpr Sql kProjectList{"qi_project_list", "SELECT " ICS_QI_PROJECT_COLUMNS " FROM qi_projects ORDER BY id"};
#undef ICS_QI_PROJECT_COLUMNS

#define ICS_QI_MEMBER_COLUMNS "id, project_id, name, organisation, project_role, username, permission"
constexpr Sql kMemberInsert{"qi_member_insert",
                            "INSERT INTO qi_team_members (project_id, name, organisation, project_role, username, "
                            "permission) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr Sql kMemberList{"qi_member_list",
                          "SELECT " ICS_QI_MEMBER_COLUMNS " FROM qi_team_members WHERE project_id = $1 ORDER BY id"};
constexpr Sql kMemberDelete{"qi_member_delete", "DELETE FROM qi_team_members WHERE project_id = $1 AND id = $2"};
#undef ICS_QI_MEMBER_COLUMNS

#define ICS_QI_MEASURE_COLUMNS \
  "id, project_id, name, type, definition, unit, direction, target, preset, chart, row_version"
constexpr Sql kMeasureInsert{"qi_measure_insert",
                             "INSERT INTO qi_measures (project_id, name, type, definition, unit, direction, target, "
                             "preset, chart) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"};
constexpr Sql kMeasureUpdate{"qi_measure_update",
                             "UPDATE qi_measures SET name = $1, type = $2, definition = $3, unit = $4, direction = $5, "
                             "target = $6, preset = $7, chart = $8, row_version = row_version + 1 "
                             "WHERE id = $9 AND project_id = $10 AND row_version = $11"};
constexpr Sql kMeasureGet{"qi_measure_get",
                          "SELECT " ICS_QI_MEASURE_COLUMNS " FROM qi_measures WHERE id = $1 AND project_id = $2"};
constexpr Sql kMeasureByName{"qi_measure_by_name",
                             "SELECT id FROM qi_measures WHERE project_id = $1 AND name = $2"};
constexpr Sql kMeasureList{"qi_measure_list",
                           "SELECT " ICS_QI_MEASURE_COLUMNS " FROM qi_measures WHERE project_id = $1 ORDER BY id"};
#undef ICS_QI_MEASURE_COLUMNS

constexpr Sql kPointGet{"qi_point_get", "SELECT 1 FROM qi_measure_points WHERE measure_id = $1 AND date = $2"};
constexpr Sql kPointUpsert{"qi_point_upsert",
                           "INSERT INTO qi_measure_points (measure_id, date, value, note) VALUES ($1, $2, $3, $4) "
                           "ON CONFLICT (measure_id, date) DO UPDATE SET value = excluded.value, note = excluded.note"};
constexpr Sql kPointList{"qi_point_list",
                         "SELECT p.measure_id, p.date, p.value, p.note FROM qi_measure_points p "
                         "JOIN qi_measures m ON m.id = p.measure_id WHERE m.project_id = $1 "
                         "ORDER BY p.measure_id, p.date"};

#define ICS_QI_PDSA_COLUMNS                                                                                     \
  "id, project_id, title, plan, prediction, do_text, study, act, start_date, end_date, measure_ids, status, " \
  "updated_by, updated_at, row_version"
constexpr Sql kPdsaInsert{"qi_pdsa_insert",
                          "INSERT INTO qi_pdsa_cycles (project_id, title, plan, prediction, do_text, study, act, "
                          "start_date, end_date, measure_ids, status, updated_by, updated_at) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id"};
constexpr Sql kPdsaUpdate{"qi_pdsa_update",
                          "UPDATE qi_pdsa_cycles SET title = $1, plan = $2, prediction = $3, do_text = $4, "
                          "study = $5, act = $6, start_date = $7, end_date = $8, measure_ids = $9, status = $10, "
                          "updated_by = $11, updated_at = $12, row_version = row_version + 1 "
                          "WHERE id = $13 AND project_id = $14 AND row_version = $15"};
constexpr Sql kPdsaGet{"qi_pdsa_get",
                       "SELECT " ICS_QI_PDSA_COLUMNS " FROM qi_pdsa_cycles WHERE id = $1 AND project_id = $2"};
constexpr Sql kPdsaList{"qi_pdsa_list", "SELECT " ICS_QI_PDSA_COLUMNS
                                        " FROM qi_pdsa_cycles WHERE project_id = $1 ORDER BY start_date, id"};
#undef ICS_QI_PDSA_COLUMNS

constexpr Sql kScoreInsert{"qi_score_insert",
                           "INSERT INTO qi_progress_scores (project_id, score_tenths, date, note, recorded_by, "
                           "recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr Sql kScoreList{"qi_score_list",
                         "SELECT id, project_id, score_tenths, date, note, recorded_by, recorded_at "
                         "FROM qi_progress_scores WHERE project_id = $1 ORDER BY date, id"};

const std::set<std::string> kStatuses = {"planning", "active", "sustaining", "completed", "stopped"};
const std::set<std::string> kPermissions = {"view", "edit", "admin"};
const std::set<std::string> kMeasureTypes = {"outcome", "process", "balancing"};
const std::set<std::string> kDirections = {"increase", "decrease", "neutral"};
const std::set<std::string> kPresets = {"mdc", "life-qi", "qicharts2"};
const std::set<std::string> kPdsaStatuses = {"planned", "in_progress", "completed", "abandoned"};

std::string Join(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

Status OneOf(const std::string& value, const std::set<std::string>& allowed, const char* field) {
  if (allowed.contains(value)) return Status::Ok();
  return InvalidArgument("'" + value + "' is not one of " + Join(allowed), field);
}

Status CheckDate(const std::string& value, const char* field, bool required) {
  if (value.empty()) return required ? InvalidArgument("a date is needed (YYYY-MM-DD)", field) : Status::Ok();
  std::string why;
  if (!ParseIsoDate(value, &why)) return InvalidArgument("'" + value + "' is not a date YYYY-MM-DD: " + why, field);
  return Status::Ok();
}

Status CheckActor(const std::string& actor) {
  if (actor.empty()) return InvalidArgument("say who is making the change", "actor");
  return CheckText(actor, "actor");
}

std::string Num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string Dump(const nlohmann::json& j) { return internal::DumpJson(j); }

std::vector<std::string> StringList(const std::string& json) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::vector<int64_t> IdList(const std::string& json) {
  std::vector<int64_t> out;
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_number_integer()) out.push_back(v.get<int64_t>());
  return out;
}

QiProject ToProject(const Row& r) {
  QiProject p;
  p.id = AsInt(r[0]);
  p.title = AsText(r[1]);
  p.aim = AsText(r[2]);
  p.description = AsText(r[3]);
  p.organisations = StringList(AsText(r[4]));
  p.place = AsText(r[5]);
  p.status = AsText(r[6]);
  p.lead = AsText(r[7]);
  p.sponsor = AsText(r[8]);
  p.start_date = AsText(r[9]);
  p.end_date = AsText(r[10]);
  p.created_by = AsText(r[11]);
  p.created_at = AsText(r[12]);
  p.updated_by = AsText(r[13]);
  p.updated_at = AsText(r[14]);
  p.row_version = AsInt(r[15]);
  return p;
}

QiTeamMember ToMember(const Row& r) {
  return {AsInt(r[0]), AsInt(r[1]), AsText(r[2]), AsText(r[3]), AsText(r[4]), AsText(r[5]), AsText(r[6])};
}

QiMeasure ToMeasure(const Row& r) {
  QiMeasure m;
  m.id = AsInt(r[0]);
  m.project_id = AsInt(r[1]);
  m.name = AsText(r[2]);
  m.type = AsText(r[3]);
  m.definition = AsText(r[4]);
  m.unit = AsText(r[5]);
  m.direction = AsText(r[6]);
  if (r[7]) m.target = std::strtod(r[7]->c_str(), nullptr);
  m.preset = AsText(r[8]);
  m.chart = AsText(r[9]);
  m.row_version = AsInt(r[10]);
  return m;
}

QiPdsa ToPdsa(const Row& r) {
  QiPdsa p;
  p.id = AsInt(r[0]);
  p.project_id = AsInt(r[1]);
  p.title = AsText(r[2]);
  p.plan = AsText(r[3]);
  p.prediction = AsText(r[4]);
  p.do_text = AsText(r[5]);
  p.study = AsText(r[6]);
  p.act = AsText(r[7]);
  p.start_date = AsText(r[8]);
  p.end_date = AsText(r[9]);
  p.measure_ids = IdList(AsText(r[10]));
  p.status = AsText(r[11]);
  p.updated_by = AsText(r[12]);
  p.updated_at = AsText(r[13]);
  p.row_version = AsInt(r[14]);
  return p;
}

Status CheckProject(const QiProject& p) {
  if (p.title.empty()) return InvalidArgument("a project needs a title", "title");
  for (auto [value, field] : {std::pair{&p.title, "title"}, {&p.aim, "aim"}, {&p.description, "description"},
                              {&p.place, "place"}, {&p.lead, "lead"}, {&p.sponsor, "sponsor"}})
    ICS_RETURN_IF_ERROR(CheckText(*value, field));
  for (const auto& org : p.organisations) {
    if (org.empty()) return InvalidArgument("an organisation's ODS code is empty", "organisations");
    ICS_RETURN_IF_ERROR(CheckText(org, "organisations"));
  }
  ICS_RETURN_IF_ERROR(OneOf(p.status, kStatuses, "status"));
  ICS_RETURN_IF_ERROR(CheckDate(p.start_date, "start_date", false));
  ICS_RETURN_IF_ERROR(CheckDate(p.end_date, "end_date", false));
  if (!p.start_date.empty() && !p.end_date.empty() && p.end_date < p.start_date)
    return InvalidArgument("the end date " + p.end_date + " is before the start date " + p.start_date, "end_date");
  return Status::Ok();
}

// The project's row in a write (kNotFound when there is none).
Result<QiProject> ProjectIn(Session& session, int64_t id) {
  const Param key[] = {id};
  ICS_ASSIGN_OR_RETURN(Rows rows, session.Run(kProjectGet, key));
  if (rows.rows.empty()) return NotFound("there is no QI project " + std::to_string(id), "qi_project/" + std::to_string(id));
  return ToProject(rows.rows[0]);
}

std::string ProjectObject(int64_t id) { return "qi_project/" + std::to_string(id); }

}  // namespace

Result<QiProject> QiProjectTables::CreateProject(const QiProject& p, const std::string& actor) {
  ICS_RETURN_IF_ERROR(CheckActor(actor));
  ICS_RETURN_IF_ERROR(CheckProject(p));
  ICS_ASSIGN_OR_RETURN(WriteTx tx, core_.BeginWrite());
  const std::string at = core_.Now();
  const Param insert[] = {p.title,   p.aim,        p.description, Dump(p.organisations), p.place, p.status, p.lead,
                          p.sponsor, p.start_date, p.end_date,    actor,                 at};
  ICS_ASSIGN_OR_RETURN(Rows inserted, tx.session->Run(kProjectInsert, insert));
  if (inserted.rows.empty()) return Internal("the project was not stored");
  ICS_ASSIGN_OR_RETURN(QiProject stored, ProjectIn(*tx.session, AsInt(inserted.rows[0][0])));
  nlohmann::json detail = {{"title", stored.title}, {"status", stored.status}};
  ICS_RETURN_IF_ERROR(core_.Append(tx, {actor, "qi.project.create", ProjectObject(stored.id), Dump(detail)}, at).status());
  ICS_RETURN_IF_ERROR(tx.session->Commit());
  return stored;
}

Result<QiProject> QiProjectTables::UpdateProject(const QiProject& p, const std::string& actor) {
  ICS_RETURN_IF_ERROR(CheckActor(actor));
  ICS_RETURN_IF_ERROR(CheckProject(p));
  ICS_ASSIGN_OR_RETURN(WriteTx tx, core_.BeginWrite());
  ICS_ASSIGN_OR_RETURN(QiProject current, ProjectIn(*tx.session, p.id));
  const std::string at = core_.Now();
  const Param update[] = {p.title,      p.aim,      p.description, Dump(p.organisations), p.place,
                          p.status,     p.lead,     p.sponsor,     p.start_date,          p.end_date,
                          actor,        at,         p.id,          p.row_version};
  ICS_ASSIGN_OR_RETURN(Rows updated, tx.session->Run(kProjectUpdate, update));
  if (updated.affected != 1)
    return internal::StaleRowVersion("QI project " + std::to_string(p.id), current.row_version, p.row_version);
  ICS_ASSIGN_OR_RETURN(QiProject stored, ProjectIn(*tx.session, p.id));
  nlohmann::json detail = {{"title", stored.title}, {"status", stored.status}, {"row_version", stored.row_version}};
  ICS_RETURN_IF_ERROR(core_.Append(tx, {actor, "qi.project.update", ProjectObject(p.id), Dump(detail)}, at).status());
  ICS_RETURN_IF_ERROR(tx.session->Commit());
  return stored;
}

Result<std::vector<QiProject>> QiProjectTables::ListProjects() {
  ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, core_.BeginRead());
  ICS_ASSIGN_OR_RETURN(Rows rows, session->Run(kProjectList));
  std::vector<QiProject> out;
  for (const Row& r : rows.rows) out.push_back(ToProject(r));
  return out;
}

Result<QiProjectDetail> QiProjectTables::GetProject(int64_t id) {
  ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, core_.BeginRead());
  QiProjectDetail d;
  ICS_ASSIGN_OR_RETURN(d.project, ProjectIn(*session, id));
  const Param key[] = {id};
  ICS_ASSIGN_OR_RETURN(Rows members, session->Run(kMemberList, key));
  for (const Row& r : members.rows) d.team.push_back(ToMember(r));
  ICS_ASSIGN_OR_RETURN(Rows measures, session->Run(kMeasureList, key));
  for (const Row& r : measures.rows) d.measures.push_back(ToMeasure(r));
  ICS_ASSIGN_OR_RETURN(Rows points, session->Run(kPointList, key));
  for (const Row& r : points.rows)
    d.points.push_back({AsInt(r[0]), AsText(r[1]), r[2] ? std::strtod(r[2]->c_str(), nullptr) : 0.0, AsText(r[3])});
  ICS_ASSIGN_OR_RETURN(Rows pdsas, session->Run(kPdsaList, key));
  for (const Row& r : pdsas.rows) d.pdsas.push_back(ToPdsa(r));
  ICS_ASSIGN_OR_RETURN(Rows scores, session->Run(kScoreList, key));
  for (const Row& r : scores.rows)
    d.scores.push_back({AsInt(r[0]), AsInt(r[1]), static_cast<int>(AsInt(r[2])), AsText(r[3]), AsText(r[4]),
                        AsText(r[5]), AsText(r[6])});
  return d;
}

Result<QiTeamMember> QiProjectTables::AddTeamMember(const QiTeamMember& m, const std::string& actor) {
  ICS_RETURN_IF_ERROR(CheckActor(actor));
  if (m.name.empty()) return InvalidArgument("a team member needs a name", "name");
  for (auto [value, field] : {std::pair{&m.name, "name"}, {&m.organisation, "organisation"},
                              {&m.project_role, "project_role"}, {&m.username, "username"}})
    ICS_RETURN_IF_ERROR(CheckText(*value, field));
  ICS_RETURN_IF_ERROR(OneOf(m.permission, kPermissions, "permission"));
  ICS_ASSIGN_OR_RETURN(WriteTx tx, core_.BeginWrite());
  ICS_RETURN_IF_ERROR(ProjectIn(*tx.session, m.project_id).status());
  const std::string at = core_.Now();
  const Param insert[] = {m.project_id, m.name, m.organisation, m.project_role, m.username, m.permission};
  ICS_ASSIGN_OR_RETURN(Rows inserted, tx.session->Run(kMemberInsert, insert));
  if (inserted.rows.empty()) return Internal("the team member was not stored");
  QiTeamMember stored = m;
  stored.id = AsInt(inserted.rows[0][0]);
  nlohmann::json detail = {{"name", m.name}, {"organisation", m.organisation}, {"username", m.username},
                           {"permission", m.permission}};
  ICS_RETURN_IF_ERROR(core_.Append(tx, {actor, "qi.team.add", ProjectObject(m.project_id) + "/team/" +
                                                                  std::to_string(stored.id), Dump(detail)}, at)
                          .status());
  ICS_RETURN_IF_ERROR(tx.session->Commit());
  return stored;
}

Status QiProjectTables::RemoveTeamMember(int64_t project_id, int64_t member_id, const std::string& actor) {
  ICS_RETURN_IF_ERROR(CheckActor(actor));
  ICS_ASSIGN_OR_RETURN(WriteTx tx, core_.BeginWrite());
  const Param key[] = {project_id, member_id};
  ICS_ASSIGN_OR_RETURN(Rows deleted, tx.session->Run(kMemberDelete, key));
  const std::string object = ProjectObject(project_id) + "/team/" + std::to_string(member_id);
  if (deleted.affected != 1) return NotFound("the project has no team member " + std::to_string(member_id), object);
  ICS_RETURN_IF_ERROR(core_.Append(tx, {actor, "qi.team.remove", object, "{}"}).status());
  return tx.session->Commit();
}

Result<QiMeasure> QiProjectTables::SaveMeasure(const QiMeasure& m, const std::string& actor) {
  ICS_RETURN_IF_ERROR(CheckActor(actor));
  if (m.name.empty()) return InvalidArgument("a measure needs a name", "name");
  for (auto [value, field] : {std::pair{&m.name, "name"}, {&m.definition, "definition"}, {&m.unit, "unit"},
                              {&m.chart, "chart"}})
    ICS_RETURN_IF_ERROR(CheckText(*value, field));
  ICS_RETURN_IF_ERROR(OneOf(m.type, kMeasureTypes, "type"));
  ICS_RETURN_IF_ERROR(OneOf(m.direction, kDirections, "direction"));
  ICS_RETURN_IF_ERROR(OneOf(m.preset, kPresets, "preset"));
  if (m.target && !std::isfinite(*m.target)) return InvalidArgument("the target must be a finite number", "target");
  ICS_ASSIGN_OR_RETURN(WriteTx tx, core_.BeginWrite());
  ICS_RETURN_IF_ERROR(ProjectIn(*tx.session, m.project_id).status());
  const Param by_name[] = {m.project_id, m.name};
  ICS_ASSIGN_OR_RETURN(Rows same, tx.session->Run(kMeasureByName, by_name));
  if (!same.rows.empty() && AsInt(same.rows[0][0]) != m.id)
    return Status(StatusCode::kConflict, "the project already has a measure called '" + m.name + "'", "name");
  const Param target = m.target ? Param(Num(*m.target)) : Param(nullptr);
  int64_t id = m.id;
  if (id == 0) {
    const Param insert[] = {m.project_id, m.name, m.type, m.definition, m.unit, m.direction, target, m.preset, m.chart};
    ICS_ASSIGN_OR_RETURN(Rows inserted, tx.session->Run(kMeasureInsert, insert));
    if (inserted.rows.empty()) return Internal("the measure was not stored");
    id = AsInt(inserted.rows[0][0]);
  } else {
    const Param key[] = {m.id, m.project_id};
    ICS_ASSIGN_OR_RETURN(Rows existing, tx.session->Run(kMeasureGet, key));
    if (existing.rows.empty())
      return NotFound("the project has no measure " + std::to_string(m.id), ProjectObject(m.project_id) + "/measures/" + std::to_string(m.id));
    const Param update[] = {m.name,   m.type,  m.definition, m.unit,       m.direction, target,
                            m.preset, m.chart, m.id,         m.project_id, m.row_version};
    ICS_ASSIGN_OR_RETURN(Rows updated, tx.session->Run(kMeasureUpdate, update));
    if (updated.affected != 1)
      return internal::StaleRowVersion("measure " + std::to_string(m.id), AsInt(existing.rows[0][10]), m.row_version);
  }
  const Param key[] = {id, m.project_id};
  ICS_ASSIGN_OR_RETURN(Rows stored_rows, tx.session->Run(kMeasureGet, key));
  if (stored_rows.rows.empty()) return Internal("the measure was not stored");
  QiMeasure stored = ToMeasure(stored_rows.rows[0]);
  nlohmann::json detail = {{"name", stored.name}, {"type", stored.type}, {"row_version", stored.row_version}};
  ICS_RETURN_IF_ERROR(core_.Append(tx, {actor, m.id == 0 ? "qi.measure.create" : "qi.measure.update",
                                        ProjectObject(m.project_id) + "/measures/" + std::to_string(id), Dump(detail)})
                          .status());
  ICS_RETURN_IF_ERROR(tx.session->Commit());
  return stored;
}

Result<QiPointsOutcome> QiProjectTables::PutPoints(int64_t project_id, const std::vector<QiMeasurePoint>& points,
                                                   const std::string& actor) {
  ICS_RETURN_IF_ERROR(CheckActor(actor));
  if (points.empty()) return InvalidArgument("there are no points to store", "points");
  for (size_t i = 0; i < points.size(); ++i) {
    const std::string field = "points[" + std::to_string(i) + "]";
    ICS_RETURN_IF_ERROR(CheckDate(points[i].date, (field + ".date").c_str(), true));
    if (!std::isfinite(points[i].value)) return InvalidArgument("the value must be a finite number", field + ".value");
    ICS_RETURN_IF_ERROR(CheckText(points[i].note, "note"));
  }
  ICS_ASSIGN_OR_RETURN(WriteTx tx, core_.BeginWrite());
  ICS_RETURN_IF_ERROR(ProjectIn(*tx.session, project_id).status());
  std::set<int64_t> known;
  QiPointsOutcome outcome;
  std::map<int64_t, int64_t> per_measure;
  for (const QiMeasurePoint& p : points) {
    if (!known.contains(p.measure_id)) {
      const Param key[] = {p.measure_id, project_id};
      ICS_ASSIGN_OR_RETURN(Rows m, tx.session->Run(kMeasureGet, key));
      if (m.rows.empty())
        return NotFound("the project has no measure " + std::to_string(p.measure_id), "measure_id");
      known.insert(p.measure_id);
    }
    const Param key[] = {p.measure_id, p.date};
    ICS_ASSIGN_OR_RETURN(Rows existing, tx.session->Run(kPointGet, key));
    (existing.rows.empty() ? outcome.added : outcome.replaced)++;
    const Param upsert[] = {p.measure_id, p.date, Num(p.value), p.note};
    ICS_RETURN_IF_ERROR(tx.session->Run(kPointUpsert, upsert).status());
    per_measure[p.measure_id]++;
  }
  nlohmann::json measures = nlohmann::json::object();
  for (auto [id, n] : per_measure) measures[std::to_string(id)] = n;
  nlohmann::json detail = {{"added", outcome.added}, {"replaced", outcome.replaced}, {"measures", measures}};
  ICS_RETURN_IF_ERROR(core_.Append(tx, {actor, "qi.data.put", ProjectObject(project_id), Dump(detail)}).status());
  ICS_RETURN_IF_ERROR(tx.session->Commit());
  return outcome;
}

Result<QiPdsa> QiProjectTables::SavePdsa(const QiPdsa& p, const std::string& actor) {
  ICS_RETURN_IF_ERROR(CheckActor(actor));
  if (p.title.empty()) return InvalidArgument("a PDSA cycle needs a title", "title");
  for (auto [value, field] : {std::pair{&p.title, "title"}, {&p.plan, "plan"}, {&p.prediction, "prediction"},
                              {&p.do_text, "do"}, {&p.study, "study"}, {&p.act, "act"}})
    ICS_RETURN_IF_ERROR(CheckText(*value, field));
  ICS_RETURN_IF_ERROR(OneOf(p.status, kPdsaStatuses, "status"));
  ICS_RETURN_IF_ERROR(CheckDate(p.start_date, "start_date", false));
  ICS_RETURN_IF_ERROR(CheckDate(p.end_date, "end_date", false));
  if (!p.start_date.empty() && !p.end_date.empty() && p.end_date < p.start_date)
    return InvalidArgument("the end date " + p.end_date + " is before the start date " + p.start_date, "end_date");
  ICS_ASSIGN_OR_RETURN(WriteTx tx, core_.BeginWrite());
  ICS_RETURN_IF_ERROR(ProjectIn(*tx.session, p.project_id).status());
  for (int64_t mid : p.measure_ids) {
    const Param key[] = {mid, p.project_id};
    ICS_ASSIGN_OR_RETURN(Rows m, tx.session->Run(kMeasureGet, key));
    if (m.rows.empty()) return InvalidArgument("the project has no measure " + std::to_string(mid), "measure_ids");
  }
  const std::string at = core_.Now();
  const std::string ids = Dump(p.measure_ids);
  int64_t id = p.id;
  if (id == 0) {
    const Param insert[] = {p.project_id, p.title,    p.plan,  p.prediction, p.do_text, p.study, p.act,
                            p.start_date, p.end_date, ids,     p.status,     actor,     at};
    ICS_ASSIGN_OR_RETURN(Rows inserted, tx.session->Run(kPdsaInsert, insert));
    if (inserted.rows.empty()) return Internal("the PDSA cycle was not stored");
    id = AsInt(inserted.rows[0][0]);
  } else {
    const Param key[] = {p.id, p.project_id};
    ICS_ASSIGN_OR_RETURN(Rows existing, tx.session->Run(kPdsaGet, key));
    if (existing.rows.empty())
      return NotFound("the project has no PDSA cycle " + std::to_string(p.id), ProjectObject(p.project_id) + "/pdsa/" + std::to_string(p.id));
    const Param update[] = {p.title,    p.plan, p.prediction, p.do_text, p.study, p.act,        p.start_date, p.end_date,
                            ids,        p.status, actor,      at,        p.id,    p.project_id, p.row_version};
    ICS_ASSIGN_OR_RETURN(Rows updated, tx.session->Run(kPdsaUpdate, update));
    if (updated.affected != 1)
      return internal::StaleRowVersion("PDSA cycle " + std::to_string(p.id), AsInt(existing.rows[0][14]), p.row_version);
  }
  const Param key[] = {id, p.project_id};
  ICS_ASSIGN_OR_RETURN(Rows stored_rows, tx.session->Run(kPdsaGet, key));
  if (stored_rows.rows.empty()) return Internal("the PDSA cycle was not stored");
  QiPdsa stored = ToPdsa(stored_rows.rows[0]);
  nlohmann::json detail = {{"title", stored.title}, {"status", stored.status}, {"row_version", stored.row_version}};
  ICS_RETURN_IF_ERROR(core_.Append(tx, {actor, p.id == 0 ? "qi.pdsa.create" : "qi.pdsa.update",
                                        ProjectObject(p.project_id) + "/pdsa/" + std::to_string(id), Dump(detail)}, at)
                          .status());
  ICS_RETURN_IF_ERROR(tx.session->Commit());
  return stored;
}

Result<QiScore> QiProjectTables::AddScore(const QiScore& s, const std::string& actor) {
  ICS_RETURN_IF_ERROR(CheckActor(actor));
  if (s.score_tenths < 5 || s.score_tenths > 50 || s.score_tenths % 5 != 0)
    return InvalidArgument("a progress score is 0.5 to 5.0 in steps of 0.5", "score");
  ICS_RETURN_IF_ERROR(CheckDate(s.date, "date", true));
  ICS_RETURN_IF_ERROR(CheckText(s.note, "note"));
  ICS_ASSIGN_OR_RETURN(WriteTx tx, core_.BeginWrite());
  ICS_RETURN_IF_ERROR(ProjectIn(*tx.session, s.project_id).status());
  const std::string at = core_.Now();
  const Param insert[] = {s.project_id, int64_t{s.score_tenths}, s.date, s.note, actor, at};
  ICS_ASSIGN_OR_RETURN(Rows inserted, tx.session->Run(kScoreInsert, insert));
  if (inserted.rows.empty()) return Internal("the score was not stored");
  QiScore stored = s;
  stored.id = AsInt(inserted.rows[0][0]);
  stored.recorded_by = actor;
  stored.recorded_at = at;
  nlohmann::json detail = {{"score_tenths", s.score_tenths}, {"date", s.date}};
  ICS_RETURN_IF_ERROR(core_.Append(tx, {actor, "qi.score.add", ProjectObject(s.project_id), Dump(detail)}, at).status());
  ICS_RETURN_IF_ERROR(tx.session->Commit());
  return stored;
}

}  // namespace ics::store
