#include "oversight/quality.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/text.h"
#include "oversight/builtin_data.h"
#include "oversight/internal/json_reader.h"

namespace ics::oversight {

using internal::Node;

namespace {

Result<EscalationLevel> ParseLevel(const Node& n) {
  ICS_ASSIGN_OR_RETURN(std::string s, n.String());
  if (s == "routine") return EscalationLevel::kRoutine;
  if (s == "enhanced") return EscalationLevel::kEnhanced;
  if (s == "intensive") return EscalationLevel::kIntensive;
  return n.Error("level must be routine, enhanced or intensive, not \"" + s + "\"");
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

Status CheckMetrics(const Node& n, const std::vector<std::string>& ids, const MetricRegistry& registry) {
  for (size_t i = 0; i < ids.size(); ++i) {
    ICS_ASSIGN_OR_RETURN(Node item, n.At(i));
    auto d = registry.Require(ids[i], item.Where());
    if (!d.ok()) return d.status();
  }
  return Status::Ok();
}

Result<TriggerCondition> ParseCondition(const Node& when, const MetricRegistry& registry) {
  ICS_RETURN_IF_ERROR(when.RequireObject());
  if (when.value().size() != 1) return when.Error("give exactly one condition");
  TriggerCondition c;
  const std::string kind = when.value().begin().key();
  ICS_ASSIGN_OR_RETURN(Node body, when.Field(kind));
  if (kind == "segment_at_least") {
    c.kind = TriggerCondition::Kind::kSegmentAtLeast;
    ICS_ASSIGN_OR_RETURN(c.segment, body.Integer());
    if (c.segment < 1 || c.segment > 5) return body.Error("a segment lies in 1..5");
  } else if (kind == "cqc_rating_in") {
    c.kind = TriggerCondition::Kind::kCqcRatingIn;
    ICS_ASSIGN_OR_RETURN(c.words, body.Strings());
  } else if (kind == "flag") {
    c.kind = TriggerCondition::Kind::kFlag;
    ICS_ASSIGN_OR_RETURN(c.flag, body.String());
  } else if (kind == "spc_concern" || kind == "assurance_fail") {
    c.kind = kind == "spc_concern" ? TriggerCondition::Kind::kSpcConcern : TriggerCondition::Kind::kAssuranceFail;
    ICS_ASSIGN_OR_RETURN(Node metrics, body.Field("metrics"));
    ICS_ASSIGN_OR_RETURN(c.words, metrics.Strings());
    ICS_RETURN_IF_ERROR(CheckMetrics(metrics, c.words, registry));
    ICS_ASSIGN_OR_RETURN(Node at_least, body.Field("at_least"));
    ICS_ASSIGN_OR_RETURN(c.at_least, at_least.Integer());
    if (c.at_least < 1) return at_least.Error("at_least is 1 or more");
  } else if (kind == "worse_than") {
    c.kind = TriggerCondition::Kind::kWorseThan;
    ICS_ASSIGN_OR_RETURN(Node metric, body.Field("metric"));
    ICS_ASSIGN_OR_RETURN(c.metric, metric.String());
    auto d = registry.Require(c.metric, metric.Where());
    if (!d.ok()) return d.status();
    if ((*d)->polarity == Polarity::kNeutral) return metric.Error(c.metric + " is neutral: nothing is worse");
    ICS_ASSIGN_OR_RETURN(Node value, body.Field("value"));
    ICS_ASSIGN_OR_RETURN(c.threshold, value.Number());
  } else if (kind == "triggers_at_least") {
    c.kind = TriggerCondition::Kind::kTriggersAtLeast;
    ICS_ASSIGN_OR_RETURN(Node level, body.Field("level"));
    ICS_ASSIGN_OR_RETURN(c.level, ParseLevel(level));
    ICS_ASSIGN_OR_RETURN(Node count, body.Field("count"));
    ICS_ASSIGN_OR_RETURN(c.at_least, count.Integer());
    if (c.at_least < 1) return count.Error("count is 1 or more");
  } else {
    return when.Error("unknown condition \"" + kind +
                      "\" (segment_at_least, cqc_rating_in, flag, spc_concern, assurance_fail, worse_than, "
                      "triggers_at_least)");
  }
  return c;
}

bool Concern(const SeriesReading& r) { return r.latest_point_type == improvement::PointType::kConcern; }

}  // namespace

std::string_view EscalationLevelName(EscalationLevel l) {
  switch (l) {
    case EscalationLevel::kRoutine: return "routine";
    case EscalationLevel::kEnhanced: return "enhanced";
    case EscalationLevel::kIntensive: return "intensive";
  }
  return "routine";
}

Result<QualityRules> QualityRules::FromJson(std::string_view text, const std::string& source,
                                            const MetricRegistry& registry) {
  ICS_ASSIGN_OR_RETURN(internal::json doc, internal::ParseJson(text, source));
  Node root(doc, source, "");
  ICS_RETURN_IF_ERROR(root.RequireObject());
  QualityRules r;
  r.source = source;
  ICS_ASSIGN_OR_RETURN(r.title, root.StringField("title"));
  ICS_ASSIGN_OR_RETURN(r.status, root.Status_());
  ICS_ASSIGN_OR_RETURN(Node levels, root.Field("levels"));
  ICS_ASSIGN_OR_RETURN(size_t n_levels, levels.ArraySize());
  for (size_t i = 0; i < n_levels; ++i) {
    ICS_ASSIGN_OR_RETURN(Node l, levels.At(i));
    ICS_ASSIGN_OR_RETURN(Node id, l.Field("id"));
    ICS_ASSIGN_OR_RETURN(EscalationLevel level, ParseLevel(id));
    ICS_ASSIGN_OR_RETURN(r.meanings[level], l.StringField("meaning"));
  }
  if (r.meanings.size() != 3) return levels.Error("describe each of routine, enhanced and intensive once");
  ICS_ASSIGN_OR_RETURN(Node triggers, root.Field("triggers"));
  ICS_ASSIGN_OR_RETURN(size_t n, triggers.ArraySize());
  for (size_t i = 0; i < n; ++i) {
    ICS_ASSIGN_OR_RETURN(Node t, triggers.At(i));
    Trigger trig;
    trig.path = t.Where();
    ICS_ASSIGN_OR_RETURN(Node id, t.Field("id"));
    ICS_ASSIGN_OR_RETURN(trig.id, id.String());
    if (trig.id.empty()) return id.Error("a trigger needs an id");
    for (const Trigger& other : r.triggers) {
      if (other.id == trig.id) return id.Error("trigger id " + trig.id + " is used twice");
    }
    ICS_ASSIGN_OR_RETURN(Node level, t.Field("level"));
    ICS_ASSIGN_OR_RETURN(trig.level, ParseLevel(level));
    if (trig.level == EscalationLevel::kRoutine) return level.Error("a trigger escalates: enhanced or intensive");
    ICS_ASSIGN_OR_RETURN(trig.description, t.StringField("description"));
    ICS_ASSIGN_OR_RETURN(Node when, t.Field("when"));
    ICS_ASSIGN_OR_RETURN(trig.when, ParseCondition(when, registry));
    r.triggers.push_back(std::move(trig));
  }
  return r;
}

Result<QualityRules> QualityRules::Builtin(const MetricRegistry& registry) {
  ICS_ASSIGN_OR_RETURN(std::string_view text, BuiltinDataText("quality_escalation.json"));
  return FromJson(text, "quality_escalation.json", registry);
}

EscalationResult Escalate(const QualityRules& rules, const MetricRegistry& registry,
                          std::span<const QualityFacts> facts) {
  EscalationResult result;
  if (!Confirmed(rules.status)) {
    NoteUsed(result.unconfirmed, {rules.source + ": /levels", "routine, enhanced, intensive", rules.status,
                                  "the level definitions follow the National Quality Board guidance as recalled"});
  }
  for (const QualityFacts& f : facts) {
    const Organisation& o = *f.organisation;
    OrganisationEscalation e;
    e.org = o.code;
    e.name = o.name;
    auto reading = [&](const std::string& metric) -> const SeriesReading* {
      for (const SeriesReading& r : f.readings) {
        if (r.metric == metric) return &r;
      }
      return nullptr;
    };
    // Direct conditions first, then the ones that count other triggers.
    for (int pass = 0; pass < 2; ++pass) {
      for (const Trigger& t : rules.triggers) {
        const TriggerCondition& c = t.when;
        const bool composite = c.kind == TriggerCondition::Kind::kTriggersAtLeast;
        if (composite != (pass == 1)) continue;
        std::string reason;
        switch (c.kind) {
          case TriggerCondition::Kind::kSegmentAtLeast:
            if (f.segment && *f.segment >= c.segment) {
              reason = "segment " + std::to_string(*f.segment) + " (" + f.segment_source + ")";
            }
            break;
          case TriggerCondition::Kind::kCqcRatingIn:
            if (!o.cqc_rating.empty() && std::find(c.words.begin(), c.words.end(), o.cqc_rating) != c.words.end()) {
              reason = "CQC rating " + o.cqc_rating;
            }
            break;
          case TriggerCondition::Kind::kFlag:
            if (o.HasFlag(c.flag)) reason = "flag " + c.flag + " (" + o.where + ")";
            break;
          case TriggerCondition::Kind::kSpcConcern:
          case TriggerCondition::Kind::kAssuranceFail: {
            std::vector<std::string> hits;
            for (const std::string& m : c.words) {
              const SeriesReading* r = reading(m);
              if (!r) continue;
              if (c.kind == TriggerCondition::Kind::kSpcConcern && Concern(*r)) {
                hits.push_back(m + ": latest point " + MonthText(r->last) + " is special-cause concern (" +
                               std::string(improvement::SpecialCauseTypeLabel(r->latest_special_cause)) + ")");
              }
              if (c.kind == TriggerCondition::Kind::kAssuranceFail && r->assurance == improvement::AssuranceType::kConsistentFail) {
                const MetricDefinition* d = registry.Find(m);
                hits.push_back(m + ": target " + (d && d->target ? Num(d->target->value) : std::string("?")) +
                               " lies outside the process limits " + Num(r->lpl) + " .. " + Num(r->upl) +
                               " on the wrong side (consistently fails)");
              }
            }
            if (static_cast<int>(hits.size()) >= c.at_least) reason = JoinWithAnd(hits);
            break;
          }
          case TriggerCondition::Kind::kWorseThan: {
            const SeriesReading* r = reading(c.metric);
            const MetricDefinition* d = registry.Find(c.metric);
            if (r && d && !std::isnan(r->latest) && d->Better(c.threshold, r->latest)) {
              reason = c.metric + " " + Num(r->latest) + " in " + MonthText(r->last) + " (threshold " + Num(c.threshold) + ")";
            }
            break;
          }
          case TriggerCondition::Kind::kTriggersAtLeast: {
            std::vector<std::string> ids;
            for (const FiredTrigger& fired : e.fired) {
              if (fired.level == c.level) ids.push_back(fired.id);
            }
            if (static_cast<int>(ids.size()) >= c.at_least) {
              reason = std::to_string(ids.size()) + " " + std::string(EscalationLevelName(c.level)) +
                       " triggers: " + JoinWithAnd(ids);
            }
            break;
          }
        }
        if (reason.empty()) continue;
        e.fired.push_back({t.id, t.description, t.level, reason});
        e.level = std::max(e.level, t.level);
      }
    }
    result.organisations.push_back(std::move(e));
  }
  return result;
}

}  // namespace ics::oversight
