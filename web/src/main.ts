// The browser app served by `ics serve`. Each page is a full load (the server answers
// every page route with this app), so focus, history and titles behave as on any
// website. Pages register themselves in pages.ts with the roles that may see them; the
// header shows who is signed in and only the pages their roles allow.
import './styles.scss';

import { initAll } from 'nhsuk-frontend';

import { ApiError, loadCompliance, loadDefinitionText, loadSession, loadSystem, setCsrfToken, type Session } from './api';
import { renderCompliancePage } from './compliance-page';
import { h } from './dom';
import { allows, match, pages, registerPage, type PageDefinition } from './pages';
import { renderSystemPage } from './system-page';

registerPage({
  id: 'system', path: '/', nav: 'System', roles: ['public'],
  async render(root, { session }) {
    const versionRoles = ['governance_admin', 'board_member', 'system_admin'];
    await renderSystemPage(root, await loadSystem(), session.roles.some((r) => versionRoles.includes(r)));
  },
});
registerPage({
  id: 'compliance', path: '/compliance', nav: 'Compliance', roles: ['public'],
  async render(root) {
    const [report, yaml] = await Promise.all([loadCompliance(), loadDefinitionText().catch(() => null)]);
    renderCompliancePage(root, report, yaml);
  },
});

// Page modules register themselves when imported.
const modules = import.meta.glob('./pages/*.ts', { eager: true });
void modules;

function buildNavigation(session: Session, current: PageDefinition | null): void {
  const list = document.querySelector<HTMLElement>('.nhsuk-header__navigation-list');
  if (!list) return;
  const more = list.querySelector('.nhsuk-header__menu');
  for (const item of list.querySelectorAll('.nhsuk-header__navigation-item')) item.remove();
  for (const page of pages()) {
    if (!page.nav || !allows(page, session)) continue;
    const isCurrent = current?.id === page.id;
    const link = h('a', { class: 'nhsuk-header__navigation-link', href: page.path, 'aria-current': isCurrent ? 'page' : null },
      page.nav);
    const item = h('li', {
      class: 'nhsuk-header__navigation-item' + (isCurrent ? ' nhsuk-header__navigation-item--current' : ''),
      'data-page': page.id,
    }, link);
    list.insertBefore(item, more);
  }
}

function showAccount(session: Session): void {
  const account = document.getElementById('account');
  if (!account) return;
  if (session.signed_in) {
    account.replaceChildren(
      h('span', { class: 'app-account__who', 'data-testid': 'signed-in-as' },
        'Signed in as ', h('strong', null, session.display_name || session.user || '')),
      ' ',
      h('a', { class: 'app-account__link', href: '/sign-out' }, 'Sign out'));
  } else {
    const back = encodeURIComponent(window.location.pathname + window.location.search);
    account.replaceChildren(h('a', { class: 'app-account__link', href: `/sign-in?next=${back}` }, 'Sign in'));
  }
}

function showError(main: HTMLElement, error: unknown): void {
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  document.title = 'Something went wrong – ICS Platform';
  main.replaceChildren(
    h('h1', { class: 'nhsuk-heading-xl' }, 'Something went wrong'),
    h('div', { class: 'nhsuk-error-summary', role: 'alert', tabindex: -1, 'aria-labelledby': 'error-title' },
      h('h2', { class: 'nhsuk-error-summary__title', id: 'error-title' }, 'The page could not be loaded'),
      h('div', { class: 'nhsuk-error-summary__body' },
        h('p', null, message),
        h('p', null, 'Check that `ics serve` is running, then reload the page.'))));
}

function showNotFound(root: HTMLElement): void {
  document.title = 'Page not found – ICS Platform';
  root.replaceChildren(
    h('h1', { class: 'nhsuk-heading-xl' }, 'Page not found'),
    h('p', null, 'If you typed the web address, check it is correct.'),
    h('p', null, h('a', { href: '/' }, 'Go to the system page'), ' or ',
      h('a', { href: '/compliance' }, 'the compliance page'), '.'));
}

function showNeedsRole(root: HTMLElement, page: PageDefinition, session: Session): void {
  document.title = (session.signed_in ? 'You cannot see this page' : 'Sign in') + ' – ICS Platform';
  const back = encodeURIComponent(window.location.pathname + window.location.search);
  root.replaceChildren(
    h('h1', { class: 'nhsuk-heading-xl' }, session.signed_in ? 'You cannot see this page' : 'Sign in to see this page'),
    h('p', null, `This page is for these roles: ${page.roles.join(', ').replaceAll('_', ' ')}.`),
    session.signed_in
      ? h('p', null, 'Ask your system administrator if you need it.')
      : h('p', null, h('a', { href: `/sign-in?next=${back}` }, 'Sign in'), '.'));
}

async function main(): Promise<void> {
  document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
  const root = document.getElementById('maincontent')!;
  const session = await loadSession();
  setCsrfToken(session.csrf);
  const found = match(window.location.pathname);
  buildNavigation(session, found?.page ?? null);
  showAccount(session);
  try {
    if (!found) showNotFound(root);
    else if (!allows(found.page, session)) showNeedsRole(root, found.page, session);
    else await found.page.render(root, { session, params: found.params });
  } catch (error) {
    showError(root, error);
  }
  initAll();
  root.dataset.ready = 'true';
}

void main();
