import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan, PlanNode } from '../../../src/core/plan/plan';
import { FlowSession } from '../../../src/core/run/flow-session';
import { fixedClock, instantScheduler } from '../../helpers/temp-vault';
import { MemoryStore } from '../../helpers/memory-store';
import { node } from './pipelines';

type Op = 'count' | 'sum' | 'min' | 'max';
interface Shape {
  sources: { key: string; value: number }[][];
  processors: { op: Op; inputs: number[] }[];
  sinkInputs: number[];
}

/** Sources 0..s-1, processors s.., a sink last; each processor reads from some earlier nodes (chains, fan-out, fan-in). */
function toPlan(shape: Shape): Plan {
  const s = shape.sources.length;
  const ids = [...shape.sources.map((_, i) => `src${i}`), ...shape.processors.map((_, i) => `p${i}`), 'sink'];
  const nodes: PlanNode[] = ids.map((id, i) => {
    if (i < s) return node(id, 'source', [], { kind: 'count' }, { events: shape.sources[i] });
    if (id === 'sink') return node(id, 'sink', []);
    return node(id, 'processor', [], { kind: shape.processors[i - s].op });
  });
  const connect = (from: number, to: number): void => {
    if (nodes[from].outputs.includes(ids[to])) return;
    nodes[from].outputs.push(ids[to]);
    nodes[to].inputs.push(ids[from]);
  };
  shape.processors.forEach((p, i) => p.inputs.forEach((from) => connect(from % (s + i), s + i)));
  shape.sinkInputs.forEach((from) => connect(s + (from % shape.processors.length), ids.length - 1));
  // A source nobody reads still feeds the first processor.
  for (let i = 0; i < s; i++) if (nodes[i].outputs.length === 0) connect(i, s);
  return { file: 'random.excalidraw.md', nodes };
}

const event = fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', 'e'), value: fc.integer({ min: -3, max: 5 }) });
const shapeArb: fc.Arbitrary<Shape> = fc.record({
  sources: fc.array(fc.array(event, { maxLength: 40 }), { minLength: 1, maxLength: 2 }),
  processors: fc.array(fc.record({ op: fc.constantFrom<Op>('count', 'sum', 'min', 'max'), inputs: fc.array(fc.nat(6), { minLength: 1, maxLength: 2 }) }), { minLength: 1, maxLength: 3 }),
  sinkInputs: fc.array(fc.nat(3), { minLength: 1, maxLength: 2 }),
});
const policyArb = fc.record({ every: fc.integer({ min: 1, max: 12 }), fullEvery: fc.integer({ min: 1, max: 4 }), retain: fc.integer({ min: 1, max: 4 }), manualAfter: fc.nat(30) });

async function outcome(s: FlowSession): Promise<{ state: Record<string, Record<string, number>>; sink: { key: string; value: number }[] }> {
  const state: Record<string, Record<string, number>> = {};
  for (const [id, st] of s.engine.states) state[id] = Object.fromEntries(st.values);
  return { state, sink: (await s.sinkRecords()).get('sink') ?? [] };
}

describe('restoring any retained checkpoint and replaying gives the uninterrupted result', () => {
  it('holds for random pipelines, event sequences and checkpoint policies', async () => {
    await fc.assert(
      fc.asyncProperty(shapeArb, policyArb, async (shape, policy) => {
        const plan = toPlan(shape);
        const store = new MemoryStore();
        const opts = { clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'random.excalidraw.md', checkpointEveryEvents: policy.every, fullCheckpointEvery: policy.fullEvery, retainCheckpoints: policy.retain, sliceSize: 5 };
        const straight = await FlowSession.fromPlan(plan, { ...opts, store });
        for (let i = 0; i < policy.manualAfter && (await straight.step()); i++);
        await straight.checkpointNow();
        await straight.runUntilDrained();
        const want = await outcome(straight);

        const retained = (await straight.listCheckpoints()).filter((c) => c.valid);
        expect(retained.length).toBeGreaterThanOrEqual(1);
        for (const cp of retained) {
          const copy = store.clone();
          const replay = await FlowSession.fromPlan(plan, { ...opts, store: copy });
          await replay.restoreFrom(cp.path);
          await replay.runUntilDrained();
          expect(await outcome(replay)).toEqual(want);
        }
        // Resuming the latest is the same as doing nothing more.
        const resumed = await FlowSession.fromPlan(plan, { ...opts, store: store.clone() });
        await resumed.resume();
        await resumed.runUntilDrained();
        expect(await outcome(resumed)).toEqual(want);
      }),
      { seed: 4242, numRuns: 120 },
    );
  });
});
