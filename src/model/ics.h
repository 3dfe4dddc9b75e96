// The typed model of an Integrated Care System: organisations, the ICB and its board and
// committees, the integrated care partnership, places, provider collaboratives, people,
// declared interests, gifts and hospitality, delegations and the governance documents.
//
// The model is plain data. Every entity carries where it was defined (`where`, plus the
// position of individual fields in `field_where`) so that rules can point at the line of
// the definition a finding is about. References between entities are by id (ODS code for
// organisations, short ids for everything else); the loader guarantees that every
// reference resolves. Thread-safety: a built `IcsSystem` is immutable and may be read
// concurrently.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"

namespace ics::model {

// Where something was defined: "file:line:col" with 1-based line and column.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  bool known() const { return line > 0; }
  std::string ToString() const;
};

// Base of every definition entity: its own location and the location of each field read.
struct Located {
  SourceLocation where;
  std::map<std::string, SourceLocation, std::less<>> field_where;
  // Location of `field` when it was written, else of the entity.
  const SourceLocation& At(std::string_view field) const;
};

// A period of validity; open-ended when a bound is missing.
struct Validity {
  std::optional<Date> from;
  std::optional<Date> to;
  bool ActiveOn(const Date& day) const {
    return (!from || *from <= day) && (!to || day <= *to);
  }
};

// ---------------------------------------------------------------------------------------
// Organisations

enum class OrgKind {
  kIcb,                // an integrated care board (this one or a neighbour)
  kNhsEngland,
  kAcuteTrust,         // NHS trust or foundation trust (see `foundation_trust`)
  kMentalHealthTrust,
  kCommunityTrust,
  kAmbulanceTrust,
  kSpecialistTrust,    // e.g. children's or orthopaedic specialist trust
  kGpPractice,
  kPcn,                // primary care network
  kUpperTierLa,        // county, unitary, metropolitan district, London borough
  kLowerTierLa,        // district council in a two-tier area
  kVcse,               // voluntary, community and social enterprise
  kHealthwatch,
  kIndependentProvider,  // e.g. community interest company, independent sector
  kOther,
};

// Kinds of local authority for the "responsible local authority" test (LGPIHA s.103).
enum class LaType {
  kNone,
  kCounty,
  kUnitary,
  kMetropolitanDistrict,
  kLondonBorough,
  kIslesOfScilly,
  kCityOfLondon,
  kDistrict,  // district in a county that has a county council: not responsible
};

enum class Service { kAcute, kMentalHealth, kCommunity, kAmbulance, kPrimaryCare, kSocialCare, kSpecialist, kOther };

struct Organisation : Located {
  std::string code;  // ODS code (trusts, practices, PCNs, ICBs) or ONS code (local authorities)
  std::string name;
  OrgKind kind = OrgKind::kOther;
  bool foundation_trust = false;
  LaType la_type = LaType::kNone;
  bool social_care = false;          // local authority with social care responsibilities
  std::vector<Service> services;     // defaults from the kind when not written
  std::string pcn;                   // GP practice: its PCN code (may be empty)
  std::string local_authority;       // GP practice: the LA it sits in (ONS code, may be empty)
  std::optional<int64_t> list_size;  // GP practice: registered patients
  std::optional<double> weighted_population;  // GP practice: need-weighted population
  bool in_area = true;               // false for out-of-area partners (e.g. regional ambulance trust is still in area)
  Validity validity;

  bool IsNhsTrust() const;
  bool IsLocalAuthority() const { return kind == OrgKind::kUpperTierLa || kind == OrgKind::kLowerTierLa; }
  // A "responsible local authority" under LGPIHA s.103 (county, unitary/metropolitan
  // district, London borough, Isles of Scilly, City of London).
  bool IsResponsibleLocalAuthority() const;
  bool HasService(Service s) const;
  // A health or care organisation (for chair/NED independence rules): NHS bodies,
  // practices, PCNs, LAs with social care, independent providers.
  bool IsHealthOrCareOrganisation() const;
};

// ---------------------------------------------------------------------------------------
// People

struct Employment : Located {
  std::string org;     // organisation code
  std::string role;    // free text, e.g. "Chief Executive"
  bool executive = false;  // an executive (board-level or director) role
  bool non_executive = false;  // chair or NED of that organisation
  bool elected_member = false;  // councillor of a local authority
  bool secondment = false;      // seconded to the ICB
  Validity validity;
};

enum class Disqualification {
  kMemberOfParliament,          // ELG-004
  kUnderminesIndependence,      // ELG-005 / BRD-012
  kConviction,                  // ELG-006
  kBankruptcyRestrictions,      // ELG-007 / ELG-011 item 2
  kDismissedByHealthBody,       // ELG-008
  kRemovedFromOffice,           // ELG-009
  kCharityTrusteeRemoved,       // ELG-010
  kDirectorDisqualified,        // ELG-010
  kStruckOff,                   // ELG-010 / ELG-011 item 8
  kBarredList,                  // ELG-010 / ELG-011 item 5
  kUndischargedBankrupt,        // ELG-011 item 1
  kDebtReliefOrder,             // ELG-011 item 3
  kCreditorArrangement,         // ELG-011 item 4
  kProhibitedByEnactment,       // ELG-011 item 6
  kSeriousMisconduct,           // ELG-011 reg 5(3)(d)
};

struct FitAndProper : Located {
  std::optional<Date> last_assessed;
  bool passed = false;
};

struct Person : Located {
  std::string id;
  std::string name;
  std::vector<Employment> employments;
  std::vector<Disqualification> disqualifications;
  std::optional<FitAndProper> fit_and_proper;
  std::optional<bool> nolan_undertaking;       // upholds the Seven Principles (ELG-002)
  bool mental_health_expertise = false;        // BRD-011
  bool finance_audit_expertise = false;        // COM-002 / ELG-015
  bool primary_medical_services = false;       // engaged in providing PMS (ELG-016)
  std::optional<Date> interests_declared;      // last declaration of interests (nil or not)
  Validity validity;
};

// ---------------------------------------------------------------------------------------
// The ICB board

enum class SeatRole {
  kChair, kCeo, kExecFinance, kExecMedical, kExecNursing, kExecOther,
  kNed, kPartnerTrust, kPartnerPms, kPartnerLa, kOtherOrdinary,
  kParticipant, kAttendee,  // non-voting
};

struct Seat : Located {
  SeatRole role = SeatRole::kOtherOrdinary;
  std::string person;                     // person id
  std::vector<std::string> nominated_by;  // organisation codes (partner members)
  std::string appointed_by;               // "nhs_england", "chair", "icb", ...
  std::string approved_by;                // "secretary_of_state", "nhs_england", "chair", ...
  bool deputy_chair = false;
  bool senior_ned = false;
  bool voting = true;
  Validity validity;

  bool IsOrdinaryMember() const;  // a voting member other than chair and CEO
  bool IsExecutive() const;
  bool IsIndependentNonExecutive() const { return role == SeatRole::kChair || role == SeatRole::kNed; }
  bool IsPartnerMember() const {
    return role == SeatRole::kPartnerTrust || role == SeatRole::kPartnerPms || role == SeatRole::kPartnerLa;
  }
};

// A quorum rule: a number (or majority) of members including some kinds of member.
struct QuorumRule : Located {
  std::optional<int> count;           // fixed number
  bool majority = false;              // more than half of the voting members
  std::vector<std::string> requires_; // "chair_or_deputy", "executive", "non_executive", "partner"
};

struct Board : Located {
  std::vector<Seat> seats;
  std::optional<QuorumRule> quorum;
  std::optional<bool> meets_in_public;
  std::optional<bool> publishes_papers;
  std::optional<bool> publishes_minutes;
  std::string casting_vote;                     // "chair" or empty
  std::vector<std::string> approved_variations; // rule ids varied with NHS England's agreement
};

// ---------------------------------------------------------------------------------------
// Committees

enum class CommitteeType { kCommittee, kSubCommittee, kJointCommittee, kCommitteesInCommon, kTaskAndFinish, kAdvisory };

struct CommitteeMember : Located {
  std::string person;           // a person id (board member or not)
  bool voting = true;
  bool chair_approved = false;  // appointment approved by the ICB chair (COM-007)
};

struct Committee : Located {
  std::string id;
  std::string name;
  std::string kind;  // audit, remuneration, quality, finance, people, primary_care, place, other...
  CommitteeType type = CommitteeType::kCommittee;
  std::string parent;            // committee id for sub-committees / task-and-finish groups
  std::string chair;             // person id
  std::vector<CommitteeMember> members;
  std::optional<QuorumRule> quorum;
  std::vector<std::string> partners;   // organisation codes (joint committees, committees-in-common)
  std::string statutory_basis;         // e.g. "s.65Z5/s.65Z6"
  bool commissioning_functions = false;
  std::vector<std::string> delegated_functions;
  std::optional<Date> terms_of_reference_approved;  // by the board
  std::optional<bool> terms_of_reference_published;
  std::optional<bool> meets_in_public;  // MTG-001: committees made up of board members meet in public
  Validity validity;
};

// ---------------------------------------------------------------------------------------
// Partnership, places, collaboratives

struct IcpMember : Located {
  std::string person;           // may be empty when only the body is known
  std::string appointed_by;     // organisation code (ICB, responsible LA) or "icp"
  std::string role;
};

struct Icp : Located {
  std::string name;
  std::vector<std::string> bodies;    // organisation codes taking part
  std::vector<IcpMember> members;
  std::string chair;                  // person id
  std::vector<std::string> chair_selected_by;  // organisation codes
  std::optional<QuorumRule> quorum;
};

enum class PlaceGovernance { kConsultativeForum, kIndividualDirector, kCommitteeOfIcb, kJointCommittee, kLeadProvider };

struct Place : Located {
  std::string id;
  std::string name;
  std::vector<std::string> footprint;   // local authority codes
  std::optional<int64_t> population;
  std::vector<PlaceGovernance> governance;
  std::vector<std::string> members;     // organisation codes
  std::string convener;                 // person id
  std::string committee;                // committee id when governance includes a committee
  std::string lead_provider;            // organisation code when a lead provider
  std::string reports_to;               // "icb", "icp" or a committee id
  std::string decision_making;          // a sentence describing the arrangements
};

struct Collaborative : Located {
  std::string id;
  std::string name;
  std::vector<std::string> members;     // organisation codes
  std::string lead;                     // organisation code
  std::string governance;               // advisory_group, individual_decision_makers, committees_in_common, joint_committee, lead_provider
  std::vector<std::string> places;      // place ids it works across
};

// ---------------------------------------------------------------------------------------
// Interests, gifts and hospitality

enum class InterestCategory { kFinancial, kNonFinancialProfessional, kNonFinancialPersonal, kIndirect };

struct Interest : Located {
  std::string person;
  InterestCategory category = InterestCategory::kFinancial;
  bool direct = true;
  std::string org;                       // organisation code, may be empty (e.g. lobby group)
  std::string description;               // nature of the interest
  std::vector<std::string> related_orgs; // further organisations the interest touches
  std::optional<Date> from;
  std::optional<Date> to;
  std::optional<Date> declared;          // when it was entered on the register
  std::string mitigation;
  std::vector<std::string> topics;       // free words (e.g. primary_care) matched against agenda items
};

enum class GiftKind { kGift, kHospitality, kCash, kVoucher, kTravel };

struct GiftOrHospitality : Located {
  std::string person;
  GiftKind kind = GiftKind::kGift;
  Date date;
  std::string from_org;          // organisation code or free-text source
  bool from_supplier = false;    // the source does or may do business with the ICB
  int64_t value_pence = 0;
  bool accepted = false;
  bool declared = false;
  bool senior_approval = false;
  bool on_behalf_of_organisation = false;
  bool promotional = false;      // low-cost branded promotional aid
};

// ---------------------------------------------------------------------------------------
// Constitution, documents, delegations

struct Document : Located {
  bool exists = true;
  std::optional<Date> adopted;
  std::optional<Date> published;
  std::optional<Date> last_reviewed;
  std::string url;
  std::vector<std::string> contains;   // e.g. "sord", "functions_and_decision_map"
  std::string period;                  // e.g. "2024/25-2028/29" (joint forward plan)
};

struct ConstitutionAmendment : Located {
  Date date;
  std::optional<Date> approved_by_nhse;
  std::string summary;
};

struct Constitution : Located {
  std::string name;
  std::string area;
  std::optional<Date> adopted;
  std::optional<bool> standing_orders;  // standing orders form part of it
  std::vector<std::string> clauses;     // e.g. "independence_of_health_service", "transparency", "urgent_decisions"
  std::vector<ConstitutionAmendment> amendments;
  std::string ordinary_member_appointments;  // who appoints ordinary members, and how
  std::optional<Document> published;
};

// One line of the scheme of reservation and delegation (SoRD).
struct Delegation : Located {
  std::string id;
  std::string function;                 // what may be decided: a function id of the map, or free text
  bool reserved_to_board = false;
  std::string delegated_to;             // committee id, place id, organisation code, or a role
  std::string delegated_by;             // "board", "nhs_england", a committee id
  std::string statutory_basis;
  std::optional<int64_t> limit_pence;   // financial limit per decision, when one applies
  std::string clause;                   // the clause of the scheme, e.g. "4.2.1"
  std::vector<std::string> places;      // applies only to decisions for these places (empty: any)
  std::string sub_delegated_from;       // the delegation id this line sub-delegates
  bool may_sub_delegate = false;        // the holder may sub-delegate (DEL-007)
  std::optional<int64_t> sub_delegation_limit_pence;  // the most a sub-delegation may carry
  std::string conditions;               // e.g. "within the approved budget"
  Validity validity;
};

// ---------------------------------------------------------------------------------------
// The functions and decision map, roles, section 75 arrangements

// Where a function the ICB exercises comes from.
enum class FunctionSource {
  kIcb,         // the ICB's own statutory function (NHS Act 2006)
  kNhsEngland,  // delegated to the ICB by NHS England (s.65Z5 delegation agreement)
  kJoint,       // exercised jointly with other bodies (s.65Z5/s.65Z6 joint committee)
  kSection75,   // pooled or delegated under a section 75 partnership agreement
};

// One function of the functions and decision map (DEL-005).
struct Function : Located {
  std::string id;
  std::string name;
  FunctionSource source = FunctionSource::kIcb;
  std::string area;             // e.g. commissioning, finance, governance, primary care
  std::string statutory_basis;
  std::string held_by;          // who holds it: board, committee id, place id, role:<id>, organisation code
  std::string clause;           // the map's reference for it
  Validity validity;            // for NHS England functions: the delegation agreement's dates
};

// An individual role named in the scheme (`delegated_to: role:<id>`), with its holder.
struct Role : Located {
  std::string id;               // e.g. chief_finance_officer
  std::string title;
  std::string person;           // person id of the postholder, may be empty (vacant)
  std::string reports_to;       // role id
  Validity validity;
};

// A partnership arrangement under s.75 of the NHS Act 2006 (pooled budget or lead commissioning).
struct Section75 : Located {
  std::string id;
  std::string name;
  std::vector<std::string> partners;     // organisation codes (the ICB and local authorities)
  std::string host;                      // organisation hosting the pooled fund / lead commissioner
  std::vector<std::string> functions;    // function ids or free text
  std::optional<int64_t> pooled_pence;   // the pooled fund
  std::string governed_by;               // committee id overseeing it
  Validity validity;
};

// ---------------------------------------------------------------------------------------
// Meetings

enum class MeetingPart { kPublic, kConfidential };
enum class ItemPurpose { kDecision, kInformation, kDiscussion };

struct AgendaItem : Located {
  std::string number;                    // "7" or "7.1"
  std::string title;
  MeetingPart part = MeetingPart::kPublic;
  ItemPurpose purpose = ItemPurpose::kInformation;
  std::string function;                  // function id or text (decision items)
  std::string place;                     // place id, when the item is about one place
  std::vector<std::string> counterparties;  // organisation codes
  std::vector<std::string> topics;       // free words matched against interests' topics
  std::optional<int64_t> value_pence;
};

struct Meeting : Located {
  std::string id;
  std::string title;
  std::string body;                      // "board" or a committee id
  Date date;
  std::string presiding;                 // person id; default: the body's chair
  std::vector<std::string> present;      // members present (person ids)
  std::vector<std::string> in_attendance;  // others present, not members
  std::vector<AgendaItem> items;
};

// ---------------------------------------------------------------------------------------
// The whole system

struct SystemInfo : Located {
  std::string name;
  std::string icb;           // the ICB's ODS code
  std::string ons_code;      // e.g. E54000058
  std::string region;
  std::optional<int64_t> population;
  std::optional<Date> established;
  std::optional<Date> as_of;  // the date the definition describes (defaults to today)
};

struct IcsSystem {
  SystemInfo system;
  std::vector<Organisation> organisations;
  std::vector<Person> people;
  std::optional<Constitution> constitution;
  std::map<std::string, Document, std::less<>> documents;  // by kind, e.g. "governance_handbook"
  Board board;
  std::vector<Committee> committees;
  std::optional<Icp> icp;
  std::vector<Place> places;
  std::vector<Collaborative> collaboratives;
  std::vector<Interest> interests;
  std::vector<GiftOrHospitality> gifts_and_hospitality;
  std::vector<Delegation> delegations;
  std::vector<Function> functions;       // the functions and decision map
  std::vector<Role> roles;
  std::vector<Section75> section_75;
  std::vector<Meeting> meetings;
  std::string source_file;  // the definition's file name, for messages

  // Look-ups by id (linear-time maps are built by `Index`).
  const Organisation* FindOrganisation(std::string_view code) const;
  const Person* FindPerson(std::string_view id) const;
  const Committee* FindCommittee(std::string_view id) const;
  const Place* FindPlace(std::string_view id) const;
};

// Stable names for enums, as written in definition files ("acute_trust", "partner_trust").
std::string_view Name(OrgKind kind);
std::string_view Name(LaType type);
std::string_view Name(Service service);
std::string_view Name(Disqualification d);
std::string_view Name(SeatRole role);
std::string_view Name(CommitteeType type);
std::string_view Name(PlaceGovernance governance);
std::string_view Name(InterestCategory category);
std::string_view Name(GiftKind kind);
std::string_view Name(FunctionSource source);
std::string_view Name(MeetingPart part);
std::string_view Name(ItemPurpose purpose);

// Parses a name back into the enum; nullopt when unknown. `Names<T>()` lists the valid ones.
template <typename T> std::optional<T> Parse(std::string_view name);
template <typename T> std::vector<std::string> Names();

// A plain-English label for a seat role ("partner member (NHS trusts and foundation trusts)").
std::string_view Describe(SeatRole role);

}  // namespace ics::model
