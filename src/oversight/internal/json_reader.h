// Reading the oversight JSON files (registry, rule sets, quality triggers) with errors that
// say where: a syntax error as "file:line:col", a wrong or missing field as
// "file: /json/pointer". Internal to the oversight module (nlohmann-json is private to it).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "oversight/provenance.h"

namespace ics::oversight::internal {

using nlohmann::json;

// Parses `text` (at most 16 MiB, nesting at most 64 deep).
Result<json> ParseJson(std::string_view text, const std::string& source);

// A node and where it is, for located errors.
class Node {
 public:
  Node(const json& j, std::string source, std::string pointer)
      : j_(&j), source_(std::move(source)), pointer_(std::move(pointer)) {}

  const json& value() const { return *j_; }
  std::string Where() const { return source_ + ": " + (pointer_.empty() ? "/" : pointer_); }
  std::string Path() const { return pointer_.empty() ? "/" : pointer_; }
  const std::string& source() const { return source_; }
  Status Error(const std::string& message) const { return InvalidArgument(message, Where()); }

  bool Has(std::string_view key) const;
  Result<Node> Field(std::string_view key) const;  // required
  std::optional<Node> Optional(std::string_view key) const;
  Result<Node> At(size_t i) const;

  Status RequireObject() const;
  Result<std::string> String() const;
  Result<double> Number() const;  // finite
  Result<int> Integer() const;
  Result<bool> Bool() const;
  Result<std::vector<std::string>> Strings() const;
  Result<std::vector<double>> Numbers() const;
  Result<size_t> ArraySize() const;

  Result<std::string> StringField(std::string_view key) const;
  std::string StringOr(std::string_view key, std::string fallback) const;  // wrong type -> fallback
  // {"value": ..., "status": ..., "note"/"source": ...}: the status, and the note (or source).
  Result<Provenance> Status_() const;
  std::string Note() const;

 private:
  const json* j_;
  std::string source_;
  std::string pointer_;
};

}  // namespace ics::oversight::internal
