// `ics oversight`: metric registry, Making Data Count readings of organisations' and
// systems' metric series, NHS Oversight Framework segmentation per framework year, league
// tables and quality escalation levels, from metric CSV files (long form: org, metric,
// period, value[, numerator, denominator, score]) and an organisations CSV.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/status.h"
#include "cli/commands.h"
#include "improvement/mdc.h"
#include "improvement/r_stats.h"
#include "oversight/league.h"
#include "oversight/metric.h"
#include "oversight/organisations.h"
#include "oversight/quality.h"
#include "oversight/report_json.h"
#include "oversight/rule_set.h"
#include "oversight/segmentation.h"
#include "oversight/series.h"

namespace ics::cli {
namespace {

using nlohmann::json;
namespace ov = ics::oversight;
namespace imp = ics::improvement;

constexpr const char* kVerb = "ics oversight";
constexpr size_t kMaxFileBytes = 256u << 20;  // a metrics file; the registry and rules: 16 MiB

bool g_json_errors = false;

int Fail(const Status& s) {
  std::cerr << kVerb << ": " << s.ToString() << "\n";
  if (g_json_errors) {
    json e = {{"code", std::string(StatusCodeName(s.code()))}, {"message", s.message()}};
    if (!s.where().empty()) e["where"] = s.where();
    std::cout << json{{"error", e}}.dump(2) << "\n";
  }
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kResourceExhausted:
      return kExitBadInput;
    default:
      return kExitCheckFailed;
  }
}

int Usage(const std::string& message) {
  std::cerr << kVerb << ": " << message << "\n(" << kVerb << " --help for usage)\n";
  return kExitBadInput;
}

Result<std::string> ReadText(const std::string& path, size_t max_bytes = kMaxFileBytes) {
  if (path == "-") {
    std::string text;
    char buf[1 << 16];
    while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0) {
      text.append(buf, static_cast<size_t>(std::cin.gcount()));
      if (text.size() > max_bytes) return ResourceExhausted("standard input is too large", "<stdin>");
    }
    return text;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return NotFound("cannot open the file (check the path)", path);
  if (S_ISDIR(st.st_mode)) return InvalidArgument("is a directory, not a file", path);
  if (static_cast<size_t>(st.st_size) > max_bytes) {
    return ResourceExhausted("the file is larger than " + std::to_string(max_bytes >> 20) + " MiB", path);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read the file", path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Num(double v, int digits = 6) {
  if (!std::isfinite(v)) return "NA";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Left-aligned text table.
void PrintTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width(header.size());
  for (size_t c = 0; c < header.size(); ++c) width[c] = header[c].size();
  for (const auto& r : rows) {
    for (size_t c = 0; c < r.size() && c < width.size(); ++c) width[c] = std::max(width[c], r[c].size());
  }
  auto line = [&](const std::vector<std::string>& r) {
    std::string out = " ";
    for (size_t c = 0; c < r.size(); ++c) {
      out += " " + r[c];
      if (c + 1 < r.size()) out += std::string(width[c] - r[c].size(), ' ');
    }
    std::cout << out << "\n";
  };
  line(header);
  std::vector<std::string> rule;
  for (size_t w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& r : rows) line(r);
}

// ---------------------------------------------------------------------------------------

struct Inputs {
  std::vector<std::string> metric_files;
  std::string orgs_file;
  std::string registry_file;
  bool json = false, csv = false;
};

struct Loaded {
  ov::MetricRegistry registry;
  ov::MetricData data;
  std::vector<ov::Organisation> organisations;
  bool organisations_given = false;
  std::vector<std::string> warnings;
};

Result<ov::MetricRegistry> LoadRegistry(const Inputs& in) {
  if (in.registry_file.empty()) return ov::MetricRegistry::Builtin();
  ICS_ASSIGN_OR_RETURN(std::string text, ReadText(in.registry_file, 16u << 20));
  return ov::MetricRegistry::FromJson(text, in.registry_file);
}

Result<Loaded> Load(const Inputs& in, bool need_metrics) {
  Loaded l;
  ICS_ASSIGN_OR_RETURN(l.registry, LoadRegistry(in));
  if (need_metrics && in.metric_files.empty()) {
    return InvalidArgument("give the metric series with --metrics FILE.csv (repeatable; - reads standard input)");
  }
  for (const std::string& f : in.metric_files) {
    ICS_ASSIGN_OR_RETURN(std::string text, ReadText(f));
    ICS_ASSIGN_OR_RETURN(ov::MetricData d, ov::MetricData::FromCsv(text, f == "-" ? "<stdin>" : f, l.registry));
    ICS_RETURN_IF_ERROR(l.data.Merge(std::move(d)));
  }
  if (!in.orgs_file.empty()) {
    ICS_ASSIGN_OR_RETURN(std::string text, ReadText(in.orgs_file, 64u << 20));
    ICS_ASSIGN_OR_RETURN(l.organisations, ov::OrganisationsFromCsv(text, in.orgs_file));
    l.organisations_given = true;
    for (const std::string& code : l.data.Organisations()) {
      if (!ov::FindOrganisation(l.organisations, code)) {
        for (const ov::Observation& o : l.data.observations()) {
          if (o.org == code) {
            return InvalidArgument("field \"org\": " + code + " is not in the organisations file " + in.orgs_file,
                                   o.where);
          }
        }
      }
    }
  } else {
    for (const std::string& code : l.data.Organisations()) {
      ov::Organisation o;
      o.code = code;
      o.name = code;
      o.peer_group = "all";
      l.organisations.push_back(std::move(o));
    }
    if (!l.organisations.empty()) {
      l.warnings.push_back(
          "no organisations file (--orgs): one peer group of every organisation, every metric of the year "
          "scored where present, financial positions unknown");
    }
  }
  return l;
}

std::optional<Date> ParseAsOf(const std::string& text, Status* error) {
  if (text.empty()) return std::nullopt;
  std::string why;
  auto d = ov::ParsePeriod(text, &why);
  if (!d) *error = InvalidArgument(why.empty() ? "\"" + text + "\" is not YYYY-MM" : why, "--as-of");
  return d;
}

Result<ov::SegmentationRuleSet> LoadRules(const std::string& year, const std::string& rules_file,
                                          const ov::MetricRegistry& registry) {
  if (!rules_file.empty()) {
    ICS_ASSIGN_OR_RETURN(std::string text, ReadText(rules_file, 16u << 20));
    ICS_ASSIGN_OR_RETURN(ov::SegmentationRuleSet r, ov::SegmentationRuleSet::FromJson(text, rules_file, registry));
    if (!year.empty() && r.year != year) {
      return InvalidArgument("the rule set is for " + r.year + ", not " + year, rules_file);
    }
    return r;
  }
  if (year.empty()) {
    std::string years;
    for (const std::string& y : ov::BuiltinRuleSetYears()) years += (years.empty() ? "" : ", ") + y;
    return InvalidArgument("give the framework year with --year (built in: " + years + ") or --rules FILE");
  }
  auto r = ov::BuiltinRuleSet(year, registry);
  if (!r.ok()) return Status(r.status().code(), r.status().message(), "--year");
  return r;
}

void PrintUnconfirmed(const std::vector<ov::UsedValue>& list) {
  if (list.empty()) return;
  std::cout << "\nUnconfirmed values used (recalled, secondary or placeholder; confirm before relying on them):\n";
  for (const ov::UsedValue& u : list) {
    std::cout << "  [" << ov::ProvenanceName(u.status) << "] " << u.path << " = " << u.value << "\n";
  }
}

void PrintWarnings(const std::vector<std::string>& warnings) {
  for (const std::string& w : warnings) std::cerr << "warning: " << w << "\n";
}

// ---------------------------------------------------------------------------------------
// ics oversight metrics

int RunMetrics(const Inputs& in) {
  auto registry = LoadRegistry(in);
  if (!registry.ok()) return Fail(registry.status());
  if (in.json) {
    std::cout << ov::MetricsJson(*registry);
    return kExitOk;
  }
  if (in.csv) {
    std::cout << "id,name,polarity,unit,frequency,target,target_status,source\n";
    for (const ov::MetricDefinition& d : registry->metrics()) {
      std::cout << d.id << "," << CsvField(d.name) << "," << ov::PolarityName(d.polarity) << "," << d.unit << ","
                << d.frequency << "," << (d.target ? Num(d.target->value) : "") << ","
                << (d.target ? std::string(ov::ProvenanceName(d.target->status)) : "") << "," << CsvField(d.source)
                << "\n";
    }
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const ov::MetricDefinition& d : registry->metrics()) {
    rows.push_back({d.id, d.name, std::string(ov::PolarityName(d.polarity)), d.unit,
                    d.target ? Num(d.target->value) + " (" + std::string(ov::ProvenanceName(d.target->status)) + ")"
                             : "-"});
  }
  PrintTable({"metric", "name", "polarity", "unit", "target"}, rows);
  return kExitOk;
}

// ---------------------------------------------------------------------------------------
// ics oversight summary

std::string Icon(const std::optional<imp::VariationIcon>& v) {
  return v ? std::string(imp::VariationIconName(*v)) : "";
}
std::string Assurance(const std::optional<imp::AssuranceType>& a) {
  return a ? std::string(imp::AssuranceTypeName(*a)) : "";
}

int RunSummary(const Inputs& in, const std::string& org_filter, const std::string& metric_filter, bool systems) {
  auto loaded = Load(in, true);
  if (!loaded.ok()) return Fail(loaded.status());
  Loaded& l = *loaded;
  if (!metric_filter.empty()) {
    auto d = l.registry.Require(metric_filter, "--metric");
    if (!d.ok()) return Fail(d.status());
  }
  std::vector<ov::MetricSeries> series;
  for (ov::MetricSeries& s : l.data.AllSeries()) {
    if (!org_filter.empty() && s.org != org_filter) continue;
    if (!metric_filter.empty() && s.metric != metric_filter) continue;
    series.push_back(std::move(s));
  }
  if (systems) {
    if (!l.organisations_given) return Usage("--systems needs --orgs FILE with a system column");
    std::map<std::string, std::vector<std::string>> members;
    for (const ov::Organisation& o : l.organisations) {
      if (!o.system.empty()) members[o.system].push_back(o.code);
    }
    if (members.empty()) return Fail(InvalidArgument("no organisation names its system (column system)", in.orgs_file));
    for (const auto& [system, codes] : members) {
      if (!org_filter.empty() && system != org_filter) continue;
      for (const std::string& metric : l.data.Metrics()) {
        if (!metric_filter.empty() && metric != metric_filter) continue;
        ov::MetricSeries s = ov::SystemSeries(l.data, *l.registry.Find(metric), system, codes, &l.warnings);
        if (!s.points.empty()) series.push_back(std::move(s));
      }
    }
  }
  if (!org_filter.empty() && series.empty()) {
    return Fail(InvalidArgument("no series for " + org_filter + (metric_filter.empty() ? "" : " " + metric_filter),
                                "--org"));
  }
  std::vector<ov::SeriesReading> readings;
  for (const ov::MetricSeries& s : series) {
    auto r = ov::ReadSeries(s, *l.registry.Find(s.metric));
    if (!r.ok()) return Fail(r.status());
    for (const std::string& w : r->warnings) l.warnings.push_back(s.org + " " + s.metric + ": " + w);
    readings.push_back(std::move(*r));
  }
  if (in.json) {
    std::cout << ov::SummaryJson(readings, l.warnings);
    return kExitOk;
  }
  PrintWarnings(l.warnings);
  if (in.csv) {
    std::cout << "org,metric,points,first,last,latest,mean,lpl,upl,variation_icon,assurance,latest_special_cause,"
                 "special_cause_points\n";
    for (const ov::SeriesReading& r : readings) {
      std::cout << r.org << "," << r.metric << "," << r.points << "," << ov::MonthText(r.first) << ","
                << ov::MonthText(r.last) << "," << Num(r.latest, 15) << "," << Num(r.mean, 15) << ","
                << Num(r.lpl, 15) << "," << Num(r.upl, 15) << "," << Icon(r.variation) << ","
                << Assurance(r.assurance) << "," << imp::SpecialCauseTypeLabel(r.latest_special_cause) << ","
                << r.special_cause_points << "\n";
    }
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const ov::SeriesReading& r : readings) {
    rows.push_back({r.org, r.metric, ov::MonthText(r.first) + ".." + ov::MonthText(r.last), Num(r.latest, 4),
                    Num(r.mean, 4), Num(r.lpl, 4) + " .. " + Num(r.upl, 4), Icon(r.variation),
                    r.assurance ? Assurance(r.assurance) : "-",
                    r.latest_special_cause == imp::SpecialCauseType::kCommonCause
                        ? "-"
                        : std::string(imp::SpecialCauseTypeLabel(r.latest_special_cause))});
  }
  std::cout << "Making Data Count readings (" << readings.size() << " series)\n\n";
  PrintTable({"org", "metric", "months", "latest", "mean", "process limits", "variation", "assurance", "latest point"},
             rows);
  return kExitOk;
}

// ---------------------------------------------------------------------------------------
// ics oversight segment

int RunSegment(const Inputs& in, const std::string& year, const std::string& rules_file, const std::string& as_of_text,
               const std::string& peer_group) {
  Status bad;
  std::optional<Date> as_of = ParseAsOf(as_of_text, &bad);
  if (!bad.ok()) return Fail(bad);
  auto loaded = Load(in, true);
  if (!loaded.ok()) return Fail(loaded.status());
  Loaded& l = *loaded;
  auto rules = LoadRules(year, rules_file, l.registry);
  if (!rules.ok()) return Fail(rules.status());
  std::vector<ov::MetricValue> values = ov::ReportingValues(l.data, rules->reporting_value.value, as_of);
  auto result = ov::Segment(*rules, l.registry, l.organisations, values);
  if (!result.ok()) return Fail(result.status());
  result->reporting = ov::ReportingText(*rules, as_of);
  for (const std::string& w : l.warnings) result->warnings.insert(result->warnings.begin(), w);
  if (!peer_group.empty()) {
    std::vector<ov::OrganisationSegment> kept;
    for (ov::OrganisationSegment& o : result->organisations) {
      if (o.peer_group == peer_group) kept.push_back(std::move(o));
    }
    if (kept.empty()) return Fail(InvalidArgument("no organisation in peer group \"" + peer_group + "\"", "--peer-group"));
    result->organisations = std::move(kept);
  }
  const ov::SegmentationResult& r = *result;
  if (in.json) {
    std::cout << ov::SegmentationJson(r);
    return kExitOk;
  }
  PrintWarnings(r.warnings);
  for (const ov::OrganisationSegment& o : r.organisations) {
    for (const std::string& w : o.warnings) std::cerr << "warning: " << o.org << ": " << w << "\n";
  }
  if (in.csv) {
    std::cout << "org,name,peer_group,scored_metrics,average,segment_from_average,segment,rank,tied,reasons\n";
    for (const ov::OrganisationSegment& o : r.organisations) {
      std::string reasons;
      for (const std::string& s : o.reasons) reasons += (reasons.empty() ? "" : "; ") + s;
      std::cout << o.org << "," << CsvField(o.name) << "," << o.peer_group << "," << o.scored << ","
                << (o.average ? Num(*o.average, 15) : "") << ","
                << (o.segment_from_average ? std::to_string(*o.segment_from_average) : "") << ","
                << (o.segment ? std::to_string(*o.segment) : "") << "," << (o.rank ? std::to_string(*o.rank) : "")
                << "," << (o.tied ? "yes" : "no") << "," << CsvField(reasons) << "\n";
    }
    return kExitOk;
  }
  std::cout << r.framework << " (" << r.method << "), values: " << r.reporting << "\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const ov::OrganisationSegment& o : r.organisations) {
    std::string scores;
    for (const ov::ScoredMetric& m : o.metrics) {
      if (r.method == "scored" && !m.score) continue;
      if (r.method == "judgement" && !m.flagged) continue;
      scores += (scores.empty() ? "" : " ") + m.metric + "=" + (m.score ? Num(*m.score, 3) : "flag");
    }
    rows.push_back({o.org, o.name, o.peer_group, o.average ? Num(*o.average, 4) : "-",
                    o.segment ? std::to_string(*o.segment) : "-",
                    o.rank ? std::to_string(*o.rank) + (o.tied ? "=" : "") + " of " + std::to_string(o.ranked_in_group)
                           : "-",
                    scores.empty() ? "-" : scores});
  }
  PrintTable({"org", "name", "peer group", "average", "segment", "rank", r.method == "scored" ? "scores" : "flags"},
             rows);
  std::cout << "\nWhy:\n";
  for (const ov::OrganisationSegment& o : r.organisations) {
    std::cout << "  " << o.org << ":";
    for (size_t i = 0; i < o.reasons.size(); ++i) std::cout << (i ? "; " : " ") << o.reasons[i];
    std::cout << "\n";
    for (const ov::ScoredMetric& m : o.metrics) {
      std::cout << "      " << m.metric << " " << Num(m.value, 4) << ": "
                << (m.flags.empty() ? m.how : m.how + (m.how.empty() ? "" : "; ") + [&] {
                     std::string f;
                     for (const std::string& x : m.flags) f += (f.empty() ? "" : "; ") + x;
                     return f;
                   }())
                << "\n";
    }
  }
  std::cout << "\nRanks: " << r.ranking_rule << " ('=' marks a tie).\n";
  PrintUnconfirmed(r.unconfirmed);
  return kExitOk;
}

// ---------------------------------------------------------------------------------------
// ics oversight league

int PrintLeague(const Inputs& in, const ov::LeagueTable& t, bool segmentation, const std::vector<ov::UsedValue>& unconfirmed,
                const std::vector<std::string>& warnings) {
  if (in.json) {
    std::cout << ov::LeagueJson(t, segmentation, unconfirmed, warnings);
    return kExitOk;
  }
  PrintWarnings(warnings);
  if (in.csv) {
    std::cout << (segmentation ? "rank,tied,org,name,peer_group,segment,average\n" : "rank,tied,org,name,peer_group,value,period\n");
    for (const ov::LeagueRow& r : t.rows) {
      std::cout << r.rank << "," << (r.tied ? "yes" : "no") << "," << r.org << "," << CsvField(r.name) << ","
                << r.peer_group << ",";
      if (segmentation) std::cout << *r.segment << "," << Num(r.value, 15) << "\n";
      else std::cout << Num(r.value, 15) << "," << r.period << "\n";
    }
    return kExitOk;
  }
  std::cout << t.title << "\nOrder: " << t.order << ". Ties: " << t.ties << " ('=' marks a tie).\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const ov::LeagueRow& r : t.rows) {
    std::vector<std::string> row = {std::to_string(r.rank) + (r.tied ? "=" : ""), r.org, r.name, r.peer_group};
    if (segmentation) {
      row.push_back(std::to_string(*r.segment));
      row.push_back(Num(r.value, 4));
    } else {
      row.push_back(Num(r.value, 6));
      row.push_back(r.period);
    }
    rows.push_back(row);
  }
  if (segmentation) PrintTable({"rank", "org", "name", "peer group", "segment", "average"}, rows);
  else PrintTable({"rank", "org", "name", "peer group", "value", "month"}, rows);
  for (const std::string& u : t.unranked) std::cout << "  not ranked: " << u << "\n";
  if (segmentation) PrintUnconfirmed(unconfirmed);
  return kExitOk;
}

int RunLeague(const Inputs& in, const std::string& metric, bool by_segmentation, const std::string& year,
              const std::string& rules_file, const std::string& as_of_text, const std::string& peer_group,
              const std::string& order) {
  if (metric.empty() == !by_segmentation) return Usage("give either --metric ID or --segmentation (with --year)");
  Status bad;
  std::optional<Date> as_of = ParseAsOf(as_of_text, &bad);
  if (!bad.ok()) return Fail(bad);
  auto loaded = Load(in, true);
  if (!loaded.ok()) return Fail(loaded.status());
  Loaded& l = *loaded;
  std::optional<std::string> peer;
  if (!peer_group.empty()) {
    if (!l.organisations_given) return Usage("--peer-group needs --orgs FILE (the peer groups are there)");
    peer = peer_group;
  }
  if (by_segmentation) {
    auto rules = LoadRules(year, rules_file, l.registry);
    if (!rules.ok()) return Fail(rules.status());
    auto result = ov::Segment(*rules, l.registry, l.organisations,
                              ov::ReportingValues(l.data, rules->reporting_value.value, as_of));
    if (!result.ok()) return Fail(result.status());
    std::vector<std::string> warnings = l.warnings;
    warnings.insert(warnings.end(), result->warnings.begin(), result->warnings.end());
    return PrintLeague(in, ov::SegmentationLeague(*result, peer), true, result->unconfirmed, warnings);
  }
  auto d = l.registry.Require(metric, "--metric");
  if (!d.ok()) return Fail(d.status());
  ov::LeagueOptions o;
  o.peer_group = peer;
  if (order == "highest") o.highest_first = true;
  else if (order == "lowest") o.highest_first = false;
  else if (!order.empty()) return Usage("--order is highest or lowest, not \"" + order + "\"");
  auto t = ov::MetricLeague(**d, ov::ReportingValues(l.data, ov::ReportingValue::kLatest, as_of), l.organisations, o);
  if (!t.ok()) return Fail(Status(t.status().code(), t.status().message(), "--metric"));
  if (t->rows.empty() && t->unranked.empty()) {
    return Fail(InvalidArgument("no organisation has a value of " + metric +
                                    (as_of ? " on or before " + ov::MonthText(*as_of) : std::string()),
                                "--metric"));
  }
  return PrintLeague(in, *t, false, {}, l.warnings);
}

// ---------------------------------------------------------------------------------------
// ics oversight escalation

int RunEscalation(const Inputs& in, const std::string& year, const std::string& rules_file,
                  const std::string& triggers_file, const std::string& as_of_text) {
  Status bad;
  std::optional<Date> as_of = ParseAsOf(as_of_text, &bad);
  if (!bad.ok()) return Fail(bad);
  if (in.orgs_file.empty()) {
    return Usage("escalation needs --orgs FILE (CQC ratings, recorded segments and flags are there)");
  }
  auto loaded = Load(in, false);
  if (!loaded.ok()) return Fail(loaded.status());
  Loaded& l = *loaded;
  Result<ov::QualityRules> rules = Status(StatusCode::kInternal, "unset");
  if (triggers_file.empty()) {
    rules = ov::QualityRules::Builtin(l.registry);
  } else {
    auto text = ReadText(triggers_file, 16u << 20);
    if (!text.ok()) return Fail(text.status());
    rules = ov::QualityRules::FromJson(*text, triggers_file, l.registry);
  }
  if (!rules.ok()) return Fail(rules.status());
  std::optional<ov::SegmentationResult> segmentation;
  std::vector<ov::UsedValue> unconfirmed;
  if (!year.empty() || !rules_file.empty()) {
    auto seg_rules = LoadRules(year, rules_file, l.registry);
    if (!seg_rules.ok()) return Fail(seg_rules.status());
    auto r = ov::Segment(*seg_rules, l.registry, l.organisations,
                         ov::ReportingValues(l.data, seg_rules->reporting_value.value, as_of));
    if (!r.ok()) return Fail(r.status());
    segmentation = *r;
    unconfirmed = r->unconfirmed;
  }
  std::vector<ov::QualityFacts> facts;
  for (size_t i = 0; i < l.organisations.size(); ++i) {
    const ov::Organisation& o = l.organisations[i];
    ov::QualityFacts f;
    f.organisation = &o;
    if (segmentation && segmentation->organisations[i].segment) {
      f.segment = segmentation->organisations[i].segment;
      f.segment_source = segmentation->year + " segmentation";
    } else if (o.recorded_segment) {
      f.segment = o.recorded_segment;
      f.segment_source = "recorded";
    }
    for (ov::MetricSeries& s : l.data.AllSeries()) {
      if (s.org != o.code) continue;
      if (as_of) {
        while (!s.points.empty() && s.points.back().period > *as_of) s.points.pop_back();
        if (s.points.empty()) continue;
      }
      auto reading = ov::ReadSeries(s, *l.registry.Find(s.metric));
      if (!reading.ok()) return Fail(reading.status());
      f.readings.push_back(std::move(*reading));
    }
    facts.push_back(std::move(f));
  }
  ov::EscalationResult e = ov::Escalate(*rules, l.registry, facts);
  for (const ov::UsedValue& u : e.unconfirmed) ov::NoteUsed(unconfirmed, u);
  if (in.json) {
    std::cout << ov::EscalationJson(*rules, e, unconfirmed, l.warnings);
    return kExitOk;
  }
  PrintWarnings(l.warnings);
  if (in.csv) {
    std::cout << "org,name,level,triggers,reasons\n";
    for (const ov::OrganisationEscalation& o : e.organisations) {
      std::string ids, reasons;
      for (const ov::FiredTrigger& f : o.fired) {
        ids += (ids.empty() ? "" : ";") + f.id;
        reasons += (reasons.empty() ? "" : "; ") + f.id + ": " + f.reason;
      }
      std::cout << o.org << "," << CsvField(o.name) << "," << ov::EscalationLevelName(o.level) << "," << ids << ","
                << CsvField(reasons) << "\n";
    }
    return kExitOk;
  }
  std::cout << rules->title << "\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const ov::OrganisationEscalation& o : e.organisations) {
    std::string ids;
    for (const ov::FiredTrigger& f : o.fired) ids += (ids.empty() ? "" : " ") + f.id;
    rows.push_back({o.org, o.name, std::string(ov::EscalationLevelName(o.level)), ids.empty() ? "-" : ids});
  }
  PrintTable({"org", "name", "level", "triggers"}, rows);
  bool any = false;
  for (const ov::OrganisationEscalation& o : e.organisations) {
    for (const ov::FiredTrigger& f : o.fired) {
      if (!any) std::cout << "\nWhy:\n";
      any = true;
      std::cout << "  " << o.org << " " << f.id << " (" << ov::EscalationLevelName(f.level) << ", " << f.description
                << "): " << f.reason << "\n";
    }
  }
  std::cout << "\nLevels:\n";
  for (const auto& [level, meaning] : rules->meanings) {
    std::cout << "  " << ov::EscalationLevelName(level) << ": " << meaning << "\n";
  }
  PrintUnconfirmed(unconfirmed);
  return kExitOk;
}

}  // namespace

int RunOversight(int argc, char** argv) {
  CLI::App app{
      "Oversight: metric readings, segmentation, league tables and quality escalation.\n\n"
      "  ics oversight metrics\n"
      "      the metric registry (polarity, unit, target and how sure the target is)\n"
      "  ics oversight summary --metrics FILE.csv... [--orgs FILE.csv --systems]\n"
      "      the Making Data Count reading of each organisation's (and system's) series\n"
      "  ics oversight segment --year 2025/26 --metrics FILE.csv... --orgs FILE.csv\n"
      "      oversight segments of a framework year, with the reasons and the unconfirmed values used\n"
      "  ics oversight league --metric ae_4hr | --segmentation --year 2025/26 --metrics FILE.csv...\n"
      "      a league table; ties share the best rank (1, 2, 2, 4)\n"
      "  ics oversight escalation --metrics FILE.csv... --orgs FILE.csv [--year 2025/26]\n"
      "      routine / enhanced / intensive for the system quality group, with the triggers that fired\n\n"
      "Metric files are CSV in long form: org,metric,period,value (period YYYY-MM; optional numerator,\n"
      "denominator, score). The organisations file: org,name,peer_group and optionally system,\n"
      "financial_deficit, provider_improvement_programme, cqc_rating, segment, rationale, flags.\n"
      "Exit status: 0 done, 2 bad input or usage.",
      "ics oversight"};
  app.require_subcommand(1);
  Inputs in;
  auto common = [&](CLI::App* sub, bool metrics) {
    if (metrics) {
      sub->add_option("--metrics", in.metric_files, "metric series CSV (repeatable; - for standard input)");
      sub->add_option("--orgs", in.orgs_file, "organisations CSV");
    }
    sub->add_option("--registry", in.registry_file, "a metric registry JSON instead of the built-in one");
    sub->add_flag("--json", in.json, "print JSON");
    sub->add_flag("--csv", in.csv, "print CSV");
  };
  std::string year, rules_file, as_of, peer_group, metric, order, org, triggers;
  bool segmentation = false, systems = false;

  CLI::App* metrics_cmd = app.add_subcommand("metrics", "the metric registry");
  common(metrics_cmd, false);

  CLI::App* summary = app.add_subcommand("summary", "Making Data Count reading of each series");
  common(summary, true);
  summary->add_option("--org", org, "only this organisation (or system)");
  summary->add_option("--metric", metric, "only this metric");
  summary->add_flag("--systems", systems, "add each system's series, formed from its organisations (needs --orgs)");

  CLI::App* segment = app.add_subcommand("segment", "oversight segments of a framework year");
  common(segment, true);
  segment->add_option("--year", year, "framework year, e.g. 2025/26");
  segment->add_option("--rules", rules_file, "a segmentation rule set JSON instead of the built-in one");
  segment->add_option("--as-of", as_of, "use each series' values up to this month (YYYY-MM)");
  segment->add_option("--peer-group", peer_group, "show only this peer group");

  CLI::App* league = app.add_subcommand("league", "a league table");
  common(league, true);
  league->add_option("--metric", metric, "rank on this metric (best first by its polarity)");
  league->add_flag("--segmentation", segmentation, "rank on the segmentation (segment, then average score)");
  league->add_option("--year", year, "framework year for --segmentation");
  league->add_option("--rules", rules_file, "a segmentation rule set JSON for --segmentation");
  league->add_option("--as-of", as_of, "use values up to this month (YYYY-MM)");
  league->add_option("--peer-group", peer_group, "rank only this peer group (needs --orgs)");
  league->add_option("--order", order, "highest or lowest first (required for a neutral metric)");

  CLI::App* escalation = app.add_subcommand("escalation", "quality escalation levels");
  common(escalation, true);
  escalation->add_option("--year", year, "compute segments for this framework year (else the recorded ones)");
  escalation->add_option("--rules", rules_file, "a segmentation rule set JSON");
  escalation->add_option("--triggers", triggers, "escalation triggers JSON instead of the built-in ones");
  escalation->add_option("--as-of", as_of, "read the series up to this month (YYYY-MM)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::cerr << kVerb << ": " << e.what() << "\n(" << kVerb << " --help for usage)\n";
    return kExitBadInput;
  }
  g_json_errors = in.json;
  if (in.json && in.csv) return Usage("choose one of --json and --csv");
  if (metrics_cmd->parsed()) return RunMetrics(in);
  if (summary->parsed()) return RunSummary(in, org, metric, systems);
  if (segment->parsed()) return RunSegment(in, year, rules_file, as_of, peer_group);
  if (league->parsed()) return RunLeague(in, metric, segmentation, year, rules_file, as_of, peer_group, order);
  if (escalation->parsed()) return RunEscalation(in, year, rules_file, triggers, as_of);
  return Usage("give a subcommand: metrics, summary, segment, league or escalation");
}

}  // namespace ics::cli
