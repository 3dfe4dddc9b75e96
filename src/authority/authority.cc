#include "authority/authority.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "base/text.h"

namespace ics::authority {

namespace {

std::string Key(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool InForce(const model::Validity& v, const Date& d) { return v.ActiveOn(d); }

std::string DateRange(const model::Validity& v) {
  if (v.from && v.to) return "from " + v.from->ToIso() + " to " + v.to->ToIso();
  if (v.from) return "from " + v.from->ToIso();
  if (v.to) return "until " + v.to->ToIso();
  return "always";
}

bool CanDecide(const model::Place& p) {
  for (model::PlaceGovernance g : p.governance)
    if (g != model::PlaceGovernance::kConsultativeForum) return true;
  return false;
}

}  // namespace

std::string_view Name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kDelegated: return "delegated";
    case Outcome::kReserved: return "reserved";
    case Outcome::kAboveLimits: return "above_limits";
    case Outcome::kRetained: return "retained_by_board";
    case Outcome::kNobody: return "nobody";
    case Outcome::kAmbiguous: return "ambiguous";
  }
  return "unknown";
}

std::string FormatPounds(int64_t pence) {
  bool negative = pence < 0;
  uint64_t p = negative ? static_cast<uint64_t>(-(pence + 1)) + 1 : static_cast<uint64_t>(pence);
  std::string whole = std::to_string(p / 100);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  std::string out = std::string(negative ? "-" : "") + "\xC2\xA3" + grouped;
  if (p % 100) {
    char buf[4];
    std::snprintf(buf, sizeof buf, ".%02u", static_cast<unsigned>(p % 100));
    out += buf;
  }
  return out;
}

std::optional<int64_t> ParsePounds(std::string_view text) {
  std::string t(text);
  std::erase(t, ',');
  std::erase(t, '_');
  if (t.rfind("\xC2\xA3", 0) == 0) t.erase(0, 2);
  size_t dot = t.find('.');
  std::string whole = t.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : t.substr(dot + 1);
  if (whole.empty() || whole.size() > 15 || frac.size() > 2) return std::nullopt;
  int64_t pounds = 0, p = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    pounds = pounds * 10 + (c - '0');
  }
  for (char c : frac) {
    if (c < '0' || c > '9') return std::nullopt;
    p = p * 10 + (c - '0');
  }
  if (frac.size() == 1) p *= 10;
  return pounds * 100 + p;
}

AuthorityIndex::AuthorityIndex(const model::IcsSystem& system) : sys_(system) {
  for (const auto& c : sys_.committees) committees_.emplace(c.id, &c);
  for (const auto& p : sys_.places) places_.emplace(p.id, &p);
  for (const auto& r : sys_.roles) roles_.emplace(r.id, &r);
  for (const auto& o : sys_.organisations) orgs_.emplace(o.code, &o);
  for (const auto& p : sys_.people) people_.emplace(p.id, &p);
  for (const auto& in : sys_.interests) interests_[in.person].push_back(&in);
  for (const auto& f : sys_.functions) {
    FunctionEntry e;
    e.key = f.id;
    e.name = f.name;
    e.map = &f;
    e.source = f.source;
    by_key_.emplace(Key(f.id), functions_.size());
    by_key_.emplace(Key(f.name), functions_.size());
    functions_.push_back(std::move(e));
  }
  for (size_t i = 0; i < sys_.delegations.size(); ++i) {
    const model::Delegation& d = sys_.delegations[i];
    line_by_id_.emplace(d.id, i);
    std::string k = Key(d.function);
    auto it = by_key_.find(k);
    size_t entry;
    if (it == by_key_.end()) {
      entry = functions_.size();
      FunctionEntry e;
      e.key = k;
      e.name = d.function;
      functions_.push_back(std::move(e));
      by_key_.emplace(k, entry);
    } else {
      entry = it->second;
    }
    functions_[entry].lines.push_back(i);
    if (d.places.empty()) functions_[entry].any_place.push_back(i);
    for (const std::string& p : d.places) functions_[entry].by_place[p].push_back(i);
  }
  // A function only the scheme names comes from NHS England when NHS England delegates it.
  for (FunctionEntry& e : functions_) {
    if (e.map) continue;
    for (size_t i : e.lines)
      if (sys_.delegations[i].delegated_by == "nhs_england") e.source = model::FunctionSource::kNhsEngland;
  }
}

const FunctionEntry* AuthorityIndex::FindFunction(std::string_view text) const {
  auto it = by_key_.find(Key(text));
  return it == by_key_.end() ? nullptr : &functions_[it->second];
}

std::string AuthorityIndex::HolderLabel(std::string_view holder) const {
  if (holder == "board") return "the ICB board";
  if (holder == "nhs_england") return "NHS England";
  if (auto c = committees_.find(holder); c != committees_.end())
    return "the " + (c->second->name.empty() ? c->second->id : c->second->name) + " (" + c->second->id + ")";
  if (auto p = places_.find(holder); p != places_.end())
    return p->second->name.empty() ? "place " + p->second->id : "the " + p->second->name + " place (" + p->second->id + ")";
  if (holder.rfind("role:", 0) == 0) {
    std::string_view id = holder.substr(5);
    auto r = roles_.find(id);
    std::string out = "the " + std::string(r != roles_.end() && !r->second->title.empty() ? r->second->title : id);
    if (r != roles_.end() && !r->second->person.empty()) {
      auto person = people_.find(r->second->person);
      if (person != people_.end()) out += " (" + person->second->name + ")";
    }
    return out;
  }
  if (auto o = orgs_.find(holder); o != orgs_.end()) return o->second->name + " (" + o->second->code + ")";
  if (auto p = people_.find(holder); p != people_.end()) return p->second->name + " (" + p->second->id + ")";
  return std::string(holder);
}

std::string AuthorityIndex::HolderBody(std::string_view holder) const {
  if (holder == "board") return "board";
  if (committees_.count(holder)) return std::string(holder);
  if (auto p = places_.find(holder); p != places_.end()) return p->second->committee;
  return {};
}

std::vector<std::string> AuthorityIndex::HolderPeople(std::string_view holder, const Date& date) const {
  std::vector<std::string> out;
  if (holder == "board") {
    std::set<std::string> seen;
    for (const auto& s : sys_.board.seats)
      if (s.voting && InForce(s.validity, date) && s.role != model::SeatRole::kParticipant &&
          s.role != model::SeatRole::kAttendee && seen.insert(s.person).second)
        out.push_back(s.person);
    return out;
  }
  std::string_view committee = holder;
  if (auto p = places_.find(holder); p != places_.end()) {
    if (p->second->committee.empty()) {
      if (!p->second->convener.empty()) out.push_back(p->second->convener);
      return out;
    }
    committee = p->second->committee;
  }
  if (auto c = committees_.find(committee); c != committees_.end()) {
    for (const auto& m : c->second->members)
      if (m.voting) out.push_back(m.person);
    return out;
  }
  if (holder.rfind("role:", 0) == 0) {
    auto r = roles_.find(holder.substr(5));
    if (r != roles_.end() && !r->second->person.empty() && InForce(r->second->validity, date))
      out.push_back(r->second->person);
    return out;
  }
  if (people_.count(holder)) out.emplace_back(holder);
  return out;
}

bool AuthorityIndex::Applies(const model::Delegation& d, const DecisionQuery& q) const {
  if (!InForce(d.validity, q.date)) return false;
  if (!d.places.empty()) return std::find(d.places.begin(), d.places.end(), q.place) != d.places.end();
  if (places_.count(d.delegated_to)) return d.delegated_to == q.place;
  return true;
}

AuthorityIndex::Chain AuthorityIndex::BuildChain(size_t line, const Date& date) const {
  Chain c;
  std::vector<size_t> rev{line};
  std::set<size_t> seen{line};
  size_t cur = line;
  std::optional<int64_t> limit;
  auto lower = [&](std::optional<int64_t> l) {
    if (l && (!limit || *l < *limit)) limit = l;
  };
  lower(sys_.delegations[line].limit_pence);
  const std::string key = Key(sys_.delegations[line].function);
  while (true) {
    const model::Delegation& d = sys_.delegations[cur];
    if (!d.sub_delegated_from.empty()) {
      auto it = line_by_id_.find(d.sub_delegated_from);
      if (it == line_by_id_.end() || !seen.insert(it->second).second) {
        c.broken = "'" + d.id + "' sub-delegates '" + d.sub_delegated_from + "', which is not in the scheme";
        return c;
      }
      const model::Delegation& parent = sys_.delegations[it->second];
      if (!InForce(parent.validity, date)) {
        c.broken = "'" + d.id + "' sub-delegates '" + parent.id + "', which is not in force on " + date.ToIso() +
                   " (" + DateRange(parent.validity) + ")";
        return c;
      }
      if (!parent.may_sub_delegate) {
        c.broken = "'" + d.id + "' sub-delegates '" + parent.id + "', which does not allow sub-delegation";
        return c;
      }
      lower(parent.limit_pence);
      lower(parent.sub_delegation_limit_pence);
      rev.push_back(it->second);
      cur = it->second;
      continue;
    }
    const std::string& by = d.delegated_by;
    if (by.empty() || by == "board") {
      c.root = "board";
      break;
    }
    if (by == "nhs_england") {
      c.root = "nhs_england";
      break;
    }
    // Delegated by a committee (or role) that must itself hold the function on the date.
    std::optional<size_t> parent;
    auto entry = by_key_.find(key);
    if (entry != by_key_.end())
      for (size_t i : functions_[entry->second].lines) {
        const model::Delegation& up = sys_.delegations[i];
        if (!seen.count(i) && !up.reserved_to_board && up.delegated_to == by && InForce(up.validity, date)) {
          parent = i;
          break;
        }
      }
    if (!parent) {
      c.broken = "'" + d.id + "' is delegated by " + HolderLabel(by) + ", which holds no delegation of it on " +
                 date.ToIso();
      return c;
    }
    seen.insert(*parent);
    lower(sys_.delegations[*parent].limit_pence);
    rev.push_back(*parent);
    cur = *parent;
  }
  c.lines.assign(rev.rbegin(), rev.rend());
  c.limit_pence = limit;
  return c;
}

std::vector<std::string> AuthorityIndex::ConflictsOf(const std::vector<std::string>& people, const std::string& org,
                                                     const Date& date) const {
  std::vector<std::string> out;
  if (org.empty()) return out;
  for (const std::string& id : people) {
    auto p = people_.find(id);
    std::string who = p == people_.end() ? id : p->second->name + " (" + id + ")";
    bool found = false;
    if (auto it = interests_.find(id); it != interests_.end())
      for (const model::Interest* in : it->second) {
        if ((in->from && date < *in->from) || (in->to && *in->to < date)) continue;
        bool hits = in->org == org ||
                    std::find(in->related_orgs.begin(), in->related_orgs.end(), org) != in->related_orgs.end();
        if (!hits) continue;
        out.push_back(who + ": " + std::string(model::Name(in->category)) + " interest (" + in->description + ")");
        found = true;
        break;
      }
    if (found || p == people_.end()) continue;
    for (const auto& e : p->second->employments)
      if (e.org == org && InForce(e.validity, date)) {
        out.push_back(who + ": employed by " + HolderLabel(org) + (e.role.empty() ? "" : " as " + e.role) +
                      " (not on the register of interests)");
        break;
      }
  }
  return out;
}

Result<AuthorityAnswer> AuthorityIndex::Query(const DecisionQuery& q) const {
  const FunctionEntry* entry = FindFunction(q.function);
  if (!entry) {
    std::vector<std::string> names;
    for (const auto& f : functions_) names.push_back(f.key);
    std::string s = ClosestMatch(Key(q.function), names);
    return InvalidArgument("'" + q.function + "' is not a function of the decision map or the scheme" +
                           (s.empty() ? "; list the functions with --list" : " (did you mean '" + s + "'?)"));
  }
  if (!q.place.empty() && !places_.count(q.place)) {
    std::vector<std::string> ids;
    for (const auto& p : sys_.places) ids.push_back(p.id);
    std::string s = ClosestMatch(q.place, ids);
    return InvalidArgument("'" + q.place + "' is not a place of the definition" +
                           (s.empty() ? "; places are " + JoinWithAnd(ids) : " (did you mean '" + s + "'?)"));
  }
  if (!q.counterparty.empty() && !orgs_.count(q.counterparty))
    return InvalidArgument("counterparty '" + q.counterparty + "' is not an organisation of the definition");
  if (q.value_pence < 0) return InvalidArgument("the value must not be negative");

  AuthorityAnswer a;
  a.function = entry->key;
  a.function_name = entry->name;
  const std::string value = FormatPounds(q.value_pence);
  auto finish_nobody = [&](std::string why) {
    a.outcome = Outcome::kNobody;
    a.summary = "Nobody may take this decision: " + why;
    return a;
  };
  if (entry->map && !InForce(entry->map->validity, q.date))
    return finish_nobody("'" + entry->name + "' is in the decision map only " + DateRange(entry->map->validity) + ".");

  // A section 75 function needs a partnership agreement in force that covers it.
  if (entry->source == model::FunctionSource::kSection75) {
    bool covered = false;
    for (const auto& arrangement : sys_.section_75)
      for (const auto& f : arrangement.functions)
        if (Key(f) == Key(entry->key) || (entry->map && Key(f) == Key(entry->name))) {
          if (InForce(arrangement.validity, q.date)) covered = true;
          else
            a.notes.push_back("Section 75 agreement '" + arrangement.id + "' is in force " +
                              DateRange(arrangement.validity) + ".");
        }
    if (!covered)
      return finish_nobody("no section 75 agreement in force on " + q.date.ToIso() + " covers '" + entry->name + "'.");
  }

  // The ICB holds an NHS England function only under an agreement in force.
  std::optional<size_t> nhse_line;
  if (entry->source == model::FunctionSource::kNhsEngland) {
    for (size_t i : entry->lines) {
      const model::Delegation& d = sys_.delegations[i];
      if (d.delegated_by != "nhs_england" || !d.sub_delegated_from.empty()) continue;
      if (InForce(d.validity, q.date)) {
        if (!nhse_line) nhse_line = i;
      } else {
        a.notes.push_back("NHS England's delegation '" + d.id + "' is in force " + DateRange(d.validity) + ".");
      }
    }
    if (!nhse_line)
      return finish_nobody("NHS England has not delegated '" + entry->name + "' to the ICB on " + q.date.ToIso() +
                           "; the function stays with NHS England.");
  }

  auto board_decider = [&](const std::string& clause_line) {
    Decider d;
    d.holder = "board";
    d.holder_label = HolderLabel("board");
    d.people = HolderPeople("board", q.date);
    if (nhse_line) {
      const model::Delegation& n = sys_.delegations[*nhse_line];
      d.chain.push_back({"nhs_england", HolderLabel("nhs_england"), "", "", std::nullopt, ""});
      if (n.delegated_to == "board")
        d.chain.push_back({"board", d.holder_label, n.id, n.clause, n.limit_pence, n.statutory_basis});
      else
        d.chain.push_back({"board", d.holder_label, "", "", std::nullopt, n.statutory_basis});
    } else {
      Step s{"board", d.holder_label, "", "", std::nullopt, ""};
      if (!clause_line.empty()) {
        const model::Delegation& r = sys_.delegations[line_by_id_.at(clause_line)];
        s.delegation = r.id;
        s.clause = r.clause;
        s.statutory_basis = r.statutory_basis;
      }
      d.chain.push_back(std::move(s));
    }
    return d;
  };

  struct Candidate {
    Chain chain;
    size_t line;
  };
  std::vector<Candidate> candidates;
  bool over_limit = false;
  // Only the lines that can apply to the place: unrestricted ones and the place's own.
  std::vector<size_t> relevant = entry->any_place;
  if (auto it = entry->by_place.find(q.place); it != entry->by_place.end()) {
    relevant.insert(relevant.end(), it->second.begin(), it->second.end());
    std::sort(relevant.begin(), relevant.end());
  }
  for (size_t i : relevant) {
    const model::Delegation& d = sys_.delegations[i];
    if (!Applies(d, q)) {
      if (!InForce(d.validity, q.date))
        a.notes.push_back("'" + d.id + "' is not in force on " + q.date.ToIso() + " (" + DateRange(d.validity) + ").");
      continue;
    }
    if (d.reserved_to_board) {
      a.reserved.push_back({d.id, d.clause, d.statutory_basis});
      continue;
    }
    if (auto p = places_.find(d.delegated_to); p != places_.end() && !CanDecide(*p->second)) {
      a.notes.push_back("'" + d.id + "' names " + HolderLabel(d.delegated_to) +
                        ", a consultative forum that cannot hold delegated authority (PLC-006).");
      continue;
    }
    Chain c = BuildChain(i, q.date);
    if (!c.broken.empty()) {
      a.notes.push_back("Passed over: " + c.broken + ".");
      continue;
    }
    if (c.root == "board" && entry->source == model::FunctionSource::kNhsEngland && nhse_line)
      c.lines.insert(c.lines.begin(), *nhse_line);
    if (c.limit_pence && q.value_pence > *c.limit_pence) {
      over_limit = true;
      a.notes.push_back("'" + d.id + "' (" + HolderLabel(d.delegated_to) + ") covers up to " +
                        FormatPounds(*c.limit_pence) + "; this decision is " + value + ".");
      continue;
    }
    candidates.push_back({std::move(c), i});
  }
  // The lowest authority: drop candidates that are ancestors of another candidate.
  std::vector<Candidate> lowest;
  for (const Candidate& c : candidates) {
    bool ancestor = false;
    for (const Candidate& other : candidates)
      if (&other != &c && std::find(other.chain.lines.begin(), other.chain.lines.end() - 1, c.line) !=
                               other.chain.lines.end() - 1)
        ancestor = true;
    if (!ancestor) lowest.push_back(c);
  }
  // Then the smallest limit that covers the value (no limit counts as the largest).
  auto bigger = [](const std::optional<int64_t>& x, const std::optional<int64_t>& y) {
    if (!x) return y.has_value();
    return y && *x > *y;
  };
  std::optional<int64_t> best;
  bool any = false;
  for (const Candidate& c : lowest)
    if (!any || bigger(best, c.chain.limit_pence)) best = c.chain.limit_pence, any = true;

  std::vector<Decider> deciders;
  std::set<std::string> holders;
  for (const Candidate& c : lowest) {
    if (c.chain.limit_pence != best) continue;
    Decider d;
    std::vector<size_t> lines = c.chain.lines;
    // A conflicted individual (or a lead provider that is the counterparty) passes the
    // decision up the chain (governance reference section 6.2, step 4).
    while (!lines.empty() && !q.counterparty.empty()) {
      const std::string& holder = sys_.delegations[lines.back()].delegated_to;
      if (!HolderBody(holder).empty()) break;
      std::vector<std::string> conflicts =
          holder == q.counterparty ? std::vector<std::string>{HolderLabel(holder) + " is the counterparty"}
                                   : ConflictsOf(HolderPeople(holder, q.date), q.counterparty, q.date);
      if (conflicts.empty()) break;
      lines.pop_back();
      std::string up = lines.empty() ? HolderLabel(c.chain.root) : HolderLabel(sys_.delegations[lines.back()].delegated_to);
      a.notes.push_back(HolderLabel(holder) + " is conflicted on a decision with " + HolderLabel(q.counterparty) +
                        " (" + JoinWithAnd(conflicts) + "), so the decision goes up to " + up + ".");
    }
    std::string root = c.chain.root;
    d.chain.push_back({root, HolderLabel(root), "", "", std::nullopt, ""});
    for (size_t i : lines) {
      const model::Delegation& l = sys_.delegations[i];
      d.chain.push_back({l.delegated_to, HolderLabel(l.delegated_to), l.id, l.clause, l.limit_pence, l.statutory_basis});
    }
    d.holder = d.chain.back().holder;
    d.holder_label = d.chain.back().holder_label;
    d.people = HolderPeople(d.holder, q.date);
    for (const Step& s : d.chain)
      if (s.limit_pence && (!d.limit_pence || *s.limit_pence < *d.limit_pence)) d.limit_pence = s.limit_pence;
    if (lines.size() == c.chain.lines.size()) d.limit_pence = c.chain.limit_pence;
    if (!q.counterparty.empty() && !HolderBody(d.holder).empty()) {
      std::vector<std::string> conflicts = ConflictsOf(d.people, q.counterparty, q.date);
      if (!conflicts.empty())
        a.notes.push_back("Members of " + d.holder_label + " with an interest in " + HolderLabel(q.counterparty) +
                          " withdraw and the quorum is recounted at the meeting: " + JoinWithAnd(conflicts) + ".");
    }
    if (holders.insert(d.holder).second) deciders.push_back(std::move(d));
  }

  auto clause_text = [](const Decider& d) {
    std::vector<std::string> parts;
    for (const Step& s : d.chain)
      if (!s.delegation.empty()) parts.push_back(s.delegation + (s.clause.empty() ? "" : " (clause " + s.clause + ")"));
    return parts.empty() ? std::string() : " under " + JoinWithAnd(parts);
  };
  // The board holding a function it also reserves to itself is simply a reservation.
  if (deciders.size() == 1 && deciders[0].holder == "board" && !a.reserved.empty()) deciders.clear();
  if (!deciders.empty()) {
    bool board_only = deciders.size() == 1 && deciders[0].holder == "board";
    if (deciders.size() > 1 || (!a.reserved.empty() && !board_only)) {
      a.outcome = Outcome::kAmbiguous;
      std::vector<std::string> who;
      for (const Decider& d : deciders) who.push_back(d.holder_label + clause_text(d));
      if (!a.reserved.empty()) who.push_back("the ICB board (reserved under " + a.reserved.front().delegation + ")");
      a.deciders = std::move(deciders);
      a.summary = "Ambiguous: " + JoinWithAnd(who) + " may each take a " + value + " decision on '" + entry->name +
                  "'. The scheme should name one decider.";
      return a;
    }
    a.outcome = Outcome::kDelegated;
    a.summary = deciders[0].holder_label + " may take this " + value + " decision" + clause_text(deciders[0]) +
                (deciders[0].limit_pence ? " (limit " + FormatPounds(*deciders[0].limit_pence) + ")" : "") + ".";
    a.deciders = std::move(deciders);
    return a;
  }
  if (!a.reserved.empty()) {
    a.outcome = Outcome::kReserved;
    a.deciders.push_back(board_decider(a.reserved.front().delegation));
    const Reservation& r = a.reserved.front();
    a.summary = "Reserved to the ICB board by " + r.delegation + (r.clause.empty() ? "" : " (clause " + r.clause + ")") + ".";
    return a;
  }
  if (over_limit) {
    a.outcome = Outcome::kAboveLimits;
    a.deciders.push_back(board_decider(""));
    a.summary = "The ICB board: " + value + " is above every delegated limit for '" + entry->name +
                "', and matters above every limit are reserved to the board (DEL-008).";
    return a;
  }
  if (entry->source == model::FunctionSource::kJoint || entry->source == model::FunctionSource::kSection75)
    return finish_nobody("no joint or section 75 arrangement for '" + entry->name + "' applies on " + q.date.ToIso() +
                         (q.place.empty() ? "" : " for " + HolderLabel(q.place)) + ".");
  a.outcome = Outcome::kRetained;
  a.deciders.push_back(board_decider(""));
  a.summary = "The ICB board: no delegation of '" + entry->name + "' applies" +
              (q.place.empty() ? "" : " for " + HolderLabel(q.place)) + " on " + q.date.ToIso() +
              ", and the board keeps every function it has not delegated.";
  return a;
}

Status AuthorityIndex::MayDecide(const DecisionQuery& q, std::string_view body) const {
  Result<AuthorityAnswer> answer = Query(q);
  if (!answer.ok()) return answer.status();
  const std::string body_label = HolderLabel(body);
  if (answer->outcome == Outcome::kNobody)
    return Status(StatusCode::kFailedPrecondition, answer->summary);
  if (body == "board") return Status::Ok();
  const FunctionEntry* entry = FindFunction(q.function);
  std::optional<int64_t> best_limit;
  bool found = false;
  for (size_t i : entry->lines) {
    const model::Delegation& d = sys_.delegations[i];
    if (d.reserved_to_board || !Applies(d, q) || HolderBody(d.delegated_to) != body) continue;
    Chain c = BuildChain(i, q.date);
    if (!c.broken.empty()) continue;
    if (!c.limit_pence || q.value_pence <= *c.limit_pence) return Status::Ok();
    found = true;
    if (!best_limit || *c.limit_pence > *best_limit) best_limit = c.limit_pence;
  }
  if (found)
    return Status(StatusCode::kFailedPrecondition,
                  "A " + FormatPounds(q.value_pence) + " decision on '" + entry->name + "' is beyond the delegated limit of " +
                      body_label + " (" + FormatPounds(*best_limit) + "). " + answer->summary);
  if (!answer->reserved.empty())
    return Status(StatusCode::kFailedPrecondition, "'" + entry->name + "' is reserved to the ICB board (" +
                                                       answer->reserved.front().delegation + "); " + body_label +
                                                       " may not decide it.");
  return Status(StatusCode::kFailedPrecondition, body_label + " holds no delegation of '" + entry->name +
                                                     "' for this decision. " + answer->summary);
}

}  // namespace ics::authority
