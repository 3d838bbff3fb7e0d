import type { Plan } from '../../core/plan/plan';
import type { RunSnapshot } from '../run/run-model';
import type { ExcalidrawAutomateLike, ExcalidrawElementLike } from './excalidraw-automate';
import { paintKeyLines, queueMarkerText } from './paint-texts';

/** Id of the marker text drawn above a queue: stable, so a later run reuses it. */
export const markerId = (sourceId: string): string => `flows-marker-${sourceId}`;

/**
 * Shows a run on its open drawing: rewrites the `KEY = NUMBER` lines inside processors and keeps
 * a marker above each queue (offset and next events). Edits stay out of the undo history and are
 * undone by `clear()`; only `keep()` saves values into the drawing file, when the user asks.
 */
export class DrawingPainter {
  /** Text as drawn, per painted element, to put back on clear(). */
  private readonly originals = new Map<string, string>();
  private painting: Promise<void> = Promise.resolve();
  private latest: RunSnapshot | null = null;

  constructor(
    private readonly automate: () => ExcalidrawAutomateLike | null,
    private readonly plan: Plan,
  ) {}

  /** Paints a snapshot; paints never overlap, and a burst of snapshots paints only the newest. */
  paint(s: RunSnapshot): Promise<void> {
    const idle = this.latest === null;
    this.latest = s;
    if (idle) {
      this.painting = this.painting.then(async () => {
        const next = this.latest;
        this.latest = null;
        if (next) await this.apply(next, { save: false, markers: true });
      });
    }
    return this.painting;
  }

  /** Writes the current values into the drawing (saved by Excalidraw) and removes the markers. */
  async keep(s: RunSnapshot): Promise<boolean> {
    await this.painting;
    const done = await this.apply(s, { save: true, markers: false });
    this.originals.clear();
    return done;
  }

  /** Puts every painted text back as drawn and removes the queue markers. */
  async clear(): Promise<void> {
    await this.painting;
    const ea = this.automate();
    if (!ea) return;
    const view = new Map(ea.getViewElements().map((e) => [e.id, e]));
    const touched = [...this.originals.keys()].map((id) => view.get(id)).filter((e): e is ExcalidrawElementLike => e !== undefined);
    const markers = this.plan.nodes.filter((n) => n.role === 'source').map((n) => view.get(markerId(n.id))).filter((e): e is ExcalidrawElementLike => e !== undefined);
    if (touched.length + markers.length === 0) return;
    ea.copyViewElementsToEAforEditing([...touched, ...markers]);
    for (const el of touched) this.setText(ea, el.id, this.originals.get(el.id)!);
    for (const m of markers) {
      const own = ea.getElement(m.id);
      if (own) own.isDeleted = true;
    }
    this.originals.clear();
    await ea.addElementsToView(false, false, true, false, 'NEVER');
  }

  private setText(ea: ExcalidrawAutomateLike, id: string, text: string): void {
    const own = ea.getElement(id);
    if (!own) return;
    own.text = text;
    own.originalText = text;
    own.rawText = text;
    ea.refreshTextElementSize(id);
  }

  private async apply(s: RunSnapshot, how: { save: boolean; markers: boolean }): Promise<boolean> {
    const ea = this.automate();
    if (!ea) return false;
    const view = new Map(ea.getViewElements().map((e) => [e.id, e]));
    const texts = new Map<string, string>();
    for (const node of this.plan.nodes) {
      if (node.role !== 'processor') continue;
      const state = new Map(s.processors.find((p) => p.id === node.id)?.entries ?? []);
      for (const id of new Set(node.assertions.map((a) => a.elementId))) {
        const el = view.get(id);
        if (!el || el.type !== 'text') continue;
        if (!this.originals.has(id)) this.originals.set(id, el.originalText ?? el.text ?? '');
        const text = paintKeyLines(this.originals.get(id)!, state);
        if (text !== (el.originalText ?? el.text)) texts.set(id, text);
      }
    }
    const newMarkers: { x: number; y: number; id: string; text: string }[] = [];
    const markerEdits = new Map<string, string>();
    if (how.markers) {
      for (const q of s.queues) {
        const text = queueMarkerText(q.offset, q.length, q.next);
        const existing = view.get(markerId(q.id));
        if (existing && !existing.isDeleted) {
          if (existing.text !== text) markerEdits.set(existing.id, text);
          continue;
        }
        const shape = view.get(q.id);
        if (shape) newMarkers.push({ x: shape.x, y: shape.y - 30, id: markerId(q.id), text });
      }
    }
    // Markers are for watching a run: when values are written for good, they go.
    const dropped = how.markers ? [] : s.queues.map((q) => view.get(markerId(q.id))).filter((e): e is ExcalidrawElementLike => e !== undefined && !e.isDeleted);
    if (texts.size + markerEdits.size + newMarkers.length + dropped.length === 0 && !how.save) return true;
    const edited = [...texts.keys(), ...markerEdits.keys()].map((id) => view.get(id)!);
    ea.copyViewElementsToEAforEditing([...edited, ...dropped]);
    for (const [id, text] of [...texts, ...markerEdits]) this.setText(ea, id, text);
    for (const m of dropped) {
      const own = ea.getElement(m.id);
      if (own) own.isDeleted = true;
    }
    for (const m of newMarkers) ea.addText(m.x, m.y, m.text, { textAlign: 'left' }, m.id);
    // "NEVER": live values are not edits a person should undo one by one.
    await ea.addElementsToView(false, how.save, true, false, 'NEVER');
    return true;
  }
}
