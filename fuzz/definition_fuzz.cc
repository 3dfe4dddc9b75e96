// libFuzzer target for the definition loader and the rulebook: any bytes must give either
// a loaded system (which is then checked) or located errors, never a crash, a hang or
// unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "definition/loader.h"
#include "governance/rulebook.h"
#ifdef ICS_FUZZ_AUTHORITY
#include "authority/authority.h"
#include "authority/meetings.h"
#endif

namespace {

#ifdef ICS_FUZZ_AUTHORITY
// Every function at a few values, dates and places; every meeting and every decision item.
void DriveAuthority(const ics::model::IcsSystem& sys) {
  ics::authority::AuthorityIndex index(sys);
  ics::authority::InterestIndex interests(sys);
  const int64_t values[] = {0, 100'00, 250'000'00, 12'000'000'00, INT64_MAX / 4};
  const ics::Date dates[] = {{2021, 1, 1}, {2023, 6, 30}, {2026, 3, 31}};
  size_t n = 0;
  for (const auto& f : index.functions()) {
    if (++n > 64) break;
    for (int64_t v : values)
      for (const ics::Date& d : dates) {
        ics::authority::DecisionQuery q{f.key, "", v, d, ""};
        if (!sys.places.empty()) q.place = sys.places[n % sys.places.size()].id;
        if (!sys.organisations.empty()) q.counterparty = sys.organisations[(n * 7) % sys.organisations.size()].code;
        auto answer = index.Query(q);
        (void)answer;
        (void)index.MayDecide(q, "board");
      }
  }
  for (const auto& m : sys.meetings) {
    auto report = ics::authority::ReviewMeeting(index, interests, m.id);
    (void)report;
    for (const auto& item : m.items) (void)ics::authority::CheckDecision(index, interests, m.id, item.number);
  }
}
#endif

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ics::definition::LoadOptions options;
  options.limits.max_bytes = 1 << 20;
  options.limits.max_expanded_nodes = 200'000;
  ics::definition::LoadOutcome loaded = ics::definition::LoadDefinition(text, "fuzz.yaml", options);
  if (loaded.ok()) {
    ics::governance::CheckReport report = ics::governance::CheckSystem(loaded.system, {});
    (void)report;
#ifdef ICS_FUZZ_AUTHORITY
    DriveAuthority(loaded.system);
#endif
  } else if (loaded.errors.empty() || loaded.errors[0].where.empty()) {
    __builtin_trap();  // a failed load must say where
  }
  return 0;
}
