// The system page (/): who is in the integrated care system and how it is governed, as an
// interactive graph and, for every reader, as tables.
import type { IcsSystem, Organisation } from './api';
import { loadVersions } from './api';
import { formatDate, formatNumber, h, summaryList, table, visuallyHidden } from './dom';
import { EDGE_KIND_LABELS, GRAPH_VIEWS, type GraphView, NODE_KIND_LABELS, type NodeKind } from './graph-model';
import {
  appointer, committeeType, humanise, lowerFirst, ORG_KIND_ORDER, orgKind, orgKindPlural, placeGovernance, sentenceCase,
} from './labels';

export async function renderSystemPage(main: HTMLElement, system: IcsSystem, canSeeVersions = false): Promise<void> {
  const s = system.system;
  document.title = `${s.name} integrated care system – ICS Platform`;
  const orgs = new Map(system.organisations.map((o) => [o.code, o]));
  const people = new Map(system.people.map((p) => [p.id, p]));
  const orgName = (code: string) => orgs.get(code)?.name ?? code;
  const personName = (id: string | undefined) => (id ? people.get(id)?.name ?? id : '');
  const icbName = orgs.get(s.icb)?.name ?? s.icb;

  const versionSlot = h('span', null);
  main.replaceChildren(
    h('span', { class: 'nhsuk-caption-l' }, 'Integrated care system'),
    h('h1', { class: 'nhsuk-heading-xl', id: 'system-name' }, s.name),
    h('p', { class: 'nhsuk-lede-text' },
      `${icbName} and its partners, as the definition describes them`,
      s.as_of ? ` on ${formatDate(s.as_of)}` : '', '.'),
    summaryList([
      ['Integrated care board', `${icbName} (ODS code ${s.icb})`],
      ...(s.ons_code ? [['ONS code', s.ons_code] as [string, string]] : []),
      ...(s.region ? [['NHS England region', s.region] as [string, string]] : []),
      ...(s.population ? [['Population', formatNumber(s.population)] as [string, string]] : []),
      ...(s.established ? [['Established', formatDate(s.established)] as [string, string]] : []),
      ['Definition', [h('code', null, s.file), versionSlot]],
    ]),
    contents(),
    graphSection(),
    organisationsSection(system.organisations),
    boardSection(),
    committeesSection(),
    icpSection(),
    placesSection(),
    collaborativesSection(),
  );

  // The stored versions are for the governance roles; others are not asked.
  if (canSeeVersions) {
    loadVersions()
      .then(({ versions }) => {
        const current = versions.find((v) => v.current);
        if (current) {
          versionSlot.textContent = `, version ${current.id} of ${versions[0].id}, imported ${formatDate(current.imported_at)}`;
        }
      })
      .catch(() => {});
  }

  await drawGraph();

  function contents(): HTMLElement {
    const items: [string, string][] = [
      ['structure', 'Structure'],
      ['organisations', 'Organisations'],
      ['board', 'ICB board'],
      ['committees', 'Committees'],
      ['partnership', 'Integrated care partnership'],
      ['places', 'Places'],
      ['collaboratives', 'Provider collaboratives'],
    ];
    return h('nav', { class: 'nhsuk-contents-list', 'aria-label': 'Sections' },
      h('h2', { class: 'nhsuk-u-visually-hidden' }, 'Contents'),
      h('ol', { class: 'nhsuk-contents-list__list' },
        items.map(([id, text]) => h('li', { class: 'nhsuk-contents-list__item' },
          h('a', { class: 'nhsuk-contents-list__link', href: `#${id}` }, text)))));
  }

  function graphSection(): HTMLElement {
    const legend = h('ul', { class: 'app-legend' },
      (Object.keys(NODE_KIND_LABELS) as NodeKind[]).map((kind) =>
        h('li', { class: 'app-legend__item' },
          h('span', { class: `app-legend__swatch app-legend__swatch--${kind}`, 'aria-hidden': 'true' }),
          NODE_KIND_LABELS[kind])));
    const edgeLegend = h('ul', { class: 'app-legend' },
      ([['governs', 'solid blue'], ['member', 'solid grey'], ['footprint', 'dashed green'], ['lead', 'thick green'],
        ['place_committee', 'dotted']] as const).map(([kind, look]) =>
        h('li', { class: 'app-legend__item' },
          h('span', { class: `app-legend__line app-legend__line--${kind}`, 'aria-hidden': 'true' }),
          `${humanise(EDGE_KIND_LABELS[kind])} (${look} arrow)`)));
    return h('section', { 'aria-labelledby': 'structure' },
      h('h2', { id: 'structure' }, 'Structure'),
      h('p', null,
        'How the bodies connect: the ICB and its board and committees, the partnership and its members, the places ' +
        'and the councils they cover, and the provider collaborative. GP practices are counted on their primary ' +
        'care network. Select a box to highlight its connections; drag to move, scroll to zoom. ',
        h('a', { href: '#organisations' }, 'The tables below'), ' give the same information.'),
      h('div', { class: 'nhsuk-form-group' },
        h('fieldset', { class: 'nhsuk-fieldset', 'aria-describedby': 'graph-view-hint' },
          h('legend', { class: 'nhsuk-fieldset__legend nhsuk-fieldset__legend--s' }, 'Show'),
          h('div', { class: 'nhsuk-hint', id: 'graph-view-hint' }, 'Choose a part of the structure to see it more clearly.'),
          h('div', { class: 'nhsuk-radios nhsuk-radios--inline nhsuk-radios--small', 'data-module': 'nhsuk-radios' },
            GRAPH_VIEWS.map((v, i) => h('div', { class: 'nhsuk-radios__item' },
              h('input', { class: 'nhsuk-radios__input', id: `graph-view-${v.id}`, name: 'graph-view', type: 'radio',
                value: v.id, checked: i === 0 }),
              h('label', { class: 'nhsuk-label nhsuk-radios__label', for: `graph-view-${v.id}` }, v.label)))))),
      h('figure', { class: 'app-graph' },
        h('div', {
          id: 'graph',
          class: 'app-graph__canvas',
          role: 'img',
          'aria-label': `Graph of the structure of ${s.name}. The same information is in the tables that follow.`,
          'data-ready': 'false',
        }),
        h('figcaption', { class: 'app-graph__caption' },
          h('p', { id: 'graph-selection', class: 'app-graph__selection', 'aria-live': 'polite' },
            'Nothing selected.'),
          h('h3', { class: 'nhsuk-heading-xs' }, 'Key'), legend, edgeLegend)));
  }

  async function drawGraph(): Promise<void> {
    const canvas = main.querySelector<HTMLElement>('#graph')!;
    const selection = main.querySelector<HTMLElement>('#graph-selection')!;
    try {
      const { drawStructureGraph } = await import('./graph');
      const drawn = await drawStructureGraph(canvas, system, (detail) => {
        selection.textContent = detail ?? 'Nothing selected.';
      });
      const shown = async (view: GraphView | 'all') => {
        canvas.dataset.ready = 'false';
        const counts = await drawn.show(view);
        canvas.dataset.view = view;
        canvas.dataset.nodes = String(counts.nodes);
        canvas.dataset.edges = String(counts.edges);
        canvas.dataset.ready = 'true';
      };
      for (const radio of main.querySelectorAll<HTMLInputElement>('input[name="graph-view"]')) {
        radio.addEventListener('change', () => {
          if (radio.checked) void shown(radio.value as GraphView | 'all');
        });
      }
      await shown('all');
    } catch (error) {
      canvas.replaceChildren(h('p', { class: 'nhsuk-body' }, `The graph could not be drawn: ${String(error)}`));
      canvas.dataset.ready = 'error';
    }
  }

  function organisationsSection(all: Organisation[]): HTMLElement {
    const kinds = [...new Set(all.map((o) => o.kind))].sort(
      (a, b) => ORG_KIND_ORDER.indexOf(a) - ORG_KIND_ORDER.indexOf(b));
    const counts = table({
      id: 'organisation-counts',
      caption: 'Organisations by kind',
      captionSize: 's',
      headers: ['Kind', 'Number'],
      numeric: [false, true],
      rowHeader: true,
      rows: [
        ...kinds.map((k) => [orgKindPlural(k), formatNumber(all.filter((o) => o.kind === k).length)]),
        ['All organisations', formatNumber(all.length)],
      ],
    });

    const textFilter = h('input', {
      class: 'nhsuk-input nhsuk-u-width-two-thirds',
      id: 'org-filter',
      name: 'org-filter',
      type: 'search',
      autocomplete: 'off',
      'aria-describedby': 'org-filter-hint',
    });
    const kindFilter = h('select', { class: 'nhsuk-select', id: 'org-kind', name: 'org-kind' },
      h('option', { value: '' }, 'All kinds'),
      kinds.map((k) => h('option', { value: k }, orgKindPlural(k))));
    const status = h('p', { class: 'nhsuk-body-s', id: 'org-filter-status', role: 'status' });

    const sorted = [...all].sort((a, b) =>
      ORG_KIND_ORDER.indexOf(a.kind) - ORG_KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name));
    const details = (o: Organisation): string => {
      const bits: string[] = [];
      if (o.foundation_trust) bits.push('foundation trust');
      if (o.la_type) bits.push(humanise(o.la_type).toLowerCase());
      if (o.social_care) bits.push('social care');
      if (o.pcn) bits.push(`PCN: ${orgName(o.pcn)}`);
      if (o.local_authority) bits.push(`in ${orgName(o.local_authority)}`);
      if (o.list_size !== undefined) bits.push(`${formatNumber(o.list_size)} registered patients`);
      if (o.in_area === false) bits.push('outside the area');
      return bits.join('; ');
    };
    const list = table({
      id: 'organisations-table',
      caption: 'All organisations',
      captionSize: 's',
      headers: ['Name', 'Code', 'Kind', 'Details'],
      rowHeader: true,
      rows: sorted.map((o) => [o.name, h('code', null, o.code), orgKind(o.kind), details(o)]),
      rowAttributes: (i) => ({ 'data-kind': sorted[i].kind,
        'data-search': `${sorted[i].name} ${sorted[i].code}`.toLowerCase() }),
    });
    const rows = [...list.querySelectorAll<HTMLTableRowElement>('tbody tr')];
    const apply = () => {
      const text = textFilter.value.trim().toLowerCase();
      const kind = kindFilter.value;
      let shown = 0;
      for (const row of rows) {
        const visible = (!kind || row.dataset.kind === kind) && (!text || row.dataset.search!.includes(text));
        row.hidden = !visible;
        if (visible) shown++;
      }
      status.textContent = `Showing ${formatNumber(shown)} of ${formatNumber(rows.length)} organisations.`;
    };
    textFilter.addEventListener('input', apply);
    kindFilter.addEventListener('change', apply);
    apply();

    return h('section', { 'aria-labelledby': 'organisations' },
      h('h2', { id: 'organisations' }, 'Organisations'),
      counts,
      h('div', { class: 'app-filters' },
        h('div', { class: 'nhsuk-form-group app-filters__text' },
          h('label', { class: 'nhsuk-label', for: 'org-filter' }, 'Filter by name or code'),
          h('div', { class: 'nhsuk-hint', id: 'org-filter-hint' }, 'For example, Chesterfield or RXM'),
          textFilter),
        h('div', { class: 'nhsuk-form-group' },
          h('label', { class: 'nhsuk-label', for: 'org-kind' }, 'Kind'),
          kindFilter)),
      status,
      list);
  }

  function boardSection(): HTMLElement {
    const seats = system.board.seats;
    const notes = (seat: (typeof seats)[number]) => {
      const bits: string[] = [];
      if (seat.deputy_chair) bits.push('deputy chair');
      if (seat.senior_ned) bits.push('senior independent member');
      if (!seat.voting) bits.push('non-voting');
      return bits.join('; ');
    };
    const quorum = system.board.quorum;
    return h('section', { 'aria-labelledby': 'board' },
      h('h2', { id: 'board' }, 'ICB board'),
      h('p', null, `${seats.length} seats (${seats.filter((x) => x.voting).length} voting).`,
        quorum ? ` Quorum: ${quorumText(quorum)}.` : ''),
      table({
        id: 'board-seats',
        caption: 'Board seats',
        captionSize: 's',
        headers: ['Role', 'Person', 'Nominated by', 'Appointed by', 'Notes'],
        rows: seats.map((seat, i) => [
          sentenceCase(seat.role_label),
          personName(seat.person),
          nominators(seat.nominated_by ?? [], `seat-${i}`),
          seat.appointed_by
            ? sentenceCase(appointer(seat.appointed_by)) + (seat.approved_by ? `, approved by ${appointer(seat.approved_by)}` : '')
            : '',
          notes(seat),
        ]),
        rowAttributes: (i) => ({ 'data-role': seats[i].role }),
      }));
  }

  // A short list in full; a long one (every GP practice, say) as counts by kind with the
  // names behind a disclosure.
  function nominators(codes: string[], key: string): Node | string {
    if (codes.length <= 6) return codes.map(orgName).join(', ');
    const byKind = new Map<string, number>();
    for (const code of codes) {
      const kind = orgs.get(code)?.kind ?? 'other';
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    }
    const summary = [...byKind].map(([kind, n]) => `${n} ${lowerFirst(n === 1 ? orgKind(kind) : orgKindPlural(kind))}`)
      .join(', ');
    return h('details', { class: 'nhsuk-details app-details-compact', id: `nominators-${key}` },
      h('summary', { class: 'nhsuk-details__summary' },
        h('span', { class: 'nhsuk-details__summary-text' }, sentenceCase(summary))),
      h('div', { class: 'nhsuk-details__text' },
        h('ul', { class: 'nhsuk-list app-list-tight' }, codes.map((c) => h('li', null, orgName(c))))));
  }

  function committeesSection(): HTMLElement {
    const committees = system.committees;
    const byId = new Map(committees.map((c) => [c.id, c]));
    return h('section', { 'aria-labelledby': 'committees' },
      h('h2', { id: 'committees' }, 'Committees'),
      committees.length === 0 ? h('p', null, 'The definition lists no committees.') :
        table({
          id: 'committees-table',
          caption: 'Committees of the ICB board',
          captionSize: 's',
          headers: ['Committee', 'Type', 'Reports to', 'Chair', 'Members', 'Quorum'],
          rowHeader: true,
          rows: committees.map((c) => [
            c.name,
            `${committeeType(c.type)} (${c.kind.replace(/_/g, ' ')})`,
            c.parent ? byId.get(c.parent)?.name ?? c.parent : 'ICB board',
            personName(c.chair),
            c.members.map((m) => personName(m.person) + (m.voting ? '' : ' (non-voting)')).join(', '),
            c.quorum ? quorumText(c.quorum) : '',
          ]),
        }));
  }

  function icpSection(): HTMLElement {
    const icp = system.icp;
    if (!icp) {
      return h('section', { 'aria-labelledby': 'partnership' },
        h('h2', { id: 'partnership' }, 'Integrated care partnership'),
        h('p', null, 'The definition describes no integrated care partnership.'));
    }
    return h('section', { 'aria-labelledby': 'partnership' },
      h('h2', { id: 'partnership' }, icp.name),
      summaryList([
        ['Chair', personName(icp.chair) || 'Not recorded'],
        ['Chair selected by', icp.chair_selected_by.map(orgName).join(', ')],
        ['Member bodies', h('ul', { class: 'nhsuk-list' }, icp.bodies.map((b) => h('li', null, orgName(b))))],
      ]),
      icp.members.length === 0 ? null : table({
        id: 'icp-members',
        caption: 'Partnership members',
        captionSize: 's',
        headers: ['Person', 'Role', 'Appointed by'],
        rows: icp.members.map((m) => [personName(m.person) || 'Vacant', m.role ?? '', orgName(m.appointed_by)]),
      }));
  }

  function placesSection(): HTMLElement {
    return h('section', { 'aria-labelledby': 'places' },
      h('h2', { id: 'places' }, 'Places'),
      system.places.length === 0 ? h('p', null, 'The definition lists no places.') :
        table({
          id: 'places-table',
          caption: 'Place-based partnerships',
          captionSize: 's',
          headers: ['Place', 'Covers', 'Population', 'Governance', 'Convener', 'Members'],
          numeric: [false, false, true, false, false, false],
          rowHeader: true,
          rows: system.places.map((p) => [
            p.name,
            p.footprint.map(orgName).join(', '),
            p.population !== undefined ? formatNumber(p.population) : '',
            [p.governance.map(placeGovernance).join(', '),
              p.committee ? ` (${system.committees.find((c) => c.id === p.committee)?.name ?? p.committee})` : ''].join(''),
            personName(p.convener),
            h('details', { class: 'nhsuk-details app-details-compact' },
              h('summary', { class: 'nhsuk-details__summary' },
                h('span', { class: 'nhsuk-details__summary-text' }, `${p.members.length} members`,
                  visuallyHidden(` of ${p.name}`))),
              h('div', { class: 'nhsuk-details__text' },
                h('ul', { class: 'nhsuk-list' }, p.members.map((m) => h('li', null, orgName(m)))))),
          ]),
        }));
  }

  function collaborativesSection(): HTMLElement {
    return h('section', { 'aria-labelledby': 'collaboratives' },
      h('h2', { id: 'collaboratives' }, 'Provider collaboratives'),
      system.collaboratives.length === 0 ? h('p', null, 'The definition lists no provider collaboratives.') :
        table({
          id: 'collaboratives-table',
          caption: 'Collaboratives and their member trusts',
          captionSize: 's',
          headers: ['Collaborative', 'Member trusts', 'Lead', 'Governance', 'Places'],
          rowHeader: true,
          rows: system.collaboratives.map((c) => [
            c.name,
            h('ul', { class: 'nhsuk-list app-list-tight' }, c.members.map((m) => h('li', null, orgName(m)))),
            c.lead ? orgName(c.lead) : '',
            c.governance ? humanise(c.governance) : '',
            c.places.map((id) => system.places.find((p) => p.id === id)?.name ?? id).join(', '),
          ]),
        }));
  }
}

function quorumText(q: { count?: number; majority: boolean; requires: string[] }): string {
  const parts: string[] = [];
  if (q.count !== undefined) parts.push(`${q.count} members`);
  if (q.majority) parts.push('a majority');
  if (q.requires.length) parts.push(`including ${q.requires.map((r) => r.replace(/_/g, ' ')).join(', ')}`);
  return parts.join(', ');
}
