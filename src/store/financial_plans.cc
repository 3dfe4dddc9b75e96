// FinancialPlanTables: the SQL and the audited writes (see financial_plans.h).
#include "store/financial_plans.h"

#include "store/internal/store_core.h"

namespace ics::store {}  // namespace ics::store
