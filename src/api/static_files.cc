#include "api/static_files.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <system_error>

namespace ics::api {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxFileBytes = 64u << 20;

std::optional<std::string> ReadFile(const fs::path& path) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec || size > kMaxFileBytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

Response NotFound(const Request& request) {
  return Response::Error(404, "not_found", "nothing at " + request.path, request.path);
}

}  // namespace

std::string ContentTypeFor(std::string_view name) {
  size_t dot = name.rfind('.');
  std::string_view ext = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
  struct Type {
    std::string_view ext, type;
  };
  static constexpr Type kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"txt", "text/plain; charset=utf-8"},
      {"yaml", "text/yaml; charset=utf-8"},
      {"yml", "text/yaml; charset=utf-8"},
      {"csv", "text/csv; charset=utf-8"},
      {"xml", "application/xml"},
      {"wasm", "application/wasm"},
  };
  for (const Type& t : kTypes)
    if (t.ext == ext) return std::string(t.type);
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {}

bool StaticFiles::available() const {
  std::error_code ec;
  return fs::is_regular_file(fs::path(root_) / "index.html", ec);
}

Response StaticFiles::Serve(const Request& request) const {
  const std::string& path = request.path;
  if (StartsWith(path, "/api/") || path == "/api") return NotFound(request);
  if (request.method != "GET" && request.method != "HEAD") {
    Response r = Response::Error(405, "method_not_allowed", request.method + " is not allowed here; use GET",
                                 request.path);
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  // Check every segment: no climbing, no hidden files, no backslashes.
  std::string_view rest = std::string_view(path).substr(1);
  std::string_view last;
  while (true) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    if (!segment.empty() && (segment[0] == '.' || segment.find('\\') != std::string_view::npos))
      return NotFound(request);
    last = segment;
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }

  std::error_code ec;
  const fs::path root = fs::weakly_canonical(fs::path(root_), ec);
  auto serve_index = [&]() -> Response {
    std::optional<std::string> index = ec ? std::nullopt : ReadFile(root / "index.html");
    if (!index) {
      return Response::Content(
          "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ICS Platform</title></head>"
          "<body><main><h1>The web app is not built</h1><p>Build it with <code>npm run build</code> in "
          "<code>web/</code>, or point <code>--web-root</code> (or ICS_WEB_ROOT) at a built copy. The API is "
          "at <a href=\"/api/v1/system\">/api/v1/system</a>.</p></main></body></html>\n",
          "text/html; charset=utf-8", 503);
    }
    Response r = Response::Content(std::move(*index), "text/html; charset=utf-8");
    r.headers.emplace_back("Cache-Control", "no-cache");
    r.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
    return r;
  };
  if (path == "/" || path == "/index.html") return serve_index();

  if (!ec) {
    fs::path candidate = root / fs::path(path.substr(1));
    if (path.back() == '/') candidate /= "index.html";
    std::error_code ec2;
    fs::path real = fs::weakly_canonical(candidate, ec2);
    if (!ec2 && fs::is_regular_file(real, ec2)) {
      // Refuse anything that resolves outside the root (a symbolic link out, say).
      auto [root_end, unused] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
      if (root_end != root.end()) return NotFound(request);
      std::optional<std::string> body = ReadFile(real);
      if (!body) return NotFound(request);
      std::string type = ContentTypeFor(real.filename().string());
      Response r = Response::Content(std::move(*body), type);
      // Vite puts content-hashed bundles under /assets/; everything else may change.
      r.headers.emplace_back("Cache-Control", StartsWith(path, "/assets/") && path.find('-') != std::string::npos
                                                  ? "public, max-age=31536000, immutable"
                                                  : "no-cache");
      if (StartsWith(type, "text/html")) r.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
      return r;
    }
  }
  // A page route (no extension in the last segment) is the app's to route.
  if (last.find('.') == std::string_view::npos) return serve_index();
  return NotFound(request);
}

}  // namespace ics::api
