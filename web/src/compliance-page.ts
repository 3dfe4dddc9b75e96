// The compliance page (/compliance): the report of `ics check --json`, grouped by severity,
// each finding with its rule, fix, citation and the line of the definition it points at.
import type { ComplianceReport, Finding, Source } from './api';
import { append, formatDate, formatNumber, h, summaryList, table, tag } from './dom';
import { provenance, SEVERITIES } from './labels';

// "examples/x.yaml:12:7" -> {file, line, column}
export function parseWhere(where: string): { file: string; line: number; column: number } | null {
  const m = /^(.*):(\d+):(\d+)$/.exec(where);
  return m ? { file: m[1], line: Number(m[2]), column: Number(m[3]) } : null;
}

// The documents a citation refers to, as links.
function sourceLinks(sources: Source[] | undefined): HTMLElement | null {
  if (!sources || sources.length === 0) return null;
  return h('ul', { class: 'nhsuk-list app-sources' },
    sources.map((s) => h('li', null, s.url ? h('a', { href: s.url, 'data-source': s.key }, s.title) : s.title)));
}

export function renderCompliancePage(main: HTMLElement, report: ComplianceReport, yaml: string | null): void {
  document.title = `Compliance of ${report.system} – ICS Platform`;
  const lines = yaml === null ? null : yaml.split(/\r?\n/);
  const mustCount = report.summary.must;

  const summaryCards = h('ul', { class: 'app-counts', 'aria-label': 'Findings by severity' },
    SEVERITIES.map((s) =>
      h('li', { class: `app-count app-count--${s.id}`, 'data-severity': s.id, 'data-count': report.summary[s.id] },
        h('span', { class: 'app-count__number' }, formatNumber(report.summary[s.id])),
        h('span', { class: 'app-count__label' }, `${s.title}`,
          h('span', { class: 'app-count__description' }, s.description)))));

  const verdict = report.passed
    ? h('div', { class: 'app-verdict app-verdict--pass', id: 'verdict' },
      h('h2', { class: 'nhsuk-heading-m app-verdict__heading' }, 'Passes every must rule'),
      h('p', { class: 'nhsuk-body app-verdict__body' },
        'No statutory or legal requirement that can be checked from the definition is broken.'))
    : h('div', { class: 'nhsuk-card nhsuk-card--warning', id: 'verdict' },
      h('div', { class: 'nhsuk-card__content' },
        h('h2', { class: 'nhsuk-card__heading' }, `Fails ${mustCount} must ${mustCount === 1 ? 'rule' : 'rules'}`),
        h('p', { class: 'nhsuk-card__description' },
          'At least one statutory or legal requirement is broken. Each finding below says what to change.')));

  main.replaceChildren();
  append(main, [
    h('span', { class: 'nhsuk-caption-l' }, report.system),
    h('h1', { class: 'nhsuk-heading-xl' }, 'Compliance with the ICS Design Framework'),
    h('p', { class: 'nhsuk-lede-text' },
      `${formatNumber(report.rules_evaluated)} rules checked as of ${formatDate(report.as_of)}; `,
      `${formatNumber(report.rules_not_checkable)} more cannot be decided from a definition.`),
    verdict,
    h('h2', { id: 'summary' }, 'Summary'),
    summaryCards,
    summaryList([
      ['Definition', h('code', null, report.file)],
      ['Checked as of', formatDate(report.as_of)],
      ['Rules checked', formatNumber(report.rules_evaluated)],
      ['Rules not checkable', formatNumber(report.rules_not_checkable)],
    ]),
    h('h2', { id: 'findings' }, 'Findings'),
    report.findings.length === 0
      ? h('p', { class: 'nhsuk-body', id: 'no-findings' }, 'No findings: every checkable rule is met.')
      : SEVERITIES.map((s) => {
        const findings = report.findings.filter((f) => f.severity === s.id);
        if (findings.length === 0) return null;
        return h('section', { class: 'app-severity', 'aria-labelledby': `severity-${s.id}`, 'data-severity': s.id },
          h('h3', { class: 'nhsuk-heading-m', id: `severity-${s.id}` },
            `${s.title}: ${s.description} (${findings.length})`),
          findings.map((f, i) => finding(f, `${s.id}-${i}`, s.colour)));
      }),
    notCheckable(),
  ]);

  function finding(f: Finding, key: string, colour: string): HTMLElement {
    const where = parseWhere(f.where);
    const headingId = `finding-${key}`;
    let excerpt: HTMLElement | null = null;
    if (where && lines && where.line >= 1 && where.line <= lines.length) {
      const text = lines[where.line - 1];
      excerpt = h('figure', { class: 'app-yaml', 'data-line': where.line },
        h('figcaption', { class: 'app-yaml__caption' },
          `Line ${where.line} of ${where.file}`),
        h('pre', { class: 'app-yaml__code', tabindex: 0 },
          h('code', null,
            h('span', { class: 'app-yaml__number', 'aria-hidden': 'true' }, String(where.line)),
            h('span', { class: 'app-yaml__text' }, text))));
    }
    return h('article', { class: `app-finding app-finding--${f.severity}`, 'aria-labelledby': headingId,
      'data-rule': f.rule },
    h('h4', { class: 'app-finding__heading', id: headingId },
      tag(f.rule, colour), ' ', h('span', { class: 'app-finding__message' }, f.message)),
    summaryList([
      ['How to fix it', f.fix],
      ['Source', [h('span', { class: 'app-citation' }, f.citation), ' ',
        h('span', { class: 'app-provenance' }, `(${provenance(f.provenance)})`), sourceLinks(f.sources)]],
      ['Where', where ? h('code', { class: 'app-where' }, f.where) : 'The definition as a whole'],
    ]),
    excerpt);
  }

  function notCheckable(): HTMLElement | null {
    if (report.not_checkable.length === 0) return null;
    return h('section', { 'aria-labelledby': 'not-checkable' },
      h('h2', { id: 'not-checkable' }, 'Rules a definition cannot decide'),
      h('p', null, 'These need evidence the definition does not hold, such as minutes, registers or contracts. ' +
        'They are listed so that nothing is silently skipped.'),
      h('details', { class: 'nhsuk-details', id: 'not-checkable-details' },
        h('summary', { class: 'nhsuk-details__summary' },
          h('span', { class: 'nhsuk-details__summary-text' },
            `${report.not_checkable.length} rules not checkable from the definition`)),
        h('div', { class: 'nhsuk-details__text' },
          table({
            id: 'not-checkable-table',
            caption: 'Rules not checkable from the definition',
            captionSize: 's',
            headers: ['Rule', 'Severity', 'Requirement', 'Why it cannot be checked', 'Source'],
            rowHeader: true,
            rows: report.not_checkable.map((r) => [
              r.rule,
              r.severity,
              r.requirement,
              r.because,
              [`${r.citation} (${provenance(r.provenance)})`, sourceLinks(r.sources)],
            ]),
          }))));
  }
}
