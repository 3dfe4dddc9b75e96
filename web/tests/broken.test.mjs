// A definition that breaks a must rule: the base definition of the rule golden cases with
// the board of the BRD-003 case (no chief executive). The compliance page shows the
// finding with its rule id, citation and the line of the definition it points at.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  axeViolations, describeViolations, launchBrowser, openPage, repoRoot, screenshotDir, startServer,
} from './helpers.mjs';

// Splits YAML text into its top-level sections (comments before the first key dropped).
function sections(text) {
  const out = new Map();
  let key = null;
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+):/.exec(line);
    if (m) key = m[1];
    if (key) out.set(key, [...(out.get(key) ?? []), line]);
  }
  return out;
}

// A golden case replaces whole top-level sections of base.yaml.
function mergeCase(baseText, caseText) {
  const base = sections(baseText);
  for (const [key, lines] of sections(caseText)) base.set(key, lines);
  return `${[...base.values()].map((lines) => lines.join('\n').trimEnd()).join('\n')}\n`;
}

describe('a definition that breaks a must rule', () => {
  let server;
  let browser;
  let dir;
  let file;
  let yamlLines;
  let report;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ics-broken-'));
    file = join(dir, 'no-chief-executive.yaml');
    const golden = join(repoRoot, 'tests/golden/rules');
    const text = mergeCase(readFileSync(join(golden, 'base.yaml'), 'utf8'),
      readFileSync(join(golden, 'BRD-003-no-chief-executive.case.yaml'), 'utf8'));
    writeFileSync(file, text);
    yamlLines = text.split('\n');
    server = await startServer([file]);
    browser = await launchBrowser();
    report = await (await fetch(`${server.url}/api/v1/compliance`)).json();
    mkdirSync(screenshotDir, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    const exit = await server?.stop();
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(exit, { code: 0, signal: null });
  });

  test('the API reports the must-rule breach', () => {
    assert.equal(report.passed, false);
    assert.ok(report.summary.must >= 1);
    assert.ok(report.findings.some((f) => f.rule === 'BRD-003'));
  });

  test('the compliance page shows the finding, its citation and its line', async () => {
    const { page, problems, context } = await openPage(browser, `${server.url}/compliance`);
    assert.match(await page.locator('#verdict h2').textContent(), /^Fails \d+ must rules?$/);
    assert.equal(await page.locator('.app-count[data-severity="must"]').getAttribute('data-count'),
      String(report.summary.must));

    const expected = report.findings.find((f) => f.rule === 'BRD-003');
    const finding = page.locator('section[data-severity="must"] article[data-rule="BRD-003"]');
    assert.equal(await finding.count(), 1);
    assert.equal((await finding.locator('.nhsuk-tag').textContent()).trim(), 'BRD-003');
    assert.equal(await finding.locator('.app-finding__message').textContent(), expected.message);
    assert.equal(await finding.locator('.app-citation').textContent(), expected.citation);
    assert.match(await finding.locator('.app-provenance').textContent(), /source|checked/);
    for (const source of expected.sources ?? []) {
      const link = finding.locator(`.app-sources a[data-source="${source.key}"]`);
      assert.equal(await link.textContent(), source.title);
      assert.equal(await link.getAttribute('href'), source.url);
    }
    assert.equal(await finding.locator('.app-where').textContent(), expected.where);
    assert.ok(expected.where.startsWith(`${file}:`));

    const line = Number(/:(\d+):\d+$/.exec(expected.where)[1]);
    const excerpt = finding.locator('figure.app-yaml');
    assert.equal(await excerpt.getAttribute('data-line'), String(line));
    assert.equal(await excerpt.locator('.app-yaml__text').textContent(), yamlLines[line - 1]);
    assert.equal(await excerpt.locator('.app-yaml__number').textContent(), String(line));
    assert.match(await finding.textContent(), new RegExp(expected.fix.slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

    assert.equal(await page.locator('article.app-finding').count(), report.findings.length);
    assert.deepEqual(problems, []);
    await finding.screenshot({ path: join(screenshotDir, 'broken-finding.png') });
    await page.screenshot({ path: join(screenshotDir, 'broken-compliance.png'), fullPage: true });
    await context.close();
  });

  test('has no accessibility violations (axe-core, WCAG 2.2 AA)', async () => {
    const { page, context } = await openPage(browser, `${server.url}/compliance`);
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await context.close();
  });
});
