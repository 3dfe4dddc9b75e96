#include "oversight/internal/json_reader.h"

#include <cmath>

namespace ics::oversight::internal {
namespace {

std::string Escape(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string TypeName(const json& j) { return j.type_name(); }

}  // namespace

Result<json> ParseJson(std::string_view text, const std::string& source) {
  if (text.size() > (16u << 20)) return ResourceExhausted("file is larger than 16 MiB", source);
  // Nesting is checked before parsing (the parser recurses).
  int depth = 0;
  bool in_string = false, escaped = false;
  size_t line = 1, col = 0;
  for (char c : text) {
    ++col;
    if (c == '\n') {
      ++line;
      col = 0;
    }
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > 64) {
        return InvalidArgument("JSON nested more than 64 deep",
                               source + ":" + std::to_string(line) + ":" + std::to_string(col));
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    size_t offset = std::min<size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    size_t line = 1, col = 1;
    for (size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string msg = e.what();
    if (auto p = msg.find("parse error"); p != std::string::npos) msg = msg.substr(p);
    if (auto p = msg.find(": syntax error"); p != std::string::npos) msg = "syntax error" + msg.substr(p + 13);
    return InvalidArgument("invalid JSON: " + msg, source + ":" + std::to_string(line) + ":" + std::to_string(col));
  } catch (const json::exception& e) {
    return InvalidArgument(std::string("invalid JSON: ") + e.what(), source);
  }
}

bool Node::Has(std::string_view key) const { return j_->is_object() && j_->contains(key); }

Result<Node> Node::Field(std::string_view key) const {
  if (!j_->is_object()) return Error("expected an object, found " + TypeName(*j_));
  auto it = j_->find(key);
  if (it == j_->end()) return Error("missing field \"" + std::string(key) + "\"");
  return Node(*it, source_, pointer_ + "/" + Escape(key));
}

std::optional<Node> Node::Optional(std::string_view key) const {
  if (!j_->is_object()) return std::nullopt;
  auto it = j_->find(key);
  if (it == j_->end() || it->is_null()) return std::nullopt;
  return Node(*it, source_, pointer_ + "/" + Escape(key));
}

Result<Node> Node::At(size_t i) const {
  if (!j_->is_array() || i >= j_->size()) return Error("no element " + std::to_string(i));
  return Node((*j_)[i], source_, pointer_ + "/" + std::to_string(i));
}

Status Node::RequireObject() const {
  if (!j_->is_object()) return Error("expected an object, found " + TypeName(*j_));
  return Status::Ok();
}

Result<std::string> Node::String() const {
  if (!j_->is_string()) return Error("expected a string, found " + TypeName(*j_));
  return j_->get<std::string>();
}

Result<double> Node::Number() const {
  if (!j_->is_number()) return Error("expected a number, found " + TypeName(*j_));
  double v = j_->get<double>();
  if (!std::isfinite(v)) return Error("expected a finite number");
  return v;
}

Result<int> Node::Integer() const {
  if (!j_->is_number_integer()) return Error("expected a whole number, found " + TypeName(*j_));
  const auto v = j_->get<int64_t>();
  if (v < -1000000 || v > 1000000) return Error("number out of range");
  return static_cast<int>(v);
}

Result<bool> Node::Bool() const {
  if (!j_->is_boolean()) return Error("expected true or false, found " + TypeName(*j_));
  return j_->get<bool>();
}

Result<std::vector<std::string>> Node::Strings() const {
  if (!j_->is_array()) return Error("expected an array of strings, found " + TypeName(*j_));
  std::vector<std::string> out;
  for (size_t i = 0; i < j_->size(); ++i) {
    ICS_ASSIGN_OR_RETURN(Node n, At(i));
    ICS_ASSIGN_OR_RETURN(std::string s, n.String());
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<double>> Node::Numbers() const {
  if (!j_->is_array()) return Error("expected an array of numbers, found " + TypeName(*j_));
  std::vector<double> out;
  for (size_t i = 0; i < j_->size(); ++i) {
    ICS_ASSIGN_OR_RETURN(Node n, At(i));
    ICS_ASSIGN_OR_RETURN(double v, n.Number());
    out.push_back(v);
  }
  return out;
}

Result<size_t> Node::ArraySize() const {
  if (!j_->is_array()) return Error("expected an array, found " + TypeName(*j_));
  return j_->size();
}

Result<std::string> Node::StringField(std::string_view key) const {
  ICS_ASSIGN_OR_RETURN(Node n, Field(key));
  return n.String();
}

std::string Node::StringOr(std::string_view key, std::string fallback) const {
  auto n = Optional(key);
  if (!n || !n->value().is_string()) return fallback;
  return n->value().get<std::string>();
}

Result<Provenance> Node::Status_() const {
  ICS_ASSIGN_OR_RETURN(Node s, Field("status"));
  ICS_ASSIGN_OR_RETURN(std::string text, s.String());
  auto p = ParseProvenance(text);
  if (!p.ok()) return s.Error(p.status().message());
  return *p;
}

std::string Node::Note() const {
  std::string note = StringOr("note", "");
  std::string source = StringOr("source", "");
  if (note.empty()) return source;
  if (source.empty()) return note;
  return note + " (" + source + ")";
}

}  // namespace ics::oversight::internal
