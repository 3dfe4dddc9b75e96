// Quality-improvement projects in the store: projects, their teams, measures with their data, PDSA cycles and progress scores (migration 6). Written once for both backends on StoreCore; every write is audited in its own transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace ics::store {

namespace internal {
class StoreCore;
}  // namespace internal

// A project's charter. Dates are "YYYY-MM-DD" ("" when not set).
struct QiProject {
  int64_t id = 0;
  std::string title;        // REQUIRES: not empty
  std::string aim;          // "what are we trying to accomplish": by how much, by when
  std::string description;  // what the project is about
  std::vector<std::string> organisations;  // ODS codes of the organisations taking part
  std::string place;        // a place of the ICS (its id), "" for system-wide
  std::string status = "active";  // planning | active | sustaining | completed | stopped
  std::string lead;         // a person's name
  std::string sponsor;      // the executive sponsor
  std::string start_date;
  std::string end_date;
  std::string created_by, created_at, updated_by, updated_at;
  int64_t row_version = 1;
};

// A member of a project team, possibly from another organisation. `username` links the
// member to a platform account; `permission` is what that account may do in the project:
// view, edit (all data but the team) or admin (also the team).
struct QiTeamMember {
  int64_t id = 0;
  int64_t project_id = 0;
  std::string name;          // REQUIRES: not empty
  std::string organisation;  // ODS code
  std::string project_role;  // "Clinical lead", "Data analyst", ...
  std::string username;      // "" when the member has no account
  std::string permission = "view";  // view | edit | admin
};

// A measure of the project (outcome, process or balancing) and how it is charted.
struct QiMeasure {
  int64_t id = 0;
  int64_t project_id = 0;
  std::string name;  // REQUIRES: not empty; unique within the project
  std::string type = "outcome";  // outcome | process | balancing
  std::string definition;        // numerator, denominator, source
  std::string unit;              // "%", "days", "falls per 1,000 bed days"
  std::string direction = "increase";  // increase | decrease | neutral
  std::optional<double> target;
  std::string preset = "mdc";  // the SPC preset: mdc | life-qi | qicharts2
  std::string chart;           // "" = the preset's default
  int64_t row_version = 1;
};

// One point of a measure's series. One per date; a later value for a date replaces it.
struct QiMeasurePoint {
  int64_t measure_id = 0;
  std::string date;  // "YYYY-MM-DD"
  double value = 0;
  std::string note;
};

// A Plan-Do-Study-Act cycle, linked to the measures it is expected to move.
struct QiPdsa {
  int64_t id = 0;
  int64_t project_id = 0;
  std::string title;  // REQUIRES: not empty
  std::string plan, prediction, do_text, study, act;
  std::string start_date, end_date;
  std::vector<int64_t> measure_ids;  // measures of the same project
  std::string status = "planned";    // planned | in_progress | completed | abandoned
  std::string updated_by, updated_at;
  int64_t row_version = 1;
};

// A progress score on the IHI scale, stored in tenths (5..50, multiples of 5: 0.5..5.0).
struct QiScore {
  int64_t id = 0;
  int64_t project_id = 0;
  int score_tenths = 5;
  std::string date;  // the date the team assessed it
  std::string note;
  std::string recorded_by, recorded_at;
};

// A project with everything it holds.
struct QiProjectDetail {
  QiProject project;
  std::vector<QiTeamMember> team;
  std::vector<QiMeasure> measures;
  std::vector<QiMeasurePoint> points;  // every measure's, by measure then date
  std::vector<QiPdsa> pdsas;           // by start date
  std::vector<QiScore> scores;         // by date, then as recorded
};

// What storing a batch of points did.
struct QiPointsOutcome {
  int64_t added = 0;
  int64_t replaced = 0;
};

// Reached through Store::qi_projects(); thread-safe like the Store. Writes name their
// actor (REQUIRES: not empty) and are audited ("qi.project.create", ...). Errors:
// kInvalidArgument naming the field, kNotFound for a missing row, kConflict for a stale
// row_version or a duplicate measure name.
class QiProjectTables {
 public:
  explicit QiProjectTables(internal::StoreCore& core) : core_(core) {}

  Result<QiProject> CreateProject(const QiProject& project, const std::string& actor);
  // Rewrites the charter; `project.row_version` is the version the caller read.
  Result<QiProject> UpdateProject(const QiProject& project, const std::string& actor);
  // Every project's charter, by id.
  Result<std::vector<QiProject>> ListProjects();
  Result<QiProjectDetail> GetProject(int64_t id);

  Result<QiTeamMember> AddTeamMember(const QiTeamMember& member, const std::string& actor);
  Status RemoveTeamMember(int64_t project_id, int64_t member_id, const std::string& actor);

  // id 0 creates the measure; otherwise updates it with the row_version read.
  Result<QiMeasure> SaveMeasure(const QiMeasure& measure, const std::string& actor);
  // Stores points of measures of `project_id` in one transaction (all or nothing); a
  // point for a date the measure has replaces it.
  Result<QiPointsOutcome> PutPoints(int64_t project_id, const std::vector<QiMeasurePoint>& points,
                                    const std::string& actor);

  // id 0 creates the cycle; otherwise updates it with the row_version read.
  Result<QiPdsa> SavePdsa(const QiPdsa& pdsa, const std::string& actor);

  Result<QiScore> AddScore(const QiScore& score, const std::string& actor);

 private:
  internal::StoreCore& core_;
};

}  // namespace ics::store
