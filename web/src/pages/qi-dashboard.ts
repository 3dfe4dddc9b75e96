// /improvement: every QI project by its progress score (the IHI scale 0.5-5.0 the teams set),
// with the score's trend, each measure's SPC signal as the Making Data Count icon, PDSA
// cycles in progress, and how many projects sit at each level of the scale. Readers are
// QI leads, clinicians, analysts, oversight and board members; QI leads start projects here.
import { ApiError, send } from '../api';
import { h, table, tag } from '../dom';
import { registerPage } from '../pages';
import { loadDashboard, QI_READERS, signalLabel, signalTag, type QiProjectSummary } from '../qi-api';

function scoreCell(s: QiProjectSummary): HTMLElement {
  if (!s.score) return h('span', null, 'Not yet scored');
  const arrow = s.score_trend === 'up' ? ' (up)' : s.score_trend === 'down' ? ' (down)' : '';
  return h('span', { 'data-score': s.score.score }, `${s.score.score.toFixed(1)} ${s.score.label}${arrow}`);
}

function newProjectForm(onCreated: (id: number) => void): HTMLElement {
  const title = h('input', { class: 'nhsuk-input', id: 'new-title', name: 'title', type: 'text' });
  const aim = h('textarea', { class: 'nhsuk-textarea', id: 'new-aim', name: 'aim', rows: 2 });
  const orgs = h('input', { class: 'nhsuk-input', id: 'new-orgs', name: 'organisations', type: 'text' });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { id: 'new-project', novalidate: true }, status,
    h('div', { class: 'nhsuk-form-group' }, h('label', { class: 'nhsuk-label', for: 'new-title' }, 'Title'), title),
    h('div', { class: 'nhsuk-form-group' },
      h('label', { class: 'nhsuk-label', for: 'new-aim' }, 'Aim: what are you trying to accomplish, by how much, by when?'), aim),
    h('div', { class: 'nhsuk-form-group' },
      h('label', { class: 'nhsuk-label', for: 'new-orgs' }, 'Organisations taking part (ODS codes, comma separated)'), orgs),
    h('button', { class: 'nhsuk-button', type: 'submit' }, 'Start the project'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const organisations = orgs.value.split(',').map((o) => o.trim()).filter(Boolean);
    send<{ id: number }>('POST', '/api/v1/improvement/projects', { title: title.value, aim: aim.value, organisations })
      .then((p) => onCreated(p.id))
      .catch((error: ApiError) => {
        status.replaceChildren(h('div', { class: 'nhsuk-error-message', role: 'alert' }, error.message));
      });
  });
  return h('details', { class: 'nhsuk-details' },
    h('summary', { class: 'nhsuk-details__summary' }, h('span', { class: 'nhsuk-details__summary-text' }, 'Start a QI project')),
    h('div', { class: 'nhsuk-details__text' }, form));
}

registerPage({
  id: 'improvement',
  path: '/improvement',
  nav: 'Improvement',
  roles: QI_READERS,
  async render(root, { session }) {
    root.append(h('h1', { class: 'nhsuk-heading-xl' }, 'Quality improvement projects'));
    const d = await loadDashboard();
    root.append(h('p', { class: 'nhsuk-lede-text' },
      `${d.projects.length} projects; ${d.pdsas_in_progress} PDSA cycles in progress; ` +
      `${d.measures_improving} measures showing special cause improvement, ${d.measures_concerning} special cause concern.`));
    if (session.roles.includes('qi_lead')) {
      root.append(newProjectForm((id) => { window.location.assign(`/improvement/projects/${id}`); }));
    }
    root.append(table({
      id: 'qi-projects',
      caption: 'Projects by progress score',
      headers: ['Project', 'Progress score', 'Status', 'Organisations', 'Measures', 'PDSA cycles in progress'],
      rows: d.projects.map((p) => [
        h('a', { href: `/improvement/projects/${p.id}` }, p.title),
        scoreCell(p),
        p.status,
        p.organisations.join(', '),
        h('ul', { class: 'nhsuk-list app-qi-signals' }, p.measures.map((m) =>
          h('li', { 'data-signal': m.signal }, signalTag(m.signal), ` ${m.name}`, h('span', { class: 'nhsuk-u-visually-hidden' },
            `: ${signalLabel(m.signal)}`)))),
        String(p.pdsas.in_progress),
      ]),
      rowHeader: true,
    }));
    root.append(table({
      id: 'qi-levels',
      caption: 'Projects at each level of the progress scale',
      captionSize: 's',
      headers: ['Score', 'Level', 'What it means', 'Projects'],
      numeric: [false, false, false, true],
      rows: d.levels.map((l) => [l.score.toFixed(1), l.label, l.meaning, String(l.projects)]),
    }));
    if (d.unscored) root.append(h('p', null, tag(`${d.unscored} not yet scored`)));
  },
});
