#include "base/text.h"

#include <algorithm>

namespace ics {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string ClosestMatch(std::string_view word, std::span<const std::string_view> candidates) {
  size_t best = static_cast<size_t>(-1);
  std::string_view best_word;
  for (std::string_view candidate : candidates) {
    size_t d = EditDistance(word, candidate);
    if (d < best) {
      best = d;
      best_word = candidate;
    }
  }
  size_t allowed = std::max<size_t>(1, std::max(word.size(), best_word.size()) / 3);
  if (best_word.empty() || best > allowed) return {};
  return std::string(best_word);
}

std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  std::vector<std::string_view> views(candidates.begin(), candidates.end());
  return ClosestMatch(word, std::span<const std::string_view>(views));
}

std::string JoinWithAnd(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += (i + 1 == items.size()) ? " and " : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace ics
