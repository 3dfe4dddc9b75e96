// Quality-improvement projects over HTTP (issue 5): projects with their charter, team
// across organisations, measures (outcome, process, balancing) with their series charted
// by the SPC engine and PDSA cycles drawn on them as annotations, the IHI progress score
// with its history, measure data imported as CSV or JSON, and a dashboard across projects.
//
//   /api/v1/improvement/...   JSON for the web app and machine clients
//
// Who may do what:
//   - read every project and the dashboard: qi_lead, clinician, analyst, oversight,
//     board_member (QI data is about services, never about patients);
//   - create projects: qi_lead;
//   - edit a project (charter, measures, data, PDSA cycles, scores): qi_lead, or a member of
//     its team whose account has the project permission edit or admin;
//   - manage the team: qi_lead, or a team member with admin permission.
// Writes are audited in the store; a stale row_version is 409.
#pragma once

#include <memory>

#include "api/http.h"
#include "store/store.h"

namespace ics::api {

struct QiOptions {
  std::shared_ptr<store::Store> store;  // without it the routes answer 503
};

void AddQiRoutes(Router& router, QiOptions options);

// `ics serve --demo`: when the store holds no QI project, adds four synthetic ones for the
// Derbyshire example's providers (charters, teams, measures with 30-36 monthly points that
// improve after a PDSA cycle, PDSA cycles, score histories). Deterministic; audited as
// "ics serve --demo". Returns how many projects it added (0 when there were some already).
Result<int> SeedQiDemoProjects(store::Store& store);

}  // namespace ics::api
