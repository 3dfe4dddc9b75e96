#include "api/access_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include <nlohmann/json.hpp>

namespace ics::api {

namespace {

std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string UtcTimestamp(std::chrono::system_clock::time_point time) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

Result<std::shared_ptr<AccessLog>> AccessLog::Open(const std::string& where) {
  if (where == "-") return std::make_shared<AccessLog>(STDERR_FILENO);
  int fd = ::open(where.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0)
    return Status(StatusCode::kInvalidArgument, "cannot open the access log " + where + ": " + std::strerror(errno),
                  "--access-log");
  return std::make_shared<AccessLog>(fd, true);
}

AccessLog::~AccessLog() {
  if (owned_) ::close(fd_);
}

std::string AccessLog::RequestLine(const AccessLogEntry& e) {
  std::string_view path = e.target.substr(0, e.target.find('?'));
  nlohmann::ordered_json j;
  j["time"] = UtcTimestamp(e.time);
  j["remote"] = e.remote;
  j["method"] = e.method;
  j["path"] = path;
  j["status"] = e.status;
  j["bytes"] = e.bytes;
  j["duration_ms"] = static_cast<double>(static_cast<int64_t>(e.duration_ms * 1000 + 0.5)) / 1000;
  j["route"] = e.route;
  j["actor"] = e.actor;
  return Dump(j);
}

void AccessLog::Request(const AccessLogEntry& entry) { Write(RequestLine(entry)); }

void AccessLog::Rejected(std::chrono::system_clock::time_point time, std::string_view remote, Rejection reason) {
  nlohmann::ordered_json j;
  j["time"] = UtcTimestamp(time);
  j["remote"] = remote;
  j["event"] = "rejected";
  j["reason"] = RejectionReason(reason);
  j["status"] = RejectionStatus(reason);
  Write(Dump(j));
}

void AccessLog::Write(const std::string& line) {
  // One write per line (O_APPEND for files): lines from many threads never interleave. A
  // short write (a full disk, a pipe reader gone) drops the rest of the line rather
  // than stalling the server.
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    p += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace ics::api
