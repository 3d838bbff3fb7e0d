import type { Scheduler } from '../core/ports';

/** The parts of a window a turn can be given through (a stand-in in tests). */
export interface YieldWindow {
  setTimeout(handler: () => void, ms: number): number;
  MessageChannel?: typeof MessageChannel;
}

/**
 * How a run gives Obsidian's UI its turn between slices: a message to itself over a
 * MessageChannel, a task of its own, after which the page may paint and take input. Not
 * `setTimeout(0)`: a timer set from a timer task nested more than 5 deep waits at least 4 ms
 * (HTML Standard, timers, "nesting level"), so every slice after the fifth was followed by
 * 4 ms of nothing, more than the 2 ms slice itself (3 ms when measured), and hidden windows throttle timers
 * further. Not `scheduler.yield()` either: its continuation goes ahead of rendering. Measured
 * in Chromium 156 (tests/browser/host-yield.test.ts, 1 ms slices until 10 frames were painted):
 * setTimeout 32 slices in 140 ms; MessageChannel 136 in 145 ms; scheduler.yield 936 in 942 ms,
 * i.e. 10 frames a second.
 */
export function yieldingTo(w: YieldWindow): () => Promise<void> {
  const Channel = w.MessageChannel;
  if (typeof Channel !== 'function') return () => new Promise((resolve) => w.setTimeout(resolve, 0));
  const channel = new Channel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
}

/** A scheduler over a window: `win()` is asked, and its channel made, at the first turn (nothing is made when the plugin loads). */
export function windowSchedulerOf(win: () => YieldWindow): Scheduler {
  let turn: (() => Promise<void>) | null = null;
  return {
    yieldNow: () => (turn ??= yieldingTo(win()))(),
    sleep: (ms) => new Promise((resolve) => win().setTimeout(resolve, ms)),
  };
}
