// CsvTable: an RFC 4180 table parsed from text (quoted fields, doubled quotes, CRLF, a UTF-8
// byte-order mark), remembering the physical line each record starts on so every error can
// name file, line and column. Adapter-side helper for the published-table loader; it never
// touches the file system. Thread-safety: a CsvTable is a value.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "finance/money.h"

namespace ics::finance {

class CsvTable {
 public:
  // Parses `text`; `source` (a file name) prefixes every location. Fails on an unterminated
  // quote, an empty header, a duplicated header name or a record whose field count differs
  // from the header's. Blank lines are skipped.
  static Result<CsvTable> Parse(std::string_view text, std::string source);

  const std::string& source() const { return source_; }
  const std::vector<std::string>& header() const { return header_; }
  size_t size() const { return rows_.size(); }
  const std::vector<std::string>& row(size_t r) const { return rows_[r]; }
  const std::string& cell(size_t r, size_t c) const { return rows_[r][c]; }
  // "file:line" of record `r`; "file:1" for the header.
  std::string Where(size_t r) const;
  std::string HeaderWhere() const { return source_ + ":" + std::to_string(header_line_); }

  // Index of the column named exactly `name`, or InvalidArgument naming the file and the
  // closest header ("did you mean ...").
  Result<size_t> Column(std::string_view name) const;

  // Typed cells. Every failure is InvalidArgument at "file:line" with a message naming the
  // column and the offending text; an empty cell is an error, never a zero.
  Result<Money> MoneyCell(size_t r, size_t c, bool allow_negative) const;
  Result<double> NumberCell(size_t r, size_t c, bool allow_negative) const;
  Result<std::string> TextCell(size_t r, size_t c) const;  // non-empty, trimmed

 private:
  std::string source_;
  int header_line_ = 1;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<int> lines_;
};

}  // namespace ics::finance
