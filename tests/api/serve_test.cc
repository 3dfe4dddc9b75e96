// `ics serve` as a subprocess: every route, the same compliance JSON as `ics check --json`,
// located errors for a broken definition, versions in the database, and graceful shutdown
// on SIGTERM and SIGINT.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "api/demo.h"
#include "api/test_support.h"
#include "definition/loader.h"

namespace ics {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;

std::string ReadText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A child process with its standard output on a pipe and standard error in a file.
class Process {
 public:
  Process(const std::vector<std::string>& args, const fs::path& err_file, const fs::path& cwd = ICS_SOURCE_DIR) {
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(err, 2);
      ::close(out[0]);
      ::close(out[1]);
      if (::chdir(cwd.c_str()) != 0) ::_exit(127);
      std::vector<char*> argv;
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    out_ = out[0];
  }
  ~Process() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) ::close(out_);
  }

  // Reads standard output until a line matches `pattern` (or the timeout); returns the
  // first capture group.
  std::string WaitForLine(const std::regex& pattern, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      size_t nl;
      while ((nl = buffer_.find('\n')) != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        std::smatch m;
        if (std::regex_search(line, m, pattern)) return m.size() > 1 ? m[1].str() : line;
      }
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buf[4096];
      ssize_t n = ::read(out_, buf, sizeof buf);
      if (n <= 0) break;
      buffer_.append(buf, static_cast<size_t>(n));
    }
    return "";
  }
  std::string ReadAllOutput() {
    std::string out = buffer_;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(out_, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    return out;
  }

  void Signal(int sig) { ::kill(pid_, sig); }
  // The exit code, or -1 on a timeout or a death by signal.
  int Wait(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(20ms);
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  bool exited_ = false;
  std::string buffer_;
};

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ics-serve-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "web");
    std::ofstream(dir_ / "web" / "index.html") << "<!DOCTYPE html><title>ics</title>";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<std::string> Serve(std::vector<std::string> extra, const std::string& db = "t.db") {
    std::vector<std::string> args = {ICS_BINARY, "serve", "--port", "0", "--web-root", (dir_ / "web").string()};
    if (!db.empty()) {
      args.push_back("--db");
      args.push_back("sqlite:" + (dir_ / db).string());
    }
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  // Starts `args` and returns its port, or 0.
  int StartAndGetPort(Process& p) {
    std::string port = p.WaitForLine(std::regex(R"(^ics serve: listening on http://127\.0\.0\.1:(\d+)$)"), 20s);
    return port.empty() ? 0 : std::stoi(port);
  }
  std::string Stderr() { return ReadText(dir_ / "err.txt"); }

  // An API token for a governance admin in the test's database (made with `ics users`).
  std::string GovernanceToken(const std::string& db = "t.db") {
    std::string url = "sqlite:" + (dir_ / db).string();
    std::string add = std::string(ICS_BINARY) + " users add gov --role governance_admin --db '" + url + "' >/dev/null";
    if (std::system(add.c_str()) != 0) return "";
    std::string token_cmd = std::string(ICS_BINARY) + " users token gov --db '" + url + "'";
    FILE* out = ::popen(token_cmd.c_str(), "r");
    if (!out) return "";
    char buf[256] = {};
    std::string token = std::fgets(buf, sizeof buf, out) ? std::string(buf) : std::string();
    ::pclose(out);
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
    return token;
  }

  fs::path dir_;
};

TEST_F(ServeTest, DemoServesEveryRouteAndStopsOnSigterm) {
  Process p(Serve({"--demo"}), dir_ / "err.txt");
  int port = StartAndGetPort(p);
  ASSERT_GT(port, 0) << Stderr();
  httplib::Client client("127.0.0.1", port);

  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(json::parse(health->body)["status"], "ok");

  api::EmbeddedDefinition demo = api::DemoDefinition();
  definition::LoadOutcome loaded = definition::LoadDefinition(demo.text, std::string(demo.file));
  ASSERT_TRUE(loaded.ok());
  auto system = client.Get("/api/v1/system");
  ASSERT_TRUE(system);
  EXPECT_EQ(system->status, 200);
  EXPECT_EQ(json::parse(system->body)["system"]["name"], loaded.system.system.name);
  EXPECT_EQ(json::parse(system->body)["system"]["file"], std::string(demo.file));

  auto compliance = client.Get("/api/v1/compliance");
  ASSERT_TRUE(compliance);
  EXPECT_EQ(json::parse(compliance->body)["system"], loaded.system.system.name);

  auto rules = client.Get("/api/v1/rules");
  ASSERT_TRUE(rules);
  EXPECT_FALSE(json::parse(rules->body)["rules"].empty());

  auto yaml = client.Get("/api/v1/definition");
  ASSERT_TRUE(yaml);
  EXPECT_EQ(yaml->get_header_value("Content-Type"), "text/yaml; charset=utf-8");
  // The demo's text, with its confidential agenda items withheld line for line.
  EXPECT_EQ(std::count(yaml->body.begin(), yaml->body.end(), '\n'),
            std::count(demo.text.begin(), demo.text.end(), '\n'));
  EXPECT_EQ(yaml->body.find("commercial in confidence"), std::string::npos);
  EXPECT_NE(yaml->body.find("confidential agenda item, withheld"), std::string::npos);

  auto anonymous = client.Get("/api/v1/versions");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);  // the stored versions are for the governance roles
  std::string token = GovernanceToken();
  ASSERT_FALSE(token.empty());
  auto versions = client.Get("/api/v1/versions", {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(versions);
  ASSERT_EQ(versions->status, 200) << versions->body;
  json v = json::parse(versions->body);
  ASSERT_EQ(v["versions"].size(), 1u);
  EXPECT_EQ(v["versions"][0]["current"], true);

  for (std::string page : {"/", "/compliance"}) {
    auto r = client.Get(page);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << page;
    EXPECT_EQ(r->body, "<!DOCTYPE html><title>ics</title>");
  }
  auto missing = client.Get("/api/v1/nothing");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(json::parse(missing->body)["error"]["code"], "not_found");

  p.Signal(SIGTERM);
  EXPECT_EQ(p.Wait(10s), 0) << Stderr();
}

// The API and the CLI are two faces of one engine call: the bytes must match.
TEST_F(ServeTest, ComplianceIsByteForByteWhatIcsCheckJsonWrites) {
  std::vector<std::string> files = {"tests/golden/rules/base.yaml"};
  for (const char* f : {"examples/derby-derbyshire/ics.yaml", "examples/broken/ics.yaml"})
    if (fs::exists(fs::path(ICS_SOURCE_DIR) / f)) files.push_back(f);
  for (const std::string& file : files) {
    Process check({ICS_BINARY, "check", file, "--json"}, dir_ / "check-err.txt");
    std::string expected = check.ReadAllOutput();
    int code = check.Wait(30s);
    ASSERT_TRUE(code == 0 || code == 1) << file << ": " << ReadText(dir_ / "check-err.txt");

    Process p(Serve({file}), dir_ / "err.txt");
    int port = StartAndGetPort(p);
    ASSERT_GT(port, 0) << Stderr();
    httplib::Client client("127.0.0.1", port);
    auto r = client.Get("/api/v1/compliance");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, expected) << file;
    p.Signal(SIGTERM);
    EXPECT_EQ(p.Wait(10s), 0);
  }
}

TEST_F(ServeTest, BrokenDefinitionExits2WithItsLocation) {
  fs::path bad = dir_ / "bad.yaml";
  std::ofstream(bad) << "system:\n  name: Broken\n  icb: Q99\nboard_of_wizards: true\n";
  Process p(Serve({bad.string()}), dir_ / "err.txt");
  EXPECT_EQ(p.Wait(20s), 2);
  std::string err = Stderr();
  EXPECT_NE(err.find(bad.string() + ":4:1"), std::string::npos) << err;
  EXPECT_EQ(p.ReadAllOutput().find("listening"), std::string::npos);
}

TEST_F(ServeTest, UsageErrorsExit2) {
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  std::vector<Case> cases = {
      {{"--demo", "tests/golden/rules/base.yaml"}, "not both"},
      {{"no/such/file.yaml"}, "no/such/file.yaml"},
      {{"--demo", "--db", "mysql://localhost/ics"}, "unknown database URL"},
      {{"--demo", "--port", "70000"}, "--port"},
      {{"--demo", "--host", "no such host.invalid"}, "no such host.invalid"},
      {{}, "--demo"},  // nothing to serve and an empty database
  };
  int n = 0;
  for (const Case& c : cases) {
    bool own_db = std::find(c.args.begin(), c.args.end(), "--db") != c.args.end();
    Process p(Serve(c.args, own_db ? "" : "fresh-" + std::to_string(++n) + ".db"), dir_ / "err.txt");
    EXPECT_EQ(p.Wait(20s), 2) << c.says;
    EXPECT_NE(Stderr().find(c.says), std::string::npos) << Stderr();
  }
}

TEST_F(ServeTest, PortInUseExits2) {
  Process first(Serve({"--demo"}), dir_ / "err.txt");
  int port = StartAndGetPort(first);
  ASSERT_GT(port, 0);
  std::vector<std::string> args = {ICS_BINARY, "serve", "--demo", "--port", std::to_string(port),
                                   "--db", "sqlite:" + (dir_ / "t2.db").string()};
  Process second(args, dir_ / "err2.txt");
  EXPECT_EQ(second.Wait(20s), 2);
  EXPECT_NE(ReadText(dir_ / "err2.txt").find("cannot listen"), std::string::npos);
  first.Signal(SIGINT);
  EXPECT_EQ(first.Wait(10s), 0);
}

TEST_F(ServeTest, VersionsAreRecordedOncePerChange) {
  fs::path file = dir_ / "ics.yaml";
  std::string base = ReadText(fs::path(ICS_SOURCE_DIR) / "tests/golden/rules/base.yaml");
  std::ofstream(file) << base;
  std::string token;
  auto run = [&](std::vector<std::string> args) -> json {
    Process p(Serve(args), dir_ / "err.txt");
    int port = StartAndGetPort(p);
    if (port == 0) {
      ADD_FAILURE() << Stderr();
      return json();
    }
    if (token.empty()) token = GovernanceToken();  // the database exists once a server has opened it
    httplib::Client client("127.0.0.1", port);
    auto versions = client.Get("/api/v1/versions", {{"Authorization", "Bearer " + token}});
    auto system = client.Get("/api/v1/system");
    p.Signal(SIGTERM);
    EXPECT_EQ(p.Wait(10s), 0);
    if (!versions || !system) return json();
    return {{"versions", json::parse(versions->body)["versions"]},
            {"name", json::parse(system->body)["system"]["name"]}};
  };
  json one = run({file.string()});
  EXPECT_EQ(one["versions"].size(), 1u);
  json again = run({file.string()});
  EXPECT_EQ(again["versions"].size(), 1u);  // unchanged text: no new version

  std::string renamed = base;
  renamed.replace(renamed.find("name: Exampleshire"), 18, "name: Newshire");
  std::ofstream(file, std::ios::trunc) << renamed;
  json changed = run({file.string()});
  ASSERT_EQ(changed["versions"].size(), 2u);
  EXPECT_EQ(changed["versions"][0]["id"], 2);
  EXPECT_EQ(changed["versions"][0]["current"], true);
  EXPECT_EQ(changed["versions"][1]["current"], false);
  EXPECT_EQ(changed["versions"][0]["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(changed["name"], "Newshire");

  // With no file, the latest stored version is served.
  fs::remove(file);
  json latest = run({});
  EXPECT_EQ(latest["name"], "Newshire");
  EXPECT_EQ(latest["versions"].size(), 2u);
}

TEST_F(ServeTest, WebRootComesFromTheFlagThenTheEnvironment) {
  fs::create_directories(dir_ / "env-web");
  std::ofstream(dir_ / "env-web" / "index.html") << "<!DOCTYPE html><title>from the environment</title>";
  ::setenv("ICS_WEB_ROOT", (dir_ / "env-web").c_str(), 1);
  auto page = [&](std::vector<std::string> args) {
    Process p(args, dir_ / "err.txt");
    int port = StartAndGetPort(p);
    if (port == 0) return std::string("no server: ") + Stderr();
    httplib::Client client("127.0.0.1", port);
    auto r = client.Get("/compliance");
    p.Signal(SIGTERM);
    p.Wait(10s);
    return r ? r->body : std::string("no answer");
  };
  std::string db = "sqlite:" + (dir_ / "t.db").string();
  EXPECT_EQ(page({ICS_BINARY, "serve", "--demo", "--port", "0", "--db", db}),
            "<!DOCTYPE html><title>from the environment</title>");
  EXPECT_EQ(page(Serve({"--demo"})), "<!DOCTYPE html><title>ics</title>");  // --web-root wins
  ::unsetenv("ICS_WEB_ROOT");
}

TEST_F(ServeTest, SigtermLetsARequestInFlightFinish) {
  Process p(Serve({"--demo"}), dir_ / "err.txt");
  int port = StartAndGetPort(p);
  ASSERT_GT(port, 0);
  api::testing::RawSocket busy(port);
  ASSERT_TRUE(busy.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));  // half a request
  std::this_thread::sleep_for(200ms);
  p.Signal(SIGTERM);
  std::this_thread::sleep_for(200ms);
  ASSERT_TRUE(busy.Send("\r\n"));
  bool closed = false;
  std::string reply = busy.ReadUntilClosed(5s, &closed);
  EXPECT_NE(reply.find("HTTP/1.1 200 OK"), std::string::npos) << reply;
  EXPECT_NE(reply.find("\"status\":\"ok\""), std::string::npos) << reply;
  EXPECT_TRUE(closed);
  EXPECT_EQ(p.Wait(10s), 0) << Stderr();
  EXPECT_NE(Stderr().find("ics serve: stopped"), std::string::npos);
}

}  // namespace
}  // namespace ics
