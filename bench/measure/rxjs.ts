import { from, groupBy, map, mergeMap, reduce, scan } from 'rxjs';
import { interleaveWithEngine, type InterleavedResult } from '../lib/interleave';

export interface RxjsResult {
  rxjs: InterleavedResult;
}

/** RxJS's idiomatic count of a finite stream: one `reduce` into a Map, emitted once at completion. */
export function countWithRxReduce(events: readonly string[]): Map<string, number> {
  let result = new Map<string, number>();
  from(events)
    .pipe(reduce((counts, key) => counts.set(key, (counts.get(key) ?? 0) + 1), new Map<string, number>()))
    .subscribe((counts) => void (result = counts));
  return result;
}

/** The reactive-library way to count per key as a stream of updates: groupBy, a running scan per group, merged to one output. */
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
  const rxjs = await interleaveWithEngine('rxjs', quick, {
    reduce: countWithRxReduce,
    group_by: (events) => {
      const { outputs, counts } = countWithRx(events);
      if (outputs !== events.length) throw new Error(`rxjs groupBy produced ${outputs} outputs for ${events.length} events`);
      return counts;
    },
  });
  return { rxjs };
}
