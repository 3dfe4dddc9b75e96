#include "store/audit_chain.h"

#include <gtest/gtest.h>

#include <vector>

#include "store/sha256.h"

namespace ics::store {
namespace {

std::vector<AuditEntry> Chain(int n) {
  std::vector<AuditEntry> out;
  std::string prev(kAuditGenesisHash);
  for (int i = 1; i <= n; ++i) {
    AuditEntry e;
    e.seq = i;
    e.at = "2025-01-01T00:00:0" + std::to_string(i % 10) + ".000000Z";
    e.actor = "alice";
    e.action = "test.write";
    e.object = "thing/" + std::to_string(i);
    e.detail = "{\"n\":" + std::to_string(i) + "}";
    e.prev_hash = prev;
    e.hash = ComputeAuditHash(e);
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

AuditVerification Verify(const std::vector<AuditEntry>& entries, std::optional<AuditHead> head) {
  AuditChainVerifier verifier;
  for (const auto& e : entries) verifier.Add(e);
  return verifier.Finish(head);
}

AuditHead HeadOf(const std::vector<AuditEntry>& entries) {
  return entries.empty() ? AuditHead{} : AuditHead{entries.back().seq, entries.back().hash};
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(AuditChain, CanonicalBytesAreLengthPrefixed) {
  AuditEntry e;
  e.seq = 7;
  e.at = "t";
  e.actor = "a:b";
  e.action = "x";
  e.object = "";
  e.detail = "{}";
  e.prev_hash = "p";
  EXPECT_EQ(CanonicalAuditBytes(e), "ics-audit-v1\n1:7\n1:t\n3:a:b\n1:x\n0:\n2:{}\n1:p\n");
  // Moving bytes between fields changes the hash.
  AuditEntry shifted = e;
  shifted.actor = "a";
  shifted.action = ":bx";
  EXPECT_NE(ComputeAuditHash(e), ComputeAuditHash(shifted));
}

TEST(AuditChain, EmptyAndIntactChainsVerify) {
  auto empty = Verify({}, AuditHead{});
  EXPECT_TRUE(empty.valid);
  EXPECT_EQ(empty.entries_checked, 0);
  auto chain = Chain(5);
  auto ok = Verify(chain, HeadOf(chain));
  EXPECT_TRUE(ok.valid) << ok.problem;
  EXPECT_EQ(ok.entries_checked, 5);
  EXPECT_FALSE(ok.first_bad_seq);
}

TEST(AuditChain, EditedEntryIsNamed) {
  auto chain = Chain(5);
  auto head = HeadOf(chain);
  chain[2].detail = "{\"n\":99}";
  auto r = Verify(chain, head);
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.first_bad_seq, 3);
  EXPECT_EQ(r.entries_checked, 2);
  EXPECT_NE(r.problem.find("entry 3"), std::string::npos) << r.problem;
}

TEST(AuditChain, EditWithRecomputedHashBreaksTheNextLink) {
  auto chain = Chain(5);
  auto head = HeadOf(chain);
  chain[2].actor = "mallory";
  chain[2].hash = ComputeAuditHash(chain[2]);
  auto r = Verify(chain, head);
  EXPECT_EQ(r.first_bad_seq, 4);
  EXPECT_NE(r.problem.find("does not follow entry 3"), std::string::npos) << r.problem;
}

TEST(AuditChain, DeletedEntriesAreNamed) {
  auto chain = Chain(5);
  auto head = HeadOf(chain);
  auto middle = chain;
  middle.erase(middle.begin() + 1);
  auto r = Verify(middle, head);
  EXPECT_EQ(r.first_bad_seq, 2);
  EXPECT_NE(r.problem.find("entry 2 is missing"), std::string::npos) << r.problem;

  auto first = chain;
  first.erase(first.begin());
  EXPECT_EQ(Verify(first, head).first_bad_seq, 1);

  auto tail = chain;
  tail.pop_back();
  tail.pop_back();
  r = Verify(tail, head);
  EXPECT_EQ(r.first_bad_seq, 4);
  EXPECT_NE(r.problem.find("entries 4 to 5 are missing from the end"), std::string::npos) << r.problem;
}

TEST(AuditChain, ReorderedEntriesAreNamed) {
  auto chain = Chain(5);
  auto head = HeadOf(chain);
  std::swap(chain[1].seq, chain[2].seq);
  std::swap(chain[1], chain[2]);  // read back in seq order
  auto r = Verify(chain, head);
  EXPECT_EQ(r.first_bad_seq, 2);
}

TEST(AuditChain, EntriesAddedPastTheHeadAreNamed) {
  auto chain = Chain(5);
  AuditHead head{4, chain[3].hash};
  auto r = Verify(chain, head);
  EXPECT_EQ(r.first_bad_seq, 5);
  auto missing_head = Verify(chain, std::nullopt);
  EXPECT_FALSE(missing_head.valid);
}

}  // namespace
}  // namespace ics::store
