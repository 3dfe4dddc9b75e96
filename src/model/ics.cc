#include "model/ics.h"

#include <algorithm>
#include <array>
#include <utility>

namespace ics::model {

std::string SourceLocation::ToString() const {
  if (!known()) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

const SourceLocation& Located::At(std::string_view field) const {
  auto it = field_where.find(field);
  return it == field_where.end() ? where : it->second;
}

namespace {

template <typename T, size_t N>
using NameTable = std::array<std::pair<T, std::string_view>, N>;

constexpr NameTable<OrgKind, 15> kOrgKinds = {{
    {OrgKind::kIcb, "icb"},
    {OrgKind::kNhsEngland, "nhs_england"},
    {OrgKind::kAcuteTrust, "acute_trust"},
    {OrgKind::kMentalHealthTrust, "mental_health_trust"},
    {OrgKind::kCommunityTrust, "community_trust"},
    {OrgKind::kAmbulanceTrust, "ambulance_trust"},
    {OrgKind::kSpecialistTrust, "specialist_trust"},
    {OrgKind::kGpPractice, "gp_practice"},
    {OrgKind::kPcn, "pcn"},
    {OrgKind::kUpperTierLa, "upper_tier_la"},
    {OrgKind::kLowerTierLa, "lower_tier_la"},
    {OrgKind::kVcse, "vcse"},
    {OrgKind::kHealthwatch, "healthwatch"},
    {OrgKind::kIndependentProvider, "independent_provider"},
    {OrgKind::kOther, "other"},
}};

constexpr NameTable<LaType, 8> kLaTypes = {{
    {LaType::kNone, "none"},
    {LaType::kCounty, "county"},
    {LaType::kUnitary, "unitary"},
    {LaType::kMetropolitanDistrict, "metropolitan_district"},
    {LaType::kLondonBorough, "london_borough"},
    {LaType::kIslesOfScilly, "isles_of_scilly"},
    {LaType::kCityOfLondon, "city_of_london"},
    {LaType::kDistrict, "district"},
}};

constexpr NameTable<Service, 8> kServices = {{
    {Service::kAcute, "acute"},
    {Service::kMentalHealth, "mental_health"},
    {Service::kCommunity, "community"},
    {Service::kAmbulance, "ambulance"},
    {Service::kPrimaryCare, "primary_care"},
    {Service::kSocialCare, "social_care"},
    {Service::kSpecialist, "specialist"},
    {Service::kOther, "other"},
}};

constexpr NameTable<Disqualification, 15> kDisqualifications = {{
    {Disqualification::kMemberOfParliament, "member_of_parliament"},
    {Disqualification::kUnderminesIndependence, "undermines_independence"},
    {Disqualification::kConviction, "conviction"},
    {Disqualification::kBankruptcyRestrictions, "bankruptcy_restrictions_order"},
    {Disqualification::kDismissedByHealthBody, "dismissed_by_health_body"},
    {Disqualification::kRemovedFromOffice, "removed_from_office"},
    {Disqualification::kCharityTrusteeRemoved, "charity_trustee_removed"},
    {Disqualification::kDirectorDisqualified, "director_disqualified"},
    {Disqualification::kStruckOff, "struck_off"},
    {Disqualification::kBarredList, "barred_list"},
    {Disqualification::kUndischargedBankrupt, "undischarged_bankrupt"},
    {Disqualification::kDebtReliefOrder, "debt_relief_order"},
    {Disqualification::kCreditorArrangement, "creditor_arrangement"},
    {Disqualification::kProhibitedByEnactment, "prohibited_by_enactment"},
    {Disqualification::kSeriousMisconduct, "serious_misconduct"},
}};

constexpr NameTable<SeatRole, 13> kSeatRoles = {{
    {SeatRole::kChair, "chair"},
    {SeatRole::kCeo, "ceo"},
    {SeatRole::kExecFinance, "exec_finance"},
    {SeatRole::kExecMedical, "exec_medical"},
    {SeatRole::kExecNursing, "exec_nursing"},
    {SeatRole::kExecOther, "exec_other"},
    {SeatRole::kNed, "ned"},
    {SeatRole::kPartnerTrust, "partner_trust"},
    {SeatRole::kPartnerPms, "partner_pms"},
    {SeatRole::kPartnerLa, "partner_la"},
    {SeatRole::kOtherOrdinary, "other_ordinary"},
    {SeatRole::kParticipant, "participant"},
    {SeatRole::kAttendee, "attendee"},
}};

constexpr NameTable<CommitteeType, 6> kCommitteeTypes = {{
    {CommitteeType::kCommittee, "committee"},
    {CommitteeType::kSubCommittee, "sub_committee"},
    {CommitteeType::kJointCommittee, "joint_committee"},
    {CommitteeType::kCommitteesInCommon, "committees_in_common"},
    {CommitteeType::kTaskAndFinish, "task_and_finish"},
    {CommitteeType::kAdvisory, "advisory_group"},
}};

constexpr NameTable<PlaceGovernance, 5> kPlaceGovernance = {{
    {PlaceGovernance::kConsultativeForum, "consultative_forum"},
    {PlaceGovernance::kIndividualDirector, "individual_director"},
    {PlaceGovernance::kCommitteeOfIcb, "committee_of_icb"},
    {PlaceGovernance::kJointCommittee, "joint_committee"},
    {PlaceGovernance::kLeadProvider, "lead_provider"},
}};

constexpr NameTable<InterestCategory, 4> kInterestCategories = {{
    {InterestCategory::kFinancial, "financial"},
    {InterestCategory::kNonFinancialProfessional, "nonfin_professional"},
    {InterestCategory::kNonFinancialPersonal, "nonfin_personal"},
    {InterestCategory::kIndirect, "indirect"},
}};

constexpr NameTable<GiftKind, 5> kGiftKinds = {{
    {GiftKind::kGift, "gift"},
    {GiftKind::kHospitality, "hospitality"},
    {GiftKind::kCash, "cash"},
    {GiftKind::kVoucher, "voucher"},
    {GiftKind::kTravel, "travel"},
}};

constexpr NameTable<FunctionSource, 4> kFunctionSources = {{
    {FunctionSource::kIcb, "icb"},
    {FunctionSource::kNhsEngland, "nhs_england"},
    {FunctionSource::kJoint, "joint"},
    {FunctionSource::kSection75, "section_75"},
}};

constexpr NameTable<MeetingPart, 2> kMeetingParts = {{
    {MeetingPart::kPublic, "public"},
    {MeetingPart::kConfidential, "confidential"},
}};

constexpr NameTable<ItemPurpose, 3> kItemPurposes = {{
    {ItemPurpose::kDecision, "decision"},
    {ItemPurpose::kInformation, "information"},
    {ItemPurpose::kDiscussion, "discussion"},
}};

template <typename T, size_t N>
std::string_view Lookup(const NameTable<T, N>& table, T value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return "unknown";
}

template <typename T, size_t N>
std::optional<T> Reverse(const NameTable<T, N>& table, std::string_view name) {
  for (const auto& [v, n] : table)
    if (n == name) return v;
  return std::nullopt;
}

template <typename T, size_t N>
std::vector<std::string> AllNames(const NameTable<T, N>& table) {
  std::vector<std::string> out;
  for (const auto& entry : table) out.emplace_back(entry.second);
  return out;
}

}  // namespace

#define ICS_MODEL_ENUM_NAMES(Type, table)                                                 \
  std::string_view Name(Type value) { return Lookup(table, value); }                      \
  template <> std::optional<Type> Parse<Type>(std::string_view name) { return Reverse(table, name); } \
  template <> std::vector<std::string> Names<Type>() { return AllNames(table); }

ICS_MODEL_ENUM_NAMES(OrgKind, kOrgKinds)
ICS_MODEL_ENUM_NAMES(LaType, kLaTypes)
ICS_MODEL_ENUM_NAMES(Service, kServices)
ICS_MODEL_ENUM_NAMES(Disqualification, kDisqualifications)
ICS_MODEL_ENUM_NAMES(SeatRole, kSeatRoles)
ICS_MODEL_ENUM_NAMES(CommitteeType, kCommitteeTypes)
ICS_MODEL_ENUM_NAMES(PlaceGovernance, kPlaceGovernance)
ICS_MODEL_ENUM_NAMES(InterestCategory, kInterestCategories)
ICS_MODEL_ENUM_NAMES(GiftKind, kGiftKinds)
ICS_MODEL_ENUM_NAMES(FunctionSource, kFunctionSources)
ICS_MODEL_ENUM_NAMES(MeetingPart, kMeetingParts)
ICS_MODEL_ENUM_NAMES(ItemPurpose, kItemPurposes)
#undef ICS_MODEL_ENUM_NAMES

std::string_view Describe(SeatRole role) {
  switch (role) {
    case SeatRole::kChair: return "chair";
    case SeatRole::kCeo: return "chief executive";
    case SeatRole::kExecFinance: return "executive director of finance";
    case SeatRole::kExecMedical: return "medical director";
    case SeatRole::kExecNursing: return "director of nursing";
    case SeatRole::kExecOther: return "other executive member";
    case SeatRole::kNed: return "non-executive member";
    case SeatRole::kPartnerTrust: return "partner member (NHS trusts and foundation trusts)";
    case SeatRole::kPartnerPms: return "partner member (primary medical services)";
    case SeatRole::kPartnerLa: return "partner member (local authorities)";
    case SeatRole::kOtherOrdinary: return "other ordinary member";
    case SeatRole::kParticipant: return "participant (non-voting)";
    case SeatRole::kAttendee: return "attendee (non-voting)";
  }
  return "member";
}

bool Organisation::IsNhsTrust() const {
  switch (kind) {
    case OrgKind::kAcuteTrust:
    case OrgKind::kMentalHealthTrust:
    case OrgKind::kCommunityTrust:
    case OrgKind::kAmbulanceTrust:
    case OrgKind::kSpecialistTrust:
      return true;
    default:
      return false;
  }
}

bool Organisation::IsResponsibleLocalAuthority() const {
  if (!IsLocalAuthority()) return false;
  switch (la_type) {
    case LaType::kCounty:
    case LaType::kUnitary:
    case LaType::kMetropolitanDistrict:
    case LaType::kLondonBorough:
    case LaType::kIslesOfScilly:
    case LaType::kCityOfLondon:
      return true;
    case LaType::kDistrict:
      return false;
    case LaType::kNone:
      return kind == OrgKind::kUpperTierLa;
  }
  return false;
}

bool Organisation::HasService(Service s) const {
  if (!services.empty()) return std::find(services.begin(), services.end(), s) != services.end();
  switch (kind) {
    case OrgKind::kAcuteTrust: return s == Service::kAcute;
    case OrgKind::kMentalHealthTrust: return s == Service::kMentalHealth;
    case OrgKind::kCommunityTrust: return s == Service::kCommunity;
    case OrgKind::kAmbulanceTrust: return s == Service::kAmbulance;
    case OrgKind::kSpecialistTrust: return s == Service::kSpecialist;
    case OrgKind::kGpPractice:
    case OrgKind::kPcn: return s == Service::kPrimaryCare;
    case OrgKind::kUpperTierLa: return s == Service::kSocialCare && social_care;
    default: return false;
  }
}

bool Organisation::IsHealthOrCareOrganisation() const {
  switch (kind) {
    case OrgKind::kVcse:
    case OrgKind::kHealthwatch:
    case OrgKind::kOther:
    case OrgKind::kNhsEngland:
      return false;
    case OrgKind::kUpperTierLa:
    case OrgKind::kLowerTierLa:
      return true;  // the guidance names local authority roles, elected members included
    default:
      return true;
  }
}

bool Seat::IsOrdinaryMember() const {
  switch (role) {
    case SeatRole::kChair:
    case SeatRole::kCeo:
    case SeatRole::kParticipant:
    case SeatRole::kAttendee:
      return false;
    default:
      return voting;
  }
}

bool Seat::IsExecutive() const {
  switch (role) {
    case SeatRole::kCeo:
    case SeatRole::kExecFinance:
    case SeatRole::kExecMedical:
    case SeatRole::kExecNursing:
    case SeatRole::kExecOther:
      return true;
    default:
      return false;
  }
}

namespace {
template <typename Container>
auto FindById(const Container& items, std::string_view id, auto key) -> decltype(&*items.begin()) {
  for (const auto& item : items)
    if (item.*key == id) return &item;
  return nullptr;
}
}  // namespace

const Organisation* IcsSystem::FindOrganisation(std::string_view code) const {
  return FindById(organisations, code, &Organisation::code);
}
const Person* IcsSystem::FindPerson(std::string_view id) const { return FindById(people, id, &Person::id); }
const Committee* IcsSystem::FindCommittee(std::string_view id) const {
  return FindById(committees, id, &Committee::id);
}
const Place* IcsSystem::FindPlace(std::string_view id) const { return FindById(places, id, &Place::id); }

}  // namespace ics::model
