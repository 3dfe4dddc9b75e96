#include "api/governance_routes.h"

#include <ctime>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/json_body.h"
#include "api/static_files.h"
#include "authority/authority.h"
#include "authority/meetings.h"
#include "render/authority_json.h"

namespace ics::api {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kPrefix = "/api/v1/governance";

Response JsonResponse(const Json& j, int status = 200, const char* cache = "no-cache") {
  Response r = Response::Json(j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n", status);
  r.headers.emplace_back("Cache-Control", cache);
  return r;
}

Json Parse(const std::string& text) { return Json::parse(text); }

std::string DefaultNow() {
  std::time_t t = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &utc);
  return buf;
}

// Everything the routes share, built once from the definition.
struct Governance {
  std::shared_ptr<const LoadedDefinition> definition;
  authority::AuthorityIndex index;
  authority::InterestIndex interests;
  GovernanceOptions options;

  Governance(std::shared_ptr<const LoadedDefinition> def, GovernanceOptions opts)
      : definition(std::move(def)), index(definition->system), interests(definition->system),
        options(std::move(opts)) {}

  const model::IcsSystem& sys() const { return definition->system; }
  Date today() const { return sys().system.as_of.value_or(options.today()); }

  const model::Meeting* FindMeeting(std::string_view id) const {
    for (const auto& m : sys().meetings)
      if (m.id == id) return &m;
    return nullptr;
  }
  std::string PersonName(std::string_view id) const {
    const model::Person* p = sys().FindPerson(id);
    return p && !p->name.empty() ? p->name : std::string(id);
  }
  std::string OrgName(std::string_view code) const {
    const model::Organisation* o = sys().FindOrganisation(code);
    return o && !o->name.empty() ? o->name : std::string(code);
  }
  std::string BodyLabel(const model::Meeting& m) const {
    if (m.body == "board") return "ICB Board";
    const model::Committee* c = sys().FindCommittee(m.body);
    return c && !c->name.empty() ? c->name : m.body;
  }
  std::string MeetingTitle(const model::Meeting& m) const {
    return m.title.empty() ? BodyLabel(m) + ", " + m.date.ToIso() : m.title;
  }
};

Status NoSuchMeeting(const Governance& g, std::string_view id) {
  std::string known;
  for (const auto& m : g.sys().meetings) known += (known.empty() ? "" : ", ") + m.id;
  return NotFound("there is no meeting '" + std::string(id) + "'" + (known.empty() ? "" : " (meetings: " + known + ")"),
                  "meeting");
}

Status NoStore() {
  return Status(StatusCode::kUnavailable, "decisions and minutes need a store (ics serve --db ...)", "store");
}

// The engine's review of a meeting with CheckDecision for each decision item, as JSON.
Result<Json> ReviewJson(const Governance& g, const model::Meeting& m, bool public_only) {
  ICS_ASSIGN_OR_RETURN(authority::MeetingReport report, authority::ReviewMeeting(g.index, g.interests, m.id));
  std::map<std::string, Status> decisions;
  for (const auto& r : report.items)
    if (r.item->purpose == model::ItemPurpose::kDecision)
      decisions[r.item->number] = authority::CheckDecision(g.index, g.interests, m.id, r.item->number);
  return Parse(render::ConflictsJson(report, decisions, public_only));
}

bool IsPublicItem(const model::Meeting& m, std::string_view number) {
  for (const auto& i : m.items)
    if (i.number == number) return i.part == model::MeetingPart::kPublic;
  return false;
}

Json DecisionJson(const store::MeetingDecision& d, bool with_context) {
  Json j;
  j["item"] = d.item_number;
  j["text"] = d.text;
  j["outcome"] = d.outcome;
  j["recorded_by"] = d.recorded_by;
  j["recorded_at"] = d.recorded_at;
  if (with_context) {
    j["quorum"] = Parse(d.quorum_json);
    j["conflicts"] = Parse(d.conflicts_json);
  }
  j["row_version"] = d.row_version;
  return j;
}

Json MinutesJson(const store::MeetingMinutes& m, bool with_confidential) {
  Json j;
  j["status"] = m.status;
  j["public_text"] = m.public_text;
  if (with_confidential) j["confidential_text"] = m.confidential_text;
  j["updated_by"] = m.updated_by;
  j["updated_at"] = m.updated_at;
  j["approved_by"] = m.approved_by.empty() ? Json(nullptr) : Json(m.approved_by);
  j["approved_at"] = m.approved_at.empty() ? Json(nullptr) : Json(m.approved_at);
  j["row_version"] = m.row_version;
  return j;
}

// The meeting with its review, decisions and minutes; `full` for governance admins and board
// members, else the public view (public items only, approved minutes' public part only).
Result<Json> MeetingJson(const Governance& g, const model::Meeting& m, bool full) {
  ICS_ASSIGN_OR_RETURN(Json j, ReviewJson(g, m, !full));
  j["meeting"]["body_label"] = g.BodyLabel(m);
  j["view"] = full ? "full" : "public";
  Json decisions = Json::array();
  Json minutes = nullptr;
  if (g.options.store) {
    ICS_ASSIGN_OR_RETURN(std::vector<store::MeetingDecision> recorded, g.options.store->ListDecisions(m.id));
    for (const auto& d : recorded)
      if (full || IsPublicItem(m, d.item_number)) decisions.push_back(DecisionJson(d, full));
    ICS_ASSIGN_OR_RETURN(std::optional<store::MeetingMinutes> stored, g.options.store->GetMinutes(m.id));
    if (stored && (full || stored->status == "approved")) minutes = MinutesJson(*stored, full);
  }
  j["decisions"] = std::move(decisions);
  j["minutes"] = std::move(minutes);
  return j;
}

// --- The delegation graph -----------------------------------------------------------------

std::string HolderKind(const Governance& g, std::string_view holder) {
  if (holder == "board") return "board";
  if (holder == "nhs_england") return "nhs_england";
  if (holder.starts_with("role:")) return "role";
  if (g.sys().FindCommittee(holder)) return "committee";
  if (g.sys().FindPlace(holder)) return "place";
  if (g.sys().FindPerson(holder)) return "person";
  if (g.sys().FindOrganisation(holder)) return "organisation";
  return "other";
}

Json DelegationGraphJson(const Governance& g) {
  const model::IcsSystem& sys = g.sys();
  const Date date = g.today();
  std::map<std::string, size_t> line_index;
  for (size_t i = 0; i < sys.delegations.size(); ++i) line_index[sys.delegations[i].id] = i;
  std::map<std::string, std::string> fn_of_line;  // delegation id -> function key
  std::map<std::string, std::string> fn_name;
  for (const auto& f : g.index.functions()) {
    fn_name[f.key] = f.name;
    for (size_t i : f.lines) fn_of_line[sys.delegations[i].id] = f.key;
  }
  std::vector<std::string> order;
  std::set<std::string> seen;
  auto node = [&](const std::string& id) {
    if (seen.insert(id).second) order.push_back(id);
  };
  node("nhs_england");
  node("board");
  Json edges = Json::array();
  Json reserved = Json::array();
  for (const auto& d : sys.delegations) {
    const std::string function = fn_of_line.count(d.id) ? fn_of_line[d.id] : d.function;
    if (d.reserved_to_board) {
      reserved.push_back({{"delegation", d.id}, {"function", function}, {"function_name", fn_name[function]},
                          {"clause", d.clause}, {"statutory_basis", d.statutory_basis},
                          {"in_force", d.validity.ActiveOn(date)}});
      continue;
    }
    std::string from = d.delegated_by.empty() ? "board" : d.delegated_by;
    if (!d.sub_delegated_from.empty()) {
      auto it = line_index.find(d.sub_delegated_from);
      if (it != line_index.end()) {
        const auto& parent = sys.delegations[it->second];
        from = parent.reserved_to_board ? "board" : parent.delegated_to;
      }
    }
    node(from);
    node(d.delegated_to);
    Json e;
    e["id"] = d.id;
    e["from"] = from;
    e["to"] = d.delegated_to;
    e["function"] = function;
    e["function_name"] = fn_name.count(function) ? fn_name[function] : d.function;
    e["clause"] = d.clause;
    e["limit_pence"] = d.limit_pence ? Json(*d.limit_pence) : Json(nullptr);
    e["limit"] = d.limit_pence ? Json(authority::FormatPounds(*d.limit_pence)) : Json(nullptr);
    e["sub_delegated_from"] = d.sub_delegated_from.empty() ? Json(nullptr) : Json(d.sub_delegated_from);
    e["places"] = d.places;
    e["conditions"] = d.conditions;
    e["statutory_basis"] = d.statutory_basis;
    e["in_force"] = d.validity.ActiveOn(date);
    edges.push_back(std::move(e));
  }
  Json nodes = Json::array();
  for (const auto& id : order) {
    std::string label = id == "nhs_england" ? "NHS England" : g.index.HolderLabel(id);
    nodes.push_back({{"id", id}, {"label", label}, {"kind", HolderKind(g, id)}});
  }
  Json root;
  root["as_of"] = date.ToIso();
  root["nodes"] = std::move(nodes);
  root["edges"] = std::move(edges);
  root["reserved"] = std::move(reserved);
  return root;
}

// --- iCalendar ----------------------------------------------------------------------------

std::string ICalDate(const Date& d) {
  std::string iso = d.ToIso();
  std::string out;
  for (char c : iso)
    if (c != '-') out += c;
  return out;
}

std::string ICalEvent(const Governance& g, const model::Meeting& m, const std::string& stamp) {
  std::string description = g.BodyLabel(m) + ". Public agenda:";
  for (const auto& i : m.items)
    if (i.part == model::MeetingPart::kPublic) description += "\n" + i.number + ". " + i.title;
  description += "\nPapers, agenda and approved minutes: /public/meetings/" + m.id;
  Date next = m.date.AddDays(1);
  std::string out;
  out += ICalFold("BEGIN:VEVENT");
  out += ICalFold("UID:" + ICalText(m.id) + "@ics-platform." + ICalText(g.sys().system.icb.empty() ? "icb" : g.sys().system.icb));
  out += ICalFold("DTSTAMP:" + stamp);
  out += ICalFold("DTSTART;VALUE=DATE:" + ICalDate(m.date));
  out += ICalFold("DTEND;VALUE=DATE:" + ICalDate(next));
  out += ICalFold("SUMMARY:" + ICalText(g.MeetingTitle(m)));
  out += ICalFold("DESCRIPTION:" + ICalText(description));
  out += ICalFold("CLASS:PUBLIC");
  out += ICalFold("END:VEVENT");
  return out;
}

Response Calendar(const Governance& g, const std::vector<const model::Meeting*>& meetings, const std::string& name) {
  const std::string stamp = g.options.now ? g.options.now() : DefaultNow();
  std::string body;
  body += ICalFold("BEGIN:VCALENDAR");
  body += ICalFold("VERSION:2.0");
  body += ICalFold("PRODID:-//ICS Platform//Meetings//EN");
  body += ICalFold("CALSCALE:GREGORIAN");
  body += ICalFold("METHOD:PUBLISH");
  body += ICalFold("X-WR-CALNAME:" + ICalText(g.sys().system.name + " meetings"));
  for (const auto* m : meetings) body += ICalEvent(g, *m, stamp);
  body += ICalFold("END:VCALENDAR");
  Response r = Response::Content(std::move(body), "text/calendar; charset=utf-8");
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

// --- The public portal: server-rendered HTML ----------------------------------------------

constexpr const char* kPortalCss = R"(/* The public portal: readable without the web app's stylesheet, printable. */
body { font-family: Arial, "Helvetica Neue", sans-serif; line-height: 1.5; color: #212b32; background: #f0f4f5; margin: 0; }
.portal-skip { position: absolute; left: -9999px; }
.portal-skip:focus { position: static; display: inline-block; padding: 8px; background: #ffeb3b; color: #212b32; }
.portal-header { background: #005eb8; color: #fff; padding: 16px 24px; }
.portal-header a { color: #fff; }
.portal-header p { margin: 0; font-size: 1.25rem; font-weight: 700; }
.portal-nav ul { list-style: none; margin: 8px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 16px; }
.portal-main { max-width: 960px; margin: 0 auto; padding: 24px; background: #fff; }
a { color: #005eb8; }
a:visited { color: #330072; }
a:focus { outline: 4px solid #ffeb3b; background: #ffeb3b; color: #212b32; }
table { border-collapse: collapse; width: 100%; margin-bottom: 24px; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #d8dde0; padding: 8px 12px 8px 0; }
caption { text-align: left; font-weight: 700; padding-bottom: 8px; }
.portal-note { border-left: 8px solid #005eb8; padding: 8px 16px; background: #eef7ff; }
.portal-minutes { white-space: pre-wrap; }
.portal-footer { max-width: 960px; margin: 0 auto; padding: 16px 24px; font-size: 0.875rem; }
@media print {
  body { background: #fff; color: #000; font-size: 11pt; }
  .portal-header, .portal-nav, .portal-footer, .portal-skip, .portal-noprint { display: none; }
  .portal-main { max-width: none; padding: 0; }
  a { color: #000; text-decoration: none; }
  h1, h2, h3 { page-break-after: avoid; }
  tr { page-break-inside: avoid; }
}
)";

// The stylesheet the web build made (nhsuk-frontend compiled from its Sass), when there is one.
std::string FindNhsCss(const std::string& web_root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path assets = fs::path(web_root) / "assets";
  if (web_root.empty() || !fs::is_directory(assets, ec)) return {};
  std::string best;
  for (const auto& entry : fs::directory_iterator(assets, ec)) {
    std::string name = entry.path().filename().string();
    if (name.ends_with(".css") && name.starts_with("index")) best = name;
  }
  return best.empty() ? std::string() : "/assets/" + best;
}

std::string Page(const Governance& g, const std::string& title, const std::string& body) {
  std::string system = g.sys().system.name.empty() ? "Integrated care board" : g.sys().system.name;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      HtmlEscape(title) + " - " + HtmlEscape(system) + " public portal</title>\n";
  // Looked up per page: the web build may be rebuilt while the server runs.
  const std::string nhs_css = FindNhsCss(g.options.web_root);
  if (!nhs_css.empty()) out += "<link rel=\"stylesheet\" href=\"" + HtmlEscape(nhs_css) + "\">\n";
  out += "<link rel=\"stylesheet\" href=\"/public/portal.css\">\n</head>\n<body>\n"
         "<a class=\"portal-skip\" href=\"#maincontent\">Skip to main content</a>\n"
         "<header class=\"portal-header\">\n<p><a href=\"/public\">" +
         HtmlEscape(system) +
         ": decisions in the open</a></p>\n"
         "<nav class=\"portal-nav\" aria-label=\"Public portal\"><ul>"
         "<li><a href=\"/public/meetings\">Meetings</a></li>"
         "<li><a href=\"/public/board\">The board</a></li>"
         "<li><a href=\"/public/interests\">Register of interests</a></li>"
         "<li><a href=\"/public/decision-map\">Decision map</a></li>"
         "</ul></nav>\n</header>\n<main id=\"maincontent\" class=\"portal-main\">\n<h1>" +
         HtmlEscape(title) + "</h1>\n" + body +
         "</main>\n<footer class=\"portal-footer\"><p>Published by " + HtmlEscape(system) +
         ". Confidential items of meetings held in private are not shown here. "
         "Data as JSON: <a href=\"/api/v1/governance/meetings\">/api/v1/governance/meetings</a>.</p></footer>\n"
         "</body>\n</html>\n";
  return out;
}

Response Html(std::string body, int status = 200) {
  Response r = Response::Content(std::move(body), "text/html; charset=utf-8", status);
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  return r;
}

Response HtmlNotFound(const Governance& g, const std::string& message) {
  return Html(Page(g, "Page not found", "<p>" + HtmlEscape(message) + "</p>\n<p><a href=\"/public\">The public portal</a></p>\n"),
              404);
}

std::string Link(const std::string& href, const std::string& text) {
  return "<a href=\"" + HtmlEscape(href) + "\">" + HtmlEscape(text) + "</a>";
}


std::string PortalIndex(const Governance& g) {
  std::string b;
  b += "<p>How " + HtmlEscape(g.sys().system.name) +
       " takes decisions: its board and committee meetings with their public agendas and approved "
       "minutes, who sits on the board, the interests members have declared, and who may take which decision.</p>\n<ul>\n";
  b += "<li>" + Link("/public/meetings", "Meetings, agendas and minutes") + "</li>\n";
  b += "<li>" + Link("/public/board", "The board's membership") + "</li>\n";
  b += "<li>" + Link("/public/interests", "Register of interests") + "</li>\n";
  b += "<li>" + Link("/public/decision-map", "Functions and decision map") + "</li>\n";
  b += "<li>" + Link("/api/v1/governance/meetings.ics", "All meetings as a calendar (iCalendar)") + "</li>\n</ul>\n";
  return Page(g, "Decisions in the open", b);
}

Result<std::string> PortalMeetings(const Governance& g) {
  std::string b = "<p>" + Link("/api/v1/governance/meetings.ics", "Add every meeting to your calendar (iCalendar)") +
                  "</p>\n<table>\n<caption>Board and committee meetings</caption>\n"
                  "<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Meeting</th><th scope=\"col\">Body</th>"
                  "<th scope=\"col\">Minutes</th></tr></thead>\n<tbody>\n";
  for (const auto& m : g.sys().meetings) {
    std::string minutes = "Not yet approved";
    if (g.options.store) {
      ICS_ASSIGN_OR_RETURN(std::optional<store::MeetingMinutes> stored, g.options.store->GetMinutes(m.id));
      if (stored && stored->status == "approved") minutes = Link("/public/meetings/" + m.id + "/minutes", "Approved minutes");
    }
    b += "<tr><td>" + HtmlEscape(m.date.ToIso()) + "</td><td>" + Link("/public/meetings/" + m.id, g.MeetingTitle(m)) +
         "</td><td>" + HtmlEscape(g.BodyLabel(m)) + "</td><td>" + minutes + "</td></tr>\n";
  }
  b += "</tbody>\n</table>\n";
  return Page(g, "Meetings", b);
}

Result<std::string> PortalMeeting(const Governance& g, const model::Meeting& m) {
  // Built from the public-only view: confidential items are not in it.
  ICS_ASSIGN_OR_RETURN(Json view, MeetingJson(g, m, /*full=*/false));
  std::string b;
  b += "<p>" + HtmlEscape(g.BodyLabel(m)) + ", " + HtmlEscape(m.date.ToIso()) + ". " +
       Link("/api/v1/governance/meetings/" + m.id + "/calendar.ics", "Add to your calendar") + ".</p>\n";
  const Json& oq = view["opening_quorum"];
  b += "<p>Quorum at the opening: " + std::string(oq["quorate"].get<bool>() ? "quorate" : "not quorate") + " (" +
       std::to_string(oq["counted"].get<int>()) + " voting members counted; the rule: " +
       HtmlEscape(oq["rule"].get<std::string>()) + ").</p>\n";
  b += "<h2>Agenda: items in public</h2>\n";
  std::map<std::string, const Json*> decisions;
  for (const auto& d : view["decisions"]) decisions[d["item"].get<std::string>()] = &d;
  b += "<table>\n<caption>Public agenda</caption>\n<thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Title</th>"
       "<th scope=\"col\">Purpose</th><th scope=\"col\">Declared interests</th><th scope=\"col\">Quorum</th>"
       "<th scope=\"col\">Decision</th></tr></thead>\n<tbody>\n";
  for (const auto& item : view["items"]) {
    std::string number = item["number"].get<std::string>();
    std::string conflicts;
    for (const auto& c : item["conflicts"]) {
      conflicts += "<li>" + HtmlEscape(c.value("name", c.value("person", ""))) + ": " +
                   HtmlEscape(c.value("category", "")) + " (" + HtmlEscape(c.value("action_text", c.value("action", ""))) +
                   ")</li>";
    }
    conflicts = conflicts.empty() ? "None" : "<ul>" + conflicts + "</ul>";
    const Json& q = item["quorum"];
    std::string quorum = std::string(q["quorate"].get<bool>() ? "Quorate" : "Not quorate") + " (" +
                         std::to_string(q["counted"].get<int>()) + " of " + std::to_string(q["needed"].get<int>()) +
                         " needed)";
    std::string decision;
    if (auto it = decisions.find(number); it != decisions.end())
      decision = HtmlEscape((*it->second)["outcome"].get<std::string>()) + ": " +
                 HtmlEscape((*it->second)["text"].get<std::string>());
    b += "<tr><td>" + HtmlEscape(number) + "</td><td>" + HtmlEscape(item["title"].get<std::string>()) + "</td><td>" +
         HtmlEscape(item["purpose"].get<std::string>()) + "</td><td>" + conflicts + "</td><td>" + HtmlEscape(quorum) +
         "</td><td>" + decision + "</td></tr>\n";
  }
  b += "</tbody>\n</table>\n";
  b += "<h2>Minutes</h2>\n";
  if (view["minutes"].is_null())
    b += "<p>The minutes are published here once the meeting has approved them.</p>\n";
  else
    b += "<p>" + Link("/public/meetings/" + m.id + "/minutes", "The approved minutes (printable)") + "</p>\n";
  return Page(g, g.MeetingTitle(m), b);
}

Result<std::optional<std::string>> PortalMinutes(const Governance& g, const model::Meeting& m) {
  if (!g.options.store) return std::optional<std::string>();
  ICS_ASSIGN_OR_RETURN(std::optional<store::MeetingMinutes> stored, g.options.store->GetMinutes(m.id));
  if (!stored || stored->status != "approved") return std::optional<std::string>();
  std::string b;
  b += "<p>" + HtmlEscape(g.BodyLabel(m)) + ", meeting held on " + HtmlEscape(m.date.ToIso()) +
       ". Approved on " + HtmlEscape(stored->approved_at.substr(0, 10)) + ". The public part of the minutes.</p>\n";
  b += "<p class=\"portal-noprint\">To save as PDF, print this page and choose \"Save as PDF\".</p>\n";
  b += "<div class=\"portal-minutes\">" + HtmlEscape(stored->public_text) + "</div>\n";
  return std::optional<std::string>(Page(g, "Minutes: " + g.MeetingTitle(m), b));
}

std::string PortalBoard(const Governance& g) {
  const Date date = g.today();
  std::string b = "<table>\n<caption>Members of the board on " + HtmlEscape(date.ToIso()) +
                  "</caption>\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Role</th>"
                  "<th scope=\"col\">Voting</th></tr></thead>\n<tbody>\n";
  for (const auto& s : g.sys().board.seats) {
    if (!s.validity.ActiveOn(date)) continue;
    std::string role(model::Name(s.role));
    for (char& c : role)
      if (c == '_') c = ' ';
    if (s.deputy_chair) role += " (deputy chair)";
    b += "<tr><td>" + HtmlEscape(g.PersonName(s.person)) + "</td><td>" + HtmlEscape(role) + "</td><td>" +
         (s.voting ? "Yes" : "No") + "</td></tr>\n";
  }
  b += "</tbody>\n</table>\n<h2>Committees</h2>\n<ul>\n";
  for (const auto& c : g.sys().committees)
    b += "<li>" + HtmlEscape(c.name.empty() ? c.id : c.name) + (c.chair.empty() ? "" : " (chair: " + HtmlEscape(g.PersonName(c.chair)) + ")") + "</li>\n";
  b += "</ul>\n";
  return Page(g, "The board", b);
}

std::string PortalInterests(const Governance& g) {
  std::string b =
      "<p>Interests declared by board and committee members (COI-003). An interest stays on the published "
      "register for six months after it ends.</p>\n<table>\n<caption>Register of interests</caption>\n"
      "<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Interest</th><th scope=\"col\">Organisation</th>"
      "<th scope=\"col\">Type</th><th scope=\"col\">From</th><th scope=\"col\">To</th>"
      "<th scope=\"col\">Action taken</th></tr></thead>\n<tbody>\n";
  for (const auto& i : g.sys().interests) {
    std::string category(model::Name(i.category));
    for (char& c : category)
      if (c == '_') c = ' ';
    b += "<tr><td>" + HtmlEscape(g.PersonName(i.person)) + "</td><td>" + HtmlEscape(i.description) + "</td><td>" +
         HtmlEscape(i.org.empty() ? "" : g.OrgName(i.org)) + "</td><td>" + HtmlEscape(category) +
         (i.direct || i.category == model::InterestCategory::kIndirect ? "" : " (indirect)") + "</td><td>" + HtmlEscape(i.from ? i.from->ToIso() : "") + "</td><td>" +
         HtmlEscape(i.to ? i.to->ToIso() : "") + "</td><td>" + HtmlEscape(i.mitigation) + "</td></tr>\n";
  }
  b += "</tbody>\n</table>\n";
  return Page(g, "Register of interests", b);
}

std::string PortalDecisionMap(const Governance& g) {
  Json map = Parse(render::DecisionMapJson(g.index, g.today()));
  std::string b = "<p>Each function the board holds or has been given, who holds it, and how the scheme of reservation "
                  "and delegation passes it on, with each line's clause and financial limit.</p>\n";
  for (const auto& f : map["functions"]) {
    b += "<h2>" + HtmlEscape(f["name"].get<std::string>()) + "</h2>\n<p>Source: " +
         HtmlEscape(f["source"].get<std::string>());
    if (f.contains("held_by_label") && !f["held_by_label"].get<std::string>().empty())
      b += ". Held by " + HtmlEscape(f["held_by_label"].get<std::string>());
    if (f.contains("clause") && !f["clause"].get<std::string>().empty())
      b += ". Map reference " + HtmlEscape(f["clause"].get<std::string>());
    b += ".</p>\n";
    if (f["lines"].empty()) continue;
    b += "<table>\n<caption>Scheme lines for: " + HtmlEscape(f["name"].get<std::string>()) +
         "</caption>\n<thead><tr><th scope=\"col\">Clause</th><th scope=\"col\">Held by</th>"
         "<th scope=\"col\">Limit</th><th scope=\"col\">In force</th></tr></thead>\n<tbody>\n";
    for (const auto& l : f["lines"]) {
      std::string holder = l["reserved_to_board"].get<bool>() ? "Reserved to the board" : l["label"].get<std::string>();
      std::string limit = l.contains("limit") ? l["limit"].get<std::string>() : "No limit";
      b += "<tr><td>" + HtmlEscape(l["clause"].get<std::string>()) + "</td><td>" + HtmlEscape(holder) + "</td><td>" +
           HtmlEscape(limit) + "</td><td>" + (l["in_force"].get<bool>() ? "Yes" : "No") + "</td></tr>\n";
    }
    b += "</tbody>\n</table>\n";
  }
  return Page(g, "Functions and decision map", b);
}

// --- Request helpers ------------------------------------------------------------------------

Result<Date> QueryDate(const Request& r, const Governance& g) {
  std::optional<std::string> text = r.Query("date");
  if (!text || text->empty()) return g.today();
  std::string why;
  std::optional<Date> d = ParseIsoDate(*text, &why);
  if (!d) return InvalidArgument("date must be YYYY-MM-DD (" + why + ")", "date");
  return *d;
}

Result<const model::Meeting*> MeetingParam(const Request& r, const Governance& g) {
  auto it = r.params.find("id");
  std::string id = it == r.params.end() ? std::string() : it->second;
  const model::Meeting* m = g.FindMeeting(id);
  if (!m) return NoSuchMeeting(g, id);
  return m;
}

constexpr std::string_view kOutcomes[] = {"approved", "approved_with_conditions", "rejected", "deferred", "referred"};

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string ICalText(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n': out += "\\n"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') break;  // controls are not allowed in TEXT
        out += c;
    }
  }
  return out;
}

std::string ICalFold(std::string_view line) {
  std::string out;
  size_t used = 0;  // octets on the current physical line
  size_t i = 0;
  while (i < line.size()) {
    const auto c = static_cast<unsigned char>(line[i]);
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    if (i + n > line.size()) n = line.size() - i;
    if (used + n > 75) {
      out += "\r\n ";
      used = 1;  // the leading space counts
    }
    out.append(line.substr(i, n));
    used += n;
    i += n;
  }
  out += "\r\n";
  return out;
}

std::string PublicDefinitionText(const model::IcsSystem& system, std::string_view text) {
  std::vector<std::string> lines;
  {
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) {
        if (start < text.size()) lines.emplace_back(text.substr(start));
        break;
      }
      lines.emplace_back(text.substr(start, end - start + 1));
      start = end + 1;
    }
  }
  auto indent_of = [](const std::string& l) {
    size_t k = l.find_first_not_of(' ');
    return k == std::string::npos ? std::string::npos : k;
  };
  std::vector<std::string> titles;
  for (const auto& m : system.meetings) {
    for (const auto& item : m.items) {
      if (item.part != model::MeetingPart::kConfidential) continue;
      titles.push_back(item.title);
      int line = item.where.line;
      if (line <= 0 || static_cast<size_t>(line) > lines.size()) continue;
      // The item's block: its first line, then every following line indented deeper than
      // where its keys start (blank lines and comments included).
      const std::string& first = lines[line - 1];
      size_t start = indent_of(first);
      if (start == std::string::npos) continue;
      size_t keys = start;
      if (first.compare(start, 2, "- ") == 0) keys = first.find_first_not_of(' ', start + 1);
      size_t last = line - 1;
      for (size_t k = line; k < lines.size(); ++k) {
        size_t ind = indent_of(lines[k]);
        bool blank = ind == std::string::npos || lines[k][ind] == '\n' || lines[k][ind] == '\r';
        if (blank) continue;
        if (ind < keys) break;
        last = k;
      }
      for (size_t k = line - 1; k <= last; ++k) {
        const bool had_newline = !lines[k].empty() && lines[k].back() == '\n';
        lines[k] = std::string(start, ' ') + (k == static_cast<size_t>(line - 1)
                                                  ? "# (a confidential agenda item, withheld from public view)"
                                                  : "#");
        if (had_newline) lines[k] += '\n';
      }
    }
  }
  std::string out;
  for (const auto& l : lines) out += l;
  // Anything left that names a confidential item (a comment, an unlocated item) is withheld too.
  for (const auto& t : titles) {
    if (t.empty()) continue;
    for (size_t pos = out.find(t); pos != std::string::npos; pos = out.find(t, pos))
      out.replace(pos, t.size(), "[withheld]");
  }
  return out;
}

void AddGovernanceRoutes(Router& router, std::shared_ptr<const LoadedDefinition> definition,
                         GovernanceOptions options) {
  if (!options.today) options.today = TodayUtc;
  auto g = std::make_shared<Governance>(std::move(definition), std::move(options));
  const std::string p = kPrefix;
  const RoleSet deciders{Role::kGovernanceAdmin, Role::kBoardMember};
  const Access full_view = Access::Restricted(deciders);
  const Access record = Access::Roles(deciders);
  const Access admin = Access::Roles({Role::kGovernanceAdmin});

  router.Get(p + "/decision-map", Access::Public(), [g](const Request& r) {
    Result<Date> date = QueryDate(r, *g);
    if (!date.ok()) return ErrorFor(date.status());
    return JsonResponse(Parse(render::DecisionMapJson(g->index, *date)));
  }, "The functions and decision map with the scheme's lines (?date=)");

  router.Get(p + "/authority", Access::Public(), [g](const Request& r) {
    authority::DecisionQuery q;
    q.function = r.Query("function").value_or("");
    if (q.function.empty()) return ErrorFor(InvalidArgument("say which function: ?function=ID or its name", "function"));
    q.place = r.Query("place").value_or("");
    q.counterparty = r.Query("counterparty").value_or("");
    std::string value = r.Query("value").value_or("");
    if (!value.empty()) {
      std::optional<int64_t> pence = authority::ParsePounds(value);
      if (!pence || *pence < 0) return ErrorFor(InvalidArgument("value must be an amount in pounds, e.g. 250000", "value"));
      q.value_pence = *pence;
    }
    Result<Date> date = QueryDate(r, *g);
    if (!date.ok()) return ErrorFor(date.status());
    q.date = *date;
    Result<authority::AuthorityAnswer> answer = g->index.Query(q);
    if (!answer.ok()) return ErrorFor(answer.status());
    return JsonResponse(Parse(render::AuthorityJson(q, *answer)));
  }, "Who may take a decision: ?function=&place=&value=&date=&counterparty=");

  router.Get(p + "/delegation-graph", Access::Public(),
             [g](const Request&) { return JsonResponse(DelegationGraphJson(*g)); },
             "The scheme of delegation as a graph: holders and the lines between them, with clauses");

  router.Get(p + "/meetings", Access::Public(), [g](const Request&) {
    Json list = Json::array();
    for (const auto& m : g->sys().meetings) {
      Json j;
      j["id"] = m.id;
      j["title"] = g->MeetingTitle(m);
      j["body"] = m.body;
      j["body_label"] = g->BodyLabel(m);
      j["date"] = m.date.ToIso();
      int public_items = 0;
      for (const auto& i : m.items) public_items += i.part == model::MeetingPart::kPublic;
      j["public_items"] = public_items;
      std::string minutes = "none";
      if (g->options.store) {
        Result<std::optional<store::MeetingMinutes>> stored = g->options.store->GetMinutes(m.id);
        if (!stored.ok()) return ErrorFor(stored.status());
        if (*stored && (*stored)->status == "approved") minutes = "approved";
      }
      j["minutes"] = minutes == "approved" ? "approved" : "not_published";
      list.push_back(std::move(j));
    }
    return JsonResponse(Json{{"meetings", list}});
  }, "Board and committee meetings");

  router.Get(p + "/meetings.ics", Access::Public(), [g](const Request&) {
    std::vector<const model::Meeting*> all;
    for (const auto& m : g->sys().meetings) all.push_back(&m);
    return Calendar(*g, all, "meetings.ics");
  }, "Every meeting as an iCalendar (RFC 5545) feed, public agenda items only");

  router.Get(p + "/meetings/{id}", Access::Public(), [g](const Request& r) {
    Result<const model::Meeting*> m = MeetingParam(r, *g);
    if (!m.ok()) return ErrorFor(m.status());
    Result<Json> j = MeetingJson(*g, **m, false);
    if (!j.ok()) return ErrorFor(j.status());
    return JsonResponse(*j);
  }, "A meeting's public view: public items with conflicts and quorum, their decisions, approved minutes");

  router.Get(p + "/meetings/{id}/full", full_view, [g](const Request& r) {
    Result<const model::Meeting*> m = MeetingParam(r, *g);
    if (!m.ok()) return ErrorFor(m.status());
    Result<Json> j = MeetingJson(*g, **m, true);
    if (!j.ok()) return ErrorFor(j.status());
    return JsonResponse(*j, 200, "no-store");
  }, "A meeting with every item (confidential too), decisions with their quorum and conflicts, draft minutes");

  router.Get(p + "/meetings/{id}/calendar.ics", Access::Public(), [g](const Request& r) {
    Result<const model::Meeting*> m = MeetingParam(r, *g);
    if (!m.ok()) return ErrorFor(m.status());
    return Calendar(*g, {*m}, (*m)->id + ".ics");
  }, "One meeting as iCalendar");

  router.Post(p + "/meetings/{id}/items/{number}/decision", record, [g](const Request& r) {
    Result<const model::Meeting*> m = MeetingParam(r, *g);
    if (!m.ok()) return ErrorFor(m.status());
    const std::string number = r.params.at("number");
    const model::AgendaItem* item = nullptr;
    for (const auto& i : (*m)->items)
      if (i.number == number) item = &i;
    if (!item) return ErrorFor(NotFound("meeting " + (*m)->id + " has no item " + number, "item"));
    Result<JsonBody> body = JsonBody::Parse(r);
    if (!body.ok()) return ErrorForBody(body.status());
    if (Status s = body->OnlyFields({"text", "outcome", "row_version"}); !s.ok()) return ErrorFor(s);
    Result<std::string> text = body->String("text");
    if (!text.ok()) return ErrorFor(text.status());
    Result<std::string> outcome = body->String("outcome");
    if (!outcome.ok()) return ErrorFor(outcome.status());
    Result<std::optional<int64_t>> row_version = body->OptionalInt("row_version");
    if (!row_version.ok()) return ErrorFor(row_version.status());
    bool known = false;
    for (auto o : kOutcomes) known |= o == *outcome;
    if (!known)
      return ErrorFor(InvalidArgument(
          "outcome must be approved, approved_with_conditions, rejected, deferred or referred", "body: outcome"));
    if (text->empty()) return ErrorFor(InvalidArgument("write the decision as it is to be minuted", "body: text"));
    // Deferring or referring an item (MTG-007) decides nothing, so it needs no quorum or authority.
    const bool decides = *outcome != "deferred" && *outcome != "referred";
    if (decides) {
      Status allowed = authority::CheckDecision(g->index, g->interests, (*m)->id, number);
      if (!allowed.ok()) {
        if (allowed.code() == StatusCode::kFailedPrecondition)
          return Response::Error(422, "decision_refused", allowed.message(), "item " + number);
        return ErrorFor(allowed);
      }
    }
    if (!g->options.store) return ErrorFor(NoStore());
    Json full = Parse(render::ConflictsJson(*authority::ReviewMeeting(g->index, g->interests, (*m)->id), {}, false));
    Json quorum = Json::object(), conflicts = Json::array();
    for (const auto& i : full["items"])
      if (i["number"] == number) {
        quorum = i["quorum"];
        conflicts = i["conflicts"];
      }
    store::NewMeetingDecision d{(*m)->id, number, *text, *outcome, quorum.dump(), conflicts.dump(),
                                row_version->value_or(0)};
    Result<store::MeetingDecision> stored = g->options.store->RecordDecision(d, r.principal.actor());
    if (!stored.ok()) return ErrorFor(stored.status());
    return JsonResponse(DecisionJson(*stored, true), row_version->value_or(0) == 0 ? 201 : 200, "no-store");
  }, "Record (or, with row_version, correct) the decision on an agenda item; refused (422) when inquorate or "
     "beyond delegated authority");

  router.Get(p + "/meetings/{id}/minutes", full_view, [g](const Request& r) {
    Result<const model::Meeting*> m = MeetingParam(r, *g);
    if (!m.ok()) return ErrorFor(m.status());
    if (!g->options.store) return ErrorFor(NoStore());
    Result<std::optional<store::MeetingMinutes>> stored = g->options.store->GetMinutes((*m)->id);
    if (!stored.ok()) return ErrorFor(stored.status());
    if (!*stored) return ErrorFor(NotFound("there are no minutes of " + (*m)->id + " yet", "minutes"));
    return JsonResponse(MinutesJson(**stored, true), 200, "no-store");
  }, "A meeting's minutes, draft or approved, both parts");

  router.Add("PUT", p + "/meetings/{id}/minutes", admin, [g](const Request& r) {
    Result<const model::Meeting*> m = MeetingParam(r, *g);
    if (!m.ok()) return ErrorFor(m.status());
    Result<JsonBody> body = JsonBody::Parse(r);
    if (!body.ok()) return ErrorForBody(body.status());
    if (Status s = body->OnlyFields({"public_text", "confidential_text", "row_version"}); !s.ok()) return ErrorFor(s);
    Result<std::string> public_text = body->String("public_text");
    if (!public_text.ok()) return ErrorFor(public_text.status());
    Result<std::optional<std::string>> confidential = body->OptionalString("confidential_text");
    if (!confidential.ok()) return ErrorFor(confidential.status());
    Result<int64_t> row_version = body->Int("row_version");
    if (!row_version.ok()) return ErrorFor(row_version.status());
    if (!g->options.store) return ErrorFor(NoStore());
    Result<store::MeetingMinutes> saved = g->options.store->SaveMinutes(
        (*m)->id, *public_text, confidential->value_or(""), *row_version, r.principal.actor());
    if (!saved.ok()) return ErrorFor(saved.status());
    return JsonResponse(MinutesJson(*saved, true), *row_version == 0 ? 201 : 200, "no-store");
  }, "Write the draft minutes (row_version 0 starts them); the public and confidential parts are kept apart");

  router.Post(p + "/meetings/{id}/minutes/approve", admin, [g](const Request& r) {
    Result<const model::Meeting*> m = MeetingParam(r, *g);
    if (!m.ok()) return ErrorFor(m.status());
    Result<JsonBody> body = JsonBody::Parse(r);
    if (!body.ok()) return ErrorForBody(body.status());
    if (Status s = body->OnlyFields({"row_version"}); !s.ok()) return ErrorFor(s);
    Result<int64_t> row_version = body->Int("row_version");
    if (!row_version.ok()) return ErrorFor(row_version.status());
    if (!g->options.store) return ErrorFor(NoStore());
    Result<store::MeetingMinutes> approved =
        g->options.store->ApproveMinutes((*m)->id, *row_version, r.principal.actor());
    if (!approved.ok()) return ErrorFor(approved.status());
    return JsonResponse(MinutesJson(*approved, true), 200, "no-store");
  }, "Approve the draft minutes: their public part is then published on the portal");

  // --- The public portal ------------------------------------------------------------------
  router.Get("/public/portal.css", Access::Public(), [](const Request&) {
    Response r = Response::Content(kPortalCss, "text/css; charset=utf-8");
    r.headers.emplace_back("Cache-Control", "no-cache");
    return r;
  }, "The public portal's stylesheet (screen and print)");

  router.Get("/public", Access::Public(), [g](const Request&) { return Html(PortalIndex(*g)); },
             "The public portal (HTML, no sign-in, no JavaScript)");
  router.Get("/public/meetings", Access::Public(), [g](const Request&) {
    Result<std::string> page = PortalMeetings(*g);
    return page.ok() ? Html(*page) : ErrorFor(page.status());
  }, "Portal: meetings");
  router.Get("/public/meetings/{id}", Access::Public(), [g](const Request& r) {
    const model::Meeting* m = g->FindMeeting(r.params.at("id"));
    if (!m) return HtmlNotFound(*g, "There is no meeting with that name.");
    Result<std::string> page = PortalMeeting(*g, *m);
    return page.ok() ? Html(*page) : ErrorFor(page.status());
  }, "Portal: a meeting's public agenda, declared interests, quorum and decisions");
  router.Get("/public/meetings/{id}/minutes", Access::Public(), [g](const Request& r) {
    const model::Meeting* m = g->FindMeeting(r.params.at("id"));
    if (!m) return HtmlNotFound(*g, "There is no meeting with that name.");
    Result<std::optional<std::string>> page = PortalMinutes(*g, *m);
    if (!page.ok()) return ErrorFor(page.status());
    if (!*page) return HtmlNotFound(*g, "The minutes of this meeting have not been approved yet.");
    return Html(**page);
  }, "Portal: a meeting's approved minutes, public part, printable");
  router.Get("/public/board", Access::Public(), [g](const Request&) { return Html(PortalBoard(*g)); },
             "Portal: the board's membership");
  router.Get("/public/interests", Access::Public(), [g](const Request&) { return Html(PortalInterests(*g)); },
             "Portal: the register of interests");
  router.Get("/public/decision-map", Access::Public(), [g](const Request&) { return Html(PortalDecisionMap(*g)); },
             "Portal: the functions and decision map");
}

}  // namespace ics::api
