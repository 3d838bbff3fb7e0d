import { normalizePath, TFile, TFolder, type App } from 'obsidian';
import type { VaultStore } from '../core/ports';
import { withLfLineEnds } from '../core/text/line-ends';
import { HiddenFiles } from './hidden-files';
import { existingSpelling, isHiddenPath } from './vault-paths';

/** Paths being created exclusively right now, per vault (see createExclusive). */
const creating = new WeakMap<object, Set<string>>();

/**
 * The core's storage port over Obsidian's Vault API, so writes go through Obsidian's cache and
 * sync. New notes are created under a temporary name and renamed into place (a checkpoint note
 * only appears once it is whole); appends go through `Vault.append` (no whole-file rewrite);
 * paths are looked up case-insensitively (see vault-paths.ts). Hidden paths (a `.` segment),
 * which Obsidian does not index, go through the adapter (hidden-files.ts).
 */
export class ObsVaultStore implements VaultStore {
  private readonly hidden: HiddenFiles;

  constructor(private readonly app: App) {
    this.hidden = new HiddenFiles(app.vault.adapter);
  }

  private resolve(path: string): string {
    return existingSpelling(this.app.vault, path);
  }

  private file(path: string): TFile | null {
    const f = this.app.vault.getAbstractFileByPath(this.resolve(path));
    return f instanceof TFile ? f : null;
  }

  private async ensureFolder(path: string): Promise<void> {
    const parts = normalizePath(path).split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const sub = this.resolve(parts.slice(0, i).join('/'));
      if (!this.app.vault.getAbstractFileByPath(sub)) await this.app.vault.createFolder(sub);
    }
  }

  async read(path: string): Promise<string | null> {
    const text = isHiddenPath(path) ? await this.hidden.read(path) : await this.readVisible(path);
    return text === null ? null : withLfLineEnds(text);
  }

  private async readVisible(path: string): Promise<string | null> {
    const f = this.file(path);
    return f ? this.app.vault.read(f) : null;
  }

  /** `commit` (the run lock's fence) runs right before the write that makes the text count. */
  async writeAtomic(path: string, text: string, commit?: () => Promise<void>): Promise<void> {
    if (isHiddenPath(path)) {
      await commit?.();
      return this.hidden.write(path, text);
    }
    const existing = this.file(path);
    if (existing) {
      await commit?.();
      await this.app.vault.process(existing, () => text);
      return;
    }
    await this.ensureFolder(path);
    const target = this.resolve(path);
    const stale = this.file(`${target}.tmp`);
    if (stale) await this.delete(stale);
    const tmp = await this.app.vault.create(`${target}.tmp`, text);
    try {
      await commit?.();
    } catch (err) {
      await this.delete(tmp);
      throw err;
    }
    await this.app.vault.rename(tmp, target);
  }

  async append(path: string, text: string, commit?: () => Promise<void>): Promise<void> {
    const existing = isHiddenPath(path) ? null : this.file(path);
    if (!existing && !isHiddenPath(path)) return this.writeAtomic(path, text, commit);
    await commit?.();
    if (existing) await this.app.vault.append(existing, text);
    else await this.hidden.append(path, text);
  }

  /**
   * Deletes for good: everything the plugin removes is its own data (pruned checkpoints, its
   * temporary files, the run lock), which must not fill the user's trash ("Deleted files"
   * setting) with hundreds of checkpoint notes. Notes of the user are never removed.
   */
  async remove(path: string, commit?: () => Promise<void>): Promise<void> {
    await commit?.();
    if (isHiddenPath(path)) return this.hidden.remove(path);
    const f = this.file(path);
    if (f) await this.delete(f);
  }

  private async delete(f: TFile): Promise<void> {
    // Vault.delete, not FileManager.trashFile: see remove() (the lint rule is off for this file only).
    await this.app.vault.delete(f);
  }

  async list(folder: string): Promise<string[]> {
    if (isHiddenPath(folder)) return this.hidden.list(folder);
    const f = this.app.vault.getAbstractFileByPath(this.resolve(folder));
    if (!(f instanceof TFolder)) return [];
    return f.children.filter((c): c is TFile => c instanceof TFile).map((c) => c.path).sort();
  }

  /** Size in bytes as the vault's cache knows it (no read), -1 when missing. */
  async size(path: string): Promise<number> {
    if (isHiddenPath(path)) return this.hidden.size(path);
    return this.file(path)?.stat.size ?? -1;
  }

  /**
   * Create-or-fail, for the run lock. Vault.create only refuses a path once the new file is in
   * its cache, after an await, so two views racing would both pass; claiming the path
   * synchronously first (one JS thread per vault) closes that gap.
   */
  async createExclusive(path: string, text: string): Promise<boolean> {
    const target = this.resolve(path);
    let claims = creating.get(this.app.vault);
    if (!claims) creating.set(this.app.vault, (claims = new Set()));
    const key = target.toLowerCase();
    if (claims.has(key)) return false;
    claims.add(key);
    try {
      if (isHiddenPath(target)) return await this.hidden.createExclusive(target, text);
      if (this.app.vault.getAbstractFileByPath(target)) return false;
      await this.ensureFolder(target);
      await this.app.vault.create(target, text);
      return true;
    } catch (err) {
      if (this.app.vault.getAbstractFileByPath(target)) return false;
      throw err;
    } finally {
      claims.delete(key);
    }
  }

  async exists(path: string): Promise<boolean> {
    if (isHiddenPath(path)) return this.hidden.exists(path);
    return this.app.vault.getAbstractFileByPath(this.resolve(path)) !== null;
  }
}
