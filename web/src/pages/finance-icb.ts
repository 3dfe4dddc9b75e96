// /finance/icbs/{code}: one ICB's allocation as a waterfall from its adjusted baseline through
// base growth, convergence and rounding to the recurrent allocation and, with the add-on
// lines, the total (an SVG chart with its data table); and, for finance, analyst and board
// member roles, what-if controls (policy sliders, the quantum, a practice's weighted
// population) that recompute every ICB against the published position as they move, and the
// ICB's path to target over the coming years as a line chart with its table.
import { ApiError, send } from '../api';
import { h } from '../dom';
import {
  chosen, downloadLink, fill, formatK, formatPenceK, type IcbPath, type IcbPractices, loadAllocations, loadPractices,
  loadWaterfall, loadYears, type Method, type PathResult, percent, query, signedK, STREAMS, type Waterfall,
  type WhatIfResult, yearStreamForm,
} from '../finance';
import { registerPage } from '../pages';

const SVG = 'http://www.w3.org/2000/svg';
const WHAT_IF_ROLES = ['finance', 'analyst', 'board_member'];

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>,
  ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, String(v));
  element.append(...children);
  return element;
}

// A chart label: the published column name without its year and unit, at most 34 characters
// (the table below gives it in full).
function shortLabel(label: string): string {
  const text = label.replace(/^\d{4}\/\d{2} /, '').replace(/ \(£k\)$/, '');
  return text.length > 34 ? text.slice(0, 33) + '…' : text;
}

// The waterfall: totals as bars from zero, changes as floating bars from the running total.
// The value axis starts near the baseline so that changes of a few per cent are visible;
// the axis break is stated in the description.
function waterfallChart(w: Waterfall): SVGSVGElement {
  const steps = w.steps.filter((s) => s.step !== 'rounding' || s.amount_pence !== 0);
  const width = 900;
  const rowHeight = 34;
  const left = 290;
  const right = 130;
  const top = 10;
  const height = top + steps.length * rowHeight + 30;
  let running = 0;
  const bars = steps.map((s) => {
    const start = s.kind === 'total' ? 0 : running;
    const end = s.kind === 'total' ? s.amount_pence : running + s.amount_pence;
    running = end;
    return { s, start, end };
  });
  const values = bars.flatMap((b) => (b.s.kind === 'total' ? [b.end] : [b.start, b.end]));
  const max = Math.max(...values);
  const minChange = Math.min(...bars.filter((b) => b.s.kind === 'change').flatMap((b) => [b.start, b.end]), max);
  // Start the axis a little below the smallest running total that a change starts or ends at.
  const floor = Math.max(0, minChange - (max - minChange) * 0.6);
  const x = (pence: number) => left + ((Math.max(pence, floor) - floor) / (max - floor || 1)) * (width - left - right);
  const titleId = `waterfall-title`;
  const descId = `waterfall-desc`;
  const chart = svg('svg', {
    class: 'app-waterfall', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`,
    'data-testid': 'waterfall',
  },
  svg('title', { id: titleId }, `${w.icb_name}: from baseline to allocation, ${w.year}`),
  svg('desc', { id: descId },
    `Bars from the adjusted baseline of £${formatPenceK(w.steps[0].amount_pence)}k through base growth, ` +
    `convergence and rounding to the recurrent allocation, then add-on lines to the total allocation of ` +
    `£${formatPenceK(w.steps[w.steps.length - 1].amount_pence)}k. The value axis starts at ` +
    `£${formatPenceK(floor)}k, not zero, so that the changes can be seen. The table below gives every figure.`));
  bars.forEach(({ s, start, end }, i) => {
    const y = top + i * rowHeight;
    const x0 = x(Math.min(start, end));
    const x1 = x(Math.max(start, end));
    const cls = s.kind === 'total' ? 'app-waterfall__total' : s.amount_pence < 0 ? 'app-waterfall__down' : 'app-waterfall__up';
    chart.append(
      svg('text', { x: left - 8, y: y + rowHeight / 2 + 5, 'text-anchor': 'end', class: 'app-waterfall__label' },
        shortLabel(s.label)),
      svg('rect', {
        x: x0, y: y + 5, width: Math.max(x1 - x0, 1.5), height: rowHeight - 10, class: cls,
        'data-step': s.step, 'data-pence': s.amount_pence,
      }),
      svg('text', { x: x1 + 6, y: y + rowHeight / 2 + 5, class: 'app-waterfall__value' },
        s.kind === 'total' ? formatPenceK(s.amount_pence) : (s.amount_pence < 0 ? '−' : '+') + formatPenceK(Math.abs(s.amount_pence), Math.abs(s.amount_pence) < 100000 ? 2 : 0)));
  });
  chart.append(svg('text', { x: left, y: height - 8, class: 'app-waterfall__axis' }, `£${formatPenceK(floor)}k`),
    svg('text', { x: width - right, y: height - 8, 'text-anchor': 'end', class: 'app-waterfall__axis' },
      `£${formatPenceK(max)}k`));
  return chart;
}

function stepsTable(w: Waterfall): HTMLElement {
  const captionId = 'waterfall-table-caption';
  return h('div', { class: 'app-table-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: 0 },
    h('table', { class: 'nhsuk-table', id: 'waterfall-table' },
      h('caption', { class: 'nhsuk-table__caption nhsuk-table__caption--m', id: captionId },
        'From baseline to allocation (£ thousands)'),
      h('thead', { class: 'nhsuk-table__head' }, h('tr', { class: 'nhsuk-table__row' },
        h('th', { class: 'nhsuk-table__header', scope: 'col' }, 'Step'),
        h('th', { class: 'nhsuk-table__header nhsuk-table__header--numeric', scope: 'col' }, 'Rate'),
        h('th', { class: 'nhsuk-table__header nhsuk-table__header--numeric', scope: 'col' }, 'Change £k'),
        h('th', { class: 'nhsuk-table__header nhsuk-table__header--numeric', scope: 'col' }, 'Total £k'))),
      h('tbody', { class: 'nhsuk-table__body' }, w.steps.map((s) => {
        const small = Math.abs(s.amount_pence) < 100000;
        return h('tr', { class: `nhsuk-table__row${s.kind === 'total' ? ' app-total-row' : ''}`, 'data-step': s.step,
          'data-pence': String(s.amount_pence) },
        h('th', { class: 'nhsuk-table__header', scope: 'row' }, s.label),
        h('td', { class: 'nhsuk-table__cell nhsuk-table__cell--numeric' },
          s.rate === undefined ? '' : percent(s.rate, 3, true)),
        h('td', { class: 'nhsuk-table__cell nhsuk-table__cell--numeric' },
          s.kind === 'change' ? signedK(s.amount_pence / 100000, small ? 2 : 0) : ''),
        h('td', { class: 'nhsuk-table__cell nhsuk-table__cell--numeric' },
          s.kind === 'total' ? formatPenceK(s.amount_pence) : ''));
      }))));
}

// ---- What-if ----

const DEBOUNCE_MS = 200;  // a what-if is recomputed this long after the last change

interface Field {
  id: string;
  key: string;
  label: string;
  hint: string;
  value: (m: Method) => number;
  range: [number, number, number];  // slider min, max, step
}

function fields(method: Method): Field[] {
  const list: Field[] = [];
  if (method.growth.basis === 'uniform') {
    list.push({ id: 'growth-rate', key: 'growth.rate', label: 'Base growth (%)', hint: 'The same for every ICB.',
      value: (m) => m.growth.rate * 100, range: [0, 10, 0.05] });
  } else {
    list.push({ id: 'growth-scale', key: 'growth.scale', label: 'Growth scale',
      hint: 'A multiplier of each ICB\'s own target growth (1 = as published).', value: (m) => m.growth.scale,
      range: [0, 2, 0.01] });
  }
  list.push(
    { id: 'above-cap', key: 'convergence.above_target.cap', label: 'Largest cut above target (%)',
      hint: 'Convergence for an ICB above target is at most this.', value: (m) => m.convergence.above_target.cap * 100,
      range: [0, 10, 0.05] },
    { id: 'above-factor', key: 'convergence.above_target.factor', label: 'Share of the gap closed above target',
      hint: 'A fraction, e.g. 0.2.', value: (m) => m.convergence.above_target.factor, range: [0, 1, 0.005] },
    { id: 'below-cap', key: 'convergence.below_target.cap', label: 'Largest lift below target (%)',
      hint: 'Convergence for an ICB below target is at most this.', value: (m) => m.convergence.below_target.cap * 100,
      range: [0, 10, 0.05] },
    { id: 'below-factor', key: 'convergence.below_target.factor', label: 'Share of the gap closed below target',
      hint: 'A fraction, e.g. 0.0667 for 1/15.', value: (m) => m.convergence.below_target.factor,
      range: [0, 1, 0.005] });
  return list;
}

function round(v: number, digits = 6): string {
  return String(Number(v.toFixed(digits)));
}

function cell(text: string, attributes: Record<string, string> = {}): HTMLElement {
  return h('td', { class: 'nhsuk-table__cell nhsuk-table__cell--numeric', ...attributes }, text);
}

function errorSummary(title: string, message: string): HTMLElement {
  return h('div', { class: 'nhsuk-error-summary', role: 'alert', tabindex: -1 },
    h('h3', { class: 'nhsuk-error-summary__title' }, title),
    h('div', { class: 'nhsuk-error-summary__body' }, h('p', null, message)));
}

// The path to target of one ICB as a line chart of the distance from target each year:
// the published policy (dashed, squares) and the what-if (solid, circles), with the band
// "within target" shaded. Every point carries its year and distance; the table gives them all.
function pathChart(name: string, path: PathResult, mine: IcbPath, published: IcbPath | undefined): SVGSVGElement {
  const width = 760;
  const height = 300;
  const left = 64;
  const right = 24;
  const top = 16;
  const bottom = 40;
  const n = path.years.length;
  const all = [...mine.distance, ...(published?.distance ?? []), path.threshold, -path.threshold, 0];
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  const pad = (hi - lo) * 0.08 || 0.005;
  lo -= pad;
  hi += pad;
  const x = (i: number) => left + (n > 1 ? (i * (width - left - right)) / (n - 1) : 0);
  const y = (d: number) => top + ((hi - d) / (hi - lo)) * (height - top - bottom);
  const titleId = 'path-chart-title';
  const descId = 'path-chart-desc';
  const chart = svg('svg', {
    class: 'app-path-chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`,
    'data-testid': 'path-chart',
  },
  svg('title', { id: titleId }, `${name}: distance from target, ${path.years[0]} to ${path.years[n - 1]}`),
  svg('desc', { id: descId },
    `Distance from target after convergence each year, under the what-if (solid line, circles)` +
    (published ? ' and under the published policy (dashed line, squares)' : '') +
    `. The shaded band is within ${percent(path.threshold, 2)} of target. The table below gives every figure.`));
  chart.append(svg('rect', {
    x: left, y: y(path.threshold), width: width - left - right, height: Math.max(y(-path.threshold) - y(path.threshold), 1),
    class: 'app-path-chart__band',
  }));
  // Horizontal grid: five ticks.
  for (let k = 0; k <= 4; k++) {
    const d = lo + ((hi - lo) * k) / 4;
    chart.append(svg('line', { x1: left, x2: width - right, y1: y(d), y2: y(d), class: 'app-path-chart__grid' }),
      svg('text', { x: left - 6, y: y(d) + 4, 'text-anchor': 'end', class: 'app-path-chart__axis' }, percent(d, 1)));
  }
  chart.append(svg('line', { x1: left, x2: width - right, y1: y(0), y2: y(0), class: 'app-path-chart__zero' }));
  path.years.forEach((year, i) => {
    if (n > 12 && i % 2 === 1 && i !== n - 1) return;
    chart.append(svg('text', { x: x(i), y: height - 14, 'text-anchor': 'middle', class: 'app-path-chart__axis' }, year));
  });
  const line = (series: string, distances: number[]) => {
    const g = svg('g', { class: `app-path-chart__series app-path-chart__series--${series}`, 'data-series': series });
    g.append(svg('polyline', { points: distances.map((d, i) => `${x(i)},${y(d)}`).join(' '), fill: 'none' }));
    distances.forEach((d, i) => {
      const attributes = { 'data-year': path.years[i], 'data-distance': String(d), class: 'app-path-chart__point' };
      g.append(series === 'published'
        ? svg('rect', { x: x(i) - 4, y: y(d) - 4, width: 8, height: 8, ...attributes })
        : svg('circle', { cx: x(i), cy: y(d), r: 4.5, ...attributes }));
    });
    chart.append(g);
  };
  if (published) line('published', published.distance);
  line('what-if', mine.distance);
  return chart;
}

function pathTable(path: PathResult, mine: IcbPath, published: IcbPath | undefined): HTMLElement {
  const captionId = 'path-table-caption';
  const headers = ['Year', 'Published allocation £k', 'Published target £k', 'Published distance',
    'What-if allocation £k', 'What-if target £k', 'What-if distance', 'Difference £k'];
  return h('div', { class: 'app-table-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: 0 },
    h('table', { class: 'nhsuk-table', id: 'path-table' },
      h('caption', { class: 'nhsuk-table__caption nhsuk-table__caption--s', id: captionId },
        'Path to target, year by year (£ thousands)'),
      h('thead', { class: 'nhsuk-table__head' }, h('tr', { class: 'nhsuk-table__row' },
        headers.map((t, i) => h('th', { class: `nhsuk-table__header${i ? ' nhsuk-table__header--numeric' : ''}`,
          scope: 'col' }, t)))),
      h('tbody', { class: 'nhsuk-table__body' }, path.years.map((year, i) => {
        const p = published;
        return h('tr', { class: 'nhsuk-table__row', 'data-year': year, 'data-distance': String(mine.distance[i]),
          'data-allocation': String(mine.recurrent_allocation_k[i]) },
        h('th', { class: 'nhsuk-table__header', scope: 'row' }, year),
        cell(p ? formatK(p.recurrent_allocation_k[i]) : ''),
        cell(p ? formatK(p.target_k[i]) : ''),
        cell(p ? percent(p.distance[i], 2, true) : ''),
        cell(formatK(mine.recurrent_allocation_k[i])),
        cell(formatK(mine.target_k[i])),
        cell(percent(mine.distance[i], 2, true)),
        cell(p ? signedK(mine.recurrent_allocation_k[i] - p.recurrent_allocation_k[i]) : ''));
      }))));
}

function yearsToWithin(path: PathResult, p: IcbPath | undefined): string {
  if (!p) return '';
  if (p.years_to_threshold === null) return `not within ${percent(path.threshold, 2)} by ${path.years[path.years.length - 1]}`;
  if (p.years_to_threshold === 0) return `within ${percent(path.threshold, 2)} throughout`;
  return `within ${percent(path.threshold, 2)} from ${path.years[p.years_to_threshold]} ` +
    `(${p.years_to_threshold} year${p.years_to_threshold === 1 ? '' : 's'})`;
}

function whatIfSection(w: Waterfall, method: Method, year: string, stream: string,
  practices: IcbPractices | null): HTMLElement {
  const list = fields(method);
  const results = h('div', { id: 'what-if-results' });
  const status = h('p', { id: 'what-if-status', class: 'nhsuk-body-s', 'aria-live': 'polite' });
  const error = h('div', { id: 'what-if-error' });
  let timer: number | undefined;
  const schedule = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void run(), DEBOUNCE_MS);
  };
  const inputs = list.map((f) => {
    const isPercent = f.label.endsWith('(%)');
    const input = h('input', {
      class: 'nhsuk-input nhsuk-input--width-5', id: f.id, name: f.key, type: 'text', inputmode: 'decimal',
      value: round(f.value(method)), 'aria-describedby': `${f.id}-hint`, 'data-percent': isPercent ? 'true' : null,
    }) as HTMLInputElement;
    const [min, max, step] = f.range;
    const slider = h('input', {
      class: 'app-slider', id: `${f.id}-slider`, type: 'range', min: String(min), max: String(max), step: String(step),
      value: round(f.value(method)), 'aria-labelledby': `${f.id}-label`, 'aria-describedby': `${f.id}-hint`,
      'data-testid': `${f.id}-slider`,
    }) as HTMLInputElement;
    slider.addEventListener('input', () => {
      input.value = slider.value;
      schedule();
    });
    input.addEventListener('input', () => {
      if (input.value.trim() !== '' && Number.isFinite(Number(input.value))) slider.value = input.value;
      schedule();
    });
    return { f, input, slider, isPercent };
  });
  const quantum = h('input', { class: 'nhsuk-input nhsuk-input--width-10', id: 'quantum', name: 'quantum_k', type: 'text',
    inputmode: 'decimal', 'aria-describedby': 'quantum-hint' }) as HTMLInputElement;
  quantum.addEventListener('input', schedule);
  const pathYears = h('input', { class: 'nhsuk-input nhsuk-input--width-3', id: 'path-years', type: 'text',
    inputmode: 'numeric', value: '10', 'aria-describedby': 'path-years-hint' }) as HTMLInputElement;
  const threshold = h('input', { class: 'nhsuk-input nhsuk-input--width-4', id: 'path-threshold', type: 'text',
    inputmode: 'decimal', value: '0.5', 'aria-describedby': 'path-threshold-hint' }) as HTMLInputElement;
  pathYears.addEventListener('input', schedule);
  threshold.addEventListener('input', schedule);

  // Practices: the ICB's, found by code or name; each changed weight is listed and can be undone.
  const weights = new Map<string, number>();
  const byCode = new Map((practices?.practices ?? []).map((p) => [p.code, p]));
  const practiceInput = h('input', { class: 'nhsuk-input nhsuk-input--width-20', id: 'practice', type: 'text',
    list: 'practice-list', autocomplete: 'off', 'aria-describedby': 'practice-hint' }) as HTMLInputElement;
  const weightInput = h('input', { class: 'nhsuk-input nhsuk-input--width-10', id: 'practice-weight', type: 'text',
    inputmode: 'decimal', 'aria-describedby': 'practice-weight-hint', disabled: true }) as HTMLInputElement;
  const weightHint = h('div', { class: 'nhsuk-hint', id: 'practice-weight-hint' }, 'Choose a practice first.');
  const changes = h('ul', { class: 'nhsuk-list app-practice-changes', id: 'practice-changes' });
  let current: IcbPractices['practices'][number] | undefined;
  const find = (text: string) => {
    const t = text.trim().toLowerCase();
    if (!t) return undefined;
    const code = t.split(/\s+[–-]\s+/)[0].toUpperCase();
    if (byCode.has(code)) return byCode.get(code);
    const named = (practices?.practices ?? []).filter((p) => p.name.toLowerCase().includes(t));
    return named.length === 1 ? named[0] : undefined;
  };
  const drawChanges = () => {
    changes.replaceChildren(...[...weights.entries()].map(([code, value]) => {
      const p = byCode.get(code);
      const remove = h('button', { type: 'button', class: 'nhsuk-button nhsuk-button--secondary nhsuk-button--small app-link-button' },
        'Undo', h('span', { class: 'nhsuk-u-visually-hidden' }, ` ${code}`));
      remove.addEventListener('click', () => {
        weights.delete(code);
        if (current?.code === code) weightInput.value = round(current.weighted, 3);
        drawChanges();
        schedule();
      });
      return h('li', { 'data-practice': code },
        `${code} ${p?.name ?? ''}: ${formatK(p?.weighted ?? 0, 1)} → ${formatK(value, 1)} `, remove);
    }));
  };
  practiceInput.addEventListener('input', () => {
    current = find(practiceInput.value);
    weightInput.disabled = !current;
    if (current) {
      weightInput.value = round(weights.get(current.code) ?? current.weighted, 3);
      weightHint.textContent = `${current.code} ${current.name}: published weighted population ` +
        `${formatK(current.weighted, 1)} (registered ${formatK(current.population)}).`;
    } else {
      weightHint.textContent = 'Choose a practice first.';
    }
  });
  weightInput.addEventListener('input', () => {
    if (!current) return;
    const v = Number(weightInput.value.replace(/,/g, ''));
    if (weightInput.value.trim() === '' || !Number.isFinite(v) || v < 0) return;
    if (Math.abs(v - current.weighted) < 1e-9) weights.delete(current.code);
    else weights.set(current.code, v);
    drawChanges();
    schedule();
  });
  const practiceFieldset = practices && practices.practices.length
    ? h('fieldset', { class: 'nhsuk-fieldset', 'data-testid': 'practice-weights' },
      h('legend', { class: 'nhsuk-fieldset__legend nhsuk-fieldset__legend--s' }, 'A practice\'s weighted population'),
      h('div', { class: 'nhsuk-form-group' },
        h('label', { class: 'nhsuk-label', for: 'practice' }, 'Practice (code or name)'),
        h('div', { class: 'nhsuk-hint', id: 'practice-hint' },
          `One of the ${practices.practices.length} practices of ${w.icb_name} in ${practices.file} ` +
          `(column "${practices.weight_column}").`),
        practiceInput,
        h('datalist', { id: 'practice-list' }, practices.practices.map((p) =>
          h('option', { value: `${p.code} – ${p.name}` })))),
      h('div', { class: 'nhsuk-form-group' },
        h('label', { class: 'nhsuk-label', for: 'practice-weight' }, 'Weighted population'),
        weightHint, weightInput),
      changes)
    : h('p', { class: 'nhsuk-body-s', id: 'practice-none' },
      `No GP-practice weighted populations are published for ${year}, so practice weights cannot be changed in this ` +
      'year; choose 2023/24 or 2024/25.');

  const scenario = () => {
    const settings: Record<string, string> = {};
    for (const { f, input, isPercent } of inputs) {
      const text = input.value.trim();
      if (text === '' || text === round(f.value(method))) continue;
      settings[f.key] = isPercent ? `${text}%` : text;
    }
    const body: Record<string, unknown> = { year, stream, settings };
    if (quantum.value.trim() !== '') body.quantum_k = quantum.value.trim().replace(/,/g, '');
    if (weights.size) body.practice_weights = Object.fromEntries(weights);
    const years = Number(pathYears.value);
    const within = Number(threshold.value);
    body.path = {
      years: Number.isInteger(years) ? years : pathYears.value,
      threshold: threshold.value.trim() === '' || !Number.isFinite(within) ? threshold.value : within / 100,
    };
    return body;
  };
  const form = h('form', { class: 'app-what-if', novalidate: true, 'data-testid': 'what-if-form' },
    h('fieldset', { class: 'nhsuk-fieldset' },
      h('legend', { class: 'nhsuk-fieldset__legend nhsuk-fieldset__legend--s' }, 'Policy'),
      inputs.map(({ f, input, slider }) => h('div', { class: 'nhsuk-form-group app-slider-group' },
        h('label', { class: 'nhsuk-label', for: f.id, id: `${f.id}-label` }, f.label),
        h('div', { class: 'nhsuk-hint', id: `${f.id}-hint` }, f.hint),
        h('div', { class: 'app-slider-row' }, input, slider))),
      h('div', { class: 'nhsuk-form-group' },
        h('label', { class: 'nhsuk-label', for: 'quantum' }, 'National target quantum (£ thousands)'),
        h('div', { class: 'nhsuk-hint', id: 'quantum-hint' }, 'Leave empty for the published targets.'),
        quantum)),
    practiceFieldset,
    h('fieldset', { class: 'nhsuk-fieldset' },
      h('legend', { class: 'nhsuk-fieldset__legend nhsuk-fieldset__legend--s' }, 'Path to target'),
      h('div', { class: 'nhsuk-form-group' },
        h('label', { class: 'nhsuk-label', for: 'path-years' }, 'Years to project'),
        h('div', { class: 'nhsuk-hint', id: 'path-years-hint' }, '1 to 50.'),
        pathYears),
      h('div', { class: 'nhsuk-form-group' },
        h('label', { class: 'nhsuk-label', for: 'path-threshold' }, 'Within target means within (%)'),
        h('div', { class: 'nhsuk-hint', id: 'path-threshold-hint' }, 'Of target, either side, e.g. 0.5 or 2.5.'),
        threshold)),
    h('button', { class: 'nhsuk-button', type: 'submit' }, 'Recalculate'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    void run();
  });
  let sequence = 0;
  const run = async () => {
    const body = scenario();
    const mine = ++sequence;
    status.textContent = 'Recalculating…';
    try {
      const result = await send<WhatIfResult>('POST', '/api/v1/finance/whatif', body);
      if (mine !== sequence) return;  // a later change has been sent
      error.replaceChildren();
      showResults(result, body);
      status.textContent = 'Recalculated.';
    } catch (e) {
      if (mine !== sequence) return;
      const message = e instanceof ApiError || e instanceof Error ? e.message : String(e);
      error.replaceChildren(errorSummary('The what-if could not be run', message));
      status.textContent = '';
    }
  };
  const showResults = (r: WhatIfResult, body: Record<string, unknown>) => {
    const mine = r.icbs.find((i) => i.icb_code === w.icb_code);
    const myPath = r.path?.icbs.find((i) => i.icb_code === w.icb_code);
    const publishedPath = r.published_path?.icbs.find((i) => i.icb_code === w.icb_code);
    const captionId = 'what-if-table-caption';
    const scenarioOnly = { ...body };
    delete scenarioOnly.path;
    const xlsx = `/api/v1/finance/whatif.xlsx?${new URLSearchParams({ scenario: JSON.stringify(scenarioOnly) })}`;
    const years = new Map((r.path?.icbs ?? []).map((p) => [p.icb_code, p.years_to_threshold]));
    fill(results,
      h('h3', { class: 'nhsuk-heading-s' }, 'Result'),
      mine ? h('p', {
        'data-testid': 'what-if-mine', 'data-allocation': String(mine.allocation_k), 'data-target': String(mine.target_k),
      },
      `${w.icb_name}: allocation £${formatK(mine.allocation_k)}k against £${formatK(mine.published_allocation_k)}k ` +
      `published (${signedK(mine.difference_k)}k, ${percent(mine.difference_ratio, 2, true)}); target ` +
      `£${formatK(mine.target_k)}k against £${formatK(mine.published_target_k)}k published.`) : null,
      h('p', null, `England: ${signedK(r.total_difference_k)}k in total.` +
        (r.notes.length ? ' ' + r.notes.join(' ') : '')),
      downloadLink(xlsx, 'Download the what-if'),
      r.path && mine && myPath ? h('section', { 'aria-labelledby': 'path-heading', id: 'path' },
        h('h3', { class: 'nhsuk-heading-s', id: 'path-heading' }, `Path to target: ${w.icb_name}`),
        h('p', { 'data-testid': 'path-summary' },
          `Under the what-if, ${yearsToWithin(r.path, myPath)}` +
          (r.published_path && publishedPath ? `; under the published policy, ${yearsToWithin(r.published_path, publishedPath)}` : '') +
          `. Each year's baseline is the previous recurrent allocation, every target grows ` +
          `${percent(r.path.target_growth, 2)} a year, and the policy's growth and convergence apply each year.`),
        h('figure', { class: 'app-figure' }, pathChart(w.icb_name, r.path, myPath, publishedPath)),
        pathTable(r.path, myPath, publishedPath)) : null,
      h('div', { class: 'app-table-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: 0 },
        h('table', { class: 'nhsuk-table', id: 'what-if-table' },
          h('caption', { class: 'nhsuk-table__caption nhsuk-table__caption--s', id: captionId },
            'Every ICB under the what-if against the published position (£ thousands)'),
          h('thead', { class: 'nhsuk-table__head' }, h('tr', { class: 'nhsuk-table__row' },
            ['ICB', 'Published £k', 'What-if £k', 'Difference £k', 'Difference', 'Target £k', 'Distance after',
              'Years to within'].map((t, i) =>
              h('th', { class: `nhsuk-table__header${i ? ' nhsuk-table__header--numeric' : ''}`, scope: 'col' }, t)))),
          h('tbody', { class: 'nhsuk-table__body' }, r.icbs.map((i) => {
            const y = years.get(i.icb_code);
            return h('tr', { class: `nhsuk-table__row${i.icb_code === w.icb_code ? ' app-row--current' : ''}`,
              'data-icb': i.icb_code, 'data-difference': String(i.difference_k), 'data-target': String(i.target_k) },
            h('th', { class: 'nhsuk-table__header', scope: 'row' }, `${i.icb_name} (${i.icb_code})`),
            cell(formatK(i.published_allocation_k)),
            cell(formatK(i.allocation_k)),
            cell(signedK(i.difference_k)),
            cell(percent(i.difference_ratio, 2, true)),
            cell(formatK(i.target_k)),
            cell(percent(i.post_convergence_distance, 2, true)),
            cell(y === undefined ? '' : y === null ? 'not within' : String(y)));
          })))));
  };
  // The published position and its path, at once.
  void run();
  return h('section', { id: 'what-if', 'aria-labelledby': 'what-if-heading' },
    h('h2', { class: 'nhsuk-heading-l', id: 'what-if-heading' }, 'What if'),
    h('p', null, 'Change the policy, the quantum or a practice\'s weighted population: every ICB\'s allocation and ' +
      'the path to target are recalculated as you go. Nothing is saved; the published position is the policy as NHS ' +
      'England applied it.'),
    error, form, status, results);
}

registerPage({
  id: 'finance-icb', path: '/finance/icbs/{code}', roles: ['public'],
  async render(root, { session, params }) {
    const years = await loadYears();
    const { year, stream } = chosen(years);
    const [w, all] = await Promise.all([loadWaterfall(params.code, year, stream), loadAllocations(year, stream)]);
    document.title = `${w.icb_name}: allocation ${year} – ICS Platform`;
    const f = w.figures;
    const canWhatIf = session.signed_in && session.roles.some((r) => WHAT_IF_ROLES.includes(r));
    // The ICB's practices, for practice-weight what-ifs (none are published for some years).
    const practices = canWhatIf ? await loadPractices(w.icb_code, year, stream).catch(() => null) : null;
    fill(root, 
      h('nav', { class: 'nhsuk-back-link', 'aria-label': 'Back' },
        h('a', { class: 'nhsuk-back-link__link', href: `/finance?${query(year, stream)}` }, 'All ICB allocations')),
      h('span', { class: 'nhsuk-caption-l' }, `${w.icb_code} · ${STREAMS[stream] ?? stream} ${year}`),
      h('h1', { class: 'nhsuk-heading-xl' }, w.icb_name),
      h('dl', { class: 'nhsuk-summary-list' },
        ([
          ['Recurrent allocation', `£${formatK(f.recurrent_allocation_k)}k`],
          ['Total allocation', `£${formatK(f.total_allocation_k)}k`],
          ['Distance from target before convergence', percent(f.distance_from_target, 2, true)],
          ['Distance from target after convergence', percent(f.post_convergence_distance, 2, true)],
          ['£ per head', `£${formatK(f.per_head, 2)}`],
        ] as [string, string][]).map(([k, v]) => h('div', { class: 'nhsuk-summary-list__row' },
          h('dt', { class: 'nhsuk-summary-list__key' }, k), h('dd', { class: 'nhsuk-summary-list__value' }, v)))),
      yearStreamForm(years, { year, stream }),
      h('h2', { class: 'nhsuk-heading-l' }, 'From baseline to allocation'),
      h('figure', { class: 'app-figure' }, waterfallChart(w)),
      downloadLink(`/api/v1/finance/icbs/${encodeURIComponent(w.icb_code)}/waterfall.xlsx?${query(year, stream)}`,
        'Download these steps'),
      stepsTable(w),
      canWhatIf
        ? whatIfSection(w, all.method, year, stream, practices)
        : h('section', { id: 'what-if', 'aria-labelledby': 'what-if-heading' },
          h('h2', { class: 'nhsuk-heading-l', id: 'what-if-heading' }, 'What if'),
          h('p', null, session.signed_in
            ? 'What-ifs are for the finance, analyst and board member roles.'
            : h('span', null, h('a', {
              href: `/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`,
            }, 'Sign in'), ' as a finance, analyst or board member user to change the policy and see every ICB recomputed.'))));
  },
});
