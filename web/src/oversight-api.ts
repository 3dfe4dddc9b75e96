// The JSON shapes of the oversight routes (src/api/oversight_routes.h): the same documents
// `ics oversight ... --json` and `ics spc --json` print.
import { getJson } from './api';

export interface MetricTarget {
  value: number;
  by: string;
  basis: string;
  status: string;
}

export interface MetricDefinition {
  id: string;
  name: string;
  definition: string;
  polarity: 'higher_is_better' | 'lower_is_better' | 'neutral' | string;
  unit: string;
  frequency: string;
  theme: string;
  source: string;
  applies_to: string[];
  target: MetricTarget | null;
}

export interface OversightOrganisation {
  code: string;
  name: string;
  peer_group: string;
  system: string;
  metrics: string[];
}

export interface OversightSystem {
  code: string;
  members: string[];
  metrics: string[];
}

export interface OversightOrganisations {
  source: string;
  organisations: OversightOrganisation[];
  systems: OversightSystem[];
  years: string[];
  default_year: string;
}

export interface SummaryPoint {
  period: string;
  value: number | null;
  mean: number | null;
  lpl: number | null;
  upl: number | null;
  special_cause: string | null;
  point_type: string;
}

export interface SeriesSummary {
  org: string;
  metric: string;
  points: number;
  first: string;
  last: string;
  latest: number | null;
  mean: number | null;
  lpl: number | null;
  upl: number | null;
  variation_icon: string;
  assurance: string | null;
  latest_special_cause: string;
  special_cause_points: number;
  chart: SummaryPoint[];
}

export interface Summary {
  series: SeriesSummary[];
  warnings: string[];
}

// One point of `ics spc --json` (Making Data Count XmR).
export interface SpcPoint {
  date: string;
  value: number | null;
  rebase_group: number;
  mean: number | null;
  lpl: number | null;
  upl: number | null;
  nlpl: number | null;
  nupl: number | null;
  outside_limits: boolean | null;
  relative_to_mean: number | null;
  close_to_limits: boolean | null;
  special_cause_type: string;
  special_cause_flag: boolean;
  point_type: string;
  short_group_warning: boolean;
}

export interface SpcChart {
  preset: string;
  chart: string;
  improvement_direction: 'increase' | 'decrease' | 'neutral' | string;
  target: number | null;
  points: SpcPoint[];
  groups: { rebase_group: number; first_index: number; n: number; mean: number | null; lpl: number | null; upl: number | null }[];
  variation_icon: string | null;
  assurance_type: string | null;
  warnings: string[];
}

export interface ScoredMetric {
  metric: string;
  value: number | null;
  period: string | null;
  score: number | null;
  how: string;
  flagged: boolean;
  flags: string[];
}

export interface OrganisationSegment {
  org: string;
  name: string;
  peer_group: string;
  metrics: ScoredMetric[];
  scored_metrics: number;
  average: number | null;
  segment_from_average: number | null;
  segment: number | null;
  rank: number | null;
  ranked_in_peer_group: number;
  tied: boolean;
  reasons: string[];
  warnings: string[];
}

export interface UnconfirmedValue {
  path: string;
  value: string;
  status: string;
  note: string;
}

export interface Segmentation {
  framework: string;
  year: string;
  method: string;
  reporting_value: string;
  ranking: string;
  organisations: OrganisationSegment[];
  unconfirmed: UnconfirmedValue[];
  warnings: string[];
}

export interface LeagueRow {
  rank: number;
  tied: boolean;
  org: string;
  name: string;
  peer_group: string;
  value?: number | null;
  period?: string;
  segment?: number | null;
  average?: number | null;
}

export interface League {
  title: string;
  order: string;
  ties: string;
  rows: LeagueRow[];
  unranked: string[];
  warnings: string[];
  unconfirmed?: UnconfirmedValue[];
}

export interface Escalation {
  title: string;
  levels: Record<string, string>;
  organisations: { org: string; name: string; level: string; fired: { id: string; level: string; description: string; reason: string }[] }[];
  unconfirmed: UnconfirmedValue[];
  warnings: string[];
}

const base = '/api/v1/oversight';
const enc = encodeURIComponent;

export const loadMetrics = () => getJson<{ metrics: MetricDefinition[] }>(`${base}/metrics`);
export const loadOversightOrganisations = () => getJson<OversightOrganisations>(`${base}/organisations`);
export const loadSummary = () => getJson<Summary>(`${base}/summary`);
export const loadOrganisationSummary = (code: string) => getJson<Summary>(`${base}/organisations/${enc(code)}`);
export const loadSeriesChart = (code: string, metric: string, rebase: string[] = []) =>
  getJson<SpcChart>(`${base}/organisations/${enc(code)}/metrics/${enc(metric)}` +
    (rebase.length ? `?rebase=${enc(rebase.join(','))}` : ''));
export const loadSegmentation = (year: string) => getJson<Segmentation>(`${base}/segmentation?year=${enc(year)}`);
export const loadMetricLeague = (metric: string) => getJson<League>(`${base}/league?metric=${enc(metric)}`);
export const loadSegmentationLeague = (year: string) =>
  getJson<League>(`${base}/league?segmentation=true&year=${enc(year)}`);
export const loadEscalation = (year: string) => getJson<Escalation>(`${base}/escalation?year=${enc(year)}`);
export const loadSeriesEvents = (code: string, metric: string) =>
  getJson<{ events: { date: string; label: string }[] }>(
    `${base}/organisations/${enc(code)}/metrics/${enc(metric)}/events`);
