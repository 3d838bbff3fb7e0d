import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../../src/cli/node-vault-store';
import { parseLockNote } from '../../../src/core/lock/lock-note';
import { LockLostError, RunLock } from '../../../src/core/lock/run-lock';
import { guardWrites } from '../../../src/core/lock/write-guard';
import { fixedClock, tempVault } from '../../helpers/temp-vault';

const LOCK = 'Flows/flow/run-lock.md';

/**
 * The real store, with a hook at the last moment of a write to the lock note (the temporary file
 * written, the rename or removal next): where a run stalled by SIGSTOP or a sleeping laptop sits
 * while another run takes its lock over. Chaos seed 50 woke such a run; its heartbeat's rename
 * had put its old tenure back over the new holder's note.
 */
class StallingStore extends NodeVaultStore {
  stall: (() => Promise<void>) | null = null;
  /** After the fence's last check passed, before the rename or removal: the window no check can close. */
  late: (() => Promise<void>) | null = null;
  override writeAtomic(p: string, text: string, commit?: () => Promise<void>): Promise<void> {
    return super.writeAtomic(p, text, () => this.stalled(p, commit));
  }
  override remove(p: string, commit?: () => Promise<void>): Promise<void> {
    return super.remove(p, () => this.stalled(p, commit));
  }
  private async stalled(p: string, commit?: () => Promise<void>): Promise<void> {
    const stall = p === LOCK ? this.stall : null;
    this.stall = null;
    await stall?.();
    await commit?.();
    const late = this.late;
    this.late = null;
    await late?.();
  }
}

async function setUp(): Promise<{ dir: string; store: StallingStore; clock: ReturnType<typeof fixedClock>; holder: RunLock }> {
  const dir = await tempVault();
  const store = new StallingStore(dir);
  const clock = fixedClock();
  const holder = await RunLock.acquire({ store, clock, lockPath: LOCK, drawingPath: 'flow.excalidraw.md', holder: 'first run', randomTag: () => 'aaaaaa' });
  return { dir, store, clock, holder };
}

/** Another run taking the lock over (as one does once the holder's heartbeat is stale). */
const takeOver = (store: StallingStore, clock: ReturnType<typeof fixedClock>): Promise<RunLock> => RunLock.acquire({ store, clock, lockPath: LOCK, drawingPath: 'flow.excalidraw.md', holder: 'second run', randomTag: () => 'bbbbbb' });

const holderOnDisk = async (dir: string): Promise<string | undefined> => parseLockNote(await fs.readFile(path.join(dir, LOCK), 'utf8'))?.holder;

describe('run lock: a holder stalled in the middle of writing its own note', () => {
  it('a heartbeat cut off before its rename and taken over meanwhile puts nothing back: the new holder keeps the lock', async () => {
    const { dir, store, clock, holder } = await setUp();
    clock.advance(20_000);
    let taker: RunLock | null = null;
    store.stall = async () => {
      clock.advance(40_000);
      taker = await takeOver(store, clock);
    };
    await expect(holder.beat()).rejects.toBeInstanceOf(LockLostError);
    expect(taker).not.toBeNull();
    expect(await holderOnDisk(dir)).toBe('second run #bbbbbb');
    await expect(holder.assertHeld()).rejects.toBeInstanceOf(LockLostError);
    await expect(taker!.assertHeld()).resolves.toBeUndefined();
    // Its temporary file went with the refused rename.
    expect((await fs.readdir(path.join(dir, 'Flows/flow'))).sort()).toEqual(['run-lock.md']);
  });

  it('a release cut off before its removal and taken over meanwhile leaves the new holder\u2019s note', async () => {
    const { dir, store, clock, holder } = await setUp();
    store.stall = async () => {
      clock.advance(60_000);
      await takeOver(store, clock);
    };
    await holder.release();
    expect(await holderOnDisk(dir)).toBe('second run #bbbbbb');
  });

  it('stopped after the last check, before its rename, and taken over meanwhile: the late rename lands, and both runs stop', async () => {
    const { dir, store, clock, holder } = await setUp();
    clock.advance(20_000);
    let taker: RunLock | null = null;
    store.late = async () => {
      clock.advance(40_000);
      taker = await takeOver(store, clock);
    };
    await expect(holder.beat()).rejects.toThrow(/^the run lock Flows\/flow\/run-lock\.md may have been taken over while this run was stopped for 40 s in the middle of a write; this run stopped so that two runs never write the same checkpoints$/);
    // Its old tenure is back on disk: the new holder sees that at its next check and stops too, and the old one stays stopped.
    expect(await holderOnDisk(dir)).toBe('first run #aaaaaa');
    await expect(taker!.assertHeld()).rejects.toBeInstanceOf(LockLostError);
    await expect(holder.assertHeld()).rejects.toBeInstanceOf(LockLostError);
  });

  it('any fenced write stopped the same way: it lands (nothing can take it back), then the run writes nothing more', async () => {
    const { dir, store, clock, holder } = await setUp();
    const guarded = guardWrites(store, 'Flows/flow', () => holder.assertHeld(), holder.stallCheck());
    await guarded.writeAtomic('Flows/flow/sinks/out.md', 'one\n');
    store.late = async () => {
      clock.advance(31_000);
      await takeOver(store, clock);
    };
    await expect(guarded.writeAtomic('Flows/flow/sinks/out.md', 'two\n')).rejects.toBeInstanceOf(LockLostError);
    expect(await fs.readFile(path.join(dir, 'Flows/flow/sinks/out.md'), 'utf8')).toBe('two\n');
    await expect(guarded.append('Flows/flow/sinks/out.md', 'three\n')).rejects.toBeInstanceOf(LockLostError);
    await expect(guarded.remove('Flows/flow/sinks/out.md')).rejects.toBeInstanceOf(LockLostError);
    expect(await fs.readFile(path.join(dir, 'Flows/flow/sinks/out.md'), 'utf8')).toBe('two\n');
    expect(await holderOnDisk(dir)).toBe('second run #bbbbbb');
  });
});
