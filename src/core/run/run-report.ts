import type { CheckpointInfo } from '../checkpoint/checkpoint-data';
import type { FlowEngine } from '../engine/engine';
import type { Plan } from '../plan/plan';
import { hasWindow } from '../engine/windows/late-sinks';
import { windowedResult } from '../engine/windows/window-results';

export interface AssertionResult {
  node: string;
  key: string;
  expected: number;
  actual: number | null;
  ok: boolean;
}

/** The shape `flows run --json` prints (see README); the plugin shows the same facts. */
export interface RunReport {
  drawing: string;
  state: Record<string, Record<string, number>>;
  sinks: Record<string, { key: string; value: number }[]>;
  /** Records per sink, known without reading any note: changelog rows written, or keys of an upsert table. */
  sinkCounts: Record<string, number>;
  offsets: Record<string, number>;
  checkpoints: { id: number; path: string }[];
  assertions: AssertionResult[];
}

/** Null-prototype maps, so keys such as `__proto__` stay ordinary keys. */
function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function buildReport(drawing: string, plan: Plan, engine: FlowEngine, sinkRecords: Map<string, { key: string; value: number }[]>, written: CheckpointInfo[]): RunReport {
  const state = record<Record<string, number>>();
  const sinks = record<{ key: string; value: number }[]>();
  const sinkCounts = record<number>();
  const offsets = record<number>();
  const assertions: AssertionResult[] = [];
  for (const n of plan.nodes) {
    if (n.role === 'source') offsets[n.name] = engine.offsets.get(n.id) ?? 0;
    if (n.role === 'sink') {
      sinks[n.name] = sinkRecords.get(n.id) ?? [];
      const b = engine.sinks.get(n.id);
      sinkCounts[n.name] = !b ? 0 : b.mode === 'changelog' ? b.committed + b.keys.length : b.table.cells.size;
    }
    if (n.role !== 'processor') continue;
    const values = engine.states.get(n.id)!.values;
    const table = record<number>();
    // A windowed processor's state is its open windows (the rest of its entries are bookkeeping).
    for (const [k, v] of engine.windows.get(n.id)?.openTable() ?? values) table[k] = v;
    state[n.name] = table;
    for (const a of n.assertions) {
      // A windowed processor's results are the windows it closed, in its sinks (its state holds the open ones).
      const actual = hasWindow(n) ? windowedResult(plan, n, a.key, engine, sinkRecords) : (values.get(a.key) ?? null);
      assertions.push({ node: n.name, key: a.key, expected: a.expected, actual, ok: actual === a.expected });
    }
  }
  return { drawing, state, sinks, sinkCounts, offsets, checkpoints: written.map(({ id, path }) => ({ id, path })), assertions };
}
