// One table shape for the finance adapters: columns with a kind (text, £k, ratio, ...) and
// cells that carry both the exact text (for CSV) and the number (for spreadsheets), written as
// CSV or as an Excel workbook in the layout finance teams use (a title line, a bold header row
// frozen in place, £k as #,##0 with the pence kept in the cell, ratios as 0.00%, a filter,
// notes below). XLSX needs libxlsxwriter at build time (ICS_HAVE_XLSXWRITER); without it the
// writers return an error that says how to get it.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/status.h"
#include "finance/money.h"

namespace ics::finance::io {

enum class ColumnKind { kText, kMoneyK, kRatio, kNumber, kInteger, kPounds };

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::kText;
};

struct Cell {
  std::string text;             // exact text for CSV (£k to the penny, shortest doubles)
  std::optional<double> value;  // the number, for spreadsheets
};

// Shortest text that reads back as the same double.
std::string Num(double v);
// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
std::string CsvField(const std::string& s);

inline Cell TextCell(std::string s) { return {std::move(s), std::nullopt}; }
inline Cell MoneyCell(Money m) { return {m.ToShortThousandsString(), m.ToThousands()}; }
inline Cell NumberCell(double v) { return {Num(v), v}; }
inline Cell EmptyCell() { return {"", std::nullopt}; }

struct Table {
  std::string sheet;  // XLSX sheet name (≤ 31 characters)
  std::string title;  // first line of the sheet
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> notes;  // below the table in the sheet
};

// The header row and one line per row (notes and title are for spreadsheets only).
void WriteCsv(const Table& t, std::ostream& out);

// Whether this build writes XLSX.
bool XlsxAvailable();

// Each table to a sheet of the workbook at `path`. InvalidArgument located at `path` when it
// cannot be written or XLSX is not built in.
Status WriteXlsx(const std::string& path, const std::vector<Table>& tables);

// The workbook's bytes (written through a temporary file that is removed). Unavailable when
// XLSX is not built in or no temporary file can be made.
Result<std::string> XlsxBytes(const std::vector<Table>& tables);

}  // namespace ics::finance::io
