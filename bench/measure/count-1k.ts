import { FlowEngine } from '../../src/core/engine/engine';
import { countPipelineDrawing } from '../lib/drawings';
import { keyNames, randomKeyEvents } from '../lib/events';
import { progress } from '../lib/progress';
import { appendKeys, benchVault, openSession } from '../lib/session';
import { median, nowMs, round, settle } from '../lib/stats';

export interface Count1kResult {
  count_1k: {
    events: number;
    keys: number;
    /** Through a FlowSession (source → count → sink) with checkpoints every 1 s to notes on disk. */
    engine_eps: number;
    /** The same session with the periodic checkpoints off (only the end-of-input one). */
    engine_no_ckpt_eps: number;
    /** The same session and checkpoints, but a drawing without the sink: what the output note costs. */
    engine_no_sink_eps: number;
    /** FlowEngine alone, in memory: no session, no disk, no yielding. */
    engine_memory_eps: number;
    loop_eps: number;
    ratio_to_loop: number;
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

/** One run through a real FlowSession on disk; returns its duration and checkpoints written. */
async function sessionRun(events: readonly string[], intervalMs: number | undefined, withSink = true): Promise<{ ms: number; checkpoints: number; state: number }> {
  const vault = await benchVault('count');
  try {
    const session = await openSession({ vault, drawing: countPipelineDrawing({ withSink }), intervalMs });
    appendKeys(session, events);
    await settle();
    const t0 = nowMs();
    await session.runUntilDrained();
    const ms = nowMs() - t0;
    const state = [...session.engine.states.values()][0]?.values.size ?? 0;
    return { ms, checkpoints: session.written.length, state };
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

export async function measureCount1k(quick: boolean): Promise<Count1kResult> {
  const keys = keyNames(1000);
  const reps = quick ? 3 : 5;
  const contextReps = quick ? 1 : 3;
  // Calibrate: runs last seconds, so the 1 s checkpoints can happen (the quick run is too short for most of them).
  const warm = randomKeyEvents(1_000_000, keys, 7);
  countLoop(warm);
  const probe = await sessionRun(warm, undefined);
  const targetSeconds = quick ? 1.5 : 6;
  const n = Math.max(1_000_000, Math.min(40_000_000, Math.round(((1_000_000 / probe.ms) * 1000 * targetSeconds) / 1e6) * 1e6));
  progress(`count_1k: ${n.toLocaleString('en')} events over 1,000 keys, ${reps} repetitions`);
  const events = randomKeyEvents(n, keys);

  const loopMs: number[] = [];
  const onMs: number[] = [];
  const offMs: number[] = [];
  const memMs: number[] = [];
  const noSinkMs: number[] = [];
  let checkpoints = 0;
  for (let rep = 0; rep < reps; rep++) {
    // Interleaved, so drift in the machine's load hits both sides of each comparison alike.
    const t0 = nowMs();
    const counts = countLoop(events);
    loopMs.push(nowMs() - t0);
    if (counts.size !== 1000) throw new Error(`count loop saw ${counts.size} keys, expected 1000`);
    const on = await sessionRun(events, 1000);
    if (on.state !== 1000) throw new Error(`engine state holds ${on.state} keys, expected 1000`);
    onMs.push(on.ms);
    checkpoints = on.checkpoints;
    offMs.push((await sessionRun(events, undefined)).ms);
    // Context for the analysis, not goals: fewer runs are enough.
    if (rep < contextReps) memMs.push(await memoryRun(events));
    if (rep < contextReps) noSinkMs.push((await sessionRun(events, 1000, false)).ms);
    progress(`count_1k rep ${rep + 1}/${reps}: loop ${round(loopMs[rep])} ms, ckpt on ${round(onMs[rep])} ms (${on.checkpoints} ckpts), off ${round(offMs[rep])} ms`);
  }
  const eps = (ms: number[]): number => round((n / median(ms)) * 1000);
  const engineEps = eps(onMs);
  const loopEps = eps(loopMs);
  return {
    count_1k: {
      events: n,
      keys: 1000,
      engine_eps: engineEps,
      engine_no_ckpt_eps: eps(offMs),
      engine_no_sink_eps: eps(noSinkMs),
      engine_memory_eps: eps(memMs),
      loop_eps: loopEps,
      ratio_to_loop: round(engineEps / loopEps),
      checkpoints_per_run: checkpoints,
    },
    checkpoint_overhead_pct: overhead(onMs, offMs),
  };
}
