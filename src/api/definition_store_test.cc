#include "api/definition_store.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace ics::api {
namespace {

namespace fs = std::filesystem;

TEST(DefinitionStoreTest, ImportsNewTextAsANewVersion) {
  auto store = DefinitionStore::Open(":memory:");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto latest = (*store)->Latest();
  ASSERT_TRUE(latest.ok());
  EXPECT_FALSE(*latest);

  auto first = (*store)->Import("a.yaml", "system: {name: A}\n", "2026-01-01T00:00:00Z");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->version.id, 1);

  auto same = (*store)->Import("a.yaml", "system: {name: A}\n", "2026-01-02T00:00:00Z");
  ASSERT_TRUE(same.ok());
  EXPECT_FALSE(same->created);
  EXPECT_EQ(same->version.id, 1);
  EXPECT_EQ(same->version.imported_at, "2026-01-01T00:00:00Z");

  auto changed = (*store)->Import("a.yaml", "system: {name: B}\n", "2026-01-03T00:00:00Z");
  ASSERT_TRUE(changed.ok());
  EXPECT_TRUE(changed->created);
  EXPECT_EQ(changed->version.id, 2);

  auto now = (*store)->Latest();
  ASSERT_TRUE(now.ok() && *now);
  EXPECT_EQ((*now)->text, "system: {name: B}\n");
  EXPECT_EQ((*now)->file_name, "a.yaml");
  EXPECT_EQ((*now)->bytes, 18);

  auto all = (*store)->List();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, 2);
  EXPECT_EQ((*all)[1].id, 1);
  EXPECT_EQ((*all)[1].imported_at, "2026-01-01T00:00:00Z");
}

TEST(DefinitionStoreTest, PersistsAcrossOpens) {
  fs::path path = fs::temp_directory_path() / ("ics-store-test-" + std::to_string(::getpid()) + ".db");
  fs::remove(path);
  {
    auto store = DefinitionStore::Open(path.string());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Import("x.yaml", "text with 'quotes' and ünïcode", UtcTimestamp()).ok());
  }
  {
    auto store = DefinitionStore::Open(path.string());
    ASSERT_TRUE(store.ok());
    auto again = (*store)->Import("x.yaml", "text with 'quotes' and ünïcode", UtcTimestamp());
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again->created);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
}

TEST(DefinitionStoreTest, OpenFailsClearly) {
  auto store = DefinitionStore::Open("/nonexistent-dir/for/sure/ics.db");
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("/nonexistent-dir/for/sure/ics.db"), std::string::npos);
}

TEST(DatabaseUrlTest, Parses) {
  EXPECT_EQ(*ParseDatabaseUrl("sqlite:ics.db"), "ics.db");
  EXPECT_EQ(*ParseDatabaseUrl("sqlite:/tmp/a.db"), "/tmp/a.db");
  EXPECT_EQ(*ParseDatabaseUrl("sqlite:///tmp/a.db"), "/tmp/a.db");
  EXPECT_EQ(*ParseDatabaseUrl("plain.db"), "plain.db");
  EXPECT_FALSE(ParseDatabaseUrl("postgresql://host/db").ok());
  EXPECT_FALSE(ParseDatabaseUrl("sqlite:").ok());
}

TEST(DatabaseUrlTest, TimestampShape) {
  std::string t = UtcTimestamp();
  ASSERT_EQ(t.size(), 20u);
  EXPECT_EQ(t[4], '-');
  EXPECT_EQ(t[10], 'T');
  EXPECT_EQ(t.back(), 'Z');
}

}  // namespace
}  // namespace ics::api
