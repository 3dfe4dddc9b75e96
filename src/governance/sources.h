// The sources the rulebook cites, by the short keys used in citations ("ACT-1B", "DF",
// "COI-2017"), with a title and an address, so a finding can link to what it cites.
// Immutable table; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ics::governance {

struct Source {
  std::string_view key;
  std::string_view title;
  std::string_view url;
};

const std::vector<Source>& Sources();

// The sources a citation string refers to, in the order they appear ("NHS Act 2006 Sch 1B
// para 3; HWE 2.1.6" -> ACT-1B, MODEL).
std::vector<const Source*> SourcesCitedIn(std::string_view citation);

}  // namespace ics::governance
