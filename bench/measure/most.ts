import { createRequire } from 'node:module';
import path from 'node:path';
import { interleaveWithEngine, type InterleavedResult } from '../lib/interleave';
import { ensurePeersInstalled, PEERS_DIR } from '../nodered/install';

export interface MostResult {
  most: InterleavedResult & { version: string };
}

/**
 * The parts of @most/core and @most/scheduler the benchmark uses. They are loaded at run time from
 * bench/peers (the bench's own install, never the plugin's dependencies), so only these shapes are typed here.
 */
interface Sink<A> { event(t: number, a: A): void; end(t: number): void; error(t: number, e: Error): void }
type Stream<A> = { run(sink: Sink<A>, scheduler: unknown): { dispose(): void } };
export interface MostLib {
  newStream<A>(run: (sink: Sink<A>, scheduler: unknown) => { dispose(): void }): Stream<A>;
  scan<A, B>(f: (b: B, a: A) => B, seed: B, s: Stream<A>): Stream<B>;
  tap<A>(f: (a: A) => void, s: Stream<A>): Stream<A>;
  runEffects<A>(s: Stream<A>, scheduler: unknown): Promise<void>;
  newDefaultScheduler(): unknown;
  currentTime(scheduler: unknown): number;
  asap(task: { run(t: number): void; error(t: number, e: Error): void; dispose(): void }, scheduler: unknown): { dispose(): void };
  version: string;
}

/** Loads @most/core and @most/scheduler from bench/peers; undefined when they are not installed there. */
export function loadMost(): MostLib | undefined {
  const req = createRequire(path.join(PEERS_DIR, 'package.json'));
  try {
    const core = req('@most/core') as Omit<MostLib, 'newDefaultScheduler' | 'currentTime' | 'asap' | 'version'>;
    const scheduler = req('@most/scheduler') as Pick<MostLib, 'newDefaultScheduler' | 'currentTime' | 'asap'>;
    const { version } = req('@most/core/package.json') as { version: string };
    return { ...core, ...scheduler, version };
  } catch {
    return undefined;
  }
}

/**
 * @most/core's idiomatic count: the events as a stream (emitted from one scheduled task, as
 * @most/core's own sources do), `scan` into one Map, the last accumulation kept by `tap`, run
 * with `runEffects`. @most/core 1.x has no `reduce`; a scan whose last value is taken is it.
 */
export async function countWithMost(most: MostLib, events: readonly string[]): Promise<Map<string, number>> {
  const source = most.newStream<string>((sink, scheduler) =>
    most.asap({
      run: (t) => {
        for (let i = 0; i < events.length; i++) sink.event(t, events[i]);
        sink.end(most.currentTime(scheduler));
      },
      error: (t, e) => sink.error(t, e),
      dispose: () => undefined,
    }, scheduler),
  );
  let result = new Map<string, number>();
  const counted = most.scan((counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1), new Map<string, number>(), source);
  await most.runEffects(most.tap((counts) => void (result = counts), counted), most.newDefaultScheduler());
  return result;
}

export async function measureMost(quick: boolean): Promise<MostResult> {
  await ensurePeersInstalled();
  const most = loadMost();
  if (!most) throw new Error('@most/core is not installed in bench/peers (npm ci --prefix bench/peers)');
  const result = await interleaveWithEngine('most', quick, { scan: (events) => countWithMost(most, events) });
  return { most: { ...result, version: most.version } };
}
