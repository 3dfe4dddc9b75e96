// The structured access log: one JSON object per line, one line per request answered and
// per connection-level rejection (a malformed, oversized or timed-out request), written
// with a single write(2) so lines from many threads never interleave.
//
//   {"time":"2026-01-31T09:15:00.123Z","remote":"127.0.0.1","method":"GET",
//    "path":"/api/v1/system","status":200,"bytes":5120,"duration_ms":0.412,
//    "route":"/api/v1/system","actor":"anonymous"}
//   {"time":...,"remote":...,"event":"rejected","reason":"header_too_large","status":431}
//
// The path is logged WITHOUT its query string, and bodies never: queries and bodies may
// carry personal data. Bytes that are not UTF-8 are replaced, so every line is valid JSON.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "api/metrics.h"
#include "base/status.h"

namespace ics::api {

struct AccessLogEntry {
  std::chrono::system_clock::time_point time;  // when the request's first byte arrived
  std::string_view remote;
  std::string_view method;
  std::string_view target;  // as sent; the query is cut off here, never logged
  int status = 0;
  uint64_t bytes = 0;  // response body bytes sent
  double duration_ms = 0;
  std::string_view route;
  std::string_view actor;
};

class AccessLog {
 public:
  // "-": standard error; anything else a file, created if missing and appended to.
  static Result<std::shared_ptr<AccessLog>> Open(const std::string& where);
  // Writes to a file descriptor the caller keeps open (for tests: a pipe).
  explicit AccessLog(int fd, bool owned = false) : fd_(fd), owned_(owned) {}
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void Request(const AccessLogEntry& entry);
  void Rejected(std::chrono::system_clock::time_point time, std::string_view remote, Rejection reason);

  // The line Request() writes, newline included (for tests).
  static std::string RequestLine(const AccessLogEntry& entry);

 private:
  void Write(const std::string& line);
  int fd_;
  bool owned_;
};

// "2026-01-31T09:15:00.123Z".
std::string UtcTimestamp(std::chrono::system_clock::time_point time);

}  // namespace ics::api
