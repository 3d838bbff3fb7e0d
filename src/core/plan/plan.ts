import { FlowInputError, formatDiagnostic } from '../diagnostics';
import { topologicalOrder } from '../graph/cycles';
import type { FlowGraph, FlowNode } from '../graph/flow-graph';
import { addLateSinks } from '../engine/windows/late-sinks';

export interface PlanNode extends FlowNode {
  /** Ids of downstream nodes, in edge order. */
  outputs: string[];
  inputs: string[];
}

/** A graph checked to be runnable, its nodes in topological order. */
export interface Plan {
  file: string;
  nodes: PlanNode[];
  checkpointIntervalMs?: number;
}

/** graph → plan. Refuses (FlowInputError, naming file and element) a graph with errors. */
export function compilePlan(graph: FlowGraph): Plan {
  const firstError = graph.diagnostics.find((d) => d.severity === 'error');
  if (firstError) {
    throw new FlowInputError(formatDiagnostic(firstError), graph.file, firstError.elementId, graph.diagnostics);
  }
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const outputs = new Map<string, string[]>();
  const inputs = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (!byId.has(e.from) || !byId.has(e.to)) continue;
    append(outputs, e.from, e.to);
    append(inputs, e.to, e.from);
  }
  const order = topologicalOrder(graph.nodes.map((n) => n.id), graph.edges);
  // Windowed processors get a late sink when none is drawn (issue 17: late events are never dropped silently).
  const nodes = addLateSinks(order.map((id) => ({ ...byId.get(id)!, outputs: outputs.get(id) ?? [], inputs: inputs.get(id) ?? [] })));
  return { file: graph.file, nodes, checkpointIntervalMs: graph.checkpointIntervalMs };
}

function append(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
