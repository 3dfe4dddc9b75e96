// /oversight: the system oversight dashboard. The segment of each organisation for a
// framework year (with its reasons), every organisation's and the system's metrics with
// their Making Data Count icons, and league tables on the segmentation and on each metric.
import { h, table } from '../dom';
import { iconCell, metricName, nameLookup, syntheticNotice } from '../oversight-common';
import {
  loadEscalation, loadMetricLeague, loadMetrics, loadOversightOrganisations, loadSegmentation, loadSegmentationLeague,
  loadSummary, type Escalation, type League,
} from '../oversight-api';
import { registerPage } from '../pages';
import { formatValue } from '../spc-chart';

function leagueTable(id: string, league: League, caption: string, valueHeader: string,
  value: (row: League['rows'][number]) => string): HTMLElement[] {
  return [
    table({
      id, caption, captionSize: 's',
      headers: ['Rank', 'Organisation', 'Peer group', valueHeader],
      numeric: [true, false, false, true],
      rows: league.rows.map((r) => [
        `${r.rank}${r.tied ? ' (tied)' : ''}`,
        h('a', { href: `/oversight/${encodeURIComponent(r.org)}` }, r.name || r.org),
        r.peer_group.replaceAll('_', ' '), value(r),
      ]),
    }),
    h('p', { class: 'nhsuk-body-s' }, `Order: ${league.order}. Ties: ${league.ties}.` +
      (league.unranked.length ? ` Not ranked: ${league.unranked.join('; ')}.` : '')),
  ];
}

const escalationRoles = ['oversight', 'analyst', 'board_member'];

function escalationSection(e: Escalation): HTMLElement[] {
  return [
    h('h2', { class: 'nhsuk-heading-l', id: 'escalation' }, 'Quality escalation'),
    h('p', null, `${e.title}. Not published: shown to the system quality group's roles only.`),
    table({
      id: 'escalation-table', caption: 'Quality escalation level of each organisation',
      headers: ['Organisation', 'Level', 'Triggers'],
      rows: e.organisations.map((o) => [
        h('a', { href: `/oversight/${encodeURIComponent(o.org)}` }, o.name || o.org),
        h('strong', { 'data-level': o.level }, o.level.charAt(0).toUpperCase() + o.level.slice(1)),
        o.fired.length ? h('ul', { class: 'nhsuk-list' }, o.fired.map((f) => h('li', null, `${f.description}: ${f.reason}`)))
          : 'None',
      ]),
      rowHeader: true,
    }),
    h('dl', { class: 'nhsuk-summary-list' }, Object.entries(e.levels).map(([level, meaning]) =>
      h('div', { class: 'nhsuk-summary-list__row' },
        h('dt', { class: 'nhsuk-summary-list__key' }, level.charAt(0).toUpperCase() + level.slice(1)),
        h('dd', { class: 'nhsuk-summary-list__value' }, meaning)))),
  ];
}

registerPage({
  id: 'oversight', path: '/oversight', nav: 'Oversight', roles: ['public'],
  async render(root, { session }) {
    const orgs = await loadOversightOrganisations();
    const params = new URLSearchParams(window.location.search);
    const wanted = params.get('year');
    const year = wanted && orgs.years.includes(wanted) ? wanted : orgs.default_year;
    const [metrics, segmentation, summary, segLeague, nameOf] = await Promise.all([
      loadMetrics(), loadSegmentation(year), loadSummary(), loadSegmentationLeague(year), nameLookup(orgs),
    ]);
    const metricIds = [...new Set(summary.series.map((s) => s.metric))];
    const metricLeagues = await Promise.all(metricIds.map((m) => loadMetricLeague(m)));
    const unit = (id: string) => metrics.metrics.find((m) => m.id === id)?.unit;
    // The quality escalation levels are not published: only the system quality group's roles see them.
    const qualityGroup = session.signed_in && session.roles.some((r) => escalationRoles.includes(r));
    const escalation = qualityGroup ? await loadEscalation(year) : null;
    document.title = 'System oversight – ICS Platform';

    const yearForm = h('form', { method: 'get', action: '/oversight', class: 'app-filters' },
      h('div', { class: 'nhsuk-form-group' },
        h('label', { class: 'nhsuk-label', for: 'year' }, 'Framework year'),
        h('select', { class: 'nhsuk-select', id: 'year', name: 'year' },
          orgs.years.map((y) => h('option', { value: y, selected: y === year }, y)))),
      h('div', { class: 'nhsuk-form-group' },
        h('button', { class: 'nhsuk-button nhsuk-button--secondary', type: 'submit', 'data-module': 'nhsuk-button' },
          'Show year')));

    const segmentRows = segmentation.organisations.map((o) => [
      h('a', { href: `/oversight/${encodeURIComponent(o.org)}` }, o.name || o.org),
      o.peer_group.replaceAll('_', ' '),
      o.average === null ? 'none' : o.average.toFixed(2),
      o.segment === null ? 'none' : h('strong', { 'data-segment': o.segment }, `Segment ${o.segment}`),
      o.rank === null ? 'none' : `${o.rank}${o.tied ? ' (tied)' : ''} of ${o.ranked_in_peer_group}`,
      o.reasons.join('; '),
    ]);

    const metricRows = summary.series.map((s) => [
      h('a', { href: `/oversight/${encodeURIComponent(s.org)}` }, nameOf(s.org)),
      h('a', { href: `/oversight/${encodeURIComponent(s.org)}/${encodeURIComponent(s.metric)}` },
        metricName(metrics.metrics, s.metric)),
      formatValue(s.latest, 1, unit(s.metric)),
      formatValue(s.mean, 1, unit(s.metric)),
      iconCell('variation', s.variation_icon),
      iconCell('assurance', s.assurance),
    ]);

    const unconfirmed = segmentation.unconfirmed.length
      ? h('details', { class: 'nhsuk-details' },
        h('summary', { class: 'nhsuk-details__summary' },
          h('span', { class: 'nhsuk-details__summary-text' },
            `Unconfirmed values this segmentation used (${segmentation.unconfirmed.length})`)),
        h('div', { class: 'nhsuk-details__text' },
          h('ul', null, segmentation.unconfirmed.map((u) => h('li', null, `${u.path} = ${u.value} (${u.status})`)))))
      : null;

    root.replaceChildren(
      h('h1', { class: 'nhsuk-heading-xl' }, 'System oversight'),
      h('p', { class: 'nhsuk-lede-text' },
        'How each organisation is segmented under the NHS Oversight Framework, what its metrics show read as ' +
        'Making Data Count charts, and where it stands in the league tables.'),
      syntheticNotice(orgs.source),
      yearForm,
      h('h2', { class: 'nhsuk-heading-l', id: 'segmentation' }, `Segmentation, ${segmentation.year}`),
      h('p', null, `${segmentation.framework} (${segmentation.method}); values: ${segmentation.reporting_value}. ` +
        `Ranks: ${segmentation.ranking}.`),
      table({
        id: 'segmentation-table', caption: `Oversight segments, ${segmentation.year}`,
        headers: ['Organisation', 'Peer group', 'Average score', 'Segment', 'Rank in peer group', 'Why'],
        numeric: [false, false, true, false, false, false], rows: segmentRows, rowHeader: true,
      }),
      ...(unconfirmed ? [unconfirmed] : []),
      h('h2', { class: 'nhsuk-heading-l', id: 'metrics' }, 'Metrics'),
      h('p', null, 'The latest month of each series, its mean, and the Making Data Count variation and assurance ' +
        'icons (the assurance is against the metric\'s target; metrics without a target have none).'),
      table({
        id: 'metrics-table', caption: 'Metrics by organisation, with their variation and assurance',
        headers: ['Organisation', 'Metric', 'Latest', 'Mean', 'Variation', 'Assurance'],
        numeric: [false, false, true, true, false, false], rows: metricRows,
      }),
      ...(escalation ? escalationSection(escalation) : []),
      h('h2', { class: 'nhsuk-heading-l', id: 'league-tables' }, 'League tables'),
      h('h3', { class: 'nhsuk-heading-m' }, `By segmentation, ${segmentation.year}`),
      ...leagueTable('league-segmentation', segLeague, segLeague.title, 'Segment (average)',
        (r) => r.segment === null || r.segment === undefined ? 'none'
          : `${r.segment} (${r.average === null || r.average === undefined ? 'no average' : r.average.toFixed(2)})`),
      ...metricIds.flatMap((m, i) => [
        h('h3', { class: 'nhsuk-heading-m' }, metricName(metrics.metrics, m)),
        ...leagueTable(`league-${m}`, metricLeagues[i], metricLeagues[i].title, 'Latest value',
          (r) => `${formatValue(r.value, 1, unit(m))}${r.period ? ` (${r.period})` : ''}`),
      ]),
    );
  },
});
