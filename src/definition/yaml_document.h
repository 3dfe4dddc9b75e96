// A YAML document as a small tree that keeps the line and column of every node, built
// from yaml-cpp's event parser under hard limits: input size, nesting depth, node count
// and alias expansion (so a "billion laughs" bomb, deep nesting or binary junk gets a
// clear, located error in bounded time and memory). Pure: parses a string, does no I/O.
// Thread-safety: a built YamlDocument is immutable and may be read concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace ics::definition {

struct YamlLimits {
  size_t max_bytes = 256u << 20;        // 256 MiB
  int max_depth = 64;                   // nesting of maps and sequences
  size_t max_nodes = 20'000'000;        // nodes in the text
  size_t max_expanded_nodes = 50'000'000;  // nodes after following aliases
};

class YamlDocument {
 public:
  enum class Kind : uint8_t { kNull, kScalar, kSequence, kMap };

  struct Node {
    Kind kind = Kind::kNull;
    bool quoted = false;  // scalar written in quotes (always a string)
    int line = 0;         // 1-based
    int column = 0;       // 1-based
    std::string value;    // scalar text
    // Sequence: item indices. Map: key, value, key, value, ... indices.
    std::vector<uint32_t> children;
  };

  // Parses `text` (the file's contents; `file` names it in messages). On failure the
  // Status says what is wrong and where ("file:line:col").
  static Result<YamlDocument> Parse(std::string_view text, std::string file,
                                    const YamlLimits& limits = {});

  const Node& root() const { return nodes_[root_]; }
  const Node& node(uint32_t index) const { return nodes_[index]; }
  size_t size() const { return nodes_.size(); }
  const std::string& file() const { return file_; }
  std::string Where(const Node& n) const {
    return file_ + ":" + std::to_string(n.line) + ":" + std::to_string(n.column);
  }

  // Map look-up: the value for `key`, or nullptr.
  const Node* Find(const Node& map, std::string_view key) const;

 private:
  friend class YamlTreeBuilder;
  std::vector<Node> nodes_;
  uint32_t root_ = 0;
  std::string file_;
};

// Checks raw bytes before parsing: rejects NUL and other control bytes and invalid UTF-8
// with the line and column of the first bad byte.
Status CheckTextIsYaml(std::string_view text, const std::string& file);

}  // namespace ics::definition
