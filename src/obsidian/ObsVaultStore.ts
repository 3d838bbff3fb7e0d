import { normalizePath, TFile, TFolder, type App } from 'obsidian';
import type { VaultStore } from '../core/ports';

/** Paths being created exclusively right now, per vault (see createExclusive). */
const creating = new WeakMap<object, Set<string>>();

/**
 * The core's storage port over Obsidian's Vault API (never the adapter), so writes go through
 * Obsidian's cache and sync. New notes are created under a temporary name and renamed into
 * place: a checkpoint note only appears once it is whole.
 */
export class ObsVaultStore implements VaultStore {
  constructor(private readonly app: App) {}

  private file(path: string): TFile | null {
    const f = this.app.vault.getAbstractFileByPath(normalizePath(path));
    return f instanceof TFile ? f : null;
  }

  private async ensureFolder(path: string): Promise<void> {
    const folder = normalizePath(path.split('/').slice(0, -1).join('/'));
    if (!folder || folder === '/' || this.app.vault.getAbstractFileByPath(folder)) return;
    const parts = folder.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const sub = normalizePath(parts.slice(0, i).join('/'));
      if (!this.app.vault.getAbstractFileByPath(sub)) await this.app.vault.createFolder(sub);
    }
  }

  async read(path: string): Promise<string | null> {
    const f = this.file(path);
    return f ? this.app.vault.read(f) : null;
  }

  async writeAtomic(path: string, text: string): Promise<void> {
    const target = normalizePath(path);
    const existing = this.file(target);
    if (existing) {
      await this.app.vault.process(existing, () => text);
      return;
    }
    await this.ensureFolder(target);
    const tmpPath = normalizePath(`${target}.tmp`);
    const stale = this.file(tmpPath);
    if (stale) await this.app.fileManager.trashFile(stale);
    const tmp = await this.app.vault.create(tmpPath, text);
    await this.app.vault.rename(tmp, target);
  }

  async append(path: string, text: string): Promise<void> {
    const existing = this.file(path);
    if (existing) await this.app.vault.process(existing, (old) => old + text);
    else await this.writeAtomic(path, text);
  }

  async remove(path: string): Promise<void> {
    const f = this.file(path);
    if (f) await this.app.fileManager.trashFile(f);
  }

  async list(folder: string): Promise<string[]> {
    const f = this.app.vault.getAbstractFileByPath(normalizePath(folder));
    if (!(f instanceof TFolder)) return [];
    return f.children.filter((c): c is TFile => c instanceof TFile).map((c) => c.path).sort();
  }

  /**
   * Create-or-fail, for the run lock. Vault.create only refuses a path once the new file is in
   * its cache, after an await, so two views racing would both pass; claiming the path
   * synchronously first (one JS thread per vault) closes that gap.
   */
  async createExclusive(path: string, text: string): Promise<boolean> {
    const target = normalizePath(path);
    let claims = creating.get(this.app.vault);
    if (!claims) creating.set(this.app.vault, (claims = new Set()));
    if (claims.has(target) || this.app.vault.getAbstractFileByPath(target)) return false;
    claims.add(target);
    try {
      await this.ensureFolder(target);
      await this.app.vault.create(target, text);
      return true;
    } catch (err) {
      if (this.app.vault.getAbstractFileByPath(target)) return false;
      throw err;
    } finally {
      claims.delete(target);
    }
  }

  async exists(path: string): Promise<boolean> {
    return this.app.vault.getAbstractFileByPath(normalizePath(path)) !== null;
  }
}
