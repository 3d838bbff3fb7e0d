import { normalizePath, type DataAdapter } from 'obsidian';

/**
 * Files under a dot-folder, reached through the adapter: Obsidian does not index them (no
 * modify event, no metadata parse, no row in the file explorer, not synced by Obsidian Sync),
 * which suits data written often and of no interest to read as a note, such as a run lock.
 */
export class HiddenFiles {
  constructor(private readonly adapter: DataAdapter) {}

  async read(path: string): Promise<string | null> {
    const p = normalizePath(path);
    return (await this.adapter.exists(p)) ? this.adapter.read(p) : null;
  }

  private async ensureFolder(path: string): Promise<void> {
    const folder = normalizePath(path).split('/').slice(0, -1).join('/');
    if (folder && !(await this.adapter.exists(folder))) await this.adapter.mkdir(folder);
  }

  async write(path: string, text: string): Promise<void> {
    await this.ensureFolder(path);
    await this.adapter.write(normalizePath(path), text);
  }

  async append(path: string, text: string): Promise<void> {
    await this.ensureFolder(path);
    await this.adapter.append(normalizePath(path), text);
  }

  async remove(path: string): Promise<void> {
    const p = normalizePath(path);
    if (await this.adapter.exists(p)) await this.adapter.remove(p);
  }

  async list(folder: string): Promise<string[]> {
    const f = normalizePath(folder);
    return (await this.adapter.exists(f)) ? (await this.adapter.list(f)).files.sort() : [];
  }

  async size(path: string): Promise<number> {
    return (await this.adapter.stat(normalizePath(path)))?.size ?? -1;
  }

  async exists(path: string): Promise<boolean> {
    return this.adapter.exists(normalizePath(path));
  }

  /** Create-or-fail; the caller (ObsVaultStore) has already claimed the path in this window. */
  async createExclusive(path: string, text: string): Promise<boolean> {
    if (await this.exists(path)) return false;
    await this.write(path, text);
    return true;
  }
}
