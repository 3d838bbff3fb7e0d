import { flowPaths, joinPath } from '../paths';
import type { Clock, Scheduler, VaultStore } from '../ports';
import { DrawingChangeWatch } from './drawing-fingerprint';
import { RunLock } from './run-lock';
import { guardWrites } from './write-guard';
import { reissueAppendedNotes } from './takeover';

export interface GuardedRunOptions {
  store: VaultStore;
  clock: Clock;
  scheduler: Scheduler;
  drawingPath: string;
  flowsFolder?: string;
  /** The drawing's folder under it when the host looked it up (resumeRoot); flowPaths' by default. */
  flowsRoot?: string;
  /** Who runs, readable: `command line (pid 4242)`, `Obsidian`. */
  holder: string;
  staleAfterMs?: number;
  heartbeatMs?: number;
  randomTag?: () => string;
  /** See RunLockOptions.holderIsGone. */
  holderIsGone?: (holder: string) => boolean;
  /**
   * Started before the host read the drawing for its plan (so an edit in between is reported
   * too); taken right after the lock when absent.
   */
  watch?: DrawingChangeWatch;
}

/** What a run body gets: the store and scheduler to hand to FlowSession.open. */
export interface GuardedRunContext {
  store: VaultStore;
  scheduler: Scheduler;
  lock: RunLock;
  /** The drawing's flows folder the run is confined to (give it to the session as `flowsRoot`). */
  root: string;
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
 *   const watch = await DrawingChangeWatch.start(store, drawingPath); // before reading the drawing
 *   const { plan, diagnostics } = await planDrawing(store, drawingPath); // bad input: nothing written, no lock taken
 *   const { value: report, drawingChanged } = await withGuardedRun({ store, clock, scheduler, drawingPath, holder, watch }, async (g) => {
 *     const session = await FlowSession.fromPlan(plan, { store: g.store, clock, scheduler: g.scheduler, drawingPath }, diagnostics);
 *     await session.runUntilDrained();
 *     return session.report();
 *   });
 */
export async function withGuardedRun<T>(opts: GuardedRunOptions, body: (ctx: GuardedRunContext) => Promise<T>): Promise<GuardedRunResult<T>> {
  const run = await startGuardedRun(opts);
  let value: T;
  try {
    value = await body(run);
  } catch (err) {
    // The body's error is the one worth showing; a failed release must not hide it.
    await run.abandon();
    throw err;
  }
  return { value, drawingChanged: await run.finish() };
}

/** A run held open (the run view keeps its session between clicks): finish or abandon it exactly once. */
export interface GuardedRun extends GuardedRunContext {
  /** Releases the lock; returns the drawing-changed notice (or null). */
  finish(): Promise<string | null>;
  /** Releases the lock after a failure, never throwing. */
  abandon(): Promise<void>;
}

/**
 * The lock, write guard and change watch without a callback, for hosts whose run outlives one
 * call (the plugin's run view). While such a run sits paused nothing yields, so the host must
 * call `lock.beat()` on a timer (e.g. `plugin.registerInterval(window.setInterval(…, 5000))`),
 * or another run will take the lock over after `staleAfterMs`.
 */
export async function startGuardedRun(opts: GuardedRunOptions): Promise<GuardedRun> {
  const root = opts.flowsRoot ?? flowPaths(opts.flowsFolder ?? 'Flows', opts.drawingPath).root;
  // The lock writes its own note unfenced (it checks itself); every write of the run is fenced by it.
  const lockStore = guardWrites(opts.store, root);
  const lock = await RunLock.acquire({
    store: lockStore,
    clock: opts.clock,
    lockPath: joinPath(root, 'run-lock.md'),
    drawingPath: opts.drawingPath,
    holder: opts.holder,
    staleAfterMs: opts.staleAfterMs,
    heartbeatMs: opts.heartbeatMs,
    randomTag: opts.randomTag,
    holderIsGone: opts.holderIsGone,
  });
  let watch: DrawingChangeWatch;
  try {
    watch = opts.watch ?? (await DrawingChangeWatch.start(opts.store, opts.drawingPath));
  } catch (err) {
    await lock.release().catch(() => undefined);
    throw err;
  }
  const store = guardWrites(opts.store, root, () => lock.assertHeld(), lock.stallCheck());
  if (lock.tookOverLiveHolder) {
    try {
      await reissueAppendedNotes(store, root);
    } catch (err) {
      await lock.release().catch(() => undefined);
      throw err;
    }
  }
  return {
    store,
    scheduler: lock.scheduler(opts.scheduler),
    lock,
    root,
    finish: async () => {
      await lock.release();
      return watch.changeNotice();
    },
    abandon: () => lock.release().catch(() => undefined),
  };
}
