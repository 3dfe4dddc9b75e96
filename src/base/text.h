// Small text helpers shared by loaders and renderers: edit distance for "did you mean"
// suggestions, and joining lists for messages. Pure functions, thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ics {

// Levenshtein distance between two ASCII strings (case-sensitive).
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a likely typo
// (distance <= max(1, len/3)); empty otherwise.
std::string ClosestMatch(std::string_view word, std::span<const std::string_view> candidates);
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// "a, b and c".
std::string JoinWithAnd(const std::vector<std::string>& items);

}  // namespace ics
