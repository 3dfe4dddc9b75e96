// /improvement/projects/{id}: one QI project - its charter, the team across organisations,
// each measure's SPC chart (the engine's centre line and limits, the Making Data Count icons)
// with the project's PDSA cycles drawn as numbered annotations at their start dates, the PDSA
// cycles themselves and the progress score's history. QI leads and team members with edit
// permission import measure data (a CSV file: every problem listed with its line and column,
// nothing stored when there is any), add PDSA cycles and measures, edit the charter (with its
// row_version: a 409 says someone else changed it) and record the progress score; QI leads and
// team admins also add team members; readers see no forms.
import { ApiError, send, type Session } from '../api';
import { formatDate, h, summaryList, table, tag } from '../dom';
import { registerPage } from '../pages';
import { loadProject, loadScale, QI_READERS, signalLabel, signalTag, type QiMeasure, type QiProject, type ScoreLevel } from '../qi-api';
import { spcChart } from '../spc-chart';

function problem(id: string, title: string, lines: string[]): HTMLElement {
  const box = h('div', { class: 'nhsuk-error-summary', role: 'alert', tabindex: -1, 'aria-labelledby': `${id}-title` },
    h('h2', { class: 'nhsuk-error-summary__title', id: `${id}-title` }, title),
    h('div', { class: 'nhsuk-error-summary__body' },
      h('ul', { class: 'nhsuk-list nhsuk-error-summary__list', 'data-testid': `${id}-list` }, lines.map((l) => h('li', null, l)))));
  return box;
}

function showProblem(status: HTMLElement, id: string, title: string, lines: string[]): void {
  const box = problem(id, title, lines);
  status.replaceChildren(box);
  box.focus();
}

function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  return h('div', { class: 'nhsuk-form-group' },
    h('label', { class: 'nhsuk-label', for: id }, label),
    hint ? h('div', { class: 'nhsuk-hint', id: `${id}-hint` }, hint) : null,
    control);
}

function chartUnit(unit: string): string | undefined {
  return unit === '%' ? 'percent' : undefined;
}

function measureSection(m: QiMeasure, project: QiProject): HTMLElement {
  const section = h('section', { class: 'app-qi-measure', 'data-measure': m.id, 'aria-labelledby': `measure-${m.id}-heading` },
    h('h3', { class: 'nhsuk-heading-m', id: `measure-${m.id}-heading` }, `${m.name} `, tag(`${m.type} measure`, 'white')));
  const summary = project.summary.measures.find((s) => s.id === m.id);
  section.append(h('p', null, m.definition || 'No definition recorded.',
    summary ? [' ', signalTag(summary.signal), h('span', { class: 'nhsuk-u-visually-hidden' }, ` ${signalLabel(summary.signal)}`)] : null));
  if (m.spc) {
    section.append(spcChart(m.spc, { id: `measure-${m.id}`, title: `${m.name}, ${project.title}`, unit: chartUnit(m.unit),
      annotations: m.annotations }));
    section.append(h('p', { class: 'nhsuk-body-s' },
      `Charted with the ${m.spc.preset} preset (${m.spc.chart} chart); improvement is ${m.direction === 'neutral' ? 'neither direction' : `${m.direction}`}.`));
  } else {
    section.append(h('p', { class: 'app-qi-no-chart' }, m.spc_note ?? 'No chart.'));
  }
  return section;
}

function scoreForm(project: QiProject, levels: ScoreLevel[], session: Session, done: () => void): HTMLElement {
  const score = h('select', { class: 'nhsuk-select', id: 'score-value', name: 'score' },
    levels.map((l) => h('option', { value: String(l.score), selected: l.score === (project.summary.score?.score ?? 1) },
      `${l.score.toFixed(1)} - ${l.label}`)));
  const date = h('input', { class: 'nhsuk-input nhsuk-input--width-10', id: 'score-date', name: 'date', type: 'date',
    value: new Date().toISOString().slice(0, 10) });
  const note = h('input', { class: 'nhsuk-input', id: 'score-note', name: 'note', type: 'text' });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { id: 'score-form', novalidate: true }, status,
    field('score-value', 'Progress score (the team\'s own assessment)', score),
    field('score-date', 'Assessed on', date),
    field('score-note', 'Note', note),
    h('button', { class: 'nhsuk-button nhsuk-button--secondary', type: 'submit' }, 'Record the score'));
  void session;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send('POST', `/api/v1/improvement/projects/${project.id}/scores`,
      { score: Number(score.value), date: date.value, note: note.value })
      .then(done)
      .catch((e: ApiError) => showProblem(status, 'score-error', 'The score was not recorded', [e.message]));
  });
  return form;
}

function dataForm(project: QiProject, session: Session, done: (message: string) => void): HTMLElement {
  const file = h('input', { class: 'nhsuk-file-upload', id: 'data-file', name: 'file', type: 'file', accept: '.csv,text/csv',
    'aria-describedby': 'data-file-hint' });
  const measure = h('select', { class: 'nhsuk-select', id: 'data-measure', name: 'measure' },
    h('option', { value: '' }, 'The file names each measure in its columns'),
    project.measures.map((m) => h('option', { value: m.name }, m.name)));
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { id: 'data-form', novalidate: true }, status,
    field('data-file', 'CSV file', file,
      'date,value[,note] for one measure, or date followed by one column per measure. Dates as 2024-04-01, 2024-04 or 01/04/2024.'),
    field('data-measure', 'Which measure a date,value file is for', measure),
    h('button', { class: 'nhsuk-button nhsuk-button--secondary', type: 'submit' }, 'Import the data'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      showProblem(status, 'data-error', 'Choose a file', ['Choose the CSV file to import.']);
      return;
    }
    chosen.text().then(async (text) => {
      const query = new URLSearchParams({ file: chosen.name });
      if (measure.value) query.set('measure', measure.value);
      const response = await fetch(`/api/v1/improvement/projects/${project.id}/data?${query}`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/csv', Accept: 'application/json', 'X-CSRF-Token': session.csrf ?? '' },
        body: text,
        credentials: 'same-origin',
      });
      const json = await response.json().catch(() => null);
      if (!response.ok) {
        const lines: string[] = json?.errors
          ? json.errors.map((e: { where: string; message: string }) => `${e.where}: ${e.message}`)
          : [json?.error?.message ?? `${response.status} ${response.statusText}`];
        showProblem(status, 'data-error', 'Nothing was imported', lines);
        return;
      }
      done(`Imported ${json.points} points (${json.added} new, ${json.replaced} replaced).`);
    }).catch((e: Error) => showProblem(status, 'data-error', 'Nothing was imported', [e.message]));
  });
  return form;
}

function pdsaForm(project: QiProject, done: () => void): HTMLElement {
  const title = h('input', { class: 'nhsuk-input', id: 'pdsa-title', name: 'title', type: 'text' });
  const plan = h('textarea', { class: 'nhsuk-textarea', id: 'pdsa-plan', name: 'plan', rows: 2 });
  const prediction = h('textarea', { class: 'nhsuk-textarea', id: 'pdsa-prediction', name: 'prediction', rows: 2 });
  const start = h('input', { class: 'nhsuk-input nhsuk-input--width-10', id: 'pdsa-start', name: 'start_date', type: 'date' });
  const statusSelect = h('select', { class: 'nhsuk-select', id: 'pdsa-status', name: 'status' },
    [['planned', 'Planned'], ['in_progress', 'In progress'], ['completed', 'Completed'], ['abandoned', 'Abandoned']]
      .map(([v, t]) => h('option', { value: v }, t)));
  const boxes = project.measures.map((m) => h('input', { class: 'nhsuk-checkboxes__input', id: `pdsa-measure-${m.id}`,
    name: 'measure_ids', type: 'checkbox', value: String(m.id) }));
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { id: 'pdsa-form', novalidate: true }, status,
    field('pdsa-title', 'Title', title),
    field('pdsa-plan', 'Plan: what change, who, where, when', plan),
    field('pdsa-prediction', 'Prediction: what do you expect to happen', prediction),
    field('pdsa-start', 'Starts on', start),
    field('pdsa-status', 'Status', statusSelect),
    h('fieldset', { class: 'nhsuk-fieldset' },
      h('legend', { class: 'nhsuk-fieldset__legend nhsuk-fieldset__legend--s' }, 'Measures it should move'),
      h('div', { class: 'nhsuk-checkboxes' }, project.measures.map((m, i) =>
        h('div', { class: 'nhsuk-checkboxes__item' }, boxes[i],
          h('label', { class: 'nhsuk-label nhsuk-checkboxes__label', for: `pdsa-measure-${m.id}` }, m.name))))),
    h('button', { class: 'nhsuk-button nhsuk-button--secondary', type: 'submit' }, 'Add the PDSA cycle'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body: Record<string, unknown> = { title: title.value, plan: plan.value, prediction: prediction.value,
      status: statusSelect.value, measure_ids: boxes.filter((b) => b.checked).map((b) => Number(b.value)) };
    if (start.value) body.start_date = start.value;
    send('POST', `/api/v1/improvement/projects/${project.id}/pdsa`, body)
      .then(done)
      .catch((e: ApiError) => showProblem(status, 'pdsa-error', 'The PDSA cycle was not added', [e.message]));
  });
  return form;
}

// Study and act: what happened in a cycle and what the team decided (adopt, adapt, abandon).
function studyForm(project: QiProject, done: () => void): HTMLElement {
  const cycles = project.pdsas;
  const cycle = h('select', { class: 'nhsuk-select', id: 'study-cycle', name: 'pdsa' },
    cycles.map((c) => h('option', { value: String(c.id) }, c.title)));
  const study = h('textarea', { class: 'nhsuk-textarea', id: 'study-study', name: 'study', rows: 2 });
  const act = h('textarea', { class: 'nhsuk-textarea', id: 'study-act', name: 'act', rows: 2 });
  const end = h('input', { class: 'nhsuk-input nhsuk-input--width-10', id: 'study-end', name: 'end_date', type: 'date' });
  const statusSelect = h('select', { class: 'nhsuk-select', id: 'study-status', name: 'status' },
    [['completed', 'Completed'], ['in_progress', 'In progress'], ['abandoned', 'Abandoned'], ['planned', 'Planned']]
      .map(([v, t]) => h('option', { value: v }, t)));
  const fill = () => {
    const c = cycles.find((x) => String(x.id) === cycle.value);
    study.value = c?.study ?? '';
    act.value = c?.act ?? '';
    end.value = c?.end_date ?? '';
    statusSelect.value = c?.status === 'planned' ? 'in_progress' : c?.status ?? 'completed';
  };
  cycle.addEventListener('change', fill);
  fill();
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { id: 'study-form', novalidate: true }, status,
    field('study-cycle', 'Cycle', cycle),
    field('study-study', 'Study: what happened, compared with the prediction', study),
    field('study-act', 'Act: adopt, adapt or abandon, and what next', act),
    field('study-end', 'Ended on', end),
    field('study-status', 'Status', statusSelect),
    h('button', { class: 'nhsuk-button nhsuk-button--secondary', type: 'submit' }, 'Save the cycle'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const c = cycles.find((x) => String(x.id) === cycle.value);
    if (!c) return;
    const body: Record<string, unknown> = { study: study.value, act: act.value, status: statusSelect.value,
      row_version: c.row_version };
    if (end.value) body.end_date = end.value;
    send('PUT', `/api/v1/improvement/projects/${project.id}/pdsa/${c.id}`, body)
      .then(done)
      .catch((e: ApiError) => showProblem(status, 'study-error', 'The cycle was not saved', [e.message]));
  });
  return form;
}

function stale(e: ApiError): string {
  return e.status === 409 ? 'The project was changed by someone else - reload the page to see the changes.' : e.message;
}

function textInput(id: string, name: string, value: string, extra: Record<string, string> = {}): HTMLInputElement {
  return h('input', { class: 'nhsuk-input', id, name, type: 'text', value, ...extra }) as HTMLInputElement;
}

function choice(id: string, name: string, options: [string, string][], selected: string): HTMLSelectElement {
  return h('select', { class: 'nhsuk-select', id, name },
    options.map(([v, t]) => h('option', { value: v, selected: v === selected }, t))) as HTMLSelectElement;
}

// The charter, with the row_version the page was drawn from: someone else's save in between is a 409.
function charterForm(project: QiProject, done: (saved: QiProject) => void): HTMLElement {
  const title = textInput('charter-title', 'title', project.title);
  const aim = h('textarea', { class: 'nhsuk-textarea', id: 'charter-aim', name: 'aim', rows: 2 }) as HTMLTextAreaElement;
  aim.value = project.aim;
  const description = h('textarea', { class: 'nhsuk-textarea', id: 'charter-description', name: 'description', rows: 3 }) as HTMLTextAreaElement;
  description.value = project.description;
  const orgs = textInput('charter-organisations', 'organisations', project.organisations.join(', '),
    { 'aria-describedby': 'charter-organisations-hint' });
  const place = textInput('charter-place', 'place', project.place, { 'aria-describedby': 'charter-place-hint' });
  const statusInput = textInput('charter-status', 'status', project.status);
  const lead = textInput('charter-lead', 'lead', project.lead);
  const sponsor = textInput('charter-sponsor', 'sponsor', project.sponsor);
  const start = h('input', { class: 'nhsuk-input nhsuk-input--width-10', id: 'charter-start', name: 'start_date', type: 'date',
    value: project.start_date ?? '' }) as HTMLInputElement;
  const end = h('input', { class: 'nhsuk-input nhsuk-input--width-10', id: 'charter-end', name: 'end_date', type: 'date',
    value: project.end_date ?? '' }) as HTMLInputElement;
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { id: 'charter-form', novalidate: true }, status,
    field('charter-title', 'Title', title),
    field('charter-aim', 'Aim: what will improve, by how much, by when', aim),
    field('charter-description', 'About the project', description),
    field('charter-organisations', 'Organisations', orgs, 'Organisation codes, separated by commas, for example RTG, RX9.'),
    field('charter-place', 'Place', place, 'Leave blank for a system-wide project.'),
    field('charter-status', 'Status', statusInput),
    field('charter-lead', 'Lead', lead),
    field('charter-sponsor', 'Sponsor', sponsor),
    field('charter-start', 'Started on', start),
    field('charter-end', 'Ends on', end),
    h('button', { class: 'nhsuk-button nhsuk-button--secondary', type: 'submit' }, 'Save the charter'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body: Record<string, unknown> = {
      title: title.value, aim: aim.value, description: description.value,
      organisations: orgs.value.split(',').map((o) => o.trim()).filter((o) => o !== ''),
      place: place.value, status: statusInput.value, lead: lead.value, sponsor: sponsor.value,
      start_date: start.value, end_date: end.value, row_version: project.row_version,
    };
    send<QiProject>('PUT', `/api/v1/improvement/projects/${project.id}`, body)
      .then(done)
      .catch((e: ApiError) => showProblem(status, 'charter-error', 'The charter was not saved', [stale(e)]));
  });
  return form;
}

// A team member from any organisation; an account name gives them a project permission.
function teamForm(project: QiProject, done: () => void): HTMLElement {
  const name = textInput('team-name', 'name', '');
  const org = textInput('team-organisation', 'organisation', '', { 'aria-describedby': 'team-organisation-hint' });
  const role = textInput('team-role', 'project_role', '');
  const username = textInput('team-username', 'username', '', { 'aria-describedby': 'team-username-hint', autocomplete: 'off' });
  const permission = choice('team-permission', 'permission',
    [['view', 'View'], ['edit', 'Edit the project'], ['admin', 'Edit the project and its team']], 'view');
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { id: 'team-form', novalidate: true }, status,
    field('team-name', 'Name', name),
    field('team-organisation', 'Organisation', org, 'The organisation code, for example RTG.'),
    field('team-role', 'Role in the project', role),
    field('team-username', 'Account username (optional)', username, 'Only someone with an account can be given a project permission.'),
    field('team-permission', 'Project permission', permission),
    h('button', { class: 'nhsuk-button nhsuk-button--secondary', type: 'submit' }, 'Add the team member'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body: Record<string, unknown> = { name: name.value, organisation: org.value, project_role: role.value };
    if (username.value.trim()) {
      body.username = username.value.trim();
      body.permission = permission.value;
    }
    send('POST', `/api/v1/improvement/projects/${project.id}/team`, body)
      .then(done)
      .catch((e: ApiError) => showProblem(status, 'team-error', 'The team member was not added', [e.message]));
  });
  return form;
}

// A measure and how it is charted; the API refuses what the chart would refuse.
function measureForm(project: QiProject, done: () => void): HTMLElement {
  const name = textInput('measure-name', 'name', '');
  const type = choice('measure-type', 'type', [['outcome', 'Outcome'], ['process', 'Process'], ['balancing', 'Balancing']], 'outcome');
  const definition = h('textarea', { class: 'nhsuk-textarea', id: 'measure-definition', name: 'definition', rows: 2 }) as HTMLTextAreaElement;
  const unit = textInput('measure-unit', 'unit', '', { 'aria-describedby': 'measure-unit-hint' });
  const direction = choice('measure-direction', 'direction',
    [['increase', 'Higher is better'], ['decrease', 'Lower is better'], ['neutral', 'Neither']], 'increase');
  const target = h('input', { class: 'nhsuk-input nhsuk-input--width-10', id: 'measure-target', name: 'target', type: 'text',
    inputmode: 'decimal', 'aria-describedby': 'measure-target-hint' }) as HTMLInputElement;
  const preset = choice('measure-preset', 'preset',
    [['mdc', 'Making Data Count (mdc)'], ['life-qi', 'Life QI'], ['qicharts2', 'qicharts2']], 'mdc');
  const chart = textInput('measure-chart', 'chart', '', { 'aria-describedby': 'measure-chart-hint' });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { id: 'measure-form', novalidate: true }, status,
    field('measure-name', 'Name', name),
    field('measure-type', 'Type of measure', type),
    field('measure-definition', 'Definition', definition),
    field('measure-unit', 'Unit', unit, 'For example %, days or falls per 1,000 bed days.'),
    field('measure-direction', 'Improvement direction', direction),
    field('measure-target', 'Target (optional)', target, 'Drawn by the mdc preset only.'),
    field('measure-preset', 'SPC preset', preset),
    field('measure-chart', 'Chart (optional)', chart, 'Leave blank for the preset\'s default chart, for example xmr.'),
    h('button', { class: 'nhsuk-button nhsuk-button--secondary', type: 'submit' }, 'Add the measure'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body: Record<string, unknown> = { name: name.value, type: type.value, definition: definition.value, unit: unit.value,
      direction: direction.value, preset: preset.value, chart: chart.value.trim() };
    if (target.value.trim()) {
      const t = Number(target.value.trim());
      if (!Number.isFinite(t)) {
        showProblem(status, 'measure-error', 'The measure was not added', ['The target must be a number.']);
        return;
      }
      body.target = t;
    }
    send('POST', `/api/v1/improvement/projects/${project.id}/measures`, body)
      .then(done)
      .catch((e: ApiError) => showProblem(status, 'measure-error', 'The measure was not added', [e.message]));
  });
  return form;
}

async function render(root: HTMLElement, id: string, session: Session, notice?: string): Promise<void> {
  const [project, scale] = await Promise.all([loadProject(id), loadScale()]);
  const rerender = (message?: string) => { void render(root, id, session, message); };
  const names = new Map(project.measures.map((m) => [m.id, m.name]));
  const content: (HTMLElement | null)[] = [];
  content.push(h('span', { class: 'nhsuk-caption-l' }, 'Quality improvement project'));
  content.push(h('h1', { class: 'nhsuk-heading-xl' }, project.title));
  if (notice) content.push(h('div', { class: 'nhsuk-inset-text', role: 'status' }, h('p', null, notice)));
  content.push(summaryList([
    ['Aim', project.aim || 'Not yet written'],
    ['About', project.description || '-'],
    ['Status', project.status],
    ['Organisations', project.organisations.join(', ')],
    ['Place', project.place || 'System-wide'],
    ['Lead', project.lead],
    ['Sponsor', project.sponsor],
    ['Started', project.start_date ? formatDate(project.start_date) : '-'],
  ]));
  if (project.you.can_edit) {
    content.push(h('details', { class: 'nhsuk-details', id: 'charter-details' },
      h('summary', { class: 'nhsuk-details__summary' }, h('span', { class: 'nhsuk-details__summary-text' }, 'Edit the charter')),
      h('div', { class: 'nhsuk-details__text' },
        charterForm(project, () => rerender('The charter was saved.')))));
  }

  const latest = project.summary.score;
  content.push(h('h2', { class: 'nhsuk-heading-l', id: 'score-heading' }, 'Progress score'));
  content.push(h('p', { class: 'nhsuk-lede-text', 'data-testid': 'current-score' }, latest
    ? `${latest.score.toFixed(1)}: ${latest.label}. ${latest.meaning}`
    : 'Not yet scored.'));
  content.push(table({
    id: 'qi-score-history',
    caption: 'Score history',
    captionSize: 's',
    headers: ['Date', 'Score', 'Level', 'Note', 'Recorded by'],
    numeric: [false, true, false, false, false],
    rows: project.scores.map((s) => [formatDate(s.date), s.score.toFixed(1), s.label, s.note, s.recorded_by]),
  }));
  if (project.you.can_edit) content.push(scoreForm(project, scale.levels, session, () => rerender('The score was recorded.')));

  content.push(h('h2', { class: 'nhsuk-heading-l' }, 'Measures'));
  content.push(h('p', null, 'PDSA cycles are numbered on each chart at the month they start, in date order; the list under each chart gives their names.'));
  for (const m of project.measures) content.push(measureSection(m, project));
  if (project.you.can_edit) {
    content.push(h('h3', { class: 'nhsuk-heading-m' }, 'Add a measure'));
    content.push(measureForm(project, () => rerender('The measure was added.')));
    content.push(h('h3', { class: 'nhsuk-heading-m' }, 'Import measure data'));
    content.push(dataForm(project, session, (message) => rerender(message)));
  }

  content.push(h('h2', { class: 'nhsuk-heading-l' }, 'PDSA cycles'));
  content.push(table({
    id: 'qi-pdsas',
    caption: 'Plan, do, study, act',
    captionSize: 's',
    headers: ['Cycle', 'Status', 'Dates', 'Measures', 'Plan and prediction', 'Study and act'],
    rows: project.pdsas.map((p) => [
      p.title,
      p.status.replace('_', ' '),
      `${p.start_date ? formatDate(p.start_date) : 'not started'}${p.end_date ? ` to ${formatDate(p.end_date)}` : ''}`,
      p.measure_ids.map((i) => names.get(i) ?? `measure ${i}`).join('; '),
      `${p.plan}${p.prediction ? ` Prediction: ${p.prediction}` : ''}`,
      `${p.study}${p.act ? ` Act: ${p.act}` : ''}`,
    ]),
    rowHeader: true,
  }));
  if (project.you.can_edit && project.pdsas.length) {
    content.push(h('h3', { class: 'nhsuk-heading-m' }, 'Study and act on a cycle'));
    content.push(studyForm(project, () => rerender('The PDSA cycle was saved.')));
  }
  if (project.you.can_edit) {
    content.push(h('h3', { class: 'nhsuk-heading-m' }, 'Add a PDSA cycle'));
    content.push(pdsaForm(project, () => rerender('The PDSA cycle was added.')));
  }

  content.push(h('h2', { class: 'nhsuk-heading-l' }, 'Team'));
  content.push(table({
    id: 'qi-team',
    caption: 'Who is involved',
    captionSize: 's',
    headers: ['Name', 'Organisation', 'Role in the project', 'Project permission'],
    rows: project.team.map((m) => [m.name, m.organisation, m.project_role, m.username ? m.permission : 'no account']),
    rowHeader: true,
  }));
  if (project.you.can_manage_team) {
    content.push(h('h3', { class: 'nhsuk-heading-m' }, 'Add a team member'));
    content.push(teamForm(project, () => rerender('The team member was added.')));
  }
  root.replaceChildren(...content.filter((c): c is HTMLElement => c !== null));
}

registerPage({
  id: 'improvement-project',
  path: '/improvement/projects/{id}',
  roles: QI_READERS,
  async render(root, { session, params }) {
    await render(root, params.id, session);
  },
});
