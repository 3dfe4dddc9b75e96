#include "api/http.h"

#include <nlohmann/json.hpp>

namespace ics::api {

const std::string* Request::Header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key == name) return &value;
  return nullptr;
}

Response Response::Json(std::string body, int status) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

Response Response::Content(std::string body, std::string content_type, int status) {
  Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

Response Response::Error(int status, std::string_view code, std::string_view message, std::string_view where) {
  nlohmann::ordered_json j;
  j["error"] = {{"code", std::string(code)}, {"message", std::string(message)}, {"where", std::string(where)}};
  return Json(j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n", status);
}

namespace {

bool SafeMethod(std::string_view method) { return method == "GET" || method == "HEAD" || method == "OPTIONS"; }

// Constant-time comparison of two secrets.
bool SameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i <= path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    out.push_back(path.substr(i, slash - i));
    i = slash + 1;
  }
  return out;
}

bool IsParameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// The origin ("http://host:port") a same-origin request from a browser names, from Host.
bool OriginMatchesHost(const Request& request) {
  const std::string* origin = request.Header("origin");
  if (!origin || *origin == "null") return origin == nullptr;
  const std::string* host = request.Header("host");
  if (!host) return false;
  std::string_view o = *origin;
  size_t scheme = o.find("://");
  if (scheme == std::string_view::npos) return false;
  return o.substr(scheme + 3) == *host;
}

int FromHex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string DecodeQueryPart(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      c = ' ';
    } else if (c == '%' && i + 2 < s.size()) {
      int hi = FromHex(s[i + 1]), lo = FromHex(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        c = static_cast<char>(hi * 16 + lo);
        i += 2;
      }
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::optional<std::string> Request::Query(std::string_view name) const {
  std::string_view q = query;
  while (!q.empty()) {
    size_t amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
    size_t eq = pair.find('=');
    std::string key = DecodeQueryPart(pair.substr(0, eq));
    if (key == name) return eq == std::string_view::npos ? std::string() : DecodeQueryPart(pair.substr(eq + 1));
  }
  return std::nullopt;
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      size_t semi = rest.find(';');
      std::string_view pair = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    }
  }
  return std::nullopt;
}

void Router::Add(std::string method, std::string pattern, Access access, Handler handler, std::string summary) {
  routes_[std::move(pattern)][std::move(method)] = Entry{access, std::move(handler), std::move(summary)};
}

const std::map<std::string, Router::Entry>* Router::Find(const std::string& path,
                                                          std::map<std::string, std::string>& params,
                                                          std::string& pattern) const {
  // An exact path; a pattern's own text ("/v/{id}" sent literally) is not one: it is
  // matched below like any other path, so its parameters are always set.
  if (auto exact = routes_.find(path); exact != routes_.end() && exact->first.find('{') == std::string::npos) {
    pattern = exact->first;
    return &exact->second;
  }
  // Patterns with parameters: the one with the most exact segments wins.
  std::vector<std::string_view> want = Segments(path);
  const std::map<std::string, Entry>* best = nullptr;
  int best_exact = -1;
  for (const auto& [candidate, methods] : routes_) {
    if (candidate.find('{') == std::string::npos) continue;
    std::vector<std::string_view> have = Segments(candidate);
    if (have.size() != want.size()) continue;
    int exact = 0;
    bool ok = true;
    std::map<std::string, std::string> found;
    for (size_t i = 0; i < have.size() && ok; ++i) {
      if (IsParameter(have[i])) {
        if (want[i].empty()) ok = false;
        else found[std::string(have[i].substr(1, have[i].size() - 2))] = std::string(want[i]);
      } else if (have[i] == want[i]) {
        ++exact;
      } else {
        ok = false;
      }
    }
    if (ok && exact > best_exact) {
      best = &methods;
      best_exact = exact;
      params = std::move(found);
      pattern = candidate;
    }
  }
  return best;
}

Response Router::Route(Request request) const {
  std::string pattern;
  const std::map<std::string, Entry>* methods = Find(request.path, request.params, pattern);

  // Who is asking (also for the fallback and errors, so the access log names them).
  if (authenticate_) {
    auto who = authenticate_(request);
    if (auto* error = std::get_if<Response>(&who)) {
      error->route = methods ? pattern : "unmatched";
      error->actor = "anonymous";
      return std::move(*error);
    }
    request.principal = std::move(std::get<Principal>(who));
  }
  auto finish = [&](Response r, std::string route) {
    r.route = std::move(route);
    r.actor = request.principal.actor();
    if (!request.principal.refreshed_cookie.empty()) {
      bool already = false;  // a route that set the cookie itself (sign-in, sign-out) wins
      for (const auto& [name, value] : r.headers) already = already || name == "Set-Cookie";
      if (!already) r.headers.emplace_back("Set-Cookie", request.principal.refreshed_cookie);
    }
    return r;
  };

  if (!methods) {
    if (fallback_) return finish(fallback_(request), "static");
    return finish(Response::Error(404, "not_found", "nothing at " + request.path, request.path), "unmatched");
  }
  auto found = methods->find(request.method == "HEAD" ? std::string("GET") : request.method);
  if (found == methods->end()) {
    std::string allow;
    for (const auto& [method, unused] : *methods) {
      if (!allow.empty()) allow += ", ";
      allow += method;
      if (method == "GET") allow += ", HEAD";
    }
    Response r = Response::Error(405, "method_not_allowed", request.method + " is not allowed here; use " + allow,
                                 request.path);
    r.headers.emplace_back("Allow", allow);
    return finish(std::move(r), pattern);
  }
  const Entry& entry = found->second;

  if (!entry.access.Allows(request.principal)) {
    if (!request.principal.signed_in()) {
      Response r = Response::Error(401, "unauthenticated",
                                   "sign in to use " + request.path + " (it needs the role " +
                                       std::string(entry.access.roles.Names()) + ")",
                                   request.path);
      r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"ics\"");
      return finish(std::move(r), pattern);
    }
    return finish(Response::Error(403, "permission_denied",
                                  request.principal.user + " may not use " + request.path + "; it needs one of the roles " +
                                      entry.access.roles.Names(),
                                  request.path),
                  pattern);
  }

  if (!SafeMethod(request.method)) {
    if (!OriginMatchesHost(request))
      return finish(Response::Error(403, "cross_origin",
                                    "a state-changing request must come from this site's own pages (the Origin "
                                    "header names another site)",
                                    request.path),
                    pattern);
    if (request.principal.via == Principal::Via::kSession) {
      const std::string* csrf = request.Header("x-csrf-token");
      if (!csrf || request.principal.session_csrf.empty() || !SameSecret(*csrf, request.principal.session_csrf))
        return finish(Response::Error(403, "csrf_failed",
                                      "the X-CSRF-Token header is missing or is not this session's token; "
                                      "read it from GET /api/v1/session and send it with every change",
                                      request.path),
                      pattern);
    }
  }

  Response response = entry.handler(request);
  if (entry.access.audit_reads && SafeMethod(request.method) && response.status >= 200 && response.status < 300 &&
      audit_read_) {
    if (Status s = audit_read_(request, response); !s.ok())
      return finish(Response::Error(503, "audit_unavailable",
                                    "this is restricted data and its read could not be recorded in the audit trail (" +
                                        s.message() + "); try again",
                                    request.path),
                    pattern);
  }
  return finish(std::move(response), pattern);
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  for (const auto& [pattern, methods] : routes_)
    for (const auto& [method, entry] : methods) out.push_back(RouteInfo{method, pattern, entry.access, entry.summary});
  return out;
}

Result<PageRequest> ParsePage(const Request& request, int default_limit, int max_limit) {
  PageRequest page;
  page.limit = default_limit;
  if (auto limit = request.Query("limit")) {
    int value = 0;
    bool digits = !limit->empty() && limit->size() <= 9;
    for (char c : *limit) digits = digits && c >= '0' && c <= '9';
    if (digits) value = std::stoi(*limit);
    if (!digits || value < 1 || value > max_limit)
      return InvalidArgument("limit must be a whole number from 1 to " + std::to_string(max_limit) + ", not '" +
                                 *limit + "'",
                             "query: limit");
    page.limit = value;
  }
  if (auto after = request.Query("after")) page.after = *after;
  return page;
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kConflict: return 409;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kResourceExhausted: return 413;
    case StatusCode::kFailedPrecondition: return 422;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

Response ErrorFor(const Status& status, std::string_view where) {
  return Response::Error(HttpStatusFor(status.code()), StatusCodeName(status.code()), status.message(),
                         where.empty() ? std::string_view(status.where()) : where);
}

std::optional<std::string> DecodePath(std::string_view path) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '%') {
      if (i + 2 >= path.size()) return std::nullopt;
      int hi = hex(path[i + 1]), lo = hex(path[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 201: return "Created";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 409: return "Conflict";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Unknown";
  }
}

}  // namespace ics::api
