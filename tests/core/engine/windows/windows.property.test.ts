import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addLateSinks } from '../../../../src/core/engine/windows/late-sinks';
import { assignWindows } from '../../../../src/core/engine/windows/window-assign';
import type { Operation } from '../../../../src/core/graph/flow-graph';
import { readOperationLine, type WindowSpec } from '../../../../src/core/graph/operation-line';
import type { Plan } from '../../../../src/core/plan/plan';
import { formatEventTime } from '../../../../src/core/records/event-time';
import { FlowSession } from '../../../../src/core/run/flow-session';
import { MemoryStore } from '../../../helpers/memory-store';
import { fixedClock, instantScheduler } from '../../../helpers/temp-vault';
import { node } from '../../run/pipelines';

interface Click {
  ad: number;
  amount: number;
  /** Seconds. */
  t: number;
}
const keyOf = (c: Click): string => `{ad: ${c.ad}, amount: ${c.amount}} @${formatEventTime(c.t * 1000)}`;

const lines = fc.oneof(
  fc.tuple(fc.constantFrom('count', 'sum amount', 'avg amount'), fc.constantFrom('10s', '30s', '1 min'), fc.constantFrom('', ' allow 5s late', ' allow 20s late')).map(([agg, size, late]) => `${agg} by ad per ${size}${late}`),
  fc.tuple(fc.constantFrom('count', 'max amount'), fc.constantFrom('over 1 min every 20s', 'over 30s every 10s'), fc.constantFrom('', ' allow 15s late')).map(([agg, w, late]) => `${agg} by ad ${w}${late}`),
  fc.tuple(fc.constantFrom('count', 'sum amount', 'avg amount'), fc.constantFrom('10s', '40s'), fc.constantFrom('', ' allow 10s late')).map(([agg, gap, late]) => `${agg} by ad with gap ${gap}${late}`),
);
/** Clicks whose times mostly move forward, some out of order (so some are late). */
const clicks = fc.array(fc.record({ ad: fc.integer({ min: 1, max: 3 }), amount: fc.integer({ min: 0, max: 9 }), step: fc.integer({ min: 0, max: 12 }), back: fc.option(fc.integer({ min: 1, max: 70 }), { freq: 3 }) }), { maxLength: 60 }).map((raw) => {
  let base = 0;
  return raw.map(({ ad, amount, step, back }): Click => {
    base += step;
    return { ad, amount, t: Math.max(0, base - (back ?? 0)) };
  });
});

function planOf(line: string, events: Click[]): Plan {
  const operation = readOperationLine(line).operation as Operation;
  const nodes = [node('q', 'source', ['p'], { kind: 'count' }, { events: events.map((c) => ({ key: keyOf(c), value: 1 })) }), node('p', 'processor', ['out'], operation), node('out', 'sink', [])];
  return { file: 'clicks.excalidraw.md', nodes: addLateSinks(nodes) };
}

type SinkMode = 'upsert' | 'changelog';
const opts = (store: MemoryStore, every: number, fullEvery: number, sliceSize = 7, sinkMode: SinkMode = 'changelog') => ({ store, clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'clicks.excalidraw.md', checkpointEveryEvents: every, fullCheckpointEvery: fullEvery, retainCheckpoints: 3, sliceSize, sinkMode });

async function outcome(s: FlowSession) {
  const sinks = await s.sinkRecords();
  const w = s.engine.windows.get('p')!;
  return { out: sinks.get('out'), late: sinks.get('p-late'), open: w.openWindows(), watermark: w.watermark() };
}

async function straight(plan: Plan, sinkMode: SinkMode = 'changelog', endOfInput = false): Promise<Awaited<ReturnType<typeof outcome>>> {
  const s = await FlowSession.fromPlan(plan, opts(new MemoryStore(), 1000, 1, 7, sinkMode));
  await s.runUntilDrained({ endOfInput });
  return outcome(s);
}

describe('windowed results do not depend on crashes or batches', () => {
  it('a run killed at any points (also after its input ended) and resumed from its checkpoints gives the uninterrupted result', async () => {
    await fc.assert(
      fc.asyncProperty(lines, clicks, fc.array(fc.nat(70), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom<SinkMode>('changelog', 'upsert'), fc.boolean(), async (line, events, crashes, every, fullEvery, sinkMode, endOfInput) => {
        const plan = planOf(line, events);
        const want = await straight(plan, sinkMode, endOfInput);
        const s = await FlowSession.fromPlan(plan, opts(new MemoryStore(), every, fullEvery, 7, sinkMode));
        for (const after of crashes) {
          for (let i = 0; i < after && (await s.step()); i++);
          s.simulateCrash();
          await s.resume();
        }
        await s.runUntilDrained({ endOfInput });
        if (endOfInput) {
          // Killed once more after the input ended: the resumed run has nothing left to fire.
          s.simulateCrash();
          await s.resume();
          await s.runUntilDrained({ endOfInput });
        }
        expect(await outcome(s)).toEqual(want);
      }),
      { seed: 1717, numRuns: 150 },
    );
  });

  it('events appended in any batches, each run to the end, give the same result as one batch', async () => {
    await fc.assert(
      fc.asyncProperty(lines, clicks, fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 50 }), async (line, events, cuts, sliceSize) => {
        const want = await straight(planOf(line, events));
        const s = await FlowSession.fromPlan(planOf(line, []), opts(new MemoryStore(), 5, 3, sliceSize));
        await s.start();
        let at = 0;
        for (let k = 0; at < events.length; k++) {
          const size = cuts[k % cuts.length];
          for (const c of events.slice(at, at + size)) await s.inject('q', keyOf(c), 1);
          at += size;
          await s.runUntilDrained();
        }
        await s.runUntilDrained();
        expect(await outcome(s)).toEqual(want);
      }),
      { seed: 1718, numRuns: 100 },
    );
  });
});

/** The result computed the plain way: each event's watermark is the newest time before it minus the lateness. */
function recompute(line: string, events: Click[], endOfInput = false): { out: [string, number][]; late: string[] } {
  const op = readOperationLine(line).operation as Operation & { window: Exclude<WindowSpec, { kind: 'session' }>; lateMs?: number; field?: string };
  const late: string[] = [];
  const windows = new Map<string, { start: number; end: number; ad: number; values: number[] }>();
  let newest = Number.NEGATIVE_INFINITY;
  for (const c of events) {
    const watermark = newest - (op.lateMs ?? 0);
    const open = assignWindows(op.window, c.t * 1000).filter((w) => w.end > watermark);
    if (open.length === 0) late.push(keyOf(c));
    for (const w of open) {
      const id = `${w.start} ${c.ad}`;
      const entry = windows.get(id) ?? { ...w, ad: c.ad, values: [] };
      entry.values.push(c.amount);
      windows.set(id, entry);
    }
    newest = Math.max(newest, c.t * 1000);
  }
  // End of input: the watermark goes to +∞ and every window fires.
  const final = endOfInput ? Number.POSITIVE_INFINITY : newest - (op.lateMs ?? 0);
  const out: [string, number][] = [];
  for (const w of windows.values()) {
    if (w.end > final) continue;
    const sum = w.values.reduce((a, b) => a + b, 0);
    const value = op.kind === 'count' ? w.values.length : op.kind === 'sum' ? sum : op.kind === 'avg' ? sum / w.values.length : Math.max(...w.values);
    out.push([`${w.ad} @${formatEventTime(w.start)}`, roughly(value)]);
  }
  return { out: out.sort(), late };
}

/** A mean computed step by step (the engine) and as sum / n (here) may differ in the last bits. */
const roughly = (v: number): number => Math.round(v * 1e9) / 1e9;

describe('windowed results equal a straightforward recomputation', () => {
  it('for tumbling and sliding windows, with their late events in the late sink, and at end of input', async () => {
    const seen = { out: 0, late: 0, flushed: 0 };
    const timed = fc.tuple(fc.constantFrom('count', 'sum amount', 'max amount', 'avg amount'), fc.constantFrom('per 10s', 'per 1 min', 'over 1 min every 20s', 'over 30s every 10s'), fc.constantFrom('', ' allow 5s late', ' allow 30s late')).map(([a, w, l]) => `${a} by ad ${w}${l}`);
    await fc.assert(
      fc.asyncProperty(timed, clicks, fc.boolean(), async (line, events, endOfInput) => {
        const got = await straight(planOf(line, events), 'changelog', endOfInput);
        const want = recompute(line, events, endOfInput);
        expect((got.out ?? []).map((r): [string, number] => [r.key, roughly(r.value)]).sort()).toEqual(want.out);
        if (endOfInput) {
          expect(got.open).toEqual([]);
          expect(got.watermark === undefined || got.watermark === Number.POSITIVE_INFINITY).toBe(true);
          seen.flushed += want.out.length - recompute(line, events, false).out.length;
        }
        expect((got.late ?? []).map((r) => r.key)).toEqual(want.late);
        seen.out += want.out.length;
        seen.late += want.late.length;
      }),
      { seed: 1719, numRuns: 200 },
    );
    // The generated runs did exercise closed windows and late events.
    expect(seen.out).toBeGreaterThan(80);
    expect(seen.late).toBeGreaterThan(20);
    expect(seen.flushed).toBeGreaterThan(20);
  });
});
