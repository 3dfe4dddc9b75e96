#include "governance/rulebook.h"

#include <algorithm>
#include <tuple>

#include "governance/check_context.h"

namespace ics::governance {

std::string_view Name(Severity severity) {
  switch (severity) {
    case Severity::kMust: return "must";
    case Severity::kExpected: return "expected";
    case Severity::kAdvisory: return "advisory";
  }
  return "advisory";
}

int CheckReport::Count(Severity s) const {
  return static_cast<int>(std::count_if(findings.begin(), findings.end(),
                                        [s](const Finding& f) { return f.severity == s; }));
}

const std::vector<Rule>& Rulebook() {
  static const std::vector<Rule> rules = [] {
    std::vector<Rule> all;
    AddBoardRules(&all);
    AddEligibilityRules(&all);
    AddMeetingRules(&all);
    AddCommitteeRules(&all);
    AddDocumentRules(&all);
    AddDelegationRules(&all);
    AddPlaceRules(&all);
    AddCollaborativeRules(&all);
    AddPartnershipRules(&all);
    AddTransitionRules(&all);
    AddConflictRules(&all);
    return all;
  }();
  return rules;
}

const Rule* FindRule(std::string_view id) {
  for (const Rule& r : Rulebook())
    if (r.info.id == id) return &r;
  return nullptr;
}

namespace {

class CollectingSink : public FindingSink {
 public:
  CollectingSink(const RuleInfo& info, std::vector<Finding>* out) : info_(info), out_(out) {}
  void Report(const model::SourceLocation& where, std::string message, std::string fix) override {
    Finding f;
    f.rule = info_.id;
    f.severity = info_.severity;
    f.message = std::move(message);
    f.citation = info_.citation;
    f.provenance = info_.provenance;
    f.where = where.ToString();
    f.fix = std::move(fix);
    out_->push_back(std::move(f));
  }

 private:
  const RuleInfo& info_;
  std::vector<Finding>* out_;
};

// "file:12:5" -> (12, 5) for ordering.
std::pair<long, long> LineColumn(const std::string& where) {
  size_t c1 = where.rfind(':');
  if (c1 == std::string::npos || c1 == 0) return {0, 0};
  size_t c0 = where.rfind(':', c1 - 1);
  if (c0 == std::string::npos) return {0, 0};
  return {std::atol(where.c_str() + c0 + 1), std::atol(where.c_str() + c1 + 1)};
}

}  // namespace

CheckReport CheckSystem(const model::IcsSystem& system, const CheckOptions& options) {
  CheckContext ctx(system, options);
  CheckReport report;
  for (const Rule& rule : Rulebook()) {
    if (!rule.check) {
      report.not_checkable.push_back(&rule.info);
      ++report.rules_not_checkable;
      continue;
    }
    CollectingSink sink(rule.info, &report.findings);
    rule.check(ctx, sink);
    ++report.rules_evaluated;
  }
  std::stable_sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
    return std::make_tuple(static_cast<int>(a.severity), LineColumn(a.where), a.rule) <
           std::make_tuple(static_cast<int>(b.severity), LineColumn(b.where), b.rule);
  });
  return report;
}

CheckReport CheckSystemWith(const model::IcsSystem& system, const CheckOptions& options, const Rule& rule) {
  CheckContext ctx(system, options);
  CheckReport report;
  if (!rule.check) return report;
  CollectingSink sink(rule.info, &report.findings);
  rule.check(ctx, sink);
  report.rules_evaluated = 1;
  return report;
}

}  // namespace ics::governance
