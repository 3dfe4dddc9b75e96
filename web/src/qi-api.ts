// The QI project API's shapes (/api/v1/improvement/...) and small helpers the QI pages share.
import { getJson } from './api';
import { tag } from './dom';
import type { SpcChart } from './oversight-api';

// Who reads QI projects (the server enforces the same roles).
export const QI_READERS = ['qi_lead', 'clinician', 'analyst', 'oversight', 'board_member'];

export interface ScoreLevel { score: number; label: string; meaning: string }

export interface QiMeasureSummary {
  id: number;
  name: string;
  type: string;
  points: number;
  latest_date: string | null;
  latest_value: number | null;
  signal: 'improvement' | 'concern' | 'neutral' | 'common_cause' | 'no_chart';
  variation_icon: string | null;
  assurance_type: string | null;
  note: string;
}

export interface QiProjectSummary {
  id: number;
  title: string;
  status: string;
  organisations: string[];
  score: ScoreLevel | null;
  score_date: string | null;
  previous_score: number | null;
  score_trend: string;
  measures: QiMeasureSummary[];
  pdsas: { total: number; in_progress: number; completed: number };
  measures_improving: number;
  measures_concerning: number;
}

export interface QiDashboard {
  projects: QiProjectSummary[];
  levels: (ScoreLevel & { projects: number })[];
  unscored: number;
  pdsas_in_progress: number;
  measures_improving: number;
  measures_concerning: number;
}

export interface QiMeasure {
  id: number;
  name: string;
  type: 'outcome' | 'process' | 'balancing';
  definition: string;
  unit: string;
  direction: string;
  target: number | null;
  preset: string;
  chart: string;
  row_version: number;
  points: { date: string; value: number | null; note: string }[];
  spc: (SpcChart & { rules: { id: string; definition: string; enabled: boolean; status: string }[] }) | null;
  spc_note: string | null;
  annotations: { date: string; label: string; pdsa_id: number }[];
}

export interface QiPdsa {
  id: number;
  title: string;
  plan: string;
  prediction: string;
  do: string;
  study: string;
  act: string;
  start_date: string | null;
  end_date: string | null;
  measure_ids: number[];
  status: 'planned' | 'in_progress' | 'completed' | 'abandoned';
  row_version: number;
}

export interface QiScore extends ScoreLevel {
  id: number;
  date: string;
  note: string;
  recorded_by: string;
  recorded_at: string;
}

export interface QiProject {
  id: number;
  title: string;
  aim: string;
  description: string;
  organisations: string[];
  place: string;
  status: string;
  lead: string;
  sponsor: string;
  start_date: string | null;
  end_date: string | null;
  row_version: number;
  team: { id: number; name: string; organisation: string; project_role: string; username: string | null; permission: string }[];
  measures: QiMeasure[];
  pdsas: QiPdsa[];
  scores: QiScore[];
  summary: QiProjectSummary;
  you: { can_edit: boolean; can_manage_team: boolean };
}

export const loadDashboard = () => getJson<QiDashboard>('/api/v1/improvement/dashboard');
export const loadProject = (id: string) => getJson<QiProject>(`/api/v1/improvement/projects/${encodeURIComponent(id)}`);
export const loadScale = () => getJson<{ levels: ScoreLevel[] }>('/api/v1/improvement/progress-scale');

export function signalLabel(signal: string): string {
  switch (signal) {
    case 'improvement': return 'special cause improvement';
    case 'concern': return 'special cause concern';
    case 'neutral': return 'special cause, neither better nor worse';
    case 'common_cause': return 'common cause variation';
    default: return 'no chart yet';
  }
}

export function signalTag(signal: string): HTMLElement {
  const colour = { improvement: 'blue', concern: 'orange', neutral: 'purple', common_cause: 'grey' }[signal] ?? 'white';
  const text = { improvement: 'Improving', concern: 'Concern', neutral: 'Changed', common_cause: 'Common cause' }[signal]
    ?? 'No chart';
  return tag(text, colour);
}
