// The oversight pages (/oversight, /oversight/{org}, /oversight/{org}/{metric}) on the
// built-in demo: the API's oversight documents equal what `ics oversight ... --json` and
// `ics spc --json` print for the same files; the drawn mean, limits, target, points and
// Making Data Count icons agree with the API's numbers; axe-core finds no violation.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  axeViolations, binary, describeViolations, launchBrowser, openPage, repoRoot, screenshotDir, signIn, startServer,
} from './helpers.mjs';

const metricFiles = readdirSync(join(repoRoot, 'data/demo/metrics')).filter((f) => f.endsWith('.csv')).sort()
  .map((f) => `data/demo/metrics/${f}`);
const orgsFile = 'data/demo/organisations.csv';

function cli(args) {
  return execFileSync(binary, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 << 20 });
}
const oversightCli = (verb, ...args) =>
  cli(['oversight', verb, '--metrics', ...metricFiles, '--orgs', orgsFile, ...args, '--json']);

// The value a y coordinate stands for, from two drawn axis ticks.
async function yScale(chart) {
  const ticks = await chart.locator('[data-tick]').evaluateAll((els) =>
    els.map((e) => ({ v: Number(e.getAttribute('data-tick')), y: Number(e.getAttribute('y')) - 4 })));
  assert.ok(ticks.length >= 2, 'at least two value ticks');
  const [a, b] = [ticks[0], ticks[ticks.length - 1]];
  const perPixel = (b.v - a.v) / (b.y - a.y);
  return { at: (y) => a.v + (y - a.y) * perPixel, tolerance: Math.abs(perPixel) * 0.6 };
}

async function checkHeadings(page) {
  const levels = await page.locator('main h1, main h2, main h3, main h4').evaluateAll((els) =>
    els.map((e) => Number(e.tagName.slice(1))));
  assert.equal(levels[0], 1, 'starts with h1');
  assert.equal(levels.filter((l) => l === 1).length, 1, 'one h1');
  for (let i = 1; i < levels.length; i++) assert.ok(levels[i] <= levels[i - 1] + 1, `heading levels ${levels}`);
}

describe('oversight pages', () => {
  let server;
  let browser;
  const api = async (path) => {
    const r = await fetch(`${server.url}${path}`);
    assert.equal(r.status, 200, path);
    return r.text();
  };

  before(async () => {
    server = await startServer(['--demo']);
    browser = await launchBrowser();
    mkdirSync(screenshotDir, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    const exit = await server?.stop();
    assert.deepEqual(exit, { code: 0, signal: null });
  });

  test('the API prints what the CLI prints (one engine, three faces)', async () => {
    assert.equal(await api('/api/v1/oversight/metrics'), cli(['oversight', 'metrics', '--json']));
    assert.equal(await api('/api/v1/oversight/summary'), oversightCli('summary', '--systems'));
    assert.equal(await api('/api/v1/oversight/organisations/RTG'), oversightCli('summary', '--systems', '--org', 'RTG'));
    assert.equal(await api('/api/v1/oversight/segmentation?year=2025%2F26'), oversightCli('segment', '--year', '2025/26'));
    assert.equal(await api('/api/v1/oversight/segmentation?year=2022%2F23&as_of=2023-03&peer_group=acute'),
      oversightCli('segment', '--year', '2022/23', '--as-of', '2023-03', '--peer-group', 'acute'));
    assert.equal(await api('/api/v1/oversight/league?metric=staff_sickness'),
      oversightCli('league', '--metric', 'staff_sickness'));
    assert.equal(await api('/api/v1/oversight/league?segmentation=true&year=2025%2F26'),
      oversightCli('league', '--segmentation', '--year', '2025/26'));
    assert.equal(await api('/api/v1/oversight/organisations/RTG/metrics/ae_4hr'),
      cli(['spc', 'data/demo/metrics/RTG_ae_4hr.csv', '--date', 'period', '--value', 'value',
        '--improvement', 'increase', '--target', '78', '--json']));
    assert.equal(await api('/api/v1/oversight/organisations/RFS/metrics/bed_occupancy?rebase=2022-11-01'),
      cli(['spc', 'data/demo/metrics/RFS_bed_occupancy.csv', '--date', 'period', '--value', 'value',
        '--improvement', 'decrease', '--target', '92', '--rebase', '2022-11-01', '--json']));
    // The quality escalation levels are not published: signed-in oversight roles only.
    assert.equal((await fetch(`${server.url}/api/v1/oversight/escalation`)).status, 401);
  });

  test('dashboard: segments, icons and league tables equal the API', async () => {
    const segmentation = JSON.parse(await api('/api/v1/oversight/segmentation?year=2025%2F26'));
    const summary = JSON.parse(await api('/api/v1/oversight/summary'));
    const league = JSON.parse(await api('/api/v1/oversight/league?segmentation=true&year=2025%2F26'));
    const { page, problems, context } = await openPage(browser, `${server.url}/oversight`);
    assert.equal((await page.locator('h1').textContent()).trim(), 'System oversight');
    assert.equal(await page.locator('header [data-page="oversight"] a').getAttribute('aria-current'), 'page');
    const segRows = page.locator('#segmentation-table tbody tr');
    assert.equal(await segRows.count(), segmentation.organisations.length);
    for (const [i, o] of segmentation.organisations.entries()) {
      const cell = segRows.nth(i).locator('td').nth(2);
      assert.equal((await cell.textContent()).trim(), o.segment === null ? 'none' : `Segment ${o.segment}`, o.org);
    }
    const metricRows = page.locator('#metrics-table tbody tr');
    assert.equal(await metricRows.count(), summary.series.length);
    for (const [i, s] of summary.series.entries()) {
      const row = metricRows.nth(i);
      assert.equal(await row.locator('[data-icon="variation"]').getAttribute('data-value'), s.variation_icon,
        `${s.org} ${s.metric}`);
      assert.equal(await row.locator('[data-icon="assurance"]').getAttribute('data-value'), s.assurance ?? 'none');
    }
    // A planted step down (RFS A&E from 2023-01) reads as concerning variation, low.
    const rfs = summary.series.findIndex((s) => s.org === 'RFS' && s.metric === 'ae_4hr');
    assert.equal(await metricRows.nth(rfs).locator('[data-icon="variation"]').getAttribute('aria-label'),
      'Special cause concerning variation - low');
    assert.equal(await page.locator('#league-segmentation tbody tr').count(), league.rows.length);
    for (const id of ['segmentation-table', 'metrics-table', 'league-segmentation']) {
      assert.ok((await page.locator(`#${id} caption`).textContent()).trim().length > 0, `${id} has a caption`);
    }
    await checkHeadings(page);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(screenshotDir, 'oversight.png'), fullPage: true });
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await context.close();
  });

  test('metric chart: drawn mean, limits and target agree with the API; the planted shift is improvement', async () => {
    const data = JSON.parse(await api('/api/v1/oversight/organisations/RTG/metrics/ae_4hr'));
    const last = data.points[data.points.length - 1];
    const { page, problems, context } = await openPage(browser, `${server.url}/oversight/RTG/ae_4hr`);
    const chart = page.locator('[data-testid="spc-chart"]');
    const scale = await yScale(chart);
    for (const [name, value] of [['mean', last.mean], ['upl', last.upl], ['lpl', last.lpl], ['target', data.target]]) {
      const line = chart.locator(`line[data-line="${name}"]`).last();
      assert.equal(Number(await line.getAttribute('data-value')), value, name);
      const y = Number(await line.getAttribute('y1'));
      assert.ok(Math.abs(scale.at(y) - value) <= scale.tolerance, `${name} drawn at ${scale.at(y)}, API ${value}`);
    }
    const fmt = (v) => `${v.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
    assert.equal(await chart.locator('[data-label="mean"]').textContent(), `Mean ${fmt(last.mean)}`);
    assert.equal(await chart.locator('[data-label="upl"]').textContent(), `Upper limit ${fmt(last.upl)}`);
    assert.equal(await chart.locator('[data-label="lpl"]').textContent(), `Lower limit ${fmt(last.lpl)}`);
    // Every drawn point has the API's type and value, and its Making Data Count colour.
    const drawn = await chart.locator('circle[data-point]').evaluateAll((els) => els.map((e) => ({
      i: Number(e.getAttribute('data-point')), type: e.getAttribute('data-type'), fill: e.getAttribute('fill'),
      value: Number(e.getAttribute('data-value')), cy: Number(e.getAttribute('cy')),
    })));
    assert.equal(drawn.length, data.points.filter((p) => p.value !== null).length);
    const colours = { special_cause_improvement: '#00b0f0', special_cause_concern: '#e46c0a', common_cause: '#a6a6a6' };
    for (const d of drawn) {
      const p = data.points[d.i];
      assert.equal(d.type, p.point_type, p.date);
      assert.equal(d.value, p.value, p.date);
      assert.equal(d.fill, colours[p.point_type], p.date);
      assert.ok(Math.abs(scale.at(d.cy) - p.value) <= scale.tolerance, `point ${p.date}`);
    }
    const improvedAfterShift = drawn.filter((d) => data.points[d.i].date >= '2024-04-01' &&
      d.type === 'special_cause_improvement');
    assert.ok(improvedAfterShift.length >= 7, 'the planted step up from April 2024 is special cause improvement');
    const variation = chart.locator('[data-icon="variation"]');
    assert.equal(await variation.getAttribute('data-value'), 'improvement_high');
    assert.equal(await variation.getAttribute('aria-label'), 'Special cause improving variation - high');
    assert.equal(await chart.locator('[data-icon="assurance"]').getAttribute('data-value'), data.assurance_type);
    // The event planted in April 2024 is drawn as a numbered annotation and listed.
    const events = JSON.parse(await api('/api/v1/oversight/organisations/RTG/metrics/ae_4hr/events')).events;
    assert.equal(events.length, 1);
    const marker = chart.locator('[data-marker="annotation"]');
    assert.equal(await marker.count(), 1);
    assert.equal(await marker.getAttribute('data-date'), events[0].date);
    const expectedX = Number(await chart.locator(`circle[data-point="${data.points.findIndex((p) => p.date === events[0].date)}"]`)
      .getAttribute('cx'));
    assert.equal(Number(await marker.getAttribute('x1')), expectedX, 'the marker is at its month');
    assert.equal((await chart.locator('ol[aria-label="Annotations"] li').textContent()).trim(),
      `Apr 2024: ${events[0].label}`);
    // Keyboard: the chart takes focus, and End reads the latest month.
    await chart.locator('svg[data-testid="spc-svg"]').focus();
    await page.keyboard.press('End');
    assert.match(await chart.locator('[data-testid="spc-readout"]').textContent(), /^Sep 2025: /);
    await page.keyboard.press('ArrowLeft');
    assert.match(await chart.locator('[data-testid="spc-readout"]').textContent(), /^Aug 2025: /);
    // The values as a table.
    await chart.locator('details summary').click();
    assert.equal(await page.locator('#chart-table tbody tr').count(), data.points.length);
    await checkHeadings(page);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(screenshotDir, 'oversight-metric.png'), fullPage: true });
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await context.close();
  });

  test('a rebase breaks the lines and draws a marker; a concern series is orange', async () => {
    const data = JSON.parse(await api('/api/v1/oversight/organisations/RFS/metrics/ae_4hr?rebase=2023-01-01'));
    assert.equal(data.groups.length, 2);
    const { page, problems, context } = await openPage(browser, `${server.url}/oversight/RFS/ae_4hr?rebase=2023-01-01`);
    const chart = page.locator('[data-testid="spc-chart"]');
    assert.equal(await chart.locator('[data-marker="rebase"]').getAttribute('data-date'), '2023-01-01');
    const means = chart.locator('line[data-line="mean"]');
    assert.equal(await means.count(), 2);
    for (const g of data.groups) {
      assert.equal(Number(await chart.locator(`line[data-line="mean"][data-group="${g.rebase_group}"]`)
        .getAttribute('data-value')), g.mean);
    }
    await page.goto(`${server.url}/oversight/RFS/ae_4hr`);
    await page.waitForSelector('main[data-ready="true"]');
    const plain = JSON.parse(await api('/api/v1/oversight/organisations/RFS/metrics/ae_4hr'));
    assert.equal(await chart.locator('[data-icon="variation"]').getAttribute('data-value'), plain.variation_icon);
    assert.equal(plain.variation_icon, 'concern_low');
    assert.ok(await chart.locator('circle[data-type="special_cause_concern"][fill="#e46c0a"]').count() >= 7);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the quality escalation levels show only to the quality group roles', async () => {
    const anonymous = await openPage(browser, `${server.url}/oversight`);
    assert.equal(await anonymous.page.locator('#escalation').count(), 0, 'not shown to anonymous visitors');
    await anonymous.context.close();
    const { page, problems, context } = await openPage(browser, `${server.url}/oversight`);
    await signIn(page, server, 'oversight', '/oversight');
    const text = await page.evaluate(async () => (await fetch('/api/v1/oversight/escalation?year=2025%2F26')).text());
    assert.equal(text, oversightCli('escalation', '--year', '2025/26'), 'the API prints what the CLI prints');
    const escalation = JSON.parse(text);
    const rows = page.locator('#escalation-table tbody tr');
    assert.equal(await rows.count(), escalation.organisations.length);
    for (const [i, o] of escalation.organisations.entries()) {
      assert.equal(await rows.nth(i).locator('[data-level]').getAttribute('data-level'), o.level, o.org);
    }
    await checkHeadings(page);
    assert.deepEqual(problems, []);
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await context.close();
  });

  test('organisation page: one chart per metric, with icons, accessible', async () => {
    const summary = JSON.parse(await api('/api/v1/oversight/organisations/RTG'));
    const { page, problems, context } = await openPage(browser, `${server.url}/oversight/RTG`);
    assert.equal(await page.locator('[data-testid="spc-chart"]').count(), summary.series.length);
    for (const s of summary.series) {
      const chart = page.locator(`#chart-${s.metric}`);
      assert.equal(await chart.locator('[data-icon="variation"]').getAttribute('data-value'), s.variation_icon);
      assert.equal(Number(await chart.locator('line[data-line="mean"]').last().getAttribute('data-value')), s.mean);
    }
    await checkHeadings(page);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(screenshotDir, 'oversight-organisation.png'), fullPage: true });
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    // The system's own page.
    await page.goto(`${server.url}/oversight/QJ2`);
    await page.waitForSelector('main[data-ready="true"]');
    assert.ok(await page.locator('[data-testid="spc-chart"]').count() >= 1);
    const systemViolations = await axeViolations(page);
    assert.equal(systemViolations.length, 0, describeViolations(systemViolations));
    await context.close();
  });
});
