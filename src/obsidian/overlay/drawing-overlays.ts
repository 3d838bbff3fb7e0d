import type { App } from 'obsidian';
import type { Plan } from '../../core/plan/plan';
import type { RunSnapshot } from '../run/run-model';
import { DrawingOverlay } from './drawing-overlay';
import { readDrawing } from './drawing-reading';

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
    this.open(drawingPath, plan).show(snapshot);
  }

  /** A drawing that cannot run: how it was understood and what is wrong, at the elements. */
  showRefused(drawingPath: string): void {
    const o = this.byDrawing.get(drawingPath);
    // A drawing that ran before and now cannot is a new reading: start over.
    if (o?.runnable) this.close(drawingPath);
    this.open(drawingPath, null);
  }

  private open(drawingPath: string, plan: Plan | null): DrawingOverlay {
    const known = this.byDrawing.get(drawingPath);
    if (known) return known;
    const made = new DrawingOverlay(this.app, drawingPath, plan, { report: this.report });
    this.byDrawing.set(drawingPath, made);
    void readDrawing(this.app, drawingPath).then((reading) => {
      if (reading && this.byDrawing.get(drawingPath) === made) made.understand(reading);
    });
    return made;
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
