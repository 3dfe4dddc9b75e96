// The structure graph as plain data (no DOM, no cytoscape), so it can be tested alone:
// ICB -> board -> committees; ICP -> member bodies; places -> footprint councils and
// members; collaboratives -> member trusts. A place's primary care networks and their GP
// practices are one node with counts, to keep the picture readable; the tables list them all.
import type { IcsSystem } from './api';
import { COUNCIL_KINDS, TRUST_KINDS } from './labels';

export type NodeKind = 'icb' | 'board' | 'committee' | 'icp' | 'place' | 'collaborative' | 'trust' | 'council' |
  'pcn' | 'partner';

export interface GraphNode {
  id: string;
  label: string;
  kind: NodeKind;
  detail: string;  // one sentence for the selection panel
}

export type EdgeKind = 'governs' | 'member' | 'footprint' | 'lead' | 'place_committee';

// A part of the structure that can be shown on its own.
export type GraphView = 'governance' | 'partnership' | 'places' | 'collaboratives';

export const GRAPH_VIEWS: { id: GraphView | 'all'; label: string; root: string }[] = [
  { id: 'all', label: 'Everything', root: '' },
  { id: 'governance', label: 'ICB board and committees', root: '[kind = "icb"]' },
  { id: 'partnership', label: 'Integrated care partnership', root: '[kind = "icp"]' },
  { id: 'places', label: 'Places', root: '[kind = "icb"]' },
  { id: 'collaboratives', label: 'Provider collaboratives', root: '[kind = "collaborative"]' },
];

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  views: GraphView[];
}

export interface StructureGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const NODE_KIND_LABELS: Record<NodeKind, string> = {
  icb: 'Integrated care board',
  board: 'ICB board',
  committee: 'Committee',
  icp: 'Integrated care partnership',
  place: 'Place',
  collaborative: 'Provider collaborative',
  trust: 'NHS trust',
  council: 'Council',
  pcn: 'Primary care networks and practices',
  partner: 'Other partner',
};

export const EDGE_KIND_LABELS: Record<EdgeKind, string> = {
  governs: 'governs or reports to',
  member: 'has as a member',
  footprint: 'covers the area of',
  lead: 'is led by',
  place_committee: 'is the place committee of',
};

export function buildStructureGraph(system: IcsSystem): StructureGraph {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const orgs = new Map(system.organisations.map((o) => [o.code, o]));
  const people = new Map(system.people.map((p) => [p.id, p]));
  const practicesByPcn = new Map<string, number>();
  for (const o of system.organisations) {
    if (o.kind === 'gp_practice' && o.pcn) practicesByPcn.set(o.pcn, (practicesByPcn.get(o.pcn) ?? 0) + 1);
  }

  const addEdge = (source: string, target: string, kind: EdgeKind, ...views: GraphView[]) => {
    if (!nodes.has(source) || !nodes.has(target) || source === target) return;
    const id = `${source}->${target}:${kind}`;
    if (!edges.some((e) => e.id === id)) edges.push({ id, source, target, kind, views });
  };
  // An organisation's node, created on first use. Practices are not drawn.
  const orgNode = (code: string): string | null => {
    const org = orgs.get(code);
    if (!org || org.kind === 'gp_practice') return null;
    const id = `org:${code}`;
    if (!nodes.has(id)) {
      let kind: NodeKind = 'partner';
      let label = org.name;
      let detail = `${org.name} (${code})`;
      if (org.kind === 'icb') kind = 'icb';
      else if (TRUST_KINDS.has(org.kind)) kind = 'trust';
      else if (COUNCIL_KINDS.has(org.kind)) kind = 'council';
      else if (org.kind === 'pcn') {
        kind = 'pcn';
        const count = practicesByPcn.get(code) ?? 0;
        label = `${org.name}\n${count} ${count === 1 ? 'practice' : 'practices'}`;
        detail = `${org.name} (${code}), a primary care network of ${count} GP ${count === 1 ? 'practice' : 'practices'}`;
      }
      nodes.set(id, { id, label, kind, detail });
    }
    return id;
  };
  const personName = (id: string | undefined) => (id ? people.get(id)?.name ?? id : '');

  const icb = orgNode(system.system.icb);
  const seats = system.board.seats.length;
  nodes.set('board', {
    id: 'board',
    label: `ICB board\n${seats} ${seats === 1 ? 'seat' : 'seats'}`,
    kind: 'board',
    detail: `The ICB board: ${seats} seats, chaired by ${personName(system.board.seats.find((s) => s.role === 'chair')?.person) || 'nobody'}`,
  });
  if (icb) addEdge(icb, 'board', 'governs', 'governance');

  for (const c of system.committees) {
    nodes.set(`committee:${c.id}`, {
      id: `committee:${c.id}`,
      label: c.name,
      kind: 'committee',
      detail: `${c.name}: ${c.members.length} members${c.chair ? `, chaired by ${personName(c.chair)}` : ''}`,
    });
  }
  for (const c of system.committees) {
    const parent = c.parent && nodes.has(`committee:${c.parent}`) ? `committee:${c.parent}` : 'board';
    addEdge(parent, `committee:${c.id}`, 'governs', 'governance');
  }

  if (system.icp) {
    const icp = system.icp;
    nodes.set('icp', {
      id: 'icp',
      label: icp.name,
      kind: 'icp',
      detail: `${icp.name}: ${icp.bodies.length} member bodies${icp.chair ? `, chaired by ${personName(icp.chair)}` : ''}`,
    });
    for (const body of icp.bodies) {
      const id = orgNode(body);
      if (id) addEdge('icp', id, 'member', 'partnership');
    }
  }

  for (const p of system.places) {
    const id = `place:${p.id}`;
    nodes.set(id, {
      id,
      label: p.name,
      kind: 'place',
      detail: `${p.name}: a place covering ${p.footprint.length} ${p.footprint.length === 1 ? 'council area' : 'council areas'} with ${p.members.length} member organisations`,
    });
    if (icb) addEdge(icb, id, 'governs', 'places');
    for (const code of p.footprint) {
      const council = orgNode(code);
      if (council) addEdge(id, council, 'footprint', 'places');
    }
    // Primary care networks (and their practices) as one summary node per place.
    const pcns = p.members.filter((code) => orgs.get(code)?.kind === 'pcn');
    if (pcns.length > 0) {
      const practices = pcns.reduce((n, code) => n + (practicesByPcn.get(code) ?? 0), 0);
      const summary = `primary-care:${p.id}`;
      nodes.set(summary, {
        id: summary,
        label: `${pcns.length} ${pcns.length === 1 ? 'PCN' : 'PCNs'}\n${practices} ${practices === 1 ? 'practice' : 'practices'}`,
        kind: 'pcn',
        detail: `Primary care in ${p.name}: ${pcns.length} primary care ${pcns.length === 1 ? 'network' : 'networks'} (${pcns.map((c) => orgs.get(c)?.name ?? c).join(', ')}) with ${practices} GP ${practices === 1 ? 'practice' : 'practices'}`,
      });
      addEdge(id, summary, 'member', 'places');
    }
    for (const code of p.members) {
      if (code === system.system.icb || p.footprint.includes(code) || pcns.includes(code)) continue;
      const member = orgNode(code);
      if (member) addEdge(id, member, 'member', 'places');
    }
    if (p.committee && nodes.has(`committee:${p.committee}`)) addEdge(`committee:${p.committee}`, id, 'place_committee', 'governance', 'places');
  }

  for (const c of system.collaboratives) {
    const id = `collaborative:${c.id}`;
    nodes.set(id, {
      id,
      label: c.name,
      kind: 'collaborative',
      detail: `${c.name}: ${c.members.length} member trusts${c.lead ? `, led by ${orgs.get(c.lead)?.name ?? c.lead}` : ''}`,
    });
    for (const code of c.members) {
      const member = orgNode(code);
      if (member) addEdge(id, member, code === c.lead ? 'lead' : 'member', 'collaboratives');
    }
  }

  return { nodes: [...nodes.values()], edges };
}
