// QI projects in the store (migration 6), on SQLite (a temporary file per test) and
// PostgreSQL (a fresh database on the server the store_postgres fixture started; its URL
// comes in ICS_TEST_POSTGRES_URL): charters, teams, measures and their points, PDSA
// cycles and progress scores, each write audited, stale row versions refused.
#include "store/qi_projects.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "store/store.h"

namespace ics::store {
namespace {

enum class Backend { kSqlite, kPostgres };

std::string BackendName(const testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgres";
}

// A fresh database for one test: a temporary SQLite file or a new PostgreSQL database.
class QiProjectsTest : public testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kSqlite) {
      char pattern[] = "/tmp/ics-qi-test-XXXXXX";
      dir_ = ::mkdtemp(pattern);
      url_ = "sqlite:" + dir_ + "/ics.db";
    } else {
      const char* url = std::getenv("ICS_TEST_POSTGRES_URL");
      if (!url || !*url) GTEST_SKIP() << "ICS_TEST_POSTGRES_URL is not set (ctest starts a server and sets it)";
      admin_url_ = url;
      static std::atomic<int> counter{0};
      name_ = "qi_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
      ASSERT_EQ(Admin("CREATE DATABASE " + name_), "");
      size_t slash = admin_url_.find('/', admin_url_.find("://") + 3);
      size_t end = admin_url_.find('?', slash);
      url_ = admin_url_.substr(0, slash + 1) + name_ + (end == std::string::npos ? "" : admin_url_.substr(end));
    }
    int tick = 0;
    StoreOptions options;
    options.now = [tick]() mutable {
      char buf[40];
      std::snprintf(buf, sizeof buf, "2025-06-01T09:00:%02d.000000Z", tick++ % 60);
      return std::string(buf);
    };
    auto opened = OpenStore(url_, options);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
  }
  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!name_.empty()) Admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  }

  std::string Admin(const std::string& sql) {
    PGconn* conn = PQconnectdb(admin_url_.c_str());
    std::string error;
    if (PQstatus(conn) != CONNECTION_OK) {
      error = PQerrorMessage(conn);
    } else {
      PGresult* r = PQexec(conn, sql.c_str());  // test-only: fixed SQL
      if (PQresultStatus(r) != PGRES_COMMAND_OK) error = PQresultErrorMessage(r);
      PQclear(r);
    }
    PQfinish(conn);
    return error;
  }

  QiProjectTables& qi() { return store_->qi_projects(); }

  static QiProject Charter() {
    QiProject p;
    p.title = "Fewer falls on the frailty wards";
    p.aim = "Reduce inpatient falls on wards 301-303 by 30% by March 2026";
    p.description = "Falls huddles and lying and standing blood pressure";
    p.organisations = {"RTG", "RY8"};
    p.place = "derby-city";
    p.lead = "Sam Example";
    p.sponsor = "Chief Nurse";
    p.start_date = "2024-04-01";
    return p;
  }

  // How many audit entries have this action.
  int CountAudit(const std::string& action) {
    auto entries = store_->ListAudit(0, 10000);
    EXPECT_TRUE(entries.ok());
    int n = 0;
    for (const auto& e : *entries) n += e.action == action;
    return n;
  }

  std::string dir_, admin_url_, name_, url_;
  std::unique_ptr<Store> store_;
};

TEST_P(QiProjectsTest, AProjectIsCreatedReadUpdatedWithItsRowVersionAndAudited) {
  auto created = qi().CreateProject(Charter(), "qi.lead");
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->row_version, 1);
  EXPECT_EQ(created->organisations, (std::vector<std::string>{"RTG", "RY8"}));
  EXPECT_EQ(created->created_by, "qi.lead");
  EXPECT_EQ(store_->schema_version() >= 6, true);

  QiProject change = *created;
  change.status = "sustaining";
  change.aim = "Reduce falls by 40%";
  auto updated = qi().UpdateProject(change, "qi.lead");
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->row_version, 2);
  EXPECT_EQ(updated->status, "sustaining");

  // A second writer who read version 1 is refused, and nothing changes.
  change.aim = "Someone else's aim";
  auto stale = qi().UpdateProject(change, "other");
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kConflict) << stale.status().ToString();
  auto read = qi().GetProject(created->id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->project.aim, "Reduce falls by 40%");

  auto list = qi().ListProjects();
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 1u);
  EXPECT_EQ(CountAudit("qi.project.create"), 1);
  EXPECT_EQ(CountAudit("qi.project.update"), 1);
  auto verified = store_->VerifyAudit();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->valid);
}

TEST_P(QiProjectsTest, BadChartersAreRefusedNamingTheField) {
  QiProject p = Charter();
  p.title = "";
  EXPECT_EQ(qi().CreateProject(p, "qi.lead").status().where(), "title");
  p = Charter();
  p.status = "finished";
  EXPECT_EQ(qi().CreateProject(p, "qi.lead").status().where(), "status");
  p = Charter();
  p.start_date = "2024-13-01";
  EXPECT_EQ(qi().CreateProject(p, "qi.lead").status().where(), "start_date");
  p = Charter();
  p.end_date = "2023-01-01";
  EXPECT_EQ(qi().CreateProject(p, "qi.lead").status().where(), "end_date");
  EXPECT_EQ(qi().CreateProject(Charter(), "").status().where(), "actor");
  EXPECT_EQ(qi().GetProject(99).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(CountAudit("qi.project.create"), 0);
}

TEST_P(QiProjectsTest, TeamsSpanOrganisationsWithPermissions) {
  auto p = qi().CreateProject(Charter(), "qi.lead");
  ASSERT_TRUE(p.ok());
  auto a = qi().AddTeamMember({0, p->id, "Jo Example", "RTG", "Ward manager", "jo", "edit"}, "qi.lead");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  auto b = qi().AddTeamMember({0, p->id, "Kim Example", "RY8", "Physiotherapist", "", "view"}, "qi.lead");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(qi().AddTeamMember({0, p->id, "X", "RTG", "", "", "owner"}, "qi.lead").status().where(), "permission");
  EXPECT_EQ(qi().AddTeamMember({0, 999, "X", "RTG", "", "", "view"}, "qi.lead").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(qi().RemoveTeamMember(p->id, b->id, "qi.lead").ok());
  EXPECT_EQ(qi().RemoveTeamMember(p->id, b->id, "qi.lead").code(), StatusCode::kNotFound);
  auto read = qi().GetProject(p->id);
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->team.size(), 1u);
  EXPECT_EQ(read->team[0].username, "jo");
  EXPECT_EQ(read->team[0].permission, "edit");
  EXPECT_EQ(CountAudit("qi.team.add"), 2);
  EXPECT_EQ(CountAudit("qi.team.remove"), 1);
}

TEST_P(QiProjectsTest, MeasuresKeepTheirSeriesAndALaterValueReplacesADate) {
  auto p = qi().CreateProject(Charter(), "qi.lead");
  ASSERT_TRUE(p.ok());
  QiMeasure m;
  m.project_id = p->id;
  m.name = "Falls per 1,000 bed days";
  m.type = "outcome";
  m.direction = "decrease";
  m.target = 4.5;
  auto falls = qi().SaveMeasure(m, "qi.lead");
  ASSERT_TRUE(falls.ok()) << falls.status().ToString();
  ASSERT_TRUE(falls->target.has_value());
  EXPECT_DOUBLE_EQ(*falls->target, 4.5);
  // The same name twice in one project is a conflict.
  EXPECT_EQ(qi().SaveMeasure(m, "qi.lead").status().code(), StatusCode::kConflict);
  m.name = "Lying and standing BP done";
  m.type = "process";
  m.direction = "increase";
  m.target.reset();
  auto bp = qi().SaveMeasure(m, "qi.lead");
  ASSERT_TRUE(bp.ok());
  EXPECT_FALSE(bp->target.has_value());

  auto put = qi().PutPoints(p->id,
                            {{falls->id, "2024-04-01", 7.25, "baseline"},
                             {falls->id, "2024-05-01", 6.1, ""},
                             {bp->id, "2024-04-01", 0.1 + 0.2, ""}},
                            "analyst");
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  EXPECT_EQ(put->added, 3);
  auto again = qi().PutPoints(p->id, {{falls->id, "2024-05-01", 5.9, "corrected"}}, "analyst");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->replaced, 1);

  // All or nothing: one point for another project's measure stores none of the batch.
  auto other = qi().CreateProject(Charter(), "qi.lead");
  ASSERT_TRUE(other.ok());
  auto refused = qi().PutPoints(other->id, {{falls->id, "2024-06-01", 5.0, ""}}, "analyst");
  EXPECT_EQ(refused.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(qi().PutPoints(p->id, {{falls->id, "June", 5.0, ""}}, "analyst").status().where(), "points[0].date");

  auto read = qi().GetProject(p->id);
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->points.size(), 3u);
  EXPECT_EQ(read->points[0].date, "2024-04-01");
  EXPECT_DOUBLE_EQ(read->points[0].value, 7.25);
  EXPECT_DOUBLE_EQ(read->points[1].value, 5.9);
  EXPECT_EQ(read->points[1].note, "corrected");
  EXPECT_DOUBLE_EQ(read->points[2].value, 0.1 + 0.2);  // stored exactly, not rounded

  QiMeasure change = *falls;
  change.unit = "per 1,000 bed days";
  auto updated = qi().SaveMeasure(change, "qi.lead");
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->row_version, 2);
  EXPECT_EQ(qi().SaveMeasure(change, "qi.lead").status().code(), StatusCode::kConflict);
  EXPECT_EQ(CountAudit("qi.data.put"), 2);
}

TEST_P(QiProjectsTest, PdsaCyclesLinkTheProjectsMeasuresAndCarryARowVersion) {
  auto p = qi().CreateProject(Charter(), "qi.lead");
  ASSERT_TRUE(p.ok());
  QiMeasure m;
  m.project_id = p->id;
  m.name = "Falls";
  auto falls = qi().SaveMeasure(m, "qi.lead");
  ASSERT_TRUE(falls.ok());
  QiPdsa c;
  c.project_id = p->id;
  c.title = "PDSA 1: safety huddle on ward 301";
  c.plan = "Daily 10-minute huddle at 08:30";
  c.prediction = "Fewer falls within a month";
  c.start_date = "2024-09-01";
  c.end_date = "2024-09-30";
  c.measure_ids = {falls->id};
  c.status = "in_progress";
  auto saved = qi().SavePdsa(c, "qi.lead");
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(saved->measure_ids, std::vector<int64_t>{falls->id});

  QiPdsa done = *saved;
  done.study = "Falls fell from 7 to 5 per 1,000 bed days";
  done.act = "Adopt; spread to ward 302";
  done.status = "completed";
  auto updated = qi().SavePdsa(done, "qi.lead");
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->row_version, 2);
  EXPECT_EQ(qi().SavePdsa(done, "other").status().code(), StatusCode::kConflict);

  c.measure_ids = {falls->id + 100};
  EXPECT_EQ(qi().SavePdsa(c, "qi.lead").status().where(), "measure_ids");
  c.measure_ids = {};
  c.status = "maybe";
  EXPECT_EQ(qi().SavePdsa(c, "qi.lead").status().where(), "status");

  auto read = qi().GetProject(p->id);
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->pdsas.size(), 1u);
  EXPECT_EQ(read->pdsas[0].act, "Adopt; spread to ward 302");
  EXPECT_EQ(CountAudit("qi.pdsa.create"), 1);
  EXPECT_EQ(CountAudit("qi.pdsa.update"), 1);
}

TEST_P(QiProjectsTest, ProgressScoresAreHalfStepsFromHalfToFiveKeptAsAHistory) {
  auto p = qi().CreateProject(Charter(), "qi.lead");
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(qi().AddScore({0, p->id, 20, "2024-07-01", "baseline data", "", ""}, "qi.lead").ok());
  ASSERT_TRUE(qi().AddScore({0, p->id, 10, "2024-04-01", "charter agreed", "", ""}, "qi.lead").ok());
  for (int bad : {0, 3, 55, 12})
    EXPECT_EQ(qi().AddScore({0, p->id, bad, "2024-08-01", "", "", ""}, "qi.lead").status().where(), "score") << bad;
  EXPECT_EQ(qi().AddScore({0, p->id, 25, "", "", "", ""}, "qi.lead").status().where(), "date");
  auto read = qi().GetProject(p->id);
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->scores.size(), 2u);
  EXPECT_EQ(read->scores[0].score_tenths, 10);  // by date
  EXPECT_EQ(read->scores[1].score_tenths, 20);
  EXPECT_EQ(read->scores[1].recorded_by, "qi.lead");
  EXPECT_EQ(CountAudit("qi.score.add"), 2);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, QiProjectsTest, testing::Values(Backend::kSqlite), BackendName);
INSTANTIATE_TEST_SUITE_P(Postgres, QiProjectsTest, testing::Values(Backend::kPostgres), BackendName);

}  // namespace
}  // namespace ics::store
