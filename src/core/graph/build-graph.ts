import type { Diagnostic } from '../diagnostics';
import type { Scene, SceneElement } from '../scene/scene';
import { attachTexts, type NodeTexts } from './attach-texts';
import { connectEdges, type RawEdge } from './connect-edges';
import { findCycle } from './cycles';
import type { FlowEdge, FlowGraph, FlowNode, Role } from './flow-graph';
import { centre, type Point } from './geometry';
import { orderSourceEvents } from './source-events';
import { nameSaysSink, normaliseSpaces, parseCheckpointInterval, parseEventTokens } from './texts';
import { describeProcessor } from './processor-texts';

const SHAPES = new Set(['rectangle', 'ellipse', 'diamond']);

/** A text "holds events" when it is a list of bare or `KEY:NUMBER` tokens (not `KEY = NUMBER`, an assertion). */
function holdsEvents(t: NodeTexts | undefined): boolean {
  if (!t) return false;
  return [...t.bound, ...t.inside].some((e) => !/=/.test(e.text ?? '') && parseEventTokens(e.text ?? '') !== null);
}

function direct(edge: RawEdge, texts: Map<string, NodeTexts>, byId: Map<string, SceneElement>): { from: string; to: string; fromPoint: Point } {
  const fwd = { from: edge.start, to: edge.end, fromPoint: edge.startPoint };
  const back = { from: edge.end, to: edge.start, fromPoint: edge.endPoint };
  if (edge.heads === 'forward' || edge.heads === 'both') return fwd;
  if (edge.heads === 'backward') return back;
  const startHolds = holdsEvents(texts.get(edge.start));
  const endHolds = holdsEvents(texts.get(edge.end));
  if (startHolds !== endHolds) return startHolds ? fwd : back;
  return centre(byId.get(edge.start)!).x <= centre(byId.get(edge.end)!).x ? fwd : back;
}

/**
 * scene → pipeline graph: shapes become nodes, arrows and lines edges, texts give names,
 * events, operations and assertions. Never throws on odd drawings: what it cannot understand
 * becomes a diagnostic naming the element.
 */
export function buildGraph(scene: Scene): FlowGraph {
  const { file } = scene;
  const diagnostics: Diagnostic[] = [];
  const shapes = scene.elements.filter((e) => SHAPES.has(e.type));
  const texts = scene.elements.filter((e) => e.type === 'text' && (e.text ?? '').trim() !== '');
  const lines = scene.elements.filter((e) => e.type === 'arrow' || e.type === 'line');
  const byId = new Map(shapes.map((s) => [s.id, s]));

  const { byShape, loose } = attachTexts(shapes, texts);
  const connected = connectEdges(file, lines, shapes);
  diagnostics.push(...connected.diagnostics);

  const edges: (FlowEdge & { fromPoint: Point })[] = [];
  for (const raw of connected.edges) {
    const d = direct(raw, byShape, byId);
    if (raw.heads === 'both') {
      diagnostics.push({ severity: 'warning', code: 'two-headed-edge', file, elementId: raw.element.id, message: `arrow ${raw.element.id} has heads at both ends; it is read as running from its start to its end. Remove one head to say which way events flow` });
    }
    edges.push({ id: raw.element.id, from: d.from, to: d.to, fromPoint: d.fromPoint });
  }

  const inDegree = new Map<string, number>();
  const outDegree = new Map<string, number>();
  for (const e of edges) {
    outDegree.set(e.from, (outDegree.get(e.from) ?? 0) + 1);
    inDegree.set(e.to, (inDegree.get(e.to) ?? 0) + 1);
  }

  const nodes: FlowNode[] = [];
  const usedNames = new Map<string, number>();
  const uniqueName = (base: string): string => {
    const n = (usedNames.get(base) ?? 0) + 1;
    usedNames.set(base, n);
    return n === 1 ? base : `${base} #${n}`;
  };
  // Document order keeps node order stable and independent of geometry ties.
  for (const shape of shapes) {
    const ins = inDegree.get(shape.id) ?? 0;
    const outs = outDegree.get(shape.id) ?? 0;
    if (ins === 0 && outs === 0) continue;
    const t = byShape.get(shape.id)!;
    const title = t.title ? normaliseSpaces(t.title.text ?? '') : undefined;
    let role: Role;
    if (ins === 0) role = 'source';
    else if (outs === 0 && nameSaysSink(title ?? firstLine(t.bound[0]?.text) ?? '')) role = 'sink';
    else role = 'processor';

    if (role === 'source') {
      const outgoing = edges.find((e) => e.from === shape.id)!;
      const src = orderSourceEvents(file, shape, t, outgoing.fromPoint);
      diagnostics.push(...src.diagnostics);
      nodes.push({ id: shape.id, name: uniqueName(title ?? src.name ?? 'queue'), role, operation: { kind: 'count' }, events: src.events, assertions: [], link: shape.link ?? undefined });
    } else if (role === 'sink') {
      nodes.push({ id: shape.id, name: uniqueName(title ?? firstLine(t.bound[0]?.text) ?? 'sink'), role, operation: { kind: 'count' }, events: [], assertions: [] });
    } else {
      const p = describeProcessor(file, shape, t, title);
      diagnostics.push(...p.diagnostics);
      nodes.push({ id: shape.id, name: uniqueName(p.name), role, operation: p.operation, events: [], assertions: p.assertions });
    }
  }

  let checkpointIntervalMs: number | undefined;
  for (const t of [...loose, ...texts.filter((x) => !loose.includes(x))]) {
    const ms = parseCheckpointInterval(t.text ?? '');
    if (ms !== null && ms > 0) {
      checkpointIntervalMs = ms;
      break;
    }
  }

  if (shapes.length === 0) {
    diagnostics.push({ severity: 'error', code: 'no-nodes', file, message: 'the drawing has no boxes (rectangles, ellipses or diamonds); draw a queue, a processor and connect them' });
  } else if (nodes.length === 0) {
    diagnostics.push({ severity: 'error', code: 'no-edges', file, message: 'no box is connected to another; draw an arrow or line from the queue to the processor' });
  } else if (!nodes.some((n) => n.role === 'source')) {
    diagnostics.push({ severity: 'error', code: 'no-source', file, elementId: nodes[0].id, message: 'no source: every connected box has an incoming edge; a queue needs outgoing edges only' });
  }
  const flowEdges = edges.map(({ id, from, to }) => ({ id, from, to }));
  const cycle = findCycle(nodes.map((n) => n.id), flowEdges);
  if (cycle) {
    diagnostics.push({ severity: 'error', code: 'cycle', file, elementId: cycle.edgeId, message: `the edges form a cycle through ${cycle.nodeIds.length} boxes (via edge ${cycle.edgeId}); remove or reverse one edge so events cannot loop` });
  }
  return { file, nodes, edges: flowEdges, checkpointIntervalMs, diagnostics };
}

function firstLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const line = normaliseSpaces(text.split('\n')[0] ?? '');
  return line || undefined;
}
