import { describe, expect, it } from 'vitest';
import { Pacer, SLICE_MAX_EVENTS, SLICE_MS } from '../../../src/core/run/pacer';
import { fixedClock } from '../../helpers/temp-vault';

function recordingScheduler() {
  const calls: string[] = [];
  return { calls, scheduler: { yieldNow: async () => void calls.push('yield'), sleep: async (ms: number) => void calls.push(`sleep ${ms}`) } };
}

describe('Pacer', () => {
  it('without a rate only gives the host a turn, in full-size slices', async () => {
    const { calls, scheduler } = recordingScheduler();
    const p = new Pacer(fixedClock(), scheduler);
    expect(p.sliceSize(4096)).toBe(4096);
    await p.wait(1_000_000);
    expect(calls).toEqual(['yield']);
  });

  it('with a rate sleeps until the events processed so far are due', async () => {
    const clock = fixedClock();
    const { calls, scheduler } = recordingScheduler();
    const p = new Pacer(clock, scheduler, 100);
    expect(p.sliceSize(4096)).toBe(2);
    p.restart(0);
    await p.wait(10); // 10 events at 100/s are due at 100 ms
    clock.advance(150);
    await p.wait(10); // late already: no sleep
    p.setRate(10, 10);
    await p.wait(11); // one more event at 10/s: 100 ms from the change
    expect(calls).toEqual(['sleep 100', 'yield', 'sleep 100']);
  });

  it('at full speed a slice lasts SLICE_MS or SLICE_MAX_EVENTS; with a rate or a fixed slice size it has no time budget', () => {
    const clock = fixedClock();
    const { scheduler } = recordingScheduler();
    const p = new Pacer(clock, scheduler);
    expect(p.budget(true)).toBeNull();
    const budget = p.budget(false)!;
    clock.advance(SLICE_MS - 1);
    expect(budget.over(1024)).toBe(false);
    expect(budget.over(SLICE_MAX_EVENTS)).toBe(true);
    clock.advance(1);
    expect(budget.over(1024)).toBe(true);
    p.setRate(100, 0);
    expect(p.budget(false)).toBeNull();
  });
});
