import { promises as fs } from 'node:fs';
import { BENCH_SOURCE_ID, countPipelineDrawing } from '../lib/drawings';
import { keyNames, randomKeyEvents } from '../lib/events';
import { progress } from '../lib/progress';
import { benchVault, openSession, toEventSpecs, type BenchVault } from '../lib/session';
import { median, nowMs, round, settle } from '../lib/stats';

export interface RestoreReplayResult {
  restore_replay_ms: number;
  restore_replay: { events_before: number; events_replayed: number; keys: number; open_restore_ms: number; runs: number; durable_append_eps: number };
}

const BEFORE = 1_000_000;
const AFTER = 1_000_000;
const KEYS = 100_000;

/**
 * The crashed run: 2,000,000 events appended to the durable queue note, 1,000,000 of them
 * processed, a full checkpoint, then the process dies. Returns how fast the durable append went.
 */
async function crashedRun(vault: BenchVault, events: readonly string[]): Promise<number> {
  const session = await openSession({ vault, drawing: countPipelineDrawing(), extraEvents: new Map([[BENCH_SOURCE_ID, toEventSpecs(events)]]) });
  const t0 = nowMs();
  await session.start();
  const appendMs = nowMs() - t0;
  let left = BEFORE;
  while (left > 0) left -= session.engine.run(Math.min(left, 1 << 16));
  await session.checkpoint('full');
  return (events.length / appendMs) * 1000;
}

/**
 * After a crash with 1,000,000 events in the queue behind the newest checkpoint, a new session on
 * the same vault opens the drawing, restores the checkpoint (queue note reloaded, sink note cut
 * back) and replays until drained, with its end-of-input checkpoint: what `flows run --resume` does.
 */
export async function measureRestoreReplay(quick: boolean): Promise<RestoreReplayResult> {
  const keys = keyNames(KEYS);
  const events = randomKeyEvents(BEFORE + AFTER, keys, 11);
  // Each run costs seconds: one in the quick run (the setup alone is a crashed run of 2,000,000 events).
  const runs = quick ? 1 : 5;
  progress(`restore_replay: checkpoint after ${BEFORE.toLocaleString('en')} events, replay ${AFTER.toLocaleString('en')}, ${runs} runs`);
  const crashed = await benchVault('crashed');
  try {
    const appendEps = await crashedRun(crashed, events);
    const totals: number[] = [];
    const restores: number[] = [];
    for (let run = 0; run < runs; run++) {
      // Each run starts from a copy of the crashed vault: the replay rewrites its notes.
      const vault = await benchVault('replay');
      try {
        await fs.cp(crashed.dir, vault.dir, { recursive: true });
        await settle();
        const t0 = nowMs();
        const session = await openSession({ vault, drawing: countPipelineDrawing() });
        const { restored } = await session.resume();
        const restoredAt = nowMs();
        if (!restored) throw new Error(`restore_replay: no checkpoint restored (${session.lastRestore?.problems.map((p) => p.message).join('; ') ?? ''})`);
        await session.runUntilDrained();
        const t1 = nowMs();
        if (session.engine.processed !== BEFORE + AFTER) throw new Error(`restore_replay: ${session.engine.processed} events processed in total, expected ${BEFORE + AFTER}`);
        totals.push(t1 - t0);
        restores.push(restoredAt - t0);
        progress(`restore_replay run ${run + 1}/${runs}: open + restore ${round(restoredAt - t0)} ms, with replay ${round(t1 - t0)} ms`);
      } finally {
        await vault.remove();
      }
    }
    return {
      restore_replay_ms: round(median(totals)),
      restore_replay: { events_before: BEFORE, events_replayed: AFTER, keys: KEYS, open_restore_ms: round(median(restores)), runs, durable_append_eps: round(appendEps) },
    };
  } finally {
    await crashed.remove();
  }
}
