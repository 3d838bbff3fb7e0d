import type { FlowEdge } from './flow-graph';

/** First cycle found by depth-first search, or null; reported with one of its edges to point at. */
export function findCycle(nodeIds: string[], edges: FlowEdge[]): { nodeIds: string[]; edgeId: string } | null {
  const out = new Map<string, FlowEdge[]>();
  for (const e of edges) {
    const list = out.get(e.from);
    if (list) list.push(e);
    else out.set(e.from, [e]);
  }
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): { nodeIds: string[]; edgeId: string } | null => {
    state.set(id, 'open');
    stack.push(id);
    for (const e of out.get(id) ?? []) {
      const s = state.get(e.to);
      if (s === 'open') return { nodeIds: stack.slice(stack.indexOf(e.to)), edgeId: e.id };
      if (s === undefined) {
        const found = visit(e.to);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of nodeIds) {
    if (!state.has(id)) {
      const found = visit(id);
      if (found) return found;
    }
  }
  return null;
}

/** Kahn's order; assumes no cycle (checked before planning). Ties keep the given order. */
export function topologicalOrder(nodeIds: string[], edges: FlowEdge[]): string[] {
  const indegree = new Map(nodeIds.map((id) => [id, 0]));
  const out = new Map<string, string[]>();
  for (const e of edges) {
    indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
    const list = out.get(e.from);
    if (list) list.push(e.to);
    else out.set(e.from, [e.to]);
  }
  const order = nodeIds.filter((id) => indegree.get(id) === 0);
  // `order` doubles as the queue: everything after `head` is ready but not yet expanded.
  for (let head = 0; head < order.length; head++) {
    for (const to of out.get(order[head]) ?? []) {
      const d = indegree.get(to)! - 1;
      indegree.set(to, d);
      if (d === 0) order.push(to);
    }
  }
  return order;
}
