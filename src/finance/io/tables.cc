#include "finance/io/tables.h"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#ifdef ICS_HAVE_XLSXWRITER
#include <xlsxwriter.h>
#endif

#include "finance/io/load.h"

namespace ics::finance::io {

std::string Num(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("nan");
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void WriteCsv(const Table& t, std::ostream& out) {
  for (size_t i = 0; i < t.columns.size(); ++i) out << (i ? "," : "") << CsvField(t.columns[i].name);
  out << "\n";
  for (const std::vector<Cell>& row : t.rows) {
    for (size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << CsvField(row[i].text);
    out << "\n";
  }
}

bool XlsxAvailable() {
#ifdef ICS_HAVE_XLSXWRITER
  return true;
#else
  return false;
#endif
}

Status WriteXlsx(const std::string& path, const std::vector<Table>& tables) {
#ifdef ICS_HAVE_XLSXWRITER
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return InvalidArgument("cannot create the workbook", path);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_text_wrap(bold);
  format_set_bottom(bold, LXW_BORDER_THIN);
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 13);
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0;[Red]-#,##0");
  lxw_format* ratio = workbook_add_format(wb);
  format_set_num_format(ratio, "0.00%;[Red]-0.00%");
  lxw_format* pounds = workbook_add_format(wb);
  format_set_num_format(pounds, "#,##0.00");
  lxw_format* number = workbook_add_format(wb);
  format_set_num_format(number, "#,##0");
  lxw_format* decimal = workbook_add_format(wb);
  format_set_num_format(decimal, "0.000");
  for (const Table& t : tables) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, t.sheet.substr(0, 31).c_str());
    if (!ws) {
      workbook_close(wb);
      return InvalidArgument("cannot add sheet \"" + t.sheet + "\"", path);
    }
    worksheet_write_string(ws, 0, 0, t.title.c_str(), title);
    const lxw_row_t header = 2;
    worksheet_set_row(ws, header, 45, nullptr);
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const Column& col = t.columns[c];
      worksheet_write_string(ws, header, static_cast<lxw_col_t>(c), col.name.c_str(), bold);
      double width = col.kind == ColumnKind::kText ? (c == 1 ? 44 : 12) : 14;
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr);
    }
    for (size_t r = 0; r < t.rows.size(); ++r) {
      const lxw_row_t row = static_cast<lxw_row_t>(header + 1 + r);
      for (size_t c = 0; c < t.rows[r].size() && c < t.columns.size(); ++c) {
        const Cell& cell = t.rows[r][c];
        const lxw_col_t col = static_cast<lxw_col_t>(c);
        if (!cell.value) {
          if (!cell.text.empty()) worksheet_write_string(ws, row, col, cell.text.c_str(), nullptr);
          continue;
        }
        lxw_format* f = nullptr;
        switch (t.columns[c].kind) {
          case ColumnKind::kMoneyK: f = money; break;
          case ColumnKind::kRatio: f = ratio; break;
          case ColumnKind::kPounds: f = pounds; break;
          case ColumnKind::kInteger: f = number; break;
          case ColumnKind::kNumber: f = decimal; break;
          default: break;
        }
        worksheet_write_number(ws, row, col, *cell.value, f);
      }
    }
    if (!t.columns.empty()) {
      worksheet_freeze_panes(ws, header + 1, 2);
      worksheet_autofilter(ws, header, 0, static_cast<lxw_row_t>(header + t.rows.size()),
                           static_cast<lxw_col_t>(t.columns.size() - 1));
    }
    lxw_row_t note_row = static_cast<lxw_row_t>(header + t.rows.size() + 2);
    for (const std::string& note : t.notes) worksheet_write_string(ws, note_row++, 0, note.c_str(), nullptr);
  }
  lxw_error e = workbook_close(wb);
  if (e != LXW_NO_ERROR) return InvalidArgument(std::string("cannot write the workbook: ") + lxw_strerror(e), path);
  return Status::Ok();
#else
  (void)tables;
  return InvalidArgument("this ics was built without libxlsxwriter (install libxlsxwriter-dev and rebuild)", path);
#endif
}

Result<std::string> XlsxBytes(const std::vector<Table>& tables) {
  if (!XlsxAvailable()) {
    return Status(StatusCode::kUnavailable,
                  "this server was built without libxlsxwriter (install libxlsxwriter-dev and rebuild)", "");
  }
  std::string path = std::filesystem::temp_directory_path().string() + "/ics-finance-XXXXXX";
  int fd = ::mkstemp(path.data());
  if (fd < 0) {
    return Status(StatusCode::kUnavailable, std::string("cannot create a temporary file: ") + std::strerror(errno), "");
  }
  ::close(fd);
  struct Unlink {
    std::string p;
    ~Unlink() { ::unlink(p.c_str()); }
  } unlink_later{path};
  if (Status s = WriteXlsx(path, tables); !s.ok()) {
    return Status(StatusCode::kUnavailable, s.message(), "");  // the temporary path is not the caller's business
  }
  return ReadFile(path);
}

}  // namespace ics::finance::io
