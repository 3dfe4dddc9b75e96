// Draws the structure graph with cytoscape. Loaded on demand so the tables appear first.
import cytoscape from 'cytoscape';

import type { IcsSystem } from './api';
import { buildStructureGraph, GRAPH_VIEWS, type GraphView, NODE_KIND_LABELS, type NodeKind } from './graph-model';

// NHS identity colours; text on each fill meets WCAG AA contrast.
export const NODE_COLOURS: Record<NodeKind, { fill: string; text: string; shape: cytoscape.Css.NodeShape }> = {
  icb: { fill: '#003087', text: '#ffffff', shape: 'round-rectangle' },
  board: { fill: '#005eb8', text: '#ffffff', shape: 'round-rectangle' },
  committee: { fill: '#41b6e6', text: '#212b32', shape: 'round-rectangle' },
  icp: { fill: '#330072', text: '#ffffff', shape: 'round-rectangle' },
  place: { fill: '#007f3b', text: '#ffffff', shape: 'round-rectangle' },
  collaborative: { fill: '#00a499', text: '#212b32', shape: 'round-rectangle' },
  trust: { fill: '#ffb81c', text: '#212b32', shape: 'ellipse' },
  council: { fill: '#d8dde0', text: '#212b32', shape: 'rectangle' },
  pcn: { fill: '#e8edee', text: '#212b32', shape: 'ellipse' },
  partner: { fill: '#ffffff', text: '#212b32', shape: 'ellipse' },
};

export interface DrawnGraph {
  // Shows one part of the structure (or 'all') and lays it out again; resolves with the
  // number of nodes and edges shown.
  show(view: GraphView | 'all'): Promise<{ nodes: number; edges: number }>;
  destroy(): void;
}

const FONT_FAMILY = '"Frutiger W01", Arial, sans-serif';
const MAX_LABEL_WIDTH = 170;
const PADDING_X = 10;
const PADDING_Y = 8;

// Wraps a label at MAX_LABEL_WIDTH and measures it, so each node is sized to its text
// (cytoscape's own `width: label` is deprecated).
function measureLabel(label: string, bold: boolean): { text: string; w: number; h: number } {
  const fontSize = bold ? 14 : 13;
  const context = document.createElement('canvas').getContext('2d')!;
  context.font = `${bold ? 'bold ' : ''}${fontSize}px ${FONT_FAMILY}`;
  const lines: string[] = [];
  for (const paragraph of label.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && context.measureText(candidate).width > MAX_LABEL_WIDTH) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    lines.push(line);
  }
  const widest = Math.max(...lines.map((l) => context.measureText(l).width));
  return { text: lines.join('\n'), w: Math.ceil(widest) + 2 * PADDING_X, h: Math.ceil(lines.length * fontSize * 1.3) + 2 * PADDING_Y };
}

const BOLD_KINDS = new Set<NodeKind>(['icb', 'icp', 'board']);

export function drawStructureGraph(container: HTMLElement, system: IcsSystem,
  onSelect: (detail: string | null) => void): Promise<DrawnGraph> {
  const graph = buildStructureGraph(system);
  const cy = cytoscape({
    container,
    elements: [
      ...graph.nodes.map((n) => {
        const label = measureLabel(n.label, BOLD_KINDS.has(n.kind));
        // An ellipse needs room around the text's corners.
        const round = NODE_COLOURS[n.kind].shape === 'ellipse';
        const w = round ? Math.ceil(label.w * 1.25) : label.w;
        const h = round ? Math.ceil(label.h * 1.2) : label.h;
        return { group: 'nodes' as const, data: { id: n.id, label: label.text, w, h, kind: n.kind, detail: n.detail } };
      }),
      ...graph.edges.map((e) => ({ group: 'edges' as const, data: { id: e.id, source: e.source, target: e.target, kind: e.kind, views: e.views } })),
    ],
    minZoom: 0.2,
    maxZoom: 3,
    boxSelectionEnabled: false,
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(label)',
          'text-wrap': 'wrap',
          'text-max-width': `${MAX_LABEL_WIDTH + 4}px`,
          'text-valign': 'center',
          'text-halign': 'center',
          'font-family': FONT_FAMILY,
          'font-size': 13,
          width: 'data(w)',
          height: 'data(h)',
          'border-width': 1,
          'border-color': '#4c6272',
        },
      },
      ...Object.entries(NODE_COLOURS).map(([kind, c]) => ({
        selector: `node[kind = "${kind}"]`,
        style: { 'background-color': c.fill, color: c.text, shape: c.shape },
      })),
      { selector: 'node[kind = "icb"], node[kind = "icp"], node[kind = "board"]', style: { 'font-size': 14, 'font-weight': 'bold' } },
      {
        selector: 'edge',
        style: {
          width: 1.5,
          'line-color': '#768692',
          'target-arrow-color': '#768692',
          'target-arrow-shape': 'triangle',
          'arrow-scale': 0.8,
          'curve-style': 'bezier',
          opacity: 0.8,
        },
      },
      { selector: 'edge[kind = "governs"]', style: { width: 2.5, 'line-color': '#005eb8', 'target-arrow-color': '#005eb8' } },
      { selector: 'edge[kind = "footprint"]', style: { 'line-style': 'dashed', 'line-color': '#007f3b', 'target-arrow-color': '#007f3b' } },
      { selector: 'edge[kind = "lead"]', style: { width: 3, 'line-color': '#00a499', 'target-arrow-color': '#00a499' } },
      { selector: 'edge[kind = "place_committee"]', style: { 'line-style': 'dotted', width: 2.5 } },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#ffeb3b', 'overlay-opacity': 0 } },
      { selector: '.faded', style: { opacity: 0.2 } },
      { selector: '.hidden', style: { display: 'none' } },
    ],
  });

  cy.on('tap', 'node', (event) => {
    const node = event.target as cytoscape.NodeSingular;
    cy.elements().addClass('faded');
    node.closedNeighborhood().removeClass('faded');
    const neighbours = node.neighborhood('node').map((n) => String(n.data('label')).replace(/\n/g, ' '));
    onSelect(`${NODE_KIND_LABELS[node.data('kind') as NodeKind]}: ${node.data('detail')}. Connected to ${neighbours.length}: ${neighbours.join(', ')}.`);
  });
  cy.on('tap', (event) => {
    if (event.target === cy) {
      cy.elements().removeClass('faded');
      onSelect(null);
    }
  });

  // Columns, left to right. In the whole picture a column holds kinds of body: the ICB
  // and the partnership; the board, places and collaboratives; then committees, councils,
  // primary care, trusts and other partners. A part on its own is a tree from its root.
  // Within a column, nodes follow the order of the nodes that point at them (barycentre),
  // grouped by kind, so lines cross as little as they can.
  const KIND_COLUMN: Record<NodeKind, number> = {
    icb: 0, icp: 0, board: 1, place: 1, collaborative: 1, committee: 2, council: 2, pcn: 2, trust: 2, partner: 2,
  };
  const KIND_ORDER: NodeKind[] = ['icb', 'icp', 'board', 'place', 'collaborative', 'committee', 'council', 'pcn',
    'trust', 'partner'];
  const COLUMN_GAP = 200;
  // Measured once while everything is displayed: hidden nodes measure as nothing.
  const size = new Map<string, { w: number; h: number }>();
  cy.nodes().forEach((n) => { size.set(n.id(), n.layoutDimensions({ nodeDimensionsIncludeLabels: true })); });
  const ROW_GAP = 14;

  const layOut = (view: GraphView | 'all') => new Promise<void>((resolve) => {
    const visible = cy.elements().not('.hidden');
    const nodes = visible.nodes();
    const edges = visible.edges();
    const column = new Map<string, number>();
    if (view === 'all') {
      nodes.forEach((n) => {
        let c = KIND_COLUMN[n.data('kind') as NodeKind];
        // A sub-committee sits to the right of its parent committee.
        if (n.data('kind') === 'committee') {
          const parents = n.incomers('node').filter((p) => p.data('kind') === 'committee');
          if (parents.length > 0) c = 3;
        }
        column.set(n.id(), c);
      });
    } else {
      // Breadth-first levels from the view's root(s).
      const rootSelector = GRAPH_VIEWS.find((v) => v.id === view)!.root;
      const isRoot = (n: cytoscape.NodeSingular) => n.incomers('edge').intersection(edges).length === 0;
      let frontier: cytoscape.NodeCollection = nodes.filter(rootSelector).filter((n) => isRoot(n as cytoscape.NodeSingular));
      if (frontier.length === 0) frontier = nodes.filter((n) => isRoot(n as cytoscape.NodeSingular));
      let level = 0;
      while (frontier.length > 0) {
        frontier.forEach((n) => { if (!column.has(n.id())) column.set(n.id(), level); });
        const next = frontier.outgoers('node').intersection(nodes).filter((n) => !column.has(n.id()));
        frontier = next;
        level++;
      }
      nodes.forEach((n) => { if (!column.has(n.id())) column.set(n.id(), 0); });
    }

    const columns: cytoscape.NodeSingular[][] = [];
    nodes.forEach((n) => {
      const c = column.get(n.id())!;
      (columns[c] ??= []).push(n);
    });
    const y = new Map<string, number>();
    const heights: number[] = [];
    const widths: number[] = [];
    columns.forEach((members, c) => {
      if (!members) return;
      const centre = (n: cytoscape.NodeSingular) => {
        const ys = n.incomers('node').intersection(nodes).map((p) => y.get(p.id())).filter((v) => v !== undefined) as number[];
        return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : Number.MAX_SAFE_INTEGER;
      };
      members.sort((a, b) =>
        KIND_ORDER.indexOf(a.data('kind')) - KIND_ORDER.indexOf(b.data('kind')) || centre(a) - centre(b) ||
        String(a.data('label')).localeCompare(String(b.data('label'))));
      let top = 0;
      let widest = 0;
      for (const n of members) {
        const box = size.get(n.id())!;
        y.set(n.id(), top + box.h / 2);
        top += box.h + ROW_GAP;
        widest = Math.max(widest, box.w);
      }
      heights[c] = top - ROW_GAP;
      widths[c] = widest;
    });
    const tallest = Math.max(...heights.filter((h) => h !== undefined));
    const x: number[] = [];
    let left = 0;
    widths.forEach((w, c) => {
      x[c] = left + (w ?? 0) / 2;
      left += (w ?? 0) + COLUMN_GAP;
    });
    const positions = new Map<string, cytoscape.Position>();
    nodes.forEach((n) => {
      const c = column.get(n.id())!;
      positions.set(n.id(), { x: x[c], y: y.get(n.id())! + (tallest - heights[c]) / 2 });
    });

    // Tall enough for the tallest column at full size, within reason.
    container.style.height = `${Math.round(Math.min(1400, Math.max(360, tallest + 48)))}px`;
    cy.resize();
    const layout = visible.layout({
      name: 'preset',
      positions: (n: cytoscape.NodeSingular) => positions.get(n.id())!,
      fit: false,
      animate: false,
    } as unknown as cytoscape.LayoutOptions);
    layout.one('layoutstop', () => {
      cy.fit(visible, 24);
      if (cy.zoom() > 1.2) {
        cy.zoom(1.2);
        cy.center(visible);
      }
      resolve();
    });
    layout.run();
  });

  const show = async (view: GraphView | 'all') => {
    cy.elements().removeClass('faded');
    onSelect(null);
    cy.batch(() => {
      if (view === 'all') {
        cy.elements().removeClass('hidden');
        return;
      }
      cy.elements().addClass('hidden');
      const edges = cy.edges().filter((e) => (e.data('views') as GraphView[]).includes(view));
      edges.removeClass('hidden');
      edges.connectedNodes().removeClass('hidden');
    });
    await layOut(view);
    return { nodes: cy.nodes().not('.hidden').length, edges: cy.edges().not('.hidden').length };
  };

  return Promise.resolve({ show, destroy: () => cy.destroy() });
}
