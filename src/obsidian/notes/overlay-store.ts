import type { VaultStore } from '../../core/ports';

/**
 * A vault seen through a sheet of glass: reads come from the real vault, writes stay in memory.
 * The replay panel of a `flow` block runs on it, so replaying in a note never changes the real
 * run's queue logs, sink notes or checkpoints.
 */
export class OverlayStore implements VaultStore {
  private readonly written = new Map<string, string | null>();

  constructor(private readonly base: VaultStore) {}

  async read(path: string): Promise<string | null> {
    if (this.written.has(path)) return this.written.get(path) ?? null;
    return this.base.read(path);
  }

  async writeAtomic(path: string, text: string): Promise<void> {
    this.written.set(path, text);
  }

  async append(path: string, text: string): Promise<void> {
    this.written.set(path, ((await this.read(path)) ?? '') + text);
  }

  async remove(path: string): Promise<void> {
    this.written.set(path, null);
  }

  async list(folder: string): Promise<string[]> {
    const prefix = folder.endsWith('/') ? folder : `${folder}/`;
    const out = new Set(await this.base.list(folder));
    for (const [p, text] of this.written) {
      const inFolder = p.startsWith(prefix) && !p.slice(prefix.length).includes('/');
      if (inFolder && text !== null) out.add(p);
      if (text === null) out.delete(p);
    }
    return [...out].sort();
  }

  async exists(path: string): Promise<boolean> {
    if (this.written.has(path)) return this.written.get(path) !== null;
    return this.base.exists(path);
  }
}
