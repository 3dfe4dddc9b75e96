// /governance/meetings and /governance/meetings/{id}: board and committee meetings. A meeting
// shows its agenda with, per item, the members an interest conflicts, the action the guidance
// prescribes (COI-008), the quorum once they stand aside and whether a decision may be
// recorded. Governance admins and board members see every item (confidential ones too) and
// record decisions; governance admins write and approve the minutes. Everyone else sees the
// public view, which the server builds without the confidential items.
import { ApiError, send } from '../api';
import { append, formatDate, h, table } from '../dom';
import {
  DECIDER_ROLES, loadMeeting, loadMeetings, OUTCOMES, type AgendaItem, type Decision, type MeetingView, type Minutes,
} from '../governance-api';
import { registerPage } from '../pages';

function errorBox(id: string, message: string): HTMLElement {
  return h('div', { class: 'nhsuk-error-summary', role: 'alert', tabindex: -1, 'aria-labelledby': `${id}-title` },
    h('h2', { class: 'nhsuk-error-summary__title', id: `${id}-title` }, 'There is a problem'),
    h('div', { class: 'nhsuk-error-summary__body' }, h('p', null, message)));
}

function decisionForm(meetingId: string, item: AgendaItem, existing: Decision | undefined, onDone: () => void): HTMLElement {
  const id = `decision-${item.number.replace(/\W/g, '-')}`;
  const text = h('textarea', { class: 'nhsuk-textarea', id: `${id}-text`, name: 'text', rows: 3 }, existing?.text ?? '');
  const outcome = h('select', { class: 'nhsuk-select', id: `${id}-outcome`, name: 'outcome' },
    OUTCOMES.map((o) => h('option', { value: o, selected: existing?.outcome === o }, o.replaceAll('_', ' '))));
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'app-decision-form', 'data-item': item.number, novalidate: true },
    status,
    h('div', { class: 'nhsuk-form-group' },
      h('label', { class: 'nhsuk-label', for: `${id}-text` }, `Decision on item ${item.number}, as minuted`), text),
    h('div', { class: 'nhsuk-form-group' },
      h('label', { class: 'nhsuk-label', for: `${id}-outcome` }, 'Outcome'), outcome),
    h('button', { class: 'nhsuk-button nhsuk-button--secondary', type: 'submit' },
      existing ? `Correct the decision on item ${item.number}` : `Record the decision on item ${item.number}`));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body: Record<string, unknown> = { text: text.value, outcome: outcome.value };
    if (existing) body.row_version = existing.row_version;
    send(`POST`, `/api/v1/governance/meetings/${encodeURIComponent(meetingId)}/items/${encodeURIComponent(item.number)}/decision`, body)
      .then(onDone)
      .catch((error: ApiError) => {
        const box = errorBox(`${id}-error`, error.message);
        status.replaceChildren(box);
        box.focus();
      });
  });
  return form;
}

function minutesSection(view: MeetingView, canEdit: boolean, onDone: () => void): HTMLElement {
  const m: Minutes | null = view.minutes;
  const section = h('section', { 'aria-labelledby': 'minutes-heading' },
    h('h2', { class: 'nhsuk-heading-l', id: 'minutes-heading' }, 'Minutes'));
  if (m) {
    section.append(h('p', null, `Status: ${m.status}${m.approved_at ? `, approved by ${m.approved_by} on ${formatDate(m.approved_at)}` : ''}.`));
    if (m.status === 'approved') {
      section.append(h('p', null, h('a', { href: `/public/meetings/${encodeURIComponent(view.meeting.id)}/minutes` },
        'The published minutes (printable)')));
    }
  } else {
    section.append(h('p', null, 'No minutes yet.'));
  }
  if (!canEdit || m?.status === 'approved') {
    if (m) section.append(h('div', { class: 'app-minutes', 'data-testid': 'minutes-public' }, m.public_text));
    return section;
  }
  const status = h('div', { 'aria-live': 'polite' });
  const pub = h('textarea', { class: 'nhsuk-textarea', id: 'minutes-public', name: 'public_text', rows: 8 }, m?.public_text ?? '');
  const conf = h('textarea', { class: 'nhsuk-textarea', id: 'minutes-confidential', name: 'confidential_text', rows: 5,
    'aria-describedby': 'minutes-confidential-hint' }, m?.confidential_text ?? '');
  const form = h('form', { id: 'minutes-form', novalidate: true },
    status,
    h('div', { class: 'nhsuk-form-group' },
      h('label', { class: 'nhsuk-label', for: 'minutes-public' }, 'The public part'), pub),
    h('div', { class: 'nhsuk-form-group' },
      h('label', { class: 'nhsuk-label', for: 'minutes-confidential' }, 'The confidential part'),
      h('div', { class: 'nhsuk-hint', id: 'minutes-confidential-hint' }, 'Never published. Kept apart from the public part.'),
      conf),
    h('button', { class: 'nhsuk-button', type: 'submit', name: 'save' }, 'Save the draft'), ' ',
    m ? h('button', { class: 'nhsuk-button nhsuk-button--secondary', type: 'button', id: 'minutes-approve' }, 'Approve the minutes') : null);
  const base = `/api/v1/governance/meetings/${encodeURIComponent(view.meeting.id)}/minutes`;
  const fail = (error: ApiError) => {
    const box = errorBox('minutes-error', error.message);
    status.replaceChildren(box);
    box.focus();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send('PUT', base, { public_text: pub.value, confidential_text: conf.value, row_version: m?.row_version ?? 0 })
      .then(onDone).catch(fail);
  });
  form.querySelector('#minutes-approve')?.addEventListener('click', () => {
    send('POST', `${base}/approve`, { row_version: m!.row_version }).then(onDone).catch(fail);
  });
  section.append(form);
  return section;
}

function itemBlock(view: MeetingView, item: AgendaItem, canDecide: boolean, rerender: () => void): HTMLElement {
  const decision = view.decisions.find((d) => d.item === item.number);
  const q = item.quorum;
  return h('section', { class: 'app-agenda-item', 'aria-labelledby': `item-${item.number}-heading`, 'data-part': item.part },
    h('h3', { class: 'nhsuk-heading-m', id: `item-${item.number}-heading` },
      `${item.number}. ${item.title}`, item.part === 'confidential' ? h('strong', { class: 'nhsuk-tag nhsuk-tag--orange' }, ' Confidential') : null),
    h('p', null, `Purpose: ${item.purpose}.`, item.value ? ` Value: ${item.value}.` : '',
      item.presiding_note ? ` ${item.presiding_note}` : ''),
    item.conflicts.length
      ? table({
        id: `item-${item.number.replace(/\W/g, '-')}-conflicts`, caption: `Conflicts of interest on item ${item.number}`, captionSize: 's',
        headers: ['Member', 'Interest', 'Category', 'Action'],
        rows: item.conflicts.map((c) => [c.name, `${c.interest} (${c.because})`, c.category.replaceAll('_', ' '), c.action_text]),
      })
      : h('p', null, 'No member has a declared interest in this item.'),
    h('p', { 'data-testid': `quorum-${item.number}` },
      `Quorum: ${q.quorate ? 'quorate' : 'not quorate'}, ${q.counted} counted of ${q.needed} needed`,
      q.missing.length ? ` (missing: ${q.missing.join(', ')})` : '', '.'),
    item.course ? h('p', null, item.course) : null,
    item.decision && !item.decision.may_record
      ? h('div', { class: 'nhsuk-warning-callout' },
        h('h4', { class: 'nhsuk-warning-callout__label' }, 'A decision cannot be recorded'),
        h('p', null, item.decision.reason))
      : null,
    decision ? h('p', { 'data-testid': `decision-${item.number}` },
      h('strong', null, `Decision (${decision.outcome.replaceAll('_', ' ')}): `), decision.text,
      ` - recorded by ${decision.recorded_by}.`) : null,
    canDecide && item.purpose === 'decision' ? decisionForm(view.meeting.id, item, decision, rerender) : null);
}

registerPage({
  id: 'governance-meetings', path: '/governance/meetings', nav: 'Meetings', roles: ['public'],
  async render(root) {
    document.title = 'Meetings – ICS Platform';
    const { meetings } = await loadMeetings();
    root.replaceChildren(
      h('h1', { class: 'nhsuk-heading-xl' }, 'Meetings'),
      h('p', null, h('a', { href: '/api/v1/governance/meetings.ics' }, 'Every meeting as a calendar (iCalendar)'),
        '. The public portal, without sign-in: ', h('a', { href: '/public' }, 'decisions in the open'), '.'),
      table({
        id: 'meetings', caption: 'Board and committee meetings', headers: ['Date', 'Meeting', 'Body', 'Minutes'],
        rows: meetings.map((m) => [formatDate(m.date), h('a', { href: `/governance/meetings/${encodeURIComponent(m.id)}` }, m.title),
          m.body_label, m.minutes === 'approved' ? 'Approved' : 'Not published']),
      }));
  },
});

registerPage({
  id: 'governance-meeting', path: '/governance/meetings/{id}', roles: ['public'],
  async render(root, { session, params }) {
    const full = session.roles.some((r) => DECIDER_ROLES.includes(r));
    const canEditMinutes = session.roles.includes('governance_admin');
    const draw = async () => {
      const view = await loadMeeting(params.id, full);
      document.title = `${view.meeting.title} – ICS Platform`;
      const rerender = () => { void draw(); };
      root.replaceChildren();
      append(root, [
        h('h1', { class: 'nhsuk-heading-xl' }, view.meeting.title),
        h('p', null, `${view.meeting.body_label}, ${formatDate(view.meeting.date)}. `,
          h('a', { href: `/api/v1/governance/meetings/${encodeURIComponent(view.meeting.id)}/calendar.ics` }, 'Add to your calendar'), '.'),
        full ? null : h('p', null, 'This is the public view: items taken in private are not shown.'),
        h('p', null, `At the opening: ${view.opening_quorum.quorate ? 'quorate' : 'not quorate'} `
          + `(${view.opening_quorum.counted} voting members present; ${view.opening_quorum.rule}).`),
        h('h2', { class: 'nhsuk-heading-l' }, 'Agenda'),
        view.items.map((item) => itemBlock(view, item, full, rerender)),
        minutesSection(view, canEditMinutes, rerender)]);
    };
    await draw();
  },
});
