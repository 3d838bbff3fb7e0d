import { Notice, TFile, type Menu, type TAbstractFile, type WorkspaceLeaf } from 'obsidian';
import type { Scheduler, VaultStore } from '../core/ports';
import type ExcalidrawFlowsPlugin from '../main';
import { addDrawingCommand } from './commands/drawing-command';
import { isDrawingFile } from './drawing-files';
import { automateFor, findDrawingView, selectInView } from './live/excalidraw-automate';
import { writeLiveValues } from './live/write-live-values';
import type { DrawingOverlay } from './overlay/drawing-overlay';
import { DrawingOverlays } from './overlay/drawing-overlays';
import { RunController, type ControllerOptions } from './run/run-controller';
import { FlowsFolderFollower } from './run/flows-folder-follower';
import { RunLocks } from './run/run-locks';
import { sessionOptions, windowScheduler } from './run-in-obsidian';
import { RunView, VIEW_TYPE_RUN, type RunViewHost } from './view/run-view';

/**
 * Everything around the run view: its registration, the ribbon icon, the command, the drawing's
 * file menu, and the overlay that shows the run over the open drawing.
 */
export class RunViewHub implements RunViewHost {
  /** The overlay over each drawing whose run a run view shows (never an edit of the drawing). */
  private readonly overlays: DrawingOverlays;
  /** Each open run view's drawing lock, taken only while an action writes (one run of a drawing at a time). */
  private readonly locks: RunLocks;

  constructor(private readonly plugin: ExcalidrawFlowsPlugin) {
    this.locks = new RunLocks(plugin);
    this.overlays = new DrawingOverlays(plugin.app, (m) => new Notice(m));
  }

  get app(): ExcalidrawFlowsPlugin['app'] {
    return this.plugin.app;
  }

  register(): void {
    const { plugin } = this;
    plugin.registerView(VIEW_TYPE_RUN, (leaf) => new RunView(leaf, this));
    plugin.addRibbonIcon('workflow', 'Open flow run view', () => {
      const file = this.app.workspace.getActiveFile();
      if (isDrawingFile(this.app, file)) void this.open(file.path);
      else new Notice('Open a drawing to run its flow');
    });
    addDrawingCommand(plugin, 'open-run-view', 'Open run view for current drawing', (path) => this.open(path));
    plugin.addCommand({
      id: 'write-live-values-into-drawing',
      name: 'Write live values into the drawing',
      checkCallback: (checking) => {
        const view = this.view();
        if (!view?.controller) return false;
        if (!checking) void this.writeLiveValues(view);
        return true;
      },
    });
    // A drawing opened, closed, loaded or shown from a background tab: overlays look for their view again.
    for (const name of ['layout-change', 'active-leaf-change'] as const) {
      plugin.registerEvent(this.app.workspace.on(name as 'layout-change', () => {
        this.overlays.touchAll();
      }));
    }
    // A drawing renamed or moved: its run folder follows (see FlowsFolderFollower), one move at a time.
    const follower = new FlowsFolderFollower(this.app, () => plugin.settings.flowsFolder, (h) => plugin.holder.isGone(h));
    plugin.registerEvent(
      this.app.vault.on('rename', (file: TAbstractFile, oldPath: string) => {
        for (const { from, to } of follower.drawingsMoved(file, oldPath)) {
          this.moves = this.moves.then(() => this.followRename(follower, from, to)).catch((err: unknown) => {
            new Notice(`${to}: its run folder could not follow the rename (${err instanceof Error ? err.message : String(err)})`);
          });
        }
      }),
    );
    plugin.registerEvent(
      this.app.workspace.on('file-menu', (menu: Menu, file: TAbstractFile) => {
        if (!(file instanceof TFile) || !isDrawingFile(this.app, file)) return;
        menu.addItem((item) => item.setTitle('Run flow in sidebar').setIcon('workflow').onClick(() => void this.open(file.path)));
      }),
    );
    plugin.register(() => {
      this.overlays.closeAll();
      this.locks.releaseAll();
    });
  }

  /** Renames being followed, in order (a folder rename moves many drawings at once). */
  private moves: Promise<void> = Promise.resolve();
  /** Resolves once every rename seen so far has been followed. */
  get renamesFollowed(): Promise<void> {
    return this.moves;
  }

  /** The run view showing `from` lets its run go (the lock given back), the folder moves, the view shows `to`. */
  private async followRename(follower: FlowsFolderFollower, from: string, to: string): Promise<void> {
    const view = this.view();
    const shown = view?.drawingPath === from ? view : null;
    const idle = this.locks.idle(from);
    shown?.stopShowing();
    await idle;
    await follower.follow(from, to);
    await shown?.showDrawing(to);
  }

  /** The open run view, if any. */
  view(): RunView | null {
    const leaf = this.app.workspace.getLeavesOfType(VIEW_TYPE_RUN)[0];
    return leaf?.view instanceof RunView ? leaf.view : null;
  }

  /** Opens the run view in the right sidebar (reusing it) and shows the drawing's run. */
  async open(drawingPath: string): Promise<RunView | null> {
    const { workspace } = this.app;
    let leaf: WorkspaceLeaf | null = workspace.getLeavesOfType(VIEW_TYPE_RUN)[0] ?? null;
    if (!leaf) {
      leaf = workspace.getRightLeaf(false);
      if (!leaf) return null;
      await leaf.setViewState({ type: VIEW_TYPE_RUN, active: true });
    }
    await workspace.revealLeaf(leaf);
    const view = leaf.view instanceof RunView ? leaf.view : null;
    await view?.showDrawing(drawingPath);
    return view;
  }

  /**
   * A controller for a drawing with the user's settings. The run view's controller takes the
   * drawing's run lock for each action that writes (so the command line or a second view is
   * told who runs it meanwhile); `store` replaces the vault for replay panels, which write
   * nothing and so take no lock.
   */
  async openController(drawingPath: string, store?: VaultStore): Promise<RunController> {
    const s = this.plugin.settings;
    const withSpeed = (st: VaultStore, scheduler: Scheduler): ControllerOptions => ({ ...sessionOptions(s, drawingPath, st, scheduler), ratePerSecond: s.defaultRate });
    if (store) return RunController.open(withSpeed(store, windowScheduler));
    const locks = await this.locks.open(drawingPath);
    try {
      const controller = await RunController.open({ ...withSpeed(locks.store, locks.scheduler), hold: (fn) => locks.hold(fn) });
      await locks.settle();
      return controller;
    } catch (err) {
      this.locks.release(drawingPath);
      throw err;
    }
  }

  /** The overlay over a drawing, while a run view shows its run. */
  overlayOf(drawingPath: string): DrawingOverlay | null {
    return this.overlays.get(drawingPath);
  }

  afterChange(c: RunController): void {
    if (this.plugin.settings.paintOnDrawing) this.overlays.showRun(c.drawingPath, c.flow.plan, c.snapshot());
    else this.overlays.close(c.drawingPath);
  }

  /** A drawing that cannot run: the overlay shows how it was understood and its diagnostics at their elements. */
  refused(drawingPath: string): void {
    if (this.plugin.settings.paintOnDrawing) this.overlays.showRefused(drawingPath);
  }

  /** The run is no longer shown: its overlay goes (the drawing itself was never changed). */
  released(drawingPath: string): void {
    this.overlays.close(drawingPath);
    this.locks.release(drawingPath);
  }

  selectInDrawing(drawingPath: string, elementId: string): void {
    // The editor may know the element under another id (the Excalidraw plugin renames long ids).
    void this.overlays
      .viewIdOf(drawingPath, elementId)
      .then((id) => selectInView(this.app, drawingPath, id))
      .catch(() => false)
      .then((selected) => {
        if (selected) return;
        void this.app.workspace.openLinkText(drawingPath, '', false);
        new Notice(`Element ${elementId}: open ${drawingPath} in Excalidraw to see it selected`);
      });
  }

  private async writeLiveValues(view: RunView): Promise<void> {
    const c = view.controller!;
    const ea = automateFor(this.app, c.drawingPath);
    const written = ea ? await writeLiveValues(ea, c.flow.plan, c.snapshot()) : null;
    if (written === null) {
      const { state } = findDrawingView(this.app, c.drawingPath);
      new Notice(state === 'loading' || state === 'background' ? `${c.drawingPath} is still loading in Excalidraw; show its tab and try again` : `Open ${c.drawingPath} in Excalidraw to write the live values into it`);
      return;
    }
    new Notice(written === 0 ? `${c.drawingPath} already shows the current values` : `Wrote the current values into ${c.drawingPath}`);
  }
}
