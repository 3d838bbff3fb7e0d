import { runChildScript } from '../lib/child-script';
import { progress } from '../lib/progress';
import { benchVault } from '../lib/session';
import { round } from '../lib/stats';

export interface ScaleResult {
  scale: {
    events: number;
    keys: number;
    peak_rss_mib: number;
    budget_mib: number;
    heap_cap_mib: number;
    ms: number;
    events_per_s: number;
    checkpoints: number;
    checkpoint_kinds: Record<string, number>;
    checkpoint_every_events: number;
    full_every: number;
    checkpoint_ms: number;
    checkpoint_pct: number;
    largest_checkpoint_bytes: number;
    heap_used_end_mib: number;
  };
}

/**
 * The phone-sized budget, MiB of resident memory for the whole process: our choice, stated so it
 * can be judged. Obsidian mobile runs in the system WebView of a phone; a mid-range phone has
 * 4–6 GB shared by the system and every app, and a background app holding more than a few
 * hundred MiB is among the first the system kills. 512 MiB for the whole run (engine, state,
 * checkpoint buffers) leaves the rest of Obsidian room on such a phone. The child's V8 old
 * generation is capped at the same figure, so a run needing more dies instead of growing.
 */
export const SCALE_BUDGET_MIB = 512;
const EVENTS = 10_000_000;
const KEYS = 1_000_000;

/**
 * 10,000,000 events over 1,000,000 keys through a real FlowSession (the bench drawing: queue →
 * count → default upsert sink) over a scratch vault on disk, in a child process with a capped
 * heap; every key changes in every epoch of 1,000,000 events. Periodic checkpoints by event
 * count, one full in `fullEvery`. Peak RSS is the child's high-water mark (VmHWM).
 */
export async function measureScale(quick: boolean): Promise<ScaleResult> {
  const every = quick ? 2_000_000 : 1_000_000;
  const fullEvery = 4;
  const vault = await benchVault('scale');
  try {
    progress(`scale: ${EVENTS.toLocaleString('en')} events over ${KEYS.toLocaleString('en')} keys, a checkpoint every ${every.toLocaleString('en')}, heap capped at ${SCALE_BUDGET_MIB} MiB`);
    // Killed on overrun: a run that thrashes near its heap limit must not hold the benchmark.
    const r = await runChildScript<{
      events: number; keys: number; ms: number; checkpoints: number; kinds: Record<string, number>; ckpt_ms: number;
      largest_ckpt_bytes: number; peak_rss_mib: number; heap_used_mib: number;
    }>('scale-child.ts', [vault.dir, String(EVENTS), String(KEYS), String(every), String(fullEvery)], { nodeArgs: [`--max-old-space-size=${SCALE_BUDGET_MIB}`], timeoutMs: quick ? 150_000 : 600_000 });
    if (r.events !== EVENTS) throw new Error(`the scale run processed ${r.events} events, expected ${EVENTS}`);
    return {
      scale: {
        events: r.events,
        keys: r.keys,
        peak_rss_mib: round(r.peak_rss_mib),
        budget_mib: SCALE_BUDGET_MIB,
        heap_cap_mib: SCALE_BUDGET_MIB,
        ms: round(r.ms),
        events_per_s: Math.round(r.events / (r.ms / 1000)),
        checkpoints: r.checkpoints,
        checkpoint_kinds: r.kinds,
        checkpoint_every_events: every,
        full_every: fullEvery,
        checkpoint_ms: round(r.ckpt_ms),
        checkpoint_pct: round((r.ckpt_ms / r.ms) * 100),
        largest_checkpoint_bytes: r.largest_ckpt_bytes,
        heap_used_end_mib: round(r.heap_used_mib),
      },
    };
  } finally {
    await vault.remove();
  }
}
