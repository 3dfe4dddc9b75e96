// The Making Data Count icons, drawn as SVG with a text alternative: the variation icon
// (common cause, or special cause improving / concerning / neutral, high or low) and the
// assurance icon (consistently passing, consistently failing, or hit and miss against the
// target). Colours are Making Data Count's (NHSRplotthedots R/ptd_spc_colours.R).

export const mdcColours = {
  common: '#a6a6a6',
  improvement: '#00b0f0',
  concern: '#e46c0a',
  neutral: '#490092',
  mean: '#000000',
  target: '#de1b1b',
} as const;

const svgNs = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K, attributes: Record<string, string | number | null | undefined> = {}, ...children: (SVGElement | string)[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children) element.append(child);
  return element;
}

const variationText: Record<string, string> = {
  common_cause: 'Common cause variation',
  improvement_high: 'Special cause improving variation - high',
  improvement_low: 'Special cause improving variation - low',
  concern_high: 'Special cause concerning variation - high',
  concern_low: 'Special cause concerning variation - low',
  neutral_high: 'Special cause neutral variation - high',
  neutral_low: 'Special cause neutral variation - low',
};

const assuranceText: Record<string, string> = {
  consistent_pass: 'Assurance: the process will consistently pass the target',
  consistent_fail: 'Assurance: the process will consistently fail the target',
  inconsistent: 'Assurance: the process will inconsistently pass and fail the target (hit and miss)',
};

export function variationLabel(icon: string | null | undefined): string {
  return icon ? variationText[icon] ?? icon.replaceAll('_', ' ') : 'No variation reading';
}

export function assuranceLabel(type: string | null | undefined): string {
  return type ? assuranceText[type] ?? type.replaceAll('_', ' ') : 'No assurance reading (no target)';
}

function colourOfVariation(icon: string): string {
  if (icon.startsWith('improvement')) return mdcColours.improvement;
  if (icon.startsWith('concern')) return mdcColours.concern;
  if (icon.startsWith('neutral')) return mdcColours.neutral;
  return mdcColours.common;
}

function iconFrame(kind: string, value: string, label: string, size: number, ring: string): SVGSVGElement {
  return svg('svg', {
    class: 'app-mdc-icon', viewBox: '0 0 40 40', width: size, height: size, role: 'img', 'aria-label': label,
    'data-icon': kind, 'data-value': value, focusable: 'false',
  }, svg('title', {}, label), svg('circle', { cx: 20, cy: 20, r: 17, fill: '#ffffff', stroke: ring, 'stroke-width': 3 }));
}

// The variation icon: a ring in the reading's colour with six dots (level, rising or
// falling), and H or L for a special cause high or low.
export function variationIcon(icon: string | null | undefined, size = 40): SVGSVGElement {
  const value = icon ?? 'none';
  const label = variationLabel(icon);
  const colour = icon ? colourOfVariation(icon) : mdcColours.common;
  const frame = iconFrame('variation', value, label, size, colour);
  const high = value.endsWith('_high');
  const low = value.endsWith('_low');
  const ys = value === 'common_cause' || value === 'none'
    ? [22, 19, 23, 20, 22, 19]
    : high ? [26, 26, 25, 17, 16, 16] : [14, 14, 15, 23, 24, 24];
  ys.forEach((y, i) => {
    const special = (high || low) && i >= 3;
    frame.append(svg('circle', { cx: 9 + i * 4.4, cy: y, r: 2, fill: special ? colour : mdcColours.common }));
  });
  if (high || low) {
    frame.append(svg('text', { x: 20, y: high ? 13 : 34, 'text-anchor': 'middle', 'font-size': 10, 'font-weight': 'bold',
      fill: '#212b32', 'aria-hidden': 'true' }, high ? 'H' : 'L'));
  }
  return frame;
}

// The assurance icon: P (pass, blue), F (fail, orange) or ? (hit and miss, grey).
export function assuranceIcon(type: string | null | undefined, size = 40): SVGSVGElement {
  const value = type ?? 'none';
  const label = assuranceLabel(type);
  const colour = value === 'consistent_pass' ? mdcColours.improvement
    : value === 'consistent_fail' ? mdcColours.concern : mdcColours.common;
  const frame = iconFrame('assurance', value, label, size, colour);
  const letter = value === 'consistent_pass' ? 'P' : value === 'consistent_fail' ? 'F' : value === 'inconsistent' ? '?' : '–';
  frame.append(svg('line', { x1: 8, x2: 32, y1: 27, y2: 27, stroke: mdcColours.target, 'stroke-width': 2 }));
  frame.append(svg('text', { x: 20, y: 22, 'text-anchor': 'middle', 'font-size': 16, 'font-weight': 'bold',
    fill: '#212b32', 'aria-hidden': 'true' }, letter));
  return frame;
}
