import type { Diagnostic } from '../diagnostics';
import type { SceneElement } from '../scene/scene';
import { distanceToShape, endpoints, type Point } from './geometry';

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

function nearestShape(p: Point, shapes: SceneElement[]): SceneElement | undefined {
  let best: SceneElement | undefined;
  let bestDistance = SNAP_DISTANCE;
  for (const s of shapes) {
    const d = distanceToShape(s, p);
    if (d <= bestDistance) {
      // Prefer the smaller shape when one sits inside another and both are in reach.
      if (d < bestDistance || !best || s.width * s.height < best.width * best.height) best = s;
      bestDistance = d;
    }
  }
  return best;
}

/** Resolves each arrow or line to the two shapes it joins, by binding first, then by proximity. */
export function connectEdges(file: string, lines: SceneElement[], shapes: SceneElement[]): { edges: RawEdge[]; diagnostics: Diagnostic[] } {
  const byId = new Map(shapes.map((s) => [s.id, s]));
  const edges: RawEdge[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const l of lines) {
    const ends = endpoints(l);
    const boundStart = l.startBinding ? byId.get(l.startBinding.elementId) : undefined;
    const boundEnd = l.endBinding ? byId.get(l.endBinding.elementId) : undefined;
    if (!ends && !(boundStart && boundEnd)) continue;
    const startPoint = ends?.[0] ?? { x: 0, y: 0 };
    const endPoint = ends?.[1] ?? { x: 0, y: 0 };
    const start = boundStart ?? (ends ? nearestShape(startPoint, shapes) : undefined);
    const end = boundEnd ?? (ends ? nearestShape(endPoint, shapes) : undefined);
    if (!start || !end) {
      const which = !start && !end ? 'neither end' : !start ? 'its start' : 'its end';
      diagnostics.push({
        severity: 'warning', code: 'dangling-edge', file, elementId: l.id,
        message: `${l.type} ${l.id}: ${which} touches a shape; draw it so both ends touch (or bind to) a box, or it is ignored`,
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
