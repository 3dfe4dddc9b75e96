#include "definition/yaml_document.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <unordered_map>

namespace ics::definition {

namespace {

// Thrown inside the event handler to stop parsing at a limit; never leaves this file.
struct LimitExceeded {
  std::string message;
  int line;
  int column;
};

}  // namespace

class YamlTreeBuilder : public YAML::EventHandler {
 public:
  YamlTreeBuilder(YamlDocument* doc, const YamlLimits& limits) : doc_(doc), limits_(limits) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Add(YamlDocument::Kind::kNull, mark, anchor, {}, false);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) throw LimitExceeded{"alias to an unknown anchor", mark.line + 1, mark.column + 1};
    expanded_ += expanded_size_[it->second];
    if (expanded_ > limits_.max_expanded_nodes) {
      throw LimitExceeded{"aliases expand the document beyond " + std::to_string(limits_.max_expanded_nodes) +
                              " nodes (a 'YAML bomb'); write the items out instead of nesting aliases",
                          mark.line + 1, mark.column + 1};
    }
    Attach(it->second);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Add(YamlDocument::Kind::kScalar, mark, anchor, value, tag == "!");
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(YamlDocument::Kind::kSequence, mark, anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(YamlDocument::Kind::kMap, mark, anchor);
  }
  void OnMapEnd() override { Close(); }

  bool saw_root() const { return saw_root_; }

 private:
  uint32_t NewNode(YamlDocument::Kind kind, const YAML::Mark& mark, std::string value, bool quoted) {
    if (doc_->nodes_.size() >= limits_.max_nodes) {
      throw LimitExceeded{"the document has more than " + std::to_string(limits_.max_nodes) + " nodes",
                          mark.line + 1, mark.column + 1};
    }
    YamlDocument::Node n;
    n.kind = kind;
    n.quoted = quoted;
    n.line = mark.line + 1;
    n.column = mark.column + 1;
    n.value = std::move(value);
    doc_->nodes_.push_back(std::move(n));
    expanded_size_.push_back(1);
    ++expanded_;
    return static_cast<uint32_t>(doc_->nodes_.size() - 1);
  }

  void Attach(uint32_t index) {
    if (stack_.empty()) {
      if (!saw_root_) doc_->root_ = index;
      saw_root_ = true;
      return;
    }
    doc_->nodes_[stack_.back()].children.push_back(index);
    expanded_size_[stack_.back()] += expanded_size_[index];
  }

  void Add(YamlDocument::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor, std::string value,
           bool quoted) {
    uint32_t index = NewNode(kind, mark, std::move(value), quoted);
    if (anchor) anchors_[anchor] = index;
    Attach(index);
  }

  void Open(YamlDocument::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      throw LimitExceeded{"nesting is deeper than " + std::to_string(limits_.max_depth) +
                              " levels; a definition needs far fewer",
                          mark.line + 1, mark.column + 1};
    }
    uint32_t index = NewNode(kind, mark, {}, false);
    if (anchor) anchors_[anchor] = index;
    stack_.push_back(index);
  }

  void Close() {
    uint32_t index = stack_.back();
    stack_.pop_back();
    Attach(index);
  }

  YamlDocument* doc_;
  YamlLimits limits_;
  std::vector<uint32_t> stack_;
  std::unordered_map<YAML::anchor_t, uint32_t> anchors_;
  std::vector<size_t> expanded_size_;
  size_t expanded_ = 0;
  bool saw_root_ = false;
};

Status CheckTextIsYaml(std::string_view text, const std::string& file) {
  int line = 1, column = 1;
  auto where = [&] { return file + ":" + std::to_string(line) + ":" + std::to_string(column); };
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
      ++i;
      continue;
    }
    if (c < 0x20 && c != '\t' && c != '\r') {
      return InvalidArgument("byte 0x" + std::string(1, "0123456789abcdef"[c >> 4]) +
                                 std::string(1, "0123456789abcdef"[c & 15]) +
                                 " is not text: this does not look like a YAML definition (binary file?)",
                             where());
    }
    size_t length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool valid = length > 0 && i + length <= text.size();
    for (size_t k = 1; valid && k < length; ++k) valid = (static_cast<unsigned char>(text[i + k]) >> 6) == 2;
    if (!valid) return InvalidArgument("invalid UTF-8: save the file as UTF-8 text", where());
    i += length;
    ++column;
  }
  return Status::Ok();
}

Result<YamlDocument> YamlDocument::Parse(std::string_view text, std::string file, const YamlLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return ResourceExhausted("the file is " + std::to_string(text.size() >> 20) + " MiB; definitions are limited to " +
                                 std::to_string(limits.max_bytes >> 20) + " MiB",
                             file);
  }
  ICS_RETURN_IF_ERROR(CheckTextIsYaml(text, file));
  YamlDocument doc;
  doc.file_ = std::move(file);
  doc.nodes_.reserve(text.size() / 16 + 16);
  try {
    std::istringstream stream{std::string(text)};
    YAML::Parser parser(stream);
    YamlTreeBuilder builder(&doc, limits);
    if (!parser.HandleNextDocument(builder) || !builder.saw_root()) {
      return InvalidArgument("the file is empty: a definition starts with 'system:'", doc.file_ + ":1:1");
    }
    YamlDocument rest;  // a second document is an error; build it apart so indices stay consistent
    YamlTreeBuilder ignore_rest(&rest, limits);
    if (parser.HandleNextDocument(ignore_rest)) {
      return InvalidArgument("more than one YAML document ('---'): put the whole definition in one document",
                             doc.file_);
    }
  } catch (const LimitExceeded& e) {
    return InvalidArgument(e.message, doc.file_ + ":" + std::to_string(e.line) + ":" + std::to_string(e.column));
  } catch (const YAML::Exception& e) {
    return InvalidArgument("YAML syntax: " + e.msg,
                           doc.file_ + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1));
  } catch (const std::exception& e) {
    return InvalidArgument(std::string("cannot read YAML: ") + e.what(), doc.file_);
  }
  doc.nodes_.shrink_to_fit();
  return doc;
}

const YamlDocument::Node* YamlDocument::Find(const Node& map, std::string_view key) const {
  if (map.kind != Kind::kMap) return nullptr;
  for (size_t i = 0; i + 1 < map.children.size(); i += 2) {
    if (nodes_[map.children[i]].value == key) return &nodes_[map.children[i + 1]];
  }
  return nullptr;
}

}  // namespace ics::definition
