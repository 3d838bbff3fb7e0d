import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { hostInflater, inflateParts } from '../../../src/core/checkpoint/inflate-parts';
import { TimeSlices } from '../../../src/core/time-slices';
import { LockLostError } from '../../../src/core/lock/run-lock';
import { FlowSession } from '../../../src/core/run/flow-session';
import { MemoryStore } from '../../helpers/memory-store';
import { fixedClock, instantScheduler } from '../../helpers/temp-vault';
import { countPlan } from '../run/pipelines';

// More keys than one slice decodes (TimeSlices.maxItems), so loading the checkpoint gives the host a turn.
const KEYS = Array.from({ length: 150_000 }, (_, i) => ({ key: `k${i}`, value: 1 }));

describe('a host turn that fails while a checkpoint is read', () => {
  it('stops the restore with the host\u2019s own error (the run lost its lock), never calls the checkpoint damaged', async () => {
    const store = new MemoryStore();
    const opts = { store, clock: fixedClock(), drawingPath: 'flow.excalidraw.md', sinkMode: 'upsert' as const };
    const first = await FlowSession.fromPlan(countPlan(KEYS), { ...opts, scheduler: instantScheduler });
    await first.runUntilDrained();
    const path = first.written.at(-1)!.path;

    const lost = new LockLostError('Flows/flow/run-lock.md', null);
    let turns = 0;
    // The lock is found taken over at the host's first turn of the restore.
    const losing = {
      yieldNow: (): Promise<void> => {
        turns++;
        return Promise.reject(lost);
      },
      sleep: () => Promise.resolve(),
    };
    const files = new Map(store.files);
    const err = await (await FlowSession.fromPlan(countPlan(KEYS), { ...opts, scheduler: losing })).restoreFrom(path).catch((e: unknown) => e);
    expect(err).toBe(lost);
    expect(turns).toBeGreaterThan(0);
    expect(store.files).toEqual(files);

    // The same checkpoint read with a host that gives its turns: intact, restorable.
    const ok = await FlowSession.fromPlan(countPlan(KEYS), { ...opts, scheduler: instantScheduler });
    expect((await ok.restoreFrom(path)).restored?.id).toBe(first.written.at(-1)!.id);
  });

  it('inflating, with the host\u2019s decompressor or fflate: the host\u2019s error, passed on as it is, and the stream let go', async () => {
    const bytes = deflateSync(new Uint8Array(400_000).map((_, i) => (i * 7919) % 251));
    const parts = [bytes.subarray(0, 1000), bytes.subarray(1000)];
    const lost = new Error('the run lock was taken over');
    for (const native of [hostInflater, () => null]) {
      let t = 0;
      // Every check finds the slice over (the clock runs 10 ms a reading); every turn fails.
      const slices = new TimeSlices(() => (t += 10), () => Promise.reject(lost));
      await expect(inflateParts(parts, slices, native)).rejects.toBe(lost);
    }
    // The same bytes inflate whole when the host gives its turns.
    const whole = await inflateParts(parts, new TimeSlices(() => 0, () => Promise.resolve()));
    expect(whole.length).toBe(400_000);
  });
});
