import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadPlugin } from '../helpers/obsidian-host';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { smallPipeline } from '../fixtures/drawings/builder';
import { listFiles, tempVault } from '../helpers/temp-vault';
import type { Vault } from '../obsidian-stub/obsidian';

/**
 * What the plugin writes to a vault over ten minutes, counted through the stand-in vault's write
 * log (every create, modify, process, append, rename and delete, and every adapter write, with its
 * bytes). The clock is fake: Date and the timers move only when the test moves them, while the
 * files are real and their I/O real, so the drive loop below lets I/O finish before it moves time.
 */
// A queue, a counting processor and an upsert sink (tests/fixtures/drawings/builder.ts).
const DRAWING = 'pipeline.excalidraw';
const ROOT = 'Flows/pipeline.excalidraw';
const TEN_MINUTES = 10 * 60_000;

const realTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Moves fake time from timer to timer until `done` settles (or time runs `limitMs` past the start). */
async function driveUntil(done: Promise<unknown>, limitMs: number): Promise<void> {
  let settled = false;
  void done.finally(() => (settled = true)).catch(() => undefined);
  const end = Date.now() + limitMs;
  while (!settled && Date.now() <= end) {
    // Let real file I/O complete first: the run's own next timer appears only after it.
    for (let i = 0; i < 5 && !settled; i++) await realTurn();
    if (!settled && vi.getTimerCount() > 0) await vi.advanceTimersToNextTimerAsync();
  }
  await done;
}

type Kind = 'lock' | 'checkpoint' | 'sink' | 'queue' | 'other';
function kindOf(path: string): Kind {
  if (path === `${ROOT}/run-lock.md`) return 'lock';
  if (path.startsWith(`${ROOT}/checkpoints/`)) return 'checkpoint';
  if (path.startsWith(`${ROOT}/sinks/`)) return 'sink';
  if (path.startsWith(`${ROOT}/queues/`)) return 'queue';
  return 'other';
}

function tally(writes: Vault['writes']): Record<Kind, { ops: number; bytes: number }> {
  const out = { lock: { ops: 0, bytes: 0 }, checkpoint: { ops: 0, bytes: 0 }, sink: { ops: 0, bytes: 0 }, queue: { ops: 0, bytes: 0 }, other: { ops: 0, bytes: 0 } };
  for (const w of writes) {
    const k = out[kindOf(w.path.replace(/\.tmp$/, ''))];
    k.ops++;
    k.bytes += w.bytes;
  }
  return out;
}

describe('the write budget of a run view (its controller and run lock, as the view drives them)', () => {
  afterEach(() => vi.useRealTimers());

  it('open for ten minutes with nothing running, it writes nothing to the vault', async () => {
    const dir = await tempVault();
    await fs.writeFile(path.join(dir, DRAWING), smallPipeline().excalidraw());
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { plugin, vault } = await loadPlugin(dir);
    const controller = await plugin.runViews.openController(DRAWING);
    controller.setRate(10);
    await vi.advanceTimersByTimeAsync(TEN_MINUTES);
    for (let i = 0; i < 5; i++) await realTurn();
    expect(vault.writes).toEqual([]);
    expect(await listFiles(dir)).toEqual([DRAWING]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a ten-minute run at 10 events/s writes a bounded number of files and bytes', async () => {
    const dir = await tempVault();
    await fs.writeFile(path.join(dir, DRAWING), smallPipeline().excalidraw());
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { plugin, vault } = await loadPlugin(dir);
    const { checkpointIntervalMs, retainCheckpoints } = plugin.settings;
    const controller = await plugin.runViews.openController(DRAWING);

    // An events note of 6,000 events replayed into the queue: one append, not one per event.
    const events = Array.from({ length: 6_000 }, (_, i) => ({ key: `K${i % 40}`, value: 1 }));
    await driveUntil(controller.injectAll(events), 60_000);
    expect(vault.writes.filter((w) => kindOf(w.path.replace(/\.tmp$/, '')) === 'queue').map((w) => w.op)).toEqual(['create', 'rename']);
    vault.writes.length = 0;

    controller.setRate(10);
    const started = Date.now();
    await driveUntil(controller.run(), TEN_MINUTES + 60_000);
    const tookMs = Date.now() - started;
    expect(controller.snapshot().status).toBe('drained');
    expect(controller.snapshot().processed).toBe(6_003);
    expect(tookMs).toBeGreaterThanOrEqual(TEN_MINUTES - 1_000);

    const t = tally(vault.writes);
    const ops = (kind: Kind, op: string): number => vault.writes.filter((w) => kindOf(w.path.replace(/\.tmp$/, '')) === kind && w.op === op).length;
    // The budget the README states ("What a run writes"), for the default settings.
    const checkpoints = Math.floor(tookMs / checkpointIntervalMs) + 1;
    expect(checkpoints).toBe(121);
    // The lock note: created, its heartbeat rewritten at most every 15 s, removed.
    expect([ops('lock', 'create'), ops('lock', 'delete')]).toEqual([1, 1]);
    expect(ops('lock', 'process')).toBeLessThanOrEqual(Math.ceil(tookMs / 15_000));
    expect(t.lock.ops).toBeLessThanOrEqual(42);
    // One checkpoint per interval: its data file and its note, each created under a .tmp name and
    // renamed into place; once the ring is full, the oldest (note and data file) is deleted for each new one.
    expect(ops('checkpoint', 'rename')).toBeLessThanOrEqual(2 * checkpoints);
    expect(ops('checkpoint', 'create')).toBe(ops('checkpoint', 'rename'));
    expect(ops('checkpoint', 'delete')).toBeLessThanOrEqual(ops('checkpoint', 'rename') - 2 * retainCheckpoints);
    expect(t.checkpoint.bytes / checkpoints).toBeLessThan(4_000);
    // The upsert sink's note: made once, then rewritten after each checkpoint.
    expect(ops('sink', 'rename')).toBe(1);
    expect(ops('sink', 'process')).toBeLessThanOrEqual(checkpoints);
    expect(t.queue.ops + t.other.ops).toBe(0);
    expect(t.lock.bytes + t.checkpoint.bytes + t.sink.bytes).toBeLessThan(500_000);
    // What stays: the ring of checkpoints (plus the newest), the queue log and the sink note.
    const files = await listFiles(dir);
    expect(files.filter((f) => kindOf(f) === 'checkpoint').length).toBeLessThanOrEqual(2 * (retainCheckpoints + 1));
    expect(files.filter((f) => kindOf(f) !== 'checkpoint')).toEqual([`${ROOT}/queues/queue.md`, `${ROOT}/sinks/output store.md`, DRAWING]);
  }, 120_000);
});
