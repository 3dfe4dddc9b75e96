// Serves the built web app (web/dist) from a directory: files with their media types and
// cache headers, index.html for page routes (a path whose last segment has no extension,
// such as /compliance) so the browser app can route, and the platform's JSON 404 for
// anything else, including every unknown /api/ path. Paths that climb out of the root
// (.., symbolic links) or name hidden files are refused. Files are read per request, so
// rebuilding the app needs no restart. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "api/http.h"

namespace ics::api {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);

  Response Serve(const Request& request) const;

  const std::string& root() const { return root_; }
  // True when the root holds an index.html (the app is built).
  bool available() const;

 private:
  std::string root_;
};

// The media type for a file name by its extension ("text/css; charset=utf-8"), or
// "application/octet-stream".
std::string ContentTypeFor(std::string_view file_name);

// The Content-Security-Policy sent with the app's HTML: everything from this origin only.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";

}  // namespace ics::api
