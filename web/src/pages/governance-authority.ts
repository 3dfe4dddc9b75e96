// /governance/authority: "who may take this decision?" The scheme of delegation drawn as a
// graph (NHS England and the board on the left, each holder to the right of whoever
// delegated to it, one arrow per scheme line labelled with its clause), an authority query
// form (function, place, value, date, counterparty) whose answer highlights the chain on the
// graph and lists it step by step with the scheme's clauses, and every line as a table.
import cytoscape from 'cytoscape';

import { loadSystem } from '../api';
import { h, table } from '../dom';
import { loadDecisionMap, loadGraph, queryAuthority, type AuthorityAnswer, type DelegationGraph } from '../governance-api';
import { registerPage } from '../pages';

const KIND_COLOURS: Record<string, { fill: string; text: string }> = {
  nhs_england: { fill: '#003087', text: '#ffffff' },
  board: { fill: '#005eb8', text: '#ffffff' },
  committee: { fill: '#41b6e6', text: '#212b32' },
  place: { fill: '#007f3b', text: '#ffffff' },
  role: { fill: '#ffb81c', text: '#212b32' },
  person: { fill: '#e8edee', text: '#212b32' },
  organisation: { fill: '#d8dde0', text: '#212b32' },
  other: { fill: '#ffffff', text: '#212b32' },
};

function drawGraph(container: HTMLElement, graph: DelegationGraph): cytoscape.Core {
  const edges = graph.edges.filter((e) => e.in_force);
  const used = new Set(edges.flatMap((e) => [e.from, e.to]));
  return cytoscape({
    container,
    elements: [
      ...graph.nodes.filter((n) => used.has(n.id)).map((n) => ({
        group: 'nodes' as const, data: { id: n.id, label: n.label.replace(/ \(.*\)$/, ''), kind: n.kind },
      })),
      ...edges.map((e) => ({
        group: 'edges' as const, data: { id: e.id, source: e.from, target: e.to, label: e.clause || e.id },
      })),
    ],
    layout: { name: 'breadthfirst', directed: true, roots: ['nhs_england', 'board'].filter((r) => used.has(r)), spacingFactor: 1.1 },
    minZoom: 0.2,
    maxZoom: 3,
    boxSelectionEnabled: false,
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(label)', 'text-wrap': 'wrap', 'text-max-width': '140px', 'text-valign': 'center',
          'text-halign': 'center', 'font-size': 12, width: 150, height: 44, shape: 'round-rectangle',
          'border-width': 1, 'border-color': '#4c6272',
        },
      },
      ...Object.entries(KIND_COLOURS).map(([kind, c]) => ({
        selector: `node[kind = "${kind}"]`, style: { 'background-color': c.fill, color: c.text },
      })),
      {
        selector: 'edge',
        style: {
          width: 1.5, 'line-color': '#768692', 'target-arrow-color': '#768692', 'target-arrow-shape': 'triangle',
          'curve-style': 'bezier', label: 'data(label)', 'font-size': 10, 'text-background-color': '#ffffff',
          'text-background-opacity': 1,
        },
      },
      { selector: '.path', style: { width: 5, 'line-color': '#d5281b', 'target-arrow-color': '#d5281b', 'border-width': 4, 'border-color': '#d5281b' } },
      { selector: '.faded', style: { opacity: 0.25 } },
    ],
  });
}

function answerSection(answer: AuthorityAnswer): HTMLElement {
  const colour = answer.finding ? 'red' : answer.outcome === 'delegated' ? 'green' : 'blue';
  return h('div', { class: 'nhsuk-card', id: 'authority-answer' },
    h('div', { class: 'nhsuk-card__content' },
      h('h2', { class: 'nhsuk-card__heading nhsuk-heading-m' }, 'Who may take it'),
      h('p', null, h('strong', { class: `nhsuk-tag nhsuk-tag--${colour}` }, answer.outcome.replaceAll('_', ' '))),
      h('p', { 'data-testid': 'authority-summary' }, answer.summary),
      answer.deciders.map((d) => h('div', null,
        h('h3', { class: 'nhsuk-heading-s' }, `The chain of delegation to ${d.label}`),
        h('ol', { class: 'app-chain', 'data-testid': 'authority-chain' },
          d.chain.map((s) => h('li', null,
            h('strong', null, s.label),
            s.clause ? ` - clause ${s.clause}` : '',
            s.delegation ? ` (${s.delegation})` : '',
            s.limit ? `, limit ${s.limit}` : '',
            s.statutory_basis ? `; ${s.statutory_basis}` : ''))))),
      answer.reserved.length
        ? h('p', null, 'Reserved to the board: ', answer.reserved.map((r) => `clause ${r.clause} (${r.delegation})`).join(', '), '.')
        : null,
      answer.notes.length ? h('ul', null, answer.notes.map((n) => h('li', null, n))) : null));
}

registerPage({
  id: 'governance-authority', path: '/governance/authority', nav: 'Authority', roles: ['public'],
  async render(root) {
    document.title = 'Who may decide – ICS Platform';
    const [graph, map, system] = await Promise.all([loadGraph(), loadDecisionMap(), loadSystem()]);
    const params = new URLSearchParams(window.location.search);
    const field = (id: string, label: string, control: HTMLElement, hint?: string) =>
      h('div', { class: 'nhsuk-form-group' },
        h('label', { class: 'nhsuk-label', for: id }, label),
        hint ? h('div', { class: 'nhsuk-hint', id: `${id}-hint` }, hint) : null,
        control);
    const functionSelect = h('select', { class: 'nhsuk-select', id: 'function', name: 'function' },
      map.functions.map((f) => h('option', { value: f.id, selected: params.get('function') === f.id }, f.name)));
    const placeSelect = h('select', { class: 'nhsuk-select', id: 'place', name: 'place' },
      h('option', { value: '' }, 'The whole system'),
      system.places.map((p) => h('option', { value: p.id, selected: params.get('place') === p.id }, p.name || p.id)));
    const input = (id: string, type: string, hint: boolean) => h('input', {
      class: 'nhsuk-input nhsuk-input--width-10', id, name: id, type, value: params.get(id) ?? '',
      'aria-describedby': hint ? `${id}-hint` : null,
    });
    const form = h('form', { method: 'get', action: '/governance/authority', novalidate: true },
      field('function', 'Function or decision', functionSelect),
      field('place', 'Place', placeSelect),
      field('value', 'Value in pounds', input('value', 'text', true), 'The whole-life value, for example 250000'),
      field('date', 'Date of the decision', input('date', 'date', true), 'Leave empty for today'),
      field('counterparty', 'Counterparty', input('counterparty', 'text', true), 'The other party\'s organisation code, if any'),
      h('button', { class: 'nhsuk-button', type: 'submit' }, 'Find who may decide'));

    const answerSlot = h('div', { 'aria-live': 'polite' });
    const container = h('div', { class: 'app-graph__canvas', id: 'delegation-graph', role: 'img',
      'aria-label': 'The scheme of delegation as a graph; the same lines are in the table below', style: 'height: 560px' });
    root.replaceChildren(
      h('h1', { class: 'nhsuk-heading-xl' }, 'Who may take a decision'),
      h('p', null, `The scheme of reservation and delegation as it stands on ${graph.as_of}: who holds each function, `
        + 'who gave it to them, and the scheme\'s clause for each step.'),
      form,
      answerSlot,
      h('h2', { class: 'nhsuk-heading-l' }, 'The delegation graph'),
      h('figure', { class: 'app-graph' }, container,
        h('figcaption', null, 'Arrows run from whoever delegates to whoever holds the authority, labelled with the clause. '
          + 'The chain of the last answer is drawn in red.')),
      table({
        id: 'delegation-lines', caption: 'Every line of the scheme in force', headers: ['Clause', 'Function', 'From', 'To', 'Limit'],
        rows: graph.edges.filter((e) => e.in_force).map((e) => [e.clause, e.function_name,
          graph.nodes.find((n) => n.id === e.from)?.label ?? e.from, graph.nodes.find((n) => n.id === e.to)?.label ?? e.to,
          e.limit ?? 'No limit']),
      }),
      h('h2', { class: 'nhsuk-heading-l' }, 'Reserved to the board'),
      h('ul', null, graph.reserved.map((r) => h('li', null, `${r.function_name || r.function} (clause ${r.clause})`))));

    const cy = drawGraph(container, graph);
    const show = async (query: URLSearchParams) => {
      const answer = await queryAuthority(query);
      answerSlot.replaceChildren(answerSection(answer));
      cy.elements().removeClass('path faded');
      const steps = answer.deciders.flatMap((d) => d.chain);
      if (steps.length) {
        cy.elements().addClass('faded');
        for (const s of steps) {
          cy.getElementById(s.holder).removeClass('faded').addClass('path');
          if (s.delegation) cy.getElementById(s.delegation).removeClass('faded').addClass('path');
        }
      }
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const query = new URLSearchParams();
      for (const [k, v] of new FormData(form).entries()) if (String(v)) query.set(k, String(v));
      history.replaceState(null, '', `/governance/authority?${query}`);
      show(query).catch((error: Error) => {
        answerSlot.replaceChildren(h('div', { class: 'nhsuk-error-summary', role: 'alert' },
          h('h2', { class: 'nhsuk-error-summary__title' }, 'There is a problem'),
          h('div', { class: 'nhsuk-error-summary__body' }, h('p', null, error.message))));
      });
    });
    if (params.get('function')) await show(params);
  },
});
