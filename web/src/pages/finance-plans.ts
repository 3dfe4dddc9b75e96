// /finance/plans: the stored monthly plans and actuals of the system's organisations
// (/api/v1/finance/plans/...): the system's financial balance per organisation (plan, year to
// date, forecast) with its findings, MHIS and running costs, the ledger imports, and for
// finance a CSV upload (refused as a whole, with every located error, when any line is bad).
// /finance/plans/{org}: one organisation's monthly plan against actual and the XmR chart of
// its monthly actual expenditure. Every table has an XLSX download.
import { ApiError, getJson } from '../api';
import { h } from '../dom';
import { downloadLink, fill, formatK, percent } from '../finance';
import type { SpcChart } from '../oversight-api';
import { registerPage } from '../pages';
import { spcChart } from '../spc-chart';

const READERS = ['finance', 'analyst', 'board_member', 'oversight'];

interface Finding {
  rule: string;
  severity: 'breach' | 'warning';
  subject: string;
  message: string;
  fix: string;
  source: string;
}

interface PositionRow {
  organisation: string;
  name: string;
  plan_income_k: number;
  plan_expenditure_k: number;
  plan_surplus_k: number;
  months_reported: number;
  ytd_plan_surplus_k: number;
  ytd_actual_surplus_k: number;
  ytd_variance_k: number;
  forecast_surplus_k: number;
}

interface Position {
  year: string;
  icb: string;
  months: string[];
  months_reported: number;
  envelope: { icb: string; name: string; total_k: number };
  organisations: PositionRow[];
  system: PositionRow;
  findings: Finding[];
  breach: boolean;
}

interface LedgerImport {
  id: number;
  year: string;
  file_name: string;
  rows: number;
  imported_by: string;
  imported_at: string;
  current: boolean;
}

interface Mhis {
  year: string;
  icb: string;
  mhis: null | {
    base_growth: number; previous_spend_k: number; minimum_k: number; spend_k: number; headroom_k: number;
    spend_growth: number; compliant: boolean; basis: string;
  };
  mhis_unavailable?: string;
  running_costs: null | {
    allowance_k: number; planned_k: number; months_reported: number; ytd_actual_k: number;
    ytd_allowance_share_k: number; headroom_k: number;
  };
  findings: Finding[];
}

interface MonthRow {
  month: string;
  plan_income_k: number;
  plan_expenditure_k: number;
  actual_income_k: number | null;
  actual_expenditure_k: number | null;
  expenditure_variance_k: number | null;
}

interface PlanActual {
  year: string;
  organisation: string;
  name: string;
  months_reported: number;
  months: MonthRow[];
  categories: { kind: string; category: string; plan_total_k: number; ytd_plan_k: number; ytd_actual_k: number }[];
  plan_expenditure_k: number;
  ytd_plan_expenditure_k: number;
  ytd_actual_expenditure_k: number;
  ytd_expenditure_variance_k: number;
  forecast_expenditure_k: number;
  spc: SpcChart | null;
  warnings: string[];
}

const k = (v: number | null | undefined) => (v === null || v === undefined ? '' : formatK(v));
const num = (text: string, attrs: Record<string, string> = {}) =>
  h('td', { class: 'nhsuk-table__cell nhsuk-table__cell--numeric', ...attrs }, text);
const head = (titles: string[]) => h('thead', { class: 'nhsuk-table__head' }, h('tr', { class: 'nhsuk-table__row' },
  titles.map((t, i) => h('th', { class: `nhsuk-table__header${i ? ' nhsuk-table__header--numeric' : ''}`, scope: 'col' }, t))));

function scrollTable(id: string, caption: string, ...content: HTMLElement[]): HTMLElement {
  const captionId = `${id}-caption`;
  return h('div', { class: 'app-table-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: 0 },
    h('table', { class: 'nhsuk-table', id },
      h('caption', { class: 'nhsuk-table__caption nhsuk-table__caption--m', id: captionId }, caption), ...content));
}

function monthName(iso: string): string {
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const m = /^(\d{4})-(\d{2})/.exec(iso);
  return m ? `${names[Number(m[2]) - 1]} ${m[1]}` : iso;
}

function findingsList(findings: Finding[], id: string): HTMLElement {
  if (!findings.length) return h('p', { id, 'data-testid': id }, 'No findings: nothing breaches a rule.');
  return h('ul', { class: 'nhsuk-list app-findings', id, 'data-testid': id }, findings.map((f) =>
    h('li', { class: `app-finding app-finding--${f.severity}`, 'data-rule': f.rule },
      h('strong', null, `${f.rule} (${f.severity}) – ${f.subject}: `), f.message, ' ',
      h('span', null, `What to do: ${f.fix}`))));
}

function positionTable(p: Position): HTMLElement {
  const row = (r: PositionRow, total = false) =>
    h('tr', { class: `nhsuk-table__row${total ? ' app-total-row' : ''}`, 'data-org': r.organisation },
      h('th', { class: 'nhsuk-table__header', scope: 'row' },
        total ? r.name : h('a', { href: `/finance/plans/${encodeURIComponent(r.organisation)}?year=${encodeURIComponent(p.year)}` },
          `${r.organisation} ${r.name}`)),
      num(k(r.plan_income_k)), num(k(r.plan_expenditure_k)), num(k(r.plan_surplus_k)),
      num(String(r.months_reported)), num(k(r.ytd_plan_surplus_k)), num(k(r.ytd_actual_surplus_k)),
      num(k(r.ytd_variance_k), { 'data-value': String(r.ytd_variance_k) }), num(k(r.forecast_surplus_k)));
  return scrollTable('position-table', `Financial balance, ${p.year} (£ thousands)`,
    head(['Organisation', 'Plan income', 'Plan expenditure', 'Plan surplus', 'Months reported', 'YTD plan surplus',
      'YTD actual surplus', 'YTD variance', 'Forecast surplus']),
    h('tbody', { class: 'nhsuk-table__body' }, p.organisations.map((r) => row(r))),
    h('tfoot', null, row(p.system, true)));
}

function mhisSection(m: Mhis, year: string): HTMLElement {
  const items: [string, string][] = [];
  if (m.mhis) {
    items.push(['Last year\'s mental health spend', `£${k(m.mhis.previous_spend_k)}k`]);
    items.push(['Base growth (g)', percent(m.mhis.base_growth)]);
    items.push(['Minimum this year', `£${k(m.mhis.minimum_k)}k`]);
    items.push(['Forecast spend this year', `£${k(m.mhis.spend_k)}k (growth ${percent(m.mhis.spend_growth)})`]);
    items.push([m.mhis.compliant ? 'Met, with headroom' : 'Not met: shortfall', `£${k(Math.abs(m.mhis.headroom_k))}k`]);
  }
  if (m.running_costs) {
    items.push(['Running cost allowance', `£${k(m.running_costs.allowance_k)}k`]);
    items.push(['Running costs planned', `£${k(m.running_costs.planned_k)}k`]);
    items.push([`Running costs to date (${m.running_costs.months_reported} months)`,
      `£${k(m.running_costs.ytd_actual_k)}k of a £${k(m.running_costs.ytd_allowance_share_k)}k share`]);
  }
  return h('section', { 'aria-labelledby': 'mhis-heading' },
    h('h2', { class: 'nhsuk-heading-l', id: 'mhis-heading' }, 'Mental Health Investment Standard and running costs'),
    m.mhis ? h('p', null, m.mhis.basis + '.') : h('div', { class: 'nhsuk-inset-text' },
      h('p', null, `MHIS not assessed: ${m.mhis_unavailable ?? ''}`)),
    h('dl', { class: 'nhsuk-summary-list', id: 'mhis-summary' }, items.map(([key, value]) =>
      h('div', { class: 'nhsuk-summary-list__row' },
        h('dt', { class: 'nhsuk-summary-list__key' }, key), h('dd', { class: 'nhsuk-summary-list__value' }, value)))),
    findingsList(m.findings, 'mhis-findings'),
    downloadLink(`/api/v1/finance/plans/mhis.xlsx?${new URLSearchParams({ year })}`, 'Download MHIS and running costs'));
}

function uploadSection(year: string, csrf: string | undefined): HTMLElement {
  const status = h('div', { id: 'upload-status', 'aria-live': 'polite' });
  const fileInput = h('input', { class: 'nhsuk-file-upload', id: 'ledger-file', name: 'ledger-file', type: 'file',
    accept: '.csv,text/csv' }) as HTMLInputElement;
  const yearInput = h('input', { class: 'nhsuk-input nhsuk-input--width-5', id: 'ledger-year', name: 'ledger-year',
    type: 'text', value: year }) as HTMLInputElement;
  const form = h('form', { id: 'ledger-upload', novalidate: true },
    h('div', { class: 'nhsuk-form-group' },
      h('label', { class: 'nhsuk-label', for: 'ledger-year' }, 'Financial year'),
      yearInput),
    h('div', { class: 'nhsuk-form-group' },
      h('label', { class: 'nhsuk-label', for: 'ledger-file' }, 'Ledger CSV'),
      h('div', { class: 'nhsuk-hint', id: 'ledger-file-hint' },
        'Columns organisation, month (2025-04 to 2026-03), kind (income or expenditure), category, plan_k, actual_k ' +
        '(empty until reported), name. The whole year is replaced; earlier imports stay listed.'),
      fileInput),
    h('button', { class: 'nhsuk-button', type: 'submit' }, 'Import the ledger'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = fileInput.files?.[0];
    if (!file) {
      fill(status, h('p', { class: 'nhsuk-error-message' }, 'Choose a CSV file to import.'));
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': 'text/csv', Accept: 'application/json' };
    if (csrf) headers['X-CSRF-Token'] = csrf;
    const target = `/api/v1/finance/plans/ledger?${new URLSearchParams({ year: yearInput.value.trim(), file: file.name })}`;
    const response = await fetch(target, { method: 'POST', headers, body: await file.text(), credentials: 'same-origin' });
    const body = await response.json().catch(() => null);
    if (response.ok) {
      window.location.assign(`/finance/plans?${new URLSearchParams({ year: yearInput.value.trim(), imported: String(body?.import?.id ?? '') })}`);
      return;
    }
    const errors: { message: string; where: string }[] = body?.errors ?? (body?.error ? [body.error] : []);
    fill(status, h('div', { class: 'nhsuk-error-summary', role: 'alert', tabindex: -1, 'aria-labelledby': 'upload-error-title' },
      h('h2', { class: 'nhsuk-error-summary__title', id: 'upload-error-title' },
        `The ledger was not imported: ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was stored`),
      h('div', { class: 'nhsuk-error-summary__body' },
        h('ul', { class: 'nhsuk-list nhsuk-error-summary__list', 'data-testid': 'upload-errors' }, errors.map((e) =>
          h('li', { 'data-where': e.where }, `${e.where}: ${e.message}`))))));
    (status.firstElementChild as HTMLElement | null)?.focus();
  });
  return h('section', { 'aria-labelledby': 'upload-heading' },
    h('h2', { class: 'nhsuk-heading-l', id: 'upload-heading' }, 'Import a ledger'), form, status);
}

function importsTable(imports: LedgerImport[]): HTMLElement {
  return scrollTable('imports-table', 'Ledger imports, newest first',
    head(['Import', 'Year', 'File', 'Lines', 'Imported by', 'Imported at']),
    h('tbody', { class: 'nhsuk-table__body' }, imports.map((i) =>
      h('tr', { class: 'nhsuk-table__row', 'data-import': String(i.id) },
        h('th', { class: 'nhsuk-table__header', scope: 'row' }, `${i.id}${i.current ? ' (current)' : ''}`),
        num(i.year), num(i.file_name), num(String(i.rows)), num(i.imported_by), num(i.imported_at)))));
}

registerPage({
  id: 'finance-plans', path: '/finance/plans', nav: 'Plans and actuals', roles: READERS,
  async render(root, { session }) {
    const params = new URLSearchParams(window.location.search);
    const { imports } = await getJson<{ imports: LedgerImport[] }>('/api/v1/finance/plans/imports');
    const year = params.get('year') ?? imports[0]?.year ?? '2025/26';
    const canImport = session.roles.includes('finance');
    document.title = `Plans and actuals ${year} – ICS Platform`;
    let position: Position | null = null;
    let mhis: Mhis | null = null;
    try {
      [position, mhis] = await Promise.all([
        getJson<Position>(`/api/v1/finance/plans/position?${new URLSearchParams({ year })}`),
        getJson<Mhis>(`/api/v1/finance/plans/mhis?${new URLSearchParams({ year })}`)]);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
    fill(root,
      h('span', { class: 'nhsuk-caption-l' }, `Financial year ${year}`),
      h('h1', { class: 'nhsuk-heading-xl' }, 'Plans and actuals'),
      position
        ? h('p', { class: 'nhsuk-lede-text' },
          `Monthly plans and actuals of the system's organisations against ${position.envelope.name}'s envelope of ` +
          `£${k(position.envelope.total_k)}k. Year to date: ${position.months_reported} month` +
          `${position.months_reported === 1 ? '' : 's'} reported by every organisation.`)
        : h('div', { class: 'nhsuk-inset-text' }, h('p', null, `No ledger has been imported for ${year}.`)),
      ...(position ? [
        positionTable(position),
        downloadLink(`/api/v1/finance/plans/position.xlsx?${new URLSearchParams({ year })}`, 'Download the balance'),
        downloadLink(`/api/v1/finance/plans/ledger.xlsx?${new URLSearchParams({ year })}`, 'Download the ledger'),
        h('h2', { class: 'nhsuk-heading-l' }, 'Findings'),
        findingsList(position.findings, 'position-findings'),
      ] : []),
      mhis ? mhisSection(mhis, year) : null,
      canImport ? uploadSection(year, session.csrf) : null,
      h('h2', { class: 'nhsuk-heading-l' }, 'Imports'),
      importsTable(imports));
  },
});

registerPage({
  id: 'finance-plans-org', path: '/finance/plans/{org}', roles: READERS,
  async render(root, { params }) {
    const search = new URLSearchParams(window.location.search);
    const org = params.org;
    const q = search.get('year') ? `?${new URLSearchParams({ year: search.get('year')! })}` : '';
    const r = await getJson<PlanActual>(`/api/v1/finance/plans/organisations/${encodeURIComponent(org)}${q}`);
    document.title = `${r.organisation} plan against actual ${r.year} – ICS Platform`;
    fill(root,
      h('nav', { class: 'nhsuk-breadcrumb', 'aria-label': 'Breadcrumb' },
        h('ol', { class: 'nhsuk-breadcrumb__list' },
          h('li', { class: 'nhsuk-breadcrumb__list-item' },
            h('a', { class: 'nhsuk-breadcrumb__link', href: `/finance/plans?${new URLSearchParams({ year: r.year })}` },
              'Plans and actuals')))),
      h('span', { class: 'nhsuk-caption-l' }, `${r.organisation} · ${r.year}`),
      h('h1', { class: 'nhsuk-heading-xl' }, `${r.name || r.organisation}: plan against actual`),
      h('p', { class: 'nhsuk-lede-text' },
        `${r.months_reported} month${r.months_reported === 1 ? '' : 's'} reported. Expenditure to date £` +
        `${k(r.ytd_actual_expenditure_k)}k against a plan of £${k(r.ytd_plan_expenditure_k)}k ` +
        `(${r.ytd_expenditure_variance_k < 0 ? 'overspent by' : 'under plan by'} £${k(Math.abs(r.ytd_expenditure_variance_k))}k); ` +
        `forecast £${k(r.forecast_expenditure_k)}k against £${k(r.plan_expenditure_k)}k for the year.`),
      scrollTable('months-table', `Monthly plan against actual, ${r.organisation} ${r.year} (£ thousands)`,
        head(['Month', 'Plan income', 'Actual income', 'Plan expenditure', 'Actual expenditure', 'Variance']),
        h('tbody', { class: 'nhsuk-table__body' }, r.months.map((m) =>
          h('tr', { class: 'nhsuk-table__row', 'data-month': m.month },
            h('th', { class: 'nhsuk-table__header', scope: 'row' }, monthName(m.month)),
            num(k(m.plan_income_k)), num(k(m.actual_income_k)), num(k(m.plan_expenditure_k)),
            num(k(m.actual_expenditure_k), { 'data-value': String(m.actual_expenditure_k ?? '') }),
            num(k(m.expenditure_variance_k)))))),
      downloadLink(`/api/v1/finance/plans/organisations/${encodeURIComponent(r.organisation)}/plan-actual.xlsx?` +
        `${new URLSearchParams({ year: r.year })}`, 'Download plan against actual'),
      h('h2', { class: 'nhsuk-heading-l' }, 'Monthly spend as an SPC chart'),
      h('p', null, 'An XmR chart (Making Data Count) of monthly actual expenditure in £ thousands. The direction is ' +
        'neutral: more spend is neither better nor worse in itself, so a special cause either way is a signal to ' +
        'look at against the plan.'),
      r.spc
        ? spcChart(r.spc, { id: 'spend-chart', title: `Monthly actual expenditure, ${r.organisation} (£k)` })
        : h('p', null, r.warnings.join('; ')),
      scrollTable('categories-table', `Plan and actual by category, ${r.organisation} ${r.year} (£ thousands)`,
        head(['Category', 'Kind', 'Plan for the year', 'Plan to date', 'Actual to date']),
        h('tbody', { class: 'nhsuk-table__body' }, r.categories.map((c) =>
          h('tr', { class: 'nhsuk-table__row' },
            h('th', { class: 'nhsuk-table__header', scope: 'row' }, c.category),
            num(c.kind), num(k(c.plan_total_k)), num(k(c.ytd_plan_k)), num(k(c.ytd_actual_k)))))));
  },
});
