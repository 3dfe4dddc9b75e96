// Small helpers shared by the rule files for documents, delegations, places,
// collaboratives, the partnership, transition and conflicts of interest: finding a
// governance document, telling whether it is published by the as-of date, comparing
// free-text function names, financial years, and pounds and dates for messages.
// Internal to the governance module. Pure functions, thread-safe.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "governance/check_context.h"
#include "model/ics.h"

namespace ics::governance::helpers {

inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

inline std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Free text that names the same thing: equal ignoring case and surrounding spaces.
inline bool SameText(std::string_view a, std::string_view b) { return Lower(Trim(a)) == Lower(Trim(b)); }

inline bool Has(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

inline bool HasText(const std::vector<std::string>& list, std::string_view value) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& s) { return SameText(s, value); });
}

inline bool Mentions(std::string_view text, std::string_view part) {
  return Lower(text).find(Lower(part)) != std::string::npos;
}

// The document of `kind` ("governance_handbook", ...) when the definition records it and
// does not say `exists: false`.
inline const model::Document* FindDocument(const CheckContext& ctx, std::string_view kind) {
  auto it = ctx.sys().documents.find(kind);
  if (it == ctx.sys().documents.end() || !it->second.exists) return nullptr;
  return &it->second;
}

// "governance_handbook" -> "governance handbook".
inline std::string DocumentLabel(std::string_view kind) {
  std::string out(kind);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

// "31 March 2025".
inline std::string LongDate(const Date& d) {
  static const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                  "July",    "August",   "September", "October", "November", "December"};
  return std::to_string(d.day) + " " + kMonths[(d.month - 1) % 12] + " " + std::to_string(d.year);
}

// Why `d` is not published by `as_of`, or empty when it is: published on or before that
// date, or (when no date is given) at a recorded URL.
inline std::string NotPublishedBecause(const model::Document& d, const Date& as_of) {
  if (!d.exists) return "is recorded as not existing";
  if (d.published) {
    if (*d.published <= as_of) return "";
    return "is not due to be published until " + LongDate(*d.published) +
           ", after the date the definition describes (" + LongDate(as_of) + ")";
  }
  if (!d.url.empty()) return "";
  return "has no publication date or URL";
}

// Pounds with thousands separators, and pence only when there are some: "£40", "£5,000,000", "£40.50".
inline std::string Pounds(int64_t pence) {
  std::string digits = std::to_string(pence / 100);
  std::string out = "£";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  if (int64_t p = pence % 100; p != 0) out += (p < 10 ? ".0" : ".") + std::to_string(p);
  return out;
}

// The year in which the NHS financial year containing `d` starts (April to March).
inline int FinancialYearOf(const Date& d) { return d.month >= 4 ? d.year : d.year - 1; }

// "2025/26".
inline std::string FinancialYearName(int start_year) {
  int next = (start_year + 1) % 100;
  return std::to_string(start_year) + "/" + (next < 10 ? "0" : "") + std::to_string(next);
}

// "GP practice", "NHS trust", ... for messages.
inline std::string KindLabel(model::OrgKind kind) {
  switch (kind) {
    case model::OrgKind::kIcb: return "integrated care board";
    case model::OrgKind::kNhsEngland: return "NHS England";
    case model::OrgKind::kGpPractice: return "GP practice";
    case model::OrgKind::kPcn: return "primary care network";
    case model::OrgKind::kUpperTierLa:
    case model::OrgKind::kLowerTierLa: return "local authority";
    case model::OrgKind::kVcse: return "VCSE organisation";
    case model::OrgKind::kHealthwatch: return "Local Healthwatch";
    case model::OrgKind::kIndependentProvider: return "independent provider";
    case model::OrgKind::kOther: return "organisation";
    default: return "NHS trust";
  }
}

// "Exampleshire" -> "An"/"A" article for a following word.
inline std::string Article(std::string_view word) {
  return !word.empty() && std::string_view("aeiouAEIOU").find(word.front()) != std::string_view::npos ? "an" : "a";
}

// Whether an interest is on the register in force on `day` (not ended before it).
inline bool InterestCurrent(const model::Interest& i, const Date& day) {
  return (!i.from || *i.from <= day) && (!i.to || day <= *i.to);
}

// Whether `person` has a current interest in organisation `org` (as its subject or a
// related organisation).
inline bool HasCurrentInterestIn(const CheckContext& ctx, std::string_view person, std::string_view org) {
  for (const model::Interest* i : ctx.InterestsOf(person)) {
    if (!InterestCurrent(*i, ctx.as_of())) continue;
    if (i->org == org || Has(i->related_orgs, org)) return true;
  }
  return false;
}

}  // namespace ics::governance::helpers
