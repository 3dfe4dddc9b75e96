#include "store/internal/database.h"

#include <charconv>

namespace ics::store::internal {

int64_t AsInt(const std::optional<std::string>& value) {
  int64_t n = 0;
  if (value) std::from_chars(value->data(), value->data() + value->size(), n);
  return n;
}

std::string AsText(const std::optional<std::string>& value) { return value.value_or(std::string()); }

std::string RedactUrl(std::string_view url) {
  std::string out(url);
  // scheme://user:password@host -> scheme://user:***@host
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t start = scheme + 3;
    size_t end = out.find_first_of("/?", start);
    size_t at = out.rfind('@', end == std::string::npos ? out.size() : end);
    if (at != std::string::npos && at > start) {
      size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // ...?password=secret&... -> ...?password=***&...
  for (size_t pos = out.find("password="); pos != std::string::npos; pos = out.find("password=", pos + 1)) {
    size_t value = pos + 9;
    size_t end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

}  // namespace ics::store::internal
