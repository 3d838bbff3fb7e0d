import { engineProbe, sessionRun } from '../measure/count-1k';
import { countWorkload } from './count-workload';
import { benchVault } from './session';
import { writeCountsFsynced } from './peer-output';
import { median, nowMs, round, settle } from './stats';
import { progress } from './progress';

/** One way a peer counts the events: returns its counts (the result file is written by the caller, inside the timing). */
export type PeerVariant = (events: readonly string[]) => Map<string, number> | Promise<Map<string, number>>;

export interface InterleavedResult {
  events: number;
  /** The engine (1 s checkpoints, default sink) in the runs interleaved with this peer's. */
  engine_eps: number;
  /** `<variant>_eps` for each variant (what derive.ts compares), and notes such as a version. */
  [figure: string]: number | string;
}

/**
 * Runs the engine and each variant of an in-process peer in turn (engine, peer, engine, peer, …) on
 * the shared workload, so load on the machine hits both alike. A variant's time covers counting
 * and writing its counts to a file in its scratch folder, fsynced, as the engine's counts end on
 * disk; its counts must equal the engine's run, or the figure means nothing.
 */
export async function interleaveWithEngine(name: string, quick: boolean, variants: Record<string, PeerVariant>): Promise<InterleavedResult> {
  const { n, events } = await countWorkload(quick, engineProbe);
  const reps = quick ? 3 : 5;
  progress(`${name}: ${n.toLocaleString('en')} events, ${reps} repetitions interleaved with the engine`);
  const vault = await benchVault(name);
  try {
    const small = events.slice(0, 200_000);
    for (const v of Object.values(variants)) await v(small); // warm-up: compile the peer's paths
    const engineMs: number[] = [];
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
    let expected: Map<string, number> | undefined;
    for (let rep = 0; rep < reps; rep++) {
      // The engine's time is its runUntilDrained(), as in count_1k (the events are put in its queue before).
      engineMs.push((await sessionRun(events, 1000)).ms);
      for (const [variant, count] of Object.entries(variants)) {
        await settle();
        const s0 = nowMs();
        const counts = await count(events);
        await writeCountsFsynced(`${vault.dir}/${variant}-counts.tsv`, counts);
        times[variant].push(nowMs() - s0);
        expected ??= counts;
        if (counts.size !== expected.size || [...expected].some(([k, c]) => counts.get(k) !== c)) throw new Error(`${name} ${variant} counted differently from the other variants`);
      }
      progress(`${name} rep ${rep + 1}/${reps}: engine ${round(engineMs[rep])} ms, ${Object.keys(variants).map((v) => `${v} ${round(times[v][rep])} ms`).join(', ')}`);
    }
    const eps = (ms: number[]): number => round((n / median(ms)) * 1000);
    const out: InterleavedResult = { events: n, engine_eps: eps(engineMs) };
    for (const v of Object.keys(variants)) out[`${v}_eps`] = eps(times[v]);
    return out;
  } finally {
    await vault.remove();
  }
}
