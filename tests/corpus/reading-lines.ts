import type { FlowGraph, FlowNode } from '../../src/core/graph/flow-graph';

/**
 * A reading written the way a reviewer checks it against the picture: one line per node
 * (`source: orders | events: A B:2`, `processor: Flink | count`, `sink: OLAP DB`) and one per
 * edge (`Kafka -> Flink`), names as the reader gives them (`#2` for a repeated name).
 */
export function nodeLine(n: FlowNode): string {
  if (n.role === 'source') return `source: ${n.name}${n.events.length ? ` | events: ${n.events.map((e) => (e.value === 1 ? e.key : `${e.key}:${e.value}`)).join(' ')}` : ''}`;
  if (n.role === 'sink') return `sink: ${n.name}`;
  return `processor: ${n.name} | ${n.operation.kind}${'expression' in n.operation ? ` ${n.operation.expression}` : ''}`;
}

export function readingOf(graph: FlowGraph): { nodes: string[]; edges: string[] } {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return { nodes: graph.nodes.map(nodeLine), edges: graph.edges.map((e) => `${byId.get(e.from)!.name} -> ${byId.get(e.to)!.name}`) };
}
