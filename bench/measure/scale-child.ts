/**
 * The scale run's child process (started by scale.ts with a capped heap): a real FlowSession
 * over the scratch vault `dir`, `events` events over `keys` keys generated here and appended to
 * the source's queue in chunks as the run consumes them, checkpoints every `every` events (one
 * full in `fullEvery`), the end-of-input checkpoint last. Prints one JSON line on stdout.
 *
 * Usage: node --max-old-space-size=<MiB> --import tsx scale-child.ts <dir> <events> <keys> <every> <fullEvery>
 */
import { readFileSync } from 'node:fs';
import { nodeScheduler } from '../../src/cli/node-scheduler';
import { NodeVaultStore } from '../../src/cli/node-vault-store';
import type { CheckpointInfo } from '../../src/core/checkpoint/checkpoint-data';
import { FlowSession } from '../../src/core/run/flow-session';
import { systemClock } from '../../src/core/ports';
import { countPipelineDrawing } from '../lib/drawings';
import { keyNames } from '../lib/events';

const [dir, eventsArg, keysArg, everyArg, fullEveryArg] = process.argv.slice(2);
const EVENTS = Number(eventsArg);
const KEYS = Number(keysArg);
const CHUNK = 65_536;
/** Steps through every key once per `KEYS` events in a scattered order (coprime with 10^n): every key changes every epoch. */
const STRIDE = 7_919;

/** Peak resident set of this process, MiB: the kernel's high-water mark, else Node's maxRSS. */
function peakRssMib(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // Not Linux: fall back below.
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function main(): Promise<void> {
  const store = new NodeVaultStore(dir);
  const drawingPath = 'scale.excalidraw.md';
  await store.writeAtomic(drawingPath, countPipelineDrawing());
  const checkpoints: CheckpointInfo[] = [];
  let session: FlowSession | undefined;
  // The key strings are shared by every event of a key, as an engine's interned keys would be.
  const names = keyNames(KEYS);
  let generated = 0;
  let source = '';
  const topUp = (): void => {
    // Keep at most two chunks waiting: the 10M events never exist at once as objects.
    while (session && generated < EVENTS && session.engine.pending() < 2 * CHUNK) {
      const n = Math.min(CHUNK, EVENTS - generated);
      const specs = new Array<{ key: string; value: number }>(n);
      for (let i = 0; i < n; i++) specs[i] = { key: names[((generated + i) * STRIDE) % KEYS], value: 1 };
      session.engine.append(source, specs);
      generated += n;
    }
  };
  session = await FlowSession.open({
    store, clock: systemClock, scheduler: nodeScheduler, drawingPath,
    checkpointEveryEvents: Number(everyArg), fullCheckpointEvery: Number(fullEveryArg),
    onChange: (c) => {
      if (c.type === 'checkpoint') checkpoints.push(c.info);
      else if (c.type === 'slice') topUp();
    },
  });
  source = session.plan.nodes.find((n) => n.role === 'source')!.id;
  await session.start();
  topUp();
  const t0 = performance.now();
  await session.runUntilDrained({ endOfInput: true });
  const ms = performance.now() - t0;
  const state = [...session.engine.states.values()][0];
  const kinds: Record<string, number> = {};
  for (const c of checkpoints) kinds[c.kind] = (kinds[c.kind] ?? 0) + 1;
  const ckptMs = checkpoints.reduce((s, c) => s + c.durationMs, 0);
  process.stdout.write(`${JSON.stringify({
    events: session.engine.processed, keys: state.values.size, ms, checkpoints: checkpoints.length, kinds, ckpt_ms: ckptMs,
    largest_ckpt_bytes: Math.max(...checkpoints.map((c) => c.sizeBytes)), peak_rss_mib: peakRssMib(), heap_used_mib: process.memoryUsage().heapUsed / 2 ** 20,
  })}\n`);
}

main().then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`scale child: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
