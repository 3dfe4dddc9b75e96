// Pieces shared by the oversight pages: names of organisations and systems, metric units,
// and the icons with their text in a table cell.
import { loadSystem } from './api';
import { h } from './dom';
import { assuranceIcon, assuranceLabel, variationIcon, variationLabel } from './mdc-icons';
import type { MetricDefinition, OversightOrganisations } from './oversight-api';

// "RTG" -> the trust's name; a system code -> "Derby and Derbyshire (system)" when the loaded
// definition is that system, else "System QJ2".
export async function nameLookup(orgs: OversightOrganisations): Promise<(code: string) => string> {
  let systemName: { icb: string; name: string } | null = null;
  try {
    const s = await loadSystem();
    systemName = { icb: s.system.icb, name: s.system.name };
  } catch {
    // the definition is optional here
  }
  const names = new Map(orgs.organisations.map((o) => [o.code, o.name]));
  for (const s of orgs.systems) {
    names.set(s.code, systemName?.icb === s.code ? `${systemName.name} system (${s.code})` : `System ${s.code}`);
  }
  return (code: string) => names.get(code) ?? code;
}

export function metricName(metrics: MetricDefinition[], id: string): string {
  return metrics.find((m) => m.id === id)?.name ?? id;
}

export function iconCell(kind: 'variation' | 'assurance', value: string | null | undefined): HTMLElement {
  const icon = kind === 'variation' ? variationIcon(value || null, 32) : assuranceIcon(value, 32);
  const text = kind === 'variation' ? variationLabel(value || null) : assuranceLabel(value);
  return h('span', { class: 'app-icon-cell' }, icon,
    h('span', { class: 'app-icon-cell__text' }, text.replace(/^Assurance: /, '')));
}

export function syntheticNotice(source: string): HTMLElement {
  return h('div', { class: 'nhsuk-inset-text' },
    h('span', { class: 'nhsuk-u-visually-hidden' }, 'Information: '),
    h('p', null, `The metric series are synthetic demonstration data (${source}): every number is made up. ` +
      'Segments use the NHS Oversight Framework rule set of the year, with the values it marks unconfirmed listed below.'));
}
