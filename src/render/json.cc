#include "render/json.h"

#include <nlohmann/json.hpp>

#include "governance/sources.h"

namespace ics::render {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

std::string Dump(const ordered_json& j, int indent) {
  return j.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

void PutLocation(ordered_json& j, const model::Located& entity) {
  if (entity.where.known()) j["line"] = entity.where.line;
}

template <typename T>
void PutOptional(ordered_json& j, const char* key, const std::optional<T>& value) {
  if (value) j[key] = *value;
}

void PutDate(ordered_json& j, const char* key, const std::optional<Date>& d) {
  if (d) j[key] = d->ToIso();
}

void PutValidity(ordered_json& j, const model::Validity& v) {
  PutDate(j, "valid_from", v.from);
  PutDate(j, "valid_to", v.to);
}

template <typename E>
ordered_json EnumNames(const std::vector<E>& values) {
  ordered_json out = ordered_json::array();
  for (E v : values) out.push_back(std::string(model::Name(v)));
  return out;
}

ordered_json QuorumJson(const std::optional<model::QuorumRule>& q) {
  if (!q) return nullptr;
  ordered_json j;
  if (q->count) j["count"] = *q->count;
  j["majority"] = q->majority;
  j["requires"] = q->requires_;
  return j;
}

ordered_json DocumentJson(const model::Document& d) {
  ordered_json j;
  j["exists"] = d.exists;
  PutDate(j, "adopted", d.adopted);
  PutDate(j, "published", d.published);
  PutDate(j, "last_reviewed", d.last_reviewed);
  if (!d.url.empty()) j["url"] = d.url;
  if (!d.contains.empty()) j["contains"] = d.contains;
  if (!d.period.empty()) j["period"] = d.period;
  PutLocation(j, d);
  return j;
}

ordered_json SourcesJson(const std::string& citation) {
  ordered_json out = ordered_json::array();
  for (const governance::Source* s : governance::SourcesCitedIn(citation))
    out.push_back({{"key", std::string(s->key)}, {"title", std::string(s->title)}, {"url", std::string(s->url)}});
  return out;
}

}  // namespace

std::string SystemJson(const model::IcsSystem& sys, int indent) {
  ordered_json root;
  const model::SystemInfo& s = sys.system;
  ordered_json info;
  info["name"] = s.name;
  info["icb"] = s.icb;
  if (!s.ons_code.empty()) info["ons_code"] = s.ons_code;
  if (!s.region.empty()) info["region"] = s.region;
  PutOptional(info, "population", s.population);
  PutDate(info, "established", s.established);
  PutDate(info, "as_of", s.as_of);
  info["file"] = sys.source_file;
  root["system"] = info;

  if (sys.constitution) {
    const model::Constitution& c = *sys.constitution;
    ordered_json j;
    j["name"] = c.name;
    j["area"] = c.area;
    PutDate(j, "adopted", c.adopted);
    PutOptional(j, "standing_orders", c.standing_orders);
    j["clauses"] = c.clauses;
    if (!c.ordinary_member_appointments.empty()) j["ordinary_member_appointments"] = c.ordinary_member_appointments;
    ordered_json amendments = ordered_json::array();
    for (const auto& a : c.amendments) {
      ordered_json aj{{"date", a.date.ToIso()}, {"summary", a.summary}};
      PutDate(aj, "approved_by_nhse", a.approved_by_nhse);
      amendments.push_back(aj);
    }
    j["amendments"] = amendments;
    PutLocation(j, c);
    root["constitution"] = j;
  } else {
    root["constitution"] = nullptr;
  }

  ordered_json documents = ordered_json::object();
  for (const auto& [kind, d] : sys.documents) documents[kind] = DocumentJson(d);
  root["documents"] = documents;

  ordered_json orgs = ordered_json::array();
  for (const auto& o : sys.organisations) {
    ordered_json j;
    j["code"] = o.code;
    j["name"] = o.name;
    j["kind"] = std::string(model::Name(o.kind));
    if (o.foundation_trust) j["foundation_trust"] = true;
    if (o.la_type != model::LaType::kNone) j["la_type"] = std::string(model::Name(o.la_type));
    if (o.IsLocalAuthority()) {
      j["social_care"] = o.social_care;
      j["responsible_local_authority"] = o.IsResponsibleLocalAuthority();
    }
    if (!o.services.empty()) j["services"] = EnumNames(o.services);
    if (!o.pcn.empty()) j["pcn"] = o.pcn;
    if (!o.local_authority.empty()) j["local_authority"] = o.local_authority;
    PutOptional(j, "list_size", o.list_size);
    PutOptional(j, "weighted_population", o.weighted_population);
    if (!o.in_area) j["in_area"] = false;
    PutValidity(j, o.validity);
    PutLocation(j, o);
    orgs.push_back(std::move(j));
  }
  root["organisations"] = orgs;

  ordered_json people = ordered_json::array();
  for (const auto& p : sys.people) {
    ordered_json j;
    j["id"] = p.id;
    j["name"] = p.name;
    ordered_json employments = ordered_json::array();
    for (const auto& e : p.employments) {
      ordered_json ej{{"org", e.org}};
      if (!e.role.empty()) ej["role"] = e.role;
      if (e.executive) ej["executive"] = true;
      if (e.non_executive) ej["non_executive"] = true;
      if (e.elected_member) ej["elected_member"] = true;
      if (e.secondment) ej["secondment"] = true;
      PutValidity(ej, e.validity);
      employments.push_back(std::move(ej));
    }
    j["employments"] = employments;
    if (!p.disqualifications.empty()) j["disqualifications"] = EnumNames(p.disqualifications);
    if (p.fit_and_proper) {
      ordered_json f{{"passed", p.fit_and_proper->passed}};
      PutDate(f, "last_assessed", p.fit_and_proper->last_assessed);
      j["fit_and_proper"] = f;
    }
    PutOptional(j, "nolan_undertaking", p.nolan_undertaking);
    if (p.mental_health_expertise) j["mental_health_expertise"] = true;
    if (p.finance_audit_expertise) j["finance_audit_expertise"] = true;
    if (p.primary_medical_services) j["primary_medical_services"] = true;
    PutDate(j, "interests_declared", p.interests_declared);
    PutValidity(j, p.validity);
    PutLocation(j, p);
    people.push_back(std::move(j));
  }
  root["people"] = people;

  ordered_json board;
  ordered_json seats = ordered_json::array();
  for (const auto& s : sys.board.seats) {
    ordered_json j;
    j["role"] = std::string(model::Name(s.role));
    j["role_label"] = std::string(model::Describe(s.role));
    j["person"] = s.person;
    if (!s.nominated_by.empty()) j["nominated_by"] = s.nominated_by;
    if (!s.appointed_by.empty()) j["appointed_by"] = s.appointed_by;
    if (!s.approved_by.empty()) j["approved_by"] = s.approved_by;
    if (s.deputy_chair) j["deputy_chair"] = true;
    if (s.senior_ned) j["senior_ned"] = true;
    j["voting"] = s.voting;
    PutValidity(j, s.validity);
    PutLocation(j, s);
    seats.push_back(std::move(j));
  }
  board["seats"] = seats;
  board["quorum"] = QuorumJson(sys.board.quorum);
  PutOptional(board, "meets_in_public", sys.board.meets_in_public);
  PutOptional(board, "publishes_papers", sys.board.publishes_papers);
  PutOptional(board, "publishes_minutes", sys.board.publishes_minutes);
  if (!sys.board.casting_vote.empty()) board["casting_vote"] = sys.board.casting_vote;
  board["approved_variations"] = sys.board.approved_variations;
  root["board"] = board;

  ordered_json committees = ordered_json::array();
  for (const auto& c : sys.committees) {
    ordered_json j;
    j["id"] = c.id;
    j["name"] = c.name;
    j["kind"] = c.kind;
    j["type"] = std::string(model::Name(c.type));
    if (!c.parent.empty()) j["parent"] = c.parent;
    if (!c.chair.empty()) j["chair"] = c.chair;
    ordered_json members = ordered_json::array();
    for (const auto& m : c.members) members.push_back({{"person", m.person}, {"voting", m.voting}});
    j["members"] = members;
    j["quorum"] = QuorumJson(c.quorum);
    if (!c.partners.empty()) j["partners"] = c.partners;
    if (!c.statutory_basis.empty()) j["statutory_basis"] = c.statutory_basis;
    if (c.commissioning_functions) j["commissioning_functions"] = true;
    if (!c.delegated_functions.empty()) j["delegated_functions"] = c.delegated_functions;
    PutDate(j, "terms_of_reference_approved", c.terms_of_reference_approved);
    PutOptional(j, "terms_of_reference_published", c.terms_of_reference_published);
    PutValidity(j, c.validity);
    PutLocation(j, c);
    committees.push_back(std::move(j));
  }
  root["committees"] = committees;

  if (sys.icp) {
    const model::Icp& icp = *sys.icp;
    ordered_json j;
    j["name"] = icp.name;
    j["bodies"] = icp.bodies;
    ordered_json members = ordered_json::array();
    for (const auto& m : icp.members) {
      ordered_json mj{{"appointed_by", m.appointed_by}};
      if (!m.person.empty()) mj["person"] = m.person;
      if (!m.role.empty()) mj["role"] = m.role;
      members.push_back(std::move(mj));
    }
    j["members"] = members;
    if (!icp.chair.empty()) j["chair"] = icp.chair;
    j["chair_selected_by"] = icp.chair_selected_by;
    j["quorum"] = QuorumJson(icp.quorum);
    PutLocation(j, icp);
    root["icp"] = j;
  } else {
    root["icp"] = nullptr;
  }

  ordered_json places = ordered_json::array();
  for (const auto& p : sys.places) {
    ordered_json j;
    j["id"] = p.id;
    j["name"] = p.name;
    j["footprint"] = p.footprint;
    PutOptional(j, "population", p.population);
    j["governance"] = EnumNames(p.governance);
    j["members"] = p.members;
    if (!p.convener.empty()) j["convener"] = p.convener;
    if (!p.committee.empty()) j["committee"] = p.committee;
    if (!p.lead_provider.empty()) j["lead_provider"] = p.lead_provider;
    if (!p.reports_to.empty()) j["reports_to"] = p.reports_to;
    if (!p.decision_making.empty()) j["decision_making"] = p.decision_making;
    PutLocation(j, p);
    places.push_back(std::move(j));
  }
  root["places"] = places;

  ordered_json collaboratives = ordered_json::array();
  for (const auto& c : sys.collaboratives) {
    ordered_json j;
    j["id"] = c.id;
    j["name"] = c.name;
    j["members"] = c.members;
    if (!c.lead.empty()) j["lead"] = c.lead;
    if (!c.governance.empty()) j["governance"] = c.governance;
    j["places"] = c.places;
    PutLocation(j, c);
    collaboratives.push_back(std::move(j));
  }
  root["collaboratives"] = collaboratives;

  ordered_json interests = ordered_json::array();
  for (const auto& i : sys.interests) {
    ordered_json j;
    j["person"] = i.person;
    j["category"] = std::string(model::Name(i.category));
    j["direct"] = i.direct;
    if (!i.org.empty()) j["org"] = i.org;
    if (!i.description.empty()) j["description"] = i.description;
    if (!i.related_orgs.empty()) j["related_orgs"] = i.related_orgs;
    PutDate(j, "from", i.from);
    PutDate(j, "to", i.to);
    PutDate(j, "declared", i.declared);
    if (!i.mitigation.empty()) j["mitigation"] = i.mitigation;
    PutLocation(j, i);
    interests.push_back(std::move(j));
  }
  root["interests"] = interests;

  ordered_json gifts = ordered_json::array();
  for (const auto& g : sys.gifts_and_hospitality) {
    ordered_json j;
    j["person"] = g.person;
    j["kind"] = std::string(model::Name(g.kind));
    j["date"] = g.date.ToIso();
    if (!g.from_org.empty()) j["from"] = g.from_org;
    j["from_supplier"] = g.from_supplier;
    j["value_pence"] = g.value_pence;
    j["accepted"] = g.accepted;
    j["declared"] = g.declared;
    PutLocation(j, g);
    gifts.push_back(std::move(j));
  }
  root["gifts_and_hospitality"] = gifts;

  ordered_json delegations = ordered_json::array();
  for (const auto& d : sys.delegations) {
    ordered_json j;
    j["id"] = d.id;
    j["function"] = d.function;
    j["reserved_to_board"] = d.reserved_to_board;
    if (!d.delegated_to.empty()) j["delegated_to"] = d.delegated_to;
    if (!d.delegated_by.empty()) j["delegated_by"] = d.delegated_by;
    if (!d.statutory_basis.empty()) j["statutory_basis"] = d.statutory_basis;
    PutOptional(j, "limit_pence", d.limit_pence);
    PutValidity(j, d.validity);
    PutLocation(j, d);
    delegations.push_back(std::move(j));
  }
  root["delegations"] = delegations;
  return Dump(root, indent);
}

std::string ComplianceJson(const model::IcsSystem& system, const governance::CheckReport& report, const Date& as_of,
                           int indent) {
  using governance::Severity;
  ordered_json root;
  root["system"] = system.system.name;
  root["file"] = system.source_file;
  root["as_of"] = as_of.ToIso();
  root["rules_evaluated"] = report.rules_evaluated;
  root["rules_not_checkable"] = report.rules_not_checkable;
  root["passed"] = report.PassesMustRules();
  root["summary"] = {{"must", report.Count(Severity::kMust)},
                     {"expected", report.Count(Severity::kExpected)},
                     {"advisory", report.Count(Severity::kAdvisory)}};
  ordered_json findings = ordered_json::array();
  for (const auto& f : report.findings) {
    findings.push_back({{"rule", f.rule},
                        {"severity", std::string(governance::Name(f.severity))},
                        {"message", f.message},
                        {"citation", f.citation},
                        {"provenance", f.provenance},
                        {"where", f.where},
                        {"fix", f.fix},
                        {"sources", SourcesJson(f.citation)}});
  }
  root["findings"] = findings;
  ordered_json not_checkable = ordered_json::array();
  for (const governance::RuleInfo* r : report.not_checkable) {
    not_checkable.push_back({{"rule", r->id},
                             {"area", r->area},
                             {"severity", std::string(governance::Name(r->severity))},
                             {"requirement", r->requirement},
                             {"citation", r->citation},
                             {"provenance", r->provenance},
                             {"because", r->not_checkable_because}});
  }
  root["not_checkable"] = not_checkable;
  return Dump(root, indent);
}

std::string LoadErrorsJson(const std::vector<definition::Diagnostic>& errors, int indent) {
  ordered_json root;
  ordered_json all = ordered_json::array();
  for (const auto& e : errors) all.push_back({{"message", e.message}, {"where", e.where}});
  std::string first = errors.empty() ? "invalid definition" : errors[0].message;
  if (errors.size() > 1) first += " (and " + std::to_string(errors.size() - 1) + " more)";
  root["error"] = {{"code", "invalid_definition"},
                   {"message", first},
                   {"where", errors.empty() ? "" : errors[0].where}};
  root["errors"] = all;
  return Dump(root, indent);
}

std::string ErrorJson(const Status& status, int indent) {
  ordered_json root;
  root["error"] = {{"code", std::string(StatusCodeName(status.code()))},
                   {"message", status.message()},
                   {"where", status.where()}};
  return Dump(root, indent);
}

std::string RulebookJson(int indent) {
  ordered_json rules = ordered_json::array();
  for (const governance::Rule& r : governance::Rulebook()) {
    ordered_json j{{"rule", r.info.id},
                   {"area", r.info.area},
                   {"severity", std::string(governance::Name(r.info.severity))},
                   {"requirement", r.info.requirement},
                   {"citation", r.info.citation},
                   {"provenance", r.info.provenance},
                   {"checked", static_cast<bool>(r.check)},
                   {"sources", SourcesJson(r.info.citation)}};
    if (!r.check) j["because"] = r.info.not_checkable_because;
    rules.push_back(std::move(j));
  }
  ordered_json root;
  root["rules"] = rules;
  return Dump(root, indent);
}

}  // namespace ics::render
