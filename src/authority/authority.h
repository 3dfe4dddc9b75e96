// Authority queries over the functions and decision map and the scheme of reservation and
// delegation: for a decision (function, place, value, date, counterparty) who may take it,
// the chain of delegation from the board (or NHS England) to that decider with the scheme's
// clause at each step, and what is reserved. "Nobody may take it" and "two bodies may both
// take it" are outcomes, not errors. `AuthorityIndex` precomputes the lines per function
// and their parents so that a query touches only the lines of one function. Pure: no I/O,
// no clock (the date is part of the query). A built index is immutable and may be queried
// concurrently; it refers to the `IcsSystem` it was built from, which must outlive it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "model/ics.h"

namespace ics::authority {

// A decision someone wants to take.
struct DecisionQuery {
  std::string function;      // a function id of the map, its name, or the scheme's wording
  std::string place;         // place id; empty for a system-wide decision
  int64_t value_pence = 0;   // the decision's value (whole-life contract value), 0 when none
  Date date;                 // the day the decision is taken
  std::string counterparty;  // organisation code of the other party, when there is one
};

enum class Outcome {
  kDelegated,    // a delegation of the scheme covers it: the decider is named
  kReserved,     // reserved to the board by the scheme
  kAboveLimits,  // above every delegated limit, so the board decides (DEL-008)
  kRetained,     // no delegation in force: the board holds the ICB's own functions
  kNobody,       // nobody may take it (e.g. NHS England has not delegated the function then)
  kAmbiguous,    // two or more bodies may each take it
};
std::string_view Name(Outcome outcome);  // "delegated", "reserved", ...

// One link of a chain of delegation.
struct Step {
  std::string holder;        // "nhs_england", "board", committee id, place id, "role:<id>", org code, person id
  std::string holder_label;  // "the Finance Committee (finance)"
  std::string delegation;    // the scheme line giving the holder its authority; empty for the root
  std::string clause;        // that line's clause
  std::optional<int64_t> limit_pence;  // that line's limit
  std::string statutory_basis;
};

struct Decider {
  std::string holder;
  std::string holder_label;
  std::vector<std::string> people;      // who decides: the role holder, or the body's voting members
  std::vector<Step> chain;              // root first, the decider last
  std::optional<int64_t> limit_pence;   // the smallest limit along the chain (none: unlimited)
};

struct Reservation {
  std::string delegation;
  std::string clause;
  std::string statutory_basis;
};

struct AuthorityAnswer {
  Outcome outcome = Outcome::kNobody;
  std::string function;        // the resolved function key (map id, or the scheme's wording)
  std::string function_name;
  std::vector<Decider> deciders;         // one; several when ambiguous; none when nobody
  std::vector<Reservation> reserved;     // reservations in force for the function
  std::vector<std::string> notes;        // lines passed over and why, conflicts, escalations
  std::string summary;                   // one sentence answering "who may take this?"
  // A decision nobody may take, or that two bodies may both take, is a finding.
  bool IsFinding() const { return outcome == Outcome::kNobody || outcome == Outcome::kAmbiguous; }
};

// A function of the map or the scheme, as the index knows it.
struct FunctionEntry {
  std::string key;             // map id, or the scheme's wording (lower case)
  std::string name;
  const model::Function* map = nullptr;  // nullptr when only the scheme names it
  model::FunctionSource source = model::FunctionSource::kIcb;
  std::vector<size_t> lines;   // indices into IcsSystem::delegations
  std::vector<size_t> any_place;  // the lines without a place restriction (or delegated to a place)
  std::unordered_map<std::string, std::vector<size_t>> by_place;  // lines restricted to each place
};

class AuthorityIndex {
 public:
  explicit AuthorityIndex(const model::IcsSystem& system);

  // Answers a query. InvalidArgument (with "did you mean") for an unknown function, place or
  // counterparty; otherwise an answer whose outcome may be kNobody or kAmbiguous.
  Result<AuthorityAnswer> Query(const DecisionQuery& query) const;

  // OK when `body` ("board" or a committee id) may itself take the decision: the board for
  // any function the ICB holds on the date; a committee (or the committee of a place) when a
  // scheme line in force delegates the function to it, its chain holds and its limit covers
  // the value. FailedPrecondition saying why not; InvalidArgument for a bad query.
  Status MayDecide(const DecisionQuery& query, std::string_view body) const;

  // The function a text names (id, name or wording, ignoring case), or nullptr.
  const FunctionEntry* FindFunction(std::string_view text) const;
  const std::vector<FunctionEntry>& functions() const { return functions_; }

  // "the Finance Committee (finance)", "the board", "the role 'chief_finance_officer' (Jo Money)".
  std::string HolderLabel(std::string_view holder) const;
  // The people who decide for a holder on a date: a role's holder, a person, a committee's
  // (or a place committee's) voting members, the board's voting members.
  std::vector<std::string> HolderPeople(std::string_view holder, const Date& date) const;
  // The committee (or "board") that takes decisions for a holder, empty for individuals and
  // organisations.
  std::string HolderBody(std::string_view holder) const;

  const model::IcsSystem& system() const { return sys_; }

 private:
  struct Chain {
    std::vector<size_t> lines;  // root line first; the line itself last
    std::string root;           // "board" or "nhs_england"
    std::optional<int64_t> limit_pence;
    std::string broken;         // why the chain does not hold on the date, or empty
  };
  Chain BuildChain(size_t line, const Date& date) const;
  bool Applies(const model::Delegation& d, const DecisionQuery& q) const;
  std::vector<std::string> ConflictsOf(const std::vector<std::string>& people, const std::string& org,
                                       const Date& date) const;

  const model::IcsSystem& sys_;
  std::vector<FunctionEntry> functions_;
  std::unordered_map<std::string, size_t> by_key_;  // lower-case id, name or wording -> entry
  std::unordered_map<std::string_view, size_t> line_by_id_;
  std::unordered_map<std::string_view, const model::Committee*> committees_;
  std::unordered_map<std::string_view, const model::Place*> places_;
  std::unordered_map<std::string_view, const model::Role*> roles_;
  std::unordered_map<std::string_view, const model::Organisation*> orgs_;
  std::unordered_map<std::string_view, const model::Person*> people_;
  std::unordered_map<std::string_view, std::vector<const model::Interest*>> interests_;
};

// "£1,250,000" or "£1,250.50".
std::string FormatPounds(int64_t pence);
// Parses "1250000", "1,250,000", "£1250.50" into pence; nullopt when not an amount.
std::optional<int64_t> ParsePounds(std::string_view text);

}  // namespace ics::authority
