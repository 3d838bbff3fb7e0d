import { describe, expect, it } from 'vitest';
import { windowSchedulerOf, yieldingTo, type YieldWindow } from '../../src/obsidian/host-yield';

/** A MessageChannel that delivers a posted message as a task of its own (setImmediate), as a browser does. */
function fakeChannelClass(made: { count: number }): typeof MessageChannel {
  class FakeChannel {
    port1: { onmessage: (() => void) | null } = { onmessage: null };
    port2 = { postMessage: (): void => void setImmediate(() => this.port1.onmessage?.()) };
    constructor() {
      made.count++;
    }
  }
  return FakeChannel as unknown as typeof MessageChannel;
}

const timers = (log: number[]): YieldWindow['setTimeout'] => (handler, ms) => {
  log.push(ms);
  return setTimeout(handler, ms) as unknown as number;
};

describe('how a run in Obsidian gives the UI its turn', () => {
  it('posts to a MessageChannel made at the first turn, never a 0 ms timer (clamped to 4 ms once nested)', async () => {
    const made = { count: 0 };
    const delays: number[] = [];
    const scheduler = windowSchedulerOf(() => ({ setTimeout: timers(delays), MessageChannel: fakeChannelClass(made) }));
    expect(made.count).toBe(0);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => scheduler.yieldNow().then(() => order.push(i))));
    for (let i = 0; i < 20; i++) await scheduler.yieldNow();
    expect([made.count, delays.length, order]).toEqual([1, 0, [0, 1, 2, 3]]);
    // Sleeping (a throttled run's pace) is still the window's timer.
    await scheduler.sleep(5);
    expect(delays).toEqual([5]);
  });

  it('falls back to a timer where neither exists', async () => {
    const delays: number[] = [];
    const turn = yieldingTo({ setTimeout: timers(delays) });
    await turn();
    await turn();
    expect(delays).toEqual([0, 0]);
  });
});
