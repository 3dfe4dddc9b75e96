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
#include <vector>

namespace ics::api {

struct Request {
  std::string method;  // upper case, as sent: "GET", "HEAD", "POST", ...
  std::string target;  // as sent: "/api/v1/system?indent=2"
  std::string path;    // the target's path, percent-decoded: "/api/v1/system"
  std::string query;   // after '?', undecoded; empty when none
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;

  // The first header called `name` (lower case), or nullptr.
  const std::string* Header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers

  // A JSON body (already serialised).
  static Response Json(std::string body, int status = 200);
  // Any other body with its media type, e.g. "text/yaml; charset=utf-8".
  static Response Content(std::string body, std::string content_type, int status = 200);
  // The platform's error shape: {"error": {"code", "message", "where"}}.
  static Response Error(int status, std::string_view code, std::string_view message, std::string_view where = {});
};

using Handler = std::function<Response(const Request&)>;

// Maps (method, exact path) to a handler. A path that exists under another method gives
// 405 with an Allow header; an unknown path goes to the fallback when one is set, else
// gives a 404. HEAD is answered by the GET handler; the server drops the body.
class Router {
 public:
  void Get(std::string path, Handler handler) { Add("GET", std::move(path), std::move(handler)); }
  void Add(std::string method, std::string path, Handler handler);
  // Handles requests to paths no route matches (static files, page routes).
  void SetFallback(Handler handler) { fallback_ = std::move(handler); }

  Response Route(const Request& request) const;

 private:
  std::map<std::string, std::map<std::string, Handler>> routes_;  // path -> method -> handler
  Handler fallback_;
};

// Percent-decodes a URL path. Returns nullopt for a malformed escape or an encoded NUL.
std::optional<std::string> DecodePath(std::string_view path);

// The reason phrase for a status code ("Not Found").
std::string_view ReasonPhrase(int status);

}  // namespace ics::api
