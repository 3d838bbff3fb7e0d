import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { VaultStore } from '../core/ports';

/**
 * A folder on disk seen as a vault. Atomic writes go to a temporary file in the same folder,
 * are flushed, then renamed over the target: after a crash the note is either old or new.
 */
export class NodeVaultStore implements VaultStore {
  constructor(readonly root: string) {}

  private abs(p: string): string {
    const full = path.resolve(this.root, p);
    const rel = path.relative(this.root, full);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`refusing to touch ${p}: outside the vault ${this.root}`);
    return full;
  }

  async read(p: string): Promise<string | null> {
    try {
      return await fs.readFile(this.abs(p), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async writeAtomic(p: string, text: string): Promise<void> {
    const full = this.abs(p);
    await fs.mkdir(path.dirname(full), { recursive: true });
    const tmp = `${full}.${process.pid}.tmp`;
    try {
      await writeFlushed(tmp, text, 'w');
      await fs.rename(tmp, full);
    } catch (err) {
      // Disk full or permission denied half-way: leave no partial file behind, the target is untouched.
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw err;
    }
  }

  /**
   * Publishes a whole file only if `p` does not exist: written to a temporary file, then
   * hard-linked into place (link fails with EEXIST atomically, and readers never see it half
   * written). File systems without hard links fall back to an exclusive create ('wx').
   */
  async createExclusive(p: string, text: string): Promise<boolean> {
    const full = this.abs(p);
    await fs.mkdir(path.dirname(full), { recursive: true });
    const tmp = `${full}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
    try {
      await writeFlushed(tmp, text, 'wx');
      await fs.link(tmp, full);
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

  async append(p: string, text: string): Promise<void> {
    const full = this.abs(p);
    await fs.mkdir(path.dirname(full), { recursive: true });
    const before = await fs.stat(full).then((s) => s.size, () => null);
    try {
      await fs.appendFile(full, text, 'utf8');
    } catch (err) {
      // A full disk can let part of the text in: cut the file back, so no half line is left.
      if (before === null) await fs.rm(full, { force: true }).catch(() => undefined);
      else await fs.truncate(full, before).catch(() => undefined);
      throw err;
    }
  }

  async remove(p: string): Promise<void> {
    await fs.rm(this.abs(p), { force: true });
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
