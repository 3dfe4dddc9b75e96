// libFuzzer target for the finance parsers and the engine behind them: allocation policies
// (JSON), the published-table loader (allocations, baseline and practice CSVs), place maps
// and practice need tables, MHIS spend, running cost allowances, monthly ledgers and what-if
// settings. Any bytes must give a result or a located error (a non-empty `where`), never a
// crash, a hang, undefined behaviour or unbounded memory.
//
// The first byte picks the parser; the rest is its text, split at "\n====\n" where a parser
// takes several files.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "finance/allocation.h"
#include "finance/csv.h"
#include "finance/ledger.h"
#include "finance/mhis.h"
#include "finance/place_budget.h"
#include "finance/policy.h"
#include "finance/published_inputs.h"
#include "finance/whatif.h"

namespace {

namespace fin = ics::finance;

// A failure must say where.
void RequireLocated(const ics::Status& s) {
  if (!s.ok() && s.where().empty()) __builtin_trap();
}

std::vector<std::string_view> Split(std::string_view text, size_t parts) {
  std::vector<std::string_view> out;
  constexpr std::string_view kSep = "\n====\n";
  while (out.size() + 1 < parts) {
    size_t at = text.find(kSep);
    if (at == std::string_view::npos) break;
    out.push_back(text.substr(0, at));
    text.remove_prefix(at + kSep.size());
  }
  out.push_back(text);
  while (out.size() < parts) out.emplace_back();
  return out;
}

// The loader's policy when the input does not carry its own: two ICBs, a baseline with two
// adjustments, practices with targets from the quantum.
constexpr std::string_view kPolicy = R"({
  "year": "2023/24", "stream": "core",
  "method": {"growth": {"basis": "own_target_growth"},
             "convergence": {"distance": "before_growth",
                             "above_target": {"factor": 1, "cap": 0.0071},
                             "below_target": {"factor": "1/15", "cap": 0.002}}},
  "inputs": {
    "allocations": {"file": "alloc.csv", "code_column": "ICB23", "name_column": "Name",
                    "baseline_column": "Baseline", "previous_target_column": "Target",
                    "add_on_columns": ["COVID"]},
    "baseline": {"file": "base.csv", "code_column": "ICB23", "opening_column": "Opening",
                 "adjustment_columns": ["Pay", "Transfer"], "adjusted_column": "Adjusted"},
    "practices": {"file": "practices.csv", "code_column": "Practice_Code", "icb_column": "ICS22",
                  "sub_icb_columns": ["LOC22", "CCG21"], "population_column": "pop",
                  "weight_column": "Final WP"},
    "target": {"method": "weighted_population_share", "quantum_thousands": "2100"},
    "population": {"method": "practices"}
  }
})";

void Loader(std::string_view text) {
  std::vector<std::string_view> parts = Split(text, 4);
  // A policy of its own when the first part parses, else the fixed one.
  ics::Result<fin::AllocationPolicy> own = fin::ParseAllocationPolicy(parts[0], "p.json");
  ics::Result<fin::AllocationPolicy> policy = own.ok() ? own : fin::ParseAllocationPolicy(kPolicy, "p.json");
  if (!policy.ok()) __builtin_trap();
  fin::InputFiles files;
  std::vector<std::string> names = policy->Files();
  for (size_t i = 0; i < names.size() && i < 3; ++i) files[names[i]] = std::string(parts[i + 1]);
  ics::Result<fin::LoadedInputs> inputs = fin::LoadPublishedInputs(*policy, files);
  RequireLocated(inputs.status());
  if (!inputs.ok()) return;
  ics::Result<fin::WhatIfModel> model = fin::WhatIfModel::Create(*policy, *inputs);
  if (!model.ok()) return;
  fin::WhatIf what_if;
  what_if.settings = {{"convergence.cap", "0.02"}};
  if (!inputs->practices.empty()) what_if.practice_weights[inputs->practices.front().code] = 1.5;
  ics::Result<fin::WhatIfResult> r = model->Run(what_if);
  if (!r.ok()) return;
  fin::PathOptions options;
  options.years = 3;
  (void)fin::ProjectPath(r->method, r->scenario, policy->year, options);
}

void Csv(std::string_view text) {
  ics::Result<fin::CsvTable> t = fin::CsvTable::Parse(text, "f.csv");
  RequireLocated(t.status());
  if (!t.ok()) return;
  for (size_t r = 0; r < t->size() && r < 64; ++r) {
    for (size_t c = 0; c < t->header().size(); ++c) {
      RequireLocated(t->MoneyCell(r, c, true).status());
      RequireLocated(t->NumberCell(r, c, false).status());
      RequireLocated(t->TextCell(r, c).status());
    }
  }
  if (!t->header().empty()) RequireLocated(t->Column(t->header()[0] + "x").status());
}

void Ledger(std::string_view text) {
  ics::Result<fin::Ledger> ledger = fin::ParseLedger(text, "ledger.csv", "2025/26");
  RequireLocated(ledger.status());
  if (!ledger.ok()) return;
  fin::Envelope envelope;
  envelope.icb = ledger->lines.front().organisation;
  envelope.year = "2025/26";
  (void)fin::AddEnvelopeLine(&envelope, {"core", "recurrent", fin::Money::FromThousands(1000)});
  fin::RunningCostAllowance rca{envelope.icb, "", fin::Money::FromThousands(10), ""};
  (void)fin::AssessSystem(*ledger, envelope, rca, {});
}

void Places(std::string_view text) {
  std::vector<std::string_view> parts = Split(text, 2);
  fin::NeedTableSpec spec;
  spec.population_column = "pop";
  spec.component_columns = {"MH WP"};
  ics::Result<fin::NeedTable> need = fin::ReadNeedTable(parts[0], "p.csv", spec, "QAA");
  RequireLocated(need.status());
  ics::Result<fin::PlaceMap> map = fin::ParsePlaceMap(parts[1], "m.csv");
  RequireLocated(map.status());
  if (!need.ok()) return;
  RequireLocated(fin::BudgetsByArea(*need, fin::Money::FromThousands(1000)).status());
  if (map.ok()) RequireLocated(fin::BudgetsByPlaceMap(*need, *map, fin::Money::FromThousands(1000)).status());
}

void Spend(std::string_view text) {
  RequireLocated(fin::ParseMhisSpend(text, "mh.csv").status());
  RequireLocated(fin::ParseRunningCostAllowances(text, "rca.csv", "ICB23", "Name", "2025/26 (£k)").status());
}

void Setting(std::string_view text) {
  ics::Result<std::pair<std::string, std::string>> kv = fin::SplitSetting(text, "--set");
  RequireLocated(kv.status());
  if (!kv.ok()) return;
  fin::MethodPolicy method;
  RequireLocated(fin::ApplySetting(&method, kv->first, kv->second, "--set"));
  (void)fin::ParseRatio(kv->second);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 7) {
    case 0: RequireLocated(fin::ParseAllocationPolicy(text, "p.json").status()); break;
    case 1: Loader(text); break;
    case 2: Csv(text); break;
    case 3: Ledger(text); break;
    case 4: Places(text); break;
    case 5: Spend(text); break;
    case 6: Setting(text); break;
  }
  return 0;
}
