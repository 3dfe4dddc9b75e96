#include <gtest/gtest.h>

#include "store/internal/database.h"
#include "store/store.h"

namespace ics::store {
namespace {

TEST(StoreUrl, Sqlite) {
  auto a = ParseStoreUrl("sqlite:ics.db");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->backend, StoreUrl::Backend::kSqlite);
  EXPECT_EQ(a->target, "ics.db");
  EXPECT_EQ(ParseStoreUrl("sqlite:///var/lib/ics/ics.db")->target, "/var/lib/ics/ics.db");
  EXPECT_EQ(ParseStoreUrl("sqlite::memory:")->target, ":memory:");
  EXPECT_EQ(ParseStoreUrl("sqlite:").status().code(), StatusCode::kInvalidArgument);
}

TEST(StoreUrl, Postgres) {
  for (const char* url : {"postgres://ics@localhost/ics", "postgresql:///ics?host=/tmp/pg"}) {
    auto r = ParseStoreUrl(url);
    ASSERT_TRUE(r.ok()) << url;
    EXPECT_EQ(r->backend, StoreUrl::Backend::kPostgres);
    EXPECT_EQ(r->target, url);
  }
}

TEST(StoreUrl, UnknownSchemesAreRefusedWithAHint) {
  auto r = ParseStoreUrl("ics.db");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("sqlite:ics.db"), std::string::npos) << r.status().message();
  EXPECT_FALSE(ParseStoreUrl("mysql://x/y").ok());
}

TEST(StoreUrl, PasswordsAreRedacted) {
  EXPECT_EQ(internal::RedactUrl("postgresql://ics:s3cret@db.example/ics"), "postgresql://ics:***@db.example/ics");
  EXPECT_EQ(internal::RedactUrl("postgresql://db/ics?user=a&password=s3cret&sslmode=require"),
            "postgresql://db/ics?user=a&password=***&sslmode=require");
  EXPECT_EQ(internal::RedactUrl("postgresql://ics@db/ics"), "postgresql://ics@db/ics");
  auto r = ParseStoreUrl("mysql://root:hunter2@x/y");
  EXPECT_EQ(r.status().message().find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace ics::store
