// `ics authority FILE --function F --value POUNDS ...`: who may take a decision, with the
// chain of delegation and the scheme's clauses. `ics conflicts FILE --meeting ID`: per
// agenda item, the conflicted members, the action the guidance prescribes, who presides
// and the quorum after withdrawals, and whether a decision may be recorded.
#include <CLI/CLI.hpp>

#include <ctime>
#include <iostream>

#include "authority/authority.h"
#include "authority/meetings.h"
#include "base/text.h"
#include "cli/commands.h"
#include "cli/input.h"
#include "definition/loader.h"
#include "render/authority_json.h"
#include "render/json.h"

namespace ics::cli {

namespace {

Date Today() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return Date{utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday};
}

struct Style {
  const char* bold = "";
  const char* dim = "";
  const char* red = "";
  const char* green = "";
  const char* reset = "";
};

Style MakeStyle() {
  if (StdoutWantsColour()) return {"\033[1m", "\033[2m", "\033[31m", "\033[32m", "\033[0m"};
  return {};
}

// Loads the definition or prints its errors; nullopt means exit 2.
std::optional<definition::LoadOutcome> Load(const std::string& verb, const std::string& file, bool json) {
  auto fail = [&](const Status& s) {
    if (json) std::cout << render::ErrorJson(s, 2) << "\n";
    else std::cerr << "ics " << verb << ": " << s.ToString() << "\n";
  };
  if (file.empty()) {
    fail(InvalidArgument("give the definition file, e.g. examples/derby-derbyshire/ics.yaml"));
    return std::nullopt;
  }
  Result<std::string> text = ReadInput(file, 256u << 20);
  if (!text.ok()) {
    fail(text.status());
    return std::nullopt;
  }
  definition::LoadOutcome loaded = definition::LoadDefinition(*text, file == "-" ? "<stdin>" : file);
  if (!loaded.ok()) {
    if (json) {
      std::cout << render::LoadErrorsJson(loaded.errors, 2) << "\n";
    } else {
      for (const auto& e : loaded.errors) std::cerr << e.where << ": error: " << e.message << "\n";
      std::cerr << "ics " << verb << ": " << loaded.errors.size() << " error(s) in the definition\n";
    }
    return std::nullopt;
  }
  return loaded;
}

int Usage(CLI::App& app, const CLI::ParseError& e) {
  int code = app.exit(e);
  return code == 0 ? kExitOk : kExitBadInput;
}

void PrintAnswer(const authority::DecisionQuery& q, const authority::AuthorityAnswer& a, const std::string& system,
                 const authority::AuthorityIndex& index, const Style& s) {
  std::cout << s.bold << system << ": who may decide '" << a.function_name << "'" << s.reset << "\n  "
            << authority::FormatPounds(q.value_pence) << " on " << q.date.ToIso();
  if (!q.place.empty()) std::cout << ", for " << index.HolderLabel(q.place);
  if (!q.counterparty.empty()) std::cout << ", with " << index.HolderLabel(q.counterparty);
  std::cout << "\n\n";
  std::string outcome(authority::Name(a.outcome));
  for (char& c : outcome) c = c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::cout << (a.IsFinding() ? s.red : s.green) << s.bold << outcome << s.reset << "  " << a.summary << "\n";
  for (size_t i = 0; i < a.deciders.size(); ++i) {
    const authority::Decider& d = a.deciders[i];
    std::cout << "\n" << s.bold << "Chain of delegation" << (a.deciders.size() > 1 ? " " + std::to_string(i + 1) : "")
              << s.reset << " (to " << d.holder_label << "):\n";
    for (size_t k = 0; k < d.chain.size(); ++k) {
      const authority::Step& step = d.chain[k];
      std::cout << "  " << std::string(k * 2, ' ') << (k == 0 ? "" : "-> ") << step.holder_label;
      if (!step.delegation.empty()) {
        std::cout << "  " << s.dim << "[" << (step.clause.empty() ? "no clause" : "clause " + step.clause) << ", "
                  << step.delegation;
        if (step.limit_pence) std::cout << ", limit " << authority::FormatPounds(*step.limit_pence);
        if (!step.statutory_basis.empty()) std::cout << ", " << step.statutory_basis;
        std::cout << "]" << s.reset;
      }
      std::cout << "\n";
    }
  }
  if (!a.reserved.empty()) {
    std::cout << "\n" << s.bold << "Reserved to the board:" << s.reset << "\n";
    for (const auto& r : a.reserved)
      std::cout << "  " << r.delegation << (r.clause.empty() ? "" : " (clause " + r.clause + ")")
                << (r.statutory_basis.empty() ? "" : ", " + r.statutory_basis) << "\n";
  }
  if (!a.notes.empty()) {
    std::cout << "\n" << s.bold << "Also considered:" << s.reset << "\n";
    for (const auto& n : a.notes) std::cout << "  - " << n << "\n";
  }
}

}  // namespace

int RunAuthority(int argc, char** argv) {
  CLI::App app{"Who may take a decision: the decider, the chain of delegation from the board with the scheme's "
               "clause at each step, and what is reserved.\nExit 0: one decider; 1: nobody may take it, or two "
               "bodies may (a finding); 2: bad input.",
               "ics authority"};
  std::string file, function, place, value_text, date_text, counterparty;
  bool json = false, list = false;
  app.add_option("file", file, "the definition (.yaml), or - for standard input");
  app.add_option("--function", function, "the function: its id in the decision map, its name, or the scheme's wording");
  app.add_option("--place", place, "the place the decision is for (place id)");
  app.add_option("--value", value_text, "the decision's value in pounds, e.g. 250000 or 1,250,000.50");
  app.add_option("--date", date_text, "the day of the decision (YYYY-MM-DD); default: the definition's as_of, else today");
  app.add_option("--counterparty", counterparty, "the other party's organisation code (ODS or ONS)");
  app.add_flag("--list", list, "list the functions of the decision map and the scheme, and exit");
  app.add_flag("--json", json, "write the answer as JSON");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return Usage(app, e);
  }
  auto fail = [&](const Status& status) {
    if (json) std::cout << render::ErrorJson(status, 2) << "\n";
    else std::cerr << "ics authority: " << status.ToString() << "\n";
    return kExitBadInput;
  };
  std::optional<definition::LoadOutcome> loaded = Load("authority", file, json);
  if (!loaded) return kExitBadInput;
  const model::IcsSystem& sys = loaded->system;
  authority::AuthorityIndex index(sys);
  authority::DecisionQuery q;
  q.date = sys.system.as_of.value_or(Today());
  if (!date_text.empty()) {
    std::string why;
    std::optional<Date> d = ParseIsoDate(date_text, &why);
    if (!d) return fail(InvalidArgument("--date: " + why));
    q.date = *d;
  }
  if (list) {
    if (json) {
      std::cout << render::DecisionMapJson(index, q.date, 2) << "\n";
    } else {
      for (const auto& f : index.functions())
        std::cout << f.key << (f.key == f.name ? "" : "  " + f.name) << "  (" << model::Name(f.source) << ", "
                  << f.lines.size() << " scheme line(s))\n";
    }
    return kExitOk;
  }
  if (function.empty()) return fail(InvalidArgument("give --function (ics authority FILE --list lists them)"));
  if (value_text.empty()) return fail(InvalidArgument("give --value in pounds, e.g. --value 250000"));
  std::optional<int64_t> value = authority::ParsePounds(value_text);
  if (!value) return fail(InvalidArgument("--value must be an amount in pounds such as 250000 or 1250.50, not '" +
                                          value_text + "'"));
  q.function = function;
  q.place = place;
  q.value_pence = *value;
  q.counterparty = counterparty;
  Result<authority::AuthorityAnswer> answer = index.Query(q);
  if (!answer.ok()) return fail(answer.status());
  if (json) std::cout << render::AuthorityJson(q, *answer, 2) << "\n";
  else PrintAnswer(q, *answer, sys.system.name, index, MakeStyle());
  return answer->IsFinding() ? kExitCheckFailed : kExitOk;
}

int RunConflicts(int argc, char** argv) {
  CLI::App app{"Conflicts of interest and quorum for a meeting: per agenda item the conflicted members, the interest, "
               "the action the guidance prescribes, who presides, the quorum after withdrawals, and whether a decision "
               "may be recorded.\nExit 0: every decision item may be decided; 1: a decision item is inquorate or "
               "beyond the body's authority; 2: bad input.",
               "ics conflicts"};
  std::string file, meeting;
  bool json = false, public_only = false;
  app.add_option("file", file, "the definition (.yaml), or - for standard input");
  app.add_option("--meeting", meeting, "the meeting id");
  app.add_flag("--public", public_only, "leave out the confidential part of the agenda");
  app.add_flag("--json", json, "write the review as JSON");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return Usage(app, e);
  }
  std::optional<definition::LoadOutcome> loaded = Load("conflicts", file, json);
  if (!loaded) return kExitBadInput;
  const model::IcsSystem& sys = loaded->system;
  auto fail = [&](const Status& status) {
    if (json) std::cout << render::ErrorJson(status, 2) << "\n";
    else std::cerr << "ics conflicts: " << status.ToString() << "\n";
    return kExitBadInput;
  };
  if (meeting.empty()) {
    std::vector<std::string> ids;
    for (const auto& m : sys.meetings) ids.push_back(m.id);
    return fail(InvalidArgument("give --meeting; the definition's meetings are " +
                                (ids.empty() ? std::string("none") : JoinWithAnd(ids))));
  }
  authority::AuthorityIndex index(sys);
  authority::InterestIndex interests(sys);
  Result<authority::MeetingReport> report = authority::ReviewMeeting(index, interests, meeting);
  if (!report.ok()) return fail(InvalidArgument(report.status().message()));
  std::map<std::string, Status> decisions;
  bool refused = false;
  for (const auto& r : report->items) {
    if (r.item->purpose != model::ItemPurpose::kDecision) continue;
    Status s = authority::CheckDecision(index, interests, meeting, r.item->number);
    if (!s.ok() && s.code() != StatusCode::kFailedPrecondition) return fail(s);
    if (!s.ok() && !(public_only && r.item->part == model::MeetingPart::kConfidential)) refused = true;
    decisions.emplace(r.item->number, s);
  }
  if (json) {
    std::cout << render::ConflictsJson(*report, decisions, public_only, 2) << "\n";
    return refused ? kExitCheckFailed : kExitOk;
  }
  Style st = MakeStyle();
  const model::Meeting& m = *report->meeting;
  std::cout << st.bold << (m.title.empty() ? m.id : m.title) << st.reset << " - " << report->body_label << ", "
            << m.date.ToIso() << "\n"
            << "Quorum: " << report->opening_quorum.rule << "; " << report->opening_quorum.present
            << " voting member(s) present: " << (report->opening_quorum.quorate ? "quorate" : "NOT quorate") << "\n";
  for (const auto& n : report->notes) std::cout << "  note: " << n << "\n";
  for (const auto& r : report->items) {
    const model::AgendaItem& a = *r.item;
    if (public_only && a.part == model::MeetingPart::kConfidential) continue;
    std::cout << "\n" << st.bold << "Item " << a.number << ". " << a.title << st.reset << "  " << st.dim << "("
              << model::Name(a.part) << ", " << model::Name(a.purpose);
    if (a.value_pence) std::cout << ", " << authority::FormatPounds(*a.value_pence);
    if (!a.counterparties.empty()) std::cout << ", with " << JoinWithAnd(a.counterparties);
    std::cout << ")" << st.reset << "\n";
    if (r.conflicts.empty()) std::cout << "  No conflicts of interest.\n";
    for (const auto& c : r.conflicts)
      std::cout << "  " << c.person_label << ": " << model::Name(c.category) << (c.direct || c.category == model::InterestCategory::kIndirect ? "" : " (indirect)")
                << " interest - " << c.interest << " [" << c.because << "]\n"
                << "    action: " << authority::Describe(c.action) << "\n";
    if (!r.presiding_note.empty()) std::cout << "  Presiding: " << r.presiding_note << "\n";
    std::cout << "  Quorum after withdrawals: " << r.quorum.counted << " of " << r.quorum.needed << " needed"
              << (r.quorum.missing.empty() ? "" : ", missing " + JoinWithAnd(r.quorum.missing)) << " - "
              << (r.quorum.quorate ? std::string(st.green) + "quorate" : std::string(st.red) + "INQUORATE")
              << st.reset << "\n";
    if (!r.course.empty()) std::cout << "  " << r.course << "\n";
    if (auto it = decisions.find(a.number); it != decisions.end())
      std::cout << "  Decision: "
                << (it->second.ok() ? std::string(st.green) + "may be recorded" + st.reset
                                    : std::string(st.red) + "may NOT be recorded" + st.reset + ": " + it->second.message())
                << "\n";
  }
  return refused ? kExitCheckFailed : kExitOk;
}

}  // namespace ics::cli
