import type { OverlayLabel } from './overlay-labels';
import { toScreen, type SceneRect, type Viewport } from './scene-transform';

/** Where each anchor element is in the scene (null: not in the drawing, the label is hidden). */
export type RectOf = (elementId: string) => SceneRect | null;

interface Shown {
  el: HTMLElement;
  /** Text and tone per line as last written, so an unchanged label costs no DOM write. */
  content: string;
  place: string;
}

/** Gap between an anchor and its label, in screen pixels. */
const GAP = 6;

/**
 * The overlay's DOM: one absolutely placed layer over the Excalidraw editor, one element per label,
 * kept across frames. A frame writes only what changed (text, classes, position); the layer never
 * takes pointer events, so the drawing is used as if the overlay were not there.
 */
export class OverlayLayer {
  readonly root: HTMLElement;
  private readonly shown = new Map<string, Shown>();

  constructor(parent: HTMLElement) {
    this.root = parent.createDiv({ cls: 'flows-overlay' });
    this.root.setAttr('aria-hidden', 'true');
  }

  render(labels: readonly OverlayLabel[], viewport: Viewport, rectOf: RectOf): void {
    const seen = new Set<string>();
    for (const label of labels) {
      const rect = anchorRect(label, rectOf);
      if (!rect) continue;
      seen.add(label.key);
      let s = this.shown.get(label.key);
      if (!s) {
        s = { el: this.root.createDiv({ cls: `flows-overlay-label flows-overlay-${label.kind} flows-overlay-${label.side}` }), content: '', place: '' };
        s.el.dataset.key = label.key;
        this.shown.set(label.key, s);
      }
      const content = label.lines.map((l) => `${l.tone}\u0000${l.text}`).join('\u0001');
      if (content !== s.content) {
        s.content = content;
        s.el.empty();
        for (const line of label.lines) s.el.createDiv({ cls: `flows-overlay-line flows-tone-${line.tone}`, text: line.text });
      }
      const r = toScreen(rect, viewport);
      const [x, y] = label.side === 'right' ? [r.x + r.width + GAP, r.y + r.height / 2] : label.side === 'above' ? [r.x, r.y - GAP] : [r.x, r.y + r.height + GAP];
      const place = `${Math.round(x)},${Math.round(y)}`;
      if (place !== s.place) {
        s.place = place;
        s.el.setCssProps({ '--flows-x': `${Math.round(x)}px`, '--flows-y': `${Math.round(y)}px` });
      }
    }
    for (const [key, s] of this.shown) {
      if (seen.has(key)) continue;
      s.el.remove();
      this.shown.delete(key);
    }
  }

  /** The label elements now on screen, by key (for tests and for the motion layer). */
  labelElement(key: string): HTMLElement | null {
    return this.shown.get(key)?.el ?? null;
  }

  remove(): void {
    this.root.remove();
    this.shown.clear();
  }
}

function anchorRect(label: OverlayLabel, rectOf: RectOf): SceneRect | null {
  const a = label.anchor;
  if ('rect' in a) return a.rect;
  const r = rectOf(a.elementId);
  if (!r || !a.band || a.band.count <= 1) return r;
  const h = r.height / a.band.count;
  return { x: r.x, y: r.y + h * a.band.index, width: r.width, height: h };
}
