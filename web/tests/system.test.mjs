// The system page (/) as a user sees it, served by the real `ics serve --demo`.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { axeViolations, describeViolations, launchBrowser, openPage, screenshotDir, startServer } from './helpers.mjs';

describe('system page', () => {
  let server;
  let browser;
  let system;

  before(async () => {
    server = await startServer(['--demo']);
    browser = await launchBrowser();
    system = await (await fetch(`${server.url}/api/v1/system`)).json();
    mkdirSync(screenshotDir, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    const exit = await server?.stop();
    assert.deepEqual(exit, { code: 0, signal: null }, 'ics serve stops cleanly on SIGTERM');
  });

  test('Chromium is driven through playwright-core', async () => {
    assert.match(browser.version(), /^\d+\./);
  });

  test('shows the system name, the header and the navigation', async () => {
    const { page, problems, context } = await openPage(browser, `${server.url}/`);
    assert.equal((await page.locator('h1').textContent()).trim(), system.system.name);
    assert.match(await page.title(), new RegExp(system.system.name));
    assert.equal(await page.locator('header.nhsuk-header .nhsuk-header__service-name').textContent(), 'ICS Platform');
    assert.equal(await page.locator('a[aria-current="page"]').textContent(), 'System');
    assert.equal(await page.locator('a.nhsuk-skip-link').getAttribute('href'), '#maincontent');
    assert.equal(await page.locator('footer.nhsuk-footer').count(), 1);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(screenshotDir, 'system.png'), fullPage: false });
    await context.close();
  });

  test('draws the structure graph', async () => {
    const { page, context } = await openPage(browser, `${server.url}/`);
    const graph = page.locator('#graph[data-ready="true"]');
    await graph.waitFor();
    assert.ok(Number(await graph.getAttribute('data-nodes')) > 10, 'the graph has nodes');
    assert.ok(Number(await graph.getAttribute('data-edges')) > 10, 'the graph has edges');
    assert.ok(await page.locator('#graph canvas').count() > 0, 'cytoscape drew on a canvas');
    await page.locator('figure.app-graph').screenshot({ path: join(screenshotDir, 'system-graph.png') });

    // One part at a time: the board and its committees.
    await page.check('#graph-view-governance');
    await page.locator('#graph[data-ready="true"][data-view="governance"]').waitFor();
    const topLevel = system.committees.length;
    assert.equal(Number(await graph.getAttribute('data-nodes')), 2 + topLevel, 'ICB, board and committees');
    await page.check('#graph-view-all');
    await page.locator('#graph[data-ready="true"][data-view="all"]').waitFor();
    await context.close();
  });

  test('lists every board seat with its person', async () => {
    const { page, context } = await openPage(browser, `${server.url}/`);
    const rows = page.locator('#board-seats tbody tr');
    assert.equal(await rows.count(), system.board.seats.length);
    const people = new Map(system.people.map((p) => [p.id, p.name]));
    const chair = system.board.seats.find((s) => s.role === 'chair');
    const chairRow = page.locator('#board-seats tbody tr[data-role="chair"]');
    assert.equal((await chairRow.locator('td').nth(1).textContent()).trim(), people.get(chair.person));
    for (const [i, seat] of system.board.seats.entries()) {
      assert.equal((await rows.nth(i).locator('td').nth(1).textContent()).trim(), people.get(seat.person));
    }
    await context.close();
  });

  test('lists organisations by kind and filters them', async () => {
    const { page, context } = await openPage(browser, `${server.url}/`);
    const all = system.organisations.length;
    assert.equal(await page.locator('#organisations-table tbody tr').count(), all);
    const total = page.locator('#organisation-counts tbody tr').last();
    assert.equal((await total.locator('td').textContent()).replace(/,/g, ''), String(all));
    const practices = system.organisations.filter((o) => o.kind === 'gp_practice').length;

    await page.selectOption('#org-kind', 'gp_practice');
    assert.equal(await page.locator('#organisations-table tbody tr:not([hidden])').count(), practices);
    await page.selectOption('#org-kind', '');

    const trust = system.organisations.find((o) => o.kind.endsWith('_trust'));
    await page.fill('#org-filter', trust.code.toLowerCase());
    const visible = page.locator('#organisations-table tbody tr:not([hidden])');
    assert.ok(await visible.count() >= 1);
    assert.match(await visible.first().textContent(), new RegExp(trust.name));
    assert.match(await page.locator('#org-filter-status').textContent(), new RegExp(`of ${all.toLocaleString('en-GB')} organisations`));
    await context.close();
  });

  test('has the committees, places and collaboratives', async () => {
    const { page, context } = await openPage(browser, `${server.url}/`);
    assert.equal(await page.locator('#committees-table tbody tr').count(), system.committees.length);
    assert.equal(await page.locator('#places-table tbody tr').count(), system.places.length);
    assert.equal(await page.locator('#collaboratives-table tbody tr').count(), system.collaboratives.length);
    for (const place of system.places) {
      assert.equal(await page.locator('#places-table tbody th', { hasText: place.name }).count(), 1, place.name);
    }
    await context.close();
  });

  test('navigates to the compliance page', async () => {
    const { page, context } = await openPage(browser, `${server.url}/`);
    await page.click('nav.nhsuk-header__navigation a:has-text("Compliance")');
    await page.waitForURL(`${server.url}/compliance`);
    await page.waitForSelector('main[data-ready="true"]');
    assert.equal(await page.locator('a[aria-current="page"]').textContent(), 'Compliance');
    await context.close();
  });

  test('an unknown page says so', async () => {
    const { page, context } = await openPage(browser, `${server.url}/no-such-page`);
    assert.equal(await page.locator('h1').textContent(), 'Page not found');
    await context.close();
  });

  test('has no accessibility violations (axe-core, WCAG 2.2 AA)', async () => {
    const { page, context } = await openPage(browser, `${server.url}/`);
    await page.locator('#graph[data-ready="true"]').waitFor();
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await context.close();
  });
});
