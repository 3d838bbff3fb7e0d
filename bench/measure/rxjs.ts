import { from, groupBy, map, mergeMap, scan } from 'rxjs';
import { keyNames, randomKeyEvents } from '../lib/events';
import { progress } from '../lib/progress';
import { median, nowMs, round } from '../lib/stats';

export interface RxjsResult {
  rxjs: { events: number; group_by_eps: number };
}

/** The reactive-library way to count per key: groupBy, then a running scan per group, merged to one output. */
export function countWithRx(events: readonly string[]): { outputs: number; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  let outputs = 0;
  from(events)
    .pipe(
      groupBy((key) => key),
      mergeMap((group) => group.pipe(scan((n) => n + 1, 0), map((n) => [group.key, n] as const))),
    )
    .subscribe(([key, n]) => {
      // The sink: keep the latest count per key, as the engine's sink receives every update.
      counts.set(key, n);
      outputs++;
    });
  return { outputs, counts };
}

export async function measureRxjs(quick: boolean): Promise<RxjsResult> {
  const n = quick ? 500_000 : 3_000_000;
  const reps = quick ? 3 : 5;
  const events = randomKeyEvents(n, keyNames(1000));
  progress(`rxjs: ${n.toLocaleString('en')} events, ${reps} repetitions`);
  countWithRx(randomKeyEvents(200_000, keyNames(1000), 3));
  const times: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const t0 = nowMs();
    const { outputs, counts } = countWithRx(events);
    times.push(nowMs() - t0);
    if (outputs !== n || counts.size !== 1000) throw new Error(`rxjs produced ${outputs} outputs over ${counts.size} keys`);
    await Promise.resolve();
  }
  return { rxjs: { events: n, group_by_eps: round((n / median(times)) * 1000) } };
}
