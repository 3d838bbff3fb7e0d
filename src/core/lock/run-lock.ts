import type { Clock, Scheduler, VaultStore } from '../ports';
import { parseLockNote, renderLockNote, type LockRecord } from './lock-note';
import type { StallCheck } from './write-guard';

/** A run whose holder has not written a heartbeat for this long is taken to be dead. */
export const DEFAULT_STALE_AFTER_MS = 30_000;
/**
 * How often a live run refreshes its heartbeat (at the turns it gives back to the host, and
 * before a write when it is due): a 10-minute run rewrites the lock note 40 times, and a
 * heartbeat may come up to 15 s late (a long slice, a big checkpoint) before the lock looks dead.
 */
export const DEFAULT_HEARTBEAT_MS = 15_000;

export interface RunLockOptions {
  store: VaultStore;
  clock: Clock;
  /** Vault-relative path of the lock note, e.g. `Flows/<drawing>/run-lock.md`. */
  lockPath: string;
  drawingPath: string;
  /** Who is asking, readable: `command line (pid 4242)`, `Obsidian`. A random tag is added. */
  holder: string;
  staleAfterMs?: number;
  heartbeatMs?: number;
  /** Random tag source; tests pass a fixed one. */
  randomTag?: () => string;
  /**
   * Whether the host can tell for sure that a lock's holder is gone (the command line: a
   * process on this machine that no longer exists), so a killed run's lock is taken over at
   * once instead of after `staleAfterMs`.
   */
  holderIsGone?: (holder: string) => boolean;
}

/** The drawing is being run by someone else: the message says who, since when, and what to do. */
export class RunLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly held: LockRecord,
    now: number,
    staleAfterMs: number,
  ) {
    const ago = Math.max(0, Math.round((now - held.heartbeatAt) / 1000));
    super(
      `${held.drawing} is already running (${held.holder}, since ${new Date(held.startedAt).toISOString()}, last heartbeat ${ago} s ago); ` +
        `a drawing runs once at a time. Wait for that run to finish; if it is gone, its lock ${lockPath} is taken over once the heartbeat is ${Math.round(staleAfterMs / 1000)} s old, or delete that note.`,
    );
    this.name = 'RunLockedError';
  }
}

/** Another run took the lock over (ours looked dead): stop before writing anything more. */
export class LockLostError extends Error {
  constructor(lockPath: string, now: LockRecord | null, why?: string) {
    super(why ?? `the run lock ${lockPath} was taken over by ${now ? now.holder : 'someone else'}; this run stopped so that two runs never write the same checkpoints`);
    this.name = 'LockLostError';
  }
}

const defaultTag = (): string => Math.random().toString(36).slice(2, 8);

/**
 * One run holds a drawing. Acquisition is atomic when the store can create a file only if it
 * is absent (`createExclusive`); a lock whose heartbeat is older than `staleAfterMs` (its run
 * crashed or was killed) is taken over. A holder re-reads the note at every heartbeat, so if two
 * runs ever raced for a stale lock, the loser notices and stops instead of writing checkpoints.
 */
export class RunLock {
  private released = false;
  private lastBeat: number;
  /** Set once the lock was found taken over: every later write is refused with it. */
  private lost: LockLostError | null = null;

  private constructor(
    private readonly opts: RunLockOptions,
    readonly record: LockRecord,
    /**
     * True when this lock was taken over from a holder that may still be alive: its heartbeat
     * went stale, but nobody could tell that its process is gone (a stalled run, SIGSTOP, a
     * sleeping laptop). Such a holder may be in the middle of a write; see reissueAppendedNotes.
     */
    readonly tookOverLiveHolder = false,
  ) {
    this.lastBeat = record.heartbeatAt;
  }

  get path(): string {
    return this.opts.lockPath;
  }

  private get staleAfterMs(): number {
    return this.opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  }

  static async acquire(opts: RunLockOptions): Promise<RunLock> {
    const now = opts.clock.now();
    const record: LockRecord = { holder: `${opts.holder} #${(opts.randomTag ?? defaultTag)()}`, drawing: opts.drawingPath, startedAt: now, heartbeatAt: now, generation: 1 };
    const lock = new RunLock(opts, record);
    const text = renderLockNote(record, lock.staleAfterMs);
    if (await lock.create(text)) return lock;
    // Someone holds it, or held it and died. Look once, take over only a dead or unreadable lock.
    const existing = await opts.store.read(opts.lockPath);
    const held = existing === null ? null : parseLockNote(existing);
    if (held && !lock.isStale(held, now)) throw new RunLockedError(opts.lockPath, held, now, lock.staleAfterMs);
    // The next fencing token: every write of the run we take over from now checks for its own.
    const gone = held !== null && opts.holderIsGone?.(held.holder) === true;
    const next = new RunLock(opts, { ...record, generation: (held?.generation ?? 0) + 1 }, existing !== null && !gone);
    // Remove only what we judged dead: if it changed meanwhile, someone else is taking over too.
    if (existing !== null && (await opts.store.read(opts.lockPath)) === existing) await opts.store.remove(opts.lockPath);
    if (await next.create(renderLockNote(next.record, next.staleAfterMs))) return next;
    const winner = await opts.store.read(opts.lockPath);
    // Unreadable here means another run is creating its note at this very moment: it got there first.
    const parsed = (winner === null ? null : parseLockNote(winner)) ?? { holder: 'another run starting at the same moment', drawing: opts.drawingPath, startedAt: now, heartbeatAt: now, generation: 0 };
    throw new RunLockedError(opts.lockPath, parsed, now, lock.staleAfterMs);
  }

  private isStale(held: LockRecord, now: number): boolean {
    if (this.opts.holderIsGone?.(held.holder)) return true;
    // A heartbeat far in the future comes from a broken clock or a hand edit: it cannot keep a lock forever.
    return now - held.heartbeatAt > this.staleAfterMs || held.heartbeatAt - now > this.staleAfterMs;
  }

  private async create(text: string): Promise<boolean> {
    const { store, lockPath } = this.opts;
    if (store.createExclusive) return store.createExclusive(lockPath, text);
    // A store without exclusive create: check, write, read back. Not atomic, but a loser of
    // the race sees someone else's holder at its first heartbeat and stops.
    if (await store.exists(lockPath)) return false;
    await store.writeAtomic(lockPath, text);
    const back = await store.read(lockPath);
    return back !== null && parseLockNote(back)?.holder === this.record.holder;
  }

  /** The fencing token of this tenure (see LockRecord.generation). */
  get generation(): number {
    return this.record.generation;
  }

  /** Throws LockLostError unless the lock note still names this tenure (holder and generation). */
  private async verify(): Promise<void> {
    if (this.lost) throw this.lost;
    const { store, lockPath } = this.opts;
    const text = await store.read(lockPath);
    const now = text === null ? null : parseLockNote(text);
    if (!now || now.holder !== this.record.holder || now.generation !== this.record.generation) {
      this.lost = new LockLostError(lockPath, now);
      throw this.lost;
    }
  }

  /** Refreshes the heartbeat; throws LockLostError when the note now names another holder. */
  async beat(): Promise<void> {
    if (this.released) return;
    await this.verify();
    const at = this.opts.clock.now();
    let checkedAt = at;
    // Checked again right before the rename, as every fenced write is: a run stalled while it wrote the
    // heartbeat (SIGSTOP, a sleeping laptop) and taken over meanwhile must not put its old tenure back.
    await this.opts.store.writeAtomic(this.opts.lockPath, renderLockNote({ ...this.record, heartbeatAt: at }, this.staleAfterMs), async () => {
      await this.verify();
      checkedAt = this.opts.clock.now();
    });
    // Stopped between that check and the rename long enough to be taken over: the rename may have put
    // this tenure back over the new holder's note. Both stop then (the new holder at its next check).
    this.afterWrite(checkedAt);
    this.lastBeat = at;
  }

  /**
   * The fence every write of the run passes first (append, atomic write/rename, delete): the
   * note must still carry this tenure's holder and generation, or the write is refused with
   * LockLostError and so is every one after it. A run stalled past `staleAfterMs` (SIGSTOP, a
   * laptop lid) and taken over meanwhile thus writes nothing once woken. The heartbeat is
   * refreshed here too when due, so a run busy between two yields keeps its lock.
   */
  async assertHeld(): Promise<void> {
    if (this.released) throw this.lost ?? new LockLostError(this.opts.lockPath, null, `the run lock ${this.opts.lockPath} was already released; this run writes nothing more`);
    if (this.opts.clock.now() - this.lastBeat >= (this.opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS)) await this.beat();
    else await this.verify();
  }

  /**
   * After a write the fence let through at `checkedAt` (clock time): a run stopped between that
   * check and the write itself (SIGSTOP, a laptop asleep) for as long as a lock goes stale may
   * have been taken over meanwhile, its write landing in the new holder's tenure. That write
   * cannot be taken back; the run stops here instead of going on as if it still held the drawing.
   */
  afterWrite(checkedAt: number): void {
    const stalled = this.opts.clock.now() - checkedAt;
    if (stalled < this.staleAfterMs) return;
    const { lockPath } = this.opts;
    this.lost = new LockLostError(lockPath, null, `the run lock ${lockPath} may have been taken over while this run was stopped for ${Math.round(stalled / 1000)} s in the middle of a write; this run stopped so that two runs never write the same checkpoints`);
    throw this.lost;
  }

  /** The check guardWrites makes after each fenced write (see afterWrite). */
  stallCheck(): StallCheck {
    return { now: () => this.opts.clock.now(), afterWrite: (t) => this.afterWrite(t), isStall: (err) => err instanceof LockLostError };
  }

  async beatIfDue(): Promise<void> {
    if (this.opts.clock.now() - this.lastBeat >= (this.opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS)) await this.beat();
  }

  /** The host's scheduler, refreshing the heartbeat at each turn the run gives back. */
  scheduler(inner: Scheduler): Scheduler {
    return {
      yieldNow: async () => {
        await this.beatIfDue();
        await inner.yieldNow();
      },
      sleep: async (ms) => {
        await this.beatIfDue();
        await inner.sleep(ms);
      },
    };
  }

  /** Removes the note if it is still ours; safe to call twice, and after a failure. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    // Lost: whatever the note says now is not this run's to remove (a late rename may have put this tenure back; see afterWrite).
    if (this.lost) return;
    const { store, lockPath } = this.opts;
    const ours = async (): Promise<boolean> => {
      const text = await store.read(lockPath);
      const held = text === null ? null : parseLockNote(text);
      return held?.holder === this.record.holder && held.generation === this.record.generation;
    };
    if (!(await ours())) return;
    // Asked again right before the removal: a run stalled in between and taken over must not remove the new holder's note.
    const notOurs = new Error('not ours');
    await store
      .remove(lockPath, async () => {
        if (!(await ours())) throw notOurs;
      })
      .catch((err: unknown) => {
        if (err !== notOurs) throw err;
      });
  }
}
