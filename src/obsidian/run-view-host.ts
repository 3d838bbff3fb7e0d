import { Notice, TFile, type Menu, type TAbstractFile, type WorkspaceLeaf } from 'obsidian';
import { startGuardedRun, type GuardedRun } from '../core/lock/guarded-run';
import type { Scheduler, VaultStore } from '../core/ports';
import type ExcalidrawFlowsPlugin from '../main';
import { addDrawingCommand } from './commands/drawing-command';
import { isDrawingFile } from './drawing-files';
import { automateFor, selectInView } from './live/excalidraw-automate';
import { DrawingPainter } from './live/drawing-painter';
import { RunController, type ControllerOptions } from './run/run-controller';
import { guardOptions, sessionOptions, windowScheduler } from './run-in-obsidian';
import { RunView, VIEW_TYPE_RUN, type RunViewHost } from './view/run-view';

/**
 * Everything around the run view: its registration, the ribbon icon, the command, the drawing's
 * file menu, and painting the run onto the open drawing.
 */
export class RunViewHub implements RunViewHost {
  private readonly painters = new Map<string, DrawingPainter>();
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
    plugin.registerEvent(
      this.app.workspace.on('file-menu', (menu: Menu, file: TAbstractFile) => {
        if (!(file instanceof TFile) || !isDrawingFile(this.app, file)) return;
        menu.addItem((item) => item.setTitle('Run flow in sidebar').setIcon('workflow').onClick(() => void this.open(file.path)));
      }),
    );
    plugin.register(() => {
      for (const p of this.painters.values()) void p.clear();
      this.painters.clear();
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

  private painter(c: RunController): DrawingPainter {
    let p = this.painters.get(c.drawingPath);
    if (!p) {
      p = new DrawingPainter(() => automateFor(this.app, c.drawingPath), c.flow.plan);
      this.painters.set(c.drawingPath, p);
    }
    return p;
  }

  afterChange(c: RunController): void {
    if (this.plugin.settings.paintOnDrawing) void this.painter(c).paint(c.snapshot());
  }

  /** The run is no longer shown: the drawing goes back to what was drawn (unless kept). */
  released(drawingPath: string): void {
    const p = this.painters.get(drawingPath);
    this.painters.delete(drawingPath);
    void p?.clear();
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
    if (!automateFor(this.app, c.drawingPath)) {
      new Notice(`Open ${c.drawingPath} in Excalidraw to write the live values into it`);
      return;
    }
    await this.painter(c).keep(c.snapshot());
    new Notice(`Wrote the current state into ${c.drawingPath}`);
  }
}
