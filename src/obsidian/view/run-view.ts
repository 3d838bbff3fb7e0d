import { ItemView, Notice, type App, type ViewStateResult, type WorkspaceLeaf } from 'obsidian';
import { FlowInputError } from '../../core/diagnostics';
import type { RunController } from '../run/run-controller';
import { CheckpointSuggest } from './checkpoint-suggest';
import { CheckpointTimeline } from './checkpoint-timeline';
import { DiagnosticsList } from './diagnostics-list';
import { QueuePanel } from './queue-panel';
import { RunControls } from './run-controls';
import { SinkOutput } from './sink-output';
import { StateTables } from './state-tables';
import { StatusLine } from './status-line';

export const VIEW_TYPE_RUN = 'excalidraw-flows-run';

/** What the run view needs from the plugin (kept small so the view can be mounted alone in tests). */
export interface RunViewHost {
  app: App;
  openController(drawingPath: string): Promise<RunController>;
  /** Selects an element of the drawing (opening the drawing if needed). */
  selectInDrawing(drawingPath: string, elementId: string): void;
  /** Called after every change of the run, e.g. to paint the state onto the drawing. */
  afterChange?(controller: RunController): void;
  /** Called when a drawing cannot run (the view shows why), e.g. to show its diagnostics on the drawing. */
  refused?(drawingPath: string): void;
  /** Called when the view stops showing a drawing's run (closed, or switched to another drawing). */
  released?(drawingPath: string): void;
}

/** One line for the user, from anything thrown: our own errors already name file and element. */
export function userMessage(err: unknown): string {
  if (err instanceof FlowInputError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

/**
 * The run view in the right sidebar: status, controls, queues, state, checkpoints, sink output
 * and diagnostics of one drawing's run. Each part is its own component; this class wires them
 * to the RunController.
 */
export class RunView extends ItemView {
  controller: RunController | null = null;
  /** The drawing shown when it could not run (no controller then). */
  private refusedPath: string | null = null;
  /** The drawing this view shows, also when it could not be run (kept in the layout across restarts). */
  private shown: string | null = null;
  private unsubscribe: (() => void) | null = null;
  private body!: HTMLElement;
  private errorBox!: HTMLElement;
  private title!: HTMLElement;
  private status!: StatusLine;
  private controls!: RunControls;
  private queues!: QueuePanel;
  private state!: StateTables;
  private timeline!: CheckpointTimeline;
  private sinks!: SinkOutput;
  private diagnostics!: DiagnosticsList;

  constructor(leaf: WorkspaceLeaf, private readonly host: RunViewHost) {
    super(leaf);
  }

  getViewType(): string {
    return VIEW_TYPE_RUN;
  }

  getDisplayText(): string {
    return this.controller ? `Flow run: ${this.controller.drawingPath.split('/').pop() ?? ''}` : 'Flow run';
  }

  override getIcon(): string {
    return 'workflow';
  }

  override async onOpen(): Promise<void> {
    const root = this.contentEl;
    root.empty();
    root.addClass('flows-run-view');
    this.title = root.createDiv({ cls: 'flows-title', text: 'Open a drawing and run its flow' });
    this.errorBox = root.createDiv({ cls: 'flows-error flows-hidden' });
    this.body = root.createDiv({ cls: 'flows-body flows-hidden' });
    this.status = new StatusLine(this.body);
    this.controls = new RunControls(this.body, {
      run: () => this.act((c) => c.run()),
      pause: () => this.act((c) => c.pause()),
      step: () => this.act((c) => c.step()),
      inject: (key, value, sourceId) => this.act((c) => c.inject(key, value, sourceId)),
      checkpointNow: () => this.act((c) => c.checkpointNow()),
      simulateCrash: () => this.act((c) => c.simulateCrash()),
      pickRestore: () => this.act((c) => new CheckpointSuggest(this.app, c.snapshot().checkpoints, (info) => this.act((k) => k.restore(info.path))).open()),
      setRate: (rate) => this.act((c) => c.setRate(rate)),
    });
    this.queues = new QueuePanel(this.body);
    this.state = new StateTables(this.body);
    this.sinks = new SinkOutput(this.body);
    this.timeline = new CheckpointTimeline(this.body, {
      openNote: (path) => void this.app.workspace.openLinkText(path, this.controller?.drawingPath ?? '', 'tab'),
      restore: (path) => this.act((c) => c.restore(path)),
      compare: async (a, b) => {
        try {
          return (await this.controller?.compare(a, b)) ?? [];
        } catch (err) {
          this.fail(err);
          return [];
        }
      },
    });
    this.diagnostics = new DiagnosticsList(this.body, (id) => {
      if (this.controller) this.host.selectInDrawing(this.controller.drawingPath, id);
    });
  }

  override async onClose(): Promise<void> {
    this.detach();
  }

  /** Saved with the workspace layout, so the sidebar restored after a restart shows the same drawing. */
  override getState(): Record<string, unknown> {
    return this.shown ? { drawing: this.shown } : {};
  }

  /** Obsidian calls this when it restores the layout (after the view opened) or a view state is set. */
  override async setState(state: unknown, result: ViewStateResult): Promise<void> {
    const drawing = (state as { drawing?: unknown } | null)?.drawing;
    if (typeof drawing === 'string' && drawing !== '') await this.showDrawing(drawing);
    await super.setState(state, result);
  }

  /** The drawing whose run this view shows (or tried to), null when none. */
  get drawingPath(): string | null {
    return this.shown;
  }

  /** Opens (or switches to) the run of a drawing; a drawing that cannot run shows why. */
  async showDrawing(drawingPath: string): Promise<void> {
    if (this.controller?.drawingPath === drawingPath) return;
    this.detach();
    this.shown = drawingPath;
    this.title.setText(drawingPath);
    try {
      this.controller = await this.host.openController(drawingPath);
    } catch (err) {
      this.errorBox.empty();
      this.errorBox.createDiv({ text: userMessage(err) });
      // The drawing's other problems, each pointing at its element.
      const list = new DiagnosticsList(this.errorBox, (id) => this.host.selectInDrawing(drawingPath, id));
      list.render(err instanceof FlowInputError ? err.diagnostics : []);
      this.errorBox.removeClass('flows-hidden');
      this.body.addClass('flows-hidden');
      this.refusedPath = drawingPath;
      this.host.refused?.(drawingPath);
      return;
    }
    const c = this.controller;
    this.unsubscribe = c.onChange(() => this.refresh());
    this.errorBox.addClass('flows-hidden');
    this.body.removeClass('flows-hidden');
    this.refresh();
  }

  /** Stops showing the drawing's run (its drawing was renamed: showDrawing follows with the new path). */
  stopShowing(): void {
    this.detach();
    this.shown = null;
  }

  private detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    const c = this.controller;
    this.controller = null;
    if (this.refusedPath) this.host.released?.(this.refusedPath);
    this.refusedPath = null;
    if (!c) return;
    c.stop();
    this.host.released?.(c.drawingPath);
  }

  /** Redraws every component from one snapshot of the run. */
  refresh(): void {
    const c = this.controller;
    if (!c) return;
    const s = c.snapshot();
    this.status.render(s);
    this.controls.render(s);
    this.queues.render(s);
    this.state.render(s);
    this.sinks.render(s);
    this.timeline.render(s);
    this.diagnostics.render(s.diagnostics);
    this.host.afterChange?.(c);
  }

  /** Runs a control's action; a failure becomes a Notice and a line in the view, never an uncaught error. */
  private act(fn: (c: RunController) => unknown): void {
    const c = this.controller;
    if (!c) return;
    void (async () => {
      try {
        await fn(c);
        // A successful action clears the previous failure.
        if (this.controller) this.errorBox.addClass('flows-hidden');
        this.refresh();
      } catch (err) {
        this.fail(err);
      }
    })();
  }

  private fail(err: unknown): void {
    const message = userMessage(err);
    new Notice(message);
    this.errorBox.setText(message);
    this.errorBox.removeClass('flows-hidden');
  }
}

