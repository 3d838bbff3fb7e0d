import { promises as fs } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_FORMAT, type CheckpointHead } from '../../src/core/checkpoint/checkpoint-data';
import { CheckpointStore } from '../../src/core/checkpoint/checkpoint-store';
import { KeyedState } from '../../src/core/engine/keyed-state';
import { parseEventsText } from '../../src/core/events/events-note';
import { fromJsonNumber, parseStoredNumber, stringifyWithNumbers } from '../../src/core/numbers';
import { flowPaths } from '../../src/core/paths';
import type { Plan } from '../../src/core/plan/plan';
import { FlowSession } from '../../src/core/run/flow-session';
import { planDrawing } from '../../src/core/run/load-flow';
import { parseQueueFile, renderQueueHeader, renderQueueRows } from '../../src/core/run/queue-file';
import { SinkNote } from '../../src/core/run/sink-note';
import { parseUpsertNote, renderUpsertNote } from '../../src/core/run/upsert-sink';
import { MemoryStore } from '../helpers/memory-store';
import { fixedClock, instantScheduler, listFiles, tempVault } from '../helpers/temp-vault';
import { node } from '../core/run/pipelines';
import { runFlows } from './support/run-flows';

/**
 * README "Numbers": what comes in must be finite (`1e309` is refused with one line); whatever
 * is stored reads back as the same double, -0, NaN and ±Infinity included. Every note format is
 * checked write → read with fast-check's doubles (which include those values) and the four
 * special values forced in.
 */

const special = fc.constantFrom(-0, 0, Number.NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MAX_VALUE, 1e308);
const anyNumber = fc.oneof(fc.double(), special);
const key = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 });
const same = (a: readonly number[], b: readonly number[]): void => {
  expect(a.length).toBe(b.length);
  // Object.is: -0 is not 0 and NaN is NaN, which toEqual would blur.
  a.forEach((v, i) => expect([i, Object.is(v, b[i])]).toEqual([i, true]));
};

describe('every number round-trips through every note format', () => {
  it('queue note rows', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, anyNumber), { maxLength: 30 }), (rows) => {
        const text = renderQueueHeader({ drawing: 'd.excalidraw.md', queue: 'q', elementId: 'q', run: 'r' }) + renderQueueRows(0, rows.map((r) => r[0]), rows.map((r) => r[1]));
        const parsed = parseQueueFile(text, 'q.md');
        expect(parsed.repaired).toBeNull();
        expect(parsed.keys).toEqual(rows.map((r) => r[0]));
        same(parsed.values, rows.map((r) => r[1]));
      }),
      { seed: 1301, numRuns: 200 },
    );
  });

  it('changelog sink note rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, anyNumber), { minLength: 1, maxLength: 30 }), async (rows) => {
        const note = new SinkNote(new MemoryStore(), 'out.md', 'out');
        note.startEmpty();
        await note.appendRecords(0, rows.map((r) => r[0]), rows.map((r) => r[1]), 1, 'r');
        const back = await note.read();
        same(back.map((r) => r.value), rows.map((r) => r[1]));
      }),
      { seed: 1302, numRuns: 200 },
    );
  });

  it('upsert sink note rows', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(key, anyNumber), { selector: (r) => r[0], maxLength: 30 }), (rows) => {
        const table = new KeyedState();
        for (const [k, v] of rows) table.set(k, v);
        const parsed = parseUpsertNote(renderUpsertNote({ drawing: 'd.md', sink: 'out', checkpoint: 1, run: 'r', createdAt: 'T' }, table));
        same(parsed!.rows.map((r) => r.value), rows.map((r) => r[1]));
      }),
      { seed: 1303, numRuns: 200 },
    );
  });

  it('checkpoints (their data files), written and loaded through the checkpoint store', async () => {
    const paths = flowPaths('Flows', 'd.excalidraw.md');
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.tuple(key, anyNumber), { selector: (r) => r[0], maxLength: 30 }), async (rows) => {
        const store = new CheckpointStore(new MemoryStore(), paths, fixedClock());
        const head: CheckpointHead = { format: CHECKPOINT_FORMAT, drawing: 'd.excalidraw.md', id: 1, kind: 'full', createdAt: 'T', nodes: {}, offsets: {}, sinks: {}, processed: 0 };
        const map = new Map(rows);
        const info = await store.write({ head, parts: [{ id: 'p', keys: map.keys(), valueOf: (k) => map.get(k) }], previews: [{ id: 'p', totalKeys: map.size, changedKeys: null }], startedAt: 0, yieldNow: () => Promise.resolve() });
        const loaded = await store.load(info.path);
        if (!loaded.ok) throw new Error(loaded.problem.message);
        const entries = loaded.data.state.p as [string, number][];
        expect(entries.map((e) => e[0])).toEqual(rows.map((r) => r[0]));
        same(entries.map((e) => e[1]), rows.map((r) => r[1]));
      }),
      { seed: 1304, numRuns: 100 },
    );
  });

  it('the --json report', () => {
    fc.assert(
      fc.property(fc.array(anyNumber, { maxLength: 30 }), (values) => {
        const back = (JSON.parse(stringifyWithNumbers({ values })) as { values: unknown[] }).values.map(fromJsonNumber);
        same(back, values);
      }),
      { seed: 1305, numRuns: 200 },
    );
  });

  it('reads only what it writes: a stored number is a number text or one of the three words', () => {
    expect(['-0', 'NaN', 'Infinity', '-Infinity', '1e+21', '5e-324'].map(parseStoredNumber)).toEqual([-0, Number.NaN, Infinity, -Infinity, 1e21, 5e-324]);
    expect(['', ' 1', '0x10', '+Infinity', 'nan', 'Inf', '1e', '--1'].map(parseStoredNumber)).toEqual(Array(8).fill(null));
  });
});

/** q → sum → map(value - value) → out, and q → min → low: overflow to ±Infinity, Infinity - Infinity = NaN, min of -0. */
function overflowPlan(): Plan {
  const big = Array.from({ length: 40 }, (_, i) => [{ key: 'up', value: 1e308 }, { key: 'down', value: -1e308 }, { key: 'z', value: i % 2 ? 0 : -0 }, { key: `k${i % 3}`, value: i * 0.1 }]).flat();
  return {
    file: 'flow.excalidraw.md',
    nodes: [
      node('q', 'source', ['total', 'lowest'], { kind: 'count' }, { events: big }),
      node('total', 'processor', ['diff'], { kind: 'sum' }, { inputs: ['q'] }),
      node('diff', 'processor', ['out'], { kind: 'map', expression: 'value - value' }, { inputs: ['total'] }),
      node('out', 'sink', [], { kind: 'count' }, { inputs: ['diff'] }),
      node('lowest', 'processor', ['low'], { kind: 'min' }, { inputs: ['q'] }),
      node('low', 'sink', [], { kind: 'count' }, { inputs: ['lowest'] }),
    ],
  };
}

async function session(store: MemoryStore, sinkMode: 'changelog' | 'upsert'): Promise<FlowSession> {
  return FlowSession.fromPlan(overflowPlan(), { store, clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md', sliceSize: 7, checkpointEveryEvents: 9, fullCheckpointEvery: 3, sinkMode });
}

const stateOf = (s: FlowSession, id: string): [string, number][] => [...s.engine.states.get(id)!.values];

describe('an overflowing sum restores as Infinity, not NaN', () => {
  for (const mode of ['changelog', 'upsert'] as const) {
    it(`killed and resumed at every slice, state and sink notes equal an uninterrupted run (${mode} sinks)`, async () => {
      const whole = await session(new MemoryStore(), mode);
      await whole.runUntilDrained();
      expect(Object.fromEntries(stateOf(whole, 'total'))).toMatchObject({ up: Infinity, down: -Infinity });
      expect(Object.is(whole.engine.states.get('lowest')!.values.get('z'), -0)).toBe(true);
      const wantSinks = await whole.sinkRecords();
      expect(wantSinks.get('out')!.some((r) => Number.isNaN(r.value))).toBe(true);

      for (let killAfter = 1; killAfter <= 20; killAfter += 3) {
        const store = new MemoryStore();
        let slices = 0;
        const first = await FlowSession.fromPlan(overflowPlan(), { store, clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md', sliceSize: 7, checkpointEveryEvents: 9, fullCheckpointEvery: 3, sinkMode: mode, onChange: (c) => c.type === 'slice' && ++slices === killAfter && first.simulateCrash() });
        await first.runUntilDrained();
        const again = await session(store, mode);
        await again.resume();
        await again.runUntilDrained();
        for (const id of ['total', 'diff', 'lowest']) {
          expect(stateOf(again, id).map((e) => e[0])).toEqual(stateOf(whole, id).map((e) => e[0]));
          same(stateOf(again, id).map((e) => e[1]), stateOf(whole, id).map((e) => e[1]));
        }
        const sinks = await again.sinkRecords();
        for (const id of ['out', 'low']) {
          expect(sinks.get(id)!.map((r) => r.key)).toEqual(wantSinks.get(id)!.map((r) => r.key));
          same(sinks.get(id)!.map((r) => r.value), wantSinks.get(id)!.map((r) => r.value));
        }
      }
    });
  }
});

describe('a number beyond the largest double is refused where it comes in', () => {
  it('in an events note: a warning naming the note and line, the item skipped', () => {
    const { events, diagnostics } = parseEventsText('# events\n- a: 1\n- b: 1e309\n- c: -1e400\n- d: -0\n', 'orders.md');
    expect(events.map((e) => e.key)).toEqual(['a', 'd']);
    expect(Object.is(events[1].value, -0)).toBe(true);
    expect(diagnostics.map((d) => [d.file, d.line])).toEqual([['orders.md', 3], ['orders.md', 4]]);
    expect(diagnostics[0].message).toMatch(/1e309 is beyond the largest number/);
  });

  it('in a drawn queue: a warning naming the element and the value, the text ignored', async () => {
    for (const [label, apart] of [['orders\nA:1 B:1e309', ''], ['orders', 'A:1 B:1e309']]) {
      const store = new MemoryStore(new Map([['flow.excalidraw', minDrawing('sum', label, apart)]]));
      const { plan, diagnostics } = await planDrawing(store, 'flow.excalidraw');
      expect(plan.nodes.find((n) => n.role === 'source')!.events).toEqual([]);
      const d = diagnostics.find((x) => x.message.includes('1e309'))!;
      expect(d.elementId).toBe(apart ? 'evs' : 'queueName');
      expect(d.message).toMatch(/the value of "B": 1e309 is beyond the largest number/);
    }
  });

  it('in a record: a JSON line or a record text whose value is out of range', () => {
    const { events, diagnostics } = parseEventsText('```jsonl\n{"user": "u1", "value": 1e309}\n```\n- {user: u2, value: 1e999}\n- B:1e309 @12:00:05\n', 'e.md');
    expect(events).toEqual([]);
    expect(diagnostics).toHaveLength(3);
    for (const d of diagnostics) expect(d.message).toMatch(/beyond the largest number|is "1e999"/);
  });

  it('flows run --events with 1e309: exit 2, one line naming the file and line, nothing written; -0 is kept exactly', async () => {
    const dir = await tempVault();
    await fs.writeFile(path.join(dir, 'flow.excalidraw'), minDrawing('min', 'orders'));
    await fs.writeFile(path.join(dir, 'big.md'), '- a: 1\n- b: 1e309\n');
    const refused = await runFlows(['run', 'flow.excalidraw', '--events', 'big.md'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/big\.md.*line 2.*1e309 is beyond the largest number/);
    expect(await listFiles(dir)).toEqual(['big.md', 'flow.excalidraw']);

    await fs.writeFile(path.join(dir, 'zero.md'), '- z: -0\n- z: 0\n');
    const ran = await runFlows(['run', 'flow.excalidraw', '--events', 'zero.md', '--json'], dir);
    expect(ran.code).toBe(0);
    const queueNote = (await listFiles(dir)).find((f) => f.includes('/queues/'))!;
    expect(await fs.readFile(path.join(dir, queueNote), 'utf8')).toMatch(/\| 0 \| z \| -0 \|\n\| 1 \| z \| 0 \|\n$/);
    const resumed = await runFlows(['run', 'flow.excalidraw', '--resume', '--json'], dir);
    expect(resumed.code).toBe(0);
    expect(ran.stdout).toContain('"z":-0');
    expect(resumed.stdout).toContain('"z":-0');
  });
});

/** queue → processor `op`, the queue labelled `label`, with an optional text `apart` inside the queue box. */
function minDrawing(op: string, label: string, apart = ''): string {
  const text = (id: string, x: number, y: number, t: string, containerId?: string): object => ({ id, type: 'text', x, y, width: 100, height: 25, angle: 0, text: t, originalText: t, isDeleted: false, ...(containerId ? { containerId } : {}) });
  return JSON.stringify({
    type: 'excalidraw',
    version: 2,
    elements: [
      { id: 'queue', type: 'rectangle', x: 0, y: 0, width: 200, height: 120, angle: 0, isDeleted: false, boundElements: [{ type: 'text', id: 'queueName' }] },
      text('queueName', 10, 5, label, 'queue'),
      ...(apart ? [text('evs', 10, 60, apart)] : []),
      { id: 'proc', type: 'rectangle', x: 400, y: 0, width: 200, height: 60, angle: 0, isDeleted: false, boundElements: [{ type: 'text', id: 'procName' }] },
      text('procName', 410, 20, op, 'proc'),
      { id: 'qp', type: 'arrow', x: 204, y: 30, width: 192, height: 0, angle: 0, isDeleted: false, points: [[0, 0], [192, 0]], startBinding: { elementId: 'queue', focus: 0, gap: 4 }, endBinding: { elementId: 'proc', focus: 0, gap: 4 }, endArrowhead: 'arrow' },
    ],
  });
}
