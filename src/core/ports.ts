/**
 * The only ways the core reaches the outside world. Each host (Obsidian, the command line,
 * tests, the benchmark) passes its own implementation in, so the core stays deterministic
 * and free of any Obsidian or Node import.
 */

/** A vault seen as a flat set of text files addressed by vault-relative paths with `/`. */
/** A file's vault path and its whole text. */
export interface FileText {
  path: string;
  text: string;
}

export interface VaultStore {
  /** The note's text with LF line ends (text/line-ends.ts: a vault rewritten with CRLF reads the same). */
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
  /**
   * Publishes several whole files, each as `writeAtomic` would, in the order given: every text
   * is on disk (written in parallel) before the first name appears, the names then appear one
   * by one, and each folder is flushed once at the end. A crash part-way leaves a prefix of
   * the files published, never a later one without an earlier one — so the file that makes
   * the others count (a checkpoint note over its data files) goes last. Optional: without it,
   * `publishInOrder` writes the files one `writeAtomic` after the other, the same promise.
   */
  writeAtomicAll?(files: readonly FileText[], commit?: () => Promise<void>): Promise<void>;
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

/** Publishes `files` in order through the store's batched write, or one atomic write after another. */
export async function publishInOrder(store: VaultStore, files: readonly FileText[]): Promise<void> {
  if (store.writeAtomicAll && files.length > 1) return store.writeAtomicAll(files);
  for (const f of files) await store.writeAtomic(f.path, f.text);
}
