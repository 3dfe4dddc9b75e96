#include "governance/check_context.h"

namespace ics::governance {

CheckContext::CheckContext(const model::IcsSystem& system, const CheckOptions& options)
    : sys_(system), as_of_(system.system.as_of.value_or(options.as_of)) {
  orgs_.reserve(sys_.organisations.size());
  people_.reserve(sys_.people.size());
  committees_by_id_.reserve(sys_.committees.size());
  for (const auto& o : sys_.organisations) orgs_.emplace(o.code, &o);
  for (const auto& p : sys_.people) people_.emplace(p.id, &p);
  for (const auto& c : sys_.committees) {
    committees_by_id_.emplace(c.id, &c);
    if (c.validity.ActiveOn(as_of_)) committees_.push_back(&c);
  }
  for (const auto& i : sys_.interests) interests_[i.person].push_back(&i);
  for (const auto& s : sys_.board.seats)
    if (s.validity.ActiveOn(as_of_)) seats_.push_back(&s);
}

const model::Organisation* CheckContext::Org(std::string_view code) const {
  auto it = orgs_.find(code);
  return it == orgs_.end() ? nullptr : it->second;
}
const model::Person* CheckContext::Person(std::string_view id) const {
  auto it = people_.find(id);
  return it == people_.end() ? nullptr : it->second;
}
const model::Committee* CheckContext::Committee(std::string_view id) const {
  auto it = committees_by_id_.find(id);
  return it == committees_by_id_.end() ? nullptr : it->second;
}

std::vector<const model::Seat*> CheckContext::SeatsWithRole(model::SeatRole role) const {
  std::vector<const model::Seat*> out;
  for (const model::Seat* s : seats_)
    if (s->role == role) out.push_back(s);
  return out;
}

std::vector<const model::Seat*> CheckContext::SeatsOfPerson(std::string_view person) const {
  std::vector<const model::Seat*> out;
  for (const model::Seat* s : seats_)
    if (s->person == person) out.push_back(s);
  return out;
}

std::vector<const model::Seat*> CheckContext::OrdinaryMembers() const {
  std::vector<const model::Seat*> out;
  for (const model::Seat* s : seats_)
    if (s->IsOrdinaryMember()) out.push_back(s);
  return out;
}

std::vector<const model::Committee*> CheckContext::CommitteesOfKind(std::string_view kind) const {
  std::vector<const model::Committee*> out;
  for (const model::Committee* c : committees_)
    if (c->kind == kind) out.push_back(c);
  return out;
}

std::vector<const model::Interest*> CheckContext::InterestsOf(std::string_view person) const {
  auto it = interests_.find(person);
  return it == interests_.end() ? std::vector<const model::Interest*>{} : it->second;
}

std::vector<const model::Employment*> CheckContext::EmploymentsOf(std::string_view person) const {
  std::vector<const model::Employment*> out;
  if (const model::Person* p = Person(person))
    for (const auto& e : p->employments)
      if (e.validity.ActiveOn(as_of_)) out.push_back(&e);
  return out;
}

bool CheckContext::EmployedBy(std::string_view person, std::string_view org) const {
  for (const model::Employment* e : EmploymentsOf(person))
    if (e->org == org) return true;
  return false;
}

std::string CheckContext::PersonLabel(std::string_view id) const {
  const model::Person* p = Person(id);
  if (!p || p->name.empty()) return std::string(id);
  return p->name + " (" + std::string(id) + ")";
}

std::string CheckContext::OrgLabel(std::string_view code) const {
  const model::Organisation* o = Org(code);
  if (!o || o->name.empty()) return std::string(code);
  return o->name + " (" + std::string(code) + ")";
}

const model::SourceLocation& CheckContext::BoardWhere() const {
  auto it = sys_.board.field_where.find("seats");
  return it == sys_.board.field_where.end() ? sys_.board.where : it->second;
}

Rule Checked(std::string id, std::string area, Severity severity, std::string provenance, std::string citation,
             std::string requirement, std::function<void(const CheckContext&, FindingSink&)> check) {
  Rule rule;
  rule.info = RuleInfo{std::move(id), std::move(area), std::move(requirement), std::move(citation), severity,
                       std::move(provenance), {}};
  rule.check = std::move(check);
  return rule;
}

Rule NotCheckable(std::string id, std::string area, Severity severity, std::string provenance, std::string citation,
                  std::string requirement, std::string because) {
  Rule rule;
  rule.info = RuleInfo{std::move(id), std::move(area), std::move(requirement), std::move(citation), severity,
                       std::move(provenance), std::move(because)};
  return rule;
}

}  // namespace ics::governance
