import { countPipelineDrawing } from '../lib/drawings';
import { keyNames, randomKeyEvents } from '../lib/events';
import { progress } from '../lib/progress';
import { appendKeys, benchVault, openSession } from '../lib/session';
import { median, nowMs, round, settle } from '../lib/stats';

export interface RestoreReplayResult {
  restore_replay_ms: number;
  restore_replay: { events_before: number; events_replayed: number; keys: number; restore_ms: number; runs: number };
}

const BEFORE = 1_000_000;
const AFTER = 1_000_000;
const KEYS = 100_000;

/**
 * A run checkpoints after 1,000,000 events and stops with 1,000,000 more in its queue. A new
 * session on the same vault restores the newest checkpoint and replays the rest until drained
 * (with its end-of-input checkpoint), as the command line does after a crash.
 */
export async function measureRestoreReplay(quick: boolean): Promise<RestoreReplayResult> {
  const keys = keyNames(KEYS);
  const events = randomKeyEvents(BEFORE + AFTER, keys, 11);
  const runs = quick ? 2 : 5;
  progress(`restore_replay: checkpoint after ${BEFORE.toLocaleString('en')} events, replay ${AFTER.toLocaleString('en')}, ${runs} runs`);
  const totals: number[] = [];
  const restores: number[] = [];
  for (let run = 0; run < runs; run++) {
    const vault = await benchVault('replay');
    try {
      const first = await openSession({ vault, drawing: countPipelineDrawing() });
      appendKeys(first, events);
      let left = BEFORE;
      while (left > 0) left -= first.engine.run(Math.min(left, 1 << 16));
      await first.checkpoint('full');

      // The queue still holds every event (it is the durable log); the new session finds them there.
      const second = await openSession({ vault, drawing: countPipelineDrawing() });
      appendKeys(second, events);
      await settle();
      const t0 = nowMs();
      const { restored } = await second.resume();
      const restoredAt = nowMs();
      if (!restored) throw new Error('restore_replay: the checkpoint written by the first run was not found');
      await second.runUntilDrained();
      const t1 = nowMs();
      if (second.engine.processed !== BEFORE + AFTER) throw new Error(`restore_replay: ${second.engine.processed} events processed in total, expected ${BEFORE + AFTER}`);
      totals.push(t1 - t0);
      restores.push(restoredAt - t0);
      progress(`restore_replay run ${run + 1}/${runs}: restore ${round(restoredAt - t0)} ms, restore + replay ${round(t1 - t0)} ms`);
    } finally {
      await vault.remove();
    }
  }
  return { restore_replay_ms: round(median(totals)), restore_replay: { events_before: BEFORE, events_replayed: AFTER, keys: KEYS, restore_ms: round(median(restores)), runs } };
}
