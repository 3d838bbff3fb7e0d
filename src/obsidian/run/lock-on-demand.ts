import type { GuardedRun } from '../../core/lock/guarded-run';
import type { Scheduler, VaultStore } from '../../core/ports';

/** Longest single wait while holding the lock: well under the core's stale limit (30 s). */
const SLEEP_PIECE_MS = 10_000;

export interface LockOnDemandOptions {
  /** The vault, for reads (writes go through the lock's guarded store). */
  base: VaultStore;
  scheduler: Scheduler;
  /** Takes the drawing's run lock (throws RunLockedError when someone else runs it). */
  take: () => Promise<GuardedRun>;
  /**
   * What the run's files look like (names and sizes). Compared when the lock is taken again: if
   * another run (the command line, another device) wrote meanwhile, this view's memory is stale
   * and the action is refused instead of writing over that run's output.
   */
  fingerprint: () => Promise<string>;
  /** The refusal for a stale view: one line saying what to do. */
  staleMessage: string;
  /** Told once per view when the drawing changed since the view opened it. */
  onDrawingChanged: (notice: string) => void;
}

/**
 * The run lock of a run view, held only while an action that writes is under way (run until
 * drained or paused, step, inject, checkpoint, restore) and released right after. A view that is
 * merely open holds nothing and writes nothing: no lock note rewritten every few seconds, no
 * "already running" on a second device while a sidebar is open, nothing left behind by a quit.
 *
 * The session is opened once over `store` and `scheduler` below; they forward each write to the
 * lock taken for the action in progress (fenced and confined to the flows folder by the core's
 * guard), and refuse a write outside any action rather than make it unguarded.
 */
export class LockOnDemand {
  private held: Promise<GuardedRun> | null = null;
  private current: GuardedRun | null = null;
  private holders = 0;
  private notified = false;
  private closed = false;
  private seen: string | null = null;
  /** Told when the last action gives the lock back (see idle). */
  private waiters: (() => void)[] = [];

  constructor(private readonly opts: LockOnDemandOptions) {}

  /** Records what the files look like now (call once the session has read them). */
  async settle(): Promise<void> {
    this.seen = await this.opts.fingerprint();
  }

  /** True while some action holds the lock. */
  get holding(): boolean {
    return this.holders > 0;
  }

  /** Runs `fn` holding the lock; nested and overlapping actions share one tenure. */
  async hold<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('this run view was closed; open it again to run the drawing');
    this.holders++;
    try {
      this.held ??= this.acquire();
      this.current = await this.held;
    } catch (err) {
      if (--this.holders === 0) this.held = null;
      throw err;
    }
    try {
      return await fn();
    } finally {
      if (--this.holders === 0) await this.letGo();
    }
  }

  private async acquire(): Promise<GuardedRun> {
    const run = await this.opts.take();
    if (this.seen !== null && (await this.opts.fingerprint()) !== this.seen) {
      await run.abandon();
      throw new Error(this.opts.staleMessage);
    }
    return run;
  }

  private async letGo(): Promise<void> {
    const run = this.current;
    this.current = null;
    this.held = null;
    this.seen = await this.opts.fingerprint().catch(() => null);
    const changed = await run?.finish().catch(() => null);
    for (const done of this.waiters.splice(0)) done();
    if (changed && !this.notified) {
      this.notified = true;
      this.opts.onDrawingChanged(changed);
    }
  }

  /** Resolves once no action holds the lock any more (at once when none does). */
  idle(): Promise<void> {
    if (this.holders === 0 && this.held === null) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The view stopped showing the drawing: no new actions; one under way gives the lock back when it ends. */
  close(): void {
    this.closed = true;
  }

  /** The plugin unloads: give the lock back without waiting for the action. */
  async abandon(): Promise<void> {
    this.closed = true;
    const run = this.current;
    this.current = null;
    this.held = null;
    await run?.abandon();
  }

  private guard(path: string): VaultStore {
    if (!this.current) throw new Error(`refused to write ${path} outside a run (no run lock is held)`);
    return this.current.store;
  }

  readonly store: VaultStore = {
    read: (p) => this.opts.base.read(p),
    list: (f) => this.opts.base.list(f),
    exists: (p) => this.opts.base.exists(p),
    writeAtomic: async (p, t) => this.guard(p).writeAtomic(p, t),
    append: async (p, t) => this.guard(p).append(p, t),
    remove: async (p) => this.guard(p).remove(p),
  };

  /** Long waits (a slow speed) are cut in pieces so the heartbeat stays fresh through them. */
  readonly scheduler: Scheduler = {
    yieldNow: () => (this.current?.scheduler ?? this.opts.scheduler).yieldNow(),
    sleep: async (ms) => {
      for (let left = ms; left > 0; left -= SLEEP_PIECE_MS) await (this.current?.scheduler ?? this.opts.scheduler).sleep(Math.min(left, SLEEP_PIECE_MS));
    },
  };
}
