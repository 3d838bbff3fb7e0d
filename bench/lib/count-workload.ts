import { keyNames, randomKeyEvents } from './events';
import { progress } from './progress';

/**
 * The one counting workload every in-process contender runs: count_1k (engine and loop), RxJS
 * and @most/core count exactly these events, N chosen once per benchmark run, so "the same N"
 * holds by construction and a peer measured alone (`--only rxjs`) still gets it.
 */
export interface CountWorkload {
  n: number;
  keys: string[];
  events: string[];
}

let cached: { quick: boolean; workload: CountWorkload } | undefined;

/**
 * `probeMs(events)` times one engine run of the given events (warm); N is scaled so an engine run
 * lasts `targetSeconds`, within [1M, maxEvents] (every event is held in memory by the engine's
 * queue, so N is bounded by memory, not only by time).
 */
export async function countWorkload(quick: boolean, probeMs: (events: readonly string[]) => Promise<number>): Promise<CountWorkload> {
  if (cached?.quick === quick) return cached.workload;
  const keys = keyNames(1000);
  const warm = randomKeyEvents(1_000_000, keys, 7);
  // The first run compiles the hot paths; calibrating on it would pick an N several times too small.
  await probeMs(warm);
  const ms = Math.min(await probeMs(warm), await probeMs(warm));
  const targetSeconds = quick ? 1.5 : 6;
  const maxEvents = quick ? 24_000_000 : 40_000_000;
  const n = Math.max(1_000_000, Math.min(maxEvents, Math.round(((1_000_000 / ms) * 1000 * targetSeconds) / 1e6) * 1e6));
  progress(`count workload: ${n.toLocaleString('en')} events over 1,000 keys (a 1M-event engine run took ${Math.round(ms)} ms)`);
  const workload = { n, keys, events: randomKeyEvents(n, keys) };
  cached = { quick, workload };
  return workload;
}
