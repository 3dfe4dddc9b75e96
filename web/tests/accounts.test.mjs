// Signing in and out, the header, pages hidden by role, and the audit page: one demo user
// per role (`ics serve --demo` prints them), driven through the sign-in page in Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { axeViolations, describeViolations, launchBrowser, openPage, signIn, startServer } from './helpers.mjs';

const roles = ['board_member', 'governance_admin', 'finance', 'analyst', 'oversight', 'qi_lead', 'clinician',
  'privacy_officer', 'system_admin'];
const auditors = new Set(['privacy_officer', 'system_admin']);

describe('accounts and roles', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer(['--demo']);
    browser = await launchBrowser();
    assert.deepEqual(Object.keys(server.users).sort(), [...roles].sort(), 'one demo user per role');
  });

  after(async () => {
    await browser?.close();
    const exit = await server?.stop();
    assert.deepEqual(exit, { code: 0, signal: null });
  });

  async function navLinks(page) {
    return page.locator('.nhsuk-header__navigation-item a').evaluateAll(
      (links) => links.map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href') })));
  }

  test('anonymous visitors see public pages, a sign-in link, and no audit page', async () => {
    const { page, problems, context } = await openPage(browser, `${server.url}/`);
    assert.equal((await page.locator('#account a').textContent()).trim(), 'Sign in');
    const links = await navLinks(page);
    assert.ok(links.some((l) => l.href === '/compliance'));
    assert.ok(!links.some((l) => l.href === '/audit'), 'no audit link');
    await page.goto(`${server.url}/audit`);
    await page.waitForSelector('main[data-ready="true"]');
    assert.equal((await page.locator('h1').textContent()).trim(), 'Sign in to see this page');
    assert.deepEqual(problems.filter((p) => !p.includes('/api/v1/audit')), []);
    await context.close();
  });

  test('the sign-in page is accessible and says what is wrong', async () => {
    const { page, context } = await openPage(browser, `${server.url}/sign-in`);
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.click('button[type="submit"]');
    assert.match(await page.locator('.nhsuk-error-summary').textContent(), /Enter your user name/);
    await page.fill('#username', server.users.finance.username);
    await page.fill('#password', 'not the password at all');
    await page.click('button[type="submit"]');
    await page.waitForSelector('.nhsuk-error-summary:has-text("not right")');
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('nhsuk-error-summary')), true,
      'focus moves to the error summary');
    const after = await axeViolations(page);
    assert.equal(after.length, 0, describeViolations(after));
    await context.close();
  });

  for (const role of roles) {
    test(`${role}: signed in, sees their pages and only those`, async () => {
      const { page, context } = await openPage(browser, `${server.url}/`);
      await signIn(page, server, role);
      const who = (await page.locator('[data-testid="signed-in-as"]').textContent()).trim();
      assert.match(who, /^Signed in as Demo /);
      const links = await navLinks(page);
      assert.equal(links.some((l) => l.href === '/audit'), auditors.has(role), 'audit link only for auditors');
      // Every page the header offers opens for this role.
      for (const link of links) {
        await page.goto(`${server.url}${link.href}`);
        await page.waitForSelector('main[data-ready="true"]');
        const headings = await page.locator('h1').allTextContents();
        assert.ok(headings.length > 0, `${link.href} for ${role} has no heading: ${(await page.locator('main').textContent()).slice(0, 300)}`);
        const heading = headings[0].trim();
        assert.notEqual(heading, 'Something went wrong',
          `${link.href} for ${role}: ${(await page.locator('main').textContent()).slice(0, 300)}`);
        assert.notEqual(heading, 'You cannot see this page', `${link.href} for ${role}`);
        assert.notEqual(heading, 'Sign in to see this page', `${link.href} for ${role}`);
      }
      if (!auditors.has(role)) {
        await page.goto(`${server.url}/audit`);
        await page.waitForSelector('main[data-ready="true"]');
        assert.equal((await page.locator('h1').textContent()).trim(), 'You cannot see this page');
      }
      await context.close();
    });
  }

  test('the privacy officer reads the audit trail, and that read is audited', async () => {
    const { page, context, problems } = await openPage(browser, `${server.url}/`);
    await signIn(page, server, 'privacy_officer', '/audit');
    assert.equal((await page.locator('h1').textContent()).trim(), 'Audit trail');
    assert.match(await page.locator('[data-testid="audit-verdict"]').textContent(), /The chain is intact/);
    const actions = await page.locator('[data-testid="audit-table"] tbody tr td:nth-child(4)').allTextContents();
    assert.ok(actions.includes('definition.import'), 'the first entries include the definition import');
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    // The page's own read of /api/v1/audit is in the trail, by this user.
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'ics_session');
    assert.ok(session, 'a session cookie');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    let last = null;
    for (let after = ''; ;) {
      const res = await page.request.get(`${server.url}/api/v1/audit?limit=1000${after ? `&after=${after}` : ''}`);
      const body = await res.json();
      if (body.entries.length) last = body.entries;
      if (!body.next) break;
      after = body.next;
    }
    assert.ok(last.some((e) => e.action === 'read' && e.object === '/api/v1/audit' &&
      e.actor === server.users.privacy_officer.username));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('signing out ends the session', async () => {
    const { page, context } = await openPage(browser, `${server.url}/`);
    await signIn(page, server, 'finance');
    await page.click('#account a:has-text("Sign out")');
    await page.waitForSelector('h1:has-text("You have signed out")');
    const session = await (await page.request.get(`${server.url}/api/v1/session`)).json();
    assert.equal(session.signed_in, false);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('main[data-ready="true"]');
    assert.equal((await page.locator('#account a').textContent()).trim(), 'Sign in');
    await context.close();
  });
});
