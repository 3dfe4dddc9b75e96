// Server metrics in the Prometheus text format (version 0.0.4), served at GET /metrics:
//   ics_http_requests_total{method,route,status}        counter
//   ics_http_request_duration_seconds{route}             histogram (first byte to response written)
//   ics_http_requests_in_flight                          gauge
//   ics_http_open_connections                            gauge
//   ics_http_rejected_total{reason}                      counter: malformed (400), timeout (408),
//                                                        body_too_large (413), header_too_large (431),
//                                                        connection_cap (each time the accept loop
//                                                        stops at the cap)
//   ics_build_info{version}                              gauge, always 1
// Labels carry the route PATTERN ("/api/v1/versions/{id}", "static", "unmatched"), never
// the raw path, and methods outside the standard set count as "other", so the number of
// series is bounded by the router. Thread-safe: counters live in shards picked by thread,
// each behind its own (uncontended) mutex; gauges are atomics; only a scrape visits every
// shard.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "api/http.h"

namespace ics::api {

enum class Rejection { kMalformed, kTimeout, kBodyTooLarge, kHeaderTooLarge, kConnectionCap };
inline constexpr int kRejectionCount = 5;
// "malformed", "timeout", ... (the reason label) and the HTTP status it stands for (0 for
// the connection cap, which answers nothing).
std::string_view RejectionReason(Rejection r);
int RejectionStatus(Rejection r);

class Metrics {
 public:
  // The histogram's upper bounds, in seconds.
  static constexpr std::array<double, 14> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                   0.1,    0.25,  0.5,    1,     2.5,   5,     10};

  explicit Metrics(std::string version = {});  // default: the build's version
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // A request answered by the router: its method, the route pattern that answered, the
  // status and how long it took.
  void ObserveRequest(std::string_view method, std::string_view route, int status, double seconds);
  void Reject(Rejection reason);

  void RequestStarted() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void RequestFinished() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  void ConnectionOpened() { open_connections_.fetch_add(1, std::memory_order_relaxed); }
  void ConnectionClosed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }

  // Every series, sorted, in the text exposition format.
  std::string Render() const;

 private:
  struct Shard;
  static constexpr size_t kShards = 16;
  std::unique_ptr<Shard[]> shards_;
  std::atomic<int64_t> in_flight_{0};
  std::atomic<int64_t> open_connections_{0};
  std::array<std::atomic<uint64_t>, kRejectionCount> rejected_{};
  std::string version_;
};

// GET /metrics (Access::Public()), text/plain; version=0.0.4.
void AddMetricsRoute(Router& router, std::shared_ptr<Metrics> metrics);

}  // namespace ics::api
