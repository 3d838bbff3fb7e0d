import type { FileBackend } from './file-backend';

/**
 * `vault.adapter`: the files themselves, below the vault's index. The plugin uses it only for
 * hidden paths (a `.` segment), which Obsidian does not index (obsidianmd/obsidian-api@d5b94f5
 * obsidian.d.ts:6474, `Vault.delete(file, force)`: "even if it has hidden children"). Writes are
 * logged in the vault's write log like any other, so write budgets count them.
 */
export class DataAdapter {
  constructor(
    private readonly backend: FileBackend,
    private readonly log: (op: string, path: string, bytes: number) => void,
  ) {}

  private async scanned(): Promise<Map<string, boolean>> {
    return new Map((await this.backend.scan()).map((e) => [e.path, e.folder]));
  }

  async exists(path: string): Promise<boolean> {
    return (await this.scanned()).has(path);
  }
  async stat(path: string): Promise<{ type: 'file' | 'folder'; ctime: number; mtime: number; size: number } | null> {
    const folder = (await this.scanned()).get(path);
    if (folder === undefined) return null;
    return { type: folder ? 'folder' : 'file', ctime: 0, mtime: 0, size: folder ? 0 : new TextEncoder().encode(await this.backend.read(path)).length };
  }
  read(path: string): Promise<string> {
    return this.backend.read(path);
  }
  async write(path: string, text: string): Promise<void> {
    await this.backend.write(path, text);
    this.log('adapter.write', path, new TextEncoder().encode(text).length);
  }
  async append(path: string, text: string): Promise<void> {
    await this.backend.append(path, text);
    this.log('adapter.append', path, new TextEncoder().encode(text).length);
  }
  async mkdir(path: string): Promise<void> {
    await this.backend.mkdir(path);
  }
  async remove(path: string): Promise<void> {
    await this.backend.remove(path);
    this.log('adapter.remove', path, 0);
  }
  async list(folder: string): Promise<{ files: string[]; folders: string[] }> {
    const prefix = `${folder}/`;
    const files: string[] = [];
    const folders: string[] = [];
    for (const [p, isFolder] of await this.scanned()) {
      if (!p.startsWith(prefix) || p.slice(prefix.length).includes('/')) continue;
      (isFolder ? folders : files).push(p);
    }
    return { files, folders };
  }
}
