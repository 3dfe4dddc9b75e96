// The finance pages for the built-in example: the national table and tile map equal
// /api/v1/finance/allocations, which equals `ics allocate --json` byte for byte; an ICB's
// waterfall adds up to its allocation; XLSX downloads; what-ifs (policy sliders, a practice's
// weighted population, the path to target drawn from the API's numbers) and place budgets for
// a signed-in finance user; axe-core finds nothing on any page.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  axeViolations, binary, describeViolations, launchBrowser, openPage, repoRoot, screenshotDir, startServer,
} from './helpers.mjs';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const kFormat = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 0, maximumFractionDigits: 0 });

describe('finance pages', () => {
  let server;
  let browser;
  let allocations;

  before(async () => {
    server = await startServer(['--demo']);
    browser = await launchBrowser();
    allocations = await (await fetch(`${server.url}/api/v1/finance/allocations?year=2025/26&stream=core`)).json();
    mkdirSync(screenshotDir, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    const exit = await server?.stop();
    assert.deepEqual(exit, { code: 0, signal: null });
  });

  test('the API is ics allocate --json, byte for byte (one engine, three faces)', async () => {
    for (const [year, stream] of [['2025/26', 'core'], ['2023/24', 'pmc']]) {
      const api = await (await fetch(`${server.url}/api/v1/finance/allocations?year=${year}&stream=${stream}`)).text();
      const cli = execFileSync(binary, ['allocate', '--year', year, '--stream', stream, '--data',
        join(repoRoot, 'data/finance'), '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
      assert.equal(api, cli, `${stream} ${year}`);
    }
  });

  test('national table equals the API and sorts; the tile map shows 42 ICBs', async () => {
    const { page, problems, context } = await openPage(browser, `${server.url}/finance`);
    assert.equal(allocations.icbs.length, 42);
    assert.equal(await page.locator('#allocations-table tbody tr').count(), 42);
    for (const icb of allocations.icbs) {
      const cell = page.locator(`#allocations-table tbody tr[data-icb="${icb.icb_code}"] [data-field="recurrent_allocation_k"]`);
      assert.equal(await cell.textContent(), kFormat.format(icb.recurrent_allocation_k), icb.icb_code);
    }
    assert.equal(await page.locator('.app-tile').count(), 42);
    const codes = await page.locator('.app-tile').evaluateAll((tiles) => tiles.map((t) => t.dataset.icb).sort());
    assert.deepEqual(codes, allocations.icbs.map((i) => i.icb_code).sort());
    // Every tile's band is the band of its distance; the legend names all five.
    assert.equal(await page.locator('.app-legend__item').count(), 5);
    const first = allocations.icbs[0];
    const tileText = await page.locator(`.app-tile[data-icb="${first.icb_code}"] .app-tile__value`).textContent();
    assert.match(tileText, /^[+−]?\d+\.\d%$/);

    // Sort by recurrent allocation: largest first.
    const header = page.locator('#allocations-table thead button', { hasText: 'Recurrent allocation £k' });
    await header.click();
    assert.equal(await page.locator('#allocations-table thead th[aria-sort="descending"]').count(), 1);
    const largest = [...allocations.icbs].sort((a, b) => b.recurrent_allocation_k - a.recurrent_allocation_k)[0];
    assert.equal(await page.locator('#allocations-table tbody tr').first().getAttribute('data-icb'), largest.icb_code);

    const england = page.locator('#allocations-table tfoot');
    assert.match(await england.textContent(), new RegExp(kFormat.format(allocations.england.recurrent_allocation_k)));
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(screenshotDir, 'finance.png'), fullPage: true });
    await context.close();
  });

  test('the table links to its XLSX workbook, which downloads', async () => {
    const { page, context } = await openPage(browser, `${server.url}/finance?year=2024/25&stream=pmc`);
    const href = await page.locator('[data-testid="xlsx"]').first().getAttribute('href');
    assert.equal(href, '/api/v1/finance/allocations.xlsx?year=2024%2F25&stream=pmc');
    const response = await fetch(server.url + href);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), XLSX);
    assert.match(response.headers.get('content-disposition'), /attachment; filename="allocations-pmc-2024-25\.xlsx"/);
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK');
    await context.close();
  });

  test('an ICB\'s waterfall adds up to its allocation', async () => {
    const { page, problems, context } = await openPage(browser, `${server.url}/finance/icbs/QJ2`);
    const icb = allocations.icbs.find((i) => i.icb_code === 'QJ2');
    assert.equal((await page.locator('h1').textContent()).trim(), icb.icb_name);
    const bars = await page.locator('svg[data-testid="waterfall"] rect[data-step]').evaluateAll((rects) =>
      rects.map((r) => ({ step: r.dataset.step, pence: Number(r.dataset.pence) })));
    const rows = await page.locator('#waterfall-table tbody tr').evaluateAll((trs) =>
      trs.map((r) => ({ step: r.dataset.step, pence: Number(r.dataset.pence) })));
    assert.ok(bars.length >= 5);
    // The bars from the baseline to the recurrent allocation sum to it, in pence.
    const baseline = rows.find((r) => r.step === 'baseline').pence;
    const recurrent = rows.find((r) => r.step === 'recurrent_allocation').pence;
    const changes = rows.slice(1, rows.findIndex((r) => r.step === 'recurrent_allocation'));
    assert.equal(baseline + changes.reduce((s, r) => s + r.pence, 0), recurrent);
    assert.equal(recurrent, Math.round(icb.recurrent_allocation_k * 100000));
    const addOns = rows.slice(rows.findIndex((r) => r.step === 'recurrent_allocation') + 1, -1);
    const total = rows.at(-1);
    assert.equal(total.step, 'total_allocation');
    assert.equal(recurrent + addOns.reduce((s, r) => s + r.pence, 0), total.pence);
    assert.equal(total.pence, Math.round(icb.total_allocation_k * 100000));
    // Bars and table rows are the same steps (a zero rounding bar may be left out).
    assert.deepEqual(bars, rows.filter((r) => r.step !== 'rounding' || r.pence !== 0));
    assert.equal(await page.locator('svg[data-testid="waterfall"] title').count(), 1);
    assert.equal(await page.locator('svg[data-testid="waterfall"] desc').count(), 1);
    const href = await page.locator('[data-testid="xlsx"]').first().getAttribute('href');
    const response = await fetch(server.url + href);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), XLSX);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(screenshotDir, 'finance-icb.png'), fullPage: true });
    await context.close();
  });

  for (const path of ['/finance', '/finance/icbs/QJ2', '/finance/icbs/QOQ?year=2023/24&stream=pmc']) {
    test(`${path} has no accessibility violations (axe-core, WCAG 2.2 AA)`, async () => {
      const { page, context } = await openPage(browser, server.url + path);
      const violations = await axeViolations(page);
      assert.equal(violations.length, 0, describeViolations(violations));
      await context.close();
    });
  }

  test('what-ifs and place budgets need a budget role', async () => {
    const whatIf = await fetch(`${server.url}/api/v1/finance/whatif`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}',
    });
    assert.equal(whatIf.status, 401);
    assert.equal((await fetch(`${server.url}/api/v1/finance/places`)).status, 401);
    const { page, context } = await openPage(browser, `${server.url}/finance/icbs/QJ2`);
    assert.match(await page.locator('#what-if').textContent(), /Sign in/);
    assert.equal(await page.locator('[data-testid="what-if-form"]').count(), 0);
    await context.close();
  });

  // A browser context signed in (POST /api/v1/session) as the demo user with `role`, from the
  // users `ics serve --demo` prints; null when this server has no such user.
  async function signedInContext(role = 'finance') {
    const user = server.users?.[role];
    if (!user) return null;
    const response = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(user),
    });
    assert.equal(response.status < 300, true, `sign-in as ${role}: ${response.status}`);
    const cookies = response.headers.getSetCookie().map((c) => {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      return { name: pair.slice(0, i), value: pair.slice(i + 1), url: server.url };
    });
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    await context.addCookies(cookies);
    return context;
  }

  async function open(context, url) {
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    await page.goto(url);
    await page.waitForSelector('main[data-ready="true"]', { timeout: 20_000 });
    return { page, problems };
  }

  test('a what-if moves the numbers (signed in as finance)', async (t) => {
    const context = await signedInContext();
    if (!context) return t.skip('this server prints no demo finance user');
    const { page, problems } = await open(context, `${server.url}/finance/icbs/QJ2`);
    await page.locator('#above-cap').fill('1');
    await page.locator('#below-cap').fill('1');
    await page.locator('[data-testid="what-if-form"] button[type="submit"]').click();
    // The published position is shown at once; wait for the what-if to replace it.
    await page.waitForFunction(() => [...document.querySelectorAll('#what-if-table tbody tr')]
      .some((r) => Number(r.dataset.difference) !== 0), null, { timeout: 20_000 });
    assert.equal(await page.locator('#what-if-table tbody tr').count(), 42);
    const differences = await page.locator('#what-if-table tbody tr').evaluateAll((rows) =>
      rows.map((r) => Number(r.dataset.difference)));
    assert.ok(differences.some((d) => d !== 0), 'some ICB moved');
    const href = await page.locator('#what-if-results [data-testid="xlsx"]').getAttribute('href');
    const xlsx = await page.evaluate(async (u) => {
      const r = await fetch(u);
      return { status: r.status, type: r.headers.get('content-type') };
    }, href);
    assert.deepEqual(xlsx, { status: 200, type: XLSX });
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(screenshotDir, 'finance-what-if.png'), fullPage: true });
    await context.close();
  });

  // The API's answer to a what-if, asked from the signed-in page (session cookie and CSRF token).
  async function apiWhatIf(page, body) {
    return page.evaluate(async (b) => {
      const session = await (await fetch('/api/v1/session')).json();
      const headers = { 'Content-Type': 'application/json' };
      if (session.csrf) headers['X-CSRF-Token'] = session.csrf;
      const r = await fetch('/api/v1/finance/whatif', { method: 'POST', headers, body: JSON.stringify(b) });
      return r.json();
    }, body);
  }

  test('a practice\'s weight moves its ICB as the API does; the path chart is the API\'s path (finance)', async (t) => {
    const context = await signedInContext();
    if (!context) return t.skip('this server prints no demo finance user');
    const { page, problems } = await open(context, `${server.url}/finance/icbs/QJ2?year=2024/25&stream=core`);
    // The published position and its path to target are drawn without asking.
    await page.waitForSelector('[data-testid="path-chart"]', { timeout: 20_000 });
    const list = await page.evaluate(async () =>
      (await fetch('/api/v1/finance/icbs/QJ2/practices?year=2024/25&stream=core')).json());
    assert.ok(list.practices.length > 50);
    const practice = list.practices[0];
    // Found by code, its published weight filled in; then trebled.
    await page.locator('#practice').fill(practice.code);
    assert.equal(Number(await page.locator('#practice-weight').inputValue()), Number(practice.weighted.toFixed(3)));
    const weight = Math.round(practice.weighted * 3);
    await page.locator('#practice-weight').fill(String(weight));
    await page.waitForSelector(`#practice-changes li[data-practice="${practice.code}"]`);
    const body = { year: '2024/25', stream: 'core', settings: {}, practice_weights: { [practice.code]: weight },
      path: { years: 10, threshold: 0.005 } };
    const api = await apiWhatIf(page, body);
    const mine = api.icbs.find((i) => i.icb_code === 'QJ2');
    assert.ok(mine.target_k > mine.published_target_k, 'a heavier practice raises its ICB\'s target');
    assert.ok(mine.allocation_k >= mine.published_allocation_k);
    // The page shows the API's figures for QJ2 once the recompute lands.
    await page.waitForFunction((m) => {
      const e = document.querySelector('[data-testid="what-if-mine"]');
      return e && e.dataset.allocation === String(m.allocation_k) && e.dataset.target === String(m.target_k);
    }, mine, { timeout: 20_000 });
    for (const other of api.icbs.filter((i) => i.icb_code !== 'QJ2').slice(0, 5)) {
      const row = page.locator(`#what-if-table tbody tr[data-icb="${other.icb_code}"]`);
      assert.equal(await row.getAttribute('data-target'), String(other.target_k), other.icb_code);
      assert.equal(await row.getAttribute('data-difference'), String(other.difference_k), other.icb_code);
    }
    // The chart's points are the API's path, what-if and published, year by year.
    const path = api.path.icbs.find((p) => p.icb_code === 'QJ2');
    const published = api.published_path.icbs.find((p) => p.icb_code === 'QJ2');
    const points = (series) => page.locator(`[data-testid="path-chart"] [data-series="${series}"] .app-path-chart__point`)
      .evaluateAll((els) => els.map((e) => [e.dataset.year, Number(e.dataset.distance)]));
    assert.deepEqual(await points('what-if'), api.path.years.map((y, i) => [y, path.distance[i]]));
    assert.deepEqual(await points('published'), api.published_path.years.map((y, i) => [y, published.distance[i]]));
    const rows = await page.locator('#path-table tbody tr').evaluateAll((trs) =>
      trs.map((r) => [r.dataset.year, Number(r.dataset.allocation), Number(r.dataset.distance)]));
    assert.deepEqual(rows, api.path.years.map((y, i) => [y, path.recurrent_allocation_k[i], path.distance[i]]));
    // A slider recomputes as it moves (debounced): a lower cap above target moves someone.
    await page.locator('#above-cap-slider').fill('0.5');
    assert.equal(await page.locator('#above-cap').inputValue(), '0.5');
    const capped = await apiWhatIf(page, { ...body, settings: { 'convergence.above_target.cap': '0.5%' } });
    const moved = capped.icbs.find((i) => i.difference_k !== api.icbs.find((j) => j.icb_code === i.icb_code).difference_k);
    assert.ok(moved, 'the cap moves some ICB');
    await page.waitForFunction((m) => document.querySelector(`#what-if-table tbody tr[data-icb="${m.icb_code}"]`)
      ?.dataset.difference === String(m.difference_k), moved, { timeout: 20_000 });
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(screenshotDir, 'finance-what-if-practice-path.png'), fullPage: true });
    await context.close();
  });

  test('place budgets for the served ICS and its envelope add up (signed in as a board member)', async (t) => {
    const context = await signedInContext('board_member');
    if (!context) return t.skip('this server prints no demo board member');
    const { page, problems } = await open(context, `${server.url}/finance/places`);
    const pence = await page.locator('#places-table tbody tr').evaluateAll((rows) =>
      rows.map((r) => Number(r.dataset.pence)));
    assert.equal(pence.length, 4);
    const api = await page.evaluate(async () => (await fetch('/api/v1/finance/places?year=2024/25&stream=core')).json());
    assert.equal(pence.reduce((a, b) => a + b, 0), api.budget_pence);
    // The envelope: its lines add up to its total; its workbook downloads.
    const lines = await page.locator('#envelope-table tbody tr').evaluateAll((rows) =>
      rows.map((r) => Number(r.dataset.pence)));
    const envelope = await page.evaluate(async () => (await fetch('/api/v1/finance/envelope?year=2024/25')).json());
    assert.equal(lines.length, envelope.lines.length);
    assert.equal(lines.reduce((a, b) => a + b, 0), envelope.total_pence);
    for (const link of await page.locator('[data-testid="xlsx"]').all()) {
      const result = await page.evaluate(async (u) => {
        const r = await fetch(u);
        return { status: r.status, type: r.headers.get('content-type') };
      }, await link.getAttribute('href'));
      assert.deepEqual(result, { status: 200, type: XLSX });
    }
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(problems, []);
    await context.close();
  });
});
