import { FlowEngine } from '../../src/core/engine/engine';
import type { FlowSession } from '../../src/core/run/flow-session';
import { BENCH_SOURCE_ID, countPipelineDrawing } from '../lib/drawings';
import { countWorkload } from '../lib/count-workload';
import { progress } from '../lib/progress';
import { appendKeys, benchVault, openSession } from '../lib/session';
import { median, nowMs, pairedOverheadPct, round, settle } from '../lib/stats';

export interface Count1kResult {
  count_1k: {
    events: number;
    /** Passes over the shared workload's events per run (fed as the run goes); the context runs below get one pass, preloaded. */
    fed_rounds: number;
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
    /** One periodic checkpoint's wall time, barrier to published (sink flush, data file, note, prune, upsert note), median over all runs (ms). */
    checkpoint_wall_ms: number;
    /** The periodic checkpoints' wall time over the whole run's, median over runs: the direct measure beside `checkpoint_overhead_pct`. */
    checkpoint_time_pct: number;
  };
  checkpoint_overhead_pct: number;
}

/** The limit: a hand-written loop counting keys in a Map (`rounds` passes over the events, as a fed run gets them). */
export function countLoop(events: readonly string[], rounds = 1): Map<string, number> {
  const counts = new Map<string, number>();
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < events.length; i++) {
      const k = events[i];
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
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
  /** A fed run: time the bench spent appending events and dropping run ones (in the callbacks), left out of `ms`. */
  feedMs: number;
  /** Checkpoints taken while events were processed (interval or count), not the end-of-input one. */
  periodic: number;
  /** Each periodic checkpoint's wall time: from the clock reading it records (`createdAt`) to its `checkpoint` event. */
  periodicWallMs: number[];
  checkpoints: number;
  state: number;
  counts: Map<string, number>;
}

/** One run through a real FlowSession on disk (the default upsert sink), timed in two parts. */
/**
 * `rounds` > 1: the bench plays a host feeding a live run: the events go into the engine's queue
 * as it runs (`rounds` passes over `events`, appended a chunk at a time after each slice while
 * fewer than two chunks wait), and the events already run are dropped from memory
 * (EventLog.dropBefore), so a run lasts long enough for several 1 s checkpoints without holding
 * hundreds of millions of events. The appending is timed apart and left out of the engine's time
 * (as a preloaded run appends before its clock starts); the engine still pays its checkpoints.
 */
export async function sessionRun(events: readonly string[], intervalMs: number | undefined, withSink = true, rounds = 1): Promise<SessionRun> {
  const vault = await benchVault('count');
  try {
    let lastSlice = 0;
    let periodic = 0;
    const periodicWallMs: number[] = [];
    let running = false;
    const total = events.length * rounds;
    let fed = 0;
    let feedMs = 0;
    const feed = (): void => {
      const f0 = nowMs();
      const log = session.engine.logs.get(BENCH_SOURCE_ID)!;
      // Whole chunks of run events go (EventLog.dropBefore moves none of the queued ones).
      log.dropBefore(session.engine.positions().offsets[BENCH_SOURCE_ID]);
      while (fed < total && session.engine.pending() < 2 * FEED_CHUNK) {
        const at = fed % events.length;
        const end = Math.min(events.length, at + FEED_CHUNK);
        for (let i = at; i < end; i++) log.append(events[i], 1);
        fed += end - at;
      }
      feedMs += nowMs() - f0;
    };
    const session: FlowSession = await openSession({
      vault,
      drawing: countPipelineDrawing({ withSink }),
      intervalMs,
      onChange: (c) => {
        if (!running) return;
        if (c.type === 'slice') {
          if (rounds > 1) feed();
          lastSlice = nowMs();
        }
        // A periodic checkpoint is emitted inside a slice, before that slice's event; the final one after the last slice.
        else if (c.type === 'checkpoint' && Object.values(c.info.offsets).reduce((a, b) => a + b, 0) < total) {
          periodic++;
          // The session's clock is Date.now(): the same clock, to the millisecond.
          periodicWallMs.push(Date.now() - Date.parse(c.info.createdAt));
        }
      },
    });
    if (rounds > 1) feed();
    else appendKeys(session, events);
    await settle();
    running = true;
    const t0 = nowMs();
    await session.runUntilDrained();
    const t1 = nowMs();
    running = false;
    const values = [...session.engine.states.values()][0]?.values;
    const counts = new Map<string, number>(values ? [...values] : []);
    // The host's appending is not the engine's work (a preloaded run appends before its clock starts): taken out.
    return { ms: t1 - t0 - feedMs, processingMs: lastSlice - t0 - feedMs, flushMs: t1 - lastSlice, feedMs, periodic, periodicWallMs, checkpoints: session.written.length, state: counts.size, counts };
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

/** Events appended per feeding step of a fed run (about 3 ms of the engine's work). */
const FEED_CHUNK = 131_072;


/** Times one engine run of `events` (1 s checkpoints, default sink): what the shared workload calibrates on. */
export const engineProbe = async (events: readonly string[]): Promise<number> => (await sessionRun(events, 1000)).ms;

export async function measureCount1k(quick: boolean): Promise<Count1kResult> {
  // Five pairs even in --quick: the overhead is a few percent, the machine's drift between runs as much.
  const reps = quick ? 5 : 7;
  const contextReps = quick ? 1 : 3;
  const workload = await countWorkload(quick, engineProbe);
  const { events } = workload;
  // Long enough for several periodic 1 s checkpoints (>= 3 wanted): the engine is fed as it runs.
  // Sized on a warm run of one whole pass: a 1M-event run's time is mostly fixed costs (opening,
  // the final checkpoint), so sizing on it gave runs of ~2 s, not 4, and 2–3 periodic checkpoints.
  const runSeconds = quick ? 3.5 : 8;
  const pass = await sessionRun(events, 1000);
  const rounds = Math.max(1, Math.round((runSeconds * 1000) / pass.processingMs));
  const n = events.length * rounds;
  progress(`count_1k: ${n.toLocaleString('en')} events over 1,000 keys (${rounds} passes over ${events.length.toLocaleString('en')}, one took ${round(pass.processingMs)} ms, fed as the run goes), ${reps} repetitions`);

  const loopMs: number[] = [];
  const onMs: number[] = [];
  const processingMs: number[] = [];
  const flushMs: number[] = [];
  const offMs: number[] = [];
  const memMs: number[] = [];
  const noSinkMs: number[] = [];
  const periodic: number[] = [];
  const wallMs: number[] = [];
  const timePct: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    // Interleaved, so drift in the machine's load hits both sides of each comparison alike.
    const t0 = nowMs();
    const counts = countLoop(events, rounds);
    loopMs.push(nowMs() - t0);
    if (counts.size !== 1000) throw new Error(`count loop saw ${counts.size} keys, expected 1000`);
    // Pairs in alternating order (on, off; off, on; …): what runs second in a pair is not always the same side.
    if (rep % 2 === 1) offMs.push((await sessionRun(events, undefined, true, rounds)).ms);
    const on = await sessionRun(events, 1000, true, rounds);
    if (on.state !== 1000 || on.counts.get('k0') !== counts.get('k0')) throw new Error(`engine state holds ${on.state} keys (k0: ${on.counts.get('k0')}), expected 1000 (k0: ${counts.get('k0')})`);
    onMs.push(on.ms);
    processingMs.push(on.processingMs);
    flushMs.push(on.flushMs);
    periodic.push(on.periodic);
    wallMs.push(...on.periodicWallMs);
    timePct.push((on.periodicWallMs.reduce((a, b) => a + b, 0) / on.ms) * 100);
    if (rep % 2 === 0) offMs.push((await sessionRun(events, undefined, true, rounds)).ms);
    // Context for the analysis, not goals: fewer runs are enough.
    if (rep < contextReps) memMs.push(await memoryRun(events));
    if (rep < contextReps) noSinkMs.push((await sessionRun(events, 1000, false)).ms);
    progress(`count_1k rep ${rep + 1}/${reps}: loop ${round(loopMs[rep])} ms, ckpt on ${round(onMs[rep])} ms (processing ${round(on.processingMs)}, final flush ${round(on.flushMs)}, ${on.periodic} periodic ckpts of ${on.periodicWallMs.map(round).join('/')} ms), off ${round(offMs[rep])} ms`);
  }
  const eps = (ms: number[], events = n): number => round((events / median(ms)) * 1000);
  const engineEps = eps(onMs);
  const loopEps = eps(loopMs);
  return {
    count_1k: {
      events: n,
      fed_rounds: rounds,
      keys: 1000,
      engine_eps: engineEps,
      engine_processing_eps: eps(processingMs),
      final_flush_ms: round(median(flushMs)),
      engine_no_ckpt_eps: eps(offMs),
      engine_no_sink_eps: eps(noSinkMs, events.length),
      engine_memory_eps: eps(memMs, events.length),
      loop_eps: loopEps,
      ratio_to_loop: round(engineEps / loopEps),
      processing_ratio_to_loop: round(eps(processingMs) / loopEps),
      checkpoints_per_run: Math.min(...periodic),
      checkpoint_wall_ms: round(median(wallMs)),
      checkpoint_time_pct: round(median(timePct)),
    },
    checkpoint_overhead_pct: round(pairedOverheadPct(offMs, onMs)),
  };
}
