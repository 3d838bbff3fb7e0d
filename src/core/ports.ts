/**
 * The only ways the core reaches the outside world. Each host (Obsidian, the command line,
 * tests, the benchmark) passes its own implementation in, so the core stays deterministic
 * and free of any Obsidian or Node import.
 */

/** A vault seen as a flat set of text files addressed by vault-relative paths with `/`. */
export interface VaultStore {
  read(path: string): Promise<string | null>;
  /**
   * Publishes `text` at `path` all at once: readers see the old file or the new one, never half.
   *
   * `commit`, on this and the two below, is the run's fencing check (write-guard.ts). A store
   * that can should call it at the last moment, right before the change becomes visible (the
   * temporary file written, the file opened for appending), and change nothing when it throws:
   * a run stalled in the middle of a write and taken over meanwhile then writes nothing. The
   * guard checks before calling the store as well, so a store may ignore it.
   */
  writeAtomic(path: string, text: string, commit?: () => Promise<void>): Promise<void>;
  /** Appends to a file, creating it if needed (used by append-only logs). */
  append(path: string, text: string, commit?: () => Promise<void>): Promise<void>;
  remove(path: string, commit?: () => Promise<void>): Promise<void>;
  /** Paths of the files directly inside `folder` (not recursive); empty when the folder is missing. */
  list(folder: string): Promise<string[]>;
  exists(path: string): Promise<boolean>;
  /**
   * Creates `path` holding `text` only if nothing is there yet, in one step no other writer can
   * interleave with; false when it already exists. Used for the run lock; optional so that test
   * wrappers need not implement it (the lock then falls back to check-then-write).
   */
  createExclusive?(path: string, text: string): Promise<boolean>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** Lets the engine give the host's event loop a turn, and wait (for `--rate`). */
export interface Scheduler {
  yieldNow(): Promise<void>;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now() };
