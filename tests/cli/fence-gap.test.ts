import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../src/cli/node-vault-store';
import { startGuardedRun } from '../../src/core/lock/guarded-run';
import { LockLostError } from '../../src/core/lock/run-lock';
import { fixedClock, instantScheduler, listFiles, tempVault } from '../helpers/temp-vault';

const DRAWING = 'flow.excalidraw.md';
const NOTE = 'Flows/flow/sinks/out.md';

/**
 * The real store, with a stall (what SIGSTOP does to a process) at the worst moments of a
 * write: `before` the store's last check of the fencing token, or `after` it, between the check
 * and the write reaching the file.
 */
class StallingStore extends NodeVaultStore {
  at: 'before' | 'after' | null = null;
  private wake: () => void = () => undefined;
  private reached: () => void = () => undefined;
  /** Resolves once a write is stalled. */
  stalled = new Promise<void>((r) => (this.reached = r));

  private hook(commit?: () => Promise<void>): (() => Promise<void>) | undefined {
    const at = this.at;
    if (!commit || at === null) return commit;
    const stall = (): Promise<void> =>
      new Promise<void>((r) => {
        this.wake = r;
        this.reached();
      });
    return async () => {
      if (at === 'before') await stall();
      await commit();
      if (at === 'after') await stall();
    };
  }

  resume(): void {
    this.wake();
  }

  override append(p: string, text: string, commit?: () => Promise<void>): Promise<void> {
    return super.append(p, text, this.hook(commit));
  }

  override writeAtomic(p: string, text: string, commit?: () => Promise<void>): Promise<void> {
    return super.writeAtomic(p, text, this.hook(commit));
  }
}

async function setUp(): Promise<{ dir: string; stalling: StallingStore; clock: ReturnType<typeof fixedClock> }> {
  const dir = await tempVault();
  await fs.writeFile(path.join(dir, DRAWING), 'a drawing\n');
  return { dir, stalling: new StallingStore(dir), clock: fixedClock() };
}

const guard = (store: NodeVaultStore, clock: ReturnType<typeof fixedClock>, holder: string) => ({ store, clock, scheduler: instantScheduler, drawingPath: DRAWING, holder, randomTag: () => holder.slice(-1).repeat(6) });

describe('one writer: a holder stalled in the middle of a write and woken after a takeover writes nothing', () => {
  it('an append stalled after its last check lands in the note the new holder replaced, not in the note', async () => {
    const { dir, stalling, clock } = await setUp();
    const a = await startGuardedRun(guard(stalling, clock, 'run a'));
    await a.store.writeAtomic(NOTE, 'row 1\n');
    await a.store.append(NOTE, 'row 2\n');
    stalling.at = 'after';
    const stale = a.store.append(NOTE, 'stale row\n');
    await stalling.stalled;
    clock.advance(31_000); // no heartbeat for 31 s: the lock looks dead and is taken over
    const b = await startGuardedRun(guard(new NodeVaultStore(dir), clock, 'run b'));
    expect(b.lock.generation).toBe(2);
    await b.store.append(NOTE, 'row 3\n');
    stalling.resume();
    // It lands where no one reads it, and the run, having been stopped past the lock's staleness, stops there.
    await expect(stale).rejects.toThrow(/may have been taken over while this run was stopped for 31 s in the middle of a write/);
    expect(await fs.readFile(path.join(dir, NOTE), 'utf8')).toBe('row 1\nrow 2\nrow 3\n');
    await expect(a.store.append(NOTE, 'more\n')).rejects.toBeInstanceOf(LockLostError);
    await b.finish();
  });

  it('an append or an atomic write stalled before its last check is refused, leaving nothing behind', async () => {
    for (const op of ['append', 'writeAtomic'] as const) {
      const { dir, stalling, clock } = await setUp();
      const a = await startGuardedRun(guard(stalling, clock, 'run a'));
      await a.store.writeAtomic(NOTE, 'row 1\n');
      stalling.at = 'before';
      const stale = op === 'append' ? a.store.append(NOTE, 'stale row\n') : a.store.writeAtomic(NOTE, 'stale table\n');
      await stalling.stalled;
      clock.advance(31_000);
      const b = await startGuardedRun(guard(new NodeVaultStore(dir), clock, 'run b'));
      await b.store.append(NOTE, 'row 2\n');
      stalling.resume();
      await expect(stale).rejects.toBeInstanceOf(LockLostError);
      expect(await fs.readFile(path.join(dir, NOTE), 'utf8')).toBe('row 1\nrow 2\n');
      expect((await listFiles(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      await b.finish();
    }
  });
});
