import type { CheckpointData } from '../checkpoint/checkpoint-data';
import type { FlowEngine } from '../engine/engine';
import type { Plan } from '../plan/plan';

/** How a checkpoint's state lands on the drawing as it is now (matched by element id, like Flink's uid). */
export interface DrawingChanges {
  /** Processors present then and now: their state is restored (`operation` says if it changed). */
  mapped: { id: string; name: string; was?: string; operationChanged?: { from: string; to: string } }[];
  /** Processors in the checkpoint but no longer in the drawing: their state is dropped. */
  dropped: { id: string; name: string }[];
  /** Processors new since the checkpoint: they start empty. */
  empty: { id: string; name: string }[];
  /** Queues whose seeded events (drawn or in the linked note) differ from the checkpoint's. */
  changedQueues: { id: string; name: string }[];
}

/** Keys restored between two turns given back to the host (a few ms of work). */
const KEYS_PER_SLICE = 20_000;

/**
 * Resets the engine to base + deltas: the base's full state, each delta's keys on top, the last
 * checkpoint's positions. A big state is put back in slices, yielding between them.
 */
export async function applyChain(engine: FlowEngine, chain: readonly CheckpointData[], yieldNow: () => Promise<void>): Promise<void> {
  for (const [id, state] of [...engine.states, ...engine.ownSinkTables()]) {
    state.replaceAll([]);
    for (const cp of chain) {
      const entries = cp.state[id] ?? [];
      for (let at = 0; at < entries.length; at += KEYS_PER_SLICE) {
        const end = Math.min(entries.length, at + KEYS_PER_SLICE);
        for (let i = at; i < end; i++) state.restoreOne(entries[i][0], entries[i][1]);
        if (end < entries.length) await yieldNow();
      }
    }
  }
  engine.restorePositions(chain[chain.length - 1]);
}

export function describeDrawingChanges(plan: Plan, chain: readonly CheckpointData[], seeds: Record<string, { count: number; hash: string }>): DrawingChanges {
  const top = chain[chain.length - 1];
  const then = new Map<string, { name: string; operation?: string }>();
  for (const cp of chain) {
    for (const [id, n] of Object.entries(cp.nodes ?? {})) if (n.role === 'processor') then.set(id, n);
    // A checkpoint from before `nodes` listed everything still names its state's owners.
    for (const id of Object.keys(cp.state)) if (!then.has(id) && cp.nodes?.[id]?.role !== 'sink') then.set(id, { name: id });
  }
  const changes: DrawingChanges = { mapped: [], dropped: [], empty: [], changedQueues: [] };
  const now = new Set<string>();
  for (const n of plan.nodes) {
    if (n.role === 'source') {
      const s = top.seeds?.[n.id];
      if (s && (s.count !== seeds[n.id]?.count || s.hash !== seeds[n.id]?.hash)) changes.changedQueues.push({ id: n.id, name: n.name });
      continue;
    }
    if (n.role !== 'processor') continue;
    now.add(n.id);
    const old = then.get(n.id);
    if (!old) {
      changes.empty.push({ id: n.id, name: n.name });
      continue;
    }
    const entry: DrawingChanges['mapped'][number] = { id: n.id, name: n.name };
    if (old.name !== n.name) entry.was = old.name;
    if (old.operation && old.operation !== n.operation.kind) entry.operationChanged = { from: old.operation, to: n.operation.kind };
    changes.mapped.push(entry);
  }
  for (const [id, old] of then) if (!now.has(id)) changes.dropped.push({ id, name: old.name });
  return changes;
}

/** One line per change for people (empty when the drawing is as it was). */
export function formatDrawingChanges(c: DrawingChanges): string[] {
  const lines: string[] = [];
  const changedMapped = c.mapped.filter((m) => m.was !== undefined || m.operationChanged);
  if (c.dropped.length === 0 && c.empty.length === 0 && changedMapped.length === 0 && c.changedQueues.length === 0) return lines;
  for (const m of c.mapped) {
    const notes = [m.was !== undefined ? `was "${m.was}"` : '', m.operationChanged ? `operation ${m.operationChanged.from} → ${m.operationChanged.to}` : ''].filter(Boolean);
    lines.push(`state of "${m.name}" (${m.id}) maps over${notes.length ? ` (${notes.join(', ')})` : ''}`);
  }
  for (const d of c.dropped) lines.push(`state of "${d.name}" (${d.id}) is dropped: it is no longer in the drawing`);
  for (const e of c.empty) lines.push(`"${e.name}" (${e.id}) is new since the checkpoint and starts empty`);
  for (const q of c.changedQueues) lines.push(`the events of queue "${q.name}" (${q.id}) changed since the checkpoint; replay continues at its offset in the new events`);
  return lines;
}
