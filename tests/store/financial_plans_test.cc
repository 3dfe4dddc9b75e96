// The financial-plan tables (store/financial_plans.h) on SQLite (a temporary file) and
// PostgreSQL (a fresh database on the server the store_postgres fixture started; its URL
// comes in ICS_TEST_POSTGRES_URL): ledger imports with their lines, a new import replacing
// a year's current ledger while earlier imports stay listed, bad lines refused with nothing
// stored, and every import audited.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <vector>
#include <memory>
#include <string>

#include "store/financial_plans.h"
#include "store/sha256.h"
#include "store/store.h"

namespace ics::store {
namespace {

enum class Backend { kSqlite, kPostgres };
void PrintTo(Backend backend, std::ostream* os) { *os << (backend == Backend::kSqlite ? "sqlite" : "postgres"); }

// A fresh, empty database for one test.
class FreshDatabase {
 public:
  explicit FreshDatabase(Backend backend) {
    if (backend == Backend::kSqlite) {
      char pattern[] = "/tmp/ics-plans-test-XXXXXX";
      dir_ = ::mkdtemp(pattern);
      url_ = "sqlite:" + dir_ + "/ics.db";
      return;
    }
    const char* admin = std::getenv("ICS_TEST_POSTGRES_URL");
    if (!admin || !*admin) return;
    admin_ = admin;
    static std::atomic<int> counter{0};
    name_ = "plans_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    EXPECT_EQ(Run(admin_, "CREATE DATABASE " + name_), "");
    size_t slash = admin_.find('/', admin_.find("://") + 3);
    size_t end = admin_.find('?', slash);
    url_ = admin_.substr(0, slash + 1) + name_ + (end == std::string::npos ? "" : admin_.substr(end));
  }
  ~FreshDatabase() {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!name_.empty()) Run(admin_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  }
  const std::string& url() const { return url_; }

 private:
  static std::string Run(const std::string& url, const std::string& sql) {
    PGconn* conn = PQconnectdb(url.c_str());
    std::string error;
    if (PQstatus(conn) != CONNECTION_OK) {
      error = PQerrorMessage(conn);
    } else {
      PGresult* r = PQexec(conn, sql.c_str());
      if (PQresultStatus(r) != PGRES_COMMAND_OK) error = PQresultErrorMessage(r);
      PQclear(r);
    }
    PQfinish(conn);
    return error;
  }

  std::string dir_, admin_, name_, url_;
};

class FinancialPlansTest : public testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres) {
      const char* url = std::getenv("ICS_TEST_POSTGRES_URL");
      if (!url || !*url) GTEST_SKIP() << "ICS_TEST_POSTGRES_URL is not set (ctest starts a server and sets it)";
    }
    db_ = std::make_unique<FreshDatabase>(GetParam());
    auto store = OpenStore(db_->url());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }

  FinancialPlanTables& plans() { return store_->financial_plans(); }

  // Twelve months of one series: plan £1,000k a month (100,000,000p), actuals for the
  // first `reported` months at `actual_pence`.
  static void AddSeries(std::vector<PlanLine>* lines, const std::string& org, const std::string& kind,
                        const std::string& category, int reported, int64_t actual_pence) {
    for (int m = 0; m < 12; ++m) {
      PlanLine l{org, org == "QJ2" ? "NHS Derby and Derbyshire ICB" : "", kind, category, m, 100'000'000, {}, ""};
      if (m < reported) l.actual_pence = actual_pence;
      l.where = "ledger.csv:" + std::to_string(lines->size() + 2);
      lines->push_back(std::move(l));
    }
  }

  static NewLedgerImport Ledger(const std::string& year, const std::string& text, int reported) {
    NewLedgerImport in{year, "ledger.csv", Sha256Hex(text), static_cast<int64_t>(text.size()), {}};
    AddSeries(&in.lines, "QJ2", "income", "allocation", reported, 100'000'000);
    AddSeries(&in.lines, "QJ2", "expenditure", "RTG contract", reported, 100'250'000);
    return in;
  }

  std::unique_ptr<FreshDatabase> db_;
  std::unique_ptr<Store> store_;
};

TEST_P(FinancialPlansTest, AnImportIsStoredWithItsLinesAndAudited) {
  auto stored = plans().ImportLedger(Ledger("2025/26", "csv text", 6), "fiona");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_GT(stored->id, 0);
  EXPECT_EQ(stored->year, "2025/26");
  EXPECT_EQ(stored->rows, 24);
  EXPECT_EQ(stored->sha256, Sha256Hex("csv text"));
  EXPECT_EQ(stored->bytes, 8);
  EXPECT_EQ(stored->imported_by, "fiona");
  EXPECT_TRUE(stored->current);

  auto current = plans().CurrentLedger("2025/26");
  ASSERT_TRUE(current.ok()) << current.status().ToString();
  ASSERT_TRUE(current->has_value());
  const StoredLedger& ledger = **current;
  EXPECT_EQ(ledger.import.id, stored->id);
  EXPECT_EQ(ledger.import.imported_at, stored->imported_at);
  ASSERT_EQ(ledger.lines.size(), 24u);
  // In the order imported, pence exact, an unreported actual absent (not zero).
  EXPECT_EQ(ledger.lines[0].organisation, "QJ2");
  EXPECT_EQ(ledger.lines[0].name, "NHS Derby and Derbyshire ICB");
  EXPECT_EQ(ledger.lines[0].kind, "income");
  EXPECT_EQ(ledger.lines[0].category, "allocation");
  EXPECT_EQ(ledger.lines[0].where, "ledger.csv:2");
  EXPECT_EQ(ledger.lines[13].category, "RTG contract");
  EXPECT_EQ(ledger.lines[13].month, 1);
  EXPECT_EQ(ledger.lines[13].plan_pence, 100'000'000);
  EXPECT_EQ(ledger.lines[13].actual_pence, 100'250'000);
  EXPECT_FALSE(ledger.lines[18].actual_pence.has_value());

  auto audit = store_->ListAudit(0, 100);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].actor, "fiona");
  EXPECT_EQ((*audit)[0].action, "ledger.import");
  EXPECT_EQ((*audit)[0].object, "ledger_import/" + std::to_string(stored->id));
  EXPECT_NE((*audit)[0].detail.find("\"rows\":24"), std::string::npos) << (*audit)[0].detail;
  auto verified = store_->VerifyAudit();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->valid);
}

TEST_P(FinancialPlansTest, ANewImportReplacesTheYearAndTheOldOneStaysListed) {
  auto first = plans().ImportLedger(Ledger("2025/26", "month 6", 6), "fiona");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto other_year = plans().ImportLedger(Ledger("2024/25", "outturn", 12), "fiona");
  ASSERT_TRUE(other_year.ok());
  auto second = plans().ImportLedger(Ledger("2025/26", "month 7", 7), "george");
  ASSERT_TRUE(second.ok());

  auto current = plans().CurrentLedger("2025/26");
  ASSERT_TRUE(current.ok() && current->has_value());
  EXPECT_EQ((*current)->import.id, second->id);
  EXPECT_EQ((*current)->import.imported_by, "george");
  EXPECT_TRUE((*current)->lines[6].actual_pence.has_value());  // October reported in the new one

  auto year = plans().ListImports("2025/26");
  ASSERT_TRUE(year.ok());
  ASSERT_EQ(year->size(), 2u);  // newest first; the replaced one kept as history
  EXPECT_EQ((*year)[0].id, second->id);
  EXPECT_TRUE((*year)[0].current);
  EXPECT_EQ((*year)[1].id, first->id);
  EXPECT_FALSE((*year)[1].current);
  auto all = plans().ListImports();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_TRUE((*all)[1].current);  // 2024/25's only import is its year's current one

  // The replaced import still has its own lines.
  auto old = plans().GetImport(first->id);
  ASSERT_TRUE(old.ok());
  EXPECT_FALSE(old->import.current);
  ASSERT_EQ(old->lines.size(), 24u);
  EXPECT_FALSE(old->lines[6].actual_pence.has_value());

  auto audit = store_->ListAudit(0, 100);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 3u);
  EXPECT_NE((*audit)[2].detail.find("\"replaces\":" + std::to_string(first->id)), std::string::npos)
      << (*audit)[2].detail;
}

TEST_P(FinancialPlansTest, AYearWithoutImportsHasNoLedger) {
  auto current = plans().CurrentLedger("2023/24");
  ASSERT_TRUE(current.ok());
  EXPECT_FALSE(current->has_value());
  auto missing = plans().GetImport(42);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST_P(FinancialPlansTest, BadImportsAreRefusedWithTheFieldAndNothingIsStored) {
  struct Case {
    std::string name;
    std::function<void(NewLedgerImport&, std::string&)> spoil;
    std::string where;
  };
  const std::vector<Case> cases = {
      {"year", [](NewLedgerImport& l, std::string&) { l.year = "2025/27"; }, "year"},
      {"file name", [](NewLedgerImport& l, std::string&) { l.file_name.clear(); }, "file_name"},
      {"actor", [](NewLedgerImport&, std::string& actor) { actor.clear(); }, "actor"},
      {"no lines", [](NewLedgerImport& l, std::string&) { l.lines.clear(); }, "lines"},
      {"kind", [](NewLedgerImport& l, std::string&) { l.lines[3].kind = "transfer"; }, "ledger.csv:5"},
      {"month", [](NewLedgerImport& l, std::string&) { l.lines[3].month = 12; }, "ledger.csv:5"},
      {"duplicate", [](NewLedgerImport& l, std::string&) { l.lines[3].month = 2; }, "ledger.csv:5"},
      {"organisation", [](NewLedgerImport& l, std::string&) { l.lines[0].organisation.clear(); }, "ledger.csv:2"},
      {"not UTF-8", [](NewLedgerImport& l, std::string&) { l.lines[1].category = "bad \xff"; }, "category"},
  };
  for (const Case& c : cases) {
    NewLedgerImport in = Ledger("2025/26", "x", 6);
    std::string actor = "fiona";
    c.spoil(in, actor);
    auto r = plans().ImportLedger(in, actor);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.name;
    EXPECT_EQ(r.status().where(), c.where) << c.name << ": " << r.status().ToString();
  }
  auto all = plans().ListImports();
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());
  auto audit = store_->ListAudit(0, 100);
  ASSERT_TRUE(audit.ok());
  EXPECT_TRUE(audit->empty());
}

TEST_P(FinancialPlansTest, ImportsSurviveReopening) {
  ASSERT_TRUE(plans().ImportLedger(Ledger("2025/26", "x", 3), "fiona").ok());
  store_.reset();
  auto reopened = OpenStore(db_->url());
  ASSERT_TRUE(reopened.ok());
  auto current = (*reopened)->financial_plans().CurrentLedger("2025/26");
  ASSERT_TRUE(current.ok() && current->has_value());
  EXPECT_EQ((*current)->lines.size(), 24u);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, FinancialPlansTest, testing::Values(Backend::kSqlite),
                         [](const auto&) { return std::string("sqlite"); });
INSTANTIATE_TEST_SUITE_P(Postgres, FinancialPlansTest, testing::Values(Backend::kPostgres),
                         [](const auto&) { return std::string("postgres"); });

}  // namespace
}  // namespace ics::store
