import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface StallReport {
  max_ms: number;
  p99_ms: number;
  mean_ms: number;
}

/**
 * Watches how late the event loop runs a 1 ms timer while `work` runs: the longest delay is the
 * longest time the main thread was blocked, what a person typing in the editor would feel.
 */
export async function measureStalls(work: () => Promise<void>): Promise<StallReport> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  try {
    await work();
  } finally {
    histogram.disable();
  }
  const ms = (ns: number): number => ns / 1e6;
  return { max_ms: ms(histogram.max), p99_ms: ms(histogram.percentile(99)), mean_ms: ms(histogram.mean) };
}
