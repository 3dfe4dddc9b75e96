// Quality-improvement projects in the store: projects, their teams, measures with their data, PDSA cycles and progress scores (migration 6). Written once for both backends on StoreCore; every write is audited in its own transaction.
#pragma once

#include "base/status.h"

namespace ics::store {

namespace internal {
class StoreCore;
}  // namespace internal

// Reached through Store::qi_projects(); thread-safe like the Store.
class QiProjectTables {
 public:
  explicit QiProjectTables(internal::StoreCore& core) : core_(core) {}

 private:
  [[maybe_unused]] internal::StoreCore& core_;
};

}  // namespace ics::store
