// /finance/icbs/{code}: one ICB's allocation as a waterfall from its adjusted baseline through
// base growth, convergence and rounding to the recurrent allocation and, with the add-on
// lines, the total (an SVG chart with its data table); and, for finance, analyst and board
// member roles, what-if controls that recompute every ICB against the published position.
import { ApiError, send } from '../api';
import { h } from '../dom';
import {
  chosen, downloadLink, fill, formatK, formatPenceK, loadAllocations, loadWaterfall, loadYears, type Method, percent, query,
  signedK, STREAMS, type Waterfall, type WhatIfResult, yearStreamForm,
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

interface Field {
  id: string;
  key: string;
  label: string;
  hint: string;
  value: (m: Method) => number;
}

function fields(method: Method): Field[] {
  const list: Field[] = [];
  if (method.growth.basis === 'uniform') {
    list.push({ id: 'growth-rate', key: 'growth.rate', label: 'Base growth (%)', hint: 'The same for every ICB.',
      value: (m) => m.growth.rate * 100 });
  } else {
    list.push({ id: 'growth-scale', key: 'growth.scale', label: 'Growth scale',
      hint: 'A multiplier of each ICB\'s own target growth (1 = as published).', value: (m) => m.growth.scale });
  }
  list.push(
    { id: 'above-cap', key: 'convergence.above_target.cap', label: 'Largest cut above target (%)',
      hint: 'Convergence for an ICB above target is at most this.', value: (m) => m.convergence.above_target.cap * 100 },
    { id: 'above-factor', key: 'convergence.above_target.factor', label: 'Share of the gap closed above target',
      hint: 'A fraction, e.g. 0.2.', value: (m) => m.convergence.above_target.factor },
    { id: 'below-cap', key: 'convergence.below_target.cap', label: 'Largest lift below target (%)',
      hint: 'Convergence for an ICB below target is at most this.', value: (m) => m.convergence.below_target.cap * 100 },
    { id: 'below-factor', key: 'convergence.below_target.factor', label: 'Share of the gap closed below target',
      hint: 'A fraction, e.g. 0.0667 for 1/15.', value: (m) => m.convergence.below_target.factor });
  return list;
}

function round(v: number, digits = 6): string {
  return String(Number(v.toFixed(digits)));
}

function whatIfSection(w: Waterfall, method: Method, year: string, stream: string): HTMLElement {
  const list = fields(method);
  const results = h('div', { id: 'what-if-results', 'aria-live': 'polite' });
  const error = h('div', { id: 'what-if-error' });
  const inputs = list.map((f) => {
    const isPercent = f.label.endsWith('(%)');
    const input = h('input', {
      class: 'nhsuk-input nhsuk-input--width-5', id: f.id, name: f.key, type: 'text', inputmode: 'decimal',
      value: round(f.value(method)), 'aria-describedby': `${f.id}-hint`, 'data-percent': isPercent ? 'true' : null,
    });
    return { f, input, isPercent };
  });
  const quantum = h('input', { class: 'nhsuk-input nhsuk-input--width-10', id: 'quantum', name: 'quantum_k', type: 'text',
    inputmode: 'decimal', 'aria-describedby': 'quantum-hint' });
  const scenario = () => {
    const settings: Record<string, string> = {};
    for (const { f, input, isPercent } of inputs) {
      const text = input.value.trim();
      if (text === '' || text === round(f.value(method))) continue;
      settings[f.key] = isPercent ? `${text}%` : text;
    }
    const body: Record<string, unknown> = { year, stream, settings };
    if (quantum.value.trim() !== '') body.quantum_k = quantum.value.trim().replace(/,/g, '');
    return body;
  };
  const form = h('form', { class: 'app-what-if', novalidate: true, 'data-testid': 'what-if-form' },
    h('fieldset', { class: 'nhsuk-fieldset' },
      h('legend', { class: 'nhsuk-fieldset__legend nhsuk-fieldset__legend--s' }, 'Policy'),
      inputs.map(({ f, input }) => h('div', { class: 'nhsuk-form-group' },
        h('label', { class: 'nhsuk-label', for: f.id }, f.label),
        h('div', { class: 'nhsuk-hint', id: `${f.id}-hint` }, f.hint),
        input)),
      h('div', { class: 'nhsuk-form-group' },
        h('label', { class: 'nhsuk-label', for: 'quantum' }, 'National target quantum (£ thousands)'),
        h('div', { class: 'nhsuk-hint', id: 'quantum-hint' }, 'Leave empty for the published targets.'),
        quantum)),
    h('button', { class: 'nhsuk-button', type: 'submit' }, 'Recalculate'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  const run = async () => {
    const body = scenario();
    error.replaceChildren();
    try {
      const result = await send<WhatIfResult>('POST', '/api/v1/finance/whatif', body);
      showResults(result, body);
    } catch (e) {
      const message = e instanceof ApiError || e instanceof Error ? e.message : String(e);
      error.replaceChildren(h('div', { class: 'nhsuk-error-summary', role: 'alert', tabindex: -1 },
        h('h3', { class: 'nhsuk-error-summary__title' }, 'The what-if could not be run'),
        h('div', { class: 'nhsuk-error-summary__body' }, h('p', null, message))));
    }
  };
  const showResults = (r: WhatIfResult, body: Record<string, unknown>) => {
    const mine = r.icbs.find((i) => i.icb_code === w.icb_code);
    const captionId = 'what-if-table-caption';
    const xlsx = `/api/v1/finance/whatif.xlsx?${new URLSearchParams({ scenario: JSON.stringify(body) })}`;
    fill(results, 
      h('h3', { class: 'nhsuk-heading-s' }, 'Result'),
      mine ? h('p', { 'data-testid': 'what-if-mine' },
        `${w.icb_name}: £${formatK(mine.allocation_k)}k against £${formatK(mine.published_allocation_k)}k published ` +
        `(${signedK(mine.difference_k)}k, ${percent(mine.difference_ratio, 2, true)}).`) : null,
      h('p', null, `England: ${signedK(r.total_difference_k)}k in total.` +
        (r.notes.length ? ' ' + r.notes.join(' ') : '')),
      downloadLink(xlsx, 'Download the what-if'),
      h('div', { class: 'app-table-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: 0 },
        h('table', { class: 'nhsuk-table', id: 'what-if-table' },
          h('caption', { class: 'nhsuk-table__caption nhsuk-table__caption--s', id: captionId },
            'Every ICB under the what-if against the published position (£ thousands)'),
          h('thead', { class: 'nhsuk-table__head' }, h('tr', { class: 'nhsuk-table__row' },
            ['ICB', 'Published £k', 'What-if £k', 'Difference £k', 'Difference', 'Distance after'].map((t, i) =>
              h('th', { class: `nhsuk-table__header${i ? ' nhsuk-table__header--numeric' : ''}`, scope: 'col' }, t)))),
          h('tbody', { class: 'nhsuk-table__body' }, r.icbs.map((i) =>
            h('tr', { class: `nhsuk-table__row${i.icb_code === w.icb_code ? ' app-row--current' : ''}`,
              'data-icb': i.icb_code, 'data-difference': String(i.difference_k) },
            h('th', { class: 'nhsuk-table__header', scope: 'row' }, `${i.icb_name} (${i.icb_code})`),
            h('td', { class: 'nhsuk-table__cell nhsuk-table__cell--numeric' }, formatK(i.published_allocation_k)),
            h('td', { class: 'nhsuk-table__cell nhsuk-table__cell--numeric' }, formatK(i.allocation_k)),
            h('td', { class: 'nhsuk-table__cell nhsuk-table__cell--numeric' }, signedK(i.difference_k)),
            h('td', { class: 'nhsuk-table__cell nhsuk-table__cell--numeric' }, percent(i.difference_ratio, 2, true)),
            h('td', { class: 'nhsuk-table__cell nhsuk-table__cell--numeric' },
              percent(i.post_convergence_distance, 2, true))))))));
  };
  return h('section', { id: 'what-if', 'aria-labelledby': 'what-if-heading' },
    h('h2', { class: 'nhsuk-heading-l', id: 'what-if-heading' }, 'What if'),
    h('p', null, 'Change the policy and recalculate every ICB\'s allocation. Nothing is saved; the published ' +
      'position is the policy as NHS England applied it.'),
    error, form, results);
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
        ? whatIfSection(w, all.method, year, stream)
        : h('section', { id: 'what-if', 'aria-labelledby': 'what-if-heading' },
          h('h2', { class: 'nhsuk-heading-l', id: 'what-if-heading' }, 'What if'),
          h('p', null, session.signed_in
            ? 'What-ifs are for the finance, analyst and board member roles.'
            : h('span', null, h('a', {
              href: `/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`,
            }, 'Sign in'), ' as a finance, analyst or board member user to change the policy and see every ICB recomputed.'))));
  },
});
