// Shared by the finance pages: the JSON shapes of /api/v1/finance/..., money as £k, the
// distance-from-target bands, the tile layout of the 42 ICBs and the year/stream chooser.
import './finance.scss';

import { getJson } from './api';
import { h } from './dom';

export interface Method {
  growth: { basis: string; rate: number; scale: number };
  convergence: {
    distance: string;
    above_target: { factor: number; cap: number };
    below_target: { factor: number; cap: number };
  };
  rounding_thousands: number;
}

export interface IcbRow {
  icb_code: string;
  icb_name: string;
  baseline_k: number;
  target_k: number;
  distance_from_target: number;
  base_growth: number;
  convergence_distance: number;
  convergence: number;
  recurrent_allocation_k: number;
  recurrent_allocation_growth: number;
  population: number;
  per_head: number;
  allocation_year_target_k: number;
  post_convergence_distance: number;
  add_ons_k: Record<string, number>;
  total_allocation_k: number;
}

export interface Allocations {
  year: string;
  stream: string;
  title: string;
  notes: string[];
  method: Method;
  icbs: IcbRow[];
  england: Omit<IcbRow, 'icb_code' | 'icb_name' | 'base_growth' | 'convergence' | 'convergence_distance'> & {
    total_label: string;
  };
}

export interface WaterfallStep {
  step: string;
  label: string;
  kind: 'total' | 'change';
  amount_k: number;
  amount_pence: number;
  rate?: number;
}

export interface Waterfall {
  year: string;
  stream: string;
  title: string;
  icb_code: string;
  icb_name: string;
  steps: WaterfallStep[];
  baseline_construction: {
    opening_k: number;
    opening_pence: number;
    adjustments: { label: string; amount_k: number; amount_pence: number }[];
    adjusted_k: number;
  };
  figures: Record<string, number>;
  notes: string[];
}

export interface WhatIfIcb {
  icb_code: string;
  icb_name: string;
  published_allocation_k: number;
  allocation_k: number;
  difference_k: number;
  difference_ratio: number;
  published_target_k: number;
  target_k: number;
  published_post_convergence_distance: number;
  post_convergence_distance: number;
}

// The path to target: per ICB and year (years[0] is the allocation year), the recurrent
// allocation, the target and the distance A / T - 1.
export interface IcbPath {
  icb_code: string;
  years_to_threshold: number | null;
  recurrent_allocation_k: number[];
  target_k: number[];
  distance: number[];
}

export interface PathResult {
  years: string[];
  target_growth: number;
  threshold: number;
  within_by_year: number[];
  england: { recurrent_allocation_k: number[]; target_k: number[] };
  icbs: IcbPath[];
}

export interface WhatIfResult {
  year: string;
  stream: string;
  method: Method;
  published_quantum_k: number;
  quantum_k: number;
  total_difference_k: number;
  notes: string[];
  icbs: WhatIfIcb[];
  path?: PathResult;
  published_path?: PathResult;
}

// An ICB's GP practices and the weighted population each brings to its target.
export interface IcbPractices {
  icb_code: string;
  year: string;
  stream: string;
  file: string;
  weight_column: string;
  practices: { code: string; name: string; population: number; weighted: number }[];
}

export interface FinanceYears {
  allocations: { stream: string; year: string }[];
  default: { stream: string; year: string };
  icb: string;
  system: string;
  places: { id: string; name: string }[];
}

export const STREAMS: Record<string, string> = { core: 'Core services', pmc: 'Primary medical care' };

export const loadYears = () => getJson<FinanceYears>('/api/v1/finance/years');
export const loadAllocations = (year: string, stream: string) =>
  getJson<Allocations>(`/api/v1/finance/allocations?${query(year, stream)}`);
export const loadWaterfall = (code: string, year: string, stream: string) =>
  getJson<Waterfall>(`/api/v1/finance/icbs/${encodeURIComponent(code)}?${query(year, stream)}`);

export const loadPractices = (code: string, year: string, stream: string) =>
  getJson<IcbPractices>(`/api/v1/finance/icbs/${encodeURIComponent(code)}/practices?${query(year, stream)}`);

export function query(year: string, stream: string): string {
  return new URLSearchParams({ year, stream }).toString();
}

// The year and stream asked for in the address, else the defaults.
export function chosen(years: FinanceYears): { year: string; stream: string } {
  const params = new URLSearchParams(window.location.search);
  const year = params.get('year') ?? years.default.year;
  const stream = params.get('stream') ?? years.default.stream;
  const known = years.allocations.some((a) => a.year === year && a.stream === stream);
  return known ? { year, stream } : years.default;
}

// £k as published: whole thousands with separators ("3,413,852"), or with `decimals`.
export function formatK(thousands: number, decimals = 0): string {
  return new Intl.NumberFormat('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
    .format(thousands);
}

// From exact pence: £k rounded half away from zero, with separators.
export function formatPenceK(pence: number, decimals = 0): string {
  const unit = 10 ** (5 - decimals);
  const rounded = Math.sign(pence) * Math.round(Math.abs(pence) / unit);
  return formatK(rounded / 10 ** decimals, decimals);
}

export function signedK(thousands: number, decimals = 0): string {
  const text = formatK(Math.abs(thousands), decimals);
  if (text.replace(/[0,.]/g, '') === '') return text;
  return (thousands < 0 ? '−' : '+') + text;
}

export function formatPounds(pounds: number): string {
  return '£' + formatK(pounds, 2);
}

// A ratio as a percentage: 0.0123 -> "1.23%"; signed adds "+".
export function percent(ratio: number, decimals = 2, signed = false): string {
  const value = ratio * 100;
  const text = new Intl.NumberFormat('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
    .format(Math.abs(value));
  const zero = Number(text.replace(/,/g, '')) === 0;
  const sign = value < 0 && !zero ? '−' : signed && !zero ? '+' : '';
  return `${sign}${text}%`;
}

// ---- Distance from target bands ----

export interface Band {
  id: string;
  label: string;
}
export const BANDS: Band[] = [
  { id: 'far-below', label: 'More than 2.5% below target' },
  { id: 'below', label: '0.5% to 2.5% below target' },
  { id: 'near', label: 'Within 0.5% of target' },
  { id: 'above', label: '0.5% to 2.5% above target' },
  { id: 'far-above', label: 'More than 2.5% above target' },
];

export function band(distance: number): Band {
  if (distance < -0.025) return BANDS[0];
  if (distance < -0.005) return BANDS[1];
  if (distance <= 0.005) return BANDS[2];
  if (distance <= 0.025) return BANDS[3];
  return BANDS[4];
}

// ---- The tile map: one square per ICB, placed roughly where it is, grouped by region ----

export const REGIONS: Record<string, string> = {
  'North East and Yorkshire': 'QHM QOQ QF7 QWO',
  'North West': 'QYG QOP QE1',
  Midlands: 'QHL QUA QWU QJ2 QGH QK1 QJM QPM QT1 QOC QNC',
  'East of England': 'QHG QUE QM7 QH8 QMM QJG',
  London: 'QMJ QMF QRV QKK QWE',
  'South East': 'QU9 QNQ QRL QKS QXU QNX',
  'South West': 'QOX QUY QT6 QJK QVV QR1 QSL',
};

export function regionOf(code: string): string {
  for (const [region, codes] of Object.entries(REGIONS)) if (codes.split(' ').includes(code)) return region;
  return '';
}

// [column, row] on an 8 x 9 grid.
export const TILES: Record<string, [number, number]> = {
  QHM: [3, 0],
  QE1: [2, 1], QWO: [3, 1], QOQ: [4, 1],
  QYG: [1, 2], QOP: [2, 2], QF7: [3, 2], QJM: [4, 2],
  QOC: [1, 3], QNC: [2, 3], QJ2: [3, 3], QT1: [4, 3], QMM: [6, 3],
  QGH: [1, 4], QUA: [2, 4], QHL: [3, 4], QK1: [4, 4], QUE: [5, 4], QJG: [6, 4],
  QR1: [1, 5], QWU: [2, 5], QPM: [3, 5], QHG: [4, 5], QM7: [5, 5], QH8: [6, 5],
  QUY: [1, 6], QOX: [2, 6], QU9: [3, 6], QRV: [4, 6], QMJ: [5, 6], QMF: [6, 6],
  QSL: [1, 7], QVV: [2, 7], QNQ: [3, 7], QWE: [4, 7], QKK: [5, 7], QKS: [6, 7],
  QT6: [0, 8], QJK: [1, 8], QRL: [3, 8], QXU: [4, 8], QNX: [5, 8],
};

// A year and stream chooser that reloads the page with ?year=&stream=.
export function yearStreamForm(years: FinanceYears, current: { year: string; stream: string }): HTMLElement {
  const yearList = [...new Set(years.allocations.map((a) => a.year))].sort();
  const select = (id: string, label: string, options: [string, string][], value: string) =>
    h('div', { class: 'nhsuk-form-group' },
      h('label', { class: 'nhsuk-label', for: id }, label),
      h('select', { class: 'nhsuk-select', id, name: id },
        options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
  return h('form', { class: 'app-filters app-finance-choose', method: 'get', 'data-testid': 'year-stream' },
    select('year', 'Financial year', yearList.map((y) => [y, y]), current.year),
    select('stream', 'Funding stream', Object.entries(STREAMS), current.stream),
    h('div', { class: 'nhsuk-form-group' },
      h('button', { class: 'nhsuk-button nhsuk-button--secondary', type: 'submit' }, 'Show')));
}

export function downloadLink(href: string, text: string): HTMLElement {
  return h('p', { class: 'app-download' },
    h('a', { href, download: '', 'data-testid': 'xlsx' }, text, ' ',
      h('span', { class: 'nhsuk-u-visually-hidden' }, '(Excel workbook)'), h('span', { 'aria-hidden': 'true' }, '(XLSX)')));
}

// A table whose column headers sort it (aria-sort tells screen readers the order).
export interface SortColumn<T> {
  label: string;
  numeric?: boolean;
  key: (row: T) => number | string;
  cell: (row: T) => Node | string;
  rowHeader?: boolean;
}

export function sortableTable<T>(id: string, caption: string, columns: SortColumn<T>[], rows: T[],
  footer?: (Node | string)[], rowAttributes?: (row: T) => Record<string, string>): HTMLElement {
  let order: { column: number; ascending: boolean } | null = null;
  const body = h('tbody', { class: 'nhsuk-table__body' });
  const headers = columns.map((c, i) => {
    const button = h('button', { type: 'button', class: 'app-sort', 'data-column': String(i) }, c.label);
    const th = h('th', {
      class: `nhsuk-table__header${c.numeric ? ' nhsuk-table__header--numeric' : ''}`, scope: 'col', 'aria-sort': 'none',
    }, button);
    button.addEventListener('click', () => {
      order = { column: i, ascending: order?.column === i ? !order.ascending : !c.numeric };
      draw();
    });
    return th;
  });
  const draw = () => {
    let sorted = rows;
    if (order) {
      const { column, ascending } = order;
      const key = columns[column].key;
      sorted = [...rows].sort((a, b) => {
        const x = key(a);
        const y = key(b);
        const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return ascending ? c : -c;
      });
    }
    headers.forEach((th, i) => th.setAttribute('aria-sort',
      order?.column === i ? (order.ascending ? 'ascending' : 'descending') : 'none'));
    body.replaceChildren(...sorted.map((row) =>
      h('tr', { class: 'nhsuk-table__row', ...(rowAttributes?.(row) ?? {}) },
        columns.map((c) => c.rowHeader
          ? h('th', { class: 'nhsuk-table__header', scope: 'row' }, c.cell(row))
          : h('td', { class: `nhsuk-table__cell${c.numeric ? ' nhsuk-table__cell--numeric' : ''}` }, c.cell(row))))));
  };
  draw();
  const captionId = `${id}-caption`;
  const foot = footer
    ? h('tfoot', null, h('tr', { class: 'nhsuk-table__row app-total-row' },
      footer.map((cell, i) => i === 0
        ? h('th', { class: 'nhsuk-table__header', scope: 'row' }, cell)
        : h('td', { class: `nhsuk-table__cell${columns[i]?.numeric ? ' nhsuk-table__cell--numeric' : ''}` }, cell))))
    : null;
  return h('div', { class: 'app-table-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: 0 },
    h('table', { class: 'nhsuk-table app-finance-table', id },
      h('caption', { class: 'nhsuk-table__caption nhsuk-table__caption--m', id: captionId }, caption),
      h('thead', { class: 'nhsuk-table__head' }, h('tr', { class: 'nhsuk-table__row' }, headers)),
      body, foot));
}

// Replaces an element's children, leaving out nulls (optional parts).
export function fill(parent: Element, ...children: (Node | string | null | undefined)[]): void {
  parent.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined));
}
