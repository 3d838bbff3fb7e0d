import type { Diagnostic } from '../diagnostics';
import type { SceneElement } from '../scene/scene';
import { area, centre, containsPoint, distanceToShape, endpoints, type Point } from './geometry';
import { ShapeIndex } from './spatial-index';

/** How close an unbound line end must come to a shape's outline to connect to it. */
export const SNAP_DISTANCE = 24;

export interface RawEdge {
  element: SceneElement;
  start: string;
  end: string;
  startPoint: Point;
  endPoint: Point;
  /** 'forward' start→end, 'backward' end→start, 'undirected' no arrowheads, 'both' two heads. */
  heads: 'forward' | 'backward' | 'undirected' | 'both';
}

/**
 * Shapes that hold another shape: panels, lanes, a "cluster" box. A line end inside a plain box
 * touches it (people end arrows on a box's text), but an end inside a panel touches it only near
 * its border: deep inside, it starts at something drawn in the panel, not at the panel.
 */
function panelsOf(shapes: SceneElement[], index: ShapeIndex): Set<string> {
  const panels = new Set<string>();
  for (const s of shapes) {
    const c = centre(s);
    for (const h of index.near(c.x, c.y, 0)) {
      if (h !== s && area(h) > area(s) && containsPoint(h, c)) panels.add(h.id);
    }
  }
  return panels;
}

function nearestShape(p: Point, index: ShapeIndex, panels: Set<string>): SceneElement | undefined {
  let best: SceneElement | undefined;
  let bestDistance = Infinity;
  for (const s of index.near(p.x, p.y, SNAP_DISTANCE)) {
    const d = !panels.has(s.id) && containsPoint(s, p) ? 0 : distanceToShape(s, p);
    if (d > SNAP_DISTANCE) continue;
    // Prefer the nearer outline; on a tie (an end inside nested shapes) the smaller shape.
    if (!best || d < bestDistance || (d === bestDistance && area(s) < area(best))) {
      best = s;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Resolves each arrow or line to the two shapes it joins, by binding first, then by proximity.
 * A binding to a text counts as a binding to the shape that text belongs to (`ownerOf`).
 */
export function connectEdges(file: string, lines: SceneElement[], shapes: SceneElement[], ownerOf: ReadonlyMap<string, string> = new Map(), index = new ShapeIndex(shapes)): { edges: RawEdge[]; diagnostics: Diagnostic[] } {
  const byId = new Map(shapes.map((s) => [s.id, s]));
  const bound = (id: string | undefined): SceneElement | undefined => (id === undefined ? undefined : byId.get(id) ?? byId.get(ownerOf.get(id) ?? ''));
  const edges: RawEdge[] = [];
  const diagnostics: Diagnostic[] = [];
  const panels = panelsOf(shapes, index);
  for (const l of lines) {
    const ends = endpoints(l);
    const boundStart = bound(l.startBinding?.elementId);
    const boundEnd = bound(l.endBinding?.elementId);
    const startPoint = ends?.[0] ?? { x: l.x, y: l.y };
    const endPoint = ends?.[1] ?? { x: l.x, y: l.y };
    const start = boundStart ?? (ends ? nearestShape(startPoint, index, panels) : undefined);
    const end = boundEnd ?? (ends ? nearestShape(endPoint, index, panels) : undefined);
    if (!start || !end) {
      const which = !start && !end ? 'neither end touches' : !start ? 'its start does not touch' : 'its end does not touch';
      // A plain line touching nothing is usually decoration (an underline, a divider): say so quietly.
      const decoration = l.type === 'line' && !start && !end;
      diagnostics.push({
        severity: decoration ? 'info' : 'warning', code: 'dangling-edge', file, elementId: l.id,
        message: `${l.type} ${l.id}: ${which} a box; move its ends onto (or bind them to) the boxes it joins, or it is ignored`,
      });
      continue;
    }
    if (start.id === end.id) continue;
    const hasStart = !!l.startArrowhead;
    const hasEnd = !!l.endArrowhead;
    const heads = hasStart && hasEnd ? 'both' : hasEnd ? 'forward' : hasStart ? 'backward' : 'undirected';
    edges.push({ element: l, start: start.id, end: end.id, startPoint, endPoint, heads });
  }
  return { edges, diagnostics };
}
