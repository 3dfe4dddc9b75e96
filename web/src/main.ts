// The browser app served by `ics serve`: a system page (/) and a compliance page
// (/compliance). Each page is a full load (the server answers both with this app), so
// focus, history and titles behave as on any website.
import './styles.scss';

import { initAll } from 'nhsuk-frontend';

import { ApiError, loadCompliance, loadDefinitionText, loadSystem } from './api';
import { renderCompliancePage } from './compliance-page';
import { h } from './dom';
import { renderSystemPage } from './system-page';

type Page = 'system' | 'compliance' | 'not-found';

function currentPage(): Page {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/index.html') return 'system';
  if (path === '/compliance') return 'compliance';
  return 'not-found';
}

function markNavigation(page: Page): void {
  for (const item of document.querySelectorAll<HTMLElement>('.nhsuk-header__navigation-item[data-page]')) {
    const link = item.querySelector('a')!;
    if (item.dataset.page === page) {
      item.classList.add('nhsuk-header__navigation-item--current');
      link.setAttribute('aria-current', 'page');
    }
  }
}

function showError(main: HTMLElement, error: unknown): void {
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  document.title = 'Something went wrong – ICS Platform';
  main.replaceChildren(
    h('div', { class: 'nhsuk-error-summary', role: 'alert', tabindex: -1, 'aria-labelledby': 'error-title' },
      h('h2', { class: 'nhsuk-error-summary__title', id: 'error-title' }, 'The page could not be loaded'),
      h('div', { class: 'nhsuk-error-summary__body' },
        h('p', null, message),
        h('p', null, 'Check that `ics serve` is running, then reload the page.'))));
}

async function main(): Promise<void> {
  document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
  const page = currentPage();
  markNavigation(page);
  const root = document.getElementById('maincontent')!;
  try {
    if (page === 'system') {
      const system = await loadSystem();
      await renderSystemPage(root, system);
    } else if (page === 'compliance') {
      const [report, yaml] = await Promise.all([
        loadCompliance(),
        loadDefinitionText().catch(() => null),
      ]);
      renderCompliancePage(root, report, yaml);
    } else {
      document.title = 'Page not found – ICS Platform';
      root.replaceChildren(
        h('h1', { class: 'nhsuk-heading-xl' }, 'Page not found'),
        h('p', null, 'If you typed the web address, check it is correct.'),
        h('p', null, h('a', { href: '/' }, 'Go to the system page'), ' or ',
          h('a', { href: '/compliance' }, 'the compliance page'), '.'));
    }
  } catch (error) {
    showError(root, error);
  }
  initAll();
  root.dataset.ready = 'true';
}

void main();
