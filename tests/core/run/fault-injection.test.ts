import { seededRandom, tickingClock } from '../../helpers/seeded';
import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../../src/cli/node-vault-store';
import { FlowSession, type SessionOptions } from '../../../src/core/run/flow-session';
import { instantScheduler, tempVault } from '../../helpers/temp-vault';
import { parseUpsertNote } from '../../../src/core/run/upsert-sink';
import { CrashingStore, countPlan, expectedCount } from './pipelines';

describe.each(['changelog', 'upsert'] as const)('killed at many random points, resumed each time (%s sink)', (sinkMode) => {
  it('30,000 events end with the state of a straight recomputation and every sink record exactly once', async () => {
    const random = seededRandom(20261125);
    const drawn = Array.from({ length: 20_000 }, () => `user${Math.floor(random() * 700)}`);
    const appended = Array.from({ length: 10_000 }, () => `user${Math.floor(random() * 900)}`);
    const plan = countPlan(drawn.map((key) => ({ key, value: 1 })));
    const dir = await tempVault();
    const disk = new NodeVaultStore(dir);
    const base: Omit<SessionOptions, 'store'> = {
      clock: tickingClock(),
      scheduler: instantScheduler,
      drawingPath: 'flow.excalidraw.md',
      checkpointEveryEvents: 300,
      checkpointIntervalMs: 700,
      fullCheckpointEvery: 4,
      retainCheckpoints: 3,
      sliceSize: 300,
      sinkMode,
    };

    let crashes = 0;
    let midCheckpoint = 0;
    for (let attempt = 0; ; attempt++) {
      // The first run must at least get its --events into the queue note (two writes); later ones may die at once.
      const budget = attempt > 300 ? Number.POSITIVE_INFINITY : (attempt === 0 ? 2 : 0) + Math.floor(random() * 10);
      const store = new CrashingStore(disk, budget);
      const session = await FlowSession.fromPlan(plan, { ...base, store, extraEvents: attempt === 0 ? new Map([['queue', appended.map((key) => ({ key, value: 1 }))]]) : undefined });
      try {
        if (attempt > 0) await session.resume();
        await session.runUntilDrained();
        break;
      } catch (err) {
        crashes++;
        if (/checkpoint-\d+\.md/.test((err as Error).message)) midCheckpoint++;
      }
    }
    expect(crashes).toBeGreaterThanOrEqual(40);
    expect(midCheckpoint).toBeGreaterThanOrEqual(5);

    const all = [...drawn, ...appended];
    const want = expectedCount(all);
    const check = await FlowSession.fromPlan(plan, { ...base, store: disk });
    const { restored } = await check.resume();
    expect(restored?.path).toMatch(/checkpoint-\d+\.md$/);
    expect(check.engine.pending()).toBe(0);
    expect(Object.fromEntries(check.engine.states.get('counter')!.values)).toEqual(want.state);
    const records = (await check.sinkRecords()).get('storage')!;
    if (sinkMode === 'changelog') {
      expect(records.length).toBe(all.length);
      expect(records).toEqual(want.records);
    } else {
      expect(Object.fromEntries(records.map((r) => [r.key, r.value]))).toEqual(want.state);
      // The note on disk: the table of the checkpoint just restored, every key once.
      const note = parseUpsertNote((await disk.read('Flows/flow/sinks/storage.md'))!)!;
      expect(note.checkpoint).toBe(restored!.id);
      expect(Object.fromEntries(note.rows.map((r) => [r.key, r.value]))).toEqual(want.state);
    }
    const retained = (await check.listCheckpoints()).filter((c) => c.valid);
    expect(retained.length).toBeGreaterThanOrEqual(1);
  });
});
