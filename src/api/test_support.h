// Test helpers: a server running on a thread, and raw sockets for requests that an HTTP
// client library would refuse to send.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "api/access.h"
#include "api/http.h"
#include "api/server.h"

namespace ics::api::testing {

// Routes one request through `router` as `user` holding `role` (signed in by API token),
// or anonymously when `role` is empty. `user` defaults to "u-<role>"; `content_type` is
// sent with a non-empty body when given.
inline Response RouteAs(Router& router, std::optional<Role> role, const std::string& method,
                        const std::string& target, const std::string& body = {},
                        const std::string& content_type = {}, const std::string& user = {}) {
  if (role) {
    router.SetAuthenticator([r = *role, user](const Request&) -> std::variant<Principal, Response> {
      Principal p;
      p.user = user.empty() ? "u-" + std::string(RoleName(r)) : user;
      p.roles = RoleSet{Role::kPublic, r};
      p.via = Principal::Via::kToken;
      return p;
    });
  } else {
    router.SetAuthenticator(nullptr);
  }
  Request request;
  request.method = method;
  request.target = target;
  size_t q = target.find('?');
  request.path = target.substr(0, q);
  if (q != std::string::npos) request.query = target.substr(q + 1);
  request.body = body;
  if (!body.empty() && !content_type.empty()) request.headers.emplace_back("content-type", content_type);
  return router.Route(request);
}

// Starts `router` on 127.0.0.1 (a free port) and serves it on a thread until destroyed.
class RunningServer {
 public:
  RunningServer(Router router, ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<Server>(options, std::move(router));
    Status s = server_->Start();
    ok_ = s.ok();
    if (ok_) thread_ = std::thread([this] { server_->Run(); });
  }
  ~RunningServer() { StopAndJoin(); }
  void StopAndJoin() {
    if (thread_.joinable()) {
      server_->Stop();
      thread_.join();
    }
  }
  bool ok() const { return ok_; }
  int port() const { return server_->port(); }
  Server& server() { return *server_; }
  // True once Run() has returned.
  bool Joinable() const { return thread_.joinable(); }
  std::thread& thread() { return thread_; }

 private:
  std::unique_ptr<Server> server_;
  std::thread thread_;
  bool ok_ = false;
};

// A connected TCP socket to 127.0.0.1:port, closed on destruction.
class RawSocket {
 public:
  explicit RawSocket(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawSocket() { Close(); }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool connected() const { return connected_; }
  bool Send(const std::string& data) {
    size_t sent = 0;
    while (sent < data.size()) {
      ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }
  // Reads until the peer closes or `timeout` passes; returns what arrived.
  std::string ReadUntilClosed(std::chrono::milliseconds timeout, bool* closed = nullptr) {
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    if (closed) *closed = false;
    while (true) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buf[4096];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        if (closed) *closed = true;
        break;
      }
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }
  // Reads until `text` has arrived or `timeout` passes.
  std::string ReadUntil(const std::string& text, std::chrono::milliseconds timeout) {
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (out.find(text) == std::string::npos) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buf[4096];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

}  // namespace ics::api::testing
