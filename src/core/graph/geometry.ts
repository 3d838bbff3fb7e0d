import type { SceneElement } from '../scene/scene';

export interface Point { x: number; y: number }

export function centre(e: SceneElement): Point {
  return { x: e.x + e.width / 2, y: e.y + e.height / 2 };
}

/** Expresses `p` in the element's unrotated frame, so rotated shapes can be tested as boxes. */
function unrotate(e: SceneElement, p: Point): Point {
  if (!e.angle) return p;
  const c = centre(e);
  const cos = Math.cos(-e.angle);
  const sin = Math.sin(-e.angle);
  const dx = p.x - c.x;
  const dy = p.y - c.y;
  return { x: c.x + dx * cos - dy * sin, y: c.y + dx * sin + dy * cos };
}

export function rotate(e: SceneElement, p: Point): Point {
  if (!e.angle) return p;
  const c = centre(e);
  const cos = Math.cos(e.angle);
  const sin = Math.sin(e.angle);
  const dx = p.x - c.x;
  const dy = p.y - c.y;
  return { x: c.x + dx * cos - dy * sin, y: c.y + dx * sin + dy * cos };
}

export function containsPoint(shape: SceneElement, p: Point): boolean {
  const q = unrotate(shape, p);
  return q.x >= shape.x && q.x <= shape.x + shape.width && q.y >= shape.y && q.y <= shape.y + shape.height;
}

/**
 * Distance from `p` to the shape's outline, from outside or from inside: a line end drawn
 * deep inside a large panel (starting at an icon in it) does not touch the panel, while an end
 * that overlaps a box's border a little does. Ellipses and diamonds are measured against their
 * bounding box: people end lines "near" a shape, and the tolerance used by the graph builder is
 * coarser than the difference.
 */
export function distanceToShape(shape: SceneElement, p: Point): number {
  const q = unrotate(shape, p);
  const dx = Math.max(shape.x - q.x, 0, q.x - (shape.x + shape.width));
  const dy = Math.max(shape.y - q.y, 0, q.y - (shape.y + shape.height));
  if (dx > 0 || dy > 0) return Math.hypot(dx, dy);
  return Math.min(q.x - shape.x, shape.x + shape.width - q.x, q.y - shape.y, shape.y + shape.height - q.y);
}

/** Absolute first and last points of a line or arrow (points are relative and rotate with it). */
export function endpoints(e: SceneElement): [Point, Point] | null {
  const pts = e.points;
  if (!pts || pts.length < 2) return null;
  const first = pts[0];
  const last = pts[pts.length - 1];
  return [
    rotate(e, { x: e.x + first[0], y: e.y + first[1] }),
    rotate(e, { x: e.x + last[0], y: e.y + last[1] }),
  ];
}

export function area(e: SceneElement): number {
  return e.width * e.height;
}
