#include "oversight/organisations.h"

#include <algorithm>
#include <cctype>

#include "oversight/csv.h"

namespace ics::oversight {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Result<std::optional<bool>> YesNo(const CsvTable& t, size_t r, size_t c) {
  const std::string v = Lower(t.cell(r, c));
  if (v.empty() || v == "unknown") return std::optional<bool>();
  if (v == "yes" || v == "true" || v == "y") return std::optional<bool>(true);
  if (v == "no" || v == "false" || v == "n") return std::optional<bool>(false);
  return InvalidArgument("field \"" + t.header()[c] + "\": \"" + t.cell(r, c) + "\" is not yes or no", t.Where(r));
}

}  // namespace

bool Organisation::HasFlag(std::string_view flag) const {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

Result<std::vector<Organisation>> OrganisationsFromCsv(std::string_view text, const std::string& source) {
  ICS_ASSIGN_OR_RETURN(CsvTable t, CsvTable::Parse(text, source, 100'000));
  ICS_ASSIGN_OR_RETURN(size_t c_org, t.RequireColumn("org"));
  ICS_ASSIGN_OR_RETURN(size_t c_name, t.RequireColumn("name"));
  ICS_ASSIGN_OR_RETURN(size_t c_peer, t.RequireColumn("peer_group"));
  const auto c_system = t.Column("system"), c_deficit = t.Column("financial_deficit"),
             c_pip = t.Column("provider_improvement_programme"), c_cqc = t.Column("cqc_rating"),
             c_segment = t.Column("segment"), c_rationale = t.Column("rationale"), c_flags = t.Column("flags");
  std::vector<Organisation> out;
  for (size_t r = 0; r < t.size(); ++r) {
    Organisation o;
    o.where = t.Where(r);
    o.code = t.cell(r, c_org);
    if (o.code.empty()) return InvalidArgument("field \"org\": empty", o.where);
    if (const Organisation* dup = FindOrganisation(out, o.code)) {
      return InvalidArgument("field \"org\": " + o.code + " is listed twice (also at " + dup->where + ")", o.where);
    }
    o.name = t.cell(r, c_name);
    if (o.name.empty()) return InvalidArgument("field \"name\": empty", o.where);
    o.peer_group = Lower(t.cell(r, c_peer));
    if (o.peer_group.empty()) return InvalidArgument("field \"peer_group\": empty", o.where);
    if (c_system) o.system = t.cell(r, *c_system);
    if (c_deficit) {
      ICS_ASSIGN_OR_RETURN(o.financial_deficit, YesNo(t, r, *c_deficit));
    }
    if (c_pip) {
      ICS_ASSIGN_OR_RETURN(std::optional<bool> pip, YesNo(t, r, *c_pip));
      o.provider_improvement_programme = pip.value_or(false);
    }
    if (c_cqc) {
      o.cqc_rating = Lower(t.cell(r, *c_cqc));
      static const char* kRatings[] = {"", "outstanding", "good", "requires improvement", "inadequate"};
      if (std::none_of(std::begin(kRatings), std::end(kRatings), [&](const char* k) { return o.cqc_rating == k; })) {
        return InvalidArgument("field \"cqc_rating\": \"" + t.cell(r, *c_cqc) +
                                   "\" is not outstanding, good, requires improvement or inadequate",
                               o.where);
      }
    }
    if (c_segment && !t.cell(r, *c_segment).empty()) {
      const std::string& s = t.cell(r, *c_segment);
      if (s.size() != 1 || s[0] < '1' || s[0] > '5') {
        return InvalidArgument("field \"segment\": \"" + s + "\" is not a segment 1 to 5", o.where);
      }
      o.recorded_segment = s[0] - '0';
    }
    if (c_rationale) o.rationale = t.cell(r, *c_rationale);
    if (c_flags) {
      std::string f = t.cell(r, *c_flags);
      size_t start = 0;
      while (start <= f.size()) {
        size_t end = f.find(';', start);
        if (end == std::string::npos) end = f.size();
        std::string flag = f.substr(start, end - start);
        flag.erase(0, flag.find_first_not_of(' '));
        if (auto last = flag.find_last_not_of(' '); last != std::string::npos) flag.erase(last + 1);
        if (!flag.empty()) o.flags.push_back(Lower(flag));
        start = end + 1;
      }
    }
    out.push_back(std::move(o));
  }
  return out;
}

const Organisation* FindOrganisation(std::span<const Organisation> orgs, std::string_view code) {
  for (const Organisation& o : orgs) {
    if (o.code == code) return &o;
  }
  return nullptr;
}

}  // namespace ics::oversight
