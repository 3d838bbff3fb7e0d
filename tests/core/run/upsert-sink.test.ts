import { describe, expect, it } from 'vitest';
import { KeyedState } from '../../../src/core/engine/keyed-state';
import { FlowSession, type SessionOptions } from '../../../src/core/run/flow-session';
import { MAX_SINK_ROWS, MAX_SINK_TABLE_CHARS, parseUpsertNote, renderUpsertNote } from '../../../src/core/run/upsert-sink';
import type { Plan } from '../../../src/core/plan/plan';
import { MemoryStore } from '../../helpers/memory-store';
import { fixedClock, instantScheduler } from '../../helpers/temp-vault';
import { countPlan, node } from './pipelines';

const HEAD = { drawing: 'flow.excalidraw.md', sink: 'out | store', checkpoint: 3, run: 'r', createdAt: '2026-01-01T00:00:00.000Z' };
const SINK = 'Flows/flow/sinks/storage.md';

function tableOf(entries: [string, number][]): KeyedState {
  const t = new KeyedState();
  for (const [k, v] of entries) t.set(k, v);
  return t;
}

/** queue → count → `map value * 10` → storage: the sink cannot share the count's state, so it keeps a table of its own. */
function mappedPlan(keys: string[]): Plan {
  return {
    file: 'flow.excalidraw.md',
    nodes: [
      node('queue', 'source', ['counter'], { kind: 'count' }, { events: keys.map((key) => ({ key, value: 1 })) }),
      node('counter', 'processor', ['times'], { kind: 'count' }, { inputs: ['queue'] }),
      node('times', 'processor', ['storage'], { kind: 'map', expression: 'value * 10' }, { inputs: ['counter'] }),
      node('storage', 'sink', [], { kind: 'count' }, { inputs: ['times'] }),
    ],
  };
}

const open = (plan: Plan, store: MemoryStore, opts: Partial<SessionOptions> = {}): Promise<FlowSession> =>
  FlowSession.fromPlan(plan, { store, clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md', sliceSize: 10, ...opts });

const noteTable = (store: MemoryStore): { checkpoint: number | null; table: Record<string, number> } => {
  const parsed = parseUpsertNote(store.files.get(SINK)!)!;
  return { checkpoint: parsed.checkpoint, table: Object.fromEntries(parsed.rows.map((r) => [r.key, r.value])) };
};

describe('the upsert sink note', () => {
  it('gives back every number exactly (NaN, ±Infinity, -0, subnormals) and keys with pipes, backslashes and newlines', () => {
    const entries: [string, number][] = [['a|b', Number.NaN], ['c\\d', Number.POSITIVE_INFINITY], ['e\nf', Number.NEGATIVE_INFINITY], ['-0', -0], ['tiny', 5e-324], ['tenth', 0.1], ['big', 1.7976931348623157e308]];
    const parsed = parseUpsertNote(renderUpsertNote(HEAD, tableOf(entries)))!;
    expect(parsed.checkpoint).toBe(3);
    expect(parsed.rows.map((r) => r.key)).toEqual(entries.map(([k]) => k));
    parsed.rows.forEach((r, i) => expect(Object.is(r.value, entries[i][1])).toBe(true));
  });

  it('stays bounded: the first rows and how many more keys there are', () => {
    const n = MAX_SINK_ROWS + 250;
    const text = renderUpsertNote(HEAD, tableOf(Array.from({ length: n }, (_, i): [string, number] => [`k${i}`, i])));
    expect(parseUpsertNote(text)!.rows).toHaveLength(MAX_SINK_ROWS);
    expect(text).toContain(`\nkeys: ${n}\n`);
    expect(text).toContain("… and 250 more keys (all of them are in the state of checkpoint 3, which links its data).");
  });

  it('stays under 1 MB for a 1,000,000-key table, long keys too, and links the checkpoint that holds every key', () => {
    // Keys of 2,000 characters: 1,000 rows of them would be 2 MB; the table ends at MAX_SINK_TABLE_CHARS instead.
    const long = 'é'.repeat(2000);
    const t = tableOf(Array.from({ length: 1_000_000 }, (_, i): [string, number] => [i < 5_000 ? `${long}${i}` : `k${i}`, i]));
    const text = renderUpsertNote({ ...HEAD, checkpointNote: 'Flows/flow/checkpoints/checkpoint-0003.md' }, t);
    expect(new TextEncoder().encode(text).length).toBeLessThan(1_000_000);
    const rows = parseUpsertNote(text)!.rows;
    // Whole rows only, each read back exactly: the first keys, in order.
    const rowChars = rows.reduce((n, r) => n + `| ${r.key} | ${r.value} |\n`.length, 0);
    expect(rowChars).toBeLessThanOrEqual(MAX_SINK_TABLE_CHARS);
    // Ended by the budget, not the row count: one more row would pass it.
    expect(rowChars + `| ${long}${rows.length} | ${rows.length} |\n`.length).toBeGreaterThan(MAX_SINK_TABLE_CHARS);
    expect(rows.length).toBeLessThan(MAX_SINK_ROWS);
    rows.forEach((r, i) => expect(r).toEqual({ key: `${long}${i}`, value: i }));
    expect(text).toContain(`\nkeys: 1000000\n`);
    expect(text).toContain(`… and ${1_000_000 - rows.length} more keys (all of them are in the state of [[Flows/flow/checkpoints/checkpoint-0003|checkpoint 3]], which links its data).`);
  });
});

describe('a session with upsert sinks (the default)', () => {
  it('links a table too big to show whole to the checkpoint note that holds every key', async () => {
    const store = new MemoryStore();
    const keys = Array.from({ length: MAX_SINK_ROWS + 10 }, (_, i) => `k${i}`);
    const s = await open(countPlan(keys.map((key) => ({ key, value: 1 }))), store, { sliceSize: 5000 });
    await s.runUntilDrained();
    const last = s.written.at(-1)!;
    const text = store.files.get(SINK)!;
    expect(text).toContain(`… and 10 more keys (all of them are in the state of [[${last.path.replace(/\.md$/, '')}|checkpoint ${last.id}]], which links its data).`);
    expect(store.files.has(last.path)).toBe(true);
  });

  it('writes the table after each checkpoint, naming it; a count feeding the sink directly shares its state', async () => {
    const store = new MemoryStore();
    const keys = Array.from({ length: 100 }, (_, i) => `k${i % 7}`);
    const s = await open(countPlan(keys.map((key) => ({ key, value: 1 }))), store, { checkpointEveryEvents: 30 });
    await s.runUntilDrained();
    expect(s.engine.sinks.get('storage')!.fused).toBe(true);
    expect(noteTable(store)).toEqual({ checkpoint: s.written.at(-1)!.id, table: Object.fromEntries(s.engine.states.get('counter')!.values) });
  });

  it('a sink with its own table checkpoints it (deltas included) and restoring an older checkpoint rewrites the note to that table', async () => {
    const store = new MemoryStore();
    const keys = Array.from({ length: 90 }, (_, i) => `k${(i * 5) % 11}`);
    const s = await open(mappedPlan(keys), store, { checkpointEveryEvents: 30, fullCheckpointEvery: 2, retainCheckpoints: 10 });
    await s.runUntilDrained();
    expect(s.engine.sinks.get('storage')!.fused).toBe(false);
    expect(s.written.map((c) => c.kind)).toEqual(['full', 'incremental', 'full']);
    const at = (n: number): Record<string, number> => {
      const t: Record<string, number> = {};
      for (const k of keys.slice(0, n)) t[k] = (t[k] ?? 0) + 10;
      return t;
    };
    expect(noteTable(store)).toEqual({ checkpoint: 3, table: at(90) });

    const older = await open(mappedPlan(keys), store, { retainCheckpoints: 10 });
    await older.restoreFrom(s.written[1].path); // a delta over checkpoint 1
    expect(older.engine.processed).toBe(60);
    expect(Object.fromEntries(older.engine.sinks.get('storage')!.table.values)).toEqual(at(60));
    // Restoring checkpoints it again at once (an empty delta, number 4): the note names that one.
    expect(noteTable(store)).toEqual({ checkpoint: 4, table: at(60) });
    await older.runUntilDrained();
    expect(noteTable(store).table).toEqual(at(90));
  });

  it('records each sink\'s mode in the checkpoint, and a changelog run resumed stays changelog', async () => {
    const store = new MemoryStore();
    const keys = ['A', 'B', 'A'];
    const s = await open(countPlan(keys.map((key) => ({ key, value: 1 }))), store, { sinkMode: 'changelog' });
    await s.runUntilDrained();
    const loaded = await s.checkpoints.load(s.written[0].path);
    expect(loaded.ok && loaded.data.nodes.storage.sinkMode).toBe('changelog');
    const resumed = await open(countPlan(keys.map((key) => ({ key, value: 1 }))), store);
    await resumed.resume();
    expect(resumed.engine.sinks.get('storage')!.mode).toBe('changelog');
    expect(parseUpsertNote(store.files.get(SINK)!)).toBeNull();
  });
});
