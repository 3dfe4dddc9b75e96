// /finance: NHS England's fair-shares allocations for all 42 ICBs (as /api/v1/finance/allocations,
// which is `ics allocate --json`): a tile map of each ICB's distance from target and the
// sortable table it summarises.
import { h } from '../dom';
import {
  band, BANDS, chosen, downloadLink, fill, formatK, formatPounds, type IcbRow, loadAllocations, loadYears, percent, query,
  regionOf, sortableTable, STREAMS, TILES, yearStreamForm,
} from '../finance';
import { registerPage } from '../pages';

function tileMap(rows: IcbRow[], year: string, stream: string): HTMLElement {
  const grid = h('ul', { class: 'app-tiles', 'aria-describedby': 'tile-map-help' });
  for (const row of rows) {
    const place = TILES[row.icb_code] ?? [7, 8];
    const b = band(row.post_convergence_distance);
    const link = h('a', {
      class: 'app-tile__link',
      href: `/finance/icbs/${encodeURIComponent(row.icb_code)}?${query(year, stream)}`,
    },
    h('span', { class: 'app-tile__code' }, row.icb_code),
    h('span', { class: 'app-tile__value' }, percent(row.post_convergence_distance, 1, true)),
    h('span', { class: 'nhsuk-u-visually-hidden' }, `: ${row.icb_name}, ${regionOf(row.icb_code)}; ${b.label.toLowerCase()}`));
    link.title = `${row.icb_name}: ${percent(row.post_convergence_distance, 2, true)} from target`;
    const tile = h('li', { class: `app-tile app-band--${b.id}`, 'data-icb': row.icb_code, 'data-band': b.id }, link);
    tile.style.gridColumn = String(place[0] + 1);
    tile.style.gridRow = String(place[1] + 1);
    grid.append(tile);
  }
  const legend = h('ul', { class: 'app-legend', 'aria-label': 'Key' },
    BANDS.map((b) => h('li', { class: 'app-legend__item' },
      h('span', { class: `app-legend__swatch app-band--${b.id}`, 'aria-hidden': 'true' }),
      `${b.label} (${rows.filter((r) => band(r.post_convergence_distance).id === b.id).length})`)));
  return h('figure', { class: 'app-tile-map', id: 'tile-map' },
    h('figcaption', null,
      h('h2', { class: 'nhsuk-heading-m' }, 'Distance from target after this year\'s allocation'),
      h('p', { id: 'tile-map-help' },
        'Each square is an ICB, placed roughly where it is in England. The figure is its recurrent allocation ' +
        'against its fair-shares target (positive: above target). The table below gives every figure.')),
    legend, grid);
}

registerPage({
  id: 'finance', path: '/finance', nav: 'Finance', roles: ['public'],
  async render(root) {
    const years = await loadYears();
    const { year, stream } = chosen(years);
    const data = await loadAllocations(year, stream);
    document.title = `Allocations ${year}, ${STREAMS[stream] ?? stream} – ICS Platform`;
    const e = data.england;
    const table = sortableTable<IcbRow>('allocations-table',
      `Fair-shares allocations ${year}: ${STREAMS[stream] ?? stream} (£ thousands)`, [
        {
          label: 'ICB', rowHeader: true, key: (r) => r.icb_name, cell: (r) =>
            h('a', { href: `/finance/icbs/${encodeURIComponent(r.icb_code)}?${query(year, stream)}` },
              r.icb_name, ' ', h('span', { class: 'app-code' }, `(${r.icb_code})`)),
        },
        { label: 'Region', key: (r) => regionOf(r.icb_code), cell: (r) => regionOf(r.icb_code) },
        { label: 'Baseline £k', numeric: true, key: (r) => r.baseline_k, cell: (r) => formatK(r.baseline_k) },
        { label: 'Target £k', numeric: true, key: (r) => r.target_k, cell: (r) => formatK(r.target_k) },
        {
          label: 'Distance from target', numeric: true, key: (r) => r.distance_from_target,
          cell: (r) => percent(r.distance_from_target, 2, true),
        },
        { label: 'Base growth', numeric: true, key: (r) => r.base_growth, cell: (r) => percent(r.base_growth) },
        { label: 'Convergence', numeric: true, key: (r) => r.convergence, cell: (r) => percent(r.convergence, 2, true) },
        {
          label: 'Recurrent allocation £k', numeric: true, key: (r) => r.recurrent_allocation_k,
          cell: (r) => h('span', { 'data-field': 'recurrent_allocation_k' }, formatK(r.recurrent_allocation_k)),
        },
        { label: '£ per head', numeric: true, key: (r) => r.per_head, cell: (r) => formatPounds(r.per_head) },
        {
          label: 'Distance after convergence', numeric: true, key: (r) => r.post_convergence_distance,
          cell: (r) => percent(r.post_convergence_distance, 2, true),
        },
        {
          label: 'Total allocation £k', numeric: true, key: (r) => r.total_allocation_k,
          cell: (r) => formatK(r.total_allocation_k),
        },
      ], data.icbs,
      ['England', '', formatK(e.baseline_k), formatK(e.target_k), percent(e.distance_from_target, 2, true), '', '',
        formatK(e.recurrent_allocation_k), formatPounds(e.per_head), percent(e.post_convergence_distance, 2, true),
        formatK(e.total_allocation_k)],
      (r) => ({ 'data-icb': r.icb_code }));
    fill(root, 
      h('span', { class: 'nhsuk-caption-l' }, 'Money'),
      h('h1', { class: 'nhsuk-heading-xl' }, 'ICB allocations: fair shares and pace of change'),
      h('p', { class: 'nhsuk-lede-text' }, data.title),
      h('p', null, 'NHS England gives each integrated care board a fair-shares target from its population\'s need ' +
        'and moves its allocation towards it a step each year. These figures are computed from the published ' +
        'tables and reproduce them to the £k; choose an ICB for its steps from baseline to allocation.'),
      yearStreamForm(years, { year, stream }),
      tileMap(data.icbs, year, stream),
      h('h2', { class: 'nhsuk-heading-m' }, 'Every ICB'),
      h('p', null, 'Select a column heading to sort by it. Money in £ thousands as published; £ per head is the ' +
        'recurrent allocation per registered patient.'),
      downloadLink(`/api/v1/finance/allocations.xlsx?${query(year, stream)}`, 'Download this table'),
      table,
      data.notes.length
        ? h('details', { class: 'nhsuk-details' },
          h('summary', { class: 'nhsuk-details__summary' },
            h('span', { class: 'nhsuk-details__summary-text' }, 'How these figures were made')),
          h('div', { class: 'nhsuk-details__text' }, h('ul', null, data.notes.map((n) => h('li', null, n)))))
        : null);
  },
});
