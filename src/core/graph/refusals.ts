import type { Diagnostic } from '../diagnostics';
import type { SceneElement } from '../scene/scene';
import type { NodeTexts } from './attach-texts';
import { holdsEvents } from './direct-edges';
import type { FlowEdge, FlowNode } from './flow-graph';
import { labelSplitOf, orderSourceEvents } from './source-events';
import { centre } from './geometry';
import { boundsOf, ShapeIndex } from './spatial-index';
import { normaliseSpaces } from './texts';

const shown = (events: { key: string; value: number }[]): string => {
  const list = events.slice(0, 6).map((e) => (e.value === 1 ? e.key : `${e.key}:${e.value}`)).join(' ');
  return events.length > 6 ? `${list} …` : list;
};

function eventsIn(shape: SceneElement, t: NodeTexts): { key: string; value: number }[] {
  return orderSourceEvents('', shape, t, centre(shape), false, true).events;
}

/**
 * Readings that would only be a guess, refused before anything runs (each an error naming the
 * element, what was understood and how to fix it):
 * - a wrong-way arrow: an empty box sends into a box holding events, so the queue would be read
 *   as a processor and the empty box as a queue that sends nothing;
 * - a box holding events that no edge touches, while the drawing has a flow: its events would
 *   silently never run.
 */
export function refuseGuesses(file: string, nodes: FlowNode[], edges: FlowEdge[], shapes: SceneElement[], byShape: Map<string, NodeTexts>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byId = new Map<string, FlowNode>();
  for (const n of nodes) byId.set(n.id, n);
  // Wanted only for a suspicious edge or a box holding events outside the flow: built then.
  let shapes_: Map<string, SceneElement> | undefined;
  const shapeOf = (id: string): SceneElement => (shapes_ ??= new Map(shapes.map((s) => [s.id, s]))).get(id)!;
  for (const e of edges) {
    const from = byId.get(e.from)!;
    const to = byId.get(e.to)!;
    if (from.role !== 'source' || from.events.length > 0 || from.link || to.role === 'source') continue;
    const shape = shapeOf(to.id);
    const texts = byShape.get(to.id)!;
    if (!holdsEvents(shape, texts)) continue;
    out.push({ severity: 'error', code: 'wrong-way-edge', file, elementId: e.id, message: `edge ${e.id} runs from "${from.name}", which holds no events, into "${to.name}", which holds events (${shown(eventsIn(shape, texts))}); read this way the events never run. If "${to.name}" is the queue, reverse the arrow so it leaves the queue` });
  }
  if (nodes.length === 0) return out;
  // Node shapes by place, so finding the nodes inside a box does not scan them all for every box;
  // built for the first box that holds events without being a node (most drawings have none).
  let nodeIndex: ShapeIndex | undefined;
  for (const s of shapes) {
    if (byId.has(s.id)) continue;
    const all = byShape.get(s.id)!;
    // Letters of a logo drawn inside the box (grouped apart from it) are an icon, not events.
    const own = (t: SceneElement): boolean => (t.groupIds ?? []).every((g) => s.groupIds?.includes(g));
    const texts: NodeTexts = { bound: all.bound, inside: all.inside.filter(own), ...(all.title ? { title: all.title } : {}) };
    if (!holdsEvents(s, texts)) continue;
    // A panel around the flow is not a queue: only boxes holding no other node count.
    const b = boundsOf(s);
    nodeIndex ??= new ShapeIndex(nodes.map((n) => shapeOf(n.id)));
    if (nodeIndex.query(b.minX, b.minY, b.maxX, b.maxY).some((n) => n.id !== s.id && contains(s, n))) continue;
    const events = eventsIn(s, texts);
    const name = labelSplitOf(texts).name ?? normaliseSpaces(texts.title?.text ?? '') ?? s.id;
    out.push({ severity: 'error', code: 'unconnected-queue', file, elementId: s.id, message: `box ${name ? `"${name}" ` : ''}(${s.id}) holds events (${shown(events)}) but no edge touches it, so they would never run; draw an arrow from it to the processor that should read them, or remove the events` });
  }
  return out;
}

function contains(outer: SceneElement, inner: SceneElement): boolean {
  const c = centre(inner);
  return c.x >= outer.x && c.x <= outer.x + outer.width && c.y >= outer.y && c.y <= outer.y + outer.height;
}
