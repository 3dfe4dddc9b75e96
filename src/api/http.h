// The HTTP vocabulary of the platform: a request, a response and a router of handlers.
// Handlers see only these types, never the server library underneath (Boost.Beast lives
// in server.cc alone), so a handler is a plain function that is easy to test without a
// socket. Thread-safety: a Router is immutable once the server starts and may then be
// used from many threads; handlers must be thread-safe.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "api/access.h"
#include "base/status.h"

namespace ics::api {

struct Request {
  std::string method;  // upper case, as sent: "GET", "HEAD", "POST", ...
  std::string target;  // as sent: "/api/v1/system?indent=2"
  std::string path;    // the target's path, percent-decoded: "/api/v1/system"
  std::string query;   // after '?', undecoded; empty when none
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote;  // the client's address ("127.0.0.1"), when known

  // Set by the Router before a handler runs:
  Principal principal;                          // who the request acts for
  std::map<std::string, std::string> params;    // path parameters: "/versions/{id}" -> {"id": "3"}

  // The first header called `name` (lower case), or nullptr.
  const std::string* Header(std::string_view name) const;
  // The first query parameter called `name`, percent-decoded ('+' is a space), or nullopt.
  std::optional<std::string> Query(std::string_view name) const;
  // The value of cookie `name` from the Cookie header, or nullopt.
  std::optional<std::string> Cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  // Set by the Router: the route pattern that answered ("/api/v1/versions/{id}", "static",
  // "unmatched") and who asked, for metrics and the access log.
  std::string route;
  std::string actor;

  // A JSON body (already serialised).
  static Response Json(std::string body, int status = 200);
  // Any other body with its media type, e.g. "text/yaml; charset=utf-8".
  static Response Content(std::string body, std::string content_type, int status = 200);
  // The platform's error shape: {"error": {"code", "message", "where"}}.
  static Response Error(int status, std::string_view code, std::string_view message, std::string_view where = {});
};

using Handler = std::function<Response(const Request&)>;

// Finds who a request acts for: anonymous when it carries no credential, or an error
// response (401) when it carries one that is not valid (an expired session, a revoked
// token). Must be thread-safe.
using Authenticator = std::function<std::variant<Principal, Response>(const Request&)>;
// Records a successful read of restricted data in the audit trail. A failure to record
// it withholds the data (503). Must be thread-safe.
using ReadAuditor = std::function<Status(const Request&, const Response&)>;

// One route, as declared.
struct RouteInfo {
  std::string method;   // "GET", "POST", ...
  std::string pattern;  // "/api/v1/versions/{id}"
  Access access;
  std::string summary;  // one line, for the route list
};

// Maps (method, path pattern) to a handler with the access it allows. Patterns are exact
// paths whose segments may be parameters ("/api/v1/versions/{id}"); an exact segment wins
// over a parameter. Before a handler runs the Router:
//   - authenticates the request (the Authenticator; anonymous when none is set);
//   - answers 401 when the route needs a role and nobody is signed in, 403 when the
//     signed-in principal has none of the route's roles;
//   - for a state-changing method (anything but GET, HEAD, OPTIONS): refuses (403) a
//     request whose Origin header names another origin than its Host, and a request
//     signed in by session cookie whose X-CSRF-Token header is not the session's token.
// After a successful (2xx) read of a route declared Access::Restricted it calls the
// ReadAuditor. A path that exists under another method gives 405 with an Allow header;
// an unknown path goes to the fallback when one is set (it is public), else gives a 404.
// HEAD is answered by the GET handler; the server drops the body.
class Router {
 public:
  void Get(std::string pattern, Access access, Handler handler, std::string summary = {}) {
    Add("GET", std::move(pattern), access, std::move(handler), std::move(summary));
  }
  void Post(std::string pattern, Access access, Handler handler, std::string summary = {}) {
    Add("POST", std::move(pattern), access, std::move(handler), std::move(summary));
  }
  void Add(std::string method, std::string pattern, Access access, Handler handler, std::string summary = {});
  // Handles requests to paths no route matches (static files, page routes).
  void SetFallback(Handler handler) { fallback_ = std::move(handler); }
  void SetAuthenticator(Authenticator authenticator) { authenticate_ = std::move(authenticator); }
  void SetReadAuditor(ReadAuditor auditor) { audit_read_ = std::move(auditor); }

  Response Route(Request request) const;

  // Every route, sorted by pattern then method.
  std::vector<RouteInfo> Routes() const;

 private:
  struct Entry {
    Access access;
    Handler handler;
    std::string summary;
  };
  const std::map<std::string, Entry>* Find(const std::string& path, std::map<std::string, std::string>& params,
                                           std::string& pattern) const;

  std::map<std::string, std::map<std::string, Entry>> routes_;  // pattern -> method -> entry
  Handler fallback_;
  Authenticator authenticate_;
  ReadAuditor audit_read_;
};

// A page of a list: `?limit=N&after=CURSOR`. The response carries the items and, when
// there are more, "next" (the cursor to pass as `after`).
struct PageRequest {
  int limit = 0;
  std::string after;  // empty: from the start
};
// Reads limit (1..max_limit, default_limit when absent) and after from the query.
// kInvalidArgument naming the parameter for a limit that is not a number in range.
Result<PageRequest> ParsePage(const Request& request, int default_limit, int max_limit);

// The HTTP status for a Status code (kNotFound 404, kConflict 409, kInvalidArgument 400,
// kPermissionDenied 403, kUnauthenticated 401, kUnavailable 503, ...), and the error
// response for a failed Status.
int HttpStatusFor(StatusCode code);
Response ErrorFor(const Status& status, std::string_view where = {});

// Percent-decodes a URL path. Returns nullopt for a malformed escape or an encoded NUL.
std::optional<std::string> DecodePath(std::string_view path);

// The reason phrase for a status code ("Not Found").
std::string_view ReasonPhrase(int status);

}  // namespace ics::api
