import type { PlanNode } from '../../plan/plan';

/** A sink whose name says "late" (`late clicks`, `Late`) takes a windowed processor's late events. */
export function isLateSink(node: PlanNode | undefined): boolean {
  if (!node || node.role !== 'sink') return false;
  const name = node.name.toLowerCase();
  const at = name.indexOf('late');
  if (at < 0) return false;
  const before = at === 0 ? ' ' : name[at - 1];
  const after = name[at + 4] ?? ' ';
  const letter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  return !letter(before) && !letter(after);
}

export function hasWindow(node: PlanNode): boolean {
  const op = node.operation;
  return op.kind !== 'filter' && op.kind !== 'map' && op.window !== undefined;
}

/**
 * Gives every windowed processor a late output: its drawn sinks named "late …", else one added
 * here (`<processor> late`, id `<processor id>-late`), so late events always land in a note a
 * person can open (never dropped silently). Nodes stay in topological order: the added sink
 * comes right after its processor.
 */
export function addLateSinks(nodes: PlanNode[]): PlanNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out: PlanNode[] = [];
  for (const n of nodes) {
    out.push(n);
    if (n.role !== 'processor' || !hasWindow(n) || n.outputs.some((id) => isLateSink(byId.get(id)))) continue;
    let id = `${n.id}-late`;
    while (byId.has(id)) id += '-';
    const sink: PlanNode = { id, name: `${n.name} late`, role: 'sink', operation: { kind: 'count' }, events: [], assertions: [], outputs: [], inputs: [n.id] };
    byId.set(id, sink);
    n.outputs = [...n.outputs, id];
    out.push(sink);
  }
  return out;
}
