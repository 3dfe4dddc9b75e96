// FinancialPlanTables: the SQL and the audited writes (see financial_plans.h).
#include "store/financial_plans.h"

#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "store/internal/store_core.h"

namespace ics::store {

namespace {

using internal::AsInt;
using internal::AsText;
using internal::CheckText;
using internal::Param;
using internal::Row;
using internal::Rows;
using internal::Session;
using internal::Sql;
using internal::WriteTx;

#define ICS_IMPORT_COLUMNS                                                                            \
  "id, year, file_name, sha256, bytes, line_count, imported_by, imported_at, "                              \
  "CASE WHEN id = (SELECT max(i2.id) FROM ledger_imports i2 WHERE i2.year = ledger_imports.year) " \
  "THEN 1 ELSE 0 END"
constexpr Sql kImportInsert{"ledger_import_insert",
                            "INSERT INTO ledger_imports (year, file_name, sha256, bytes, line_count, imported_by, "
                            "imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
constexpr Sql kImportList{"ledger_import_list",
                          "SELECT " ICS_IMPORT_COLUMNS " FROM ledger_imports WHERE ($1 = '' OR year = $1) "
                          "ORDER BY id DESC",
                          "SELECT " ICS_IMPORT_COLUMNS " FROM ledger_imports WHERE ($1::text = '' OR year = "
                          "$1::text) ORDER BY id DESC"};
constexpr Sql kImportGet{"ledger_import_get", "SELECT " ICS_IMPORT_COLUMNS " FROM ledger_imports WHERE id = $1"};
constexpr Sql kImportCurrent{"ledger_import_current",
                             "SELECT " ICS_IMPORT_COLUMNS " FROM ledger_imports WHERE year = $1 "
                             "ORDER BY id DESC LIMIT 1"};
#undef ICS_IMPORT_COLUMNS
constexpr Sql kLineInsert{"ledger_line_insert",
                          "INSERT INTO ledger_lines (import_id, seq, organisation, name, kind, category, month, "
                          "plan_pence, actual_pence, source_line) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"};
constexpr Sql kLineList{"ledger_line_list",
                        "SELECT organisation, name, kind, category, month, plan_pence, actual_pence, source_line "
                        "FROM ledger_lines WHERE import_id = $1 ORDER BY seq"};

LedgerImport ToImport(const Row& row) {
  LedgerImport i;
  i.id = AsInt(row[0]);
  i.year = AsText(row[1]);
  i.file_name = AsText(row[2]);
  i.sha256 = AsText(row[3]);
  i.bytes = AsInt(row[4]);
  i.rows = AsInt(row[5]);
  i.imported_by = AsText(row[6]);
  i.imported_at = AsText(row[7]);
  i.current = AsInt(row[8]) != 0;
  return i;
}

PlanLine ToLine(const Row& row) {
  PlanLine l;
  l.organisation = AsText(row[0]);
  l.name = AsText(row[1]);
  l.kind = AsText(row[2]);
  l.category = AsText(row[3]);
  l.month = static_cast<int>(AsInt(row[4]));
  l.plan_pence = AsInt(row[5]);
  if (row[6]) l.actual_pence = AsInt(row[6]);
  l.where = AsText(row[7]);
  return l;
}

// "2025/26": four digits, a slash, the next year's last two digits.
bool IsYear(const std::string& y) {
  if (y.size() != 7 || y[4] != '/') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6})
    if (y[i] < '0' || y[i] > '9') return false;
  const int first = std::stoi(y.substr(0, 4));
  return std::stoi(y.substr(5, 2)) == (first + 1) % 100;
}

Status CheckLines(const std::vector<PlanLine>& lines) {
  if (lines.empty()) return InvalidArgument("a ledger import needs at least one monthly line", "lines");
  std::set<std::tuple<std::string, std::string, std::string, int>> seen;
  for (size_t i = 0; i < lines.size(); ++i) {
    const PlanLine& l = lines[i];
    const std::string at = l.where.empty() ? "lines[" + std::to_string(i) + "]" : l.where;
    if (l.organisation.empty()) return InvalidArgument("a line needs its organisation", at);
    if (l.category.empty()) return InvalidArgument("a line needs its category", at);
    if (l.kind != "income" && l.kind != "expenditure")
      return InvalidArgument("kind \"" + l.kind + "\" is not income or expenditure", at);
    if (l.month < 0 || l.month > 11) return InvalidArgument("month " + std::to_string(l.month) + " is not 0..11", at);
    for (auto [value, field] : {std::pair{&l.organisation, "organisation"}, {&l.name, "name"},
                                {&l.category, "category"}, {&l.where, "where"}})
      ICS_RETURN_IF_ERROR(CheckText(*value, field));
    if (!seen.emplace(l.organisation, l.kind, l.category, l.month).second)
      return InvalidArgument(l.organisation + " " + l.kind + " \"" + l.category + "\" has two lines for month " +
                                 std::to_string(l.month),
                             at);
  }
  return Status::Ok();
}

}  // namespace

Result<LedgerImport> FinancialPlanTables::ImportLedger(const NewLedgerImport& in, const std::string& actor) {
  if (actor.empty()) return InvalidArgument("say who is importing the ledger", "actor");
  if (!IsYear(in.year)) return InvalidArgument("year \"" + in.year + "\" is not a financial year such as 2025/26", "year");
  if (in.file_name.empty()) return InvalidArgument("the ledger needs a file name", "file_name");
  ICS_RETURN_IF_ERROR(CheckText(in.file_name, "file_name"));
  ICS_RETURN_IF_ERROR(CheckText(in.sha256, "sha256"));
  ICS_RETURN_IF_ERROR(CheckText(actor, "actor"));
  ICS_RETURN_IF_ERROR(CheckLines(in.lines));
  ICS_ASSIGN_OR_RETURN(WriteTx tx, core_.BeginWrite());
  const Param year[] = {in.year};
  ICS_ASSIGN_OR_RETURN(Rows previous, tx.session->Run(kImportCurrent, year));
  const std::string at = core_.Now();
  LedgerImport out;
  out.year = in.year;
  out.file_name = in.file_name;
  out.sha256 = in.sha256;
  out.bytes = in.bytes;
  out.rows = static_cast<int64_t>(in.lines.size());
  out.imported_by = actor;
  out.imported_at = at;
  out.current = true;
  const Param insert[] = {out.year, out.file_name, out.sha256, out.bytes, out.rows, actor, at};
  ICS_ASSIGN_OR_RETURN(Rows inserted, tx.session->Run(kImportInsert, insert));
  if (inserted.rows.empty()) return Internal("storing the ledger import returned no id");
  out.id = AsInt(inserted.rows[0][0]);
  for (size_t i = 0; i < in.lines.size(); ++i) {
    const PlanLine& l = in.lines[i];
    const Param line[] = {out.id,
                          static_cast<int64_t>(i),
                          l.organisation,
                          l.name,
                          l.kind,
                          l.category,
                          int64_t{l.month},
                          l.plan_pence,
                          l.actual_pence ? Param(*l.actual_pence) : Param(nullptr),
                          l.where};
    ICS_RETURN_IF_ERROR(tx.session->Run(kLineInsert, line).status());
  }
  nlohmann::json detail = {{"year", out.year},     {"file_name", out.file_name}, {"sha256", out.sha256},
                           {"bytes", out.bytes},   {"rows", out.rows}};
  if (!previous.rows.empty()) detail["replaces"] = AsInt(previous.rows[0][0]);
  ICS_RETURN_IF_ERROR(
      core_.Append(tx, {actor, "ledger.import", "ledger_import/" + std::to_string(out.id), internal::DumpJson(detail)},
                   at)
          .status());
  ICS_RETURN_IF_ERROR(tx.session->Commit());
  return out;
}

Result<std::vector<LedgerImport>> FinancialPlanTables::ListImports(const std::string& year) {
  ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, core_.BeginRead());
  const Param key[] = {year};
  ICS_ASSIGN_OR_RETURN(Rows rows, session->Run(kImportList, key));
  std::vector<LedgerImport> out;
  out.reserve(rows.rows.size());
  for (const Row& row : rows.rows) out.push_back(ToImport(row));
  return out;
}

Result<std::optional<StoredLedger>> FinancialPlanTables::CurrentLedger(const std::string& year) {
  ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, core_.BeginRead());
  const Param key[] = {year};
  ICS_ASSIGN_OR_RETURN(Rows rows, session->Run(kImportCurrent, key));
  if (rows.rows.empty()) return std::optional<StoredLedger>();
  StoredLedger out;
  out.import = ToImport(rows.rows[0]);
  const Param id[] = {out.import.id};
  ICS_ASSIGN_OR_RETURN(Rows lines, session->Run(kLineList, id));
  out.lines.reserve(lines.rows.size());
  for (const Row& row : lines.rows) out.lines.push_back(ToLine(row));
  return std::optional<StoredLedger>(std::move(out));
}

Result<StoredLedger> FinancialPlanTables::GetImport(int64_t id) {
  ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, core_.BeginRead());
  const Param key[] = {id};
  ICS_ASSIGN_OR_RETURN(Rows rows, session->Run(kImportGet, key));
  if (rows.rows.empty())
    return NotFound("there is no ledger import " + std::to_string(id) + " (ics ledger list shows them)",
                    "ledger_import/" + std::to_string(id));
  StoredLedger out;
  out.import = ToImport(rows.rows[0]);
  ICS_ASSIGN_OR_RETURN(Rows lines, session->Run(kLineList, key));
  for (const Row& row : lines.rows) out.lines.push_back(ToLine(row));
  return out;
}

}  // namespace ics::store
