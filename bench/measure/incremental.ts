import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CheckpointInfo } from '../../src/core/checkpoint/checkpoint-data';
import type { FlowSession } from '../../src/core/run/flow-session';
import { countPipelineDrawing } from '../lib/drawings';
import { keyNames } from '../lib/events';
import { progress } from '../lib/progress';
import { appendKeys, benchVault, openSession } from '../lib/session';
import { median, nowMs, round } from '../lib/stats';

export interface IncrementalResult {
  incremental: {
    keys: number;
    changed: number;
    ckpt_ms: number;
    ckpt_bytes: number;
    full_ckpt_ms: number;
    full_ckpt_bytes: number;
    bytes_pct_of_full: number;
    /** `measured`, or why the incremental figures are not yet those of a real incremental checkpoint. */
    status: string;
  };
}

const KEYS = 1_000_000;
const CHANGED = 1_000;

async function timedCheckpoint(session: FlowSession, vaultDir: string, kind: 'full' | 'incremental'): Promise<{ ms: number; bytes: number; info: CheckpointInfo }> {
  const t0 = nowMs();
  const info = await session.checkpoint(kind);
  const ms = nowMs() - t0;
  // What the checkpoint costs the vault: its note (frontmatter and preview) and its data files, on disk.
  const note = path.join(vaultDir, info.path);
  const dataFiles = (JSON.parse(/^data_files: (.*)$/m.exec(await fs.readFile(note, 'utf8'))?.[1] ?? '[]') as string[]).map((f) => path.join(path.dirname(note), f));
  let bytes = (await fs.stat(note)).size;
  for (const f of dataFiles) bytes += (await fs.stat(f)).size;
  return { ms, bytes, info };
}

/**
 * A processor holding 1,000,000 keys, of which 1,000 changed since the last checkpoint: what does
 * the next checkpoint cost, incremental against full? (A queue → count drawing without a sink,
 * so the figures are the state's alone.)
 */
export async function measureIncremental(quick: boolean): Promise<IncrementalResult> {
  const vault = await benchVault('incremental');
  try {
    // Never a forced full one among the measured incremental checkpoints.
    const session = await openSession({ vault, drawing: countPipelineDrawing({ withSink: false }), fullEvery: 1000 });
    const keys = keyNames(KEYS);
    progress(`incremental: filling state with ${KEYS.toLocaleString('en')} keys`);
    appendKeys(session, keys);
    await session.start();
    while (session.engine.run(1 << 20) > 0);
    const fullReps = quick ? 1 : 3;
    const incReps = quick ? 5 : 11;
    const full: { ms: number; bytes: number }[] = [];
    const inc: { ms: number; bytes: number; info: CheckpointInfo }[] = [];
    for (let rep = 0; rep < fullReps; rep++) full.push(await timedCheckpoint(session, vault.dir, 'full'));
    progress(`incremental: full checkpoint ${round(median(full.map((f) => f.ms)))} ms, ${round(full[0].bytes / 1e6)} MB; now ${incReps} incremental ones`);
    let offset = 0;
    for (let rep = 0; rep < incReps; rep++) {
      // 1,000 distinct existing keys change between two checkpoints (a different 1,000 each time).
      const changed = keys.slice(offset, offset + CHANGED);
      offset += 7 * CHANGED;
      appendKeys(session, changed);
      while (session.engine.run(1 << 20) > 0);
      inc.push(await timedCheckpoint(session, vault.dir, 'incremental'));
    }
    const fullBytes = median(full.map((f) => f.bytes));
    const incBytes = median(inc.map((f) => f.bytes));
    const kinds = new Set(inc.map((i) => i.info.kind));
    // Judged from what was written, never assumed: an "incremental" note as big as a full one is not one.
    const status = !kinds.has('incremental') ? `pending: session.checkpoint('incremental') wrote ${[...kinds].join('/')} checkpoints`
      : incBytes > fullBytes / 2 ? "pending: checkpoint('incremental') still writes the whole state" : 'measured';
    return {
      incremental: {
        keys: KEYS,
        changed: CHANGED,
        ckpt_ms: round(median(inc.map((i) => i.ms))),
        ckpt_bytes: Math.round(incBytes),
        full_ckpt_ms: round(median(full.map((f) => f.ms))),
        full_ckpt_bytes: Math.round(fullBytes),
        bytes_pct_of_full: round((incBytes / fullBytes) * 100),
        status,
      },
    };
  } finally {
    await vault.remove();
  }
}
