// The audit trail's hash chain: how an entry is hashed and how a sequence of entries is
// verified. Pure functions over values, no I/O; the store streams entries through an
// AuditChainVerifier. Thread-safety: functions are thread-safe; a verifier is not shared.
//
// An entry's hash is SHA-256 (hex) over its canonical bytes, which include the previous
// entry's hash, so editing, deleting, inserting or reordering any entry breaks the chain at
// that entry. The canonical bytes are
//
//   "ics-audit-v1\n" then, for seq, at, actor, action, object, detail and prev_hash in that
//   order, "<length in bytes>:<bytes>\n" (seq written in decimal)
//
// which is unambiguous whatever the fields contain. The first entry's prev_hash is
// kAuditGenesisHash (64 zeros).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ics::store {

inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// One entry of the append-only audit log.
struct AuditEntry {
  int64_t seq = 0;        // 1, 2, 3, ... with no gaps
  std::string at;         // UTC, "2025-01-31T09:15:00.123456Z"
  std::string actor;      // who: a user name, "system", ...
  std::string action;     // what, dotted: "definition.import", "audit.read", ...
  std::string object;     // what it was done to: "definition_version/3", ...
  std::string detail;     // a JSON object, canonical (sorted keys, no spaces)
  std::string prev_hash;  // the hash of entry seq-1 (kAuditGenesisHash for entry 1)
  std::string hash;       // SHA-256 hex over CanonicalAuditBytes(*this)
};

// The newest entry as the store records it beside the log (seq 0 and the genesis hash
// when the log is empty). It lets verification notice entries deleted from the end.
struct AuditHead {
  int64_t seq = 0;
  std::string hash{kAuditGenesisHash};
};

struct AuditVerification {
  bool valid = true;
  int64_t entries_checked = 0;           // entries found intact before the first bad one
  std::optional<int64_t> first_bad_seq;  // the first entry that is missing, altered or out of place
  std::string problem;                   // a sentence naming that entry; empty when valid
  AuditHead head;                        // the head the store recorded
};

// The bytes an entry's hash covers (every field but `hash`).
std::string CanonicalAuditBytes(const AuditEntry& entry);
// SHA-256 hex of CanonicalAuditBytes(entry).
std::string ComputeAuditHash(const AuditEntry& entry);

// Checks entries fed in ascending seq order, then the recorded head.
class AuditChainVerifier {
 public:
  // Returns false once the chain is broken; later entries are ignored.
  bool Add(const AuditEntry& entry);
  // `head` is nullopt when the store's head record itself is missing.
  AuditVerification Finish(const std::optional<AuditHead>& head);

 private:
  void Fail(int64_t seq, std::string problem);

  AuditVerification result_;
  int64_t last_seq_ = 0;
  std::string last_hash_{kAuditGenesisHash};
};

}  // namespace ics::store
