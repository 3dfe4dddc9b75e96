// Times the authority engine against peers in the same run:
//  1. authority queries against the national example (42 ICB areas, a scheme per area):
//     each query timed alone for p50/p99/max, against a naive linear scan of every scheme line
//     per query (decider only, no chain), and against loading the definition once;
//  2. conflict detection for a 40-item agenda against a 10,000-entry register of interests:
//     the indexed review (register index + ReviewMeeting with quorum) against a naive scan of
//     the whole register for every item.
// Inputs are generated from a fixed seed, so runs are comparable.
//
// usage: authority_bench [--queries N] FILE   (FILE: examples/national/ics.yaml)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "authority/authority.h"
#include "authority/meetings.h"
#include "definition/loader.h"

namespace {

using Clock = std::chrono::steady_clock;
using ics::authority::AuthorityIndex;
using ics::authority::DecisionQuery;

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

double Median(const std::function<void()>& fn, int runs) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    auto start = Clock::now();
    fn();
    times.push_back(Seconds(start, Clock::now()));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  return v[i];
}

std::string Read(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The peer: scan every line of the scheme for each query, keep the applicable line with the
// smallest limit that covers the value. No chains, no reservations, no conflicts.
const ics::model::Delegation* NaiveQuery(const ics::model::IcsSystem& sys, const DecisionQuery& q,
                                         const std::string& function_name) {
  const ics::model::Delegation* best = nullptr;
  std::string want = Lower(q.function), want_name = Lower(function_name);
  for (const auto& d : sys.delegations) {
    std::string f = Lower(d.function);
    if (f != want && f != want_name) continue;
    if (!d.validity.ActiveOn(q.date) || d.reserved_to_board) continue;
    if (!d.places.empty() && std::find(d.places.begin(), d.places.end(), q.place) == d.places.end()) continue;
    if (d.limit_pence && *d.limit_pence < q.value_pence) continue;
    if (!best || (d.limit_pence && (!best->limit_pence || *d.limit_pence < *best->limit_pence))) best = &d;
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  int n_queries = 100'000;
  const char* file = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--queries") && i + 1 < argc) n_queries = std::atoi(argv[++i]);
    else file = argv[i];
  }
  if (!file) {
    std::fprintf(stderr, "usage: authority_bench [--queries N] examples/national/ics.yaml\n");
    return 2;
  }
  std::string text = Read(file);
  auto t0 = Clock::now();
  ics::definition::LoadOutcome loaded = ics::definition::LoadDefinition(text, file);
  auto t1 = Clock::now();
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s: %s\n", loaded.errors[0].where.c_str(), loaded.errors[0].message.c_str());
    return 2;
  }
  ics::model::IcsSystem& sys = loaded.system;
  double load_s = Median([&] { auto again = ics::definition::LoadDefinition(text, file); }, 3);
  double index_s = Median([&] { AuthorityIndex index(sys); }, 11);
  AuthorityIndex index(sys);
  (void)t0, (void)t1;

  // --- 1. Authority queries -------------------------------------------------------------
  std::mt19937_64 rng(20250630);
  std::vector<std::string> functions = {"award-contracts", "award contracts within the financial plan", "pms",
                                        "place-community", "budget", "pod"};
  std::vector<std::string> counterparties;
  for (const auto& o : sys.organisations)
    if (o.IsNhsTrust() || o.kind == ics::model::OrgKind::kGpPractice) counterparties.push_back(o.code);
  std::vector<DecisionQuery> queries;
  std::vector<std::string> names;
  for (int i = 0; i < n_queries; ++i) {
    DecisionQuery q;
    q.function = functions[rng() % functions.size()];
    q.place = sys.places[rng() % sys.places.size()].id;
    double log_value = 3.0 + static_cast<double>(rng() % 4600) / 1000.0;  // £1,000 to about £40m
    q.value_pence = static_cast<int64_t>(std::pow(10.0, log_value)) * 100;
    q.date = ics::Date{2022, 1, 1}.AddDays(static_cast<int64_t>(rng() % 1640));
    if (rng() % 4 == 0) q.counterparty = counterparties[rng() % counterparties.size()];
    queries.push_back(q);
    names.push_back(index.FindFunction(q.function)->name);
  }
  std::vector<double> each;
  each.reserve(queries.size());
  size_t outcomes[6] = {};
  auto all_start = Clock::now();
  for (const auto& q : queries) {
    auto s = Clock::now();
    auto a = index.Query(q);
    auto e = Clock::now();
    each.push_back(Seconds(s, e));
    if (a.ok()) ++outcomes[static_cast<int>(a->outcome)];
  }
  double all_s = Seconds(all_start, Clock::now());
  std::vector<double> naive_each;
  size_t naive_found = 0;
  auto naive_start = Clock::now();
  for (size_t i = 0; i < queries.size(); ++i) {
    auto s = Clock::now();
    naive_found += NaiveQuery(sys, queries[i], names[i]) != nullptr;
    naive_each.push_back(Seconds(s, Clock::now()));
  }
  double naive_s = Seconds(naive_start, Clock::now());

  std::printf("## Authority queries: %s (%zu scheme lines, %zu places, %zu functions)\n\n", file,
              sys.delegations.size(), sys.places.size(), index.functions().size());
  std::printf("| what | median | p99 | max | per query (mean) |\n|---|---|---|---|---|\n");
  std::printf("| `AuthorityIndex::Query` (%d queries, chain, reservations, conflicts) | %.1f µs | %.1f µs | %.1f µs | %.1f µs |\n",
              n_queries, Percentile(each, 0.5) * 1e6, Percentile(each, 0.99) * 1e6, Percentile(each, 1.0) * 1e6,
              all_s / n_queries * 1e6);
  std::printf("| peer: naive scan of every line (decider only) | %.1f µs | %.1f µs | %.1f µs | %.1f µs |\n",
              Percentile(naive_each, 0.5) * 1e6, Percentile(naive_each, 0.99) * 1e6, Percentile(naive_each, 1.0) * 1e6,
              naive_s / n_queries * 1e6);
  std::printf("| peer: loading the definition once | %.1f ms | | | |\n", load_s * 1e3);
  std::printf("| building the index once | %.2f ms | | | |\n\n", index_s * 1e3);
  std::printf("Outcomes: delegated %zu, reserved %zu, above limits %zu, retained %zu, nobody %zu, ambiguous %zu; "
              "naive scan found a line for %zu.\n",
              outcomes[0], outcomes[1], outcomes[2], outcomes[3], outcomes[4], outcomes[5], naive_found);
  std::printf("Ratios: naive scan / query (mean) = %.1fx; loading / query p99 = %.0fx.\n\n", naive_s / all_s,
              load_s / Percentile(each, 0.99));

  // --- 2. Conflict detection ------------------------------------------------------------
  // 10,000 register entries over 2,000 synthetic people plus the board, 40 agenda items.
  std::vector<std::string> orgs;
  for (const auto& o : sys.organisations) orgs.push_back(o.code);
  const char* categories[] = {"financial", "nonfin_professional", "nonfin_personal", "indirect"};
  std::vector<std::string> board;
  for (const auto& s : sys.board.seats)
    if (s.voting && std::find(board.begin(), board.end(), s.person) == board.end()) board.push_back(s.person);
  for (int i = 0; i < 2000; ++i) {
    ics::model::Person p;
    p.id = "p-synthetic-" + std::to_string(i);
    p.name = "Synthetic person " + std::to_string(i);
    sys.people.push_back(std::move(p));
  }
  sys.interests.clear();
  for (int i = 0; i < 10'000; ++i) {
    ics::model::Interest in;
    in.person = i % 10 == 0 ? board[rng() % board.size()] : "p-synthetic-" + std::to_string(rng() % 2000);
    in.category = *ics::model::Parse<ics::model::InterestCategory>(categories[rng() % 4]);
    in.direct = in.category != ics::model::InterestCategory::kIndirect;
    in.org = orgs[rng() % orgs.size()];
    if (rng() % 5 == 0) in.topics = {"topic-" + std::to_string(rng() % 50)};
    in.description = "synthetic interest";
    in.from = ics::Date{2020, 1, 1};
    sys.interests.push_back(std::move(in));
  }
  ics::model::Meeting m;
  m.id = "bench-board";
  m.body = "board";
  m.date = ics::Date{2025, 6, 26};
  m.present = board;
  for (int i = 0; i < 200; ++i) m.in_attendance.push_back("p-synthetic-" + std::to_string(i));
  // Items name counterparties among the organisations board members declared, so conflicts occur.
  std::vector<std::string> declared;
  for (const auto& in : sys.interests)
    if (std::find(board.begin(), board.end(), in.person) != board.end()) declared.push_back(in.org);
  for (int i = 0; i < 40; ++i) {
    ics::model::AgendaItem a;
    a.number = std::to_string(i + 1);
    a.title = "Item " + a.number;
    a.purpose = i % 3 == 0 ? ics::model::ItemPurpose::kInformation : ics::model::ItemPurpose::kDecision;
    a.part = i % 4 == 0 ? ics::model::MeetingPart::kConfidential : ics::model::MeetingPart::kPublic;
    a.function = "award-contracts";
    a.value_pence = 100'000'00;
    a.counterparties = {declared[rng() % declared.size()], orgs[rng() % orgs.size()]};
    if (i % 5 == 0) a.topics = {"topic-" + std::to_string(rng() % 50)};
    m.items.push_back(std::move(a));
  }
  sys.meetings.push_back(m);
  AuthorityIndex big(sys);
  size_t conflicts = 0;
  double index_build = Median([&] { ics::authority::InterestIndex ii(sys); }, 21);
  ics::authority::InterestIndex interests(sys);
  double review = Median(
      [&] {
        auto r = ics::authority::ReviewMeeting(big, interests, "bench-board");
        conflicts = 0;
        for (const auto& item : r->items) conflicts += item.conflicts.size();
      },
      51);
  size_t naive_conflicts = 0;
  double naive = Median(
      [&] {
        naive_conflicts = 0;
        const auto& meeting = sys.meetings.back();
        std::vector<std::string> here = meeting.present;
        here.insert(here.end(), meeting.in_attendance.begin(), meeting.in_attendance.end());
        for (const auto& item : meeting.items)
          for (const auto& person : here)
            for (const auto& in : sys.interests) {
              if (in.person != person) continue;
              bool hit = false;
              for (const auto& c : item.counterparties) hit |= in.org == c;
              for (const auto& t : item.topics)
                hit |= std::find(in.topics.begin(), in.topics.end(), t) != in.topics.end();
              if (hit) {
                ++naive_conflicts;
                break;
              }
            }
      },
      5);
  std::printf("## Conflict detection: 40-item agenda, 10,000-entry register, %zu people present or attending\n\n",
              m.present.size() + m.in_attendance.size());
  std::printf("| what | median |\n|---|---|\n");
  std::printf("| `InterestIndex` build (once per register) | %.3f ms |\n", index_build * 1e3);
  std::printf("| `ReviewMeeting` (conflicts, actions, presiding, quorum per item) | %.3f ms |\n", review * 1e3);
  std::printf("| index build + review | %.3f ms |\n", (index_build + review) * 1e3);
  std::printf("| peer: naive scan (register x people x items, matching only) | %.3f ms |\n\n", naive * 1e3);
  std::printf("Conflicted member-items found: %zu (naive: %zu). Ratio naive / (index + review) = %.1fx.\n", conflicts,
              naive_conflicts, naive / (index_build + review));
  return 0;
}
