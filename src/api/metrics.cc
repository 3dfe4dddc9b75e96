#include "api/metrics.h"

#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>
#include <unordered_map>

#ifndef ICS_VERSION
#define ICS_VERSION "unknown"
#endif

namespace ics::api {

namespace {

constexpr std::string_view kReasons[kRejectionCount] = {"malformed", "timeout", "body_too_large", "header_too_large",
                                                        "connection_cap"};
constexpr int kStatuses[kRejectionCount] = {400, 408, 413, 431, 0};

std::string_view MethodLabel(std::string_view method) {
  static constexpr std::string_view kKnown[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  for (std::string_view m : kKnown)
    if (m == method) return m;
  return "other";
}

// A label value: backslash, double quote and line feed escaped.
void AppendLabel(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
}

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

struct Histogram {
  std::array<uint64_t, Metrics::kBuckets.size()> buckets{};  // not cumulative
  uint64_t count = 0;
  double sum = 0;
  void Add(const Histogram& o) {
    for (size_t i = 0; i < buckets.size(); ++i) buckets[i] += o.buckets[i];
    count += o.count;
    sum += o.sum;
  }
};

}  // namespace

std::string_view RejectionReason(Rejection r) { return kReasons[static_cast<int>(r)]; }
int RejectionStatus(Rejection r) { return kStatuses[static_cast<int>(r)]; }

struct Metrics::Shard {
  std::mutex mu;
  // "METHOD\0route\0status" -> count
  std::unordered_map<std::string, uint64_t> requests;
  std::unordered_map<std::string, Histogram> durations;  // route -> histogram
  std::string key;  // scratch, reused under mu
};

Metrics::Metrics(std::string version)
    : shards_(std::make_unique<Shard[]>(kShards)), version_(version.empty() ? ICS_VERSION : std::move(version)) {}

Metrics::~Metrics() = default;

void Metrics::ObserveRequest(std::string_view method, std::string_view route, int status, double seconds) {
  static thread_local const size_t shard_index = std::hash<std::thread::id>{}(std::this_thread::get_id()) % kShards;
  Shard& shard = shards_[shard_index];
  size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  std::lock_guard lock(shard.mu);
  std::string& key = shard.key;
  key.assign(MethodLabel(method));
  key += '\0';
  key += route;
  key += '\0';
  key += std::to_string(status);
  ++shard.requests[key];
  auto found = shard.durations.find(std::string(route));
  if (found == shard.durations.end()) found = shard.durations.emplace(std::string(route), Histogram{}).first;
  Histogram& h = found->second;
  if (bucket < kBuckets.size()) ++h.buckets[bucket];
  ++h.count;
  h.sum += seconds;
}

void Metrics::Reject(Rejection reason) {
  rejected_[static_cast<int>(reason)].fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::Render() const {
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests;  // route, method, status
  std::map<std::string, Histogram> durations;
  for (size_t i = 0; i < kShards; ++i) {
    Shard& shard = shards_[i];
    std::lock_guard lock(shard.mu);
    for (const auto& [key, count] : shard.requests) {
      size_t a = key.find('\0'), b = key.find('\0', a + 1);
      requests[{key.substr(a + 1, b - a - 1), key.substr(0, a), std::stoi(key.substr(b + 1))}] += count;
    }
    for (const auto& [route, h] : shard.durations) durations[route].Add(h);
  }

  std::string out;
  out.reserve(4096 + requests.size() * 96 + durations.size() * 1200);
  out += "# HELP ics_http_requests_total HTTP requests answered, by method, route pattern and status.\n"
         "# TYPE ics_http_requests_total counter\n";
  for (const auto& [key, count] : requests) {
    const auto& [route, method, status] = key;
    out += "ics_http_requests_total{method=\"";
    AppendLabel(out, method);
    out += "\",route=\"";
    AppendLabel(out, route);
    out += "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(count) + "\n";
  }
  out += "# HELP ics_http_request_duration_seconds Time from a request's first byte to its response written, by "
         "route pattern.\n"
         "# TYPE ics_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : durations) {
    std::string label;
    AppendLabel(label, route);
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.buckets[i];
      out += "ics_http_request_duration_seconds_bucket{route=\"" + label + "\",le=\"" + Number(kBuckets[i]) + "\"} " +
             std::to_string(cumulative) + "\n";
    }
    out += "ics_http_request_duration_seconds_bucket{route=\"" + label + "\",le=\"+Inf\"} " + std::to_string(h.count) +
           "\n";
    out += "ics_http_request_duration_seconds_sum{route=\"" + label + "\"} " + Number(h.sum) + "\n";
    out += "ics_http_request_duration_seconds_count{route=\"" + label + "\"} " + std::to_string(h.count) + "\n";
  }
  out += "# HELP ics_http_requests_in_flight Requests read and not yet answered.\n"
         "# TYPE ics_http_requests_in_flight gauge\n"
         "ics_http_requests_in_flight " +
         std::to_string(in_flight_.load(std::memory_order_relaxed)) + "\n";
  out += "# HELP ics_http_open_connections Client connections open now.\n"
         "# TYPE ics_http_open_connections gauge\n"
         "ics_http_open_connections " +
         std::to_string(open_connections_.load(std::memory_order_relaxed)) + "\n";
  out += "# HELP ics_http_rejected_total Requests and connections refused before reaching a route, by reason "
         "(malformed 400, timeout 408, body_too_large 413, header_too_large 431, connection_cap).\n"
         "# TYPE ics_http_rejected_total counter\n";
  for (int i = 0; i < kRejectionCount; ++i) {
    out += "ics_http_rejected_total{reason=\"" + std::string(kReasons[i]) + "\"} " +
           std::to_string(rejected_[i].load(std::memory_order_relaxed)) + "\n";
  }
  out += "# HELP ics_build_info The running build.\n"
         "# TYPE ics_build_info gauge\n"
         "ics_build_info{version=\"";
  AppendLabel(out, version_);
  out += "\"} 1\n";
  return out;
}

void AddMetricsRoute(Router& router, std::shared_ptr<Metrics> metrics) {
  router.Get(
      "/metrics", Access::Public(),
      [metrics](const Request&) { return Response::Content(metrics->Render(), "text/plain; version=0.0.4; charset=utf-8"); },
      "server metrics in the Prometheus text format");
}

}  // namespace ics::api
