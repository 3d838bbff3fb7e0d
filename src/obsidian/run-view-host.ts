import { Notice, TFile, type Menu, type TAbstractFile, type WorkspaceLeaf } from 'obsidian';
import { startGuardedRun, type GuardedRun } from '../core/lock/guarded-run';
import type { Scheduler, VaultStore } from '../core/ports';
import type ExcalidrawFlowsPlugin from '../main';
import { addDrawingCommand } from './commands/drawing-command';
import { isDrawingFile } from './drawing-files';
import { automateFor, findDrawingView, selectInView } from './live/excalidraw-automate';
import { writeLiveValues } from './live/write-live-values';
import { DrawingOverlay } from './overlay/drawing-overlay';
import { RunController, type ControllerOptions } from './run/run-controller';
import { guardOptions, sessionOptions, windowScheduler } from './run-in-obsidian';
import { RunView, VIEW_TYPE_RUN, type RunViewHost } from './view/run-view';

/**
 * Everything around the run view: its registration, the ribbon icon, the command, the drawing's
 * file menu, and the overlay that shows the run over the open drawing.
 */
export class RunViewHub implements RunViewHost {
  /** The overlay over each drawing whose run a run view shows (never an edit of the drawing). */
  private readonly overlays = new Map<string, DrawingOverlay>();
  /** The run lock each open run view holds on its drawing (one run of a drawing at a time). */
  private readonly guards = new Map<string, GuardedRun>();

  constructor(private readonly plugin: ExcalidrawFlowsPlugin) {}

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
        for (const o of this.overlays.values()) o.touch();
      }));
    }
    plugin.registerEvent(
      this.app.workspace.on('file-menu', (menu: Menu, file: TAbstractFile) => {
        if (!(file instanceof TFile) || !isDrawingFile(this.app, file)) return;
        menu.addItem((item) => item.setTitle('Run flow in sidebar').setIcon('workflow').onClick(() => void this.open(file.path)));
      }),
    );
    plugin.register(() => {
      for (const o of this.overlays.values()) o.close();
      this.overlays.clear();
      for (const g of this.guards.values()) void g.abandon();
      this.guards.clear();
      this.syncHeartbeat();
    });
  }

  /**
   * A paused run view does no work that would beat its lock's heartbeat: beat it here. Started
   * with the first lock, stopped with the last, so `onload` starts no timer and an idle plugin
   * keeps nothing alive.
   */
  private heartbeat: number | null = null;
  private syncHeartbeat(): void {
    if (this.guards.size > 0 && this.heartbeat === null) {
      this.heartbeat = window.setInterval(() => {
        for (const g of this.guards.values()) void g.lock.beat().catch(() => undefined);
      }, 5000);
      this.plugin.registerInterval(this.heartbeat);
    } else if (this.guards.size === 0 && this.heartbeat !== null) {
      window.clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
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
   * A controller for a drawing with the user's settings. The run view's controller holds the
   * drawing's run lock (so the command line or a second view is told who runs it); `store`
   * replaces the vault for replay panels, which write nothing and so take no lock.
   */
  async openController(drawingPath: string, store?: VaultStore): Promise<RunController> {
    const s = this.plugin.settings;
    const withSpeed = (st: VaultStore, scheduler: Scheduler): ControllerOptions => ({ ...sessionOptions(s, drawingPath, st, scheduler), ratePerSecond: s.defaultRate });
    if (store) return RunController.open(withSpeed(store, windowScheduler));
    const guard = await startGuardedRun(guardOptions(this.app, s, drawingPath, 'Obsidian (run view)'));
    try {
      const controller = await RunController.open(withSpeed(guard.store, guard.scheduler));
      await this.guards.get(drawingPath)?.abandon();
      this.guards.set(drawingPath, guard);
      this.syncHeartbeat();
      return controller;
    } catch (err) {
      await guard.abandon();
      throw err;
    }
  }

  /** The overlay over a drawing, while a run view shows its run. */
  overlayOf(drawingPath: string): DrawingOverlay | null {
    return this.overlays.get(drawingPath) ?? null;
  }

  private overlay(c: RunController): DrawingOverlay {
    let o = this.overlays.get(c.drawingPath);
    if (!o) {
      o = new DrawingOverlay(this.app, c.drawingPath, c.flow.plan, { report: (m) => new Notice(m) });
      this.overlays.set(c.drawingPath, o);
    }
    return o;
  }

  afterChange(c: RunController): void {
    if (this.plugin.settings.paintOnDrawing) this.overlay(c).show(c.snapshot());
    else this.hideOverlay(c.drawingPath);
  }

  private hideOverlay(drawingPath: string): void {
    this.overlays.get(drawingPath)?.close();
    this.overlays.delete(drawingPath);
  }

  /** The run is no longer shown: its overlay goes (the drawing itself was never changed). */
  released(drawingPath: string): void {
    this.hideOverlay(drawingPath);
    const g = this.guards.get(drawingPath);
    this.guards.delete(drawingPath);
    this.syncHeartbeat();
    void g?.finish().then(
      (changed) => {
        if (changed) new Notice(changed);
      },
      () => undefined,
    );
  }

  selectInDrawing(drawingPath: string, elementId: string): void {
    if (!selectInView(this.app, drawingPath, elementId)) {
      void this.app.workspace.openLinkText(drawingPath, '', false);
      new Notice(`Element ${elementId}: open ${drawingPath} in Excalidraw to see it selected`);
    }
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
