#include "base/text.h"

#include <algorithm>

namespace ics {

size_t EditDistance(std::string_view a, std::string_view b) {
  // Optimal string alignment: insertions, deletions, substitutions and transpositions of
  // adjacent letters ("chiar" -> "chair") each cost one.
  const size_t width = b.size() + 1;
  std::vector<size_t> d((a.size() + 1) * width);
  for (size_t i = 0; i <= a.size(); ++i) d[i * width] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t best = std::min({d[(i - 1) * width + j] + 1, d[i * width + j - 1] + 1, d[(i - 1) * width + j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        best = std::min(best, d[(i - 2) * width + j - 2] + 1);
      d[i * width + j] = best;
    }
  }
  return d[a.size() * width + b.size()];
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
  if (!best_word.empty() && best <= allowed) return std::string(best_word);
  // Otherwise a candidate that contains every '_'-separated part of the word
  // ("mental_trust" -> "mental_health_trust"), when exactly one does.
  std::vector<std::string_view> parts;
  for (size_t start = 0; start <= word.size();) {
    size_t end = word.find('_', start);
    if (end == std::string_view::npos) end = word.size();
    if (end > start) parts.push_back(word.substr(start, end - start));
    start = end + 1;
  }
  if (parts.empty() || word.size() < 3) return {};
  std::string_view only;
  int matches = 0;
  for (std::string_view candidate : candidates) {
    bool all = true;
    for (std::string_view part : parts) all = all && candidate.find(part) != std::string_view::npos;
    if (all) {
      only = candidate;
      ++matches;
    }
  }
  return matches == 1 ? std::string(only) : std::string();
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
