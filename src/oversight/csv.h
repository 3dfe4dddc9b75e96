// CsvTable: an RFC 4180 table parsed from text (quoted fields with commas, doubled quotes
// and line breaks, CRLF, a UTF-8 byte-order mark; blank lines skipped), each record
// remembering the physical line it starts on so that every error names file and line.
// Never touches the file system. Thread-safety: a CsvTable is a value.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace ics::oversight {

class CsvTable {
 public:
  // Fails on an unterminated quote, text after a closing quote, an empty or duplicated
  // header name, a record whose field count differs from the header's, a NUL byte, or more
  // than `max_records` records (ResourceExhausted).
  static Result<CsvTable> Parse(std::string_view text, std::string source,
                                size_t max_records = 5'000'000);

  const std::string& source() const { return source_; }
  const std::vector<std::string>& header() const { return header_; }
  size_t size() const { return rows_.size(); }
  // Trimmed of surrounding spaces and tabs.
  const std::string& cell(size_t r, size_t c) const { return rows_[r][c]; }
  std::string Where(size_t r) const { return source_ + ":" + std::to_string(lines_[r]); }

  std::optional<size_t> Column(std::string_view name) const;
  // The column, or InvalidArgument naming the file's header line, the columns it has, and
  // the closest name ("did you mean ...").
  Result<size_t> RequireColumn(std::string_view name) const;

 private:
  std::string source_;
  size_t header_line_ = 1;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<size_t> lines_;
};

}  // namespace ics::oversight
