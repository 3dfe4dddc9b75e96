// JSON renderings shared by the CLI (`--json`) and the HTTP API, so a figure is the same
// number on every face: the model (`/api/v1/system`), a compliance report
// (`ics check --json`, `/api/v1/compliance`) and load errors. Adapter code: pure
// functions from engine results to JSON text. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "definition/loader.h"
#include "governance/rulebook.h"
#include "model/ics.h"

namespace ics::render {

// The whole model as a JSON object (organisations, people, board, committees, ICP,
// places, collaboratives, interests, documents, delegations), with each entity's line.
std::string SystemJson(const model::IcsSystem& system, int indent = -1);

// {"system", "file", "as_of", "rules_evaluated", "rules_not_checkable", "passed",
//  "summary": {"must", "expected", "advisory"}, "findings": [...], "not_checkable": [...]}
std::string ComplianceJson(const model::IcsSystem& system, const governance::CheckReport& report,
                           const Date& as_of, int indent = -1);

// {"error": {"code", "message", "where"}, "errors": [{"message", "where"}, ...]}
std::string LoadErrorsJson(const std::vector<definition::Diagnostic>& errors, int indent = -1);

// {"error": {"code", "message", "where"}} for any Status.
std::string ErrorJson(const Status& status, int indent = -1);

// The rulebook: every rule with id, area, severity, citation, provenance, requirement and
// whether it is checked (with the reason when not).
std::string RulebookJson(int indent = -1);

}  // namespace ics::render
