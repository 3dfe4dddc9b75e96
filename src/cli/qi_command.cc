// `ics qi list|show ID|import ID FILE [--measure NAME]|demo`: QI projects in the database that
// `ics serve` uses - the projects with their latest progress score, one project with its
// measures' SPC signals and PDSA cycles, and measure data imported from CSV (every error
// located as FILE:LINE:COL with its fix; nothing stored when there is any).
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "api/qi_routes.h"
#include "base/date.h"
#include "cli/commands.h"
#include "cli/store_verb.h"
#include "cli/input.h"
#include "improvement/measure_csv.h"
#include "improvement/qi_project.h"
#include "render/json.h"
#include "store/qi_projects.h"
#include "store/store.h"

namespace ics::cli {

namespace {

std::string CliActor() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user && *user ? user : "unknown");
}

improvement::QiProjectInput EngineInput(const store::QiProjectDetail& d) {
  improvement::QiProjectInput in;
  in.id = d.project.id;
  in.title = d.project.title;
  in.status = d.project.status;
  in.organisations = d.project.organisations;
  for (const auto& s : d.scores)
    if (auto date = ParseIsoDate(s.date)) in.scores.push_back({*date, s.score_tenths});
  for (const auto& m : d.measures) {
    improvement::QiMeasureInput mi;
    mi.id = m.id;
    mi.name = m.name;
    mi.type = m.type;
    if (auto o = improvement::MeasureChartSettings(m.preset, m.chart, m.direction, m.target); o.ok()) mi.chart = *o;
    for (const auto& p : d.points)
      if (p.measure_id == m.id)
        if (auto date = ParseIsoDate(p.date)) mi.points.push_back({*date, p.value});
    in.measures.push_back(std::move(mi));
  }
  for (const auto& p : d.pdsas) {
    improvement::QiPdsaInput c{p.id, p.title, p.status, ParseIsoDate(p.start_date), ParseIsoDate(p.end_date), p.measure_ids};
    in.pdsas.push_back(std::move(c));
  }
  return in;
}

std::string Score(const std::optional<int>& tenths) {
  return tenths ? improvement::FormatProgressScore(*tenths) : std::string("-");
}

}  // namespace

int RunQi(int argc, char** argv) {
  CLI::App app{"QI projects in the database `ics serve` uses: list them, show one, import measure data from CSV "
               "(date,value[,note] with --measure, or date,MEASURE,... for several).\nExit 0: done; 2: bad input or "
               "the database cannot be used.",
               "ics qi"};
  std::string db_url(store::kDefaultStoreUrl);
  bool json = false;
  int64_t id = 0;
  std::string file, measure;
  app.require_subcommand(1);
  app.fallthrough();  // --db and --json may follow the subcommand
  app.add_option("--db", db_url, "the database: sqlite:PATH or postgresql://USER@HOST/DB (default sqlite:ics.db)");
  app.add_flag("--json", json, "write JSON");
  CLI::App* demo = app.add_subcommand("demo", "Add the synthetic demo projects (as ics serve --demo does) when there are none.");
  CLI::App* list = app.add_subcommand("list", "Every project with its latest progress score and signals.");
  CLI::App* show = app.add_subcommand("show", "One project: charter, team, measures with their SPC signal, PDSA cycles, scores.");
  show->add_option("id", id, "the project's id (ics qi list)")->required();
  CLI::App* import = app.add_subcommand("import", "Import measure data from a CSV file (- for standard input).");
  import->add_option("id", id, "the project's id")->required();
  import->add_option("file", file, "the CSV file")->required();
  import->add_option("--measure", measure, "the measure a date,value[,note] file is for");
  if (std::optional<int> exit = ParseCommandLine(app, argc, argv)) return *exit;
  auto fail = [&](const Status& status) { return ReportFailure("ics qi", status, json); };
  Result<std::unique_ptr<store::Store>> opened = OpenStoreForVerb(db_url, demo->parsed());
  if (!opened.ok()) return fail(opened.status());
  store::QiProjectTables& qi = (*opened)->qi_projects();
  using OJson = nlohmann::ordered_json;
  auto print = [](const OJson& j) { std::cout << j.dump(2, ' ', false, OJson::error_handler_t::replace) << "\n"; };

  if (demo->parsed()) {
    Result<int> added = api::SeedQiDemoProjects(**opened);
    if (!added.ok()) return fail(added.status());
    if (json)
      print({{"added", *added}});
    else
      std::cout << "ics qi: added " << *added << " demo projects\n";
    return kExitOk;
  }

  if (list->parsed()) {
    auto projects = qi.ListProjects();
    if (!projects.ok()) return fail(projects.status());
    OJson out = OJson::array();
    if (!json) std::cout << "id  score  trend   status      signals                 title\n";
    for (const auto& p : *projects) {
      auto d = qi.GetProject(p.id);
      if (!d.ok()) return fail(d.status());
      improvement::QiProjectSummary s = improvement::SummariseProject(EngineInput(*d));
      if (json) {
        out.push_back({{"id", s.id},
                       {"title", s.title},
                       {"status", s.status},
                       {"score", s.score_tenths ? OJson(*s.score_tenths / 10.0) : OJson(nullptr)},
                       {"score_trend", s.score_trend},
                       {"measures_improving", s.measures_improving},
                       {"measures_concerning", s.measures_concerning},
                       {"pdsas_in_progress", s.pdsas_in_progress}});
      } else {
        std::string signals = std::to_string(s.measures_improving) + " improving, " +
                              std::to_string(s.measures_concerning) + " concern";
        std::printf("%-3lld %-6s %-7s %-11s %-23s %s\n", static_cast<long long>(s.id), Score(s.score_tenths).c_str(),
                    s.score_trend.c_str(), s.status.c_str(), signals.c_str(), s.title.c_str());
      }
    }
    if (json) print(out);
    return kExitOk;
  }

  auto d = qi.GetProject(id);
  if (!d.ok()) return fail(d.status());

  if (show->parsed()) {
    improvement::QiProjectSummary s = improvement::SummariseProject(EngineInput(*d));
    if (json) {
      OJson measures = OJson::array();
      for (const auto& m : s.measures)
        measures.push_back({{"id", m.id},
                            {"name", m.name},
                            {"type", m.type},
                            {"points", m.points},
                            {"signal", m.signal},
                            {"variation_icon", m.variation_icon
                                                   ? OJson(std::string(improvement::VariationIconName(*m.variation_icon)))
                                                   : OJson(nullptr)}});
      OJson pdsas = OJson::array();
      for (const auto& c : d->pdsas)
        pdsas.push_back({{"id", c.id}, {"title", c.title}, {"status", c.status}, {"start_date", c.start_date}});
      OJson scores = OJson::array();
      for (const auto& sc : d->scores) scores.push_back({{"date", sc.date}, {"score", sc.score_tenths / 10.0}});
      print({{"id", d->project.id},
             {"title", d->project.title},
             {"aim", d->project.aim},
             {"organisations", d->project.organisations},
             {"status", d->project.status},
             {"lead", d->project.lead},
             {"score", s.score_tenths ? OJson(*s.score_tenths / 10.0) : OJson(nullptr)},
             {"score_trend", s.score_trend},
             {"team", d->team.size()},
             {"measures", measures},
             {"pdsas", pdsas},
             {"scores", scores}});
      return kExitOk;
    }
    std::cout << d->project.title << " (project " << d->project.id << ", " << d->project.status << ")\n"
              << "Aim: " << d->project.aim << "\n";
    std::string orgs;
    for (const auto& o : d->project.organisations) orgs += (orgs.empty() ? "" : ", ") + o;
    std::cout << "Organisations: " << orgs << "; lead " << d->project.lead << "; team of " << d->team.size() << "\n";
    if (s.score_tenths)
      std::cout << "Progress score " << Score(s.score_tenths) << " ("
                << improvement::ProgressLevelFor(*s.score_tenths).label << "), " << s.score_trend << "\n";
    std::cout << "Measures:\n";
    for (const auto& m : s.measures)
      std::cout << "  " << m.name << " [" << m.type << "]: " << m.points << " points, " << m.signal
                << (m.note.empty() ? "" : " (" + m.note + ")") << "\n";
    std::cout << "PDSA cycles:\n";
    for (const auto& c : d->pdsas) std::cout << "  " << c.start_date << "  " << c.status << "  " << c.title << "\n";
    return kExitOk;
  }

  // import
  Result<std::string> text = ReadInput(file, 16u << 20);
  if (!text.ok()) return fail(text.status());
  improvement::MeasureCsvOptions o;
  o.file = file == "-" ? "stdin" : file;
  o.measure = measure;
  std::map<std::string, int64_t> ids;
  for (const auto& m : d->measures) {
    o.measures.push_back(m.name);
    ids[m.name] = m.id;
  }
  if (!measure.empty() && !ids.contains(measure)) {
    std::string known;
    for (const auto& m : d->measures) known += (known.empty() ? "" : ", ") + m.name;
    return fail(NotFound("project " + std::to_string(id) + " has no measure '" + measure + "' (its measures: " + known + ")",
                         "--measure"));
  }
  improvement::MeasureCsv parsed = improvement::ParseMeasureCsv(*text, o);
  if (!parsed.ok()) {
    if (json) {
      OJson errors = OJson::array();
      for (const auto& e : parsed.errors) errors.push_back({{"where", e.where}, {"message", e.message}});
      print({{"error", {{"code", "invalid_argument"}, {"message", "nothing was imported"}, {"where", parsed.errors[0].where}}},
             {"errors", errors}});
    } else {
      for (const auto& e : parsed.errors) std::cerr << e.where << ": " << e.message << "\n";
      std::cerr << "ics qi: nothing was imported (" << parsed.errors.size() << " problems)\n";
    }
    return kExitBadInput;
  }
  std::vector<store::QiMeasurePoint> points;
  for (const auto& p : parsed.points) points.push_back({ids[p.measure], p.date.ToIso(), p.value, p.note});
  auto put = qi.PutPoints(id, points, CliActor());
  if (!put.ok()) return fail(put.status());
  if (json)
    print({{"added", put->added}, {"replaced", put->replaced}, {"points", points.size()}});
  else
    std::cout << "ics qi: imported " << points.size() << " points into project " << id << " (" << put->added
              << " new, " << put->replaced << " replaced)\n";
  return kExitOk;
}

}  // namespace ics::cli
