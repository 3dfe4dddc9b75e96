// What a rule's check sees: the system being checked, the as-of date, and indices and
// helpers shared by the rules (seats by role, people, organisations, committees by kind,
// interests by person). Internal to the governance module. Built once per check run;
// immutable afterwards, so rules may read it concurrently.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "governance/rulebook.h"
#include "model/ics.h"

namespace ics::governance {

class CheckContext {
 public:
  CheckContext(const model::IcsSystem& system, const CheckOptions& options);

  const model::IcsSystem& sys() const { return sys_; }
  const Date& as_of() const { return as_of_; }

  const model::Organisation* Org(std::string_view code) const;
  const model::Person* Person(std::string_view id) const;
  const model::Committee* Committee(std::string_view id) const;
  const model::Organisation* Icb() const { return Org(sys_.system.icb); }

  // Board seats in force on the as-of date.
  const std::vector<const model::Seat*>& Seats() const { return seats_; }
  std::vector<const model::Seat*> SeatsWithRole(model::SeatRole role) const;
  std::vector<const model::Seat*> SeatsOfPerson(std::string_view person) const;
  bool IsBoardMember(std::string_view person) const { return !SeatsOfPerson(person).empty(); }
  // Voting members other than chair and CEO.
  std::vector<const model::Seat*> OrdinaryMembers() const;

  // Committees (in force) whose `kind` is `kind` ("audit", "remuneration", ...).
  std::vector<const model::Committee*> CommitteesOfKind(std::string_view kind) const;
  const std::vector<const model::Committee*>& Committees() const { return committees_; }

  std::vector<const model::Interest*> InterestsOf(std::string_view person) const;
  // Employments in force on the as-of date.
  std::vector<const model::Employment*> EmploymentsOf(std::string_view person) const;
  bool EmployedBy(std::string_view person, std::string_view org) const;

  // "Alex Example (p-chair)" for messages; the id alone when unknown.
  std::string PersonLabel(std::string_view id) const;
  // "University Hospitals of Derby and Burton NHS FT (RTG)".
  std::string OrgLabel(std::string_view code) const;

  // Where the board's seats list is (for findings about a missing seat).
  const model::SourceLocation& BoardWhere() const;
  // Where a top-level section would go when it is missing: the system block.
  const model::SourceLocation& SystemWhere() const { return sys_.system.where; }

 private:
  const model::IcsSystem& sys_;
  Date as_of_;
  std::unordered_map<std::string_view, const model::Organisation*> orgs_;
  std::unordered_map<std::string_view, const model::Person*> people_;
  std::unordered_map<std::string_view, const model::Committee*> committees_by_id_;
  std::unordered_map<std::string_view, std::vector<const model::Interest*>> interests_;
  std::vector<const model::Seat*> seats_;
  std::vector<const model::Committee*> committees_;
};

// Builds a checked rule.
Rule Checked(std::string id, std::string area, Severity severity, std::string provenance, std::string citation,
             std::string requirement, std::function<void(const CheckContext&, FindingSink&)> check);
// Builds a rule the definition cannot decide, saying why.
Rule NotCheckable(std::string id, std::string area, Severity severity, std::string provenance, std::string citation,
                  std::string requirement, std::string because);

// One registration function per area (one file each).
void AddBoardRules(std::vector<Rule>* rules);         // BRD-*   board_rules.cc
void AddEligibilityRules(std::vector<Rule>* rules);   // ELG-*   eligibility_rules.cc
void AddMeetingRules(std::vector<Rule>* rules);       // MTG-*   meeting_rules.cc
void AddCommitteeRules(std::vector<Rule>* rules);     // COM-*   committee_rules.cc
void AddDocumentRules(std::vector<Rule>* rules);      // DOC-*   document_rules.cc
void AddDelegationRules(std::vector<Rule>* rules);    // DEL-*   delegation_rules.cc
void AddPlaceRules(std::vector<Rule>* rules);         // PLC-*   place_rules.cc
void AddCollaborativeRules(std::vector<Rule>* rules); // PRC-*   collaborative_rules.cc
void AddPartnershipRules(std::vector<Rule>* rules);   // ICP-*   partnership_rules.cc
void AddTransitionRules(std::vector<Rule>* rules);    // TRN-*   transition_rules.cc
void AddConflictRules(std::vector<Rule>* rules);      // COI-*   conflict_rules.cc

}  // namespace ics::governance
