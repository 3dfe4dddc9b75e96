// /finance/places: budgets for the served ICS's places from need, and its system envelope
// (/api/v1/finance/envelope, as `ics envelope --delegated`). Places (/api/v1/finance/places,
// the method of `ics budget places`): each place's share of the ICB's weighted population,
// its need index and its budget, in exact pence that add up to the ICB's allocation.
import { getJson } from '../api';
import { h } from '../dom';
import { downloadLink, fill, formatK, formatPenceK, formatPounds, percent, query, STREAMS } from '../finance';
import { registerPage } from '../pages';

interface PlaceRow {
  code: string;
  name: string;
  practices: number;
  population: number;
  weighted_population: number;
  share: number;
  need_index: number;
  budget_k: number;
  budget_pence: number;
  per_head: number;
}

interface Places {
  icb: string;
  year: string;
  stream: string;
  need_year: string;
  need_file: string;
  budget_k: number;
  budget_pence: number;
  budget_source: string;
  practices: number;
  population: number;
  weighted_population: number;
  places: PlaceRow[];
}

interface Envelope {
  icb: string;
  name: string;
  year: string;
  lines: { stream: string; label: string; amount_k: number; amount_pence: number }[];
  total_pence: number;
  basis: string;
}

const YEARS = ['2023/24', '2024/25', '2025/26'];
const STREAM_NAMES: Record<string, string> = {
  ...STREAMS, rca: 'Running costs', opc: 'Other primary care', pod: 'Pharmacy, optometry and dental',
  specialised: 'Specialised services',
};

function envelopeSection(e: Envelope): HTMLElement {
  const captionId = 'envelope-table-caption';
  const num = (text: string) => h('td', { class: 'nhsuk-table__cell nhsuk-table__cell--numeric' }, text);
  return h('section', { 'aria-labelledby': 'envelope-heading' },
    h('h2', { class: 'nhsuk-heading-l', id: 'envelope-heading' }, 'The system envelope'),
    h('p', null, `${e.name}'s allocations for ${e.year}: ${e.basis}.`),
    downloadLink(`/api/v1/finance/envelope.xlsx?${new URLSearchParams({ year: e.year })}`, 'Download the envelope'),
    h('div', { class: 'app-table-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: 0 },
      h('table', { class: 'nhsuk-table', id: 'envelope-table' },
        h('caption', { class: 'nhsuk-table__caption nhsuk-table__caption--m', id: captionId },
          `System envelope for ${e.icb}, ${e.year} (£ thousands)`),
        h('thead', { class: 'nhsuk-table__head' }, h('tr', { class: 'nhsuk-table__row' },
          h('th', { class: 'nhsuk-table__header', scope: 'col' }, 'Line'),
          h('th', { class: 'nhsuk-table__header', scope: 'col' }, 'Stream'),
          h('th', { class: 'nhsuk-table__header nhsuk-table__header--numeric', scope: 'col' }, '£k'))),
        h('tbody', { class: 'nhsuk-table__body' }, e.lines.map((l) =>
          h('tr', { class: 'nhsuk-table__row', 'data-pence': String(l.amount_pence) },
            h('th', { class: 'nhsuk-table__header', scope: 'row' }, l.label),
            h('td', { class: 'nhsuk-table__cell' }, STREAM_NAMES[l.stream] ?? l.stream),
            num(formatPenceK(l.amount_pence))))),
        h('tfoot', null, h('tr', { class: 'nhsuk-table__row app-total-row' },
          h('th', { class: 'nhsuk-table__header', scope: 'row' }, 'Total'),
          h('td', { class: 'nhsuk-table__cell' }, ''),
          num(formatPenceK(e.total_pence)))))));
}

registerPage({
  id: 'finance-places', path: '/finance/places', nav: 'Place budgets', roles: ['finance', 'analyst', 'board_member'],
  async render(root) {
    const params = new URLSearchParams(window.location.search);
    const year = YEARS.includes(params.get('year') ?? '') ? params.get('year')! : '2024/25';
    const stream = params.get('stream') === 'pmc' ? 'pmc' : 'core';
    const [data, envelope] = await Promise.all([
      getJson<Places>(`/api/v1/finance/places?${query(year, stream)}`),
      getJson<Envelope>(`/api/v1/finance/envelope?${new URLSearchParams({ year })}`)]);
    document.title = `Place budgets ${year} – ICS Platform`;
    const captionId = 'places-table-caption';
    const num = (text: string) => h('td', { class: 'nhsuk-table__cell nhsuk-table__cell--numeric' }, text);
    const select = (id: string, label: string, options: [string, string][], value: string) =>
      h('div', { class: 'nhsuk-form-group' },
        h('label', { class: 'nhsuk-label', for: id }, label),
        h('select', { class: 'nhsuk-select', id, name: id },
          options.map(([v, t]) => h('option', { value: v, selected: v === value }, t))));
    fill(root, 
      h('span', { class: 'nhsuk-caption-l' }, `${data.icb} · ${STREAMS[stream]} ${year}`),
      h('h1', { class: 'nhsuk-heading-xl' }, 'Place budgets and the system envelope'),
      h('p', { class: 'nhsuk-lede-text' },
        `The ICB's budget of £${formatPenceK(data.budget_pence)}k (${data.budget_source}) shared between its places ` +
        'in proportion to their GP practices\' weighted populations, as NHS England\'s place-based allocation tool does.'),
      data.need_year !== data.year
        ? h('div', { class: 'nhsuk-inset-text' }, h('p', null,
          `No practice weighted populations are published for ${data.year}; need is from ${data.need_year}.`))
        : null,
      h('form', { class: 'app-filters app-finance-choose', method: 'get' },
        select('year', 'Financial year', YEARS.map((y) => [y, y]), year),
        select('stream', 'Funding stream', Object.entries(STREAMS), stream),
        h('div', { class: 'nhsuk-form-group' },
          h('button', { class: 'nhsuk-button nhsuk-button--secondary', type: 'submit' }, 'Show'))),
      downloadLink(`/api/v1/finance/places.xlsx?${query(year, stream)}`, 'Download this table'),
      h('div', { class: 'app-table-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: 0 },
        h('table', { class: 'nhsuk-table', id: 'places-table' },
          h('caption', { class: 'nhsuk-table__caption nhsuk-table__caption--m', id: captionId },
            `Place budgets for ${data.icb}, ${year} (£ thousands)`),
          h('thead', { class: 'nhsuk-table__head' }, h('tr', { class: 'nhsuk-table__row' },
            ['Place', 'Practices', 'Registered population', 'Weighted population', 'Share', 'Need index', 'Budget £k',
              '£ per head'].map((t, i) =>
              h('th', { class: `nhsuk-table__header${i ? ' nhsuk-table__header--numeric' : ''}`, scope: 'col' }, t)))),
          h('tbody', { class: 'nhsuk-table__body' }, data.places.map((p) =>
            h('tr', { class: 'nhsuk-table__row', 'data-place': p.code, 'data-pence': String(p.budget_pence) },
              h('th', { class: 'nhsuk-table__header', scope: 'row' }, p.name),
              num(formatK(p.practices)), num(formatK(p.population)), num(formatK(p.weighted_population)),
              num(percent(p.share)), num(p.need_index.toFixed(3)), num(formatPenceK(p.budget_pence)),
              num(formatPounds(p.per_head))))),
          h('tfoot', null, h('tr', { class: 'nhsuk-table__row app-total-row' },
            h('th', { class: 'nhsuk-table__header', scope: 'row' }, data.icb),
            num(formatK(data.practices)), num(formatK(data.population)), num(formatK(data.weighted_population)),
            num(percent(1)), num((1).toFixed(3)), num(formatPenceK(data.budget_pence)),
            num(formatPounds(data.budget_k * 1000 / data.population)))))),
      h('p', null, 'Need index: the place\'s weighted population per head relative to the ICB\'s (above 1: more need ' +
        'per patient). Budgets are in exact pence and add up to the ICB\'s budget; shown rounded to £k. ' +
        `Need from ${data.need_file}.`),
      envelopeSection(envelope));
  },
});
