import type { SceneElement } from '../scene/scene';
import type { LabelSplit } from './source-events';
import { area, centre, containsPoint } from './geometry';
import { boundsOf, ShapeIndex } from './spatial-index';
import { isClearTitle, isPanelCaption } from './title-rules';

/** How far above a shape a free text may sit and still be its title (scene units). */
export const TITLE_GAP = 60;

export interface NodeTexts {
  bound: SceneElement[];
  inside: SceneElement[];
  title?: SceneElement;
  /** The label's split (source-events.ts `labelSplitOf`), once asked; texts are only given out before. */
  labelSplit?: LabelSplit;
}

/** Only membership is asked of an id set: a caller may build it lazily. */
export interface IdSet { has(id: string): boolean }

export interface AttachedTexts {
  byShape: Map<string, NodeTexts>;
  /** Texts that belong to no shape (notes on the canvas, the checkpoint interval, arrow labels excluded). */
  loose: SceneElement[];
  /** Text id → the shape it was given to: an arrow bound to a label text is bound to its shape. */
  ownerOf: Map<string, string>;
}

const smaller = (a: SceneElement, b: SceneElement): boolean => area(a) < area(b) || (area(a) === area(b) && a.id < b.id);

/**
 * Gives every text to at most one shape, as a reader of the drawing would: bound text to its
 * container, a text the format declares a title (canvas) to its node, a free text to the
 * smallest shape containing its centre, unless it sits just above a smaller shape inside that
 * one (a title, like `processing service` in the seed). `otherIds` are the non-shape elements:
 * a text bound to one of them (an arrow label) belongs to no node; a text bound to an element
 * that no longer exists is treated as free.
 */
export function attachTexts(shapes: SceneElement[], texts: SceneElement[], otherIds: IdSet = new Set(), index = new ShapeIndex(shapes), lines: readonly SceneElement[] = []): AttachedTexts {
  // Built when a text first needs it (a title candidate): many drawings have none.
  let lineIndex: ShapeIndex | undefined;
  const byShape = new Map<string, NodeTexts>();
  for (const s of shapes) byShape.set(s.id, { bound: [], inside: [] });
  const loose: SceneElement[] = [];
  const ownerOf = new Map<string, string>();
  // Counted once per panel: a lane holding a thousand titled boxes would otherwise be scanned once per title.
  const counts = new Map<string, number>();
  const insideCount = (panel: SceneElement): number => {
    let n = counts.get(panel.id);
    if (n === undefined) counts.set(panel.id, (n = shapesInside(panel, index)));
    return n;
  };
  const give = (t: SceneElement, shapeId: string, put: (slot: NodeTexts) => void): void => {
    put(byShape.get(shapeId)!);
    ownerOf.set(t.id, shapeId);
  };

  for (const t of texts) {
    // Most texts are bound labels: given straight away, without a closure per text.
    const container = t.containerId ? byShape.get(t.containerId) : undefined;
    if (container) {
      container.bound.push(t);
      ownerOf.set(t.id, t.containerId!);
      continue;
    }
    if (t.containerId && otherIds.has(t.containerId)) continue;
    if (t.titleOf && byShape.has(t.titleOf)) {
      const slot = byShape.get(t.titleOf)!;
      if (slot.title) loose.push(slot.title);
      give(t, t.titleOf, (s) => { s.title = t; });
      continue;
    }
    // The centre's coordinates computed here, not read back from the point: see connect-edges' panelsOf.
    const cx = t.x + t.width / 2;
    const cy = t.y + t.height / 2;
    const c = { x: cx, y: cy };
    let holder: SceneElement | undefined;
    const near = index.near(cx, cy, 0);
    for (let k = 0; k < near.length; k++) {
      const s = near[k];
      if (containsPoint(s, c) && (!holder || smaller(s, holder))) holder = s;
    }
    let below = titleTarget(t, index);
    if (below) {
      const b = boundsOf(t);
      lineIndex ??= new ShapeIndex(lines);
      const ctx = { lines: lineIndex.query(b.minX - 40, b.minY - 40, b.maxX + 40, b.maxY + 40), near: index.query(b.minX, b.minY, b.maxX, b.maxY + TITLE_GAP + 40) };
      if (!isClearTitle(t, below, ctx)) below = undefined;
      else if (holder && below !== holder && isPanelCaption(t, holder, below, insideCount(holder))) below = undefined;
    }
    if (below && (!holder || (smaller(below, holder) && containsPoint(holder, centre(below))))) {
      const slot = byShape.get(below.id)!;
      const current = slot.title;
      if (!current || (!current.titleOf && gapBelow(current, below) > gapBelow(t, below))) {
        if (current) {
          loose.push(current);
          ownerOf.delete(current.id);
        }
        give(t, below.id, (s) => { s.title = t; });
        continue;
      }
    }
    if (holder) {
      give(t, holder.id, (slot) => slot.inside.push(t));
      continue;
    }
    loose.push(t);
  }
  captionsBelow(shapes, texts, byShape, ownerOf, loose, index);
  return { byShape, loose, ownerOf };
}

/** How far below a box its caption may start (scene units). */
const CAPTION_GAP = 40;

/**
 * A box with no text of its own, captioned by a free text just under it (`Register` under an
 * endpoint box, as icons are captioned), is named by that text, when the text is not inside
 * another box and no other box sits between. The text may lie loose or in a panel around both.
 */
function captionsBelow(shapes: SceneElement[], texts: SceneElement[], byShape: Map<string, NodeTexts>, ownerOf: Map<string, string>, loose: SceneElement[], index: ShapeIndex): void {
  // Built for the first box without a text of its own: in most drawings every box has one.
  let textIndex: ShapeIndex | undefined;
  let shapeById: Map<string, SceneElement> | undefined;
  let looseIds: Set<string> | undefined;
  const taken = new Set<string>();
  for (const s of shapes) {
    const slot = byShape.get(s.id)!;
    if (slot.bound.length || slot.inside.length || slot.title) continue;
    textIndex ??= new ShapeIndex(texts);
    shapeById ??= new Map(shapes.map((x) => [x.id, x]));
    looseIds ??= new Set(loose.map((t) => t.id));
    const b = boundsOf(s);
    let best: SceneElement | undefined;
    for (const t of textIndex.query(b.minX, b.maxY, b.maxX, b.maxY + CAPTION_GAP)) {
      const cx = t.x + t.width / 2;
      const gap = t.y - b.maxY;
      if (t.containerId || t.titleOf || taken.has(t.id) || cx < b.minX || cx > b.maxX || gap < -4 || gap > CAPTION_GAP) continue;
      const owner = ownerOf.get(t.id);
      // Free on the canvas, or inside a panel that also holds this box.
      if (!(looseIds.has(t.id) || (owner !== undefined && owner !== s.id && byShape.get(owner)!.inside.includes(t) && containsPoint(shapeById.get(owner)!, centre(s))))) continue;
      const between = (o: SceneElement): boolean => {
        const ob = boundsOf(o);
        return o !== s && ob.minY > b.maxY && ob.minY < t.y && ob.maxX > b.minX && ob.minX < b.maxX;
      };
      if (index.query(b.minX, b.maxY + 1, b.maxX, t.y - 1).some(between)) continue;
      if (!best || t.y < best.y) best = t;
    }
    if (!best) continue;
    taken.add(best.id);
    const owner = ownerOf.get(best.id);
    if (owner !== undefined) {
      const from = byShape.get(owner)!;
      from.inside = from.inside.filter((x) => x !== best);
    }
    slot.inside.push(best);
    ownerOf.set(best.id, s.id);
  }
  if (taken.size) loose.splice(0, loose.length, ...loose.filter((t) => !taken.has(t.id)));
}

function gapBelow(text: SceneElement, shape: SceneElement): number {
  return boundsOf(shape).minY - (text.y + text.height);
}

/** How many other shapes have their centre inside `panel`. */
function shapesInside(panel: SceneElement, index: ShapeIndex): number {
  const b = boundsOf(panel);
  return index.query(b.minX, b.minY, b.maxX, b.maxY).filter((s) => s !== panel && area(s) < area(panel) && containsPoint(panel, centre(s))).length;
}

/** The shape right below a free text, whose top edge (rotation included) the text (nearly) touches. */
function titleTarget(t: SceneElement, index: ShapeIndex): SceneElement | undefined {
  const cx = t.x + t.width / 2;
  let best: SceneElement | undefined;
  let bestGap = Infinity;
  for (const s of index.query(cx, t.y + t.height / 2, cx, t.y + t.height + TITLE_GAP)) {
    const sb = boundsOf(s);
    if (cx < sb.minX || cx > sb.maxX) continue;
    const gap = gapBelow(t, s);
    // A little overlap is tolerated: titles often touch the box they name.
    if (gap < -t.height / 2 || gap > TITLE_GAP) continue;
    if (gap < bestGap) {
      bestGap = gap;
      best = s;
    }
  }
  return best;
}

/**
 * The text that labels a shape when no title does: its bound text, else its topmost free text
 * inside (drawings made without binding put the label as a loose text over the box).
 */
export function labelOf(texts: NodeTexts): SceneElement | undefined {
  if (texts.bound[0]) return texts.bound[0];
  let top: SceneElement | undefined;
  for (const t of texts.inside) if (!top || t.y < top.y || (t.y === top.y && t.x < top.x)) top = t;
  return top;
}
