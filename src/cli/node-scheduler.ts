import type { Scheduler } from '../core/ports';

/** Node's turn-giving: setImmediate lets I/O callbacks run between slices without a timer delay. */
export const nodeScheduler: Scheduler = {
  yieldNow: () => new Promise((resolve) => setImmediate(resolve)),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
