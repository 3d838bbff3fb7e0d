import type { Diagnostic } from '../diagnostics';
import type { SceneElement } from '../scene/scene';
import type { IdSet } from './attach-texts';
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
    // The centre's coordinates computed here, not read back from a point object: reading `c.x`
    // here made V8 rebuild that property load's handler on every shape, which kept this
    // function (and attachTexts, the same pattern) from ever being optimised (a third of
    // reading a 5,000-element drawing).
    const cx = s.x + s.width / 2;
    const cy = s.y + s.height / 2;
    const c = { x: cx, y: cy };
    const near = index.near(cx, cy, 0);
    for (let k = 0; k < near.length; k++) {
      const h = near[k];
      if (h !== s && area(h) > area(s) && containsPoint(h, c)) panels.add(h.id);
    }
  }
  return panels;
}

/** Whether `inner`'s centre lies inside `outer`, a larger shape. */
function holds(outer: SceneElement, inner: SceneElement): boolean {
  return area(outer) > area(inner) && containsPoint(outer, centre(inner));
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
export function connectEdges(file: string, lines: SceneElement[], shapes: SceneElement[], ownerOf: ReadonlyMap<string, string> = new Map(), index = new ShapeIndex(shapes), labels: IdSet = new Set(), byId: ReadonlyMap<string, SceneElement> = new Map(shapes.map((s) => [s.id, s]))): { edges: RawEdge[]; diagnostics: Diagnostic[] } {
  const panels = panelsOf(shapes, index);
  // A free text deep inside a panel (an arrow's note, `SSE`) is no label of the panel: an
  // arrow bound to it ends where it is drawn, not on the panel around it.
  const bound = (id: string | undefined): SceneElement | undefined => {
    if (id === undefined) return undefined;
    const shape = byId.get(id);
    if (shape) return shape;
    const owner = ownerOf.get(id);
    if (owner === undefined) return undefined;
    return panels.has(owner) && !labels.has(id) ? undefined : byId.get(owner);
  };
  // Excalidraw binds an end drawn over a box in a lane to whichever it picks, often the lane: an
  // end bound to a panel but drawn on a box, or right at a box inside the panel, is that box's.
  const intoPanel = (boundShape: SceneElement | undefined, p: Point | undefined): SceneElement | undefined => {
    if (!boundShape || !p || !panels.has(boundShape.id)) return boundShape;
    const inner = nearestShape(p, index, panels);
    const drawnAt = inner && inner !== boundShape && !panels.has(inner.id) && (holds(boundShape, inner) || containsPoint(inner, p));
    return drawnAt ? inner : boundShape;
  };
  const edges: RawEdge[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const l of lines) {
    const ends = endpoints(l);
    const boundStart = bound(l.startBinding?.elementId);
    const boundEnd = bound(l.endBinding?.elementId);
    const startPoint = ends?.[0] ?? { x: l.x, y: l.y };
    const endPoint = ends?.[1] ?? { x: l.x, y: l.y };
    const start = intoPanel(boundStart, ends ? startPoint : undefined) ?? (ends ? nearestShape(startPoint, index, panels) : undefined);
    const end = intoPanel(boundEnd, ends ? endPoint : undefined) ?? (ends ? nearestShape(endPoint, index, panels) : undefined);
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
    // A panel cannot send to what is drawn inside it: an arrow from a lane to a box in it is a
    // callout (`Partition keys` pointing into a table), not a step of the flow.
    if (holds(start, end) || holds(end, start)) {
      diagnostics.push({ severity: 'info', code: 'callout-edge', file, elementId: l.id, message: `${l.type} ${l.id} joins a box to a shape drawn inside it; read as a callout, not an edge. Draw it between two boxes side by side if events flow along it` });
      continue;
    }
    const hasStart = !!l.startArrowhead;
    const hasEnd = !!l.endArrowhead;
    const heads = hasStart && hasEnd ? 'both' : hasEnd ? 'forward' : hasStart ? 'backward' : 'undirected';
    edges.push({ element: l, start: start.id, end: end.id, startPoint, endPoint, heads });
  }
  return { edges, diagnostics };
}
