#include "api/json_body.h"

#include <nlohmann/json.hpp>

#include "base/text.h"

namespace ics::api {

namespace {

constexpr size_t kMaxDepth = 32;

Status FieldError(std::string_view field, std::string message) {
  return InvalidArgument(std::move(message), "body: " + std::string(field));
}

// Line and column of a byte offset, for parse errors.
std::string Position(std::string_view text, size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "body: line " + std::to_string(line) + ", column " + std::to_string(column);
}

bool TooDeep(const nlohmann::json& j, size_t depth = 0) {
  if (depth > kMaxDepth) return true;
  if (j.is_object() || j.is_array())
    for (const auto& child : j) if (TooDeep(child, depth + 1)) return true;
  return false;
}

}  // namespace

JsonBody::JsonBody(nlohmann::json* json) : json_(json) {}
JsonBody::~JsonBody() { delete json_; }
JsonBody::JsonBody(JsonBody&& other) noexcept : json_(other.json_) { other.json_ = nullptr; }
JsonBody& JsonBody::operator=(JsonBody&& other) noexcept {
  std::swap(json_, other.json_);
  return *this;
}

Result<JsonBody> JsonBody::Parse(const Request& request) {
  const std::string* type = request.Header("content-type");
  std::string media = type ? type->substr(0, type->find(';')) : std::string();
  while (!media.empty() && media.back() == ' ') media.pop_back();
  for (char& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (media != "application/json")
    return Status(StatusCode::kFailedPrecondition,
                  "send the body as JSON with the header Content-Type: application/json" +
                      (type ? " (it says '" + *type + "')" : std::string(" (there is none)")),
                  "Content-Type");
  if (request.body.empty()) return InvalidArgument("the body is empty; send a JSON object", "body");
  // Depth is checked while parsing so that deep nesting cannot exhaust the stack.
  size_t depth = 0;
  bool too_deep = false;
  nlohmann::json::parser_callback_t limit = [&](int, nlohmann::json::parse_event_t event, nlohmann::json&) {
    if (event == nlohmann::json::parse_event_t::object_start || event == nlohmann::json::parse_event_t::array_start) {
      if (++depth > kMaxDepth) too_deep = true;
    } else if (event == nlohmann::json::parse_event_t::object_end ||
               event == nlohmann::json::parse_event_t::array_end) {
      --depth;
    }
    return !too_deep;
  };
  try {
    auto* parsed = new nlohmann::json(nlohmann::json::parse(request.body, limit));
    JsonBody body(parsed);
    if (too_deep || TooDeep(*parsed))
      return InvalidArgument("the JSON is nested more than " + std::to_string(kMaxDepth) + " levels deep", "body");
    if (!parsed->is_object()) return InvalidArgument("the body must be a JSON object ({...})", "body");
    return body;
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..."
    size_t colon = what.find(": ");
    std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
    return InvalidArgument("the body is not valid JSON: " + detail, Position(request.body, e.byte ? e.byte - 1 : 0));
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument(std::string("the body is not valid JSON: ") + e.what(), "body");
  }
}

Status JsonBody::OnlyFields(std::initializer_list<std::string_view> known) const {
  for (const auto& [key, value] : json_->items()) {
    bool found = false;
    for (auto k : known) found = found || k == key;
    if (found) continue;
    std::vector<std::string> names(known.begin(), known.end());
    std::string close = ClosestMatch(key, names);
    std::string list;
    for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    return FieldError(key, "unknown field '" + key + "'" + (close.empty() ? "" : "; did you mean '" + close + "'?") +
                               " (the fields are " + list + ")");
  }
  return Status::Ok();
}

bool JsonBody::Has(std::string_view field) const { return json_->contains(field) && !(*json_)[std::string(field)].is_null(); }

Result<std::optional<std::string>> JsonBody::OptionalString(std::string_view field) const {
  if (!Has(field)) return std::optional<std::string>();
  const auto& v = (*json_)[std::string(field)];
  if (!v.is_string()) return FieldError(field, "'" + std::string(field) + "' must be a string");
  return std::optional<std::string>(v.get<std::string>());
}

Result<std::string> JsonBody::String(std::string_view field) const {
  ICS_ASSIGN_OR_RETURN(std::optional<std::string> v, OptionalString(field));
  if (!v) return FieldError(field, "'" + std::string(field) + "' is required");
  return *v;
}

Result<std::optional<int64_t>> JsonBody::OptionalInt(std::string_view field) const {
  if (!Has(field)) return std::optional<int64_t>();
  const auto& v = (*json_)[std::string(field)];
  if (!v.is_number_integer()) return FieldError(field, "'" + std::string(field) + "' must be a whole number");
  if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
    return FieldError(field, "'" + std::string(field) + "' is too large");
  return std::optional<int64_t>(v.get<int64_t>());
}

Result<int64_t> JsonBody::Int(std::string_view field) const {
  ICS_ASSIGN_OR_RETURN(std::optional<int64_t> v, OptionalInt(field));
  if (!v) return FieldError(field, "'" + std::string(field) + "' is required");
  return *v;
}

Result<std::optional<bool>> JsonBody::OptionalBool(std::string_view field) const {
  if (!Has(field)) return std::optional<bool>();
  const auto& v = (*json_)[std::string(field)];
  if (!v.is_boolean()) return FieldError(field, "'" + std::string(field) + "' must be true or false");
  return std::optional<bool>(v.get<bool>());
}

Result<std::optional<std::vector<std::string>>> JsonBody::OptionalStrings(std::string_view field) const {
  if (!Has(field)) return std::optional<std::vector<std::string>>();
  const auto& v = (*json_)[std::string(field)];
  if (!v.is_array()) return FieldError(field, "'" + std::string(field) + "' must be a list of strings");
  std::vector<std::string> out;
  for (const auto& item : v) {
    if (!item.is_string()) return FieldError(field, "'" + std::string(field) + "' must be a list of strings");
    out.push_back(item.get<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

Response ErrorForBody(const Status& status) {
  if (status.code() == StatusCode::kFailedPrecondition && status.where() == "Content-Type")
    return Response::Error(415, "unsupported_media_type", status.message(), status.where());
  return ErrorFor(status);
}

}  // namespace ics::api
