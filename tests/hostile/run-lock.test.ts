import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { App as RealApp } from 'obsidian';
import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../src/cli/node-vault-store';
import { runLockPath, startGuardedRun, withGuardedRun } from '../../src/core/lock/guarded-run';
import { parseLockNote, renderLockNote } from '../../src/core/lock/lock-note';
import { LockLostError, RunLock, RunLockedError } from '../../src/core/lock/run-lock';
import { ObsVaultStore } from '../../src/obsidian/ObsVaultStore';
import { loadPlugin } from '../helpers/obsidian-host';
import { fixedClock, instantScheduler, listFiles, tempVault } from '../helpers/temp-vault';

const DRAWING = 'drawings/flow.excalidraw.md';
const LOCK = 'Flows/drawings/flow/run-lock.md';
const T0 = '2026-01-02T03:04:05.000Z';

async function vaultWithDrawing(): Promise<{ dir: string; store: NodeVaultStore }> {
  const dir = await tempVault();
  await fs.mkdir(path.join(dir, 'drawings'));
  await fs.writeFile(path.join(dir, DRAWING), 'a drawing\n');
  return { dir, store: new NodeVaultStore(dir) };
}

const lockOpts = (store: NodeVaultStore, clock = fixedClock(), holder = 'command line (pid 1)', tag = 'aaaaaa') => ({
  store, clock, lockPath: LOCK, drawingPath: DRAWING, holder, randomTag: () => tag,
});

describe('run lock: one run holds a drawing', () => {
  it('puts the lock note in the drawing\'s flows folder, readable, and tells a second run who holds it', async () => {
    const { dir, store } = await vaultWithDrawing();
    expect(runLockPath(undefined, DRAWING)).toBe(LOCK);
    const clock = fixedClock();
    const first = await RunLock.acquire(lockOpts(store, clock));
    const note = await fs.readFile(path.join(dir, LOCK), 'utf8');
    expect(note).toContain('holder: "command line (pid 1) #aaaaaa"');
    expect(note).toContain(`started: "${T0}"`);
    expect(note).toContain('# flow is running');
    clock.advance(12_000);
    const second = RunLock.acquire(lockOpts(store, clock, 'Obsidian', 'bbbbbb'));
    await expect(second).rejects.toBeInstanceOf(RunLockedError);
    await expect(second).rejects.toThrow(
      `drawings/flow.excalidraw.md is already running (command line (pid 1) #aaaaaa, since ${T0}, last heartbeat 12 s ago); a drawing runs once at a time. ` +
        'Wait for that run to finish; if it is gone, its lock Flows/drawings/flow/run-lock.md is taken over once the heartbeat is 30 s old, or delete that note.',
    );
    await first.release();
    expect(await listFiles(dir)).toEqual([DRAWING]);
  });

  it('lets exactly one of many simultaneous runs in (real files, exclusive create)', async () => {
    const { dir, store } = await vaultWithDrawing();
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => RunLock.acquire(lockOpts(store, fixedClock(), `run ${i}`, `t${i}`))));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => r.reason instanceof RunLockedError)).toBe(true);
    expect(await listFiles(dir)).toEqual([LOCK, DRAWING].sort());
  });

  it('keeps a live lock: heartbeats move it forward, so a slow run is not taken over', async () => {
    const { store } = await vaultWithDrawing();
    const clock = fixedClock();
    const lock = await RunLock.acquire({ ...lockOpts(store, clock), heartbeatMs: 5_000 });
    const scheduler = lock.scheduler(instantScheduler);
    for (let i = 0; i < 10; i++) {
      clock.advance(6_000);
      await scheduler.yieldNow();
    }
    expect(parseLockNote((await store.read(LOCK))!)?.heartbeatAt).toBe(Date.parse(T0) + 60_000);
    await expect(RunLock.acquire(lockOpts(store, clock, 'Obsidian', 'bbbbbb'))).rejects.toBeInstanceOf(RunLockedError);
  });

  it('takes over a stale lock (holder died), and the old holder stops at its next heartbeat', async () => {
    const { store } = await vaultWithDrawing();
    const clock = fixedClock();
    const dead = await RunLock.acquire(lockOpts(store, clock));
    clock.advance(30_001);
    const next = await RunLock.acquire(lockOpts(store, clock, 'Obsidian', 'bbbbbb'));
    expect(parseLockNote((await store.read(LOCK))!)?.holder).toBe('Obsidian #bbbbbb');
    await expect(dead.beat()).rejects.toThrow(new LockLostError(LOCK, next.record));
    await expect(dead.beat()).rejects.toThrow('the run lock Flows/drawings/flow/run-lock.md was taken over by Obsidian #bbbbbb; this run stopped so that two runs never write the same checkpoints');
    await dead.release(); // not ours any more: must leave the new holder's note alone
    expect(parseLockNote((await store.read(LOCK))!)?.holder).toBe('Obsidian #bbbbbb');
  });

  it.each([
    ['empty', ''],
    ['cut short', '---\nholder: "command line (pid 9) #x'],
    ['binary junk', '\u0000\u00ff\ufffd\u0001garbage'],
    ['a heartbeat a day in the future', renderLockNote({ holder: 'clock broken #z', drawing: DRAWING, startedAt: Date.parse(T0), heartbeatAt: Date.parse(T0) + 86_400_000 }, 30_000)],
  ])('takes over a lock note that is %s', async (_what, text) => {
    const { store } = await vaultWithDrawing();
    await store.writeAtomic(LOCK, text);
    const lock = await RunLock.acquire(lockOpts(store));
    expect(parseLockNote((await store.read(LOCK))!)?.holder).toBe(lock.record.holder);
  });

  it('works without exclusive create too (a store wrapper that lacks it)', async () => {
    const { store } = await vaultWithDrawing();
    const plain = { read: store.read.bind(store), writeAtomic: store.writeAtomic.bind(store), append: store.append.bind(store), remove: store.remove.bind(store), list: store.list.bind(store), exists: store.exists.bind(store) };
    const first = await RunLock.acquire({ ...lockOpts(store), store: plain });
    await expect(RunLock.acquire({ ...lockOpts(store, fixedClock(), 'two', 'bbbbbb'), store: plain })).rejects.toBeInstanceOf(RunLockedError);
    await first.release();
    expect(await store.exists(LOCK)).toBe(false);
  });
});

describe('withGuardedRun: what the hosts call', () => {
  const opts = (store: NodeVaultStore, clock = fixedClock()) => ({ store, clock, scheduler: instantScheduler, drawingPath: DRAWING, holder: 'command line (pid 1)', randomTag: () => 'aaaaaa' });

  it('releases the lock when the run finishes and when it fails', async () => {
    const { dir, store } = await vaultWithDrawing();
    const ok = await withGuardedRun(opts(store), async (g) => {
      expect(await store.exists(LOCK)).toBe(true);
      await g.store.writeAtomic('Flows/drawings/flow/checkpoints/checkpoint-0001.md', 'x');
      return 42;
    });
    expect(ok).toEqual({ value: 42, drawingChanged: null });
    await expect(withGuardedRun(opts(store), () => Promise.reject(new Error('engine broke')))).rejects.toThrow('engine broke');
    expect(await listFiles(dir)).toEqual(['Flows/drawings/flow/checkpoints/checkpoint-0001.md', DRAWING]);
  });

  it('refuses a second run while the first holds the drawing, naming the holder', async () => {
    const { store } = await vaultWithDrawing();
    await withGuardedRun(opts(store), async () => {
      await expect(withGuardedRun({ ...opts(store), holder: 'Obsidian' }, () => Promise.resolve(1))).rejects.toThrow(/is already running \(command line \(pid 1\) #aaaaaa, since/);
    });
  });

  it('says the drawing changed when it was edited during the run, and when it was deleted', async () => {
    const { dir, store } = await vaultWithDrawing();
    const edited = await withGuardedRun(opts(store), async () => fs.appendFile(path.join(dir, DRAWING), 'an edit\n'));
    expect(edited.drawingChanged).toBe('drawings/flow.excalidraw.md was edited while it ran; this run used the drawing as it was when it started — run it again to use the changes');
    const removed = await withGuardedRun(opts(store), async () => fs.rm(path.join(dir, DRAWING)));
    expect(removed.drawingChanged).toMatch(/^drawings\/flow\.excalidraw\.md was deleted or renamed while it ran/);
  });

  it('never lets the run write outside the drawing\'s flows folder', async () => {
    const { dir, store } = await vaultWithDrawing();
    await expect(withGuardedRun(opts(store), (g) => g.store.writeAtomic('Flows/drawings/other/x.md', 'x'))).rejects.toThrow(
      'could not write Flows/drawings/other/x.md: it is outside the flows folder Flows/drawings/flow (refused)',
    );
    await expect(withGuardedRun(opts(store), (g) => g.store.append(`${'.obs'}idian/plugins/x/main.js`, 'x'))).rejects.toThrow(/outside the flows folder/);
    expect(await listFiles(dir)).toEqual([DRAWING]);
  });
});

describe('run lock in the plugin host (ObsVaultStore over the stand-in vault)', () => {
  it('creates exclusively: one of several simultaneous runs wins, the note is a real vault file', async () => {
    const dir = await tempVault();
    await fs.mkdir(path.join(dir, 'drawings'));
    await fs.writeFile(path.join(dir, DRAWING), 'a drawing\n');
    const { app } = await loadPlugin(dir);
    const store = new ObsVaultStore(app as unknown as RealApp);
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => RunLock.acquire({ store, clock: fixedClock(), lockPath: LOCK, drawingPath: DRAWING, holder: `view ${i}` })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await store.createExclusive(LOCK, 'x')).toBe(false);
    expect(parseLockNote(await fs.readFile(path.join(dir, LOCK), 'utf8'))?.holder).toMatch(/^view \d #/);
  });
});

describe('fencing: a run that lost its lock writes nothing more', () => {
  const guardOpts = (store: NodeVaultStore, clock: ReturnType<typeof fixedClock>, holder: string, tag: string) => ({ store, clock, scheduler: instantScheduler, drawingPath: DRAWING, holder, randomTag: () => tag });

  it('refuses every append, atomic write and delete of a holder taken over while it stalled', async () => {
    const { dir, store } = await vaultWithDrawing();
    const clock = fixedClock();
    const stalled = await startGuardedRun(guardOpts(store, clock, 'command line (pid 1)', 'aaaaaa'));
    expect(stalled.lock.generation).toBe(1);
    await stalled.store.writeAtomic('Flows/drawings/flow/sinks/out.md', 'row 1\n');
    clock.advance(31_000); // SIGSTOP for 31 s: no heartbeat, the lock looks dead
    const next = await startGuardedRun(guardOpts(store, clock, 'command line (pid 2)', 'bbbbbb'));
    expect(next.lock.generation).toBe(2);
    expect(parseLockNote((await store.read(LOCK))!)).toMatchObject({ holder: 'command line (pid 2) #bbbbbb', generation: 2 });
    // Woken: each kind of write is refused before it touches the disk, and stays refused.
    await expect(stalled.store.append('Flows/drawings/flow/sinks/out.md', 'row 2\n')).rejects.toBeInstanceOf(LockLostError);
    await expect(stalled.store.writeAtomic('Flows/drawings/flow/checkpoints/checkpoint-0002.md', 'x')).rejects.toThrow(/was taken over by command line \(pid 2\) #bbbbbb/);
    await expect(stalled.store.remove('Flows/drawings/flow/sinks/out.md')).rejects.toBeInstanceOf(LockLostError);
    await stalled.abandon();
    expect(await fs.readFile(path.join(dir, 'Flows/drawings/flow/sinks/out.md'), 'utf8')).toBe('row 1\n');
    expect(parseLockNote((await store.read(LOCK))!)?.holder).toBe('command line (pid 2) #bbbbbb');
    await next.store.append('Flows/drawings/flow/sinks/out.md', 'row 2\n');
    await next.finish();
    expect(await store.exists(LOCK)).toBe(false);
  });

  it('refuses when the note was replaced by hand with the same holder but another generation, and after release', async () => {
    const { store } = await vaultWithDrawing();
    const clock = fixedClock();
    const run = await startGuardedRun(guardOpts(store, clock, 'Obsidian', 'cccccc'));
    await store.writeAtomic(LOCK, renderLockNote({ ...run.lock.record, generation: 7 }, 30_000));
    await expect(run.store.append('Flows/drawings/flow/x.md', 'x')).rejects.toBeInstanceOf(LockLostError);
    const other = await startGuardedRun({ ...guardOpts(store, clock, 'Obsidian', 'dddddd'), store: new NodeVaultStore(store.root) }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(RunLockedError); // the hand-made note is live: nobody may take it
    await store.remove(LOCK);
    const fresh = await startGuardedRun(guardOpts(store, clock, 'Obsidian', 'eeeeee'));
    await fresh.finish();
    await expect(fresh.store.append('Flows/drawings/flow/x.md', 'x')).rejects.toThrow(/already released/);
  });

  it('writes the heartbeat at most every 15 s: 40 times in a 10-minute run that yields every 100 ms', async () => {
    const { store } = await vaultWithDrawing();
    const clock = fixedClock();
    let lockWrites = 0;
    const counting = { ...store, read: store.read.bind(store), list: store.list.bind(store), exists: store.exists.bind(store), append: store.append.bind(store), remove: store.remove.bind(store), createExclusive: store.createExclusive.bind(store),
      writeAtomic: (p: string, t: string) => ((lockWrites += p === LOCK ? 1 : 0), store.writeAtomic(p, t)) };
    const run = await startGuardedRun({ ...guardOpts(store, clock, 'Obsidian', 'ffffff'), store: counting });
    for (let t = 0; t < 600_000; t += 100) {
      clock.advance(100);
      await run.scheduler.yieldNow();
      if (t % 1000 === 0) await run.store.append('Flows/drawings/flow/sinks/out.md', 'r\n');
    }
    await run.finish();
    expect(lockWrites).toBe(40);
  });
});
