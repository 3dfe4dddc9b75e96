#include "api/server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>

#include "api/test_support.h"

namespace ics::api {
namespace {

using namespace std::chrono_literals;
using testing::RawSocket;
using testing::RunningServer;

Router TestRouter() {
  Router router;
  router.Get("/ping", Access::Public(), [](const Request&) { return Response::Json("{\"pong\":true}"); });
  router.Add("POST", "/echo", Access::Public(), [](const Request& r) { return Response::Content(r.body, "text/plain"); });
  router.Get("/query", Access::Public(), [](const Request& r) { return Response::Content(r.path + "|" + r.query, "text/plain"); });
  router.Get("/header", Access::Public(), [](const Request& r) {
    const std::string* h = r.Header("x-test");
    return Response::Content(h ? *h : "-", "text/plain");
  });
  router.Get("/throw", Access::Public(), [](const Request&) -> Response { throw std::runtime_error("boom"); });
  router.Get("/slow", Access::Public(), [](const Request&) {
    std::this_thread::sleep_for(300ms);
    return Response::Content("done", "text/plain");
  });
  return router;
}

nlohmann::json Body(const httplib::Result& r) { return nlohmann::json::parse(r->body); }

TEST(ServerTest, StartsOnAFreePortAndAnswers) {
  RunningServer s(TestRouter());
  ASSERT_TRUE(s.ok());
  EXPECT_GT(s.port(), 0);
  httplib::Client client("127.0.0.1", s.port());
  auto r = client.Get("/ping");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "{\"pong\":true}");
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST(ServerTest, PassesPathQueryHeadersAndBody) {
  RunningServer s(TestRouter());
  httplib::Client client("127.0.0.1", s.port());
  auto q = client.Get("/query?a=1&b=%20");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->body, "/query|a=1&b=%20");
  auto h = client.Get("/header", {{"X-Test", "hello"}});
  ASSERT_TRUE(h);
  EXPECT_EQ(h->body, "hello");
  auto e = client.Post("/echo", "some body", "text/plain");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->body, "some body");
}

TEST(ServerTest, UnknownPathIsA404JsonError) {
  RunningServer s(TestRouter());
  httplib::Client client("127.0.0.1", s.port());
  auto r = client.Get("/nothing/here");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(Body(r)["error"]["code"], "not_found");
  EXPECT_EQ(Body(r)["error"]["where"], "/nothing/here");
}

TEST(ServerTest, WrongMethodIs405) {
  RunningServer s(TestRouter());
  httplib::Client client("127.0.0.1", s.port());
  auto r = client.Delete("/ping");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->get_header_value("Allow"), "GET, HEAD");
}

TEST(ServerTest, HeadHasLengthButNoBody) {
  RunningServer s(TestRouter());
  RawSocket sock(s.port());
  ASSERT_TRUE(sock.connected());
  sock.Send("HEAD /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string reply = sock.ReadUntilClosed(2s);
  EXPECT_NE(reply.find("HTTP/1.1 200 OK"), std::string::npos) << reply;
  EXPECT_NE(reply.find("Content-Length: 13"), std::string::npos) << reply;
  EXPECT_EQ(reply.find("pong"), std::string::npos) << reply;
}

TEST(ServerTest, HandlerExceptionIsA500JsonError) {
  RunningServer s(TestRouter());
  httplib::Client client("127.0.0.1", s.port());
  auto r = client.Get("/throw");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(Body(r)["error"]["code"], "internal");
}

TEST(ServerTest, OversizedBodyIs413) {
  RunningServer s(TestRouter());  // default limit: 1 MiB
  httplib::Client client("127.0.0.1", s.port());
  auto r = client.Post("/echo", std::string(2 * 1024 * 1024, 'x'), "text/plain");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(Body(r)["error"]["code"], "resource_exhausted");
  // A body within the limit is fine.
  httplib::Client again("127.0.0.1", s.port());
  auto ok = again.Post("/echo", std::string(1000 * 1000, 'y'), "text/plain");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body.size(), 1000u * 1000u);
}

TEST(ServerTest, OversizedChunkedBodyIs413) {
  ServerOptions options;
  options.body_limit = 1000;
  RunningServer s(TestRouter(), options);
  RawSocket sock(s.port());
  std::string chunk(800, 'z');
  sock.Send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n" + chunk + "\r\n320\r\n" +
            chunk + "\r\n0\r\n\r\n");
  std::string reply = sock.ReadUntilClosed(3s);
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply;
}

TEST(ServerTest, MalformedRequestLineIs400) {
  RunningServer s(TestRouter());
  for (std::string bad : {"GARBAGE\r\n\r\n", "GET /ping HTTP/9.x\r\n\r\n", "GET\r\n\r\n",
                          "GET /ping HTTP/1.1\r\nBad Header Line\r\n\r\n"}) {
    RawSocket sock(s.port());
    ASSERT_TRUE(sock.connected());
    sock.Send(bad);
    bool closed = false;
    std::string reply = sock.ReadUntilClosed(3s, &closed);
    EXPECT_EQ(reply.rfind("HTTP/1.1 400 Bad Request", 0), 0u) << bad << " -> " << reply;
    EXPECT_NE(reply.find("\"invalid_argument\""), std::string::npos) << reply;
    EXPECT_TRUE(closed);
  }
}

TEST(ServerTest, TargetThatIsNotAPathIs400) {
  RunningServer s(TestRouter());
  for (std::string target : {"http://example.org/ping", "*", "/a%zz", "/a%00"}) {
    RawSocket sock(s.port());
    sock.Send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    std::string reply = sock.ReadUntilClosed(3s);
    EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << target << " -> " << reply;
  }
}

TEST(ServerTest, OversizedHeaderIs431) {
  RunningServer s(TestRouter());  // default limit: 16 KiB
  RawSocket sock(s.port());
  sock.Send("GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20 * 1024, 'a') + "\r\n\r\n");
  std::string reply = sock.ReadUntilClosed(3s);
  EXPECT_EQ(reply.rfind("HTTP/1.1 431", 0), 0u) << reply.substr(0, 200);
  // A header under the limit is fine.
  httplib::Client client("127.0.0.1", s.port());
  auto r = client.Get("/header", {{"X-Test", std::string(8 * 1024, 'b')}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body.size(), 8u * 1024u);
}

TEST(ServerTest, SlowRequestIsCutOffAtTheReadDeadline) {
  ServerOptions options;
  options.read_timeout = 300ms;
  RunningServer s(TestRouter(), options);
  RawSocket sock(s.port());
  auto start = std::chrono::steady_clock::now();
  sock.Send("GET /ping HTTP/1.1\r\n");  // and never finishes the header
  bool closed = false;
  std::string reply = sock.ReadUntilClosed(5s, &closed);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(closed);
  EXPECT_EQ(reply, "");
  EXPECT_LT(took, 2s);
}

TEST(ServerTest, TricklingClientIsCutOffAtTheReadDeadline) {
  ServerOptions options;
  options.read_timeout = 400ms;
  RunningServer s(TestRouter(), options);
  RawSocket sock(s.port());
  auto start = std::chrono::steady_clock::now();
  // One byte every 100 ms: each read is quick, but the request as a whole is too slow.
  std::string request = "GET /ping HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
  bool cut = false;
  for (char c : request) {
    if (!sock.Send(std::string(1, c))) {
      cut = true;
      break;
    }
    bool closed = false;
    sock.ReadUntilClosed(100ms, &closed);
    if (closed) {
      cut = true;
      break;
    }
  }
  EXPECT_TRUE(cut);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(ServerTest, KeepAliveServesSeveralRequestsThenIdlesOut) {
  ServerOptions options;
  options.idle_timeout = 300ms;
  RunningServer s(TestRouter(), options);
  RawSocket sock(s.port());
  for (int i = 0; i < 3; ++i) {
    sock.Send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
    std::string reply = sock.ReadUntil("{\"pong\":true}", 2s);
    EXPECT_NE(reply.find("HTTP/1.1 200 OK"), std::string::npos);
  }
  EXPECT_EQ(s.server().open_connections(), 1u);
  bool closed = false;
  sock.ReadUntilClosed(3s, &closed);
  EXPECT_TRUE(closed);
}

TEST(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  RunningServer s(TestRouter());
  RawSocket sock(s.port());
  sock.Send("GET /query?1 HTTP/1.1\r\nHost: x\r\n\r\nGET /query?2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string reply = sock.ReadUntilClosed(3s);
  size_t first = reply.find("/query|1"), second = reply.find("/query|2");
  ASSERT_NE(first, std::string::npos) << reply;
  ASSERT_NE(second, std::string::npos) << reply;
  EXPECT_LT(first, second);
}

TEST(ServerTest, ConnectionCapHoldsNewConnectionsInTheBacklog) {
  ServerOptions options;
  options.max_connections = 1;
  RunningServer s(TestRouter(), options);
  auto hog = std::make_unique<RawSocket>(s.port());
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(s.server().open_connections(), 1u);
  std::atomic<bool> answered{false};
  std::thread waiter([&] {
    httplib::Client client("127.0.0.1", s.port());
    client.set_read_timeout(5, 0);
    auto r = client.Get("/ping");
    answered = r && r->status == 200;
  });
  std::this_thread::sleep_for(300ms);
  EXPECT_FALSE(answered);  // the one slot is taken
  hog.reset();             // free it
  waiter.join();
  EXPECT_TRUE(answered);
}

TEST(ServerTest, StopClosesIdleConnectionsAndFinishesRequestsInFlight) {
  RunningServer s(TestRouter());
  RawSocket idle(s.port());
  RawSocket busy(s.port());
  busy.Send("GET /ping HTTP/1.1\r\nHost: x\r\n");  // half a request
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(s.server().open_connections(), 2u);
  std::thread stopper([&] { s.StopAndJoin(); });
  std::this_thread::sleep_for(100ms);
  // The idle connection is closed at once.
  bool closed = false;
  idle.ReadUntilClosed(1s, &closed);
  EXPECT_TRUE(closed);
  // New connections are refused.
  httplib::Client late("127.0.0.1", s.port());
  late.set_connection_timeout(0, 300000);
  EXPECT_FALSE(late.Get("/ping"));
  // The request in flight completes, and its response closes the connection.
  busy.Send("\r\n");
  std::string reply = busy.ReadUntilClosed(3s, &closed);
  EXPECT_NE(reply.find("HTTP/1.1 200 OK"), std::string::npos) << reply;
  EXPECT_NE(reply.find("Connection: close"), std::string::npos) << reply;
  EXPECT_TRUE(closed);
  stopper.join();
}

TEST(ServerTest, StopWaitsForASlowHandler) {
  RunningServer s(TestRouter());
  std::string body;
  std::thread client([&] {
    httplib::Client c("127.0.0.1", s.port());
    auto r = c.Get("/slow");
    if (r) body = r->body;
  });
  std::this_thread::sleep_for(100ms);
  s.StopAndJoin();
  client.join();
  EXPECT_EQ(body, "done");
}

TEST(ServerTest, StopGivesUpOnStragglersAfterTheGracePeriod) {
  ServerOptions options;
  options.shutdown_grace = 200ms;
  options.read_timeout = 30s;
  RunningServer s(TestRouter(), options);
  RawSocket busy(s.port());
  busy.Send("GET /ping HTTP/1.1\r\n");  // never finished
  std::this_thread::sleep_for(100ms);
  auto start = std::chrono::steady_clock::now();
  s.StopAndJoin();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(ServerTest, StartFailsWhenThePortIsTaken) {
  RunningServer first(TestRouter());
  ServerOptions options;
  options.port = static_cast<uint16_t>(first.port());
  Server second(options, TestRouter());
  Status s = second.Start();
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
}

TEST(ServerTest, StartFailsForAnUnresolvableHost) {
  ServerOptions options;
  options.host = "no such host.invalid";
  options.port = 0;
  Server server(options, TestRouter());
  EXPECT_FALSE(server.Start().ok());
}

// The socket-free path the server and the fuzzer share: bad bytes always get a 4xx with
// the platform's JSON error, never a 5xx.
void ExpectClientError(const Response& r, int status, const std::string& words) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.content_type, "application/json");
  auto j = nlohmann::json::parse(r.body);
  std::string message = j["error"]["message"];
  EXPECT_NE(message.find(words), std::string::npos) << message;
}

TEST(HandleRawRequestTest, AnswersAWellFormedRequest) {
  Router router = TestRouter();
  Response r = HandleRawRequest(router, "GET /query?x=1 HTTP/1.1\r\nHost: a\r\n\r\n", ServerOptions{});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "/query|x=1");
  EXPECT_EQ(r.route, "/query");
  Response e = HandleRawRequest(router, "POST /echo HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", ServerOptions{});
  EXPECT_EQ(e.body, "hello");
}

TEST(HandleRawRequestTest, OversizedRequestsGet413And431) {
  Router router = TestRouter();
  ServerOptions options;
  options.body_limit = 100;
  options.header_limit = 1024;
  ExpectClientError(HandleRawRequest(router, "POST /echo HTTP/1.1\r\nContent-Length: 101\r\n\r\n" + std::string(101, 'x'), options),
                    413, "larger than the limit of 100 bytes");
  ExpectClientError(HandleRawRequest(router, "GET /ping HTTP/1.1\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n", options),
                    431, "larger than the limit of 1024 bytes");
  // A chunked body over the limit too.
  std::string chunked = "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) chunked += "40\r\n" + std::string(64, 'y') + "\r\n";
  chunked += "0\r\n\r\n";
  ExpectClientError(HandleRawRequest(router, chunked, options), 413, "larger than the limit");
}

TEST(HandleRawRequestTest, TruncatedRequestsGet400) {
  Router router = TestRouter();
  ExpectClientError(HandleRawRequest(router, "", ServerOptions{}), 400, "ended before it was complete");
  ExpectClientError(HandleRawRequest(router, "GET /ping HTTP/1.1\r\nHost: a\r\n", ServerOptions{}), 400,
                    "ended before it was complete");
  ExpectClientError(HandleRawRequest(router, "POST /echo HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc", ServerOptions{}),
                    400, "ended before it was complete");
  ExpectClientError(
      HandleRawRequest(router, "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", ServerOptions{}),
      400, "ended before it was complete");
}

TEST(HandleRawRequestTest, MalformedRequestsGet400) {
  Router router = TestRouter();
  for (std::string bytes : {std::string("NOT HTTP\r\n\r\n"), std::string("GET /ping HTTP/9.9\r\n\r\n"),
                            std::string("GET /ping HTTP/1.1\r\nBad Header\r\n\r\n"),
                            std::string("POST /echo HTTP/1.1\r\nContent-Length: x\r\n\r\n"),
                            std::string("POST /echo HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
                            std::string("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")}) {
    SCOPED_TRACE(bytes);
    ExpectClientError(HandleRawRequest(router, bytes, ServerOptions{}), 400, "malformed HTTP request");
  }
  ExpectClientError(HandleRawRequest(router, "GET ping HTTP/1.1\r\n\r\n", ServerOptions{}), 400,
                    "must be a path starting with '/'");
  ExpectClientError(HandleRawRequest(router, "GET /a%zz HTTP/1.1\r\n\r\n", ServerOptions{}), 400,
                    "malformed percent-escape");
}

}  // namespace
}  // namespace ics::api
