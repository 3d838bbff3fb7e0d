import { buildGraph } from '../../../src/core/graph/build-graph';
import type { FlowGraph } from '../../../src/core/graph/flow-graph';
import { readScene } from '../../../src/core/scene/read-scene';
import type { DrawingBuilder } from '../../fixtures/drawings/builder';

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
