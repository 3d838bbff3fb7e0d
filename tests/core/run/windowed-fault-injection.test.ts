import { seededRandom, tickingClock } from '../../helpers/seeded';
import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../../src/cli/node-vault-store';
import { addLateSinks } from '../../../src/core/engine/windows/late-sinks';
import type { Operation } from '../../../src/core/graph/flow-graph';
import { readOperationLine } from '../../../src/core/graph/operation-line';
import type { Plan } from '../../../src/core/plan/plan';
import { formatEventTime } from '../../../src/core/records/event-time';
import { FlowSession, type SessionOptions } from '../../../src/core/run/flow-session';
import { MemoryStore } from '../../helpers/memory-store';
import { instantScheduler, tempVault } from '../../helpers/temp-vault';
import { CrashingStore, node } from './pipelines';

/** Clicks over about 7 hours of event time, mostly in order, some up to 20 s back, a few up to 10 min back (late for every window kind here). */
function clicks(n: number, random: () => number): { key: string; value: number }[] {
  let t = 0;
  return Array.from({ length: n }, () => {
    t += Math.floor(random() * 9);
    const r = random();
    const back = r < 0.02 ? Math.floor(random() * 600) : r < 0.12 ? Math.floor(random() * 20) : 0;
    return { key: `{user: u${Math.floor(random() * 50)}, ad: ${Math.floor(random() * 12)}} @${formatEventTime(Math.max(0, t - back) * 1000)}`, value: 1 };
  });
}

function plan(line: string, events: { key: string; value: number }[]): Plan {
  const op = readOperationLine(line).operation as Operation;
  return { file: 'clicks.excalidraw.md', nodes: addLateSinks([node('q', 'source', ['p'], { kind: 'count' }, { events }), node('p', 'processor', ['out'], op, { inputs: ['q'] }), node('out', 'sink', [], { kind: 'count' }, { inputs: ['p'] })]) };
}

/*
 * The fault-injection test of tests/core/run/fault-injection.test.ts for windowed pipelines
 * (issue 17): a store that dies after a few writes, tearing the write it dies in, mid-checkpoint
 * too, many times; every resume from what is on disk ends, at end of input, with the sinks and
 * late sink of one uninterrupted run.
 */
describe.each([
  ['count by ad per 1 min allow 10s late', 'changelog'],
  ['sum value by ad over 5 min every 1 min allow 10s late', 'upsert'],
  ['avg value by user with gap 2 min allow 10s late', 'changelog'],
] as const)('%s, killed at many random points (%s sink)', (line, sinkMode) => {
  it('ends with the windows, late events and sink records of an uninterrupted run', async () => {
    const random = seededRandom(20261202);
    const events = clicks(6000, random);
    const p = plan(line, events);
    const base: Omit<SessionOptions, 'store'> = {
      clock: tickingClock(), scheduler: instantScheduler, drawingPath: 'clicks.excalidraw.md',
      checkpointEveryEvents: 100, checkpointIntervalMs: 300, fullCheckpointEvery: 4, retainCheckpoints: 3, sliceSize: 200, sinkMode,
    };
    const straight = await FlowSession.fromPlan(p, { ...base, clock: tickingClock(), store: new MemoryStore() });
    await straight.runUntilDrained({ endOfInput: true });
    const want = await straight.sinkRecords();

    const disk = new NodeVaultStore(await tempVault());
    let crashes = 0;
    let midCheckpoint = 0;
    for (let attempt = 0; ; attempt++) {
      const store = new CrashingStore(disk, attempt > 300 ? Number.POSITIVE_INFINITY : 1 + Math.floor(random() * 10));
      const session = await FlowSession.fromPlan(p, { ...base, store });
      try {
        if (attempt > 0) await session.resume();
        await session.runUntilDrained({ endOfInput: true });
        break;
      } catch (err) {
        crashes++;
        if (/checkpoint-\d+\.md/.test((err as Error).message)) midCheckpoint++;
      }
    }
    expect(crashes).toBeGreaterThanOrEqual(20);
    expect(midCheckpoint).toBeGreaterThanOrEqual(3);

    const check = await FlowSession.fromPlan(p, { ...base, store: disk });
    await check.resume();
    expect(check.engine.pending()).toBe(0);
    const got = await check.sinkRecords();
    expect(got.get('out')).toEqual(want.get('out'));
    expect(got.get('p-late')).toEqual(want.get('p-late'));
    // Not vacuous: windows closed and late clicks happened; at end of input none is left open.
    expect(want.get('out')!.length).toBeGreaterThan(100);
    expect(want.get('p-late')!.length).toBeGreaterThan(10);
    expect(check.engine.windows.get('p')!.openWindows()).toEqual([]);
    // A changelog keeps every late click (an upsert table one row per distinct click).
    if (sinkMode === 'changelog') expect(check.engine.windows.get('p')!.lateCount()).toBe(want.get('p-late')!.length);
  });
});
