#include "store/audit_chain.h"

#include <utility>

#include "store/sha256.h"

namespace ics::store {

namespace {

void AppendField(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

std::string Short(const std::string& hash) { return hash.substr(0, 12); }

}  // namespace

std::string CanonicalAuditBytes(const AuditEntry& entry) {
  std::string out = "ics-audit-v1\n";
  AppendField(out, std::to_string(entry.seq));
  AppendField(out, entry.at);
  AppendField(out, entry.actor);
  AppendField(out, entry.action);
  AppendField(out, entry.object);
  AppendField(out, entry.detail);
  AppendField(out, entry.prev_hash);
  return out;
}

std::string ComputeAuditHash(const AuditEntry& entry) { return Sha256Hex(CanonicalAuditBytes(entry)); }

void AuditChainVerifier::Fail(int64_t seq, std::string problem) {
  result_.valid = false;
  result_.first_bad_seq = seq;
  result_.problem = std::move(problem);
}

bool AuditChainVerifier::Add(const AuditEntry& entry) {
  if (!result_.valid) return false;
  const int64_t expected = last_seq_ + 1;
  if (entry.seq != expected) {
    if (entry.seq > expected) {
      Fail(expected, "entry " + std::to_string(expected) + " is missing: the log goes from entry " +
                         std::to_string(last_seq_) + " to entry " + std::to_string(entry.seq));
    } else {
      Fail(entry.seq,
           "entry " + std::to_string(entry.seq) + " is out of order (expected entry " + std::to_string(expected) + ")");
    }
    return false;
  }
  if (ComputeAuditHash(entry) != entry.hash) {
    Fail(entry.seq, "entry " + std::to_string(entry.seq) +
                        " does not match its hash: it was edited, or moved here from another position");
    return false;
  }
  if (entry.prev_hash != last_hash_) {
    Fail(entry.seq, "entry " + std::to_string(entry.seq) + " does not follow entry " + std::to_string(last_seq_) +
                        ": it records the previous hash as " + Short(entry.prev_hash) + "..., but entry " +
                        std::to_string(last_seq_) + "'s hash is " + Short(last_hash_) +
                        "... (an entry was inserted, replaced or reordered)");
    return false;
  }
  last_seq_ = entry.seq;
  last_hash_ = entry.hash;
  ++result_.entries_checked;
  return true;
}

AuditVerification AuditChainVerifier::Finish(const std::optional<AuditHead>& head) {
  if (!head) {
    if (result_.valid) {
      result_.valid = false;
      result_.problem = "the audit head record (the newest entry's seq and hash) is missing";
    }
    return result_;
  }
  result_.head = *head;
  if (!result_.valid) return result_;
  if (head->seq > last_seq_) {
    const int64_t first = last_seq_ + 1;
    std::string which = head->seq == first
                            ? "entry " + std::to_string(first) + " is"
                            : "entries " + std::to_string(first) + " to " + std::to_string(head->seq) + " are";
    Fail(first, which + " missing from the end of the log (the head records entry " + std::to_string(head->seq) + ")");
  } else if (head->seq < last_seq_) {
    Fail(head->seq + 1, "entry " + std::to_string(head->seq + 1) +
                            " was added after the head the store recorded (entry " + std::to_string(head->seq) +
                            "): it was not written by the store");
  } else if (head->hash != last_hash_) {
    Fail(last_seq_, "entry " + std::to_string(last_seq_) + " does not match the hash the head recorded for it");
  }
  return result_;
}

}  // namespace ics::store
