import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FileText, VaultStore } from '../core/ports';
import { withLfLineEnds } from '../core/text/line-ends';
import { readWhole } from './read-whole';

/**
 * A folder on disk seen as a vault. Atomic writes go to a temporary file in the same folder,
 * fsynced, then renamed over the target, and the folder is fsynced so the rename itself is on
 * disk: after a crash or a power loss the note is either old or new. Appends are fsynced before
 * they return. What the README calls durable is exactly this.
 */
export class NodeVaultStore implements VaultStore {
  constructor(readonly root: string) {}

  private realRoot: Promise<string> | null = null;

  private abs(p: string): string {
    const full = path.resolve(this.root, p);
    const rel = path.relative(this.root, full);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`refusing to touch ${p}: outside the vault ${this.root}`);
    return full;
  }

  /**
   * The absolute path to write `p` at, once its real location is known to be inside the vault:
   * the string check of abs() cannot see a folder (or the note itself) that is a symlink out
   * of the vault, so the deepest part of the path that exists is resolved with realpath and
   * must lie under the vault's own real path. Reads may follow links (vaults link notes in);
   * writes, renames and deletes never leave the vault.
   */
  private async writable(p: string): Promise<string> {
    const full = this.abs(p);
    this.realRoot ??= fs.realpath(this.root).catch(() => path.resolve(this.root));
    const root = await this.realRoot;
    let at = full;
    let real: string | null = null;
    while (real === null) {
      real = await fs.realpath(at).catch(() => null);
      if (real === null) {
        const up = path.dirname(at);
        if (up === at) break;
        at = up;
      }
    }
    const rel = real === null ? '..' : path.relative(root, real);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      const link = await this.firstLink(full);
      const target = link ? await fs.realpath(link).catch(() => 'somewhere') : (real ?? 'somewhere');
      throw Object.assign(new Error(`${link ? path.relative(this.root, link).split(path.sep).join('/') : p} is a link to ${target}, outside the vault (refused)`), { code: 'ELINKOUT' });
    }
    return full;
  }

  /** The first part of `full` below the vault root that is a symbolic link (for the message). */
  private async firstLink(full: string): Promise<string | null> {
    let at = path.resolve(this.root);
    for (const part of path.relative(at, full).split(path.sep)) {
      at = path.join(at, part);
      const st = await fs.lstat(at).catch(() => null);
      if (!st) return null;
      if (st.isSymbolicLink()) return at;
    }
    return null;
  }

  async read(p: string): Promise<string | null> {
    try {
      // Read whole, then decoded once: readFile(p, 'utf8') decodes chunk by chunk into a rope of
      // strings that the first regular expression or JSON.parse must copy flat again (a 27 MB
      // drawing: 58 -> 37 ms). The same text, invalid bytes and BOM included. readWhole: in one
      // read, not readFile's 512 KiB pieces.
      return withLfLineEnds((await readWhole(this.abs(p))).toString('utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** `commit` (the fencing check) runs once the temporary file is complete, right before the rename. */
  async writeAtomic(p: string, text: string, commit?: () => Promise<void>): Promise<void> {
    const full = await this.writable(p);
    await fs.mkdir(path.dirname(full), { recursive: true });
    const tmp = `${full}.flows-${process.pid}.tmp`;
    try {
      await writeFlushed(tmp, text, 'w');
      if (commit) await commit();
      await fs.rename(tmp, full);
      await syncFolder(path.dirname(full));
    } catch (err) {
      // Disk full or permission denied half-way: leave no partial file behind, the target is untouched.
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw err;
    }
  }

  /**
   * Several files as writeAtomic writes one, at the cost of about one: the temporary files are
   * written and fsynced in parallel, `commit` runs once they are all complete, the renames go
   * in order (the last file is the one that makes the others count), then each folder is
   * fsynced once. A failure before the first rename leaves no file changed and no temporary
   * file behind; one between renames leaves a prefix published, as a crash there would.
   */
  async writeAtomicAll(files: readonly FileText[], commit?: () => Promise<void>): Promise<void> {
    const targets: string[] = [];
    for (const f of files) targets.push(await this.writable(f.path));
    const folders = [...new Set(targets.map((t) => path.dirname(t)))];
    for (const dir of folders) await fs.mkdir(dir, { recursive: true });
    const tmps = targets.map((t) => `${t}.flows-${process.pid}.tmp`);
    if (new Set(tmps).size !== tmps.length) throw new Error(`writeAtomicAll: the same file twice (${files.map((f) => f.path).join(', ')})`);
    try {
      const written = await Promise.allSettled(files.map((f, i) => writeFlushed(tmps[i], f.text, 'w')));
      const failed = written.find((w): w is PromiseRejectedResult => w.status === 'rejected');
      if (failed) throw failed.reason;
      if (commit) await commit();
      for (let i = 0; i < targets.length; i++) await fs.rename(tmps[i], targets[i]);
    } catch (err) {
      await Promise.all(tmps.map((t) => fs.rm(t, { force: true }).catch(() => undefined)));
      throw err;
    }
    for (const dir of folders) await syncFolder(dir);
  }

  /**
   * Publishes a whole file only if `p` does not exist: written to a temporary file, then
   * hard-linked into place (link fails with EEXIST atomically, and readers never see it half
   * written). File systems without hard links fall back to an exclusive create ('wx').
   */
  async createExclusive(p: string, text: string): Promise<boolean> {
    const full = await this.writable(p);
    await fs.mkdir(path.dirname(full), { recursive: true });
    const tmp = `${full}.flows-${process.pid}-${Math.random().toString(36).slice(2, 8)}.tmp`;
    try {
      await writeFlushed(tmp, text, 'wx');
      await fs.link(tmp, full);
      await syncFolder(path.dirname(full));
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw err;
      try {
        await writeFlushed(full, text, 'wx');
        return true;
      } catch (err2) {
        if ((err2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw err2;
      }
    } finally {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
    }
  }

  /**
   * `commit` (the fencing check) runs after the file is opened and before the text is written:
   * a writer that passed it and then stalled writes into the file it opened, which a run taking
   * over from a possibly live holder has replaced by a copy (reissueAppendedNotes), so its late
   * text never reaches the note.
   */
  async append(p: string, text: string, commit?: () => Promise<void>): Promise<void> {
    const full = await this.writable(p);
    await fs.mkdir(path.dirname(full), { recursive: true });
    const before = await fs.stat(full).then((s) => s.size, () => null);
    const handle = await fs.open(full, 'a');
    try {
      if (commit) await commit();
    } catch (err) {
      await handle.close();
      if (before === null) await fs.rm(full, { force: true }).catch(() => undefined);
      throw err;
    }
    try {
      await handle.writeFile(text, 'utf8');
      // On disk before the caller goes on (a queue's events before the engine sees them).
      await handle.sync();
      await handle.close();
    } catch (err) {
      await handle.close().catch(() => undefined);
      // A full disk can let part of the text in: cut the file back, so no half line is left.
      if (before === null) await fs.rm(full, { force: true }).catch(() => undefined);
      else await fs.truncate(full, before).catch(() => undefined);
      throw err;
    }
  }

  async remove(p: string, commit?: () => Promise<void>): Promise<void> {
    const full = await this.writable(p);
    if (commit) await commit();
    await fs.rm(full, { force: true });
  }

  async list(folder: string): Promise<string[]> {
    try {
      const entries = await fs.readdir(this.abs(folder), { withFileTypes: true });
      return entries.filter((e) => e.isFile()).map((e) => (folder ? `${folder}/${e.name}` : e.name)).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  async exists(p: string): Promise<boolean> {
    try {
      await fs.access(this.abs(p));
      return true;
    } catch {
      return false;
    }
  }
}

async function writeFlushed(file: string, text: string, flag: 'w' | 'wx'): Promise<void> {
  const handle = await fs.open(file, flag);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Makes a rename or link in `dir` durable (POSIX: the new name is in the folder's data). Some
 * systems cannot open or fsync a folder (Windows: EPERM/EISDIR): there the rename is as durable
 * as the system makes it, and the write still succeeded.
 */
async function syncFolder(dir: string): Promise<void> {
  let handle;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EBADF' && code !== 'ENOTSUP') throw err;
  } finally {
    await handle?.close();
  }
}
