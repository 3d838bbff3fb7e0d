import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeScheduler } from '../../src/cli/node-scheduler';
import { NodeVaultStore } from '../../src/cli/node-vault-store';
import { FlowSession, type SessionChange } from '../../src/core/run/flow-session';
import { systemClock, type Scheduler } from '../../src/core/ports';
import { recordVault, trackVault } from './written-files';

/** Scratch vaults live on disk (not in memory), next to the benchmark and ignored by git. */
export const WORK_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.work');

export interface BenchVault {
  dir: string;
  store: NodeVaultStore;
  remove(): Promise<void>;
}

export async function benchVault(name: string): Promise<BenchVault> {
  await fs.mkdir(WORK_DIR, { recursive: true });
  const dir = await fs.mkdtemp(path.join(WORK_DIR, `${name}-`));
  trackVault(dir);
  // What the run wrote is measured before it goes (max_file_bytes).
  const remove = async (): Promise<void> => {
    await recordVault(dir);
    await fs.rm(dir, { recursive: true, force: true });
  };
  return { dir, store: new NodeVaultStore(dir), remove };
}

export interface OpenOptions {
  vault: BenchVault;
  drawing: string;
  /** Checkpoint interval; undefined = only the end-of-input checkpoint. */
  intervalMs?: number;
  /** Also checkpoint after this many events. */
  everyEvents?: number;
  /** One full checkpoint in this many (the session's default otherwise). */
  fullEvery?: number;
  /** Events appended durably (to the queue note) when the run starts, keyed by source id. */
  extraEvents?: Map<string, { key: string; value: number }[]>;
  scheduler?: Scheduler;
  sliceSize?: number;
  onChange?: (change: SessionChange) => void;
}

const DRAWING_PATH = 'bench.excalidraw.md';

/** A real FlowSession, as the command line opens one: the drawing on disk, NodeVaultStore, the system clock. */
export async function openSession(opts: OpenOptions): Promise<FlowSession> {
  const drawingPath = DRAWING_PATH;
  if (!(await opts.vault.store.exists(drawingPath))) await opts.vault.store.writeAtomic(drawingPath, opts.drawing);
  return FlowSession.open({
    store: opts.vault.store,
    clock: systemClock,
    scheduler: opts.scheduler ?? nodeScheduler,
    drawingPath,
    defaultCheckpointIntervalMs: opts.intervalMs,
    checkpointEveryEvents: opts.everyEvents,
    fullCheckpointEvery: opts.fullEvery,
    extraEvents: opts.extraEvents,
    sliceSize: opts.sliceSize,
    onChange: opts.onChange,
  });
}

export function sourceId(session: FlowSession): string {
  const source = session.plan.nodes.find((n) => n.role === 'source');
  if (!source) throw new Error('bench drawing has no source');
  return source.id;
}

/** Keys as the engine's events (count ignores the value). */
export function toEventSpecs(keys: readonly string[]): { key: string; value: number }[] {
  const out = new Array<{ key: string; value: number }>(keys.length);
  for (let i = 0; i < keys.length; i++) out[i] = { key: keys[i], value: 1 };
  return out;
}

/**
 * Puts keys straight into the engine's in-memory queue (not the durable queue note), as a host
 * may before the run starts: the figures then measure processing, not ingestion.
 * Appends in chunks, so a 10-million-event run never holds 10 million event objects. */
export function appendKeys(session: FlowSession, keys: readonly string[], from = 0, to = keys.length): void {
  const id = sourceId(session);
  const chunk = 65_536;
  for (let start = from; start < to; start += chunk) {
    const end = Math.min(to, start + chunk);
    const specs = new Array<{ key: string; value: number }>(end - start);
    for (let i = start; i < end; i++) specs[i - start] = { key: keys[i], value: 1 };
    session.engine.append(id, specs);
  }
}
