import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../src/cli/node-vault-store';
import { withGuardedRun } from '../../src/core/lock/guarded-run';
import { StorageError } from '../../src/core/lock/write-guard';
import { FlowSession } from '../../src/core/run/flow-session';
import { FIXTURES, SEED, fixedClock, instantScheduler, listFiles, tempVault } from '../helpers/temp-vault';
import { installWriteFaults, type WriteFault } from './support/write-faults';

let uninstall: (() => void) | null = null;
afterEach(() => {
  uninstall?.();
  uninstall = null;
});

const CKPT = (n: number): string => `Flows/checkpointing/checkpoints/checkpoint-000${n}.md`;

/** Runs a drawing the way the hosts do (lock, write guard), one checkpoint per event. */
async function guardedRun(dir: string, drawingPath: string, resume = false, sinkMode: 'upsert' | 'changelog' = 'upsert'): Promise<FlowSession> {
  const store = new NodeVaultStore(dir);
  const clock = fixedClock();
  const { value } = await withGuardedRun({ store, clock, scheduler: instantScheduler, drawingPath, holder: 'test' }, async (g) => {
    const session = await FlowSession.open({ store: g.store, clock, scheduler: g.scheduler, drawingPath, checkpointEveryEvents: 1, fullCheckpointEvery: 1, sinkMode });
    if (resume) await session.resume();
    await session.runUntilDrained();
    return session;
  });
  return value;
}

describe('a write the disk refuses stops the run cleanly', () => {
  it.each<[WriteFault['code'], string]>([
    ['ENOSPC', 'the disk is full (ENOSPC)'],
    ['EACCES', 'permission denied (EACCES)'],
  ])('%s on checkpoint 2: clear message, checkpoint 1 still valid, no partial file, resume finishes the run', async (code, cause) => {
    const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    // The note, the last write of a checkpoint: its data file, already written, must go too.
    uninstall = installWriteFaults({ code, match: 'checkpoint-0002.md' });
    const failed = guardedRun(dir, 'checkpointing.excalidraw.md');
    await expect(failed).rejects.toBeInstanceOf(StorageError);
    await expect(failed).rejects.toThrow(`could not write ${CKPT(2)}: ${cause}; the run stopped, nothing was half-written and the last complete checkpoint is still valid`);
    uninstall();
    uninstall = null;

    const files = await listFiles(dir);
    expect(files.filter((f) => f.includes('checkpoints/'))).toEqual([CKPT(1).replace('.md', '.data.md'), CKPT(1)]); // no checkpoint-0002 nor its data, no .tmp
    expect(files.some((f) => f.endsWith('.tmp') || f.endsWith('run-lock.md'))).toBe(false);
    const probe = await FlowSession.open({ store: new NodeVaultStore(dir), clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'checkpointing.excalidraw.md' });
    expect((await probe.checkpoints.load(CKPT(1))).ok).toBe(true);

    const resumed = await guardedRun(dir, 'checkpointing.excalidraw.md', true);
    expect(resumed.lastRestore?.restored?.id).toBe(1);
    expect(JSON.parse(JSON.stringify((await resumed.report()).state))).toEqual({ 'processing service': { A: 1, B: 1, C: 1 } });
    expect(resumed.engine.processed).toBe(3);
  });

  it('ENOSPC while appending to a sink note: no half row is left, and after resume every record is there exactly once', async () => {
    const dir = await tempVault({ 'flow.excalidraw': path.join(FIXTURES, 'bad', 'sink-named-like-a-path.excalidraw') });
    // The sink note's first write creates it (checkpoint 1); the second, an append, hits the full disk.
    uninstall = installWriteFaults({ code: 'ENOSPC', match: `${path.sep}sinks${path.sep}`, skip: 1 });
    const err = await guardedRun(dir, 'flow.excalidraw', false, 'changelog').catch((e: unknown) => e);
    uninstall();
    uninstall = null;
    expect(err).toBeInstanceOf(StorageError);
    expect((err as Error).message).toMatch(/^could not write Flows\/flow\.excalidraw\/sinks\/-\.\.-\.obs.*store\.md: the disk is full \(ENOSPC\)/);
    const sinkNote = (await listFiles(dir)).find((f) => f.startsWith('Flows/flow.excalidraw/sinks/'))!;
    const rows = async (): Promise<string[]> => (await fs.readFile(path.join(dir, sinkNote), 'utf8')).split('\n').filter((l) => /^\| \d/.test(l));
    expect(await rows()).toEqual(['| 1 | B | 1 | 1 |']);

    const resumed = await guardedRun(dir, 'flow.excalidraw', true, 'changelog');
    expect([...(await resumed.sinkRecords()).values()][0].map((r) => r.key)).toEqual(['B', 'A']);
    expect(await rows()).toEqual(['| 1 | B | 1 | 1 |', '| 2 | A | 1 | 2 |']);
  });

  it('ENOSPC while rewriting an upsert sink note: the note keeps the last complete table, and resume rewrites it from the checkpoint', async () => {
    const dir = await tempVault({ 'flow.excalidraw': path.join(FIXTURES, 'bad', 'sink-named-like-a-path.excalidraw') });
    // The note is rewritten after each checkpoint: after checkpoint 1 it is written, after checkpoint 2 the disk is full.
    uninstall = installWriteFaults({ code: 'ENOSPC', match: `${path.sep}sinks${path.sep}`, skip: 1 });
    const err = await guardedRun(dir, 'flow.excalidraw').catch((e: unknown) => e);
    uninstall();
    uninstall = null;
    expect(err).toBeInstanceOf(StorageError);
    const files = await listFiles(dir);
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
    const sinkNote = files.find((f) => f.startsWith('Flows/flow.excalidraw/sinks/'))!;
    const note = async (): Promise<string> => fs.readFile(path.join(dir, sinkNote), 'utf8');
    expect(await note()).toMatch(/\ncheckpoint: 1\n/);
    expect(await note()).toMatch(/\| key \| value \|\n\| --- \| --- \|\n\| B \| 1 \|\n$/);

    const resumed = await guardedRun(dir, 'flow.excalidraw', true);
    expect(resumed.lastRestore?.restored?.id).toBe(2);
    expect([...(await resumed.sinkRecords()).values()][0]).toEqual([{ key: 'B', value: 1 }, { key: 'A', value: 1 }]);
    expect(await note()).toMatch(/\| key \| value \|\n\| --- \| --- \|\n\| B \| 1 \|\n\| A \| 1 \|\n$/);
  });
});
