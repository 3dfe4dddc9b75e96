#include "finance/findings.h"

#include <cstdio>

namespace ics::finance {

std::string PoundsK(Money m) {
  const bool negative = m.pence() < 0;
  const uint64_t pence = negative ? 0 - static_cast<uint64_t>(m.pence()) : static_cast<uint64_t>(m.pence());
  // To the nearest £10 (two decimals of £k), halves up.
  uint64_t tens = (pence + 500) / 1000;
  std::string whole = std::to_string(tens / 100);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  std::string out = std::string(negative && tens ? "-" : "") + "£" + grouped;
  if (tens % 100) {
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%02u", static_cast<unsigned>(tens % 100));
    out += frac;
  }
  return out + "k";
}

std::string PercentText(double ratio) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f%%", ratio * 100);
  return buf;
}

}  // namespace ics::finance
