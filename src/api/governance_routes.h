// Decision-making in the open (issue 4's HTTP face): the functions and decision map, authority
// queries and the delegation graph, meetings with per-item conflicts and quorum, decisions and
// minutes recorded in the store, iCalendar exports, and the public portal.
//
//   /api/v1/governance/...   JSON (and text/calendar) for the web app and machine clients
//   /public/...              the public portal: server-rendered HTML that needs no sign-in and
//                            no JavaScript, with printable minutes
//
// Confidential agenda items (part: confidential) never reach a public route: the public views
// are built from the engine's public-only rendering and from the public parts of approved
// minutes only, and `PublicDefinitionText` withholds them from the definition's YAML.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/app.h"
#include "api/http.h"
#include "base/date.h"
#include "model/ics.h"
#include "store/store.h"

namespace ics::api {

struct GovernanceOptions {
  std::shared_ptr<store::Store> store;  // decisions and minutes; without it those routes answer 503
  std::function<Date()> today;          // default: UTC today
  std::string web_root;                 // for the NHS design system stylesheet the web build made
  std::function<std::string()> now;     // iCalendar DTSTAMP (UTC "YYYYMMDDTHHMMSSZ"); default: the clock
};

void AddGovernanceRoutes(Router& router, std::shared_ptr<const LoadedDefinition> definition,
                         GovernanceOptions options);

// The definition's YAML with the lines of every confidential agenda item replaced by a
// comment (so line numbers still match the compliance report's locations), for public routes.
std::string PublicDefinitionText(const model::IcsSystem& system, std::string_view text);

// RFC 5545 text: escapes backslash, semicolon, comma and newlines.
std::string ICalText(std::string_view text);
// RFC 5545 content lines: CRLF endings, folded at 75 octets without splitting a UTF-8 character.
std::string ICalFold(std::string_view line);

// HTML text and attribute values: & < > " ' escaped.
std::string HtmlEscape(std::string_view text);

}  // namespace ics::api
