// The one translation unit that includes Boost.Beast and Asio. Each connection is a C++20
// coroutine on its own strand; the acceptor, signals and the shutdown timer share a
// control strand.
#include "api/server.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace ics::api {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using boost::system::error_code;

constexpr auto kAwait = net::use_awaitable;

// What the shutdown code may touch of a connection, guarded by the connection's strand.
struct Connection {
  net::any_io_executor executor;
  beast::tcp_stream* stream = nullptr;  // null once the connection is closing
  bool idle = true;                     // waiting for the first byte of a request
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

using RequestParser = http::request_parser<http::string_body>;

void ConfigureParser(RequestParser& parser, const ServerOptions& options) {
  parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
  parser.body_limit(options.body_limit);
}

// Why a request could not be read, and the error to answer with.
struct ReadFailure {
  Rejection reason;
  std::string code;
  std::string message;
};

// A parse error's answer, or nullopt for what ends a connection quietly (a close, a reset,
// an end of stream between requests, a timeout).
std::optional<ReadFailure> ClassifyReadError(const error_code& ec, const ServerOptions& options) {
  if (ec == http::error::body_limit)
    return ReadFailure{Rejection::kBodyTooLarge, "resource_exhausted",
                       "the request body is larger than the limit of " + std::to_string(options.body_limit) +
                           " bytes"};
  if (ec == http::error::header_limit)
    return ReadFailure{Rejection::kHeaderTooLarge, "resource_exhausted",
                       "the request line and headers are larger than the limit of " +
                           std::to_string(options.header_limit) + " bytes"};
  if (ec.category() == http::make_error_code(http::error::body_limit).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message && ec != http::error::need_more)
    // Any other parse error: a malformed request line, header or chunk.
    return ReadFailure{Rejection::kMalformed, "invalid_argument", "malformed HTTP request: " + ec.message()};
  return std::nullopt;
}

// The router's answer to a parsed request (errors in the target answered here).
Response Dispatch(const Router& router, http::request<http::string_body>& message, std::string_view remote) {
  Request request;
  request.remote = std::string(remote);
  auto method = message.method_string();
  auto target_view = message.target();
  request.method = std::string(method.data(), method.size());
  request.target = std::string(target_view.data(), target_view.size());
  std::string_view target = request.target;
  size_t question = target.find('?');
  std::string_view raw_path = target.substr(0, question);
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
  Response response;
  std::optional<std::string> path;
  if (raw_path.empty() || raw_path[0] != '/') {
    response = Response::Error(400, "invalid_argument", "the request target must be a path starting with '/'",
                               request.target.substr(0, request.target.find('?')));
  } else if (!(path = DecodePath(raw_path))) {
    response = Response::Error(400, "invalid_argument", "the request path has a malformed percent-escape",
                               raw_path);
  } else {
    request.path = std::move(*path);
    request.headers.reserve(8);
    for (const auto& field : message) {
      auto name = field.name_string();
      auto value = field.value();
      request.headers.emplace_back(Lower(std::string_view(name.data(), name.size())),
                                   std::string(value.data(), value.size()));
    }
    request.body = std::move(message.body());
    std::string where = request.path;
    try {
      return router.Route(std::move(request));
    } catch (const std::exception& e) {
      response = Response::Error(500, "internal", std::string("the server failed: ") + e.what(), where);
    }
  }
  response.route = "unmatched";
  response.actor = "anonymous";
  return response;
}

}  // namespace

Response HandleRawRequest(const Router& router, std::string_view bytes, const ServerOptions& options,
                          std::string_view remote) {
  RequestParser parser;
  ConfigureParser(parser, options);
  parser.eager(true);
  error_code ec;
  size_t used = 0;
  if (bytes.empty()) ec = http::error::partial_message;
  while (!ec && !parser.is_done()) {
    size_t n = parser.put(net::buffer(bytes.data() + used, bytes.size() - used), ec);
    used += n;
    if (ec == http::error::need_more) {
      ec = {};
      if (n == 0) break;  // every byte given: the request is incomplete
      continue;
    }
    if (ec) break;
    if (n == 0) break;
  }
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (!ec && !parser.is_done()) ec = http::error::partial_message;
  if (ec) {
    std::optional<ReadFailure> failure = ClassifyReadError(ec, options);
    if (!failure)
      failure = ReadFailure{Rejection::kMalformed, "invalid_argument",
                            "the request ended before it was complete (" + ec.message() + ")"};
    Response r = Response::Error(RejectionStatus(failure->reason), failure->code, failure->message);
    r.route = "unmatched";
    r.actor = "anonymous";
    return r;
  }
  return Dispatch(router, parser.get(), remote);
}

struct Server::Impl {
  ServerOptions options;
  Router router;
  net::io_context ioc;
  net::strand<net::io_context::executor_type> control{ioc.get_executor()};
  tcp::acceptor acceptor{control};
  net::signal_set signals{control};
  net::steady_timer grace{control};
  bool started = false;
  bool stop_begun = false;  // on the control strand
  std::atomic<bool> stopping{false};
  std::atomic<size_t> open{0};
  uint16_t bound_port = 0;
  std::mutex mu;
  std::list<std::shared_ptr<Connection>> connections;  // guarded by mu

  Impl(ServerOptions o, Router r) : options(std::move(o)), router(std::move(r)) {}

  net::awaitable<void> Accept();
  net::awaitable<void> Serve(tcp::socket socket);
  net::awaitable<void> SendErrorAndClose(beast::tcp_stream& stream, unsigned version, int status,
                                         std::string_view code, std::string_view message);
  void Rejected(Rejection reason, std::string_view remote);
  void BeginStop();
  void Closed();
};

Server::Server(ServerOptions options, Router router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}

Server::~Server() = default;

Status Server::Start() {
  Impl& m = *impl_;
  error_code ec;
  tcp::resolver resolver(m.ioc);
  auto results = resolver.resolve(m.options.host, std::to_string(m.options.port),
                                  tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty())
    return InvalidArgument("cannot resolve host '" + m.options.host + "': " + ec.message(), "--host");
  tcp::endpoint endpoint = *results.begin();
  std::string where = m.options.host + ":" + std::to_string(m.options.port);
  m.acceptor.open(endpoint.protocol(), ec);
  if (!ec) m.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) m.acceptor.bind(endpoint, ec);
  if (!ec) m.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Status(StatusCode::kUnavailable, "cannot listen on " + where + ": " + ec.message(), where);
  m.bound_port = m.acceptor.local_endpoint().port();
  // Each connection holds a descriptor: raise the soft limit as far as allowed, and keep
  // the cap (plus a reserve for the database, log and web files) within it.
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    if (m.options.raise_fd_limit && limit.rlim_cur < limit.rlim_max) {
      rlimit raised = limit;
      raised.rlim_cur = limit.rlim_max;
      if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    if (limit.rlim_cur != RLIM_INFINITY) {
      size_t usable = limit.rlim_cur > 128 ? static_cast<size_t>(limit.rlim_cur) - 64 : 64;
      m.options.max_connections = std::min(m.options.max_connections, usable);
    }
  }
  m.started = true;
  return Status::Ok();
}

uint16_t Server::port() const { return impl_->bound_port; }

size_t Server::open_connections() const { return impl_->open.load(); }

void Server::Run() {
  Impl& m = *impl_;
  if (!m.started) return;
  net::co_spawn(m.control, m.Accept(), net::detached);
  if (m.options.handle_signals) {
    m.signals.add(SIGINT);
    m.signals.add(SIGTERM);
    m.signals.async_wait([&m](const error_code& ec, int) {
      if (!ec) m.BeginStop();
    });
  }
  if (m.stopping) net::post(m.control, [&m] { m.BeginStop(); });
  std::vector<std::thread> pool;
  for (int i = 1; i < m.options.threads; ++i) pool.emplace_back([&m] { m.ioc.run(); });
  m.ioc.run();
  for (auto& t : pool) t.join();
}

void Server::Stop() {
  Impl& m = *impl_;
  m.stopping = true;
  net::post(m.control, [&m] { m.BeginStop(); });
}

// On the control strand.
void Server::Impl::BeginStop() {
  if (stop_begun) return;
  stop_begun = true;
  stopping = true;
  error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  std::lock_guard lock(mu);
  for (const auto& c : connections) {
    net::post(c->executor, [c] {
      if (c->idle && c->stream) c->stream->cancel();
    });
  }
  if (open == 0) return;
  grace.expires_after(options.shutdown_grace);
  grace.async_wait([this](const error_code& ec) {
    if (ec) return;  // every connection finished in time
    std::lock_guard lock(mu);
    for (const auto& c : connections) {
      net::post(c->executor, [c] {
        if (c->stream) c->stream->cancel();
      });
    }
  });
}

void Server::Impl::Closed() {
  if (options.metrics) options.metrics->ConnectionClosed();
  if (--open == 0 && stopping) net::post(control, [this] { grace.cancel(); });
}

net::awaitable<void> Server::Impl::Accept() {
  net::steady_timer wait(control);
  for (;;) {
    // At the connection cap, leave further connections in the listen backlog.
    if (open >= options.max_connections && !stopping) Rejected(Rejection::kConnectionCap, "");
    while (open >= options.max_connections && !stopping) {
      wait.expires_after(std::chrono::milliseconds(20));
      error_code ignored;
      co_await wait.async_wait(net::redirect_error(kAwait, ignored));
    }
    if (stopping) break;
    tcp::socket socket(net::make_strand(ioc));
    error_code ec;
    co_await acceptor.async_accept(socket, net::redirect_error(kAwait, ec));
    if (stopping || ec == net::error::operation_aborted) break;
    if (ec) {  // e.g. out of file descriptors: back off, then go on accepting
      wait.expires_after(std::chrono::milliseconds(50));
      error_code ignored;
      co_await wait.async_wait(net::redirect_error(kAwait, ignored));
      continue;
    }
    ++open;
    if (options.metrics) options.metrics->ConnectionOpened();
    auto executor = socket.get_executor();
    net::co_spawn(executor, Serve(std::move(socket)), net::detached);
  }
}

void Server::Impl::Rejected(Rejection reason, std::string_view remote) {
  if (options.metrics) options.metrics->Reject(reason);
  if (options.access_log) options.access_log->Rejected(std::chrono::system_clock::now(), remote, reason);
}

net::awaitable<void> Server::Impl::SendErrorAndClose(beast::tcp_stream& stream, unsigned version, int status,
                                                     std::string_view code, std::string_view message) {
  Response error = Response::Error(status, code, message);
  http::response<http::string_body> res{static_cast<http::status>(status), version ? version : 11u};
  res.set(http::field::server, "ics");
  res.set(http::field::content_type, error.content_type);
  res.set("X-Content-Type-Options", "nosniff");
  res.keep_alive(false);
  res.body() = std::move(error.body);
  res.prepare_payload();
  error_code ec;
  stream.expires_after(options.write_timeout);
  co_await http::async_write(stream, res, net::redirect_error(kAwait, ec));
  if (ec) co_return;
  // Lingering close: stop sending, then read (and drop) what the client is still sending
  // for a moment, so that closing does not reset the connection before it reads the answer.
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(std::chrono::seconds(2));
  char scratch[16 * 1024];
  size_t drained = 0;
  while (drained < 8 * 1024 * 1024) {
    size_t n = co_await stream.async_read_some(net::buffer(scratch), net::redirect_error(kAwait, ec));
    if (ec) break;
    drained += n;
  }
}

net::awaitable<void> Server::Impl::Serve(tcp::socket socket) {
  auto connection = std::make_shared<Connection>();
  connection->executor = socket.get_executor();
  beast::tcp_stream stream(std::move(socket));
  connection->stream = &stream;
  {
    std::lock_guard lock(mu);
    connections.push_back(connection);
  }
  // Declared after `stream`, so it runs first when the coroutine ends.
  struct Unregister {
    Impl* impl;
    std::shared_ptr<Connection> connection;
    ~Unregister() {
      connection->stream = nullptr;
      {
        std::lock_guard lock(impl->mu);
        impl->connections.remove(connection);
      }
      impl->Closed();
    }
  } unregister{this, connection};

  std::string remote;
  {
    error_code ignored;
    auto endpoint = stream.socket().remote_endpoint(ignored);
    if (!ignored) remote = endpoint.address().to_string();
  }
  beast::flat_buffer buffer;
  bool first = true;
  for (;;) {
    error_code ec;
    if (buffer.size() == 0) {
      // Idle: wait for the first byte of the next request.
      connection->idle = true;
      if (stopping) break;
      stream.expires_after(first ? options.read_timeout : options.idle_timeout);
      size_t n = co_await stream.async_read_some(buffer.prepare(4096), net::redirect_error(kAwait, ec));
      connection->idle = false;
      if (ec) break;  // closed, timed out or shut down
      buffer.commit(n);
    }
    connection->idle = false;
    first = false;
    const auto began = std::chrono::steady_clock::now();
    const auto began_wall = std::chrono::system_clock::now();

    RequestParser parser;
    ConfigureParser(parser, options);
    stream.expires_after(options.read_timeout);
    co_await http::async_read(stream, buffer, parser, net::redirect_error(kAwait, ec));
    if (ec) {
      unsigned version = parser.is_header_done() ? parser.get().version() : 11;
      if (std::optional<ReadFailure> failure = ClassifyReadError(ec, options)) {
        Rejected(failure->reason, remote);
        co_await SendErrorAndClose(stream, version, RejectionStatus(failure->reason), failure->code,
                                   failure->message);
      } else if (ec == beast::error::timeout) {
        // Part of a request arrived, not all of it in time; the stream is already closed.
        Rejected(Rejection::kTimeout, remote);
      }
      break;  // resets and closes end the connection quietly
    }

    if (options.metrics) options.metrics->RequestStarted();
    auto& message = parser.get();
    const bool keep_alive = message.keep_alive() && !stopping;
    const bool head = message.method() == http::verb::head;
    std::string method(message.method_string());
    std::string target(message.target());
    Response response = Dispatch(router, message, remote);
    http::response<http::string_body> res{static_cast<http::status>(response.status), message.version()};
    res.set(http::field::server, "ics");
    res.set(http::field::content_type, response.content_type);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    for (const auto& [name, value] : response.headers) res.set(name, value);
    res.keep_alive(keep_alive);
    res.body() = std::move(response.body);
    res.prepare_payload();
    if (head) res.body().clear();  // Content-Length stays
    const uint64_t bytes = res.body().size();
    stream.expires_after(options.write_timeout);
    co_await http::async_write(stream, res, net::redirect_error(kAwait, ec));
    if (options.metrics) {
      options.metrics->RequestFinished();
      options.metrics->ObserveRequest(method, response.route, response.status,
                                      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
    }
    if (options.access_log) {
      AccessLogEntry entry;
      entry.time = began_wall;
      entry.remote = remote;
      entry.method = method;
      entry.target = target;
      entry.status = response.status;
      entry.bytes = ec ? 0 : bytes;
      entry.duration_ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began).count();
      entry.route = response.route;
      entry.actor = response.actor;
      options.access_log->Request(entry);
    }
    if (ec) break;
    if (!res.keep_alive()) {
      stream.socket().shutdown(tcp::socket::shutdown_send, ec);
      break;
    }
  }
  error_code ignored;
  stream.socket().close(ignored);
}

}  // namespace ics::api
