// Signing in and out, and the audit trail page for the privacy officer.
import { ApiError, getJson, send, type Session } from '../api';
import { h } from '../dom';
import { registerPage } from '../pages';

// Only a path on this site may follow a sign-in (never another site: open redirects).
function safeNext(): string {
  const next = new URLSearchParams(window.location.search).get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

function errorSummary(message: string, fieldId?: string): HTMLElement {
  return h('div', { class: 'nhsuk-error-summary', role: 'alert', tabindex: -1, 'aria-labelledby': 'error-summary-title' },
    h('h2', { class: 'nhsuk-error-summary__title', id: 'error-summary-title' }, 'There is a problem'),
    h('div', { class: 'nhsuk-error-summary__body' },
      h('ul', { class: 'nhsuk-list nhsuk-error-summary__list' },
        h('li', null, fieldId ? h('a', { href: `#${fieldId}` }, message) : message))));
}

registerPage({
  id: 'sign-in', path: '/sign-in', roles: ['public'],
  render(root, { session }) {
    document.title = 'Sign in – ICS Platform';
    const slot = h('div');
    const username = h('input', {
      class: 'nhsuk-input', id: 'username', name: 'username', type: 'text', autocomplete: 'username',
      spellcheck: 'false', autocapitalize: 'none', required: true,
    });
    const password = h('input', {
      class: 'nhsuk-input', id: 'password', name: 'password', type: 'password', autocomplete: 'current-password',
      required: true,
    });
    const button = h('button', { class: 'nhsuk-button', type: 'submit', 'data-module': 'nhsuk-button' }, 'Sign in');
    const form = h('form', { method: 'post', action: '/sign-in', novalidate: true },
      h('div', { class: 'nhsuk-form-group' },
        h('label', { class: 'nhsuk-label', for: 'username' }, 'User name'),
        username),
      h('div', { class: 'nhsuk-form-group' },
        h('label', { class: 'nhsuk-label', for: 'password' }, 'Password'),
        password),
      button);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!username.value.trim() || !password.value) {
        const missing = !username.value.trim() ? 'username' : 'password';
        slot.replaceChildren(errorSummary(`Enter your ${missing === 'username' ? 'user name' : 'password'}`, missing));
        (slot.firstElementChild as HTMLElement).focus();
        return;
      }
      button.setAttribute('disabled', '');
      try {
        await send<Session>('POST', '/api/v1/session', { username: username.value.trim(), password: password.value });
        window.location.assign(safeNext());
      } catch (error) {
        const message = error instanceof ApiError ? error.message : String(error);
        slot.replaceChildren(errorSummary(message, 'username'));
        (slot.firstElementChild as HTMLElement).focus();
        button.removeAttribute('disabled');
      }
    });
    root.replaceChildren(
      h('h1', { class: 'nhsuk-heading-xl' }, 'Sign in'),
      slot,
      session.signed_in
        ? h('p', null, `You are signed in as ${session.display_name ?? session.user}. Sign in again to change user.`)
        : h('p', null, 'Sign in with the account your system administrator gave you. Public pages need no account.'),
      form);
  },
});

registerPage({
  id: 'sign-out', path: '/sign-out', roles: ['public'],
  async render(root, { session }) {
    document.title = 'Signed out – ICS Platform';
    if (session.signed_in) {
      try {
        await send('DELETE', '/api/v1/session');
      } catch {
        // already signed out on the server: the page says the same
      }
    }
    // The header was drawn for the session that has just ended: go home signed out.
    root.replaceChildren(
      h('h1', { class: 'nhsuk-heading-xl' }, 'You have signed out'),
      h('p', null, h('a', { href: '/' }, 'Go to the system page'), ' or ', h('a', { href: '/sign-in' }, 'sign in again'), '.'));
    const account = document.getElementById('account');
    if (account) account.replaceChildren(h('a', { class: 'app-account__link', href: '/sign-in' }, 'Sign in'));
    for (const item of document.querySelectorAll<HTMLElement>('.nhsuk-header__navigation-item[data-restricted="true"]')) item.remove();
  },
});

interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  object: string;
  detail: unknown;
  hash: string;
}

interface AuditPage {
  entries: AuditEntry[];
  next: string | null;
}

interface AuditVerification {
  valid: boolean;
  entries_checked: number;
  head_seq: number;
  head_hash: string;
  first_bad_seq: number | null;
  problem: string | null;
}

registerPage({
  id: 'audit', path: '/audit', nav: 'Audit', roles: ['privacy_officer', 'system_admin'],
  async render(root) {
    document.title = 'Audit trail – ICS Platform';
    const params = new URLSearchParams(window.location.search);
    const after = params.get('after') ?? '';
    const [page, verification] = await Promise.all([
      getJson<AuditPage>(`/api/v1/audit?limit=50${after ? `&after=${encodeURIComponent(after)}` : ''}`),
      getJson<AuditVerification>('/api/v1/audit/verify'),
    ]);
    const verdict = verification.valid
      ? h('div', { class: 'nhsuk-inset-text', 'data-testid': 'audit-verdict' },
        h('p', null, h('strong', null, 'The chain is intact. '),
          `${verification.entries_checked.toLocaleString('en-GB')} entries checked; the head is entry ${verification.head_seq} `,
          h('code', null, verification.head_hash.slice(0, 16) + '…'), '. Record the head elsewhere (board papers) to anchor it.'))
      : h('div', { class: 'nhsuk-error-summary', role: 'alert', 'data-testid': 'audit-verdict' },
        h('h2', { class: 'nhsuk-error-summary__title' }, 'The audit trail has been tampered with'),
        h('div', { class: 'nhsuk-error-summary__body' }, h('p', null, verification.problem ?? '')));
    const rows = page.entries.map((e) => h('tr', { class: 'nhsuk-table__row' },
      h('td', { class: 'nhsuk-table__cell' }, String(e.seq)),
      h('td', { class: 'nhsuk-table__cell' }, e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')),
      h('td', { class: 'nhsuk-table__cell' }, e.actor),
      h('td', { class: 'nhsuk-table__cell' }, e.action),
      h('td', { class: 'nhsuk-table__cell' }, e.object),
      h('td', { class: 'nhsuk-table__cell' }, h('code', null, JSON.stringify(e.detail)))));
    root.replaceChildren(
      h('h1', { class: 'nhsuk-heading-xl' }, 'Audit trail'),
      h('p', null, 'Every change, every sign-in and every read of restricted data, in order. Each entry carries the hash of the one before, so an entry edited, deleted or moved breaks the chain. Your reading of this page is recorded here too.'),
      verdict,
      h('div', { class: 'app-table-scroll', role: 'region', 'aria-labelledby': 'audit-caption', tabindex: 0 },
        h('table', { class: 'nhsuk-table', 'data-testid': 'audit-table' },
          h('caption', { class: 'nhsuk-table__caption', id: 'audit-caption' }, after ? `Entries after ${after}` : 'The first entries'),
          h('thead', { class: 'nhsuk-table__head' }, h('tr', { class: 'nhsuk-table__row' },
            ...['Seq', 'When (UTC)', 'Who', 'Action', 'Object', 'Detail'].map((t) => h('th', { class: 'nhsuk-table__header', scope: 'col' }, t)))),
          h('tbody', { class: 'nhsuk-table__body' }, ...rows))),
      ...(page.next ? [h('p', null, h('a', { href: `/audit?after=${encodeURIComponent(page.next)}` }, 'Later entries'))] : []));
  },
});
