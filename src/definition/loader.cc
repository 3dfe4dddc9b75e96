#include "definition/loader.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "base/text.h"
#include "model/ids.h"

namespace ics::definition {

namespace {

using model::SourceLocation;
using Node = YamlDocument::Node;
using Kind = YamlDocument::Kind;

enum class Need { kOptional, kRequired };

const char* Describe(const Node& n) {
  switch (n.kind) {
    case Kind::kNull: return "nothing";
    case Kind::kScalar: return "a single value";
    case Kind::kSequence: return "a list";
    case Kind::kMap: return "a map of keys";
  }
  return "something else";
}

class Context {
 public:
  Context(const YamlDocument& doc, LoadOutcome* out, size_t max_errors)
      : doc_(doc), out_(out), max_errors_(max_errors) {}

  void Error(const Node& at, std::string message) { ErrorAt(doc_.Where(at), std::move(message)); }
  void ErrorAt(const std::string& where, std::string message) {
    if (out_->errors.size() < max_errors_) out_->errors.push_back({where, std::move(message)});
  }
  void ErrorAt(const SourceLocation& where, std::string message) { ErrorAt(where.ToString(), std::move(message)); }
  SourceLocation Loc(const Node& n) const { return {doc_.file(), n.line, n.column}; }
  const YamlDocument& doc() const { return doc_; }
  bool full() const { return out_->errors.size() >= max_errors_; }

 private:
  const YamlDocument& doc_;
  LoadOutcome* out_;
  size_t max_errors_;
};

// Reads one map of the definition into a model entity, remembering which keys were
// asked for so that every other key is reported as unknown.
class MapReader {
 public:
  MapReader(Context& ctx, const Node& node, std::string what, model::Located* target)
      : ctx_(ctx), node_(node), what_(std::move(what)), target_(target) {
    if (target_) target_->where = ctx_.Loc(node);
    if (node.kind != Kind::kMap) {
      ctx_.Error(node, what_ + " must be a map of 'key: value' lines, but this is " + Describe(node));
      valid_ = false;
    }
  }

  bool valid() const { return valid_; }
  const std::string& what() const { return what_; }

  // The value under `key`, or nullptr (reporting a missing required key).
  const Node* Take(std::string_view key, Need need = Need::kOptional) {
    known_.emplace_back(key);
    if (!valid_) return nullptr;
    const Node* value = ctx_.doc().Find(node_, key);
    if (value && target_) target_->field_where[std::string(key)] = ctx_.Loc(*value);
    if (value && value->kind == Kind::kNull) {
      if (need == Need::kRequired) ctx_.Error(*value, what_ + ": '" + std::string(key) + "' is empty; give it a value");
      return nullptr;
    }
    if (!value && need == Need::kRequired) {
      ctx_.Error(node_, what_ + " has no '" + std::string(key) + "': add '" + std::string(key) + ": ...'");
    }
    return value;
  }

  bool Scalar(const Node* v, std::string_view key) {
    if (v->kind == Kind::kScalar) return true;
    ctx_.Error(*v, what_ + ": '" + std::string(key) + "' must be a single value, but this is " + Describe(*v));
    return false;
  }

  void Str(std::string_view key, std::string* out, Need need = Need::kOptional) {
    const Node* v = Take(key, need);
    if (v && Scalar(v, key)) {
      *out = v->value;
      if (need == Need::kRequired && out->empty()) ctx_.Error(*v, what_ + ": '" + std::string(key) + "' is empty");
    }
  }

  void Bool(std::string_view key, bool* out) {
    std::optional<bool> value;
    OptBool(key, &value);
    if (value) *out = *value;
  }

  void OptBool(std::string_view key, std::optional<bool>* out) {
    const Node* v = Take(key);
    if (!v || !Scalar(v, key)) return;
    if (!v->quoted && (v->value == "true" || v->value == "yes")) {
      *out = true;
    } else if (!v->quoted && (v->value == "false" || v->value == "no")) {
      *out = false;
    } else {
      ctx_.Error(*v, what_ + ": '" + std::string(key) + "' must be true or false, not '" + v->value + "'");
    }
  }

  void OptInt(std::string_view key, std::optional<int64_t>* out, int64_t min = 0) {
    const Node* v = Take(key);
    if (!v || !Scalar(v, key)) return;
    int64_t value = 0;
    std::string text = v->value;
    std::erase(text, '_');
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (v->quoted || ec != std::errc() || ptr != text.data() + text.size()) {
      ctx_.Error(*v, what_ + ": '" + std::string(key) + "' must be a whole number, not '" + v->value + "'");
      return;
    }
    if (value < min) {
      ctx_.Error(*v, what_ + ": '" + std::string(key) + "' must be at least " + std::to_string(min));
      return;
    }
    *out = value;
  }

  void OptInt(std::string_view key, std::optional<int>* out, int min = 0) {
    std::optional<int64_t> wide;
    OptInt(key, &wide, min);
    if (wide) {
      if (*wide > 1'000'000) {
        ctx_.Error(*ctx_.doc().Find(node_, key), what_ + ": '" + std::string(key) + "' is too large");
        return;
      }
      *out = static_cast<int>(*wide);
    }
  }

  void OptNumber(std::string_view key, std::optional<double>* out) {
    const Node* v = Take(key);
    if (!v || !Scalar(v, key)) return;
    double value = 0;
    auto [ptr, ec] = std::from_chars(v->value.data(), v->value.data() + v->value.size(), value);
    if (v->quoted || ec != std::errc() || ptr != v->value.data() + v->value.size() || value < 0) {
      ctx_.Error(*v, what_ + ": '" + std::string(key) + "' must be a number of at least 0, not '" + v->value + "'");
      return;
    }
    *out = value;
  }

  // Pounds with optional pence ("250000" or "1250.50") into integer pence, exactly.
  void OptPounds(std::string_view key, std::optional<int64_t>* pence) {
    const Node* v = Take(key);
    if (!v || !Scalar(v, key)) return;
    std::string text = v->value;
    std::erase(text, '_');
    std::erase(text, ',');
    if (!text.empty() && text[0] == '\xC2') text.erase(0, 2);  // "£"
    size_t dot = text.find('.');
    std::string whole = text.substr(0, dot);
    std::string frac = dot == std::string::npos ? "" : text.substr(dot + 1);
    int64_t pounds = 0;
    bool ok = !whole.empty() && frac.size() <= 2 && whole.size() <= 15;
    for (char c : whole) ok = ok && c >= '0' && c <= '9';
    for (char c : frac) ok = ok && c >= '0' && c <= '9';
    if (!ok) {
      ctx_.Error(*v, what_ + ": '" + std::string(key) + "' must be an amount in pounds such as 250000 or 1250.50, not '" +
                         v->value + "'");
      return;
    }
    std::from_chars(whole.data(), whole.data() + whole.size(), pounds);
    int64_t p = 0;
    if (!frac.empty()) {
      std::from_chars(frac.data(), frac.data() + frac.size(), p);
      if (frac.size() == 1) p *= 10;
    }
    *pence = pounds * 100 + p;
  }

  void OptDate(std::string_view key, std::optional<Date>* out) {
    const Node* v = Take(key);
    if (!v || !Scalar(v, key)) return;
    std::string why;
    std::optional<Date> d = ParseIsoDate(v->value, &why);
    if (!d) {
      ctx_.Error(*v, what_ + ": '" + std::string(key) + "': " + why);
      return;
    }
    *out = d;
  }

  void ReqDate(std::string_view key, Date* out) {
    std::optional<Date> d;
    if (!ctx_.doc().Find(node_, key) && valid_) {
      Take(key, Need::kRequired);
      return;
    }
    OptDate(key, &d);
    if (d) *out = *d;
  }

  // A list of values; a single value is accepted as a list of one.
  void StrList(std::string_view key, std::vector<std::string>* out, Need need = Need::kOptional) {
    const Node* v = Take(key, need);
    if (!v) return;
    if (v->kind == Kind::kScalar) {
      out->push_back(v->value);
      return;
    }
    if (v->kind != Kind::kSequence) {
      ctx_.Error(*v, what_ + ": '" + std::string(key) + "' must be a list such as [A, B], but this is " + Describe(*v));
      return;
    }
    for (uint32_t index : v->children) {
      const Node& item = ctx_.doc().node(index);
      if (item.kind != Kind::kScalar) {
        ctx_.Error(item, what_ + ": each item of '" + std::string(key) + "' must be a single value");
        continue;
      }
      out->push_back(item.value);
    }
  }

  template <typename E>
  bool ParseEnum(const Node& v, std::string_view key, E* out) {
    if (!Scalar(&v, key)) return false;
    if (std::optional<E> e = model::Parse<E>(v.value)) {
      *out = *e;
      return true;
    }
    std::vector<std::string> names = model::Names<E>();
    std::string suggestion = ClosestMatch(v.value, names);
    std::string message = what_ + ": '" + std::string(key) + "' cannot be '" + v.value + "'";
    if (!suggestion.empty()) message += " (did you mean '" + suggestion + "'?)";
    message += "; choose one of " + JoinWithAnd(names);
    ctx_.Error(v, std::move(message));
    return false;
  }

  template <typename E>
  void Enum(std::string_view key, E* out, Need need = Need::kOptional) {
    const Node* v = Take(key, need);
    if (v) ParseEnum(*v, key, out);
  }

  template <typename E>
  void EnumList(std::string_view key, std::vector<E>* out) {
    const Node* v = Take(key);
    if (!v) return;
    if (v->kind == Kind::kScalar) {
      E e;
      if (ParseEnum(*v, key, &e)) out->push_back(e);
      return;
    }
    if (v->kind != Kind::kSequence) {
      ctx_.Error(*v, what_ + ": '" + std::string(key) + "' must be a list, but this is " + Describe(*v));
      return;
    }
    for (uint32_t index : v->children) {
      E e;
      if (ParseEnum(ctx_.doc().node(index), key, &e)) out->push_back(e);
    }
  }

  void ValidityFields(model::Validity* validity) {
    OptDate("valid_from", &validity->from);
    OptDate("valid_to", &validity->to);
    if (validity->from && validity->to && *validity->to < *validity->from) {
      ctx_.Error(*ctx_.doc().Find(node_, "valid_to"),
                 what_ + ": valid_to " + validity->to->ToIso() + " is before valid_from " + validity->from->ToIso());
    }
  }

  // Calls `each(item, index)` for every item of the list under `key`.
  template <typename F>
  void List(std::string_view key, F each, Need need = Need::kOptional) {
    const Node* v = Take(key, need);
    if (!v) return;
    if (v->kind != Kind::kSequence) {
      ctx_.Error(*v, what_ + ": '" + std::string(key) + "' must be a list (lines starting with '- '), but this is " +
                         Describe(*v));
      return;
    }
    for (size_t i = 0; i < v->children.size() && !ctx_.full(); ++i) each(ctx_.doc().node(v->children[i]), i);
  }

  // Reports keys nobody asked for, suggesting the closest known key.
  void Finish() {
    if (!valid_) return;
    for (size_t i = 0; i + 1 < node_.children.size(); i += 2) {
      const Node& key = ctx_.doc().node(node_.children[i]);
      if (key.kind != Kind::kScalar) {
        ctx_.Error(key, what_ + ": keys must be plain words");
        continue;
      }
      if (std::find(known_.begin(), known_.end(), key.value) != known_.end()) {
        for (size_t j = 0; j < i; j += 2) {
          if (ctx_.doc().node(node_.children[j]).value == key.value) {
            ctx_.Error(key, what_ + ": '" + key.value + "' is given twice; keep one");
            break;
          }
        }
        continue;
      }
      std::string suggestion = ClosestMatch(key.value, known_);
      std::string message = what_ + ": unknown key '" + key.value + "'";
      if (!suggestion.empty()) message += " (did you mean '" + suggestion + "'?)";
      else message += "; known keys are " + JoinWithAnd(known_);
      ctx_.Error(key, std::move(message));
    }
  }

 private:
  Context& ctx_;
  const Node& node_;
  std::string what_;
  model::Located* target_;
  std::vector<std::string> known_;
  bool valid_ = true;
};

std::string Item(std::string_view list, size_t index) {
  return std::string(list) + " item " + std::to_string(index + 1);
}

// ---------------------------------------------------------------------------------------
// Sections

void ReadSystem(Context& ctx, const Node& node, model::SystemInfo* s) {
  MapReader r(ctx, node, "system", s);
  r.Str("name", &s->name, Need::kRequired);
  r.Str("icb", &s->icb, Need::kRequired);
  r.Str("ons_code", &s->ons_code);
  r.Str("region", &s->region);
  r.OptInt("population", &s->population);
  r.OptDate("established", &s->established);
  r.OptDate("as_of", &s->as_of);
  r.Finish();
  if (!s->icb.empty()) {
    if (std::string problem = model::CheckOrganisationCode(s->icb, model::OrgKind::kIcb); !problem.empty())
      ctx.ErrorAt(s->At("icb"), "system: icb " + problem);
  }
  if (!s->ons_code.empty() && !model::IsGssCode(s->ons_code))
    ctx.ErrorAt(s->At("ons_code"), "system: ons_code '" + s->ons_code + "' is not an ONS code such as E54000058");
}

void ReadDocument(Context& ctx, const Node& node, const std::string& what, model::Document* d) {
  MapReader r(ctx, node, what, d);
  r.Bool("exists", &d->exists);
  r.OptDate("adopted", &d->adopted);
  r.OptDate("published", &d->published);
  r.OptDate("last_reviewed", &d->last_reviewed);
  r.Str("url", &d->url);
  r.StrList("contains", &d->contains);
  r.Str("period", &d->period);
  r.Finish();
}

const std::vector<std::string>& DocumentKinds() {
  static const std::vector<std::string> kinds = {
      "governance_handbook",          "standing_financial_instructions",
      "scheme_of_reservation_and_delegation", "functions_and_decision_map",
      "standards_of_business_conduct", "register_of_interests",
      "joint_forward_plan",           "integrated_care_strategy",
      "people_and_communities_strategy", "annual_report",
      "eligible_pms_providers_list",  "clinical_and_professional_leadership_model"};
  return kinds;
}

void ReadConstitution(Context& ctx, const Node& node, model::Constitution* c) {
  MapReader r(ctx, node, "constitution", c);
  r.Str("name", &c->name);
  r.Str("area", &c->area);
  r.OptDate("adopted", &c->adopted);
  r.OptBool("standing_orders", &c->standing_orders);
  r.StrList("clauses", &c->clauses);
  r.Str("ordinary_member_appointments", &c->ordinary_member_appointments);
  if (const Node* p = r.Take("published")) {
    model::Document d;
    ReadDocument(ctx, *p, "constitution: published", &d);
    c->published = d;
  }
  r.List("amendments", [&](const Node& item, size_t i) {
    model::ConstitutionAmendment a;
    MapReader ar(ctx, item, Item("constitution: amendments", i), &a);
    ar.ReqDate("date", &a.date);
    ar.OptDate("approved_by_nhse", &a.approved_by_nhse);
    ar.Str("summary", &a.summary);
    ar.Finish();
    c->amendments.push_back(std::move(a));
  });
  r.Finish();
}

void ReadOrganisation(Context& ctx, const Node& node, size_t index, model::IcsSystem* sys) {
  model::Organisation o;
  MapReader r(ctx, node, Item("organisations", index), &o);
  if (!r.valid()) return;
  r.Str("code", &o.code, Need::kRequired);
  r.Str("name", &o.name, Need::kRequired);
  r.Enum("kind", &o.kind, Need::kRequired);
  r.Bool("foundation_trust", &o.foundation_trust);
  r.Enum("la_type", &o.la_type);
  std::optional<bool> social_care;
  r.OptBool("social_care", &social_care);
  r.EnumList("services", &o.services);
  r.Str("pcn", &o.pcn);
  r.Str("local_authority", &o.local_authority);
  r.OptInt("list_size", &o.list_size);
  r.OptNumber("weighted_population", &o.weighted_population);
  r.Bool("in_area", &o.in_area);
  r.ValidityFields(&o.validity);
  r.Finish();
  // Social care responsibility follows the kind of council unless written.
  o.social_care = social_care.value_or(o.kind == model::OrgKind::kUpperTierLa);
  if (!o.code.empty()) {
    if (std::string problem = model::CheckOrganisationCode(o.code, o.kind); !problem.empty())
      ctx.ErrorAt(o.At("code"), r.what() + ": code " + problem);
  }
  if (o.kind == model::OrgKind::kLowerTierLa && o.la_type == model::LaType::kNone) o.la_type = model::LaType::kDistrict;
  if (!o.pcn.empty() && o.kind != model::OrgKind::kGpPractice)
    ctx.ErrorAt(o.At("pcn"), r.what() + ": only a gp_practice belongs to a PCN");
  if (o.list_size && o.kind != model::OrgKind::kGpPractice && o.kind != model::OrgKind::kPcn)
    ctx.ErrorAt(o.At("list_size"), r.what() + ": list_size applies to a gp_practice or pcn only");
  sys->organisations.push_back(std::move(o));
}

void ReadPerson(Context& ctx, const Node& node, size_t index, model::IcsSystem* sys) {
  model::Person p;
  MapReader r(ctx, node, Item("people", index), &p);
  if (!r.valid()) return;
  r.Str("id", &p.id, Need::kRequired);
  r.Str("name", &p.name, Need::kRequired);
  r.List("employments", [&](const Node& item, size_t i) {
    model::Employment e;
    MapReader er(ctx, item, "person '" + p.id + "': " + Item("employments", i), &e);
    er.Str("org", &e.org, Need::kRequired);
    er.Str("role", &e.role);
    er.Bool("executive", &e.executive);
    er.Bool("non_executive", &e.non_executive);
    er.Bool("elected_member", &e.elected_member);
    er.Bool("secondment", &e.secondment);
    er.ValidityFields(&e.validity);
    er.Finish();
    p.employments.push_back(std::move(e));
  });
  r.EnumList("disqualifications", &p.disqualifications);
  if (const Node* f = r.Take("fit_and_proper")) {
    model::FitAndProper fp;
    MapReader fr(ctx, *f, "person '" + p.id + "': fit_and_proper", &fp);
    fr.OptDate("last_assessed", &fp.last_assessed);
    fr.Bool("passed", &fp.passed);
    fr.Finish();
    p.fit_and_proper = fp;
  }
  r.OptBool("nolan_undertaking", &p.nolan_undertaking);
  r.Bool("mental_health_expertise", &p.mental_health_expertise);
  r.Bool("finance_audit_expertise", &p.finance_audit_expertise);
  r.Bool("primary_medical_services", &p.primary_medical_services);
  r.OptDate("interests_declared", &p.interests_declared);
  r.ValidityFields(&p.validity);
  r.Finish();
  sys->people.push_back(std::move(p));
}

void ReadQuorum(Context& ctx, const Node& node, const std::string& what, std::optional<model::QuorumRule>* out) {
  model::QuorumRule q;
  q.where = ctx.Loc(node);
  if (node.kind == Kind::kScalar) {  // "quorum: 3" or "quorum: majority"
    if (node.value == "majority") {
      q.majority = true;
    } else {
      int value = 0;
      auto [ptr, ec] = std::from_chars(node.value.data(), node.value.data() + node.value.size(), value);
      if (ec != std::errc() || ptr != node.value.data() + node.value.size() || value < 1) {
        ctx.Error(node, what + ": quorum must be a number of members, 'majority', or a map with count/majority/requires");
        return;
      }
      q.count = value;
    }
    *out = q;
    return;
  }
  MapReader r(ctx, node, what + ": quorum", &q);
  if (!r.valid()) return;
  r.OptInt("count", &q.count, 1);
  r.Bool("majority", &q.majority);
  r.StrList("requires", &q.requires_);
  r.Finish();
  static const std::vector<std::string> kKinds = {"chair_or_deputy", "executive", "non_executive", "partner",
                                                  "chair", "clinician"};
  for (const std::string& k : q.requires_) {
    if (std::find(kKinds.begin(), kKinds.end(), k) == kKinds.end()) {
      std::string s = ClosestMatch(k, kKinds);
      ctx.ErrorAt(q.At("requires"), what + ": quorum requires '" + k + "', which is not a kind of member" +
                                        (s.empty() ? "" : " (did you mean '" + s + "'?)") + "; choose from " +
                                        JoinWithAnd(kKinds));
    }
  }
  if (!q.count && !q.majority)
    ctx.ErrorAt(q.where, what + ": quorum needs 'count: N' or 'majority: true'");
  *out = q;
}

void ReadBoard(Context& ctx, const Node& node, model::Board* b) {
  MapReader r(ctx, node, "icb: board", b);
  r.List("seats", [&](const Node& item, size_t i) {
    model::Seat s;
    MapReader sr(ctx, item, Item("board seats", i), &s);
    if (!sr.valid()) return;
    sr.Enum("role", &s.role, Need::kRequired);
    sr.Str("person", &s.person, Need::kRequired);
    sr.StrList("nominated_by", &s.nominated_by);
    sr.Str("appointed_by", &s.appointed_by);
    sr.Str("approved_by", &s.approved_by);
    sr.Bool("deputy_chair", &s.deputy_chair);
    sr.Bool("senior_ned", &s.senior_ned);
    std::optional<bool> voting;
    sr.OptBool("voting", &voting);
    sr.ValidityFields(&s.validity);
    sr.Finish();
    s.voting = voting.value_or(s.role != model::SeatRole::kParticipant && s.role != model::SeatRole::kAttendee);
    b->seats.push_back(std::move(s));
  }, Need::kRequired);
  if (const Node* q = r.Take("quorum")) ReadQuorum(ctx, *q, "icb: board", &b->quorum);
  r.OptBool("meets_in_public", &b->meets_in_public);
  r.OptBool("publishes_papers", &b->publishes_papers);
  r.OptBool("publishes_minutes", &b->publishes_minutes);
  r.Str("casting_vote", &b->casting_vote);
  r.StrList("approved_variations", &b->approved_variations);
  r.Finish();
}

void ReadCommittee(Context& ctx, const Node& node, size_t index, model::IcsSystem* sys) {
  model::Committee c;
  MapReader r(ctx, node, Item("committees", index), &c);
  if (!r.valid()) return;
  r.Str("id", &c.id, Need::kRequired);
  r.Str("name", &c.name);
  r.Str("kind", &c.kind, Need::kRequired);
  r.Enum("type", &c.type);
  r.Str("parent", &c.parent);
  r.Str("chair", &c.chair);
  if (const Node* m = r.Take("members")) {
    if (m->kind != Kind::kSequence) {
      ctx.Error(*m, r.what() + ": 'members' must be a list of person ids or {person: id, voting: false}");
    } else {
      for (uint32_t child : m->children) {
        const Node& item = ctx.doc().node(child);
        model::CommitteeMember member;
        member.where = ctx.Loc(item);
        if (item.kind == Kind::kScalar) {
          member.person = item.value;
        } else {
          MapReader mr(ctx, item, "committee '" + c.id + "' member", &member);
          mr.Str("person", &member.person, Need::kRequired);
          mr.Bool("voting", &member.voting);
          mr.Bool("chair_approved", &member.chair_approved);
          mr.Finish();
        }
        c.members.push_back(std::move(member));
      }
    }
  }
  if (const Node* q = r.Take("quorum")) ReadQuorum(ctx, *q, "committee '" + c.id + "'", &c.quorum);
  r.StrList("partners", &c.partners);
  r.Str("statutory_basis", &c.statutory_basis);
  r.Bool("commissioning_functions", &c.commissioning_functions);
  r.StrList("delegated_functions", &c.delegated_functions);
  r.OptDate("terms_of_reference_approved", &c.terms_of_reference_approved);
  r.OptBool("terms_of_reference_published", &c.terms_of_reference_published);
  r.OptBool("meets_in_public", &c.meets_in_public);
  r.ValidityFields(&c.validity);
  r.Finish();
  sys->committees.push_back(std::move(c));
}

void ReadIcb(Context& ctx, const Node& node, model::IcsSystem* sys) {
  model::Located icb;
  MapReader r(ctx, node, "icb", &icb);
  if (const Node* b = r.Take("board", Need::kRequired)) ReadBoard(ctx, *b, &sys->board);
  r.List("committees", [&](const Node& item, size_t i) { ReadCommittee(ctx, item, i, sys); });
  r.Finish();
}

void ReadIcp(Context& ctx, const Node& node, model::IcsSystem* sys) {
  model::Icp icp;
  MapReader r(ctx, node, "icp", &icp);
  if (!r.valid()) return;
  r.Str("name", &icp.name);
  r.StrList("bodies", &icp.bodies);
  r.List("members", [&](const Node& item, size_t i) {
    model::IcpMember m;
    MapReader mr(ctx, item, Item("icp members", i), &m);
    mr.Str("person", &m.person);
    mr.Str("appointed_by", &m.appointed_by, Need::kRequired);
    mr.Str("role", &m.role);
    mr.Finish();
    icp.members.push_back(std::move(m));
  });
  r.Str("chair", &icp.chair);
  r.StrList("chair_selected_by", &icp.chair_selected_by);
  if (const Node* q = r.Take("quorum")) ReadQuorum(ctx, *q, "icp", &icp.quorum);
  r.Finish();
  sys->icp = std::move(icp);
}

void ReadPlace(Context& ctx, const Node& node, size_t index, model::IcsSystem* sys) {
  model::Place p;
  MapReader r(ctx, node, Item("places", index), &p);
  if (!r.valid()) return;
  r.Str("id", &p.id, Need::kRequired);
  r.Str("name", &p.name);
  r.StrList("footprint", &p.footprint, Need::kRequired);
  r.OptInt("population", &p.population);
  r.EnumList("governance", &p.governance);
  r.StrList("members", &p.members);
  r.Str("convener", &p.convener);
  r.Str("committee", &p.committee);
  r.Str("lead_provider", &p.lead_provider);
  r.Str("reports_to", &p.reports_to);
  r.Str("decision_making", &p.decision_making);
  r.Finish();
  sys->places.push_back(std::move(p));
}

void ReadCollaborative(Context& ctx, const Node& node, size_t index, model::IcsSystem* sys) {
  model::Collaborative c;
  MapReader r(ctx, node, Item("collaboratives", index), &c);
  if (!r.valid()) return;
  r.Str("id", &c.id, Need::kRequired);
  r.Str("name", &c.name);
  r.StrList("members", &c.members, Need::kRequired);
  r.Str("lead", &c.lead);
  r.Str("governance", &c.governance);
  r.StrList("places", &c.places);
  r.Finish();
  sys->collaboratives.push_back(std::move(c));
}

void ReadInterest(Context& ctx, const Node& node, size_t index, model::IcsSystem* sys) {
  model::Interest in;
  MapReader r(ctx, node, Item("interests", index), &in);
  if (!r.valid()) return;
  r.Str("person", &in.person, Need::kRequired);
  r.Enum("category", &in.category, Need::kRequired);
  std::optional<bool> direct;
  r.OptBool("direct", &direct);
  in.direct = direct.value_or(in.category != model::InterestCategory::kIndirect);
  r.Str("org", &in.org);
  r.Str("description", &in.description);
  r.StrList("related_orgs", &in.related_orgs);
  r.OptDate("from", &in.from);
  r.OptDate("to", &in.to);
  r.OptDate("declared", &in.declared);
  r.Str("mitigation", &in.mitigation);
  r.StrList("topics", &in.topics);
  r.Finish();
  if (in.from && in.to && *in.to < *in.from)
    ctx.ErrorAt(in.At("to"), r.what() + ": 'to' " + in.to->ToIso() + " is before 'from' " + in.from->ToIso());
  sys->interests.push_back(std::move(in));
}

void ReadGift(Context& ctx, const Node& node, size_t index, model::IcsSystem* sys) {
  model::GiftOrHospitality g;
  MapReader r(ctx, node, Item("gifts_and_hospitality", index), &g);
  if (!r.valid()) return;
  r.Str("person", &g.person, Need::kRequired);
  r.Enum("kind", &g.kind, Need::kRequired);
  r.ReqDate("date", &g.date);
  r.Str("from", &g.from_org);
  r.Bool("from_supplier", &g.from_supplier);
  std::optional<int64_t> value;
  r.OptPounds("value_gbp", &value);
  if (!value) r.Take("value_gbp", Need::kRequired);
  g.value_pence = value.value_or(0);
  r.Bool("accepted", &g.accepted);
  r.Bool("declared", &g.declared);
  r.Bool("senior_approval", &g.senior_approval);
  r.Bool("on_behalf_of_organisation", &g.on_behalf_of_organisation);
  r.Bool("promotional", &g.promotional);
  r.Finish();
  sys->gifts_and_hospitality.push_back(std::move(g));
}

void ReadDelegation(Context& ctx, const Node& node, size_t index, model::IcsSystem* sys) {
  model::Delegation d;
  MapReader r(ctx, node, Item("delegations", index), &d);
  if (!r.valid()) return;
  r.Str("id", &d.id, Need::kRequired);
  r.Str("function", &d.function, Need::kRequired);
  r.Bool("reserved_to_board", &d.reserved_to_board);
  r.Str("delegated_to", &d.delegated_to);
  r.Str("delegated_by", &d.delegated_by);
  r.Str("statutory_basis", &d.statutory_basis);
  r.OptPounds("limit_gbp", &d.limit_pence);
  r.Str("clause", &d.clause);
  r.StrList("places", &d.places);
  r.Str("sub_delegated_from", &d.sub_delegated_from);
  r.Bool("may_sub_delegate", &d.may_sub_delegate);
  r.OptPounds("sub_delegation_limit_gbp", &d.sub_delegation_limit_pence);
  r.Str("conditions", &d.conditions);
  r.ValidityFields(&d.validity);
  r.Finish();
  if (!d.reserved_to_board && d.delegated_to.empty())
    ctx.ErrorAt(d.where, r.what() + ": give 'delegated_to' (a committee, place, organisation or role) or 'reserved_to_board: true'");
  if (d.reserved_to_board && !d.sub_delegated_from.empty())
    ctx.ErrorAt(d.At("sub_delegated_from"), r.what() + ": a reserved decision cannot be a sub-delegation; remove one of the two");
  if (d.sub_delegation_limit_pence && !d.may_sub_delegate)
    ctx.ErrorAt(d.At("sub_delegation_limit_gbp"),
                r.what() + ": 'sub_delegation_limit_gbp' needs 'may_sub_delegate: true'");
  sys->delegations.push_back(std::move(d));
}

void ReadFunction(Context& ctx, const Node& node, size_t index, model::IcsSystem* sys) {
  model::Function f;
  MapReader r(ctx, node, Item("functions", index), &f);
  if (!r.valid()) return;
  r.Str("id", &f.id, Need::kRequired);
  r.Str("name", &f.name, Need::kRequired);
  r.Enum("source", &f.source);
  r.Str("area", &f.area);
  r.Str("statutory_basis", &f.statutory_basis);
  r.Str("held_by", &f.held_by);
  r.Str("clause", &f.clause);
  r.ValidityFields(&f.validity);
  r.Finish();
  sys->functions.push_back(std::move(f));
}

void ReadRole(Context& ctx, const Node& node, size_t index, model::IcsSystem* sys) {
  model::Role role;
  MapReader r(ctx, node, Item("roles", index), &role);
  if (!r.valid()) return;
  r.Str("id", &role.id, Need::kRequired);
  r.Str("title", &role.title);
  r.Str("person", &role.person);
  r.Str("reports_to", &role.reports_to);
  r.ValidityFields(&role.validity);
  r.Finish();
  if (role.id.rfind("role:", 0) == 0)
    ctx.ErrorAt(role.At("id"), r.what() + ": write the id without 'role:' ('" + role.id.substr(5) +
                                    "'); delegations refer to it as 'role:" + role.id.substr(5) + "'");
  sys->roles.push_back(std::move(role));
}

void ReadSection75(Context& ctx, const Node& node, size_t index, model::IcsSystem* sys) {
  model::Section75 a;
  MapReader r(ctx, node, Item("section_75", index), &a);
  if (!r.valid()) return;
  r.Str("id", &a.id, Need::kRequired);
  r.Str("name", &a.name);
  r.StrList("partners", &a.partners, Need::kRequired);
  r.Str("host", &a.host);
  r.StrList("functions", &a.functions);
  r.OptPounds("pooled_gbp", &a.pooled_pence);
  r.Str("governed_by", &a.governed_by);
  r.ValidityFields(&a.validity);
  r.Finish();
  sys->section_75.push_back(std::move(a));
}

void ReadMeeting(Context& ctx, const Node& node, size_t index, model::IcsSystem* sys) {
  model::Meeting m;
  MapReader r(ctx, node, Item("meetings", index), &m);
  if (!r.valid()) return;
  r.Str("id", &m.id, Need::kRequired);
  r.Str("title", &m.title);
  r.Str("body", &m.body, Need::kRequired);
  r.ReqDate("date", &m.date);
  r.Str("presiding", &m.presiding);
  r.StrList("present", &m.present);
  r.StrList("in_attendance", &m.in_attendance);
  std::string what = "meeting '" + m.id + "'";
  r.List("agenda", [&](const Node& item, size_t i) {
    model::AgendaItem a;
    MapReader ar(ctx, item, what + ": " + Item("agenda", i), &a);
    if (!ar.valid()) return;
    ar.Str("number", &a.number, Need::kRequired);
    ar.Str("title", &a.title, Need::kRequired);
    ar.Enum("part", &a.part);
    ar.Enum("purpose", &a.purpose);
    ar.Str("function", &a.function);
    ar.Str("place", &a.place);
    ar.StrList("counterparties", &a.counterparties);
    ar.StrList("topics", &a.topics);
    ar.OptPounds("value_gbp", &a.value_pence);
    ar.Finish();
    if (a.purpose == model::ItemPurpose::kDecision && a.function.empty())
      ctx.ErrorAt(a.where, ar.what() + ": a decision item needs 'function:' (the function of the decision map it "
                                       "exercises) so its authority can be checked");
    m.items.push_back(std::move(a));
  });
  r.Finish();
  std::set<std::string> numbers;
  for (const auto& a : m.items)
    if (!a.number.empty() && !numbers.insert(a.number).second)
      ctx.ErrorAt(a.At("number"), what + ": agenda item number " + a.number + " is given twice; number items uniquely");
  std::set<std::string> present;
  for (const auto& p : m.present)
    if (!present.insert(p).second)
      ctx.ErrorAt(m.At("present"), what + ": '" + p + "' is listed twice under 'present'");
  sys->meetings.push_back(std::move(m));
}

// ---------------------------------------------------------------------------------------
// References

class ReferenceChecker {
 public:
  ReferenceChecker(Context& ctx, const model::IcsSystem& sys) : ctx_(ctx), sys_(sys) {
    for (const auto& o : sys.organisations) orgs_.push_back(o.code);
    for (const auto& p : sys.people) people_.push_back(p.id);
    for (const auto& c : sys.committees) committees_.push_back(c.id);
    for (const auto& p : sys.places) places_.push_back(p.id);
    for (const auto& r : sys.roles) roles_.push_back(r.id);
    for (const auto& d : sys.delegations) delegations_.push_back(d.id);
    for (const auto& f : sys.functions) functions_.push_back(f.id);
    function_set_.insert(functions_.begin(), functions_.end());
    role_set_.insert(roles_.begin(), roles_.end());
    delegation_set_.insert(delegations_.begin(), delegations_.end());
    org_set_.insert(orgs_.begin(), orgs_.end());
    people_set_.insert(people_.begin(), people_.end());
    committee_set_.insert(committees_.begin(), committees_.end());
    place_set_.insert(places_.begin(), places_.end());
  }

  void Duplicates() {
    CheckDuplicates(sys_.organisations, &model::Organisation::code, "organisation code");
    CheckDuplicates(sys_.people, &model::Person::id, "person id");
    CheckDuplicates(sys_.committees, &model::Committee::id, "committee id");
    CheckDuplicates(sys_.places, &model::Place::id, "place id");
    CheckDuplicates(sys_.collaboratives, &model::Collaborative::id, "collaborative id");
    CheckDuplicates(sys_.delegations, &model::Delegation::id, "delegation id");
    CheckDuplicates(sys_.functions, &model::Function::id, "function id");
    CheckDuplicates(sys_.roles, &model::Role::id, "role id");
    CheckDuplicates(sys_.section_75, &model::Section75::id, "section 75 arrangement id");
    CheckDuplicates(sys_.meetings, &model::Meeting::id, "meeting id");
  }

  void Org(const model::Located& at, std::string_view field, const std::string& code, const std::string& what) {
    Check(at, field, code, what, "organisation", org_set_, orgs_, "add it to 'organisations:'");
  }
  void Person(const model::Located& at, std::string_view field, const std::string& id, const std::string& what) {
    Check(at, field, id, what, "person", people_set_, people_, "add them to 'people:'");
  }
  void Committee(const model::Located& at, std::string_view field, const std::string& id, const std::string& what) {
    Check(at, field, id, what, "committee", committee_set_, committees_, "add it to 'icb: committees:'");
  }
  void Place(const model::Located& at, std::string_view field, const std::string& id, const std::string& what) {
    Check(at, field, id, what, "place", place_set_, places_, "add it to 'places:'");
  }
  void Role(const model::Located& at, std::string_view field, const std::string& id, const std::string& what) {
    Check(at, field, id, what, "role", role_set_, roles_, "add it to 'roles:'");
  }
  void Delegation(const model::Located& at, std::string_view field, const std::string& id, const std::string& what) {
    Check(at, field, id, what, "delegation", delegation_set_, delegations_, "add it to 'delegations:'");
  }
  bool HasRoles() const { return !roles_.empty(); }
  // A function written as an id (one word) must be in the map once there is a map; a
  // function written as words is free text.
  void Function(const model::Located& at, std::string_view field, const std::string& f, const std::string& what) {
    if (functions_.empty() || f.find(' ') != std::string::npos) return;
    Check(at, field, f, what, "function", function_set_, functions_, "add it to 'functions:'");
  }
  bool IsOrg(const std::string& s) const { return org_set_.count(s) > 0; }
  bool IsCommittee(const std::string& s) const { return committee_set_.count(s) > 0; }
  bool IsPlace(const std::string& s) const { return place_set_.count(s) > 0; }

 private:
  template <typename T>
  void CheckDuplicates(const std::vector<T>& items, std::string T::*key, const std::string& what) {
    std::unordered_map<std::string, const T*> seen;
    for (const T& item : items) {
      const std::string& id = item.*key;
      if (id.empty()) continue;
      auto [it, inserted] = seen.emplace(id, &item);
      if (!inserted) {
        ctx_.ErrorAt(item.where, "duplicate " + what + " '" + id + "' (first defined at " +
                                     it->second->where.ToString() + "); ids must be unique");
      }
    }
  }

  void Check(const model::Located& at, std::string_view field, const std::string& id, const std::string& what,
             const char* kind, const std::unordered_set<std::string>& set, const std::vector<std::string>& all,
             const char* fix) {
    if (id.empty() || set.count(id)) return;
    std::string suggestion = all.size() < 20000 ? ClosestMatch(id, all) : std::string();
    std::string message = what + " refers to " + kind + " '" + id + "', which is not defined";
    if (!suggestion.empty()) message += " (did you mean '" + suggestion + "'?)";
    else message += std::string("; ") + fix;
    ctx_.ErrorAt(at.At(field), std::move(message));
  }

  Context& ctx_;
  const model::IcsSystem& sys_;
  std::vector<std::string> orgs_, people_, committees_, places_, roles_, delegations_, functions_;
  std::unordered_set<std::string> org_set_, people_set_, committee_set_, place_set_, role_set_, delegation_set_,
      function_set_;
};

void CheckReferences(Context& ctx, model::IcsSystem& sys) {
  ReferenceChecker refs(ctx, sys);
  refs.Duplicates();
  if (!sys.system.icb.empty() && !refs.IsOrg(sys.system.icb))
    ctx.ErrorAt(sys.system.At("icb"), "system: icb '" + sys.system.icb +
                                          "' is not among the organisations; add it with kind: icb");
  for (const auto& o : sys.organisations) {
    if (!o.pcn.empty()) refs.Org(o, "pcn", o.pcn, "practice " + o.code);
    if (!o.local_authority.empty()) refs.Org(o, "local_authority", o.local_authority, "practice " + o.code);
  }
  for (const auto& p : sys.people)
    for (const auto& e : p.employments) refs.Org(e, "org", e.org, "person '" + p.id + "' employment");
  for (const auto& s : sys.board.seats) {
    refs.Person(s, "person", s.person, std::string("board seat '") + std::string(model::Name(s.role)) + "'");
    for (const auto& org : s.nominated_by) refs.Org(s, "nominated_by", org, "board seat nominated_by");
  }
  for (const auto& c : sys.committees) {
    std::string what = "committee '" + c.id + "'";
    refs.Person(c, "chair", c.chair, what + " chair");
    for (const auto& m : c.members) refs.Person(m, "person", m.person, what + " member");
    for (const auto& org : c.partners) refs.Org(c, "partners", org, what + " partner");
    if (!c.parent.empty()) refs.Committee(c, "parent", c.parent, what + " parent");
    if (c.parent == c.id) ctx.ErrorAt(c.At("parent"), what + " cannot be its own parent");
  }
  if (sys.icp) {
    for (const auto& b : sys.icp->bodies) refs.Org(*sys.icp, "bodies", b, "icp bodies");
    for (const auto& m : sys.icp->members) {
      refs.Person(m, "person", m.person, "icp member");
      if (m.appointed_by != "icp") refs.Org(m, "appointed_by", m.appointed_by, "icp member appointed_by");
    }
    refs.Person(*sys.icp, "chair", sys.icp->chair, "icp chair");
    for (const auto& b : sys.icp->chair_selected_by) refs.Org(*sys.icp, "chair_selected_by", b, "icp chair_selected_by");
  }
  for (const auto& p : sys.places) {
    std::string what = "place '" + p.id + "'";
    for (const auto& f : p.footprint) refs.Org(p, "footprint", f, what + " footprint");
    for (const auto& m : p.members) refs.Org(p, "members", m, what + " member");
    refs.Person(p, "convener", p.convener, what + " convener");
    refs.Committee(p, "committee", p.committee, what + " committee");
    refs.Org(p, "lead_provider", p.lead_provider, what + " lead_provider");
    if (!p.reports_to.empty() && p.reports_to != "icb" && p.reports_to != "icp")
      refs.Committee(p, "reports_to", p.reports_to, what + " reports_to");
  }
  for (const auto& c : sys.collaboratives) {
    std::string what = "collaborative '" + c.id + "'";
    for (const auto& m : c.members) refs.Org(c, "members", m, what + " member");
    refs.Org(c, "lead", c.lead, what + " lead");
    for (const auto& p : c.places) refs.Place(c, "places", p, what + " place");
  }
  for (const auto& in : sys.interests) {
    refs.Person(in, "person", in.person, "interest");
    refs.Org(in, "org", in.org, "interest of '" + in.person + "'");
    for (const auto& o : in.related_orgs) refs.Org(in, "related_orgs", o, "interest of '" + in.person + "'");
  }
  for (const auto& g : sys.gifts_and_hospitality) refs.Person(g, "person", g.person, "gift or hospitality");
  // A holder or delegator: board, committee, place, organisation, role or person.
  auto holder = [&](const model::Located& at, std::string_view field, const std::string& to, const std::string& what) {
    if (to.empty() || refs.IsCommittee(to) || refs.IsPlace(to) || refs.IsOrg(to) || to == "board") return;
    if (to.rfind("role:", 0) == 0) {
      if (refs.HasRoles()) refs.Role(at, field, to.substr(5), what);
      return;
    }
    refs.Person(at, field, to, what);
  };
  for (const auto& d : sys.delegations) {
    std::string what = "delegation '" + d.id + "'";
    holder(d, "delegated_to", d.delegated_to, what);
    refs.Function(d, "function", d.function, what);
    if (!d.delegated_by.empty() && d.delegated_by != "board" && d.delegated_by != "nhs_england" &&
        d.delegated_by.rfind("role:", 0) != 0 && !refs.IsOrg(d.delegated_by))
      refs.Committee(d, "delegated_by", d.delegated_by, what + " delegated_by");
    for (const auto& p : d.places) refs.Place(d, "places", p, what);
    if (!d.sub_delegated_from.empty()) {
      refs.Delegation(d, "sub_delegated_from", d.sub_delegated_from, what + " sub_delegated_from");
      if (d.sub_delegated_from == d.id) ctx.ErrorAt(d.At("sub_delegated_from"), what + " cannot sub-delegate itself");
    }
  }
  // Sub-delegation chains must end at a line that is not itself a sub-delegation.
  {
    std::unordered_map<std::string, const model::Delegation*> by_id;
    for (const auto& d : sys.delegations) by_id.emplace(d.id, &d);
    for (const auto& d : sys.delegations) {
      const model::Delegation* at = &d;
      size_t steps = 0;
      while (at && !at->sub_delegated_from.empty() && steps <= sys.delegations.size()) {
        auto it = by_id.find(at->sub_delegated_from);
        at = it == by_id.end() ? nullptr : it->second;
        ++steps;
      }
      if (at && steps > sys.delegations.size())
        ctx.ErrorAt(d.At("sub_delegated_from"), "delegation '" + d.id +
                                                    "' is part of a loop of sub-delegations; each chain must start at "
                                                    "a line delegated by the board, a committee or NHS England");
    }
  }
  for (const auto& f : sys.functions) holder(f, "held_by", f.held_by, "function '" + f.id + "' held_by");
  for (const auto& r : sys.roles) {
    refs.Person(r, "person", r.person, "role '" + r.id + "'");
    if (!r.reports_to.empty()) refs.Role(r, "reports_to", r.reports_to, "role '" + r.id + "' reports_to");
  }
  for (const auto& a : sys.section_75) {
    std::string what = "section 75 arrangement '" + a.id + "'";
    for (const auto& p : a.partners) refs.Org(a, "partners", p, what + " partner");
    refs.Org(a, "host", a.host, what + " host");
    refs.Committee(a, "governed_by", a.governed_by, what + " governed_by");
    for (const auto& f : a.functions) refs.Function(a, "functions", f, what + " function");
  }
  for (const auto& m : sys.meetings) {
    std::string what = "meeting '" + m.id + "'";
    if (m.body != "board") refs.Committee(m, "body", m.body, what + " body");
    refs.Person(m, "presiding", m.presiding, what + " presiding");
    for (const auto& p : m.present) refs.Person(m, "present", p, what + " present");
    for (const auto& p : m.in_attendance) refs.Person(m, "in_attendance", p, what + " in_attendance");
    for (const auto& a : m.items) {
      std::string item = what + " item " + a.number;
      refs.Function(a, "function", a.function, item + " function");
      refs.Place(a, "place", a.place, item + " place");
      for (const auto& o : a.counterparties) refs.Org(a, "counterparties", o, item + " counterparty");
    }
  }
}

}  // namespace

const std::vector<std::string>& TopLevelKeys() {
  static const std::vector<std::string> keys = {
      "system", "constitution", "documents", "organisations", "people", "icb", "icp", "places",
      "collaboratives", "interests", "gifts_and_hospitality", "functions", "roles", "delegations",
      "section_75", "meetings"};
  return keys;
}

LoadOutcome LoadDefinition(std::string_view text, const std::string& file, const LoadOptions& options) {
  LoadOutcome out;
  out.system.source_file = file;
  Result<YamlDocument> parsed = YamlDocument::Parse(text, file, options.limits);
  if (!parsed.ok()) {
    out.errors.push_back({parsed.status().where(), parsed.status().message()});
    return out;
  }
  const YamlDocument& doc = *parsed;
  Context ctx(doc, &out, options.max_errors);
  model::IcsSystem& sys = out.system;
  model::Located top;
  MapReader r(ctx, doc.root(), "the definition", &top);
  if (!r.valid()) return out;

  if (const Node* n = r.Take("system", Need::kRequired)) ReadSystem(ctx, *n, &sys.system);
  if (const Node* n = r.Take("constitution")) {
    model::Constitution c;
    ReadConstitution(ctx, *n, &c);
    sys.constitution = std::move(c);
  }
  if (const Node* n = r.Take("documents")) {
    model::Located docs;
    MapReader dr(ctx, *n, "documents", &docs);
    for (const std::string& kind : DocumentKinds()) {
      if (const Node* d = dr.Take(kind)) {
        model::Document document;
        ReadDocument(ctx, *d, "documents: " + kind, &document);
        sys.documents.emplace(kind, std::move(document));
      }
    }
    dr.Finish();
  }
  r.List("organisations", [&](const Node& item, size_t i) { ReadOrganisation(ctx, item, i, &sys); }, Need::kRequired);
  r.List("people", [&](const Node& item, size_t i) { ReadPerson(ctx, item, i, &sys); });
  if (const Node* n = r.Take("icb", Need::kRequired)) ReadIcb(ctx, *n, &sys);
  if (const Node* n = r.Take("icp")) ReadIcp(ctx, *n, &sys);
  r.List("places", [&](const Node& item, size_t i) { ReadPlace(ctx, item, i, &sys); });
  r.List("collaboratives", [&](const Node& item, size_t i) { ReadCollaborative(ctx, item, i, &sys); });
  r.List("interests", [&](const Node& item, size_t i) { ReadInterest(ctx, item, i, &sys); });
  r.List("gifts_and_hospitality", [&](const Node& item, size_t i) { ReadGift(ctx, item, i, &sys); });
  r.List("functions", [&](const Node& item, size_t i) { ReadFunction(ctx, item, i, &sys); });
  r.List("roles", [&](const Node& item, size_t i) { ReadRole(ctx, item, i, &sys); });
  r.List("delegations", [&](const Node& item, size_t i) { ReadDelegation(ctx, item, i, &sys); });
  r.List("section_75", [&](const Node& item, size_t i) { ReadSection75(ctx, item, i, &sys); });
  r.List("meetings", [&](const Node& item, size_t i) { ReadMeeting(ctx, item, i, &sys); });
  r.Finish();

  CheckReferences(ctx, sys);
  // Report in file order.
  std::stable_sort(out.errors.begin(), out.errors.end(), [](const Diagnostic& a, const Diagnostic& b) {
    auto key = [](const std::string& w) {
      size_t c1 = w.rfind(':');
      size_t c0 = c1 == std::string::npos ? std::string::npos : w.rfind(':', c1 - 1);
      if (c0 == std::string::npos) return std::pair<long, long>(0, 0);
      return std::pair<long, long>(std::atol(w.c_str() + c0 + 1), std::atol(w.c_str() + c1 + 1));
    };
    return key(a.where) < key(b.where);
  });
  return out;
}

}  // namespace ics::definition
