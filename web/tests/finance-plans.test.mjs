// The plans and actuals pages against the demo's stored ledgers: the balance table equals
// /api/v1/finance/plans/position, the SPC chart of an organisation's monthly spend draws the
// API's mean and limits, a bad CSV shows its located errors and stores nothing, a good one
// changes the figures, XLSX downloads, who sees what, and axe-core finds nothing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  axeViolations, describeViolations, launchBrowser, openPage, repoRoot, signIn, startServer,
} from './helpers.mjs';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const kFormat = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 0, maximumFractionDigits: 0 });
const demoLedger = readFileSync(join(repoRoot, 'data/demo/ledger_2025_26.csv'), 'utf8');

async function signedInPage(browser, server, role, next) {
  const { page, context, problems } = await openPage(browser, `${server.url}/`);
  await signIn(page, server, role, next);
  return { page, context, problems };
}

async function apiJson(page, server, path) {
  const r = await page.request.get(`${server.url}${path}`);
  assert.equal(r.status(), 200, `${path}: ${await r.text()}`);
  return r.json();
}

async function assertNoViolations(page, what) {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `${what}:\n${describeViolations(violations)}`);
}

describe('plans and actuals pages', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer(['--demo']);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    const exit = await server?.stop();
    assert.deepEqual(exit, { code: 0, signal: null });
  });

  test('the balance table equals the API, with the drifting trust among the findings', async () => {
    const { page, context, problems } = await signedInPage(browser, server, 'board_member', '/finance/plans');
    const position = await apiJson(page, server, '/api/v1/finance/plans/position');
    assert.equal(position.year, '2025/26');
    assert.equal(await page.locator('#position-table tbody tr').count(), position.organisations.length);
    for (const org of [...position.organisations, position.system]) {
      const row = page.locator(`#position-table tr[data-org="${org.organisation}"]`);
      const cells = await row.locator('td').allTextContents();
      assert.deepEqual(cells, [org.plan_income_k, org.plan_expenditure_k, org.plan_surplus_k].map((v) => kFormat.format(v))
        .concat([String(org.months_reported)])
        .concat([org.ytd_plan_surplus_k, org.ytd_actual_surplus_k, org.ytd_variance_k, org.forecast_surplus_k]
          .map((v) => kFormat.format(v))), org.organisation);
    }
    const rules = await page.locator('#position-findings li').evaluateAll((items) => items.map((i) => i.dataset.rule));
    assert.deepEqual(rules, position.findings.map((f) => f.rule));
    assert.ok(position.findings.some((f) => f.rule === 'BAL-003' && f.subject.startsWith('RFS')));
    assert.match(await page.locator('#mhis-summary').textContent(), /Met, with headroom/);
    // Board members read; only finance imports.
    assert.equal(await page.locator('#ledger-upload').count(), 0);
    await assertNoViolations(page, '/finance/plans');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('an organisation page: the months equal the API and the SPC chart draws its mean and limits', async () => {
    const { page, context, problems } = await signedInPage(browser, server, 'oversight', '/finance/plans/RFS');
    const api = await apiJson(page, server, '/api/v1/finance/plans/organisations/RFS');
    for (const m of api.months) {
      const cell = page.locator(`#months-table tr[data-month="${m.month}"] td`).nth(3);
      assert.equal(await cell.textContent(), m.actual_expenditure_k === null ? '' : kFormat.format(m.actual_expenditure_k));
    }
    assert.equal(api.spc.improvement_direction, 'neutral');
    const last = api.spc.points[api.spc.points.length - 1];
    for (const [name, value] of [['mean', last.mean], ['upl', last.upl], ['lpl', last.lpl]]) {
      const drawn = await page.locator(`[data-testid="spc-svg"] [data-line="${name}"]`).first().getAttribute('data-value');
      assert.equal(Number(drawn), value, name);
    }
    const points = await page.locator('[data-testid="spc-svg"] [data-point]').evaluateAll(
      (nodes) => nodes.map((n) => Number(n.dataset.value)));
    assert.deepEqual(points, api.spc.points.map((p) => p.value));
    await assertNoViolations(page, '/finance/plans/RFS');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a bad CSV shows every located error and stores nothing', async () => {
    const { page, context } = await signedInPage(browser, server, 'finance', '/finance/plans');
    const before = await apiJson(page, server, '/api/v1/finance/plans/imports');
    const lines = demoLedger.split('\n');
    lines[2] = lines[2].replace('214105.08,214105.08', 'lots,214105.08');
    lines[4] = lines[4].replace('214105.08,214105.08', '214105.08,-7');
    await page.setInputFiles('#ledger-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    await page.click('#ledger-upload button[type="submit"]');
    await page.waitForSelector('[data-testid="upload-errors"] li');
    const where = await page.locator('[data-testid="upload-errors"] li').evaluateAll((items) => items.map((i) => i.dataset.where));
    assert.deepEqual(where, ['bad.csv:3', 'bad.csv:5']);
    assert.match(await page.locator('.nhsuk-error-summary__title').textContent(), /nothing was stored/);
    const afterImports = await apiJson(page, server, '/api/v1/finance/plans/imports');
    assert.deepEqual(afterImports, before);
    await assertNoViolations(page, '/finance/plans with upload errors');
    await context.close();
  });

  test('a good CSV upload changes the figures', async () => {
    const { page, context } = await signedInPage(browser, server, 'finance', '/finance/plans');
    const before = await apiJson(page, server, '/api/v1/finance/plans/position');
    const rtgBefore = before.organisations.find((o) => o.organisation === 'RTG');
    // RTG's April pay £5,000k over its reported actual.
    const lines = demoLedger.split('\n').map((line) => {
      if (!line.startsWith('RTG,') || !line.includes(',2025-04,expenditure,pay,')) return line;
      const cells = line.split(',');
      cells[6] = (Number(cells[6]) + 5000).toFixed(2);
      return cells.join(',');
    });
    await page.setInputFiles('#ledger-file', { name: 'month7-revised.csv', mimeType: 'text/csv',
      buffer: Buffer.from(lines.join('\n')) });
    await Promise.all([
      page.waitForURL((url) => url.searchParams.has('imported'), { timeout: 30_000 }),
      page.click('#ledger-upload button[type="submit"]'),
    ]);
    await page.waitForSelector('main[data-ready="true"]');
    const afterPosition = await apiJson(page, server, '/api/v1/finance/plans/position');
    const rtgAfter = afterPosition.organisations.find((o) => o.organisation === 'RTG');
    assert.ok(Math.abs(rtgAfter.ytd_variance_k - (rtgBefore.ytd_variance_k - 5000)) < 1e-6);
    const cell = page.locator('#position-table tr[data-org="RTG"] td').nth(6);
    assert.equal(await cell.textContent(), kFormat.format(rtgAfter.ytd_variance_k));
    assert.ok(afterPosition.findings.some((f) => f.rule === 'BAL-003' && f.subject.startsWith('RTG')));
    const imports = await apiJson(page, server, '/api/v1/finance/plans/imports?year=2025/26');
    assert.equal(imports.imports[0].file_name, 'month7-revised.csv');
    assert.equal(imports.imports[0].imported_by, server.users.finance.username);
    assert.equal(imports.imports[1].current, false);
    await context.close();
  });

  test('every table downloads as XLSX', async () => {
    const { page, context } = await signedInPage(browser, server, 'analyst', '/finance/plans');
    const links = await page.locator('[data-testid="xlsx"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    await page.goto(`${server.url}/finance/plans/RTG`);
    await page.waitForSelector('main[data-ready="true"]');
    links.push(...await page.locator('[data-testid="xlsx"]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))));
    assert.equal(links.length, 4);
    for (const href of links) {
      const r = await page.request.get(`${server.url}${href}`);
      assert.equal(r.status(), 200, href);
      assert.equal(r.headers()['content-type'], XLSX, href);
      const body = await r.body();
      assert.equal(body.subarray(0, 2).toString(), 'PK', href);
    }
    await context.close();
  });

  test('roles: finance imports, the finance readers read, others are refused', async () => {
    const { page, context } = await signedInPage(browser, server, 'clinician', '/');
    const r = await page.request.get(`${server.url}/api/v1/finance/plans/position`);
    assert.equal(r.status(), 403);
    const nav = await page.locator('.nhsuk-header__navigation-item').allTextContents();
    assert.ok(!nav.some((t) => t.includes('Plans and actuals')), nav.join(', '));
    await context.close();
    const anonymous = await fetch(`${server.url}/api/v1/finance/plans/imports`);
    assert.equal(anonymous.status, 401);
    const post = await fetch(`${server.url}/api/v1/finance/plans/ledger?year=2025/26`, {
      method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: demoLedger });
    assert.equal(post.status, 401);
  });
});
