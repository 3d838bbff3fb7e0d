import type { FlowEdge } from './flow-graph';

/** A node without outgoing edges: one shared empty list, not a new one per visit. */
const NO_EDGES: readonly FlowEdge[] = [];

/**
 * First cycle found by depth-first search, or null; reported with one of its edges to point at.
 * Iterative, so a long chain of boxes cannot overflow the call stack.
 */
export function findCycle(nodeIds: string[], edges: FlowEdge[]): { nodeIds: string[]; edgeId: string } | null {
  const out = new Map<string, FlowEdge[]>();
  for (const e of edges) {
    const list = out.get(e.from);
    if (list) list.push(e);
    else out.set(e.from, [e]);
  }
  const state = new Map<string, 'open' | 'done'>();
  for (const root of nodeIds) {
    if (state.has(root)) continue;
    // Each frame: a node on the current path and how many of its edges were followed.
    const path: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 'open');
    while (path.length) {
      const top = path[path.length - 1];
      const e = (out.get(top.id) ?? NO_EDGES)[top.next++];
      if (!e) {
        state.set(top.id, 'done');
        path.pop();
        continue;
      }
      const s = state.get(e.to);
      if (s === 'open') {
        const ids = path.map((f) => f.id);
        return { nodeIds: ids.slice(ids.indexOf(e.to)), edgeId: e.id };
      }
      if (s === undefined) {
        state.set(e.to, 'open');
        path.push({ id: e.to, next: 0 });
      }
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
