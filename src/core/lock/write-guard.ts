import { isInside } from '../paths';
import type { VaultStore } from '../ports';
import { joinLines } from '../text/scan';

/**
 * A write the vault refused (disk full, permission denied, read-only). Hosts show the one-line
 * message; the command line exits with code 1 (the input was fine, the machine was not).
 */
export class StorageError extends Error {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    cause: string,
    /** Whether a checkpoint note exists to resume from (the message must not promise one that is not there). */
    hasCheckpoint = true,
  ) {
    super(
      `could not write ${path}: ${cause}; the run stopped, nothing was half-written and ` +
        (hasCheckpoint ? 'the last complete checkpoint is still valid' : 'no checkpoint was written yet, so the next run starts from the beginning'),
    );
    this.name = 'StorageError';
  }
}

const CAUSES: Record<string, string> = {
  ENOSPC: 'the disk is full (ENOSPC)',
  EDQUOT: 'the disk quota is used up (EDQUOT)',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'operation not permitted (EPERM)',
  EROFS: 'the file system is read-only (EROFS)',
};

/** Errno code of a Node error, or one named in the message (Obsidian's adapter rethrows plain Errors). */
function errnoOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  const m = /\b(ENOSPC|EDQUOT|EACCES|EPERM|EROFS|EIO|EBUSY)\b/.exec(err instanceof Error ? err.message : String(err));
  return m?.[1];
}

export function describeWriteFailure(path: string, err: unknown, hasCheckpoint = true): StorageError {
  if (err instanceof StorageError) return err;
  const code = errnoOf(err);
  const cause = (code && CAUSES[code]) ?? (err instanceof Error ? joinLines(err.message) : String(err));
  return new StorageError(path, code, cause, hasCheckpoint);
}

/** Which of a batch's files a system error is about (its path is the file's, or its temporary file's). */
function fileOfError(files: readonly { path: string }[], err: unknown): string | undefined {
  const at = (err as { path?: unknown } | null)?.path;
  if (typeof at !== 'string') return undefined;
  const p = at.replace(/\\/g, '/');
  return files.find((f) => p.endsWith(`/${f.path}`) || p.includes(`/${f.path}.flows-`))?.path;
}

/** Whether `root/checkpoints` holds a checkpoint note (asked only after a write failed). */
async function hasCheckpointNote(store: VaultStore, root: string): Promise<boolean> {
  try {
    return (await store.list(`${root}/checkpoints`)).some((f) => /(^|\/)checkpoint-\d+\.md$/.test(f));
  } catch {
    return true;
  }
}

/**
 * What the run lock checks after each write its fence let through (RunLock.afterWrite): the
 * write happened some time after the check at `checkedAt`, and if the run was stopped for long
 * enough in between to lose its lock, it must not go on.
 */
export interface StallCheck {
  now(): number;
  /** Throws (LockLostError) when the run stalled so long since `checkedAt` that it may have been taken over. */
  afterWrite(checkedAt: number): void;
  /** Whether `err` is what afterWrite throws (it passes through as it is). */
  isStall(err: unknown): boolean;
}

/**
 * The run's view of the vault: every write must land inside `root` (the drawing's flows
 * folder — the last guard, whatever a name in a drawing says), and a refused write becomes a
 * StorageError that names the file and the cause instead of a raw errno.
 *
 * `fence`, when given, runs before every append, atomic write (a rename) and delete, and
 * throws when this run may no longer write (its run lock was taken over: the fencing token is
 * RunLock.assertHeld). Its error passes through as it is, never as a StorageError. `stall`,
 * when given, is asked after each such write whether the run was stopped between the check and
 * the write for as long as a lock takes to go stale (a SIGSTOP, a laptop asleep): the write may
 * then have landed in another run's tenure, and the run stops there.
 */
export function guardWrites(store: VaultStore, root: string, fence?: () => Promise<void>, stall?: StallCheck): VaultStore {
  /** `named`: the file a failure names (for a batch, the one the error is about). */
  const write = async <T>(path: string, op: (commit?: () => Promise<void>) => Promise<T>, named: (err: unknown) => string = () => path): Promise<T> => {
    if (!isInside(root, path)) throw new StorageError(path, undefined, `it is outside the flows folder ${root} (refused)`);
    if (fence) await fence();
    let checkedAt = stall?.now() ?? 0;
    // Checked again by the store at the last moment; its refusal passes through as it is.
    let refused: { err: unknown } | null = null;
    const commit = fence
      ? async (): Promise<void> => {
          try {
            await fence();
          } catch (err) {
            refused = { err };
            throw err;
          }
          if (stall) checkedAt = stall.now();
        }
      : undefined;
    try {
      const done = await op(commit);
      // A run stopped between the last check and the write itself may have been taken over meanwhile: it stops now.
      stall?.afterWrite(checkedAt);
      return done;
    } catch (err) {
      if (stall?.isStall(err)) throw err;
      if (refused) throw (refused as { err: unknown }).err;
      throw describeWriteFailure(named(err), err, err instanceof StorageError || (await hasCheckpointNote(store, root)));
    }
  };
  const guarded: VaultStore = {
    read: (p) => store.read(p),
    list: (f) => store.list(f),
    exists: (p) => store.exists(p),
    writeAtomic: (p, t) => write(p, (commit) => store.writeAtomic(p, t, commit)),
    append: (p, t) => write(p, (commit) => store.append(p, t, commit)),
    remove: (p) => write(p, (commit) => store.remove(p, commit)),
  };
  const all = store.writeAtomicAll?.bind(store);
  if (all) {
    guarded.writeAtomicAll = async (files) => {
      // Every path is checked before any is written: a refused one publishes none of them.
      const outside = files.find((f) => !isInside(root, f.path));
      if (outside) throw new StorageError(outside.path, undefined, `it is outside the flows folder ${root} (refused)`);
      return write(files[files.length - 1].path, (commit) => all(files, commit), (err) => fileOfError(files, err) ?? files[files.length - 1].path);
    };
  }
  const exclusive = store.createExclusive?.bind(store);
  if (exclusive) guarded.createExclusive = (p, t) => write(p, () => exclusive(p, t));
  return guarded;
}
