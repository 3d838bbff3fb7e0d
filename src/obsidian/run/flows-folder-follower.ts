import { Notice, TFile, TFolder, type App, type TAbstractFile } from 'obsidian';
import { parseLockNote } from '../../core/lock/lock-note';
import { DEFAULT_STALE_AFTER_MS } from '../../core/lock/run-lock';
import { joinPath, flowPaths } from '../../core/paths';
import { isDrawingFile } from '../drawing-files';
import { existingSpelling } from '../vault-paths';

/** The files a vault rename moved, old path and new: the file itself, or every file under a moved folder. */
export function movedFiles(file: TAbstractFile, oldPath: string): { from: string; to: string; file: TFile }[] {
  if (file instanceof TFile) return [{ from: oldPath, to: file.path, file }];
  if (!(file instanceof TFolder)) return [];
  const out: { from: string; to: string; file: TFile }[] = [];
  const walk = (folder: TFolder): void => {
    for (const child of folder.children) {
      if (child instanceof TFolder) walk(child);
      else if (child instanceof TFile) out.push({ from: oldPath + child.path.slice(file.path.length), to: child.path, file: child });
    }
  };
  walk(file);
  return out;
}

/**
 * A drawing's run folder is found by the drawing's path (`Flows/<folders>/<name>/`, the same rule
 * the command line uses), so when the drawing is renamed or moved in Obsidian the folder is moved
 * after it, with `FileManager.renameFile` (links to its notes are updated as for any move). This
 * follows the rename rather than keeping an id in the drawing's frontmatter: the drawing file
 * belongs to the Excalidraw plugin and is never written by a run. A rename made outside Obsidian
 * (a file manager, git) is not seen; move the folder by hand then.
 *
 * Never merges or deletes: when the new place is taken, or a live run holds the old folder's lock
 * (the command line, another device), the folder stays and the user is told in one line.
 */
export class FlowsFolderFollower {
  constructor(
    private readonly app: App,
    private readonly flowsFolder: () => string,
    /** True for a lock left by this device's Obsidian in an earlier session (it quit without onunload). */
    private readonly holderIsGone: (holder: string) => boolean,
  ) {}

  /** The drawings among the files a rename moved (their flows folders may need to follow). */
  drawingsMoved(file: TAbstractFile, oldPath: string): { from: string; to: string }[] {
    return movedFiles(file, oldPath)
      .filter((m) => isDrawingFile(this.app, m.file))
      .map(({ from, to }) => ({ from, to }));
  }

  /** Moves `from`'s run folder to where `to`'s belongs; returns the new folder, or null when nothing moved. */
  async follow(from: string, to: string): Promise<string | null> {
    const { vault } = this.app;
    const oldRoot = existingSpelling(vault, flowPaths(this.flowsFolder(), from).root);
    const newRoot = flowPaths(this.flowsFolder(), to).root;
    const folder = vault.getAbstractFileByPath(oldRoot);
    if (!(folder instanceof TFolder) || oldRoot === newRoot) return null;
    const running = await this.liveHolder(oldRoot);
    if (running) {
      new Notice(`${to} was renamed while ${running} runs it: its run folder stays at ${oldRoot}; move it to ${newRoot} once that run has ended`);
      return null;
    }
    const target = existingSpelling(vault, newRoot);
    // On a case-insensitive disk a case-only rename finds the folder itself there: that is a move too.
    if (vault.getAbstractFileByPath(target) && target.toLowerCase() !== oldRoot.toLowerCase()) {
      new Notice(`${target} already exists, so the runs of ${to} before its rename stay in ${oldRoot}`);
      return null;
    }
    await this.ensureParent(newRoot);
    await this.app.fileManager.renameFile(folder, newRoot);
    return newRoot;
  }

  /** Who holds the folder's run lock, if that run looks alive (fresh heartbeat, not this device's earlier session). */
  private async liveHolder(root: string): Promise<string | null> {
    const note = this.app.vault.getAbstractFileByPath(existingSpelling(this.app.vault, joinPath(root, 'run-lock.md')));
    if (!(note instanceof TFile)) return null;
    const lock = parseLockNote(await this.app.vault.read(note));
    if (!lock) return 'another run';
    if (this.holderIsGone(lock.holder) || Date.now() - lock.heartbeatAt > DEFAULT_STALE_AFTER_MS) return null;
    return lock.holder;
  }

  private async ensureParent(path: string): Promise<void> {
    const parts = path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const sub = existingSpelling(this.app.vault, parts.slice(0, i).join('/'));
      if (!this.app.vault.getAbstractFileByPath(sub)) await this.app.vault.createFolder(sub);
    }
  }
}
