// SVG rendering of a Making Data Count XmR chart: points coloured by point type, mean and
// process limits per rebase group (lines break at a rebase), the target, and the
// variation and assurance icons. Returns the document as a string; does no I/O.
#pragma once

#include <optional>
#include <string>

#include "improvement/mdc.h"

namespace ics::improvement {

struct SvgOptions {
  std::string title;
  int width = 900;
  int height = 420;
  std::optional<double> target;  // drawn as a dashed red line
};

std::string RenderMdcSvg(const MdcResult& result, const SvgOptions& options);

}  // namespace ics::improvement
