// libFuzzer target for ledger files as the plans and actuals import reads them: every
// located error at once (finance::LedgerErrors), and for a file it accepts, the parsed
// ledger, each organisation's plan against actual, the system position and the MHIS spend
// of two ledgers. A crash, a hang or an accepted file that ParseLedger refuses is a finding.
// Seeds: fuzz/ledger_seeds (the demo and golden ledgers, a file of bad cells).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "finance/ledger.h"
#include "finance/plan_actual.h"

namespace fin = ics::finance;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::vector<ics::Status> errors = fin::LedgerErrors(text, "ledger.csv", "2025/26", 20);
  if (errors.size() > 20) std::abort();
  for (const ics::Status& s : errors) {
    if (s.ok() || s.where().empty()) std::abort();  // every error is located
  }
  ics::Result<fin::Ledger> ledger = fin::ParseLedger(text, "ledger.csv", "2025/26");
  if (errors.empty() != ledger.ok()) std::abort();  // the two readers agree
  if (!ledger.ok()) return 0;
  std::set<std::string> organisations;
  for (const fin::LedgerLine& l : ledger->lines) organisations.insert(l.organisation);
  for (const std::string& org : organisations) {
    ics::Result<fin::OrganisationPlanActual> r = fin::PlanActualFor(*ledger, org);
    if (r.ok() && (r->months_reported < 0 || r->months_reported > 12)) std::abort();
  }
  fin::Envelope envelope;
  envelope.icb = organisations.empty() ? "" : *organisations.begin();
  envelope.year = "2025/26";
  (void)fin::AssessSystem(*ledger, envelope, std::nullopt, {});
  if (!organisations.empty()) (void)fin::MhisSpendFromLedgers(*ledger, *ledger, *organisations.begin());
  return 0;
}
