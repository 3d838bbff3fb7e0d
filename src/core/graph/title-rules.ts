import type { SceneElement } from '../scene/scene';
import { endpoints, rotate } from './geometry';
import { boundsOf } from './spatial-index';

/** `1`, `3.`, `(2)`, `Step 4`, `#5`: a step number names no box. */
function isStepNumber(text: string): boolean {
  // By hand: `^\s*(?:step\s*)?[#(]?\s*\d{1,3}…` let neighbouring `\s*` trade a long run of spaces (quadratic).
  let t = text.trim();
  if (t.slice(0, 4).toLowerCase() === 'step') t = t.slice(4).trimStart();
  if (t[0] === '#' || t[0] === '(') t = t.slice(1).trimStart();
  let digits = 0;
  while (digits < t.length && digits < 4 && t.charCodeAt(digits) >= 48 && t.charCodeAt(digits) <= 57) digits++;
  if (digits < 1 || digits > 3) return false;
  const rest = t.slice(digits).trimStart();
  return rest === '' || rest === '.' || rest === ')' || rest === ':';
}

/** How near an arrow a text must sit to be read as a note on it. */
const ARROW_NOTE_DISTANCE = 16;

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Distance from a point to the drawn path of a line or arrow (all its points, rotated with it). */
function distanceToPath(l: SceneElement, x: number, y: number): number {
  if (!endpoints(l)) return Infinity;
  const pts = (l.points ?? []).map(([px, py]) => rotate(l, { x: l.x + px, y: l.y + py }));
  let best = Infinity;
  for (let i = 1; i < pts.length; i++) best = Math.min(best, segmentDistance(x, y, pts[i - 1].x, pts[i - 1].y, pts[i].x, pts[i].y));
  return best;
}

export interface TitleContext {
  lines: readonly SceneElement[];
  /** Shapes near the text (candidates from the spatial index). */
  near: readonly SceneElement[];
}

/**
 * Whether a free text just above `shape` is clearly that shape's title and no one else's. Not
 * a title: a step number; a note on an arrow (the text sits on or beside a line); a heading
 * over several boxes (it spans other shapes below it too, or is far wider than the box); the
 * caption of a shape right above it (an icon's caption, closer to that shape than to this one).
 */

export function isClearTitle(t: SceneElement, shape: SceneElement, ctx: TitleContext): boolean {
  if (t.titleOf !== undefined) return true;
  const text = (t.text ?? '').trim();
  if (isStepNumber(text)) return false;
  const tb = boundsOf(t);
  const sb = boundsOf(shape);
  const cx = (tb.minX + tb.maxX) / 2;
  const cy = (tb.minY + tb.maxY) / 2;
  for (const l of ctx.lines) {
    if (distanceToPath(l, cx, cy) <= ARROW_NOTE_DISTANCE + (tb.maxY - tb.minY) / 2) return false;
  }
  const width = tb.maxX - tb.minX;
  if (width > 2 * (sb.maxX - sb.minX) + 40) return false;
  const gapBelow = sb.minY - tb.maxY;
  for (const o of ctx.near) {
    if (o === shape) continue;
    const ob = boundsOf(o);
    // Another shape a heading also stands over, at about the same height as this one.
    const overlapsX = Math.min(tb.maxX, ob.maxX) - Math.max(tb.minX, ob.minX) > 0;
    const holdsShape = ob.minX <= sb.minX && ob.maxX >= sb.maxX && ob.minY <= sb.minY && ob.maxY >= sb.maxY;
    if (!holdsShape && overlapsX && Math.abs(ob.minY - sb.minY) < 40) return false;
    // A shape whose bottom the text sits right under: its caption, unless this one is nearer.
    const above = tb.minY - ob.maxY;
    const alignedX = cx >= ob.minX && cx <= ob.maxX;
    if (alignedX && above >= -2 && above < Math.max(gapBelow, 0) + 1 && ob.maxY <= sb.minY) return false;
  }
  return true;
}

/**
 * A text at the top of a panel (a lane, a group's frame) that holds other shapes besides
 * `shape` is the panel's caption, not the title of the first box under it.
 */
export function isPanelCaption(t: SceneElement, panel: SceneElement, shape: SceneElement, shapesInPanel: number): boolean {
  const tb = boundsOf(t);
  const pb = boundsOf(panel);
  const h = tb.maxY - tb.minY;
  return shapesInPanel >= 2 && tb.minY - pb.minY < 2 * h + 10 && shape !== panel;
}
