// The JSON shapes of /api/v1/governance/... (src/api/governance_routes.h), which are the
// engine's renderings (render/authority_json.h) plus the decisions and minutes in the store.
import { getJson } from './api';

export interface GraphNode { id: string; label: string; kind: string }
export interface GraphEdge {
  id: string; from: string; to: string; function: string; function_name: string; clause: string;
  limit_pence: number | null; limit: string | null; sub_delegated_from: string | null; places: string[];
  conditions: string; statutory_basis: string; in_force: boolean;
}
export interface DelegationGraph {
  as_of: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  reserved: { delegation: string; function: string; function_name: string; clause: string; in_force: boolean }[];
}

export interface ChainStep {
  holder: string; label: string; delegation: string | null; clause: string | null; limit?: string;
  limit_pence: number | null; statutory_basis: string;
}
export interface AuthorityAnswer {
  outcome: string; finding: boolean; summary: string;
  function: { id: string; name: string };
  deciders: { holder: string; label: string; people: string[]; limit?: string; chain: ChainStep[] }[];
  reserved: { delegation: string; clause: string; statutory_basis: string }[];
  notes: string[];
}

export interface DecisionMap {
  as_of: string;
  functions: { id: string; name: string; source: string; held_by?: string; held_by_label?: string }[];
}

export interface QuorumCount {
  rule: string; members: number; present: number; counted: number; needed: number; missing: string[]; quorate: boolean;
}
export interface Conflict {
  person: string; name: string; category: string; direct: boolean; interest: string; because: string;
  mitigation: string; action: string; action_text: string; counts_for_quorum: boolean;
}
export interface AgendaItem {
  number: string; title: string; part: 'public' | 'confidential'; purpose: string; function: string | null;
  counterparties: string[]; value?: string; conflicts: Conflict[]; presiding: string; presiding_note: string;
  quorum: QuorumCount; course: string; decision: { may_record: boolean; reason: string } | null;
}
export interface Decision {
  item: string; text: string; outcome: string; recorded_by: string; recorded_at: string; row_version: number;
}
export interface Minutes {
  status: 'draft' | 'approved'; public_text: string; confidential_text?: string; updated_by: string;
  updated_at: string; approved_by: string | null; approved_at: string | null; row_version: number;
}
export interface MeetingView {
  meeting: { id: string; title: string; body: string; body_label: string; date: string };
  view: 'public' | 'full';
  opening_quorum: QuorumCount;
  items: AgendaItem[];
  decisions: Decision[];
  minutes: Minutes | null;
  notes: string[];
}
export interface MeetingSummary {
  id: string; title: string; body: string; body_label: string; date: string; public_items: number; minutes: string;
}

export const DECIDER_ROLES = ['governance_admin', 'board_member'];
export const OUTCOMES = ['approved', 'approved_with_conditions', 'rejected', 'deferred', 'referred'];

export const loadGraph = () => getJson<DelegationGraph>('/api/v1/governance/delegation-graph');
export const loadDecisionMap = () => getJson<DecisionMap>('/api/v1/governance/decision-map');
export const loadMeetings = () => getJson<{ meetings: MeetingSummary[] }>('/api/v1/governance/meetings');
export const loadMeeting = (id: string, full: boolean) =>
  getJson<MeetingView>(`/api/v1/governance/meetings/${encodeURIComponent(id)}${full ? '/full' : ''}`);
export const queryAuthority = (params: URLSearchParams) =>
  getJson<AuthorityAnswer>(`/api/v1/governance/authority?${params}`);
