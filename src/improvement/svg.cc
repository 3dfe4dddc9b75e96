#include "improvement/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "improvement/r_stats.h"

namespace ics::improvement {
namespace {

// Making Data Count colours (NHSRplotthedots ptd_spc_colours).
constexpr const char* kCommon = "#a6a6a6";
constexpr const char* kImprovement = "#00b0f0";
constexpr const char* kConcern = "#e46c0a";
constexpr const char* kNeutral = "#490092";
constexpr const char* kMean = "#000000";
constexpr const char* kTarget = "#de1b1b";

const char* PointColour(PointType t) {
  switch (t) {
    case PointType::kCommonCause: return kCommon;
    case PointType::kImprovement: return kImprovement;
    case PointType::kConcern: return kConcern;
    case PointType::kNeutralHigh:
    case PointType::kNeutralLow: return kNeutral;
  }
  return kCommon;
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string Label(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// A round icon with a coloured ring and a short label, as on MDC board reports.
void Icon(std::ostringstream& o, double cx, double cy, const char* colour, const std::string& text,
          const std::string& title) {
  o << "<g><title>" << Escape(title) << "</title><circle cx=\"" << Fmt(cx) << "\" cy=\""
    << Fmt(cy) << "\" r=\"22\" fill=\"#ffffff\" stroke=\"" << colour
    << "\" stroke-width=\"4\"/><text x=\"" << Fmt(cx) << "\" y=\"" << Fmt(cy + 6)
    << "\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\" fill=\"" << colour
    << "\">" << Escape(text) << "</text></g>\n";
}

}  // namespace

std::string RenderMdcSvg(const MdcResult& r, const SvgOptions& opt) {
  const double left = 60, right = 130, top = 40, bottom = 50;
  const double pw = opt.width - left - right, ph = opt.height - top - bottom;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  auto extend = [&](double v) {
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  };
  for (const MdcPointResult& p : r.points) {
    extend(p.value);
    extend(p.lpl);
    extend(p.upl);
    extend(p.mean);
  }
  if (opt.target) extend(*opt.target);
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  if (hi - lo < 1e-12) lo -= 1, hi += 1;
  const double pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  const size_t n = r.points.size();
  auto X = [&](size_t i) { return left + (n <= 1 ? pw / 2 : pw * static_cast<double>(i) / (n - 1)); };
  auto Y = [&](double v) { return top + ph * (hi - v) / (hi - lo); };

  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << opt.width << "\" height=\""
    << opt.height << "\" viewBox=\"0 0 " << opt.width << " " << opt.height
    << "\" font-family=\"Arial, sans-serif\">\n";
  o << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  o << "<text x=\"" << Fmt(left) << "\" y=\"24\" font-size=\"16\">" << Escape(opt.title)
    << "</text>\n";
  o << "<line x1=\"" << Fmt(left) << "\" y1=\"" << Fmt(top + ph) << "\" x2=\"" << Fmt(left + pw)
    << "\" y2=\"" << Fmt(top + ph) << "\" stroke=\"#444\"/>\n";
  o << "<line x1=\"" << Fmt(left) << "\" y1=\"" << Fmt(top) << "\" x2=\"" << Fmt(left)
    << "\" y2=\"" << Fmt(top + ph) << "\" stroke=\"#444\"/>\n";
  for (int t = 0; t <= 4; ++t) {
    const double v = lo + (hi - lo) * t / 4;
    o << "<text x=\"" << Fmt(left - 6) << "\" y=\"" << Fmt(Y(v) + 4)
      << "\" text-anchor=\"end\" font-size=\"11\">" << Label(v) << "</text>\n";
  }
  if (n > 0) {
    for (size_t i : {size_t{0}, n - 1}) {
      o << "<text x=\"" << Fmt(X(i)) << "\" y=\"" << Fmt(top + ph + 18)
        << "\" text-anchor=\"middle\" font-size=\"11\">" << r.points[i].date.ToIso() << "</text>\n";
    }
  }
  // Mean and limits per rebase group.
  for (const MdcGroup& g : r.groups) {
    const double x1 = X(g.first_index), x2 = X(g.first_index + g.n - 1);
    auto hline = [&](double v, const char* colour, const char* dash) {
      if (!std::isfinite(v)) return;
      o << "<line x1=\"" << Fmt(x1) << "\" y1=\"" << Fmt(Y(v)) << "\" x2=\"" << Fmt(x2)
        << "\" y2=\"" << Fmt(Y(v)) << "\" stroke=\"" << colour << "\" stroke-width=\"1.5\""
        << (dash[0] ? std::string(" stroke-dasharray=\"") + dash + "\"" : std::string()) << "/>\n";
    };
    hline(g.mean, kMean, "");
    hline(g.upl, "#7f7f7f", "6 4");
    hline(g.lpl, "#7f7f7f", "6 4");
  }
  if (opt.target && std::isfinite(*opt.target)) {
    o << "<line x1=\"" << Fmt(left) << "\" y1=\"" << Fmt(Y(*opt.target)) << "\" x2=\""
      << Fmt(left + pw) << "\" y2=\"" << Fmt(Y(*opt.target)) << "\" stroke=\"" << kTarget
      << "\" stroke-dasharray=\"2 3\" stroke-width=\"1.5\"/>\n";
  }
  // The data line (broken at missing values) and the points.
  std::string path;
  for (size_t i = 0; i < n; ++i) {
    const double v = r.points[i].value;
    if (!std::isfinite(v)) {
      path += " ";
      continue;
    }
    const bool start = i == 0 || !std::isfinite(r.points[i - 1].value);
    path += (start ? "M" : "L") + Fmt(X(i)) + "," + Fmt(Y(v));
  }
  o << "<path d=\"" << path << "\" fill=\"none\" stroke=\"" << kCommon << "\" stroke-width=\"1.5\"/>\n";
  for (size_t i = 0; i < n; ++i) {
    const MdcPointResult& p = r.points[i];
    if (!std::isfinite(p.value)) continue;
    o << "<circle cx=\"" << Fmt(X(i)) << "\" cy=\"" << Fmt(Y(p.value)) << "\" r=\"3.5\" fill=\""
      << PointColour(p.point_type) << "\"><title>" << p.date.ToIso() << ": " << Label(p.value)
      << " (" << SpecialCauseTypeLabel(p.special_cause_type) << ")</title></circle>\n";
  }
  // Icons.
  const double ix = opt.width - right / 2;
  if (r.variation_icon) {
    const VariationIcon v = *r.variation_icon;
    const char* colour = kCommon;
    std::string text = "~";
    switch (v) {
      case VariationIcon::kCommonCause: break;
      case VariationIcon::kImprovementHigh: colour = kImprovement, text = "H"; break;
      case VariationIcon::kImprovementLow: colour = kImprovement, text = "L"; break;
      case VariationIcon::kConcernHigh: colour = kConcern, text = "H"; break;
      case VariationIcon::kConcernLow: colour = kConcern, text = "L"; break;
      case VariationIcon::kNeutralHigh: colour = kNeutral, text = "H"; break;
      case VariationIcon::kNeutralLow: colour = kNeutral, text = "L"; break;
    }
    Icon(o, ix, top + 30, colour, text, "variation: " + std::string(VariationIconName(v)));
  }
  if (r.assurance_type) {
    const AssuranceType a = *r.assurance_type;
    const char* colour = a == AssuranceType::kConsistentPass   ? kImprovement
                         : a == AssuranceType::kConsistentFail ? kConcern
                                                               : kCommon;
    const std::string text = a == AssuranceType::kConsistentPass   ? "P"
                             : a == AssuranceType::kConsistentFail ? "F"
                                                                   : "?";
    Icon(o, ix, top + 90, colour, text, "assurance: " + std::string(AssuranceTypeName(a)));
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace ics::improvement
