import { buildGraph } from '../../../src/core/graph/build-graph';
import type { FlowGraph } from '../../../src/core/graph/flow-graph';
import { readScene } from '../../../src/core/scene/read-scene';
import { drawing, type DrawingBuilder } from '../../fixtures/drawings/builder';

export const FILE = 'test.excalidraw';

/** Saves the drawing as a plain .excalidraw file text and reads it back, as the plugin would. */
export function graphOf(d: DrawingBuilder): FlowGraph {
  const { scene, diagnostics } = readScene(FILE, d.excalidraw());
  const g = buildGraph(scene);
  return { ...g, diagnostics: [...diagnostics, ...g.diagnostics] };
}

export const node = (g: FlowGraph, id: string) => {
  const n = g.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}; nodes: ${g.nodes.map((x) => x.id).join(', ')}`);
  return n;
};

export const codes = (g: FlowGraph, severity?: string): string[] => g.diagnostics.filter((d) => !severity || d.severity === severity).map((d) => d.code);
export const edgeList = (g: FlowGraph): string[] => g.edges.map((e) => `${e.from}->${e.to}`);
export const eventKeys = (g: FlowGraph, id: string): string[] => node(g, id).events.map((e) => (e.value === 1 ? e.key : `${e.key}:${e.value}`));

/** queue → processor with the given texts inside the processor. */
export function withProcessor(...lines: string[]): DrawingBuilder {
  const d = drawing();
  const q = d.rect({ x: 0, y: 0, id: 'q' });
  d.label(q, 'A B:2');
  const p = d.rect({ x: 300, y: 0, w: 200, h: 120, id: 'p' });
  if (lines.length) d.label(p, lines.join('\n'), 'pLabel');
  d.arrow(q, p, { bind: 'v1' });
  return d;
}
