#include "model/ids.h"

#include <cctype>

namespace ics::model {

namespace {
bool IsUpperAlnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

bool IsOdsCode(std::string_view code) {
  if (code.size() < 3 || code.size() > 6) return false;
  for (char c : code)
    if (!IsUpperAlnum(c)) return false;
  return true;
}

bool IsGssCode(std::string_view code) {
  if (code.size() != 9 || !(code[0] >= 'A' && code[0] <= 'Z')) return false;
  for (size_t i = 1; i < 9; ++i)
    if (!IsDigit(code[i])) return false;
  return true;
}

std::string CheckOrganisationCode(std::string_view code, OrgKind kind) {
  std::string shown = "'" + std::string(code) + "'";
  switch (kind) {
    case OrgKind::kUpperTierLa:
    case OrgKind::kLowerTierLa:
      if (IsGssCode(code)) return {};
      return shown + " is not an ONS local authority code: write a letter and eight digits, e.g. E06000015";
    case OrgKind::kGpPractice:
      if (code.size() == 6 && code[0] >= 'A' && code[0] <= 'Y' && IsDigit(code[1]) && IsDigit(code[2]) &&
          IsDigit(code[3]) && IsDigit(code[4]) && IsDigit(code[5]))
        return {};
      return shown + " is not a GP practice ODS code: a letter and five digits, e.g. C81001";
    case OrgKind::kPcn:
      if (code.size() == 6 && code[0] == 'U' && IsDigit(code[1]) && IsDigit(code[2]) && IsDigit(code[3]) &&
          IsDigit(code[4]) && IsDigit(code[5]))
        return {};
      return shown + " is not a PCN ODS code: 'U' and five digits, e.g. U12345";
    case OrgKind::kAcuteTrust:
    case OrgKind::kMentalHealthTrust:
    case OrgKind::kCommunityTrust:
    case OrgKind::kAmbulanceTrust:
    case OrgKind::kSpecialistTrust:
      if (code.size() == 3 && code[0] == 'R' && IsUpperAlnum(code[1]) && IsUpperAlnum(code[2])) return {};
      return shown + " is not an NHS trust ODS code: 'R' and two letters or digits, e.g. RTG";
    case OrgKind::kIcb:
      if (code.size() == 3 && code[0] == 'Q' && IsUpperAlnum(code[1]) && IsUpperAlnum(code[2])) return {};
      return shown + " is not an ICB ODS code: 'Q' and two letters or digits, e.g. QJ2";
    default:
      if (IsOdsCode(code) || IsGssCode(code)) return {};
      return shown + " is not an ODS or ONS code: 3 to 6 upper-case letters and digits (e.g. NL3, DD1) or an ONS code";
  }
}

}  // namespace ics::model
