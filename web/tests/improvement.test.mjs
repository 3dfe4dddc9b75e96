// The QI pages (/improvement and /improvement/projects/{id}) on the built-in demo's synthetic
// projects: each measure's drawn mean and limits are the API's numbers, the variation icon is
// the API's, PDSA cycles are drawn at their start dates; a QI lead records a progress score and
// it shows in the history; a CSV file imported through the form adds its points, and a bad one
// lists every problem with its line and column and stores nothing; a reader (board member)
// sees no forms; a QI lead edits a charter's aim and adds a team member and a measure, which
// an analyst cannot; axe-core finds no violation; no console errors.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { axeViolations, describeViolations, launchBrowser, openPage, screenshotDir, signIn, startServer } from './helpers.mjs';

describe('improvement pages', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer(['--demo']);
    browser = await launchBrowser();
    mkdirSync(screenshotDir, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // A signed-in page for `role` at `path`, with the API read through the same session.
  async function as(role, path) {
    const { page, problems, context } = await openPage(browser, `${server.url}/`);
    await signIn(page, server, role, path);
    const api = async (p) => {
      const r = await page.request.get(`${server.url}${p}`);
      assert.equal(r.status(), 200, p);
      return r.json();
    };
    return { page, problems, context, api };
  }

  test('the dashboard lists every project by progress score with its signals', async () => {
    const { page, problems, context, api } = await as('board_member', '/improvement');
    const d = await api('/api/v1/improvement/dashboard');
    assert.ok(d.projects.length >= 3);
    const rows = page.locator('#qi-projects tbody tr');
    assert.equal(await rows.count(), d.projects.length);
    for (let i = 0; i < d.projects.length; i++) {
      const p = d.projects[i];
      assert.equal(await rows.nth(i).locator('th a').textContent(), p.title);
      const signals = await rows.nth(i).locator('[data-signal]').evaluateAll((els) => els.map((e) => e.getAttribute('data-signal')));
      assert.deepEqual(signals, p.measures.map((m) => m.signal));
    }
    const scores = await page.locator('#qi-projects [data-score]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-score'))));
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'highest score first');
    assert.equal(await page.locator('#new-project').count(), 0, 'a board member starts no project');
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(screenshotDir, 'improvement-dashboard.png'), fullPage: true });
    await context.close();
  });

  test('each chart draws the API mean, limits, icon and the PDSA cycles at their dates; a reader sees no forms', async () => {
    const { page, problems, context, api } = await as('board_member', '/improvement/projects/1');
    const project = await api('/api/v1/improvement/projects/1');
    assert.equal(project.you.can_edit, false);
    assert.equal(await page.locator('h1').textContent(), project.title);
    let charted = 0;
    for (const m of project.measures) {
      if (!m.spc) continue;
      charted++;
      const chart = page.locator(`#measure-${m.id}`);
      const last = m.spc.points[m.spc.points.length - 1];
      for (const line of ['mean', 'upl', 'lpl']) {
        const drawn = await chart.locator(`line[data-line="${line}"]`).first().getAttribute('data-value');
        assert.equal(Number(drawn), last[line], `${m.name}: ${line}`);
      }
      const dots = await chart.locator('circle[data-point]').count();
      assert.equal(dots, m.spc.points.filter((p) => p.value !== null).length);
      const text = await chart.getByTestId('variation-text').textContent();
      assert.ok(text && text.length > 0);
      const types = await chart.locator('circle[data-point]').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
      assert.deepEqual(types, m.spc.points.map((p) => p.point_type));
      const first = m.spc.points[0].date;
      const lastDate = last.date;
      const expected = m.annotations.filter((a) => a.date >= first && a.date <= lastDate).map((a) => a.date);
      const drawnDates = await chart.locator('[data-marker="annotation"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-date')));
      assert.deepEqual(drawnDates, expected, `${m.name}: PDSA annotations`);
    }
    assert.ok(charted >= 3, `charted ${charted}`);
    // The falls measure improved after the huddles: the API and the page say so.
    const falls = project.measures[0];
    assert.equal(falls.spc.variation_icon, 'improvement_low');
    assert.ok(falls.annotations.length >= 2);
    for (const form of ['#score-form', '#data-form', '#pdsa-form']) assert.equal(await page.locator(form).count(), 0, form);
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(screenshotDir, 'improvement-project.png'), fullPage: true });
    await context.close();
  });

  test('a QI lead records a score, imports CSV through the form, and a bad file stores nothing', async () => {
    const { page, problems, context, api } = await as('qi_lead', '/improvement/projects/2');
    const before = await api('/api/v1/improvement/projects/2');
    assert.equal(before.you.can_edit, true);

    // A progress score.
    await page.selectOption('#score-value', '4.5');
    await page.fill('#score-date', '2026-01-31');
    await page.fill('#score-note', 'Sustained for six months');
    await page.click('#score-form button[type="submit"]');
    await page.waitForSelector('text=The score was recorded.');
    const history = page.locator('#qi-score-history tbody tr');
    assert.equal(await history.count(), before.scores.length + 1);
    const lastRow = await history.last().locator('td').allTextContents();
    assert.equal(lastRow[1], '4.5');
    assert.equal(lastRow[2], 'Sustainable improvement');
    assert.equal(lastRow[3], 'Sustained for six months');
    assert.match(await page.getByTestId('current-score').textContent(), /^4\.5: Sustainable improvement/);

    // A bad file: every problem with its place; nothing stored.
    const dir = join(tmpdir(), `ics-qi-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const measure = before.measures[0];
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'date,value\n2026-13-01,30\n2026-02-01,lots\n');
    await page.setInputFiles('#data-file', bad);
    await page.selectOption('#data-measure', measure.name);
    await page.click('#data-form button[type="submit"]');
    const list = page.getByTestId('data-error-list');
    await list.waitFor();
    const lines = await list.locator('li').allTextContents();
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[0], /^bad\.csv:2:1: /);
    assert.match(lines[1], /^bad\.csv:3:12: 'lots' is not a number/);
    assert.equal((await api('/api/v1/improvement/projects/2')).measures[0].points.length, measure.points.length);

    // A good file: its points are stored and drawn.
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'date,value,note\n2030-01-01,31.5,new month\n2030-02-01,32,\n');
    await page.setInputFiles('#data-file', good);
    await page.selectOption('#data-measure', measure.name);
    await page.click('#data-form button[type="submit"]');
    await page.waitForSelector('text=Imported 2 points (2 new, 0 replaced).');
    const after = await api('/api/v1/improvement/projects/2');
    assert.equal(after.measures[0].points.length, measure.points.length + 2);
    const dots = await page.locator(`#measure-${measure.id} circle[data-point]`).count();
    assert.equal(dots, measure.points.length + 2);

    // Study and act on the cycle in progress; a PDSA cycle added is drawn on its measure's chart.
    const open = before.pdsas.find((c) => c.status === 'in_progress');
    await page.selectOption('#study-cycle', String(open.id));
    await page.fill('#study-study', 'Discharges before noon reached 27%');
    await page.fill('#study-act', 'Adopt on all medical wards');
    await page.selectOption('#study-status', 'completed');
    await page.click('#study-form button[type="submit"]');
    await page.waitForSelector('text=The PDSA cycle was saved.');
    const saved = (await api('/api/v1/improvement/projects/2')).pdsas.find((c) => c.id === open.id);
    assert.equal(saved.status, 'completed');
    assert.equal(saved.act, 'Adopt on all medical wards');
    assert.equal(saved.row_version, open.row_version + 1);

    await page.fill('#pdsa-title', 'PDSA 3: discharge lounge from 10:00');
    await page.fill('#pdsa-plan', 'Open the lounge two hours earlier');
    await page.fill('#pdsa-start', '2024-09-01');
    await page.check(`#pdsa-measure-${measure.id}`);
    await page.click('#pdsa-form button[type="submit"]');
    await page.waitForSelector('text=The PDSA cycle was added.');
    const marks = await page.locator(`#measure-${measure.id} [data-marker="annotation"]`)
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-date')));
    assert.ok(marks.includes('2024-09-01'), marks.join(', '));

    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    // The bad file's 400 is the answer the form shows; nothing else may fail.
    assert.deepEqual(problems.filter((p) => !p.includes('HTTP 400') && !p.includes('status of 400')), []);
    await context.close();
  });

  test('a QI lead edits the charter, adds a team member and a measure; a reader sees none of these forms', async () => {
    const { page, problems, context, api } = await as('qi_lead', '/improvement/projects/3');
    const before = await api('/api/v1/improvement/projects/3');
    assert.equal(before.you.can_edit, true);
    assert.equal(before.you.can_manage_team, true);

    // The charter's aim.
    await page.click('#charter-details summary');
    assert.equal(await page.inputValue('#charter-title'), before.title);
    const aim = 'Cut the median wait for a first appointment to 14 days by March 2027';
    await page.fill('#charter-aim', aim);
    await page.click('#charter-form button[type="submit"]');
    await page.waitForSelector('text=The charter was saved.');
    assert.ok((await page.locator('main').textContent()).includes(aim));
    const charter = await api('/api/v1/improvement/projects/3');
    assert.equal(charter.aim, aim);
    assert.equal(charter.row_version, before.row_version + 1);

    // A team member from another organisation.
    await page.fill('#team-name', 'Priya Shah');
    await page.fill('#team-organisation', 'RX9');
    await page.fill('#team-role', 'Data analyst');
    await page.click('#team-form button[type="submit"]');
    await page.waitForSelector('text=The team member was added.');
    const team = page.locator('#qi-team tbody tr');
    assert.equal(await team.count(), before.team.length + 1);
    assert.equal(await team.last().locator('th').textContent(), 'Priya Shah');
    assert.equal((await api('/api/v1/improvement/projects/3')).team.length, before.team.length + 1);

    // A measure: listed, with its chart section.
    await page.fill('#measure-name', 'Referrals returned');
    await page.selectOption('#measure-type', 'balancing');
    await page.fill('#measure-definition', 'Referrals sent back to the GP each month');
    await page.fill('#measure-unit', 'referrals');
    await page.selectOption('#measure-direction', 'decrease');
    await page.selectOption('#measure-preset', 'mdc');
    await page.click('#measure-form button[type="submit"]');
    await page.waitForSelector('text=The measure was added.');
    const after = await api('/api/v1/improvement/projects/3');
    assert.equal(after.measures.length, before.measures.length + 1);
    const added = after.measures.find((m) => m.name === 'Referrals returned');
    assert.ok(added);
    assert.equal(added.type, 'balancing');
    assert.equal(added.direction, 'decrease');
    const section = page.locator(`section[data-measure="${added.id}"]`);
    await section.waitFor();
    assert.match(await section.locator('h3').textContent(), /^Referrals returned/);
    assert.ok(await page.locator('#pdsa-form').getByLabel('Referrals returned').count() === 1);

    // axe-core with every form open.
    await page.click('#charter-details summary');
    for (const form of ['#charter-form', '#team-form', '#measure-form']) assert.ok(await page.locator(form).isVisible(), form);
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(screenshotDir, 'improvement-project-edit.png'), fullPage: true });
    await context.close();

    // A reader sees none of these forms.
    const reader = await as('analyst', '/improvement/projects/3');
    assert.equal((await reader.api('/api/v1/improvement/projects/3')).you.can_edit, false);
    assert.ok((await reader.page.locator('main').textContent()).includes(aim));
    for (const form of ['#charter-details', '#charter-form', '#team-form', '#measure-form']) {
      assert.equal(await reader.page.locator(form).count(), 0, form);
    }
    assert.deepEqual(reader.problems, []);
    await reader.context.close();
  });
});
