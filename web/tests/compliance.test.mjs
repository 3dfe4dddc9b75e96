// The compliance page (/compliance) for the built-in example: what the user sees equals
// /api/v1/compliance, which equals `ics check --json`.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { axeViolations, describeViolations, launchBrowser, openPage, screenshotDir, startServer } from './helpers.mjs';

describe('compliance page', () => {
  let server;
  let browser;
  let report;

  before(async () => {
    server = await startServer(['--demo']);
    browser = await launchBrowser();
    report = await (await fetch(`${server.url}/api/v1/compliance`)).json();
    mkdirSync(screenshotDir, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    const exit = await server?.stop();
    assert.deepEqual(exit, { code: 0, signal: null });
  });

  test('summary numbers equal the API', async () => {
    const { page, problems, context } = await openPage(browser, `${server.url}/compliance`);
    for (const severity of ['must', 'expected', 'advisory']) {
      const card = page.locator(`.app-count[data-severity="${severity}"]`);
      assert.equal(await card.getAttribute('data-count'), String(report.summary[severity]), severity);
      assert.equal((await card.locator('.app-count__number').textContent()).trim(), String(report.summary[severity]));
    }
    const lede = await page.locator('.nhsuk-lede-text').textContent();
    assert.match(lede, new RegExp(`^${report.rules_evaluated} rules checked`));
    assert.match(lede, new RegExp(`${report.rules_not_checkable} more cannot be decided`));
    assert.equal((await page.locator('h1').textContent()).trim(), 'Compliance with the ICS Design Framework');
    assert.equal((await page.locator('.nhsuk-caption-l').textContent()).trim(), report.system);
    assert.equal(await page.locator('#verdict h2').textContent(),
      report.passed ? 'Passes every must rule' : `Fails ${report.summary.must} must ${report.summary.must === 1 ? 'rule' : 'rules'}`);
    assert.equal(await page.locator('article.app-finding').count(), report.findings.length);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(screenshotDir, 'compliance.png'), fullPage: true });
    await context.close();
  });

  test('lists the rules a definition cannot decide, collapsed', async () => {
    const { page, context } = await openPage(browser, `${server.url}/compliance`);
    const details = page.locator('#not-checkable-details');
    assert.equal(await details.getAttribute('open'), null, 'collapsed at first');
    assert.match(await details.locator('summary').textContent(), new RegExp(`${report.not_checkable.length} rules`));
    await details.locator('summary').click();
    assert.equal(await page.locator('#not-checkable-table tbody tr').count(), report.not_checkable.length);
    const first = report.not_checkable[0];
    assert.equal((await page.locator('#not-checkable-table tbody tr').first().locator('th').textContent()).trim(), first.rule);
    await context.close();
  });

  test('has no accessibility violations (axe-core, WCAG 2.2 AA)', async () => {
    const { page, context } = await openPage(browser, `${server.url}/compliance`);
    let violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.locator('#not-checkable-details summary').click();
    violations = await axeViolations(page);
    assert.equal(violations.length, 0, `with the rules expanded: ${describeViolations(violations)}`);
    await context.close();
  });
});
