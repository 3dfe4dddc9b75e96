// A Making Data Count XmR chart drawn as SVG from `ics spc --json` (the API's series
// chart): the values, the mean and the process limits of each rebase group (the lines break
// at a rebase, as NHSRplotthedots draws them), special-cause points coloured by their type
// (improvement blue, concern orange, neutral purple, common cause grey), the target, rebase
// markers, annotations such as PDSA cycles, the variation and assurance icons, values on
// hover and on the keyboard (arrow keys on the focused chart), and the same values as a
// table for screen readers and keyboard users.
import './spc-chart.css';

import { h, table } from './dom';
import { assuranceIcon, assuranceLabel, mdcColours, svg, variationIcon, variationLabel } from './mdc-icons';
import type { SpcChart, SpcPoint } from './oversight-api';

export interface ChartAnnotation {
  date: string;  // YYYY-MM-DD (or YYYY-MM)
  label: string;
}

export interface SpcChartOptions {
  id: string;             // unique on the page; prefixes element ids
  title: string;          // "A&E four-hour performance, RTG"
  unit?: string;          // "percent", "rate_per_100k", ...
  annotations?: ChartAnnotation[];
}

const width = 760;
const height = 320;
const margin = { top: 16, right: 150, bottom: 40, left: 56 };

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// "2024-04-01" -> "Apr 2024"
export function monthLabel(iso: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(iso);
  return m ? `${monthNames[Number(m[2]) - 1]} ${m[1]}` : iso;
}

// Decimals for a value range: enough to tell the lines apart.
function decimalsFor(span: number): number {
  if (!(span > 0)) return 1;
  if (span >= 100) return 0;
  if (span >= 2) return 1;
  if (span >= 0.2) return 2;
  return 3;
}

export function formatValue(value: number | null | undefined, decimals: number, unit?: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'not available';
  const text = value.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return unit === 'percent' ? `${text}%` : text;
}

// "nice" tick values covering [min, max].
function ticks(min: number, max: number, count = 5): number[] {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function colourOf(pointType: string): string {
  if (pointType === 'special_cause_improvement') return mdcColours.improvement;
  if (pointType === 'special_cause_concern') return mdcColours.concern;
  if (pointType.startsWith('special_cause_neutral')) return mdcColours.neutral;
  return mdcColours.common;
}

export function pointReading(p: SpcPoint): string {
  switch (p.point_type) {
    case 'special_cause_improvement': return `Special cause improvement (${p.special_cause_type})`;
    case 'special_cause_concern': return `Special cause concern (${p.special_cause_type})`;
    case 'special_cause_neutral_high':
    case 'special_cause_neutral_low': return `Special cause neutral (${p.special_cause_type})`;
    default: return 'Common cause';
  }
}

const finite = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

// Days since 1970-01-01 for an ISO date (or YYYY-MM).
function day(iso: string): number {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(iso);
  if (!m) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3] ?? '1')) / 86_400_000;
}

export function spcChart(data: SpcChart, options: SpcChartOptions): HTMLElement {
  const points = data.points;
  const annotations = options.annotations ?? [];
  const id = options.id;
  const values: number[] = [];
  for (const p of points) {
    for (const v of [p.value, p.mean, p.lpl, p.upl]) if (finite(v)) values.push(v);
  }
  if (finite(data.target)) values.push(data.target);
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  const pad = (hi - lo) * 0.05 || 1;
  const yTicks = ticks(lo - pad, hi + pad);
  const yMin = Math.min(lo - pad, yTicks[0]);
  const yMax = Math.max(hi + pad, yTicks[yTicks.length - 1]);
  const decimals = decimalsFor(hi - lo);
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const days = points.map((p) => day(p.date));
  const d0 = days[0] ?? 0;
  const d1 = days[days.length - 1] ?? 1;
  const x = (d: number) => margin.left + (d1 === d0 ? plotW / 2 : ((d - d0) / (d1 - d0)) * plotW);
  const y = (v: number) => margin.top + ((yMax - v) / (yMax - yMin)) * plotH;
  const round = (v: number) => Math.round(v * 100) / 100;
  const fmt = (v: number | null | undefined) => formatValue(v, decimals, options.unit);

  const last = points[points.length - 1];
  const lastGroup = last ? points.filter((p) => p.rebase_group === last.rebase_group) : [];
  const summary = last
    ? `${points.length} months from ${monthLabel(points[0].date)} to ${monthLabel(last.date)}. ` +
      `Latest ${fmt(last.value)}; mean ${fmt(last.mean)}, process limits ${fmt(last.lpl)} to ${fmt(last.upl)}` +
      (finite(data.target) ? `; target ${fmt(data.target)}` : '') + '. ' +
      `${variationLabel(data.variation_icon)}. ${data.assurance_type ? assuranceLabel(data.assurance_type) + '.' : ''}`
    : 'No values.';

  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const chart = svg('svg', {
    class: 'app-spc__svg', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`,
    tabindex: 0, 'data-testid': 'spc-svg', 'data-y-min': yMin, 'data-y-max': yMax,
  }, svg('title', { id: titleId }, options.title), svg('desc', { id: descId },
    `${summary} Use the left and right arrow keys to read each month.`));

  // Axes: value ticks with grid lines, and a label each January (or at the start).
  const axis = svg('g', { class: 'app-spc__axis', 'aria-hidden': 'true' });
  const step = yTicks.length > 1 ? yTicks[1] - yTicks[0] : 1;
  const tickDecimals = Math.max(0, Math.min(3, -Math.floor(Math.log10(step) + 1e-9) + (step / 10 ** Math.floor(Math.log10(step)) === 2.5 ? 1 : 0)));
  for (const t of yTicks) {
    if (t < yMin || t > yMax) continue;
    axis.append(
      svg('line', { x1: margin.left, x2: margin.left + plotW, y1: round(y(t)), y2: round(y(t)), stroke: '#e8edee' }),
      svg('text', { x: margin.left - 6, y: round(y(t)) + 4, 'text-anchor': 'end', 'font-size': 12, fill: '#212b32',
        'data-tick': t }, formatValue(t, tickDecimals)));
  }
  points.forEach((p, i) => {
    if (i === 0 || p.date.slice(5, 7) === '01') {
      axis.append(svg('text', { x: round(x(days[i])), y: height - margin.bottom + 18, 'text-anchor': 'middle',
        'font-size': 12, fill: '#212b32' }, i === 0 ? monthLabel(p.date) : p.date.slice(0, 4)));
    }
  });
  axis.append(svg('line', { x1: margin.left, x2: margin.left, y1: margin.top, y2: margin.top + plotH, stroke: '#4c6272' }),
    svg('line', { x1: margin.left, x2: margin.left + plotW, y1: margin.top + plotH, y2: margin.top + plotH, stroke: '#4c6272' }));
  chart.append(axis);

  // Process limits and mean per rebase group; lines break at a rebase.
  const lines = svg('g', { class: 'app-spc__lines', 'aria-hidden': 'true' });
  const groups = [...new Set(points.map((p) => p.rebase_group))];
  for (const g of groups) {
    const members = points.map((p, i) => ({ p, i })).filter(({ p }) => p.rebase_group === g);
    const first = members[0];
    const lastMember = members[members.length - 1];
    const xa = round(x(days[first.i]));
    const xb = round(x(days[lastMember.i]));
    for (const [name, value, colour, dash, widthPx] of [
      ['upl', first.p.upl, mdcColours.common, '6 4', 1.5],
      ['lpl', first.p.lpl, mdcColours.common, '6 4', 1.5],
      ['mean', first.p.mean, mdcColours.mean, null, 1.5],
    ] as const) {
      if (!finite(value)) continue;
      lines.append(svg('line', {
        x1: xa, x2: xb, y1: round(y(value)), y2: round(y(value)), stroke: colour, 'stroke-width': widthPx,
        'stroke-dasharray': dash, 'data-line': name, 'data-value': value, 'data-group': g,
      }));
    }
    if (g !== groups[0]) {
      lines.append(svg('line', { x1: xa, x2: xa, y1: margin.top, y2: margin.top + plotH, stroke: '#4c6272',
        'stroke-dasharray': '2 3', 'data-marker': 'rebase', 'data-date': first.p.date }));
      lines.append(svg('text', { x: xa + 3, y: margin.top + 12, 'font-size': 11, fill: '#212b32' },
        `Rebased ${monthLabel(first.p.date)}`));
    }
  }
  if (finite(data.target)) {
    lines.append(svg('line', {
      x1: margin.left, x2: margin.left + plotW, y1: round(y(data.target)), y2: round(y(data.target)),
      stroke: mdcColours.target, 'stroke-width': 1.5, 'stroke-dasharray': '10 4', 'data-line': 'target',
      'data-value': data.target,
    }));
  }
  chart.append(lines);

  // Labels of the latest group's lines, at the right, nudged apart when they would overlap.
  const labelItems: { name: string; text: string; value: number }[] = [];
  const lastPoint = lastGroup[0];
  if (lastPoint) {
    if (finite(lastPoint.upl)) labelItems.push({ name: 'upl', text: `Upper limit ${fmt(lastPoint.upl)}`, value: lastPoint.upl });
    if (finite(lastPoint.mean)) labelItems.push({ name: 'mean', text: `Mean ${fmt(lastPoint.mean)}`, value: lastPoint.mean });
    if (finite(lastPoint.lpl)) labelItems.push({ name: 'lpl', text: `Lower limit ${fmt(lastPoint.lpl)}`, value: lastPoint.lpl });
  }
  if (finite(data.target)) labelItems.push({ name: 'target', text: `Target ${fmt(data.target)}`, value: data.target });
  labelItems.sort((a, b) => b.value - a.value);
  const labels = svg('g', { class: 'app-spc__labels', 'aria-hidden': 'true' });
  let previous = -Infinity;
  for (const item of labelItems) {
    const ly = Math.max(y(item.value) + 4, previous + 14);
    previous = ly;
    labels.append(svg('text', { x: margin.left + plotW + 8, y: round(ly), 'font-size': 12, fill: '#212b32',
      'data-label': item.name, 'data-value': item.value }, item.text));
  }
  chart.append(labels);

  // Annotations (PDSA cycles and the like): a numbered marker at the month.
  const notes = svg('g', { class: 'app-spc__annotations', 'aria-hidden': 'true' });
  annotations.forEach((a, n) => {
    const d = day(a.date);
    if (!Number.isFinite(d) || d < d0 || d > d1) return;
    const ax = round(x(d));
    notes.append(
      svg('line', { x1: ax, x2: ax, y1: margin.top, y2: margin.top + plotH, stroke: mdcColours.neutral,
        'stroke-dasharray': '1 3', 'data-marker': 'annotation', 'data-date': a.date }),
      svg('circle', { cx: ax, cy: margin.top + plotH - 9, r: 8, fill: mdcColours.neutral }),
      svg('text', { x: ax, y: margin.top + plotH - 5, 'text-anchor': 'middle', 'font-size': 11, fill: '#ffffff',
        'font-weight': 'bold' }, String(n + 1)));
  });
  chart.append(notes);

  // The series: a grey line, and each point coloured by its type.
  const series = svg('g', { class: 'app-spc__series', 'aria-hidden': 'true' });
  let path = '';
  points.forEach((p, i) => {
    if (!finite(p.value)) return;
    path += `${path && finite(points[i - 1]?.value) ? 'L' : 'M'}${round(x(days[i]))},${round(y(p.value))}`;
  });
  series.append(svg('path', { d: path, fill: 'none', stroke: mdcColours.common, 'stroke-width': 1.5 }));
  const dots: (SVGCircleElement | null)[] = points.map((p, i) => {
    if (!finite(p.value)) return null;
    const dot = svg('circle', {
      cx: round(x(days[i])), cy: round(y(p.value)), r: 4, fill: colourOf(p.point_type),
      stroke: '#ffffff', 'stroke-width': 1, 'data-point': i, 'data-type': p.point_type, 'data-value': p.value,
    }, svg('title', {}, `${monthLabel(p.date)}: ${fmt(p.value)}. ${pointReading(p)}`));
    series.append(dot);
    return dot;
  });
  chart.append(series);

  // Hover and keyboard read-out.
  const readout = h('p', { class: 'app-spc__readout', 'aria-live': 'polite', 'data-testid': 'spc-readout' });
  const cursor = svg('circle', { r: 7, fill: 'none', stroke: '#212b32', 'stroke-width': 2, visibility: 'hidden',
    'aria-hidden': 'true' });
  chart.append(cursor);
  let current = -1;
  const show = (i: number) => {
    const p = points[i];
    const dot = dots[i];
    if (!p) return;
    current = i;
    readout.textContent = `${monthLabel(p.date)}: ${fmt(p.value)} (mean ${fmt(p.mean)}, limits ${fmt(p.lpl)} to ` +
      `${fmt(p.upl)}). ${pointReading(p)}.`;
    if (dot) {
      cursor.setAttribute('cx', dot.getAttribute('cx')!);
      cursor.setAttribute('cy', dot.getAttribute('cy')!);
      cursor.setAttribute('visibility', 'visible');
    } else {
      cursor.setAttribute('visibility', 'hidden');
    }
  };
  chart.addEventListener('pointermove', (event) => {
    const box = chart.getBoundingClientRect();
    if (!box.width || !points.length) return;
    const sx = ((event.clientX - box.left) / box.width) * width;
    let best = 0;
    for (let i = 1; i < points.length; i++) if (Math.abs(x(days[i]) - sx) < Math.abs(x(days[best]) - sx)) best = i;
    if (best !== current) show(best);
  });
  chart.addEventListener('keydown', (event) => {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };
    if (event.key in moves) {
      event.preventDefault();
      show(Math.min(points.length - 1, Math.max(0, (current < 0 ? points.length : current) + moves[event.key])));
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      show(event.key === 'Home' ? 0 : points.length - 1);
    }
  });

  const icons = h('div', { class: 'app-spc__icons' },
    h('div', { class: 'app-spc__icon' }, variationIcon(data.variation_icon, 48),
      h('span', { class: 'app-spc__icon-text', 'data-testid': 'variation-text' }, variationLabel(data.variation_icon))),
    data.assurance_type || finite(data.target)
      ? h('div', { class: 'app-spc__icon' }, assuranceIcon(data.assurance_type, 48),
        h('span', { class: 'app-spc__icon-text', 'data-testid': 'assurance-text' }, assuranceLabel(data.assurance_type)))
      : null);

  const key = h('ul', { class: 'app-spc__key', 'aria-label': 'Key' },
    [['improvement', 'Special cause improvement'], ['concern', 'Special cause concern'],
      ['common', 'Common cause']].map(([k, text]) =>
      h('li', null, h('span', { class: `app-spc__swatch app-spc__swatch--${k}`, 'aria-hidden': 'true' }), text)),
    h('li', null, h('span', { class: 'app-spc__swatch app-spc__swatch--mean', 'aria-hidden': 'true' }), 'Mean'),
    h('li', null, h('span', { class: 'app-spc__swatch app-spc__swatch--limit', 'aria-hidden': 'true' }), 'Process limits'),
    finite(data.target)
      ? h('li', null, h('span', { class: 'app-spc__swatch app-spc__swatch--target', 'aria-hidden': 'true' }), 'Target')
      : null);

  const annotationList = annotations.length
    ? h('ol', { class: 'app-spc__notes', 'aria-label': 'Annotations' },
      annotations.map((a) => h('li', null, `${monthLabel(a.date)}: ${a.label}`)))
    : null;

  const rows = points.map((p) => [
    monthLabel(p.date), fmt(p.value), fmt(p.mean), fmt(p.lpl), fmt(p.upl), pointReading(p),
  ]);
  const details = h('details', { class: 'nhsuk-details' },
    h('summary', { class: 'nhsuk-details__summary' },
      h('span', { class: 'nhsuk-details__summary-text' }, 'Show the values as a table')),
    h('div', { class: 'nhsuk-details__text' },
      table({ id: `${id}-table`, caption: `${options.title}: values by month`, captionSize: 's',
        headers: ['Month', 'Value', 'Mean', 'Lower limit', 'Upper limit', 'Reading'],
        numeric: [false, true, true, true, true, false], rows, rowHeader: true })));

  const warnings = data.warnings.length
    ? h('ul', { class: 'app-spc__warnings' }, data.warnings.map((w) => h('li', null, w)))
    : null;

  return h('figure', { class: 'app-spc', id, 'data-testid': 'spc-chart' },
    icons, h('div', { class: 'app-spc__plot' }, chart), readout, key, annotationList, warnings, details);
}
