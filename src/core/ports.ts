/**
 * The only ways the core reaches the outside world. Each host (Obsidian, the command line,
 * tests, the benchmark) passes its own implementation in, so the core stays deterministic
 * and free of any Obsidian or Node import.
 */

/** A vault seen as a flat set of text files addressed by vault-relative paths with `/`. */
export interface VaultStore {
  read(path: string): Promise<string | null>;
  /** Publishes `text` at `path` all at once: readers see the old file or the new one, never half. */
  writeAtomic(path: string, text: string): Promise<void>;
  /** Appends to a file, creating it if needed (used by append-only logs). */
  append(path: string, text: string): Promise<void>;
  remove(path: string): Promise<void>;
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
