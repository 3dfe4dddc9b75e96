// `ics audit verify [--db URL] [--json]`: checks the audit trail's hash chain.
// `ics audit list [--db URL] [--after SEQ] [--limit N] [--json]`: prints entries.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/store_verb.h"
#include "render/json.h"
#include "store/store.h"

namespace ics::cli {

int RunAudit(int argc, char** argv) {
  CLI::App app{"The audit trail: every write, and every read of restricted data, in a hash-chained append-only log.",
               "ics audit"};
  std::string db_url(store::kDefaultStoreUrl);
  bool json = false;
  int64_t after = 0;
  int limit = 100;
  app.require_subcommand(1);
  CLI::App* verify = app.add_subcommand(
      "verify",
      "Check that no entry was edited, deleted, inserted or reordered.\nExit 0: intact; 1: tampered with (the first "
      "bad entry is named); 2: bad usage or the database cannot be used.");
  CLI::App* list = app.add_subcommand("list", "Print entries, oldest first.");
  for (CLI::App* sub : {verify, list}) {
    sub->add_option("--db", db_url, "the database: sqlite:PATH or postgresql://USER@HOST/DB (default sqlite:ics.db)");
    sub->add_flag("--json", json, "write JSON");
  }
  list->add_option("--after", after, "start after this entry (default 0: from the first)");
  list->add_option("--limit", limit, "at most this many entries (1-10000, default 100)")->check(CLI::Range(1, 10000));
  if (std::optional<int> exit = ParseCommandLine(app, argc, argv)) return *exit;
  auto fail = [&](const Status& status) { return ReportFailure("ics audit", status, json); };
  Result<std::unique_ptr<store::Store>> db = OpenStoreForVerb(db_url, false);
  if (!db.ok()) return fail(db.status());

  if (list->parsed()) {
    Result<std::vector<store::AuditEntry>> entries = (*db)->ListAudit(after, limit);
    if (!entries.ok()) return fail(entries.status());
    if (json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& e : *entries) {
        nlohmann::ordered_json detail = nlohmann::ordered_json::parse(e.detail, nullptr, false);
        out.push_back({{"seq", e.seq},
                       {"at", e.at},
                       {"actor", e.actor},
                       {"action", e.action},
                       {"object", e.object},
                       {"detail", detail.is_discarded() ? nlohmann::ordered_json(e.detail) : detail},
                       {"prev_hash", e.prev_hash},
                       {"hash", e.hash}});
      }
      nlohmann::ordered_json all = {{"db", (*db)->url()}, {"entries", std::move(out)}};
      std::cout << all.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else {
      for (const auto& e : *entries) {
        std::cout << e.seq << "  " << e.at << "  " << e.actor << "  " << e.action
                  << (e.object.empty() ? "" : "  " + e.object) << "  " << e.detail << "\n";
      }
      if (entries->empty()) std::cout << "No audit entries after " << after << " in " << (*db)->url() << "\n";
    }
    return kExitOk;
  }

  Result<store::AuditVerification> result = (*db)->VerifyAudit();
  if (!result.ok()) return fail(result.status());
  const store::AuditVerification& r = *result;
  if (json) {
    nlohmann::ordered_json out = {
        {"valid", r.valid},
        {"entries_checked", r.entries_checked},
        {"first_bad_seq", r.first_bad_seq ? nlohmann::ordered_json(*r.first_bad_seq) : nlohmann::ordered_json(nullptr)},
        {"problem", r.valid ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.problem)},
        {"head", {{"seq", r.head.seq}, {"hash", r.head.hash}}},
        {"db", (*db)->url()}};
    std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  } else if (r.valid) {
    std::cout << "The audit trail in " << (*db)->url() << " is intact: " << r.entries_checked
              << " entries; the newest is entry " << r.head.seq << " with hash " << r.head.hash
              << " (keep this elsewhere to detect a rewrite of the whole log)\n";
  } else {
    std::cout << "The audit trail in " << (*db)->url() << " has been tampered with: " << r.problem << ". "
              << r.entries_checked << " entr" << (r.entries_checked == 1 ? "y" : "ies") << " before it verify.\n";
  }
  return r.valid ? kExitOk : kExitCheckFailed;
}

}  // namespace ics::cli
