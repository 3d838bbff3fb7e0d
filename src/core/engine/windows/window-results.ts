import type { Plan, PlanNode } from '../../plan/plan';
import type { FlowEngine } from '../engine';
import { isLateSink } from './late-sinks';

/**
 * What a windowed processor's `KEY = NUMBER` line is checked against. Its state holds only the
 * windows still open, so a closed window's result is read where it went: the processor's
 * (non-late) sinks, the latest record with that key (`7 @12:00:00`; a session, keyed
 * `u1 @00:00:00 to 00:01:15`, matches by its start). `late = N` counts its late events.
 * Null when no sink of the processor holds the key.
 */
export function windowedResult(plan: Plan, node: PlanNode, key: string, engine: FlowEngine, sinkRecords: Map<string, readonly { key: string; value: number }[]>): number | null {
  if (key === 'late') return engine.windows.get(node.id)?.lateCount() ?? null;
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  let found: number | null = null;
  for (const id of node.outputs) {
    const out = byId.get(id);
    if (!out || out.role !== 'sink' || isLateSink(out)) continue;
    for (const r of sinkRecords.get(id) ?? []) {
      if (r.key === key || (r.key.startsWith(key) && r.key.startsWith(' to ', key.length))) found = r.value;
    }
    if (found !== null) return found;
  }
  return null;
}
