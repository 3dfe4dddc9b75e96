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

void Router::Add(std::string method, std::string path, Handler handler) {
  routes_[std::move(path)][std::move(method)] = std::move(handler);
}

Response Router::Route(const Request& request) const {
  auto path = routes_.find(request.path);
  if (path == routes_.end()) {
    if (fallback_) return fallback_(request);
    return Response::Error(404, "not_found", "nothing at " + request.path, request.path);
  }
  const auto& methods = path->second;
  auto handler = methods.find(request.method == "HEAD" ? std::string("GET") : request.method);
  if (handler != methods.end()) return handler->second(request);
  std::string allow;
  for (const auto& [method, unused] : methods) {
    if (!allow.empty()) allow += ", ";
    allow += method;
    if (method == "GET") allow += ", HEAD";
  }
  Response r = Response::Error(405, "method_not_allowed", request.method + " is not allowed here; use " + allow,
                               request.path);
  r.headers.emplace_back("Allow", allow);
  return r;
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
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Unknown";
  }
}

}  // namespace ics::api
