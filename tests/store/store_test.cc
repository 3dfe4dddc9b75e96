// The store suite: every test runs against SQLite (a temporary file) and PostgreSQL (a
// fresh database on the server the store_postgres fixture started; its URL comes in
// ICS_TEST_POSTGRES_URL). Tampering goes around the store with plain SQL, as someone with
// database access would.
#include "store/store.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "store/audit_chain.h"
#include "store/internal/migrations.h"
#include "store/sha256.h"

namespace ics::store {
namespace {

enum class Backend { kSqlite, kPostgres };

// The build's schema: its highest migration and how many there are (the list need not be
// contiguous while migrations land).
int LatestMigration() {
  int latest = 0;
  for (const internal::Migration& m : internal::Migrations()) latest = std::max(latest, m.version);
  return latest;
}
std::string MigrationCount() { return std::to_string(internal::Migrations().size()); }
void PrintTo(Backend backend, std::ostream* os) { *os << (backend == Backend::kSqlite ? "sqlite" : "postgres"); }

// A fresh, empty database for one test, and plain SQL access to it.
class TestDatabase {
 public:
  virtual ~TestDatabase() = default;
  virtual std::string url() const = 0;
  // Runs SQL; returns "" on success or the error message.
  virtual std::string Exec(const std::string& sql) = 0;
  // The first column of the first row, or "ERROR: ..." / "NO ROWS".
  virtual std::string Query(const std::string& sql) = 0;
  // Drops the triggers that refuse changes to the audit tables, as an owner could.
  virtual void DropAuditGuards() = 0;
};

class SqliteDatabase : public TestDatabase {
 public:
  SqliteDatabase() {
    char pattern[] = "/tmp/ics-store-test-XXXXXX";
    dir_ = ::mkdtemp(pattern);
    path_ = dir_ + "/ics.db";
  }
  ~SqliteDatabase() override { std::filesystem::remove_all(dir_); }
  std::string url() const override { return "sqlite:" + path_; }
  const std::string& path() const { return path_; }

  std::string Exec(const std::string& sql) override { return Run(sql, nullptr); }
  std::string Query(const std::string& sql) override {
    std::string out = "NO ROWS";
    std::string error = Run(sql, &out);
    return error.empty() ? out : "ERROR: " + error;
  }
  void DropAuditGuards() override {
    ASSERT_EQ(Exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; "
                   "DROP TRIGGER audit_head_no_delete; DROP TRIGGER audit_head_forward;"),
              "");
  }

 private:
  std::string Run(const std::string& sql, std::string* first) {
    sqlite3* db = nullptr;
    sqlite3_open(path_.c_str(), &db);
    sqlite3_busy_timeout(db, 5000);
    char* error = nullptr;
    auto callback = [](void* out, int, char** values, char**) {
      auto* s = static_cast<std::string*>(out);
      if (s && *s == "NO ROWS") *s = values[0] ? values[0] : "NULL";
      return 0;
    };
    int rc = sqlite3_exec(db, sql.c_str(), callback, first, &error);
    std::string message = rc == SQLITE_OK ? "" : (error ? error : "error");
    sqlite3_free(error);
    sqlite3_close(db);
    return message;
  }

  std::string dir_;
  std::string path_;
};

class PostgresDatabase : public TestDatabase {
 public:
  explicit PostgresDatabase(std::string admin_url) : admin_url_(std::move(admin_url)) {
    static std::atomic<int> counter{0};
    name_ = "t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    std::string error = RunOn(admin_url_, "CREATE DATABASE " + name_, nullptr);
    EXPECT_EQ(error, "") << "creating the test database";
    // postgresql://user@host/DB?params: swap the database name.
    size_t slash = admin_url_.find('/', admin_url_.find("://") + 3);
    size_t end = admin_url_.find('?', slash);
    url_ = admin_url_.substr(0, slash + 1) + name_ + (end == std::string::npos ? "" : admin_url_.substr(end));
  }
  ~PostgresDatabase() override { RunOn(admin_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)", nullptr); }

  std::string url() const override { return url_; }
  std::string Exec(const std::string& sql) override { return RunOn(url_, sql, nullptr); }
  std::string Query(const std::string& sql) override {
    std::string out = "NO ROWS";
    std::string error = RunOn(url_, sql, &out);
    return error.empty() ? out : "ERROR: " + error;
  }
  void DropAuditGuards() override {
    ASSERT_EQ(Exec("DROP TRIGGER audit_log_no_change ON audit_log; DROP TRIGGER audit_log_no_truncate ON audit_log; "
                   "DROP TRIGGER audit_head_forward ON audit_head;"),
              "");
  }

 private:
  static std::string RunOn(const std::string& url, const std::string& sql, std::string* first) {
    PGconn* conn = PQconnectdb(url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      std::string error = PQerrorMessage(conn);
      PQfinish(conn);
      return "connect: " + error;
    }
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    PGresult* result = PQexec(conn, sql.c_str());  // test-only: fixed SQL, several statements
    std::string error;
    ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      error = PQresultErrorMessage(result);
    } else if (first && status == PGRES_TUPLES_OK && PQntuples(result) > 0) {
      *first = PQgetisnull(result, 0, 0) ? "NULL" : PQgetvalue(result, 0, 0);
    }
    PQclear(result);
    PQfinish(conn);
    return error;
  }

  std::string admin_url_;
  std::string name_;
  std::string url_;
};

std::string BackendName(const testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgres";
}

class StoreTest : public testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kSqlite) {
      db_ = std::make_unique<SqliteDatabase>();
    } else {
      const char* url = std::getenv("ICS_TEST_POSTGRES_URL");
      if (!url || !*url) GTEST_SKIP() << "ICS_TEST_POSTGRES_URL is not set (ctest starts a server and sets it)";
      db_ = std::make_unique<PostgresDatabase>(url);
    }
  }

  std::unique_ptr<Store> Open(StoreOptions options = {}) {
    auto store = OpenStore(db_->url(), options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }

  static NewDefinitionVersion Def(std::string text, std::string by = "alice") {
    return {"ics.yaml", std::move(text), std::move(by)};
  }

  // Five audit entries (ids 1..5).
  void AppendFive(Store& store) {
    for (int i = 1; i <= 5; ++i) {
      auto e =
          store.AppendAudit({"alice", "test.write", "thing/" + std::to_string(i), "{\"n\":" + std::to_string(i) + "}"});
      ASSERT_TRUE(e.ok()) << e.status().ToString();
    }
  }

  AuditVerification Verify(Store& store) {
    auto r = store.VerifyAudit();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : AuditVerification{};
  }

  std::unique_ptr<TestDatabase> db_;
};

// --- Migrations ---------------------------------------------------------------------------

TEST_P(StoreTest, MigrationsApplyOnceAndReopeningIsIdempotent) {
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), LatestMigration());
  EXPECT_EQ(store->backend(), GetParam() == Backend::kSqlite ? "sqlite" : "postgres");
  EXPECT_EQ(db_->Query("SELECT count(*) FROM schema_migrations"), MigrationCount());
  EXPECT_EQ(db_->Query("SELECT name FROM schema_migrations WHERE version = 3"),
            "audit trail: hash-chained append-only log and its head");
  ASSERT_TRUE(store->ImportDefinition(Def("system: {name: A}\n")).ok());
  store.reset();
  for (int i = 0; i < 2; ++i) {
    store = Open();
    ASSERT_TRUE(store);
    EXPECT_EQ(store->schema_version(), LatestMigration());
    EXPECT_EQ(db_->Query("SELECT count(*) FROM schema_migrations"), MigrationCount());
    auto versions = store->ListDefinitionVersions();
    ASSERT_TRUE(versions.ok());
    EXPECT_EQ(versions->size(), 1u);
    EXPECT_TRUE(Verify(*store).valid);
  }
}

TEST_P(StoreTest, ConcurrentOpensMigrateOnce) {
  std::vector<std::thread> threads;
  std::atomic<int> opened{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      auto store = OpenStore(db_->url());
      EXPECT_TRUE(store.ok()) << store.status().ToString();
      if (store.ok()) ++opened;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(opened, 4);
  EXPECT_EQ(db_->Query("SELECT count(*) FROM schema_migrations"), MigrationCount());
  EXPECT_EQ(db_->Query("SELECT count(*) FROM audit_head"), "1");
}

TEST_P(StoreTest, RefusesADatabaseNewerThanTheBuild) {
  ASSERT_TRUE(Open());
  ASSERT_EQ(db_->Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')"), "");
  auto store = OpenStore(db_->url());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("version 99"), std::string::npos) << store.status().message();
}

// --- Definition versions ----------------------------------------------------------------

TEST_P(StoreTest, VersionsComeAPageAtATimeNewestFirst) {
  auto store = Open();
  ASSERT_TRUE(store);
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(store->ImportDefinition(Def("n: " + std::to_string(i) + "\n")).ok());
  auto first = store->ListDefinitionVersionsPage(0, 2);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].id, 5);
  EXPECT_EQ((*first)[1].id, 4);
  auto next = store->ListDefinitionVersionsPage((*first)[1].id, 10);
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next->size(), 3u);
  EXPECT_EQ((*next)[2].id, 1);
  EXPECT_TRUE(store->ListDefinitionVersionsPage(1, 10)->empty());
  EXPECT_FALSE(store->ListDefinitionVersionsPage(0, 0).ok());
}

TEST_P(StoreTest, ImportStoresAVersionWithWhoWhenAndDigest) {
  StoreOptions options;
  options.now = [] { return std::string("2025-01-31T09:15:00.000001Z"); };
  auto store = Open(options);
  ASSERT_TRUE(store);
  const std::string text = "system:\n  name: Ysbyty – Bro £ \"quoted\" 'it''s'\n";
  auto imported = store->ImportDefinition({"examples/ics.yaml", text, "alice"});
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_TRUE(imported->created);
  EXPECT_GT(imported->version.id, 0);
  EXPECT_EQ(imported->version.sha256, Sha256Hex(text));
  EXPECT_EQ(imported->version.bytes, static_cast<int64_t>(text.size()));
  EXPECT_EQ(imported->version.imported_by, "alice");
  EXPECT_EQ(imported->version.imported_at, "2025-01-31T09:15:00.000001Z");
  EXPECT_EQ(imported->audit_seq, 1);

  auto got = store->GetDefinitionVersion(imported->version.id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->text, text);
  EXPECT_EQ(got->file_name, "examples/ics.yaml");
  EXPECT_EQ(got->sha256, Sha256Hex(text));
  EXPECT_EQ(got->row_version, 1);
  EXPECT_EQ(got->note, "");

  // The import and its audit entry were written together.
  auto audit = store->ListAudit(0, 10);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].action, "definition.import");
  EXPECT_EQ((*audit)[0].actor, "alice");
  EXPECT_EQ((*audit)[0].object, "definition_version/" + std::to_string(imported->version.id));
  EXPECT_EQ((*audit)[0].detail, "{\"bytes\":" + std::to_string(text.size()) +
                                    ",\"file_name\":\"examples/ics.yaml\",\"sha256\":\"" + Sha256Hex(text) +
                                    "\",\"version\":" + std::to_string(imported->version.id) + "}");
}

TEST_P(StoreTest, ListsVersionsNewestFirstWithoutText) {
  auto store = Open();
  ASSERT_TRUE(store);
  auto none = store->LatestDefinitionVersion();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  std::vector<int64_t> ids;
  for (const char* text : {"a: 1\n", "a: 2\n", "a: 3\n"}) {
    auto v = store->ImportDefinition(Def(text, "bob"));
    ASSERT_TRUE(v.ok());
    ids.push_back(v->version.id);
  }
  EXPECT_LT(ids[0], ids[1]);
  EXPECT_LT(ids[1], ids[2]);
  auto list = store->ListDefinitionVersions();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].id, ids[2]);
  EXPECT_EQ((*list)[2].id, ids[0]);
  for (const auto& v : *list) {
    EXPECT_TRUE(v.text.empty());
    EXPECT_EQ(v.bytes, 5);
    EXPECT_EQ(v.imported_by, "bob");
    EXPECT_EQ(v.sha256.size(), 64u);
  }
  auto latest = store->LatestDefinitionVersion();
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->id, ids[2]);
  EXPECT_EQ((*latest)->text, "a: 3\n");
}

TEST_P(StoreTest, SkipIfUnchangedStoresNothingForTheSameText) {
  auto store = Open();
  ASSERT_TRUE(store);
  auto first = store->ImportDefinition(Def("a: 1\n"));
  ASSERT_TRUE(first.ok());
  NewDefinitionVersion again = Def("a: 1\n");
  again.skip_if_unchanged = true;
  auto same = store->ImportDefinition(again);
  ASSERT_TRUE(same.ok());
  EXPECT_FALSE(same->created);
  EXPECT_EQ(same->version.id, first->version.id);
  EXPECT_EQ(same->audit_seq, 0);
  EXPECT_EQ(store->ListDefinitionVersions()->size(), 1u);
  EXPECT_EQ(store->ListAudit(0, 10)->size(), 1u);
  again.text = "a: 2\n";
  EXPECT_TRUE(store->ImportDefinition(again)->created);
  EXPECT_TRUE(store->ImportDefinition(Def("a: 2\n"))->created) << "without the option every import is a version";
  EXPECT_EQ(store->ListDefinitionVersions()->size(), 3u);
}

TEST_P(StoreTest, MissingVersionsAndBadImportsAreRefused) {
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->GetDefinitionVersion(42).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store->ImportDefinition(Def("a: 1\n", "")).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store->ImportDefinition({"", "a: 1\n", "alice"}).status().code(), StatusCode::kInvalidArgument);
  // Both backends hold only UTF-8 text without NUL (PostgreSQL's text type allows no other).
  for (std::string bad :
       {std::string("a: \xff\n"), std::string("a: \xc3\n"), std::string("a: \xed\xa0\x80\n"), std::string("a\0b", 3)}) {
    EXPECT_EQ(store->ImportDefinition(Def(bad)).status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(store->AppendAudit({bad, "x", "", "{}"}).status().code(), StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(store->AppendAudit({"Siân Ó Brádaigh 𝒜", "x", "", "{\"név\": \"€\"}"}).ok());
  EXPECT_EQ(store->ListDefinitionVersions()->size(), 0u);
  EXPECT_EQ(store->ListAudit(0, 10)->size(), 1u);
  EXPECT_TRUE(Verify(*store).valid);
}

// --- Optimistic concurrency -------------------------------------------------------------

TEST_P(StoreTest, AnUpdateCarriesTheRowVersionItRead) {
  auto store = Open();
  ASSERT_TRUE(store);
  int64_t id = store->ImportDefinition(Def("a: 1\n"))->version.id;
  auto updated = store->UpdateDefinitionNote(id, "approved by the board", 1, "carol");
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->row_version, 2);
  EXPECT_EQ(updated->note, "approved by the board");

  auto stale = store->UpdateDefinitionNote(id, "something else", 1, "dave");
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kConflict);
  EXPECT_NE(stale.status().message().find("row version 2"), std::string::npos) << stale.status().message();
  EXPECT_EQ(store->GetDefinitionVersion(id)->note, "approved by the board");

  auto next = store->UpdateDefinitionNote(id, "approved, minute 12", 2, "dave");
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->row_version, 3);
  EXPECT_EQ(store->UpdateDefinitionNote(999, "x", 1, "dave").status().code(), StatusCode::kNotFound);

  // Two successful updates were audited; the refused ones wrote nothing.
  auto audit = store->ListAudit(0, 10);
  ASSERT_EQ(audit->size(), 3u);
  EXPECT_EQ((*audit)[1].action, "definition.note");
  EXPECT_EQ((*audit)[1].actor, "carol");
  EXPECT_EQ((*audit)[2].detail, "{\"note\":\"approved, minute 12\",\"row_version\":3}");
}

TEST_P(StoreTest, TwoStoresOnOneDatabaseLoseNoUpdate) {
  auto a = Open();
  auto b = Open();  // as a second server process would
  ASSERT_TRUE(a && b);
  int64_t id = a->ImportDefinition(Def("a: 1\n"))->version.id;
  auto read_a = a->GetDefinitionVersion(id);
  auto read_b = b->GetDefinitionVersion(id);
  ASSERT_TRUE(read_a.ok() && read_b.ok());
  ASSERT_TRUE(a->UpdateDefinitionNote(id, "from a", read_a->row_version, "a").ok());
  auto lost = b->UpdateDefinitionNote(id, "from b", read_b->row_version, "b");
  EXPECT_EQ(lost.status().code(), StatusCode::kConflict);
  auto reread = b->GetDefinitionVersion(id);
  ASSERT_TRUE(b->UpdateDefinitionNote(id, reread->note + " and b", reread->row_version, "b").ok());
  EXPECT_EQ(a->GetDefinitionVersion(id)->note, "from a and b");
}

TEST_P(StoreTest, RacingUpdatesOfOneVersionHaveExactlyOneWinner) {
  auto a = Open();
  auto b = Open();
  ASSERT_TRUE(a && b);
  int64_t id = a->ImportDefinition(Def("a: 1\n"))->version.id;
  std::atomic<int> won{0}, conflicted{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      Store& store = i % 2 ? *a : *b;
      auto r = store.UpdateDefinitionNote(id, "writer " + std::to_string(i), 1, "w" + std::to_string(i));
      if (r.ok())
        ++won;
      else if (r.status().code() == StatusCode::kConflict)
        ++conflicted;
      else
        ++other;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won, 1);
  EXPECT_EQ(conflicted, 7);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(a->GetDefinitionVersion(id)->row_version, 2);
  EXPECT_TRUE(Verify(*a).valid);
}

// --- Audit trail ----------------------------------------------------------------------------

TEST_P(StoreTest, AuditEntriesAreChainedListedAndVerified) {
  auto store = Open();
  ASSERT_TRUE(store);
  auto empty = Verify(*store);
  EXPECT_TRUE(empty.valid);
  EXPECT_EQ(empty.entries_checked, 0);
  EXPECT_EQ(empty.head.seq, 0);

  auto first = store->AppendAudit({"alice", "record.read", "person/p-1", "{ \"why\": \"care\", \"at\": [1, 2] }"});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->seq, 1);
  EXPECT_EQ(first->prev_hash, kAuditGenesisHash);
  EXPECT_EQ(first->detail, "{\"at\":[1,2],\"why\":\"care\"}");
  EXPECT_EQ(first->hash, ComputeAuditHash(*first));
  AppendFive(*store);

  auto all = store->ListAudit(0, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 6u);
  for (size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*all)[i].seq, static_cast<int64_t>(i + 1));
    if (i > 0) {
      EXPECT_EQ((*all)[i].prev_hash, (*all)[i - 1].hash);
      EXPECT_LE((*all)[i - 1].at, (*all)[i].at);
    }
  }
  EXPECT_EQ((*all)[0].hash, first->hash);
  auto page = store->ListAudit(2, 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].seq, 3);
  EXPECT_EQ((*page)[1].seq, 4);

  auto ok = Verify(*store);
  EXPECT_TRUE(ok.valid) << ok.problem;
  EXPECT_EQ(ok.entries_checked, 6);
  EXPECT_EQ(ok.head.seq, 6);
  EXPECT_EQ(ok.head.hash, all->back().hash);
}

TEST_P(StoreTest, BadAuditEventsAreRefused) {
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->AppendAudit({"alice", "x", "y", "{not json"}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store->AppendAudit({"alice", "x", "y", "[1]"}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store->AppendAudit({"", "x", "y", "{}"}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store->AppendAudit({"alice", "", "y", "{}"}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store->ListAudit(0, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store->ListAudit(0, 10)->size(), 0u);
  EXPECT_TRUE(store->AppendAudit({"alice", "x", "", ""}).ok()) << "empty detail is {}";
}

TEST_P(StoreTest, ConcurrentWritersFromTwoStoresKeepOneChain) {
  auto a = Open();
  auto b = Open();
  ASSERT_TRUE(a && b);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      Store& store = t % 2 ? *a : *b;
      for (int i = 0; i < 25; ++i) {
        Status s = i % 5 == 0 ? store.ImportDefinition(Def("t: " + std::to_string(t * 100 + i) + "\n")).status()
                              : store.AppendAudit({"w" + std::to_string(t), "test.write", "", "{}"}).status();
        if (!s.ok()) {
          ++failures;
          ADD_FAILURE() << s.ToString();
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  auto result = Verify(*a);
  EXPECT_TRUE(result.valid) << result.problem;
  EXPECT_EQ(result.entries_checked, 200);
  EXPECT_EQ(result.head.seq, 200);
  EXPECT_EQ(a->ListDefinitionVersions()->size(), 40u);
}

TEST_P(StoreTest, TheDatabaseRefusesChangesToTheAuditLog) {
  auto store = Open();
  ASSERT_TRUE(store);
  AppendFive(*store);
  EXPECT_NE(db_->Exec("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").find("append-only"), std::string::npos);
  EXPECT_NE(db_->Exec("DELETE FROM audit_log WHERE seq = 5").find("append-only"), std::string::npos);
  EXPECT_NE(db_->Exec("UPDATE audit_head SET seq = 4").find("forward"), std::string::npos);
  EXPECT_NE(db_->Exec("DELETE FROM audit_head"), "");
  EXPECT_TRUE(Verify(*store).valid);
}

TEST_P(StoreTest, VerifyNamesAnEditedEntry) {
  auto store = Open();
  ASSERT_TRUE(store);
  AppendFive(*store);
  db_->DropAuditGuards();
  ASSERT_EQ(db_->Exec("UPDATE audit_log SET detail = '{\"n\":99}' WHERE seq = 3"), "");
  auto r = Verify(*store);
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.first_bad_seq, 3);
  EXPECT_EQ(r.entries_checked, 2);
  EXPECT_NE(r.problem.find("entry 3 does not match its hash"), std::string::npos) << r.problem;
}

TEST_P(StoreTest, VerifyNamesAnEditWhoseHashWasRecomputed) {
  auto store = Open();
  ASSERT_TRUE(store);
  AppendFive(*store);
  db_->DropAuditGuards();
  AuditEntry forged = (*store->ListAudit(2, 1))[0];
  forged.actor = "mallory";
  forged.hash = ComputeAuditHash(forged);
  ASSERT_EQ(db_->Exec("UPDATE audit_log SET actor = 'mallory', hash = '" + forged.hash + "' WHERE seq = 3"), "");
  auto r = Verify(*store);
  EXPECT_EQ(r.first_bad_seq, 4);
  EXPECT_NE(r.problem.find("entry 4 does not follow entry 3"), std::string::npos) << r.problem;
}

TEST_P(StoreTest, VerifyNamesADeletedEntry) {
  auto store = Open();
  ASSERT_TRUE(store);
  AppendFive(*store);
  db_->DropAuditGuards();
  ASSERT_EQ(db_->Exec("DELETE FROM audit_log WHERE seq = 3"), "");
  auto r = Verify(*store);
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.first_bad_seq, 3);
  EXPECT_NE(r.problem.find("entry 3 is missing"), std::string::npos) << r.problem;
}

TEST_P(StoreTest, VerifyNamesEntriesDeletedFromTheEnd) {
  auto store = Open();
  ASSERT_TRUE(store);
  AppendFive(*store);
  db_->DropAuditGuards();
  ASSERT_EQ(db_->Exec("DELETE FROM audit_log WHERE seq >= 4"), "");
  auto r = Verify(*store);
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.first_bad_seq, 4);
  EXPECT_NE(r.problem.find("entries 4 to 5 are missing from the end"), std::string::npos) << r.problem;
}

TEST_P(StoreTest, VerifyNamesReorderedEntries) {
  auto store = Open();
  ASSERT_TRUE(store);
  AppendFive(*store);
  db_->DropAuditGuards();
  ASSERT_EQ(db_->Exec("UPDATE audit_log SET seq = -2 WHERE seq = 2"), "");
  ASSERT_EQ(db_->Exec("UPDATE audit_log SET seq = 2 WHERE seq = 3"), "");
  ASSERT_EQ(db_->Exec("UPDATE audit_log SET seq = 3 WHERE seq = -2"), "");
  auto r = Verify(*store);
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.first_bad_seq, 2);
  EXPECT_NE(r.problem.find("entry 2"), std::string::npos) << r.problem;
}

TEST_P(StoreTest, VerifyNamesInsertedEntries) {
  auto store = Open();
  ASSERT_TRUE(store);
  AppendFive(*store);
  db_->DropAuditGuards();
  // A forged entry 4, well formed and chained to entry 3, with the old 4 and 5 moved up.
  AuditEntry third = (*store->ListAudit(2, 1))[0];
  AuditEntry forged{4, third.at, "mallory", "test.write", "thing/x", "{}", third.hash, ""};
  forged.hash = ComputeAuditHash(forged);
  ASSERT_EQ(db_->Exec("UPDATE audit_log SET seq = seq + 100 WHERE seq >= 4"), "");
  ASSERT_EQ(db_->Exec("UPDATE audit_log SET seq = seq - 99 WHERE seq >= 100"), "");
  ASSERT_EQ(db_->Exec("INSERT INTO audit_log (seq, at, actor, action, object, detail, prev_hash, hash) VALUES (4, '" +
                      forged.at + "', 'mallory', 'test.write', 'thing/x', '{}', '" + forged.prev_hash + "', '" +
                      forged.hash + "')"),
            "");
  auto r = Verify(*store);
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.first_bad_seq, 5) << r.problem;  // the old entry 4 no longer fits where it now is

  // An entry added past the head, however well formed, was not written by the store.
  ASSERT_EQ(db_->Exec("DELETE FROM audit_log WHERE seq = 4"), "");
  ASSERT_EQ(db_->Exec("UPDATE audit_log SET seq = seq + 100 WHERE seq >= 5"), "");
  ASSERT_EQ(db_->Exec("UPDATE audit_log SET seq = seq - 101 WHERE seq >= 100"), "");
  EXPECT_TRUE(Verify(*store).valid) << "restored";
  AuditEntry fifth = (*store->ListAudit(4, 1))[0];
  AuditEntry extra{6, fifth.at, "mallory", "test.write", "", "{}", fifth.hash, ""};
  extra.hash = ComputeAuditHash(extra);
  ASSERT_EQ(
      db_->Exec("INSERT INTO audit_log (seq, at, actor, action, object, detail, prev_hash, hash) VALUES (6, '" +
                extra.at + "', 'mallory', 'test.write', '', '{}', '" + extra.prev_hash + "', '" + extra.hash + "')"),
      "");
  r = Verify(*store);
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.first_bad_seq, 6);
  EXPECT_NE(r.problem.find("entry 6 was added after the head"), std::string::npos) << r.problem;
}

// --- Accounts -----------------------------------------------------------------------------

namespace accounts_test {
NewUserAccount User(std::string name, std::string roles = "finance") {
  return {std::move(name), "Ms Example", "$argon2id$fake-hash-for-tests", std::move(roles)};
}
SessionRecord SessionFor(std::string username, std::string digest, std::string now = "2026-01-01T09:00:00.000000Z") {
  SessionRecord s;
  s.digest = std::move(digest);
  s.username = std::move(username);
  s.csrf = "csrf-" + s.digest;
  s.created_at = s.rotated_at = now;
  s.expires_at = "2026-01-01T10:00:00.000000Z";
  s.absolute_expires_at = "2026-01-01T21:00:00.000000Z";
  return s;
}
}  // namespace accounts_test

TEST_P(StoreTest, UsersAreCreatedOnceListedChangedAndAudited) {
  using accounts_test::User;
  auto store = Open();
  ASSERT_TRUE(store);
  auto created = store->CreateUser(User("fin"), "admin");
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->roles, "finance");
  EXPECT_EQ(created->created_by, "admin");
  auto again = store->CreateUser(User("fin"), "admin");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  ASSERT_TRUE(store->CreateUser(User("ann", "analyst"), "admin").ok());
  auto users = store->ListUsers();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].username, "ann");
  UserChange change;
  change.disabled = true;
  change.roles = "finance,analyst";
  auto changed = store->UpdateUser("fin", change, "admin");
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  EXPECT_TRUE(changed->disabled);
  EXPECT_EQ(changed->row_version, 2);
  auto found = store->FindUser("fin");
  ASSERT_TRUE(found.ok() && *found);
  EXPECT_TRUE((*found)->disabled);
  EXPECT_EQ((*found)->roles, "finance,analyst");
  EXPECT_FALSE(*store->FindUser("nobody"));
  EXPECT_EQ(store->UpdateUser("nobody", change, "admin").status().code(), StatusCode::kNotFound);
  auto audit = store->ListAudit(0, 100);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 3u);
  EXPECT_EQ((*audit)[0].action, "user.create");
  EXPECT_EQ((*audit)[2].action, "user.update");
  EXPECT_EQ((*audit)[2].detail.find("argon2"), std::string::npos) << "no password hash in the audit trail";
  EXPECT_TRUE(Verify(*store).valid);
}

TEST_P(StoreTest, SessionsAreFoundRotatedAndEnded) {
  using namespace accounts_test;
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->CreateUser(User("fin"), "admin").ok());
  ASSERT_TRUE(store->RecordSignInFailure("fin", "127.0.0.1").ok());
  auto counts = store->CountSignInFailures("fin", "127.0.0.1", "2000-01-01T00:00:00.000000Z");
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->for_user, 1);
  EXPECT_EQ(counts->from_remote, 1);
  ASSERT_TRUE(store->CreateSession(SessionFor("fin", "d1"), "127.0.0.1").ok());
  EXPECT_EQ(store->CountSignInFailures("fin", "x", "2000-01-01T00:00:00.000000Z")->for_user, 0)
      << "signing in clears the failures";
  auto found = store->FindSession("d1");
  ASSERT_TRUE(found.ok() && *found) << found.status().ToString();
  EXPECT_EQ((*found)->first.csrf, "csrf-d1");
  EXPECT_EQ((*found)->second.username, "fin");
  EXPECT_FALSE(*store->FindSession("nope"));

  SessionRecord next = SessionFor("fin", "d2", "2026-01-01T09:30:00.000000Z");
  next.csrf = "csrf-d1";
  ASSERT_TRUE(store->RotateSession("d1", next, "2026-01-01T09:31:00.000000Z").ok());
  EXPECT_EQ((*store->FindSession("d1"))->first.expires_at, "2026-01-01T09:31:00.000000Z");
  EXPECT_TRUE(*store->FindSession("d2"));

  ASSERT_TRUE(store->EndSession("d2", "fin").ok());
  EXPECT_FALSE(*store->FindSession("d2"));
  ASSERT_TRUE(store->EndSession("d2", "fin").ok()) << "ending a session twice is harmless";

  // Disabling a user ends their sessions.
  ASSERT_TRUE(store->CreateSession(SessionFor("fin", "d3"), "127.0.0.1").ok());
  UserChange disable;
  disable.disabled = true;
  ASSERT_TRUE(store->UpdateUser("fin", disable, "admin").ok());
  EXPECT_FALSE(*store->FindSession("d3"));
  EXPECT_TRUE(Verify(*store).valid);
}

TEST_P(StoreTest, ApiTokensAreFoundListedAndRevoked) {
  using namespace accounts_test;
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->CreateUser(User("bot", "analyst"), "admin").ok());
  auto token = store->CreateApiToken("tokdigest", "bot", "nightly extract", "admin");
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  auto found = store->FindApiToken("tokdigest");
  ASSERT_TRUE(found.ok() && *found);
  EXPECT_EQ((*found)->first.label, "nightly extract");
  EXPECT_EQ((*found)->second.roles, "analyst");
  EXPECT_FALSE((*found)->first.revoked);
  EXPECT_EQ(store->ListApiTokens("bot")->size(), 1u);
  ASSERT_TRUE(store->RevokeApiToken(token->id, "admin").ok());
  EXPECT_TRUE((*store->FindApiToken("tokdigest"))->first.revoked);
  EXPECT_EQ(store->RevokeApiToken(999, "admin").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store->CreateApiToken("t2", "nobody", "x", "admin").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Verify(*store).valid);
}


// --- Meetings: decisions and minutes -----------------------------------------------------

TEST_P(StoreTest, DecisionsAreRecordedOncePerItemCorrectedWithTheRowVersionAndAudited) {
  auto store = Open();
  ASSERT_TRUE(store);
  NewMeetingDecision d{"board-2025-05", "5", "Approved the hospice grants", "approved",
                       "{\"counted\": 9, \"quorate\": true}", "[{\"person\": \"p-x\"}]"};
  auto first = store->RecordDecision(d, "gov");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->row_version, 1);
  EXPECT_EQ(first->recorded_by, "gov");
  EXPECT_EQ(first->quorum_json, "{\"counted\":9,\"quorate\":true}");
  EXPECT_EQ(store->RecordDecision(d, "gov").status().code(), StatusCode::kConflict) << "one decision per item";
  d.text = "Approved the hospice grants with conditions";
  d.expected_row_version = 1;
  auto corrected = store->RecordDecision(d, "gov2");
  ASSERT_TRUE(corrected.ok()) << corrected.status().ToString();
  EXPECT_EQ(corrected->row_version, 2);
  EXPECT_EQ(corrected->recorded_by, "gov2");
  EXPECT_EQ(store->RecordDecision(d, "gov").status().code(), StatusCode::kConflict) << "a stale row version";
  NewMeetingDecision other{"board-2025-05", "2", "Approved the budget", "approved"};
  ASSERT_TRUE(store->RecordDecision(other, "gov").ok());
  NewMeetingDecision elsewhere{"pc-2025-06", "2", "Deferred", "deferred"};
  ASSERT_TRUE(store->RecordDecision(elsewhere, "gov").ok());
  NewMeetingDecision missing{"pc-2025-06", "9", "x", "approved", "{}", "[]", 3};
  EXPECT_EQ(store->RecordDecision(missing, "gov").status().code(), StatusCode::kNotFound);
  NewMeetingDecision bad{"pc-2025-06", "3", "x", "approved", "[1]"};
  EXPECT_EQ(store->RecordDecision(bad, "gov").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store->RecordDecision({"m", "1", "", "approved"}, "gov").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store->RecordDecision(other, "").status().code(), StatusCode::kInvalidArgument);

  auto board = store->ListDecisions("board-2025-05");
  ASSERT_TRUE(board.ok());
  ASSERT_EQ(board->size(), 2u);
  EXPECT_EQ((*board)[0].item_number, "5");
  EXPECT_EQ((*board)[0].text, "Approved the hospice grants with conditions");
  EXPECT_EQ(store->ListDecisions("")->size(), 3u);
  auto audit = store->ListAudit(0, 100);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 4u) << "one entry per write, none for refusals";
  EXPECT_EQ((*audit)[0].action, "decision.record");
  EXPECT_EQ((*audit)[0].object, "meeting/board-2025-05/item/5");
  EXPECT_EQ((*audit)[1].action, "decision.correct");
  EXPECT_EQ((*audit)[1].actor, "gov2");
  EXPECT_TRUE(Verify(*store).valid);
}

TEST_P(StoreTest, MinutesAreDraftedWithTheRowVersionApprovedOnceAndAudited) {
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_FALSE(*store->GetMinutes("board-2025-05"));
  auto draft = store->SaveMinutes("board-2025-05", "Public part.", "Confidential part.", 0, "gov");
  ASSERT_TRUE(draft.ok()) << draft.status().ToString();
  EXPECT_EQ(draft->status, "draft");
  EXPECT_EQ(draft->row_version, 1);
  EXPECT_EQ(store->SaveMinutes("board-2025-05", "x", "y", 0, "gov").status().code(), StatusCode::kConflict);
  auto edited = store->SaveMinutes("board-2025-05", "Public part, corrected.", "Confidential part.", 1, "gov");
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  EXPECT_EQ(edited->row_version, 2);
  EXPECT_EQ(store->SaveMinutes("board-2025-05", "x", "y", 1, "gov").status().code(), StatusCode::kConflict);
  EXPECT_EQ(store->SaveMinutes("nope", "x", "y", 4, "gov").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store->ApproveMinutes("board-2025-05", 1, "chair").status().code(), StatusCode::kConflict);
  EXPECT_EQ(store->ApproveMinutes("nope", 1, "chair").status().code(), StatusCode::kNotFound);
  auto approved = store->ApproveMinutes("board-2025-05", 2, "chair");
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(approved->status, "approved");
  EXPECT_EQ(approved->approved_by, "chair");
  EXPECT_EQ(approved->row_version, 3);
  EXPECT_EQ(store->ApproveMinutes("board-2025-05", 3, "chair").status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store->SaveMinutes("board-2025-05", "x", "y", 3, "gov").status().code(),
            StatusCode::kFailedPrecondition)
      << "approved minutes do not change";
  auto read = store->GetMinutes("board-2025-05");
  ASSERT_TRUE(read.ok() && *read);
  EXPECT_EQ((*read)->public_text, "Public part, corrected.");
  EXPECT_EQ((*read)->confidential_text, "Confidential part.");
  auto audit = store->ListAudit(0, 100);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 3u);
  EXPECT_EQ((*audit)[0].action, "minutes.save");
  EXPECT_EQ((*audit)[2].action, "minutes.approve");
  EXPECT_EQ((*audit)[2].actor, "chair");
  EXPECT_EQ((*audit)[0].detail.find("Confidential"), std::string::npos) << "the audit records sizes, not text";
  EXPECT_TRUE(Verify(*store).valid);
}

TEST_P(StoreTest, RacingDecisionsOnOneItemHaveExactlyOneWinner) {
  auto store = Open();
  ASSERT_TRUE(store);
  std::atomic<int> won{0}, conflicted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      auto r = store->RecordDecision({"m", "1", "text " + std::to_string(i), "approved"}, "gov");
      if (r.ok()) ++won;
      else if (r.status().code() == StatusCode::kConflict) ++conflicted;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won, 1);
  EXPECT_EQ(conflicted, 3);
  EXPECT_TRUE(Verify(*store).valid);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreTest, testing::Values(Backend::kSqlite), BackendName);
INSTANTIATE_TEST_SUITE_P(Postgres, StoreTest, testing::Values(Backend::kPostgres), BackendName);

// --- Backend-specific -------------------------------------------------------------------

TEST(SqliteStore, UsesWalAndAdoptsTheServersFirstDatabase) {
  SqliteDatabase db;
  // The table the server's first definition store made, with a row in it.
  ASSERT_EQ(db.Exec("CREATE TABLE definition_versions (id INTEGER PRIMARY KEY AUTOINCREMENT, file_name TEXT NOT NULL, "
                    "text TEXT NOT NULL, imported_at TEXT NOT NULL) STRICT; "
                    "INSERT INTO definition_versions (file_name, text, imported_at) "
                    "VALUES ('ics.yaml', 'a: 1\n', '2025-01-01T00:00:00Z');"),
            "");
  auto store = OpenStore(db.url());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(db.Query("PRAGMA journal_mode"), "wal");
  auto v = (*store)->GetDefinitionVersion(1);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->text, "a: 1\n");
  EXPECT_EQ(v->sha256, Sha256Hex("a: 1\n"));
  EXPECT_EQ(db.Query("SELECT sha256 FROM definition_versions WHERE id = 1"), Sha256Hex("a: 1\n"));
  EXPECT_EQ(v->bytes, 5);
  EXPECT_EQ(v->imported_at, "2025-01-01T00:00:00Z");
  EXPECT_EQ((*store)->ImportDefinition({"ics.yaml", "a: 2\n", "alice"})->version.id, 2);
}

TEST(SqliteStore, InMemory) {
  auto store = OpenStore("sqlite::memory:");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE((*store)->ImportDefinition({"ics.yaml", "a: 1\n", "alice"}).ok());
  EXPECT_EQ((*store)->ListDefinitionVersions()->size(), 1u);
  EXPECT_TRUE((*store)->VerifyAudit()->valid);
}

TEST(SqliteStore, AFileThatIsNotADatabaseIsBadInput) {
  SqliteDatabase db;
  {
    FILE* f = std::fopen(db.path().c_str(), "w");
    std::fputs("this is not a database, just some text long enough to fill a header page........", f);
    std::fclose(f);
  }
  auto store = OpenStore(db.url());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument) << store.status().ToString();
  EXPECT_EQ(OpenStore("sqlite:/nonexistent-dir/x/ics.db").status().code(), StatusCode::kInvalidArgument);
}

TEST(PostgresStore, AServerThatIsDownIsUnavailable) {
  auto store = OpenStore("postgresql://ics:secret@/postgres?host=/nonexistent-ics-dir&connect_timeout=2");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(store.status().message().find("secret"), std::string::npos) << store.status().message();
}

}  // namespace
}  // namespace ics::store
