// Plain-English labels for the definition's enumerations.

export const ORG_KINDS: Record<string, { singular: string; plural: string }> = {
  icb: { singular: 'Integrated care board', plural: 'Integrated care boards' },
  nhs_england: { singular: 'NHS England', plural: 'NHS England' },
  acute_trust: { singular: 'Acute trust', plural: 'Acute trusts' },
  mental_health_trust: { singular: 'Mental health trust', plural: 'Mental health trusts' },
  community_trust: { singular: 'Community trust', plural: 'Community trusts' },
  ambulance_trust: { singular: 'Ambulance trust', plural: 'Ambulance trusts' },
  specialist_trust: { singular: 'Specialist trust', plural: 'Specialist trusts' },
  gp_practice: { singular: 'GP practice', plural: 'GP practices' },
  pcn: { singular: 'Primary care network', plural: 'Primary care networks' },
  upper_tier_la: { singular: 'Upper-tier council', plural: 'Upper-tier councils' },
  lower_tier_la: { singular: 'District council', plural: 'District councils' },
  vcse: { singular: 'Voluntary, community or social enterprise', plural: 'Voluntary, community and social enterprise' },
  healthwatch: { singular: 'Healthwatch', plural: 'Healthwatch' },
  independent_provider: { singular: 'Independent provider', plural: 'Independent providers' },
  other: { singular: 'Other', plural: 'Other organisations' },
};

export const orgKind = (kind: string) => ORG_KINDS[kind]?.singular ?? kind.replace(/_/g, ' ');
export const orgKindPlural = (kind: string) => ORG_KINDS[kind]?.plural ?? kind.replace(/_/g, ' ');
export const ORG_KIND_ORDER = Object.keys(ORG_KINDS);

export const TRUST_KINDS = new Set(['acute_trust', 'mental_health_trust', 'community_trust', 'ambulance_trust',
  'specialist_trust']);
export const COUNCIL_KINDS = new Set(['upper_tier_la', 'lower_tier_la']);

const PLACE_GOVERNANCE: Record<string, string> = {
  consultative_forum: 'Consultative forum',
  individual_director: 'Individual director',
  committee_of_icb: 'Committee of the ICB',
  joint_committee: 'Joint committee',
  lead_provider: 'Lead provider',
};
export const placeGovernance = (g: string) => PLACE_GOVERNANCE[g] ?? g.replace(/_/g, ' ');

const COMMITTEE_TYPES: Record<string, string> = {
  committee: 'Committee',
  sub_committee: 'Sub-committee',
  joint_committee: 'Joint committee',
  committees_in_common: 'Committees in common',
  task_and_finish: 'Task and finish group',
  advisory_group: 'Advisory group',
};
export const committeeType = (t: string) => COMMITTEE_TYPES[t] ?? t.replace(/_/g, ' ');

export const humanise = (s: string) => {
  const text = s.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

export const SEVERITIES = [
  { id: 'must', title: 'Must', description: 'statute or another legal requirement', colour: 'red' },
  { id: 'expected', title: 'Expected', description: 'NHS England policy and guidance', colour: 'orange' },
  { id: 'advisory', title: 'Advisory', description: 'good practice', colour: 'blue' },
] as const;

// The catalogue's marks for how sure it is of a rule's wording.
export function provenance(mark: string): string {
  const parts = mark.split('/').map((p) => p.trim());
  const words: Record<string, string> = {
    V: 'verified in the source',
    S: 'seen in a secondary source',
    R: 'recalled, still to be checked against the source',
  };
  return parts.map((p) => words[p] ?? p).join('; partly ');
}

// Who appoints or approves a board member, as written in the definition.
const APPOINTERS: Record<string, string> = {
  nhs_england: 'NHS England',
  secretary_of_state: 'the Secretary of State',
  chair: 'the chair',
  ceo: 'the chief executive',
  icb: 'the ICB',
  board: 'the board',
};
export const appointer = (id: string) => APPOINTERS[id] ?? id.replace(/_/g, ' ');

export const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// "Acute trusts" -> "acute trusts", but "GP practices" stays.
export const lowerFirst = (s: string) => (s.length > 1 && s[1] === s[1].toUpperCase() && /[A-Z]/.test(s[1]) ? s : s.charAt(0).toLowerCase() + s.slice(1));
