// Shared by the browser tests: start the real `ics serve` on a free port, open Debian's
// Chromium through playwright-core, and run axe-core in a page.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const webRoot = resolve(here, '..', 'dist');
export const repoRoot = resolve(here, '..', '..');
export const binary = resolve(process.env.ICS_BINARY ?? resolve(repoRoot, 'build/release/src/cli/ics'));

// Starts `ics serve <args> --port 0 --db <tmp>/t.db --web-root web/dist` and resolves once
// it prints its port. `stop()` sends SIGTERM and waits for the exit.
export async function startServer(args = ['--demo']) {
  const dir = mkdtempSync(join(tmpdir(), 'ics-web-test-'));
  const child = spawn(binary, ['serve', ...args, '--port', '0', '--db', `sqlite:${join(dir, 't.db')}`,
    '--web-root', webRoot], { stdio: ['ignore', 'pipe', 'pipe'], cwd: repoRoot });
  let stderr = '';
  // Demo users by role, from the lines `ics serve --demo` prints before it listens.
  const users = {};
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  const port = await new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`ics serve did not start in 20 s: ${stderr}`)), 20_000);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const demo = /^ics serve: demo user (\S+) password (\S+) role (\S+)$/.exec(line);
      if (demo) users[demo[3]] = { username: demo[1], password: demo[2] };
      const m = /^ics serve: listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ics serve exited with ${code} before listening: ${stderr}`));
    });
  });
  return {
    port,
    users,
    url: `http://127.0.0.1:${port}`,
    get stderr() { return stderr; },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const result = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 10_000))]);
      if (result === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      return result;
    },
  };
}

// The launch flags proven with Debian's Chromium on a closed network.
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A page that records console errors and failed requests. The context bypasses the
// Content-Security-Policy only so that axe-core can be injected.
export async function openPage(browser, url) {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(url);
  await page.waitForSelector('main[data-ready="true"]', { timeout: 20_000 });
  return { page, context, problems };
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Runs axe-core for WCAG 2.0-2.2 A and AA (and best practice); returns the violations.
export async function axeViolations(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
}

export function describeViolations(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}

// Where screenshots go (artefacts only; nothing asserts on pixels).
export const screenshotDir = process.env.ICS_SCREENSHOTS ?? join(tmpdir(), 'ics-web-screenshots');

// Signs `page` in as the demo user with `role` through the sign-in page, as a person
// would, and waits for the page it returns to.
export async function signIn(page, server, role, next = '/') {
  const user = server.users[role];
  if (!user) throw new Error(`no demo user for role ${role}; is the server running with --demo?`);
  await page.goto(`${server.url}/sign-in?next=${encodeURIComponent(next)}`);
  await page.waitForSelector('#maincontent[data-ready="true"]', { timeout: 60_000 });
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  // An Argon2id check takes a moment, longer on a busy machine.
  await Promise.all([
    page.waitForURL((url) => url.pathname === next.split('?')[0], { timeout: 60_000 }),
    page.click('button[type="submit"]'),
  ]);
  await page.waitForSelector('#maincontent[data-ready="true"]', { timeout: 60_000 });
}
