// /oversight/{org}: one organisation's (or the system's) metrics, each as a Making Data
// Count chart with its icons. /oversight/{org}/{metric}: one metric's chart with what the
// metric means, its target and source; `?rebase=YYYY-MM-DD,...` starts new limits there.
import { h, summaryList } from '../dom';
import { iconCell, metricName, nameLookup, syntheticNotice } from '../oversight-common';
import {
  loadMetrics, loadOrganisationSummary, loadOversightOrganisations, loadSeriesChart, loadSeriesEvents,
} from '../oversight-api';
import { registerPage } from '../pages';
import { spcChart } from '../spc-chart';

function breadcrumbs(items: [string, string][]): HTMLElement {
  return h('nav', { class: 'nhsuk-breadcrumb', 'aria-label': 'Breadcrumb' },
    h('ol', { class: 'nhsuk-breadcrumb__list' },
      items.map(([text, href]) => h('li', { class: 'nhsuk-breadcrumb__list-item' },
        h('a', { class: 'nhsuk-breadcrumb__link', href }, text)))));
}

registerPage({
  id: 'oversight-organisation', path: '/oversight/{org}', roles: ['public'],
  async render(root, { params }) {
    const code = params.org;
    const [orgs, metrics, summary] = await Promise.all([
      loadOversightOrganisations(), loadMetrics(), loadOrganisationSummary(code),
    ]);
    const nameOf = await nameLookup(orgs);
    const org = orgs.organisations.find((o) => o.code === code);
    const charts = await Promise.all(summary.series.map((s) => loadSeriesChart(code, s.metric)));
    const events = await Promise.all(summary.series.map((s) => loadSeriesEvents(code, s.metric)));
    document.title = `${nameOf(code)}: oversight metrics – ICS Platform`;
    root.replaceChildren(
      breadcrumbs([['System oversight', '/oversight']]),
      h('h1', { class: 'nhsuk-heading-xl' }, nameOf(code)),
      syntheticNotice(orgs.source),
      summaryList([
        ['Code', code],
        ...(org ? [['Peer group', org.peer_group.replaceAll('_', ' ')] as [string, string],
          ['System', org.system] as [string, string]] : [
          ['Members', (orgs.systems.find((s) => s.code === code)?.members ?? []).map(nameOf).join(', ')] as [string, string]]),
      ]),
      h('ul', { class: 'app-metric-index' },
        summary.series.map((s) => h('li', null,
          h('a', { href: `#metric-${s.metric}` }, metricName(metrics.metrics, s.metric)), ': ',
          iconCell('variation', s.variation_icon)))),
      ...summary.series.flatMap((s, i) => {
        const def = metrics.metrics.find((m) => m.id === s.metric);
        const title = `${def?.name ?? s.metric}, ${nameOf(code)}`;
        return [
          h('h2', { class: 'nhsuk-heading-l', id: `metric-${s.metric}` }, def?.name ?? s.metric),
          spcChart(charts[i], { id: `chart-${s.metric}`, title, unit: def?.unit, annotations: events[i].events }),
          h('p', null, h('a', { href: `/oversight/${encodeURIComponent(code)}/${encodeURIComponent(s.metric)}` },
            `More about ${def?.name ?? s.metric}`, h('span', { class: 'nhsuk-u-visually-hidden' }, ` at ${nameOf(code)}`))),
        ];
      }),
    );
  },
});

registerPage({
  id: 'oversight-metric', path: '/oversight/{org}/{metric}', roles: ['public'],
  async render(root, { params }) {
    const { org: code, metric } = params;
    const search = new URLSearchParams(window.location.search);
    const rebase = (search.get('rebase') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const [orgs, metrics, chart, events] = await Promise.all([
      loadOversightOrganisations(), loadMetrics(), loadSeriesChart(code, metric, rebase), loadSeriesEvents(code, metric),
    ]);
    const nameOf = await nameLookup(orgs);
    const def = metrics.metrics.find((m) => m.id === metric);
    const name = def?.name ?? metric;
    document.title = `${name}, ${nameOf(code)} – ICS Platform`;
    const polarity = def?.polarity === 'higher_is_better' ? 'Higher is better'
      : def?.polarity === 'lower_is_better' ? 'Lower is better' : 'Neither higher nor lower is better';
    root.replaceChildren(
      breadcrumbs([['System oversight', '/oversight'], [nameOf(code), `/oversight/${encodeURIComponent(code)}`]]),
      h('h1', { class: 'nhsuk-heading-xl' }, h('span', { class: 'nhsuk-caption-l' }, nameOf(code)), ' ', name),
      syntheticNotice(orgs.source),
      spcChart(chart, { id: 'chart', title: `${name}, ${nameOf(code)}`, unit: def?.unit, annotations: events.events }),
      h('h2', { class: 'nhsuk-heading-m' }, 'About this metric'),
      summaryList([
        ['Definition', def?.definition ?? ''],
        ['Better', polarity],
        ['Unit', (def?.unit ?? '').replaceAll('_', ' ')],
        ['Target', def?.target
          ? `${def.target.value} by ${def.target.by || 'no date'}: ${def.target.basis} (${def.target.status})`
          : 'None'],
        ['Source', def?.source ?? ''],
        ['Rebased', rebase.length ? rebase.join(', ') : 'No (one set of limits)'],
      ]),
      h('p', null, h('a', { href: `/oversight/${encodeURIComponent(code)}` }, `All metrics of ${nameOf(code)}`)),
    );
  },
});

