#include "api/metrics.h"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <thread>
#include <vector>

#include "api/access_log.h"
#include "api/test_support.h"

namespace ics::api {
namespace {

using namespace std::chrono_literals;
using testing::RawSocket;
using testing::RunningServer;

// The value of the series whose line starts with `series` ("name{labels}"), or -1.
double Value(const std::string& text, const std::string& series) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  }
  return -1;
}

TEST(MetricsTest, CountsRequestsByMethodRouteAndStatus) {
  Metrics m("1.2.3");
  m.ObserveRequest("GET", "/api/v1/versions/{id}", 200, 0.002);
  m.ObserveRequest("GET", "/api/v1/versions/{id}", 200, 0.2);
  m.ObserveRequest("GET", "/api/v1/versions/{id}", 404, 0.0001);
  m.ObserveRequest("BREW", "unmatched", 405, 0.0001);
  std::string text = m.Render();
  EXPECT_EQ(Value(text, "ics_http_requests_total{method=\"GET\",route=\"/api/v1/versions/{id}\",status=\"200\"}"), 2);
  EXPECT_EQ(Value(text, "ics_http_requests_total{method=\"GET\",route=\"/api/v1/versions/{id}\",status=\"404\"}"), 1);
  // Unknown methods share one label value.
  EXPECT_EQ(Value(text, "ics_http_requests_total{method=\"other\",route=\"unmatched\",status=\"405\"}"), 1);
  EXPECT_EQ(Value(text, "ics_build_info{version=\"1.2.3\"}"), 1);
  EXPECT_NE(text.find("# TYPE ics_http_requests_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE ics_http_request_duration_seconds histogram\n"), std::string::npos);
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Metrics m;
  m.ObserveRequest("GET", "/r", 200, 0.0004);  // le 0.0005
  m.ObserveRequest("GET", "/r", 200, 0.003);   // le 0.005
  m.ObserveRequest("GET", "/r", 200, 0.005);   // le 0.005 (bounds are inclusive)
  m.ObserveRequest("GET", "/r", 200, 60);      // only +Inf
  std::string text = m.Render();
  EXPECT_EQ(Value(text, "ics_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.0005\"}"), 1);
  EXPECT_EQ(Value(text, "ics_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.0025\"}"), 1);
  EXPECT_EQ(Value(text, "ics_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.005\"}"), 3);
  EXPECT_EQ(Value(text, "ics_http_request_duration_seconds_bucket{route=\"/r\",le=\"10\"}"), 3);
  EXPECT_EQ(Value(text, "ics_http_request_duration_seconds_bucket{route=\"/r\",le=\"+Inf\"}"), 4);
  EXPECT_EQ(Value(text, "ics_http_request_duration_seconds_count{route=\"/r\"}"), 4);
  EXPECT_NEAR(Value(text, "ics_http_request_duration_seconds_sum{route=\"/r\"}"), 60.0084, 1e-6);
}

TEST(MetricsTest, GaugesAndRejections) {
  Metrics m;
  m.ConnectionOpened();
  m.ConnectionOpened();
  m.ConnectionClosed();
  m.RequestStarted();
  m.Reject(Rejection::kHeaderTooLarge);
  m.Reject(Rejection::kHeaderTooLarge);
  m.Reject(Rejection::kConnectionCap);
  std::string text = m.Render();
  EXPECT_EQ(Value(text, "ics_http_open_connections"), 1);
  EXPECT_EQ(Value(text, "ics_http_requests_in_flight"), 1);
  EXPECT_EQ(Value(text, "ics_http_rejected_total{reason=\"header_too_large\"}"), 2);
  EXPECT_EQ(Value(text, "ics_http_rejected_total{reason=\"connection_cap\"}"), 1);
  // Every reason is present, at zero when nothing was rejected for it.
  EXPECT_EQ(Value(text, "ics_http_rejected_total{reason=\"malformed\"}"), 0);
  EXPECT_EQ(Value(text, "ics_http_rejected_total{reason=\"timeout\"}"), 0);
  EXPECT_EQ(Value(text, "ics_http_rejected_total{reason=\"body_too_large\"}"), 0);
}

TEST(MetricsTest, EscapesLabelValues) {
  Metrics m;
  m.ObserveRequest("GET", "a\"b\\c\nd", 200, 0.001);
  std::string text = m.Render();
  EXPECT_NE(text.find("route=\"a\\\"b\\\\c\\nd\""), std::string::npos) << text;
}

TEST(MetricsTest, CountsFromManyThreadsAddUp) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&m] {
      for (int i = 0; i < 10'000; ++i) m.ObserveRequest("GET", "/x", 200, 0.001);
    });
  for (auto& t : threads) t.join();
  std::string text = m.Render();
  EXPECT_EQ(Value(text, "ics_http_requests_total{method=\"GET\",route=\"/x\",status=\"200\"}"), 80'000);
  EXPECT_EQ(Value(text, "ics_http_request_duration_seconds_count{route=\"/x\"}"), 80'000);
}

Router PingRouter() {
  Router router;
  router.Get("/items/{id}", Access::Public(), [](const Request& r) { return Response::Json("{\"id\":\"" + r.params.at("id") + "\"}"); });
  return router;
}

TEST(MetricsTest, ServerCountsByRoutePatternAndServesMetrics) {
  auto metrics = std::make_shared<Metrics>();
  Router router = PingRouter();
  AddMetricsRoute(router, metrics);
  ServerOptions options;
  options.metrics = metrics;
  RunningServer s(std::move(router), options);
  httplib::Client client("127.0.0.1", s.port());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.Get("/items/" + std::to_string(i)));
  ASSERT_TRUE(client.Get("/nowhere"));
  {
    RawSocket sock(s.port());
    sock.Send("GET /items/1 HTTP/1.1\r\nX-Big: " + std::string(20 * 1024, 'a') + "\r\n\r\n");
    sock.ReadUntilClosed(3s);
  }
  auto r = client.Get("/metrics");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u);
  // The pattern, not the three paths.
  EXPECT_EQ(Value(r->body, "ics_http_requests_total{method=\"GET\",route=\"/items/{id}\",status=\"200\"}"), 3);
  EXPECT_EQ(Value(r->body, "ics_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}"), 1);
  EXPECT_EQ(r->body.find("/items/1\""), std::string::npos);
  EXPECT_EQ(Value(r->body, "ics_http_rejected_total{reason=\"header_too_large\"}"), 1);
  EXPECT_EQ(Value(r->body, "ics_http_requests_in_flight"), 1);  // this scrape
  EXPECT_GE(Value(r->body, "ics_http_open_connections"), 1);
}

TEST(MetricsTest, ConnectionCapIsCounted) {
  auto metrics = std::make_shared<Metrics>();
  ServerOptions options;
  options.metrics = metrics;
  options.max_connections = 1;
  RunningServer s(PingRouter(), options);
  RawSocket hog(s.port());
  RawSocket waiting(s.port());
  for (int i = 0; i < 100 && Value(metrics->Render(), "ics_http_rejected_total{reason=\"connection_cap\"}") < 1; ++i)
    std::this_thread::sleep_for(20ms);
  EXPECT_GE(Value(metrics->Render(), "ics_http_rejected_total{reason=\"connection_cap\"}"), 1);
}

// A pipe whose read end is drained into a string.
class Pipe {
 public:
  Pipe() { EXPECT_EQ(::pipe2(fds_, O_CLOEXEC), 0); }
  ~Pipe() {
    ::close(fds_[0]);
    if (fds_[1] >= 0) ::close(fds_[1]);
  }
  int write_end() const { return fds_[1]; }
  std::string ReadAll() {
    ::close(fds_[1]);
    fds_[1] = -1;
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds_[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    return out;
  }

 private:
  int fds_[2] = {-1, -1};
};

std::vector<nlohmann::json> Lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
  return out;
}

TEST(AccessLogTest, OneJsonLinePerRequestWithoutTheQuery) {
  AccessLogEntry e;
  e.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'700'000'000'123));
  e.remote = "10.0.0.1";
  e.method = "GET";
  e.target = "/api/v1/people?nhs_number=9434765919&name=Jo";
  e.status = 200;
  e.bytes = 42;
  e.duration_ms = 1.23456;
  e.route = "/api/v1/people";
  e.actor = "alice";
  std::string line = AccessLog::RequestLine(e);
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_EQ(line.find("9434765919"), std::string::npos);
  EXPECT_EQ(line.find("Jo"), std::string::npos);
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["time"], "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(j["remote"], "10.0.0.1");
  EXPECT_EQ(j["method"], "GET");
  EXPECT_EQ(j["path"], "/api/v1/people");
  EXPECT_EQ(j["status"], 200);
  EXPECT_EQ(j["bytes"], 42);
  EXPECT_DOUBLE_EQ(j["duration_ms"].get<double>(), 1.235);
  EXPECT_EQ(j["route"], "/api/v1/people");
  EXPECT_EQ(j["actor"], "alice");
}

TEST(AccessLogTest, BytesThatAreNotUtf8StillMakeValidJson) {
  AccessLogEntry e;
  e.method = "GET";
  e.target = "/caf\xe9\x01\"";
  std::string line = AccessLog::RequestLine(e);
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["path"].get<std::string>().substr(0, 4), "/caf");
}

TEST(AccessLogTest, ServerLogsRequestsAndRejections) {
  Pipe pipe;
  {
    ServerOptions options;
    options.access_log = std::make_shared<AccessLog>(pipe.write_end());
    RunningServer s(PingRouter(), options);
    httplib::Client client("127.0.0.1", s.port());
    ASSERT_TRUE(client.Get("/items/7?secret=hunter2"));
    ASSERT_TRUE(client.Post("/items/7", "body-secret", "text/plain"));
    RawSocket sock(s.port());
    sock.Send("NOT HTTP AT ALL\r\n\r\n");
    sock.ReadUntilClosed(3s);
    s.StopAndJoin();
  }
  std::string text = pipe.ReadAll();
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
  EXPECT_EQ(text.find("body-secret"), std::string::npos);
  auto lines = Lines(text);
  ASSERT_EQ(lines.size(), 3u) << text;
  // A line is written once its response has gone, so the lines may come in any order.
  const nlohmann::json* get = nullptr;
  const nlohmann::json* post = nullptr;
  const nlohmann::json* rejected = nullptr;
  for (const nlohmann::json& line : lines) {
    if (line.value("method", "") == "GET") get = &line;
    if (line.value("method", "") == "POST") post = &line;
    if (line.value("event", "") == "rejected") rejected = &line;
  }
  ASSERT_NE(get, nullptr) << text;
  ASSERT_NE(post, nullptr) << text;
  ASSERT_NE(rejected, nullptr) << text;
  EXPECT_EQ((*get)["path"], "/items/7");
  EXPECT_EQ((*get)["route"], "/items/{id}");
  EXPECT_EQ((*get)["status"], 200);
  EXPECT_EQ((*get)["actor"], "anonymous");
  EXPECT_EQ((*get)["remote"], "127.0.0.1");
  EXPECT_EQ((*get)["bytes"], 10);  // {"id":"7"}
  EXPECT_TRUE((*get)["duration_ms"].is_number());
  EXPECT_EQ((*post)["status"], 405);
  EXPECT_EQ((*rejected)["reason"], "malformed");
  EXPECT_EQ((*rejected)["status"], 400);
}

TEST(AccessLogTest, LinesFromManyThreadsDoNotInterleave) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  std::string text;
  std::thread reader([&] {  // drain as the writers write
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  });
  {
    // Lines of about 2 KiB: under PIPE_BUF (4 KiB), so each write is atomic.
    AccessLog log(fds[1]);
    std::vector<std::thread> writers;
    std::string long_path = "/" + std::string(2000, 'p');
    for (int t = 0; t < 4; ++t)
      writers.emplace_back([&log, &long_path] {
        for (int i = 0; i < 50; ++i) {
          AccessLogEntry e;
          e.method = "GET";
          e.target = long_path;
          e.status = 200;
          log.Request(e);
        }
      });
    for (auto& w : writers) w.join();
  }
  ::close(fds[1]);
  reader.join();
  ::close(fds[0]);
  auto lines = Lines(text);
  EXPECT_EQ(lines.size(), 200u);
  for (const auto& line : lines) EXPECT_EQ(line["path"].get<std::string>().size(), 2001u);
}

}  // namespace
}  // namespace ics::api
