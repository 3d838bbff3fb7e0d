import { describe, expect, it } from 'vitest';
import type { Scheduler } from '../../../src/core/ports';
import { FlowSession, type SessionChange, type SessionOptions } from '../../../src/core/run/flow-session';
import { fixedClock, instantScheduler } from '../../helpers/temp-vault';
import { MemoryStore } from '../../helpers/memory-store';
import { countPlan, expectedCount } from './pipelines';

const KEYS = Array.from({ length: 1000 }, (_, i) => `k${(i * 13) % 37}`);

async function open(opts: Partial<SessionOptions> = {}, keys = KEYS): Promise<{ s: FlowSession; changes: SessionChange[]; store: MemoryStore }> {
  const changes: SessionChange[] = [];
  const store = (opts.store as MemoryStore | undefined) ?? new MemoryStore();
  const s = await FlowSession.fromPlan(countPlan(keys.map((key) => ({ key, value: 1 }))), { clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md', sliceSize: 100, sinkMode: 'changelog', onChange: (c) => changes.push(c), ...opts, store });
  return { s, changes, store };
}

const stateOf = (s: FlowSession): Record<string, number> => Object.fromEntries(s.engine.states.get('counter')!.values);

describe('what a run view drives on FlowSession', () => {
  it('step processes exactly one event and says so', async () => {
    const { s, changes } = await open();
    expect(await s.step()).toBe(true);
    expect(await s.step()).toBe(true);
    expect(s.engine.processed).toBe(2);
    expect(changes.map((c) => c.type)).toEqual(['started', 'step', 'step']);
  });

  it('stop() pauses after the current slice without a final checkpoint; running again finishes', async () => {
    let slices = 0;
    const { s } = await open({ onChange: (c) => c.type === 'slice' && ++slices === 3 && s.stop() });
    await s.runUntilDrained();
    expect(s.stopped).toBe(true);
    expect(s.engine.processed).toBe(300);
    expect(s.written).toEqual([]);
    await s.runUntilDrained();
    expect(s.stopped).toBe(false);
    expect(stateOf(s)).toEqual(expectedCount(KEYS).state);
    expect(s.written).toHaveLength(1);
  });

  it('an AbortSignal pauses too', async () => {
    const abort = new AbortController();
    const { s } = await open({ onChange: (c) => c.type === 'slice' && abort.abort() });
    await s.runUntilDrained({ signal: abort.signal });
    expect(s.engine.processed).toBe(100);
  });

  it('a rate throttles through Scheduler.sleep, in slices of about 20 ms of events', async () => {
    const sleeps: number[] = [];
    const scheduler: Scheduler = {
      yieldNow: () => Promise.resolve(),
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    };
    const { s } = await open({ scheduler, ratePerSecond: 100 }, KEYS.slice(0, 10));
    await s.runUntilDrained();
    expect(sleeps).toEqual([20, 40, 60, 80, 100]);
    s.setRate(0);
    expect(s.engine.processed).toBe(10);
  });

  it('inject and checkpointNow slot in between slices of a running run', async () => {
    let injected = false;
    const { s } = await open({
      onChange: (c) => {
        if (c.type !== 'slice' || injected) return;
        injected = true;
        void s.inject('queue', 'new', 1);
        void s.checkpointNow();
      },
    });
    await s.runUntilDrained();
    expect(stateOf(s)).toEqual({ ...expectedCount(KEYS).state, new: 1 });
    expect(s.written.map((c) => c.kind)).toEqual(['manual', 'full']);
    expect(s.written[0].offsets.queue).toBe(100);
  });

  it('simulateCrash drops memory like a kill; resume continues with every sink record exactly once', async () => {
    let slices = 0;
    const { s, store } = await open({ checkpointEveryEvents: 250, onChange: (c) => c.type === 'slice' && ++slices === 6 && s.simulateCrash() });
    await s.runUntilDrained();
    expect(s.engine.processed).toBe(0);
    await expect(s.step()).rejects.toThrow(/crashed/);
    expect((await s.resume()).restored?.id).toBe(2);
    expect(s.engine.processed).toBe(500);
    await s.runUntilDrained();
    expect(stateOf(s)).toEqual(expectedCount(KEYS).state);
    expect((await s.sinkRecords()).get('storage')).toEqual(expectedCount(KEYS).records);
    expect([...store.files.keys()].filter((f) => /\/checkpoints\/checkpoint-\d+\.md$/.test(f))).toHaveLength(4);
    expect([...store.files.keys()].filter((f) => f.includes('/checkpoints/'))).toHaveLength(8); // each with its data file
  });

  it('restoring an older checkpoint keeps the newer ones', async () => {
    const { s, store } = await open({ checkpointEveryEvents: 200, retainCheckpoints: 10 });
    await s.runUntilDrained();
    const notes = [...store.files.keys()].filter((f) => /\/checkpoints\/checkpoint-\d+\.md$/.test(f)).sort();
    expect(notes).toHaveLength(5);
    const older = await open({ store });
    await older.s.restoreFrom(notes[1]);
    expect(older.s.engine.processed).toBe(400);
    expect(notes.every((n) => store.files.has(n))).toBe(true);
    // The restored state is checkpointed again (an empty delta over 2), so it is what a crash resumes from.
    const listed = await older.s.listCheckpoints();
    expect(listed.map((c) => [c.id, c.kind, c.parent])).toEqual([[1, 'full', undefined], [2, 'incremental', 1], [3, 'incremental', 2], [4, 'incremental', 3], [5, 'incremental', 4], [6, 'incremental', 2]]);
    older.s.simulateCrash();
    expect((await older.s.resume()).restored?.id).toBe(6);
    await older.s.runUntilDrained();
    expect((await older.s.sinkRecords()).get('storage')).toEqual(expectedCount(KEYS).records);
  });

  it('checkpoints on an interval, no sooner than the minimum pause', async () => {
    const run = async (minPauseMs: number): Promise<number> => {
      const clock = fixedClock();
      const scheduler: Scheduler = { yieldNow: () => Promise.resolve(clock.advance(10)), sleep: () => Promise.resolve() };
      const { s } = await open({ clock, scheduler, checkpointIntervalMs: 30, minPauseMs, retainCheckpoints: 100 });
      await s.runUntilDrained();
      return s.written.length;
    };
    // Ten slices 10 ms apart (t = 0…90): a 30 ms interval checkpoints at t = 30, 60 and 90. With a
    // 70 ms pause after the one at 30 none is allowed before 100, so only the final one follows.
    expect(await run(0)).toBe(3);
    expect(await run(70)).toBe(2);
  });
});
