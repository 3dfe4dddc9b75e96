// An HTTP/1.1 server for a Router, safe to expose to slow, idle or hostile clients: a
// deadline on every read (header and body together), an idle keep-alive timeout, header
// and body size limits, a cap on open connections, and graceful shutdown (stop
// accepting, close idle connections, let requests in flight finish within a grace
// period). Errors in a request never reach a handler: the server answers 400, 413 or
// 431 with the platform's JSON error and closes the connection.
//
// Many slow or idle clients (a "slowloris" trickling bytes) cannot starve the others: a
// connection costs a coroutine and a file descriptor, not a thread, the cap on open
// connections is high (10,000, lowered to fit the process's descriptor limit, whose soft
// value Start() raises to the hard one), and the read deadline cuts off any request,
// however slowly it trickles, 10 s after its first byte.
//
// Optional: Metrics (request counts and durations by route pattern, in-flight requests,
// open connections, rejections) and an AccessLog (one JSON line per request).
//
// Boost.Beast and Asio are confined to server.cc; this header names neither.
//
// Usage:
//   Server server(options, std::move(router));
//   if (Status s = server.Start(); !s.ok()) ...;   // binds; server.port() is now known
//   server.Run();                                   // until Stop() or SIGINT/SIGTERM
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <string_view>

#include "api/access_log.h"
#include "api/http.h"
#include "api/metrics.h"
#include "base/status.h"

namespace ics::api {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: the system picks a free port
  // A request (header and body) must arrive within this time of its first byte; a new
  // connection must send its first request within it too.
  std::chrono::milliseconds read_timeout{10'000};
  // How long a kept-alive connection may wait for its next request.
  std::chrono::milliseconds idle_timeout{60'000};
  // A response must be taken by the client within this time.
  std::chrono::milliseconds write_timeout{30'000};
  size_t header_limit = 16 * 1024;  // request line and headers, bytes
  size_t body_limit = 1024 * 1024;  // request body, bytes
  // Open connections at most; further connections wait in the listen backlog. Lowered
  // at Start() to fit the descriptor limit (RLIMIT_NOFILE less a reserve of 64).
  size_t max_connections = 10'000;
  // Raise the soft RLIMIT_NOFILE to the hard limit at Start().
  bool raise_fd_limit = true;
  int threads = 2;
  // Stop gracefully on SIGINT and SIGTERM.
  bool handle_signals = false;
  // After a stop, requests in flight get this long to finish before connections close.
  std::chrono::milliseconds shutdown_grace{5'000};
  // Where to count requests and rejections, and where to log them; either may be null.
  std::shared_ptr<Metrics> metrics;
  std::shared_ptr<AccessLog> access_log;
};

// What the server does with the raw bytes of one request, without a socket: parses them
// with the server's parser and limits (options.header_limit, options.body_limit), then
// routes the request. A malformed, oversized or truncated request gets the 400, 413 or
// 431 error the server would send (a truncated one, which the server would wait for, a
// 400). Bytes after the first request are ignored. For tests and fuzzing.
Response HandleRawRequest(const Router& router, std::string_view bytes, const ServerOptions& options,
                          std::string_view remote = "127.0.0.1");

class Server {
 public:
  Server(ServerOptions options, Router router);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Fails (kInvalidArgument/kUnavailable) when the host does not
  // resolve or the port is taken.
  Status Start();
  // The bound port. REQUIRES: Start() succeeded.
  uint16_t port() const;

  // Serves on `options.threads` threads until Stop() or a signal, then shuts down
  // gracefully and returns. REQUIRES: Start() succeeded.
  void Run();
  // Asks Run() to finish. Thread-safe; may be called before, during or after Run().
  void Stop();

  // Connections open now (for tests and metrics).
  size_t open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ics::api
