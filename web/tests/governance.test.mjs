// Decision-making in the open: the public portal (server-rendered, no sign-in, readable with
// JavaScript off, accessible, and never showing a confidential item), the authority page with
// the delegation graph, and the meetings pages where board members record decisions and
// governance admins write and approve minutes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { axeViolations, describeViolations, launchBrowser, openPage, signIn, startServer } from './helpers.mjs';

const PORTAL = ['/public', '/public/meetings', '/public/meetings/icb-board-2025-05', '/public/meetings/primary-care-2025-06',
  '/public/board', '/public/interests', '/public/decision-map'];

describe('governance and the public portal', () => {
  let server;
  let browser;
  let confidential;  // titles of the demo's confidential items, from the full view

  before(async () => {
    server = await startServer(['--demo']);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    const exit = await server?.stop();
    assert.deepEqual(exit, { code: 0, signal: null });
  });

  async function portalPage(context, path) {
    const page = await context.newPage();
    const response = await page.goto(`${server.url}${path}`);
    assert.equal(response.status(), 200, path);
    return page;
  }

  test('the portal reads without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await portalPage(context, '/public/meetings/icb-board-2025-05');
    assert.match(await page.locator('h1').textContent(), /ICB Board, 15 May 2025/);
    const agenda = await page.locator('table').first().textContent();
    assert.match(agenda, /Annual budget and operating plan/);
    assert.match(agenda, /Hospice end-of-life care grants/);
    const board = await portalPage(context, '/public/board');
    assert.ok((await board.locator('tbody tr').count()) > 5, 'the board members are listed');
    const interests = await portalPage(context, '/public/interests');
    assert.match(await interests.locator('table').textContent(), /Chief Executive \(employee\) of Derbyshire Healthcare NHS FT/);
    await context.close();
  });

  test('every portal page is accessible (axe-core, WCAG 2.2 AA)', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    for (const path of PORTAL) {
      const page = await portalPage(context, path);
      const violations = await axeViolations(page);
      assert.equal(violations.length, 0, `${path}\n${describeViolations(violations)}`);
    }
    await context.close();
  });

  test('no confidential item appears on the portal or the public API', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server, 'board_member', '/governance/meetings');
    confidential = [];
    for (const id of ['icb-board-2025-05', 'primary-care-2025-06']) {
      const full = await page.evaluate(async (m) => (await fetch(`/api/v1/governance/meetings/${m}/full`)).json(), id);
      for (const item of full.items) if (item.part === 'confidential') confidential.push(item.title);
    }
    assert.ok(confidential.length >= 4, 'the demo has confidential items');
    await context.close();
    const anonymous = await fetch(`${server.url}/api/v1/openapi.json`).then((r) => r.json());
    const paths = [...PORTAL, '/public/meetings/icb-board-2025-05/minutes', '/api/v1/definition', '/api/v1/system',
      '/api/v1/compliance', '/api/v1/governance/meetings.ics'];
    for (const [pattern, methods] of Object.entries(anonymous.paths)) {
      if (!methods.get || !(methods.get['x-roles'] ?? []).includes('public')) continue;
      if (pattern.includes('{id}') && pattern.startsWith('/api/v1/governance')) {
        for (const id of ['icb-board-2025-05', 'primary-care-2025-06']) paths.push(pattern.replace('{id}', id));
      } else if (!pattern.includes('{')) {
        paths.push(pattern);
      }
    }
    for (const path of paths) {
      const body = await (await fetch(`${server.url}${path}`)).text();
      for (const title of confidential) assert.ok(!body.includes(title), `${path} shows "${title}"`);
    }
  });

  test('the authority page answers and highlights the chain', async () => {
    const { page, context, problems } = await openPage(browser,
      `${server.url}/governance/authority?function=award-contracts&value=200000`);
    await page.waitForSelector('[data-testid="authority-chain"]');
    const chain = await page.locator('[data-testid="authority-chain"] li').allTextContents();
    assert.ok(chain.length >= 3, chain.join(' | '));
    assert.match(chain.at(-1), /clause 5\.1\.2/);
    const highlighted = await page.evaluate(() => document.querySelectorAll('#delegation-graph canvas').length);
    assert.ok(highlighted > 0, 'the graph is drawn');
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a board member records a decision; an inquorate one is refused', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, server, 'board_member', '/governance/meetings/icb-board-2025-05');
    await page.waitForSelector('form[data-item="5"]');
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.fill('#decision-5-text', 'Approved the hospice grants for 2025/26.');
    await page.click('form[data-item="5"] button[type="submit"]');
    await page.waitForSelector('[data-testid="decision-5"]');
    assert.match(await page.locator('[data-testid="decision-5"]').textContent(), /Approved the hospice grants/);

    await page.goto(`${server.url}/governance/meetings/primary-care-2025-06`);
    await page.waitForSelector('form[data-item="5"]');
    await page.fill('#decision-5-text', 'Award the contract.');
    await page.click('form[data-item="5"] button[type="submit"]');
    await page.waitForSelector('form[data-item="5"] .nhsuk-error-summary');
    assert.match(await page.locator('form[data-item="5"] .nhsuk-error-summary').textContent(), /inquorate/);
    await context.close();
  });

  test('a governance admin writes and approves minutes; the portal then publishes the public part', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, server, 'governance_admin', '/governance/meetings/primary-care-2025-06');
    await page.waitForSelector('#minutes-form');
    await page.fill('#minutes-public', 'The committee approved the extended access service.');
    await page.fill('#minutes-confidential', 'Part two: the dental contract award was deferred.');
    await page.click('#minutes-form button[type="submit"]');
    await page.waitForSelector('#minutes-approve');
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.click('#minutes-approve');
    await page.waitForSelector('a[href="/public/meetings/primary-care-2025-06/minutes"]');
    await context.close();

    const plain = await browser.newContext({ javaScriptEnabled: false });
    const minutes = await portalPage(plain, '/public/meetings/primary-care-2025-06/minutes');
    const text = await minutes.locator('main').textContent();
    assert.match(text, /approved the extended access service/);
    assert.ok(!text.includes('Part two'), 'the confidential part is not published');
    await plain.close();
  });
});
