// libFuzzer target for the HTTP request path without a socket: raw bytes -> Beast's
// request parser (the server's limits) -> Request -> the real router (MakeRouter over the
// embedded demo definition) -> Response. Any bytes must give a response; a 5xx is a
// finding (bad input never gets a 5xx), as is a crash, a hang or unbounded memory.
#include <stdlib.h>

#include <cstddef>
#include <fstream>
#include <cstdint>
#include <memory>
#include <string_view>

#include "api/app.h"
#include "api/demo.h"
#include "api/metrics.h"
#include "api/server.h"
#include "definition/loader.h"

namespace {

struct Fixture {
  ics::api::Router router;
  ics::api::ServerOptions options;
};

// A web root with an index.html (without one, page routes answer 503: the app is not built).
std::string WebRoot() {
  char dir[] = "/tmp/ics-fuzz-web-XXXXXX";
  if (!::mkdtemp(dir)) __builtin_trap();
  std::ofstream(std::string(dir) + "/index.html") << "<!DOCTYPE html><title>ICS</title>\n";
  return dir;
}

Fixture* Make() {
  auto definition = std::make_shared<ics::api::LoadedDefinition>();
  ics::api::EmbeddedDefinition embedded = ics::api::DemoDefinition();
  definition->file = std::string(embedded.file);
  definition->text = std::string(embedded.text);
  ics::definition::LoadOutcome loaded = ics::definition::LoadDefinition(definition->text, definition->file, {});
  if (!loaded.ok()) __builtin_trap();
  definition->system = std::move(loaded.system);
  ics::api::AppOptions app;
  app.web_root = WebRoot();
  app.today = [] { return ics::Date{2025, 4, 1}; };
  auto* f = new Fixture{ics::api::MakeRouter(definition, std::move(app)), {}};
  ics::api::AddMetricsRoute(f->router, std::make_shared<ics::api::Metrics>("fuzz"));
  f->options.header_limit = 4 * 1024;  // small limits: reach the limit paths often
  f->options.body_limit = 16 * 1024;
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture* fixture = Make();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ics::api::Response r = ics::api::HandleRawRequest(fixture->router, bytes, fixture->options);
  if (r.status < 100 || r.status >= 500) __builtin_trap();
  if (r.route.empty()) __builtin_trap();  // the router (or the error path) always names a route
  return 0;
}
