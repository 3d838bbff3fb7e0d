import type { SceneElement } from '../scene/scene';

interface Box { minX: number; minY: number; maxX: number; maxY: number }

/** Axis-aligned bounds of a possibly rotated element. */
export function boundsOf(e: SceneElement): Box {
  const cx = e.x + e.width / 2;
  const cy = e.y + e.height / 2;
  const cos = Math.abs(Math.cos(e.angle));
  const sin = Math.abs(Math.sin(e.angle));
  const hw = (e.width * cos + e.height * sin) / 2;
  const hh = (e.width * sin + e.height * cos) / 2;
  return { minX: cx - hw, minY: cy - hh, maxX: cx + hw, maxY: cy + hh };
}

const CELL = 256;
/** Grid coordinates stay small integers: beyond this, `x++` would stop changing a float and loop forever. */
const MAX_COORD = 2 ** 40;
const gridCoord = (n: number): boolean => Number.isFinite(n) && Math.abs(n) < MAX_COORD;
// Four arguments, not `...v`: a rest array per call was allocated for every query of a big drawing.
const gridable = (a: number, b: number, c: number, d: number): boolean => gridCoord(a) && gridCoord(b) && gridCoord(c) && gridCoord(d);
const NONE: readonly SceneElement[] = [];

/** One grid cell: its shapes' indices (ascending, for de-duplication) and the shapes themselves. */
interface Cell { indices: number[]; shapes: SceneElement[] }
/** A shape spanning more cells than this (a background panel) is kept in one list checked always. */
const MAX_CELLS = 64;

/** Ascending, in place: candidates are few, and Array.prototype.sort copies them for every query. */
function sortSmall(a: number[]): void {
  if (a.length > 32) {
    a.sort((x, y) => x - y);
    return;
  }
  for (let i = 1; i < a.length; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

/**
 * A uniform grid over shapes, so "which shapes are near this point" costs a few cells instead
 * of a scan of every shape: reading a 5,000-element drawing stays linear. Queries return
 * candidates in their original order (callers break ties by it, keeping results deterministic).
 */
export class ShapeIndex {
  /** Column → row → cell. Numbers, not `"x,y"` strings: no string built per cell visited. */
  private readonly cells = new Map<number, Map<number, Cell>>();
  private readonly large: number[] = [];
  private readonly seen: Uint32Array;
  private stamp = 0;
  /**
   * Queries made plus candidates returned so far: a deterministic measure of the index's work
   * (tests check it grows linearly with the drawing; a superlinear reader shows here first).
   */
  work = 0;

  constructor(readonly shapes: readonly SceneElement[]) {
    this.seen = new Uint32Array(shapes.length);
    for (let i = 0; i < shapes.length; i++) {
      const b = boundsOf(shapes[i]);
      const x0 = Math.floor(b.minX / CELL);
      const x1 = Math.floor(b.maxX / CELL);
      const y0 = Math.floor(b.minY / CELL);
      const y1 = Math.floor(b.maxY / CELL);
      if (!gridable(x0, x1, y0, y1) || (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS) {
        this.large.push(i);
        continue;
      }
      for (let x = x0; x <= x1; x++) {
        let column = this.cells.get(x);
        if (!column) this.cells.set(x, (column = new Map<number, Cell>()));
        for (let y = y0; y <= y1; y++) {
          const cell = column.get(y);
          if (cell) {
            cell.indices.push(i);
            cell.shapes.push(shapes[i]);
          } else column.set(y, { indices: [i], shapes: [shapes[i]] });
        }
      }
    }
  }

  /** Shapes whose bounds may meet the box [minX, maxX] × [minY, maxY], in original order. */
  query(minX: number, minY: number, maxX: number, maxY: number): readonly SceneElement[] {
    const x0 = Math.floor(minX / CELL);
    const x1 = Math.floor(maxX / CELL);
    const y0 = Math.floor(minY / CELL);
    const y1 = Math.floor(maxY / CELL);
    // A query box too big (or not finite) for the grid: every shape is a candidate.
    if (!gridable(x0, x1, y0, y1) || (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS * 4) {
      this.work += 1 + this.shapes.length;
      return [...this.shapes];
    }
    // A stamp per query instead of a Set: reading a big drawing makes thousands of queries.
    const stamp = ++this.stamp;
    const seen = this.seen;
    const found: number[] = [];
    for (const i of this.large) {
      seen[i] = stamp;
      found.push(i);
    }
    for (let x = x0; x <= x1; x++) {
      const column = this.cells.get(x);
      if (!column) continue;
      for (let y = y0; y <= y1; y++) {
        const cell = column.get(y);
        if (!cell) continue;
        for (const i of cell.indices) {
          if (seen[i] === stamp) continue;
          seen[i] = stamp;
          found.push(i);
        }
      }
    }
    this.work += 1 + found.length;
    if (found.length > 1) sortSmall(found);
    const out = new Array<SceneElement>(found.length);
    for (let k = 0; k < found.length; k++) out[k] = this.shapes[found[k]];
    return out;
  }

  near(x: number, y: number, radius: number): readonly SceneElement[] {
    return radius === 0 ? this.at(x, y) : this.query(x - radius, y - radius, x + radius, y + radius);
  }

  /**
   * Shapes whose bounds may hold the point: one cell, already in original order and free of
   * repeats, so without panels (large shapes) it is returned as it is, with no array built.
   * The same candidates and the same `work` as `query(x, y, x, y)`.
   */
  at(x: number, y: number): readonly SceneElement[] {
    const cx = Math.floor(x / CELL);
    const cy = Math.floor(y / CELL);
    if (this.large.length > 0 || !gridable(cx, cy, cx, cy)) return this.query(x, y, x, y);
    const shapes = this.cells.get(cx)?.get(cy)?.shapes ?? NONE;
    this.work += 1 + shapes.length;
    return shapes;
  }
}
