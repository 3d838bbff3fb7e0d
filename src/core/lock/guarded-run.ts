import { flowPaths, joinPath } from '../paths';
import type { Clock, Scheduler, VaultStore } from '../ports';
import { DrawingChangeWatch } from './drawing-fingerprint';
import { RunLock } from './run-lock';
import { guardWrites } from './write-guard';

export interface GuardedRunOptions {
  store: VaultStore;
  clock: Clock;
  scheduler: Scheduler;
  drawingPath: string;
  flowsFolder?: string;
  /** Who runs, readable: `command line (pid 4242)`, `Obsidian`. */
  holder: string;
  staleAfterMs?: number;
  heartbeatMs?: number;
  randomTag?: () => string;
}

/** What a run body gets: the store and scheduler to hand to FlowSession.open. */
export interface GuardedRunContext {
  store: VaultStore;
  scheduler: Scheduler;
  lock: RunLock;
}

export interface GuardedRunResult<T> {
  value: T;
  /** One line when the drawing was edited (or removed) during the run, else null. */
  drawingChanged: string | null;
}

/** `Flows/<drawing's folders>/<drawing>/run-lock.md` */
export function runLockPath(flowsFolder: string | undefined, drawingPath: string): string {
  return joinPath(flowPaths(flowsFolder ?? 'Flows', drawingPath).root, 'run-lock.md');
}

/**
 * Runs `body` holding the drawing's run lock, with writes confined to the drawing's flows
 * folder and refused writes turned into clear StorageErrors. The lock is released whether the
 * body finishes or fails; a second run meanwhile gets a RunLockedError saying who holds it.
 *
 *   const { value: report, drawingChanged } = await withGuardedRun({ store, clock, scheduler, drawingPath, holder }, async (g) => {
 *     const session = await FlowSession.open({ store: g.store, clock, scheduler: g.scheduler, drawingPath });
 *     await session.runUntilDrained();
 *     return session.report();
 *   });
 */
export async function withGuardedRun<T>(opts: GuardedRunOptions, body: (ctx: GuardedRunContext) => Promise<T>): Promise<GuardedRunResult<T>> {
  const root = flowPaths(opts.flowsFolder ?? 'Flows', opts.drawingPath).root;
  const store = guardWrites(opts.store, root);
  const lock = await RunLock.acquire({
    store,
    clock: opts.clock,
    lockPath: joinPath(root, 'run-lock.md'),
    drawingPath: opts.drawingPath,
    holder: opts.holder,
    staleAfterMs: opts.staleAfterMs,
    heartbeatMs: opts.heartbeatMs,
    randomTag: opts.randomTag,
  });
  let value: T;
  let watch: DrawingChangeWatch;
  try {
    watch = await DrawingChangeWatch.start(opts.store, opts.drawingPath);
    value = await body({ store, scheduler: lock.scheduler(opts.scheduler), lock });
  } catch (err) {
    // The body's error is the one worth showing; a failed release must not hide it.
    await lock.release().catch(() => undefined);
    throw err;
  }
  await lock.release();
  return { value, drawingChanged: await watch.changeNotice() };
}
