import type { Diagnostic } from '../diagnostics';
import type { SceneElement } from '../scene/scene';
import type { NodeTexts } from './attach-texts';
import type { RawEdge } from './connect-edges';
import { centre, type Point } from './geometry';
import { orderSourceEvents } from './source-events';

export interface DirectedEdge {
  id: string;
  from: string;
  to: string;
  /** Where the edge leaves `from`: a queue's events are consumed nearest this point first. */
  fromPoint: Point;
}

/**
 * A shape "holds events" when its texts read as a queue's events would (positive evidence: see
 * splitLabel), leaving out `KEY = NUMBER` lines (assertions). A processor labelled `count` or
 * `Order Service` holds none, so a plain line from a queue drawn on its right is not read backwards.
 */
export function holdsEvents(shape: SceneElement | undefined, t: NodeTexts | undefined): boolean {
  if (!t || !shape) return false;
  const strip = (e: SceneElement): SceneElement => ({ ...e, text: (e.text ?? '').split('\n').map((l) => (/=/.test(l) ? '' : l)).join('\n') });
  const texts: NodeTexts = { bound: t.bound.map(strip), inside: t.inside.map(strip), ...(t.title ? { title: t.title } : {}) };
  return orderSourceEvents('', shape, texts, centre(shape), false, true).events.length > 0;
}

/**
 * Gives each edge its direction: arrowheads first; a line without heads runs from the shape
 * that holds events towards the other, else left to right (said in an info diagnostic, since
 * that is a guess the author can remove by drawing an arrowhead).
 */
export function directEdges(file: string, raw: RawEdge[], texts: Map<string, NodeTexts>, byId: Map<string, SceneElement>): { edges: DirectedEdge[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const holds = new Map<string, boolean>();
  const holdsCached = (id: string): boolean => {
    let h = holds.get(id);
    if (h === undefined) holds.set(id, (h = holdsEvents(byId.get(id), texts.get(id))));
    return h;
  };
  const edges = raw.map((edge) => {
    const id = edge.element.id;
    const fwd = { id, from: edge.start, to: edge.end, fromPoint: edge.startPoint };
    const back = { id, from: edge.end, to: edge.start, fromPoint: edge.endPoint };
    if (edge.heads === 'both') {
      diagnostics.push({ severity: 'warning', code: 'two-headed-edge', file, elementId: id, message: `arrow ${id} has heads at both ends; it is read as running from its start to its end. Remove one head to say which way events flow` });
    }
    if (edge.heads === 'forward' || edge.heads === 'both') return fwd;
    if (edge.heads === 'backward') return back;
    const startHolds = holdsCached(edge.start);
    const endHolds = holdsCached(edge.end);
    if (startHolds !== endHolds) return startHolds ? fwd : back;
    diagnostics.push({ severity: 'info', code: 'guessed-direction', file, elementId: id, message: `${edge.element.type} ${id} has no arrowhead and neither or both of its boxes hold events; it is read left to right. Add an arrowhead to say which way events flow` });
    return centre(byId.get(edge.start)!).x <= centre(byId.get(edge.end)!).x ? fwd : back;
  });
  return { edges, diagnostics };
}
