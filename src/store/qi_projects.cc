// QiProjectTables: the SQL and the audited writes (see qi_projects.h).
#include "store/qi_projects.h"

#include "store/internal/store_core.h"

namespace ics::store {}  // namespace ics::store
