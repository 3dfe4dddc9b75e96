#include "versions/diff.h"

#include <cstdio>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

namespace ics::versions {

namespace {

using model::IcsSystem;
using Fields = std::vector<std::pair<std::string, std::optional<std::string>>>;

// --- Field values as a definition writes them --------------------------------------------

std::optional<std::string> Text(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}
std::optional<std::string> Flag(bool b) { return b ? "true" : "false"; }
std::optional<std::string> Flag(const std::optional<bool>& b) {
  if (!b) return std::nullopt;
  return Flag(*b);
}
std::optional<std::string> Day(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return d->ToIso();
}
std::optional<std::string> Number(const std::optional<int64_t>& n) {
  if (!n) return std::nullopt;
  return std::to_string(*n);
}
std::optional<std::string> Number(const std::optional<double>& n) {
  if (!n) return std::nullopt;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", *n);
  return std::string(buf);
}
std::optional<std::string> List(const std::vector<std::string>& items) {
  if (items.empty()) return std::nullopt;
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}
template <typename Enum>
std::optional<std::string> Names(const std::vector<Enum>& items) {
  std::vector<std::string> names;
  for (Enum e : items) names.emplace_back(model::Name(e));
  return List(names);
}
std::string Period(const model::Validity& v) {
  if (!v.from && !v.to) return "";
  return " (" + (v.from ? v.from->ToIso() : std::string()) + ".." + (v.to ? v.to->ToIso() : std::string()) + ")";
}
std::optional<std::string> Quorum(const std::optional<model::QuorumRule>& q) {
  if (!q) return std::nullopt;
  std::string out = q->majority ? "majority" : q->count ? std::to_string(*q->count) : "";
  if (!q->requires_.empty()) out += (out.empty() ? "" : " ") + std::string("including ") + *List(q->requires_);
  return out;
}
void AddValidity(Fields& f, const model::Validity& v) {
  f.emplace_back("valid_from", Day(v.from));
  f.emplace_back("valid_to", Day(v.to));
}

// --- Each entity as its fields -------------------------------------------------------------

Fields OrganisationFields(const model::Organisation& o) {
  Fields f;
  f.emplace_back("name", Text(o.name));
  f.emplace_back("kind", std::string(model::Name(o.kind)));
  f.emplace_back("foundation_trust", o.foundation_trust ? Flag(true) : std::nullopt);
  f.emplace_back("la_type",
                 o.la_type == model::LaType::kNone ? std::nullopt : std::optional<std::string>(model::Name(o.la_type)));
  f.emplace_back("social_care", o.social_care ? Flag(true) : std::nullopt);
  f.emplace_back("services", Names(o.services));
  f.emplace_back("pcn", Text(o.pcn));
  f.emplace_back("local_authority", Text(o.local_authority));
  f.emplace_back("list_size", Number(o.list_size));
  f.emplace_back("weighted_population", Number(o.weighted_population));
  f.emplace_back("in_area", Flag(o.in_area));
  AddValidity(f, o.validity);
  return f;
}

Fields PersonFields(const model::Person& p) {
  Fields f;
  f.emplace_back("name", Text(p.name));
  std::vector<std::string> jobs;
  for (const auto& e : p.employments) {
    std::vector<std::string> flags;
    if (e.executive) flags.push_back("executive");
    if (e.non_executive) flags.push_back("non-executive");
    if (e.elected_member) flags.push_back("elected member");
    if (e.secondment) flags.push_back("secondment");
    jobs.push_back(e.org + (e.role.empty() ? "" : " " + e.role) + (flags.empty() ? "" : " [" + *List(flags) + "]") +
                   Period(e.validity));
  }
  std::optional<std::string> employments;
  for (const auto& job : jobs) employments = (employments ? *employments + "; " : "") + job;
  f.emplace_back("employments", employments);
  f.emplace_back("disqualifications", Names(p.disqualifications));
  std::optional<std::string> fit;
  if (p.fit_and_proper) {
    fit = std::string(p.fit_and_proper->passed ? "passed" : "not passed") +
          (p.fit_and_proper->last_assessed ? ", assessed " + p.fit_and_proper->last_assessed->ToIso() : "");
  }
  f.emplace_back("fit_and_proper", fit);
  f.emplace_back("nolan_undertaking", Flag(p.nolan_undertaking));
  f.emplace_back("mental_health_expertise", p.mental_health_expertise ? Flag(true) : std::nullopt);
  f.emplace_back("finance_audit_expertise", p.finance_audit_expertise ? Flag(true) : std::nullopt);
  f.emplace_back("primary_medical_services", p.primary_medical_services ? Flag(true) : std::nullopt);
  f.emplace_back("interests_declared", Day(p.interests_declared));
  AddValidity(f, p.validity);
  return f;
}

Fields SeatFields(const model::Seat& s) {
  Fields f;
  f.emplace_back("role", std::string(model::Name(s.role)));
  f.emplace_back("person", Text(s.person));
  f.emplace_back("nominated_by", List(s.nominated_by));
  f.emplace_back("appointed_by", Text(s.appointed_by));
  f.emplace_back("approved_by", Text(s.approved_by));
  f.emplace_back("deputy_chair", s.deputy_chair ? Flag(true) : std::nullopt);
  f.emplace_back("senior_ned", s.senior_ned ? Flag(true) : std::nullopt);
  f.emplace_back("voting", Flag(s.voting));
  AddValidity(f, s.validity);
  return f;
}

Fields CommitteeFields(const model::Committee& c) {
  Fields f;
  f.emplace_back("name", Text(c.name));
  f.emplace_back("kind", Text(c.kind));
  f.emplace_back("type", std::string(model::Name(c.type)));
  f.emplace_back("parent", Text(c.parent));
  f.emplace_back("chair", Text(c.chair));
  std::vector<std::string> members;
  for (const auto& m : c.members) {
    std::vector<std::string> notes;
    if (!m.voting) notes.push_back("non-voting");
    if (m.chair_approved) notes.push_back("chair approved");
    members.push_back(m.person + (notes.empty() ? "" : " (" + *List(notes) + ")"));
  }
  f.emplace_back("members", List(members));
  f.emplace_back("quorum", Quorum(c.quorum));
  f.emplace_back("partners", List(c.partners));
  f.emplace_back("statutory_basis", Text(c.statutory_basis));
  f.emplace_back("commissioning_functions", c.commissioning_functions ? Flag(true) : std::nullopt);
  f.emplace_back("delegated_functions", List(c.delegated_functions));
  f.emplace_back("terms_of_reference_approved", Day(c.terms_of_reference_approved));
  f.emplace_back("terms_of_reference_published", Flag(c.terms_of_reference_published));
  f.emplace_back("meets_in_public", Flag(c.meets_in_public));
  AddValidity(f, c.validity);
  return f;
}

Fields InterestFields(const model::Interest& i) {
  Fields f;
  f.emplace_back("person", Text(i.person));
  f.emplace_back("category", std::string(model::Name(i.category)));
  f.emplace_back("direct", Flag(i.direct));
  f.emplace_back("org", Text(i.org));
  f.emplace_back("description", Text(i.description));
  f.emplace_back("related_orgs", List(i.related_orgs));
  f.emplace_back("from", Day(i.from));
  f.emplace_back("to", Day(i.to));
  f.emplace_back("declared", Day(i.declared));
  f.emplace_back("mitigation", Text(i.mitigation));
  return f;
}

Fields PlaceFields(const model::Place& p) {
  Fields f;
  f.emplace_back("name", Text(p.name));
  f.emplace_back("footprint", List(p.footprint));
  f.emplace_back("population", Number(p.population));
  f.emplace_back("governance", Names(p.governance));
  f.emplace_back("members", List(p.members));
  f.emplace_back("convener", Text(p.convener));
  f.emplace_back("committee", Text(p.committee));
  f.emplace_back("lead_provider", Text(p.lead_provider));
  f.emplace_back("reports_to", Text(p.reports_to));
  f.emplace_back("decision_making", Text(p.decision_making));
  return f;
}

Fields CollaborativeFields(const model::Collaborative& c) {
  Fields f;
  f.emplace_back("name", Text(c.name));
  f.emplace_back("members", List(c.members));
  f.emplace_back("lead", Text(c.lead));
  f.emplace_back("governance", Text(c.governance));
  f.emplace_back("places", List(c.places));
  return f;
}

// Pence as pounds, as a definition writes limits ("250000" or "1250.50").
std::optional<std::string> Pounds(const std::optional<int64_t>& pence) {
  if (!pence) return std::nullopt;
  std::string out = std::to_string(*pence / 100);
  if (int64_t p = *pence % 100; p != 0) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ".%02lld", static_cast<long long>(p < 0 ? -p : p));
    out += buf;
  }
  return out;
}

Fields FunctionFields(const model::Function& fn) {
  Fields f;
  f.emplace_back("name", Text(fn.name));
  f.emplace_back("source", std::string(model::Name(fn.source)));
  f.emplace_back("area", Text(fn.area));
  f.emplace_back("statutory_basis", Text(fn.statutory_basis));
  f.emplace_back("held_by", Text(fn.held_by));
  f.emplace_back("clause", Text(fn.clause));
  AddValidity(f, fn.validity);
  return f;
}

Fields RoleFields(const model::Role& r) {
  Fields f;
  f.emplace_back("title", Text(r.title));
  f.emplace_back("person", Text(r.person));
  f.emplace_back("reports_to", Text(r.reports_to));
  AddValidity(f, r.validity);
  return f;
}

Fields DelegationFields(const model::Delegation& d) {
  Fields f;
  f.emplace_back("function", Text(d.function));
  f.emplace_back("reserved_to_board", d.reserved_to_board ? Flag(true) : std::nullopt);
  f.emplace_back("delegated_to", Text(d.delegated_to));
  f.emplace_back("delegated_by", Text(d.delegated_by));
  f.emplace_back("statutory_basis", Text(d.statutory_basis));
  f.emplace_back("limit", Pounds(d.limit_pence));
  f.emplace_back("clause", Text(d.clause));
  f.emplace_back("places", List(d.places));
  f.emplace_back("sub_delegated_from", Text(d.sub_delegated_from));
  f.emplace_back("may_sub_delegate", d.may_sub_delegate ? Flag(true) : std::nullopt);
  f.emplace_back("sub_delegation_limit", Pounds(d.sub_delegation_limit_pence));
  f.emplace_back("conditions", Text(d.conditions));
  AddValidity(f, d.validity);
  return f;
}

Fields Section75Fields(const model::Section75& a) {
  Fields f;
  f.emplace_back("name", Text(a.name));
  f.emplace_back("partners", List(a.partners));
  f.emplace_back("host", Text(a.host));
  f.emplace_back("functions", List(a.functions));
  f.emplace_back("pooled", Pounds(a.pooled_pence));
  f.emplace_back("governed_by", Text(a.governed_by));
  AddValidity(f, a.validity);
  return f;
}

Fields MeetingFields(const model::Meeting& m) {
  Fields f;
  f.emplace_back("title", Text(m.title));
  f.emplace_back("body", Text(m.body));
  f.emplace_back("date", m.date.ToIso());
  f.emplace_back("presiding", Text(m.presiding));
  f.emplace_back("present", List(m.present));
  f.emplace_back("in_attendance", List(m.in_attendance));
  // Each agenda item as one field, so an item added, removed or changed reads as such.
  for (const auto& item : m.items) {
    std::string text = item.title + " [" + std::string(model::Name(item.part)) + ", " +
                       std::string(model::Name(item.purpose));
    if (!item.function.empty()) text += ", function " + item.function;
    if (!item.place.empty()) text += ", place " + item.place;
    if (!item.counterparties.empty()) text += ", counterparties " + *List(item.counterparties);
    if (!item.topics.empty()) text += ", topics " + *List(item.topics);
    if (item.value_pence) text += ", value " + *Pounds(item.value_pence);
    f.emplace_back("item " + item.number, text + "]");
  }
  return f;
}

// --- Matching ------------------------------------------------------------------------------

// One entity prepared for comparison.
struct Item {
  std::string key;    // what it is reported as
  std::string match;  // exact-match key
  std::string loose;  // second-pass key for left-overs ("" = none)
  std::string label;
  Fields fields;
};

std::vector<FieldChange> Compare(const Fields& before, const Fields& after) {
  std::vector<FieldChange> out;
  std::map<std::string, std::optional<std::string>, std::less<>> old(before.begin(), before.end());
  for (const auto& [name, value] : after) {
    auto it = old.find(name);
    std::optional<std::string> was = it == old.end() ? std::nullopt : it->second;
    if (was != value) out.push_back({name, was, value});
  }
  return out;
}

std::vector<FieldChange> AllFields(const Fields& fields, bool as_after) {
  std::vector<FieldChange> out;
  for (const auto& [name, value] : fields) {
    if (!value) continue;
    out.push_back(as_after ? FieldChange{name, std::nullopt, value} : FieldChange{name, value, std::nullopt});
  }
  return out;
}

// Pairs exact matches (by `match`, in order), then left-overs sharing `loose` in order.
void DiffSection(const std::string& section, const std::vector<Item>& before, const std::vector<Item>& after,
                 std::vector<EntityChange>& out) {
  std::vector<int> partner(after.size(), -1);  // index into before
  std::vector<bool> used(before.size(), false);
  auto pair_on = [&](std::string Item::*key) {
    std::map<std::string, std::vector<size_t>> free;
    for (size_t i = 0; i < before.size(); ++i)
      if (!used[i] && !(before[i].*key).empty()) free[before[i].*key].push_back(i);
    std::map<std::string, size_t> next;
    for (size_t j = 0; j < after.size(); ++j) {
      if (partner[j] >= 0 || (after[j].*key).empty()) continue;
      auto it = free.find(after[j].*key);
      if (it == free.end()) continue;
      size_t& n = next[it->first];
      if (n >= it->second.size()) continue;
      partner[j] = static_cast<int>(it->second[n]);
      used[it->second[n]] = true;
      ++n;
    }
  };
  pair_on(&Item::match);
  pair_on(&Item::loose);
  for (size_t j = 0; j < after.size(); ++j) {
    if (partner[j] < 0) {
      out.push_back({section, after[j].key, after[j].label, ChangeKind::kAdded, AllFields(after[j].fields, true)});
      continue;
    }
    std::vector<FieldChange> changed = Compare(before[static_cast<size_t>(partner[j])].fields, after[j].fields);
    if (!changed.empty())
      out.push_back({section, after[j].key, after[j].label, ChangeKind::kChanged, std::move(changed)});
  }
  for (size_t i = 0; i < before.size(); ++i) {
    if (!used[i])
      out.push_back(
          {section, before[i].key, before[i].label, ChangeKind::kRemoved, AllFields(before[i].fields, false)});
  }
}

std::string PersonName(const IcsSystem& sys, const std::string& id) {
  const model::Person* p = sys.FindPerson(id);
  return p && !p->name.empty() ? p->name : id;
}

std::vector<Item> Organisations(const IcsSystem& sys) {
  std::vector<Item> out;
  for (const auto& o : sys.organisations) out.push_back({o.code, o.code, "", o.name, OrganisationFields(o)});
  return out;
}

std::vector<Item> Seats(const IcsSystem& sys) {
  std::vector<Item> out;
  for (const auto& s : sys.board.seats) {
    std::string role(model::Name(s.role));
    out.push_back({role + "/" + s.person, role + "/" + s.person, role,
                   std::string(model::Describe(s.role)) + ": " + PersonName(sys, s.person), SeatFields(s)});
  }
  return out;
}

std::vector<Item> Committees(const IcsSystem& sys) {
  std::vector<Item> out;
  for (const auto& c : sys.committees)
    out.push_back({c.id, c.id, "", c.name.empty() ? c.id : c.name, CommitteeFields(c)});
  return out;
}

std::vector<Item> People(const IcsSystem& sys) {
  std::vector<Item> out;
  for (const auto& p : sys.people) out.push_back({p.id, p.id, "", p.name.empty() ? p.id : p.name, PersonFields(p)});
  return out;
}

std::vector<Item> Interests(const IcsSystem& sys) {
  std::vector<Item> out;
  for (const auto& i : sys.interests) {
    std::string category(model::Name(i.category));
    std::string key = i.person + "/" + category + (i.org.empty() ? "" : "/" + i.org);
    std::string about = i.org.empty() ? i.description : i.org;
    if (const model::Organisation* o = sys.FindOrganisation(i.org)) about = o->name;
    out.push_back({key, key, i.person + "/" + i.org,
                   PersonName(sys, i.person) + ": " + category + (about.empty() ? "" : " (" + about + ")"),
                   InterestFields(i)});
  }
  return out;
}

std::vector<Item> Places(const IcsSystem& sys) {
  std::vector<Item> out;
  for (const auto& p : sys.places) out.push_back({p.id, p.id, "", p.name.empty() ? p.id : p.name, PlaceFields(p)});
  return out;
}

std::vector<Item> Collaboratives(const IcsSystem& sys) {
  std::vector<Item> out;
  for (const auto& c : sys.collaboratives)
    out.push_back({c.id, c.id, "", c.name.empty() ? c.id : c.name, CollaborativeFields(c)});
  return out;
}

std::vector<Item> Functions(const IcsSystem& sys) {
  std::vector<Item> out;
  for (const auto& fn : sys.functions)
    out.push_back({fn.id, fn.id, "", fn.name.empty() ? fn.id : fn.name, FunctionFields(fn)});
  return out;
}

std::vector<Item> Roles(const IcsSystem& sys) {
  std::vector<Item> out;
  for (const auto& r : sys.roles) {
    std::string label = (r.title.empty() ? r.id : r.title) + (r.person.empty() ? " (vacant)" : ": " + PersonName(sys, r.person));
    out.push_back({r.id, r.id, "", label, RoleFields(r)});
  }
  return out;
}

// Scheme lines match on their id; a line without one on its clause and function.
std::vector<Item> Delegations(const IcsSystem& sys) {
  std::vector<Item> out;
  for (const auto& d : sys.delegations) {
    std::string key = !d.id.empty() ? d.id : d.clause + "/" + d.function;
    std::string holder = d.reserved_to_board ? "reserved to the board" : "delegated to " + d.delegated_to;
    out.push_back({key, key, d.clause.empty() ? "" : "clause " + d.clause,
                   (d.clause.empty() ? "" : d.clause + " ") + d.function + ": " + holder, DelegationFields(d)});
  }
  return out;
}

std::vector<Item> Section75s(const IcsSystem& sys) {
  std::vector<Item> out;
  for (const auto& a : sys.section_75)
    out.push_back({a.id, a.id, "", a.name.empty() ? a.id : a.name, Section75Fields(a)});
  return out;
}

std::vector<Item> Meetings(const IcsSystem& sys) {
  std::vector<Item> out;
  for (const auto& m : sys.meetings)
    out.push_back({m.id, m.id, "", (m.title.empty() ? m.id : m.title) + " (" + m.date.ToIso() + ")", MeetingFields(m)});
  return out;
}

nlohmann::ordered_json Value(const std::optional<std::string>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

}  // namespace

std::string_view Name(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kAdded:
      return "added";
    case ChangeKind::kRemoved:
      return "removed";
    case ChangeKind::kChanged:
      return "changed";
  }
  return "changed";
}

const std::vector<std::string>& DiffSections() {
  static const std::vector<std::string> kSections = {
      "organisations", "board_seats", "committees", "people",      "interests", "places",
      "collaboratives", "functions",  "roles",      "delegations", "section_75", "meetings"};
  return kSections;
}

SectionSummary ModelDiff::Summary(std::string_view section) const {
  SectionSummary s;
  for (const auto& c : changes) {
    if (c.section != section) continue;
    (c.kind == ChangeKind::kAdded ? s.added : c.kind == ChangeKind::kRemoved ? s.removed : s.changed)++;
  }
  return s;
}

ModelDiff DiffSystems(const IcsSystem& before, const IcsSystem& after) {
  using Extract = std::vector<Item> (*)(const IcsSystem&);
  const std::pair<const char*, Extract> sections[] = {{"organisations", Organisations},
                                                      {"board_seats", Seats},
                                                      {"committees", Committees},
                                                      {"people", People},
                                                      {"interests", Interests},
                                                      {"places", Places},
                                                      {"collaboratives", Collaboratives},
                                                      {"functions", Functions},
                                                      {"roles", Roles},
                                                      {"delegations", Delegations},
                                                      {"section_75", Section75s},
                                                      {"meetings", Meetings}};
  ModelDiff diff;
  for (const auto& [name, extract] : sections) DiffSection(name, extract(before), extract(after), diff.changes);
  return diff;
}

std::string DiffJson(const ModelDiff& diff, int indent) {
  nlohmann::ordered_json summary = nlohmann::ordered_json::object();
  for (const auto& section : DiffSections()) {
    SectionSummary s = diff.Summary(section);
    summary[section] = {{"added", s.added}, {"removed", s.removed}, {"changed", s.changed}};
  }
  nlohmann::ordered_json changes = nlohmann::ordered_json::array();
  for (const auto& c : diff.changes) {
    nlohmann::ordered_json fields = nlohmann::ordered_json::array();
    for (const auto& f : c.fields)
      fields.push_back({{"field", f.field}, {"before", Value(f.before)}, {"after", Value(f.after)}});
    changes.push_back({{"section", c.section},
                       {"change", std::string(Name(c.kind))},
                       {"key", c.key},
                       {"label", c.label},
                       {"fields", std::move(fields)}});
  }
  nlohmann::ordered_json out = {
      {"identical", diff.identical()}, {"summary", std::move(summary)}, {"changes", std::move(changes)}};
  return out.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace ics::versions
