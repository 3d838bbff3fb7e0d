import type { App } from 'obsidian';
import type { Plan } from '../../core/plan/plan';
import { automateFor } from '../live/excalidraw-automate';
import type { RunSnapshot } from '../run/run-model';
import { DrawingOverlay } from './drawing-overlay';
import { readDrawing } from './drawing-reading';
import { ElementFinder } from './element-finder';

/**
 * The overlays of the drawings the run view shows, one per drawing: made when a run (or a drawing
 * that cannot run) is first shown, each given how its drawing was read, and closed when the run
 * view lets the drawing go. The run view's host only forwards to this.
 */
export class DrawingOverlays {
  private readonly byDrawing = new Map<string, DrawingOverlay>();

  constructor(
    private readonly app: App,
    private readonly report: (message: string) => void,
  ) {}

  get(drawingPath: string): DrawingOverlay | null {
    return this.byDrawing.get(drawingPath) ?? null;
  }

  /** A new moment of a drawing's run. */
  showRun(drawingPath: string, plan: Plan, snapshot: RunSnapshot): void {
    this.guard(drawingPath, () => this.open(drawingPath, plan).show(snapshot));
  }

  /** A drawing that cannot run: how it was understood and what is wrong, at the elements. */
  showRefused(drawingPath: string): void {
    const o = this.byDrawing.get(drawingPath);
    // A drawing that ran before and now cannot is a new reading: start over.
    if (o?.runnable) this.close(drawingPath);
    this.guard(drawingPath, () => this.open(drawingPath, null));
  }

  /** The run view calls in here on every change: whatever fails stays out of the run. */
  private guard(drawingPath: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.report(`Could not show the run on ${drawingPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private open(drawingPath: string, plan: Plan | null): DrawingOverlay {
    const known = this.byDrawing.get(drawingPath);
    if (known) return known;
    const made = new DrawingOverlay(this.app, drawingPath, plan, { report: this.report });
    this.byDrawing.set(drawingPath, made);
    void readDrawing(this.app, drawingPath).then(
      (reading) => {
        if (reading && this.byDrawing.get(drawingPath) === made) made.understand(reading);
      },
      // Without the reading the run is still shown; only the "as understood" labels are missing.
      (err: unknown) => this.report(`Could not read ${drawingPath} to show how it was understood: ${err instanceof Error ? err.message : String(err)}`),
    );
    return made;
  }

  /**
   * The id under which the open editor knows the file's element `fileId` — the Excalidraw plugin
   * renames long ids on load and save (see ElementFinder) — or `fileId` itself when it is not found.
   */
  async viewIdOf(drawingPath: string, fileId: string): Promise<string> {
    try {
      return await this.findViewId(drawingPath, fileId);
    } catch {
      // Not found again: the id as the file has it is the best guess (selecting it does no harm).
      return fileId;
    }
  }

  private async findViewId(drawingPath: string, fileId: string): Promise<string> {
    const api = automateFor(this.app, drawingPath)?.getExcalidrawAPI();
    if (!api) return fileId;
    let finder = this.byDrawing.get(drawingPath)?.finder ?? null;
    if (!finder) {
      const reading = await readDrawing(this.app, drawingPath);
      finder = reading ? new ElementFinder(reading.elements) : null;
    }
    const view = new Map(api.getSceneElements().map((e) => [e.id, e]));
    return finder?.viewIdOf(fileId, view) ?? fileId;
  }

  /** Something in the workspace changed (a view opened, closed, loaded): each overlay looks for its view again. */
  touchAll(): void {
    for (const o of this.byDrawing.values()) o.touch();
  }

  close(drawingPath: string): void {
    this.byDrawing.get(drawingPath)?.close();
    this.byDrawing.delete(drawingPath);
  }

  closeAll(): void {
    for (const o of this.byDrawing.values()) o.close();
    this.byDrawing.clear();
  }
}
