import { FlowEngine } from '../../src/core/engine/engine';
import { countPipelineDrawing } from '../lib/drawings';
import { countWorkload } from '../lib/count-workload';
import { progress } from '../lib/progress';
import { appendKeys, benchVault, openSession } from '../lib/session';
import { median, nowMs, round, settle } from '../lib/stats';

export interface Count1kResult {
  count_1k: {
    events: number;
    keys: number;
    /** Through a FlowSession (source → count → sink) with checkpoints every 1 s to notes on disk. */
    engine_eps: number;
    /** The same runs up to the end of their last slice: events processed, periodic checkpoints included. */
    engine_processing_eps: number;
    /** The same runs after their last slice: end-of-input checkpoint + sink note, fsynced (median, ms). */
    final_flush_ms: number;
    /** The same session with the periodic checkpoints off (only the end-of-input one). */
    engine_no_ckpt_eps: number;
    /** The same session and checkpoints, but a drawing without the sink: what the output note costs. */
    engine_no_sink_eps: number;
    /** FlowEngine alone, in memory: no session, no disk, no yielding. */
    engine_memory_eps: number;
    loop_eps: number;
    ratio_to_loop: number;
    processing_ratio_to_loop: number;
    /** Periodic (1 s) checkpoints in the shortest run: the end-of-input one is not counted. */
    checkpoints_per_run: number;
  };
  checkpoint_overhead_pct: number;
}

/** The limit: a hand-written loop counting keys in a Map. */
export function countLoop(events: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < events.length; i++) {
    const k = events[i];
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

export interface SessionRun {
  /** Start of `runUntilDrained()` to its end: processing, periodic checkpoints, the final flush. */
  ms: number;
  /** Up to the end of the last slice of events (periodic checkpoints included). */
  processingMs: number;
  /** After the last slice: the end-of-input checkpoint and the sink note written after it, fsynced. */
  flushMs: number;
  /** Checkpoints taken while events were processed (interval or count), not the end-of-input one. */
  periodic: number;
  checkpoints: number;
  state: number;
  counts: Map<string, number>;
}

/** One run through a real FlowSession on disk (the default upsert sink), timed in two parts. */
export async function sessionRun(events: readonly string[], intervalMs: number | undefined, withSink = true): Promise<SessionRun> {
  const vault = await benchVault('count');
  try {
    let lastSlice = 0;
    let periodic = 0;
    let running = false;
    const session = await openSession({
      vault,
      drawing: countPipelineDrawing({ withSink }),
      intervalMs,
      onChange: (c) => {
        if (!running) return;
        if (c.type === 'slice') lastSlice = nowMs();
        // A periodic checkpoint is emitted inside a slice, before that slice's event; the final one after the last slice.
        else if (c.type === 'checkpoint' && Object.values(c.info.offsets).reduce((a, b) => a + b, 0) < events.length) periodic++;
      },
    });
    appendKeys(session, events);
    await settle();
    running = true;
    const t0 = nowMs();
    await session.runUntilDrained();
    const t1 = nowMs();
    running = false;
    const values = [...session.engine.states.values()][0]?.values;
    const counts = new Map<string, number>(values ? [...values] : []);
    return { ms: t1 - t0, processingMs: lastSlice - t0, flushMs: t1 - lastSlice, periodic, checkpoints: session.written.length, state: counts.size, counts };
  } finally {
    await vault.remove();
  }
}

async function memoryRun(events: readonly string[]): Promise<number> {
  const vault = await benchVault('mem');
  try {
    const session = await openSession({ vault, drawing: countPipelineDrawing() });
    const engine = new FlowEngine(session.plan);
    const source = session.plan.nodes.find((n) => n.role === 'source')!.id;
    const specs = events.map((key) => ({ key, value: 1 }));
    engine.append(source, specs);
    const t0 = nowMs();
    while (engine.run(1 << 20) > 0);
    return nowMs() - t0;
  } finally {
    await vault.remove();
  }
}

const overhead = (on: number[], off: number[]): number => round(((median(on) - median(off)) / median(off)) * 100);

/** Times one engine run of `events` (1 s checkpoints, default sink): what the shared workload calibrates on. */
export const engineProbe = async (events: readonly string[]): Promise<number> => (await sessionRun(events, 1000)).ms;

export async function measureCount1k(quick: boolean): Promise<Count1kResult> {
  const reps = quick ? 3 : 5;
  const contextReps = quick ? 1 : 3;
  const { n, events } = await countWorkload(quick, engineProbe);
  progress(`count_1k: ${n.toLocaleString('en')} events over 1,000 keys, ${reps} repetitions`);

  const loopMs: number[] = [];
  const onMs: number[] = [];
  const processingMs: number[] = [];
  const flushMs: number[] = [];
  const offMs: number[] = [];
  const memMs: number[] = [];
  const noSinkMs: number[] = [];
  const periodic: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    // Interleaved, so drift in the machine's load hits both sides of each comparison alike.
    const t0 = nowMs();
    const counts = countLoop(events);
    loopMs.push(nowMs() - t0);
    if (counts.size !== 1000) throw new Error(`count loop saw ${counts.size} keys, expected 1000`);
    const on = await sessionRun(events, 1000);
    if (on.state !== 1000 || on.counts.get('k0') !== counts.get('k0')) throw new Error(`engine state holds ${on.state} keys (k0: ${on.counts.get('k0')}), expected 1000 (k0: ${counts.get('k0')})`);
    onMs.push(on.ms);
    processingMs.push(on.processingMs);
    flushMs.push(on.flushMs);
    periodic.push(on.periodic);
    offMs.push((await sessionRun(events, undefined)).ms);
    // Context for the analysis, not goals: fewer runs are enough.
    if (rep < contextReps) memMs.push(await memoryRun(events));
    if (rep < contextReps) noSinkMs.push((await sessionRun(events, 1000, false)).ms);
    progress(`count_1k rep ${rep + 1}/${reps}: loop ${round(loopMs[rep])} ms, ckpt on ${round(onMs[rep])} ms (processing ${round(on.processingMs)}, final flush ${round(on.flushMs)}, ${on.periodic} periodic ckpts), off ${round(offMs[rep])} ms`);
  }
  const eps = (ms: number[]): number => round((n / median(ms)) * 1000);
  const engineEps = eps(onMs);
  const loopEps = eps(loopMs);
  return {
    count_1k: {
      events: n,
      keys: 1000,
      engine_eps: engineEps,
      engine_processing_eps: eps(processingMs),
      final_flush_ms: round(median(flushMs)),
      engine_no_ckpt_eps: eps(offMs),
      engine_no_sink_eps: eps(noSinkMs),
      engine_memory_eps: eps(memMs),
      loop_eps: loopEps,
      ratio_to_loop: round(engineEps / loopEps),
      processing_ratio_to_loop: round(eps(processingMs) / loopEps),
      checkpoints_per_run: Math.min(...periodic),
    },
    checkpoint_overhead_pct: overhead(onMs, offMs),
  };
}
