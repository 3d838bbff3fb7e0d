import { FlowInputError, formatDiagnostic, hasErrors } from '../diagnostics';
import { topologicalOrder } from '../graph/cycles';
import type { FlowGraph, FlowNode } from '../graph/flow-graph';

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
  if (firstError || hasErrors(graph.diagnostics)) {
    throw new FlowInputError(formatDiagnostic(firstError!), graph.file, firstError!.elementId, graph.diagnostics);
  }
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const order = topologicalOrder(graph.nodes.map((n) => n.id), graph.edges);
  const nodes = order.map((id) => {
    const n = byId.get(id)!;
    return {
      ...n,
      outputs: graph.edges.filter((e) => e.from === id).map((e) => e.to),
      inputs: graph.edges.filter((e) => e.to === id).map((e) => e.from),
    };
  });
  return { file: graph.file, nodes, checkpointIntervalMs: graph.checkpointIntervalMs };
}
