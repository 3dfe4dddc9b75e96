#include "render/authority_json.h"

#include <nlohmann/json.hpp>

namespace ics::render {

namespace {

using nlohmann::ordered_json;

std::string Dump(const ordered_json& j, int indent) {
  return j.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

void PutPence(ordered_json& j, const char* key, const std::optional<int64_t>& pence) {
  if (pence) {
    j[std::string(key) + "_pence"] = *pence;
    j[key] = authority::FormatPounds(*pence);
  } else {
    j[std::string(key) + "_pence"] = nullptr;
  }
}

ordered_json QuorumCountJson(const authority::QuorumCount& q) {
  ordered_json j;
  j["rule"] = q.rule;
  j["rule_recorded"] = q.has_rule;
  j["members"] = q.members;
  j["present"] = q.present;
  j["counted"] = q.counted;
  j["needed"] = q.needed;
  j["missing"] = q.missing;
  j["quorate"] = q.quorate;
  return j;
}

void PutValidity(ordered_json& j, const model::Validity& v) {
  j["valid_from"] = v.from ? ordered_json(v.from->ToIso()) : ordered_json(nullptr);
  j["valid_to"] = v.to ? ordered_json(v.to->ToIso()) : ordered_json(nullptr);
}

}  // namespace

std::string AuthorityJson(const authority::DecisionQuery& query, const authority::AuthorityAnswer& answer, int indent) {
  ordered_json root;
  ordered_json q;
  q["function"] = query.function;
  q["place"] = query.place.empty() ? ordered_json(nullptr) : ordered_json(query.place);
  PutPence(q, "value", query.value_pence);
  q["date"] = query.date.ToIso();
  q["counterparty"] = query.counterparty.empty() ? ordered_json(nullptr) : ordered_json(query.counterparty);
  root["query"] = q;
  root["function"] = {{"id", answer.function}, {"name", answer.function_name}};
  root["outcome"] = std::string(authority::Name(answer.outcome));
  root["finding"] = answer.IsFinding();
  root["summary"] = answer.summary;
  ordered_json deciders = ordered_json::array();
  for (const auto& d : answer.deciders) {
    ordered_json j;
    j["holder"] = d.holder;
    j["label"] = d.holder_label;
    j["people"] = d.people;
    PutPence(j, "limit", d.limit_pence);
    ordered_json chain = ordered_json::array();
    for (const auto& s : d.chain) {
      ordered_json step;
      step["holder"] = s.holder;
      step["label"] = s.holder_label;
      step["delegation"] = s.delegation.empty() ? ordered_json(nullptr) : ordered_json(s.delegation);
      step["clause"] = s.clause.empty() ? ordered_json(nullptr) : ordered_json(s.clause);
      PutPence(step, "limit", s.limit_pence);
      step["statutory_basis"] = s.statutory_basis;
      chain.push_back(std::move(step));
    }
    j["chain"] = std::move(chain);
    deciders.push_back(std::move(j));
  }
  root["deciders"] = std::move(deciders);
  ordered_json reserved = ordered_json::array();
  for (const auto& r : answer.reserved)
    reserved.push_back({{"delegation", r.delegation}, {"clause", r.clause}, {"statutory_basis", r.statutory_basis}});
  root["reserved"] = std::move(reserved);
  root["notes"] = answer.notes;
  return Dump(root, indent);
}

std::string ConflictsJson(const authority::MeetingReport& report, const std::map<std::string, Status>& decisions,
                          bool public_only, int indent) {
  const model::Meeting& m = *report.meeting;
  ordered_json root;
  root["meeting"] = {{"id", m.id},          {"title", m.title}, {"body", m.body},
                     {"body_label", report.body_label}, {"date", m.date.ToIso()}};
  root["opening_quorum"] = QuorumCountJson(report.opening_quorum);
  ordered_json items = ordered_json::array();
  for (const auto& r : report.items) {
    const model::AgendaItem& a = *r.item;
    if (public_only && a.part == model::MeetingPart::kConfidential) continue;
    ordered_json j;
    j["number"] = a.number;
    j["title"] = a.title;
    j["part"] = std::string(model::Name(a.part));
    j["purpose"] = std::string(model::Name(a.purpose));
    j["function"] = a.function.empty() ? ordered_json(nullptr) : ordered_json(a.function);
    j["place"] = a.place.empty() ? ordered_json(nullptr) : ordered_json(a.place);
    j["counterparties"] = a.counterparties;
    PutPence(j, "value", a.value_pence);
    ordered_json conflicts = ordered_json::array();
    for (const auto& c : r.conflicts) {
      ordered_json cj;
      cj["person"] = c.person;
      cj["name"] = c.person_label;
      cj["category"] = std::string(model::Name(c.category));
      cj["direct"] = c.direct;
      cj["on_register"] = c.on_register;
      cj["interest"] = c.interest;
      cj["because"] = c.because;
      cj["mitigation"] = c.mitigation;
      cj["action"] = std::string(authority::Name(c.action));
      cj["action_text"] = std::string(authority::Describe(c.action));
      cj["counts_for_quorum"] = !authority::Excluded(c.action);
      conflicts.push_back(std::move(cj));
    }
    j["conflicts"] = std::move(conflicts);
    j["presiding"] = r.presiding;
    j["presiding_note"] = r.presiding_note;
    j["quorum"] = QuorumCountJson(r.quorum);
    j["course"] = r.course;
    if (auto it = decisions.find(a.number); it != decisions.end())
      j["decision"] = {{"may_record", it->second.ok()}, {"reason", it->second.message()}};
    else
      j["decision"] = nullptr;
    items.push_back(std::move(j));
  }
  root["items"] = std::move(items);
  root["notes"] = report.notes;
  return Dump(root, indent);
}

std::string DecisionMapJson(const authority::AuthorityIndex& index, const Date& date, int indent) {
  const model::IcsSystem& sys = index.system();
  ordered_json root;
  root["as_of"] = date.ToIso();
  ordered_json functions = ordered_json::array();
  for (const auto& f : index.functions()) {
    ordered_json j;
    j["id"] = f.key;
    j["name"] = f.name;
    j["source"] = std::string(model::Name(f.source));
    j["in_map"] = f.map != nullptr;
    if (f.map) {
      j["area"] = f.map->area;
      j["statutory_basis"] = f.map->statutory_basis;
      j["held_by"] = f.map->held_by;
      j["held_by_label"] = f.map->held_by.empty() ? "" : index.HolderLabel(f.map->held_by);
      j["clause"] = f.map->clause;
      PutValidity(j, f.map->validity);
    }
    ordered_json lines = ordered_json::array();
    for (size_t i : f.lines) {
      const model::Delegation& d = sys.delegations[i];
      ordered_json l;
      l["id"] = d.id;
      l["clause"] = d.clause;
      l["reserved_to_board"] = d.reserved_to_board;
      l["delegated_to"] = d.reserved_to_board ? "board" : d.delegated_to;
      l["label"] = index.HolderLabel(d.reserved_to_board ? "board" : d.delegated_to);
      l["delegated_by"] = d.delegated_by.empty() ? (d.reserved_to_board ? "" : "board") : d.delegated_by;
      l["sub_delegated_from"] = d.sub_delegated_from.empty() ? ordered_json(nullptr) : ordered_json(d.sub_delegated_from);
      PutPence(l, "limit", d.limit_pence);
      l["may_sub_delegate"] = d.may_sub_delegate;
      PutPence(l, "sub_delegation_limit", d.sub_delegation_limit_pence);
      l["places"] = d.places;
      l["statutory_basis"] = d.statutory_basis;
      l["conditions"] = d.conditions;
      PutValidity(l, d.validity);
      l["in_force"] = d.validity.ActiveOn(date);
      lines.push_back(std::move(l));
    }
    j["lines"] = std::move(lines);
    functions.push_back(std::move(j));
  }
  root["functions"] = std::move(functions);
  ordered_json roles = ordered_json::array();
  for (const auto& r : sys.roles)
    roles.push_back({{"id", r.id}, {"title", r.title}, {"person", r.person}, {"reports_to", r.reports_to}});
  root["roles"] = std::move(roles);
  ordered_json s75 = ordered_json::array();
  for (const auto& a : sys.section_75) {
    ordered_json j{{"id", a.id}, {"name", a.name}, {"partners", a.partners}, {"host", a.host},
                   {"functions", a.functions}, {"governed_by", a.governed_by}};
    PutPence(j, "pooled", a.pooled_pence);
    PutValidity(j, a.validity);
    j["in_force"] = a.validity.ActiveOn(date);
    s75.push_back(std::move(j));
  }
  root["section_75"] = std::move(s75);
  return Dump(root, indent);
}

}  // namespace ics::render
