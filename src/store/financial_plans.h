// Monthly financial plans and actuals per organisation in the store, imported from CSV (migration 7). Written once for both backends on StoreCore; every write is audited in its own transaction.
#pragma once

#include "base/status.h"

namespace ics::store {

namespace internal {
class StoreCore;
}  // namespace internal

// Reached through Store::financial_plans(); thread-safe like the Store.
class FinancialPlanTables {
 public:
  explicit FinancialPlanTables(internal::StoreCore& core) : core_(core) {}

 private:
  [[maybe_unused]] internal::StoreCore& core_;
};

}  // namespace ics::store
