import type { Diagnostic } from '../diagnostics';
import type { Scene, SceneElement } from '../scene/scene';
import { attachTexts, type IdSet, type NodeTexts } from './attach-texts';
import { connectEdges, type RawEdge } from './connect-edges';
import { findCycle } from './cycles';
import { foldIconGroups } from './icon-groups';
import { directEdges, type DirectedEdge } from './direct-edges';
import type { FlowGraph, FlowNode, Role } from './flow-graph';
import { describeProcessor } from './processor-texts';
import { refuseGuesses } from './refusals';
import { labelSplitOf, orderSourceEvents } from './source-events';
import { ShapeIndex } from './spatial-index';
import { nameSaysSink, normaliseSpaces, parseCheckpointInterval } from './texts';
import { hasWikiLink, isSpaceCode } from '../text/scan';

const SHAPES = new Set(['rectangle', 'ellipse', 'diamond']);

/**
 * scene → pipeline graph: shapes become nodes, arrows and lines edges, texts give names,
 * events, operations and assertions. Never throws on odd drawings: what it cannot understand
 * becomes a diagnostic naming the element and saying what to change.
 */
export function buildGraph(scene: Scene): FlowGraph {
  const { file } = scene;
  const diagnostics: Diagnostic[] = [];
  // An icon and its caption, grouped, are one box; the strokes of a drawing are no edges.
  const { elements, strokes } = foldIconGroups(scene.elements);
  // One pass sorts the elements (a big drawing's elements are walked once here, not four times).
  const shapes: SceneElement[] = [];
  const texts: SceneElement[] = [];
  const lines: SceneElement[] = [];
  for (const e of elements) {
    if (SHAPES.has(e.type)) {
      shapes.push(e);
      continue;
    }
    if (e.type === 'text' && hasNonSpace(e.text ?? '')) texts.push(e);
    else if ((e.type === 'arrow' || e.type === 'line') && !strokes.has(e.id)) lines.push(e);
  }
  const byId = new Map<string, SceneElement>();
  for (const s of shapes) byId.set(s.id, s);
  const index = new ShapeIndex(shapes);

  // Asked only of a text bound to a non-shape (an arrow's label): built then, not for every drawing.
  let others: Set<string> | undefined;
  const otherIds: IdSet = { has: (id) => (others ??= new Set(elements.filter((e) => !SHAPES.has(e.type)).map((e) => e.id))).has(id) };
  const { byShape, loose, ownerOf } = attachTexts(shapes, texts, otherIds, index, lines);
  // Asked only when an arrow is bound to a text in a panel.
  let labelIds: Set<string> | undefined;
  const labels: IdSet = { has: (id) => (labelIds ??= labelsOf(byShape)).has(id) };
  const connected = connectEdges(file, lines, shapes, ownerOf, index, labels, byId);
  diagnostics.push(...connected.diagnostics);
  const flowing = connected.edges.filter((e) => {
    if (e.heads === 'undirected' && isBare(byShape.get(e.start)) && isBare(byShape.get(e.end))) {
      // Plain lines between shapes without a word in them: the strokes of a picture (a bucket's sides).
      diagnostics.push({ severity: 'info', code: 'stroke', file, elementId: e.element.id, message: `line ${e.element.id} joins two shapes with no text in them; read as part of a picture, not an edge. Give the boxes names, or draw an arrow, if events flow along it` });
      return false;
    }
    if (!isLifeline(e, byShape)) return true;
    diagnostics.push({ severity: 'info', code: 'lifeline', file, elementId: e.element.id, message: `line ${e.element.id} joins two boxes with the same name ("${ownName(byShape.get(e.start))}"), as a sequence diagram's lifeline does; it is not read as an edge` });
    return false;
  });
  const directed = directEdges(file, flowing, byShape, byId);
  diagnostics.push(...directed.diagnostics);
  const edges = directed.edges;

  const built = buildNodes(file, shapes, byShape, edges, scene.format === 'canvas');
  diagnostics.push(...built.diagnostics);
  const nodes = built.nodes;

  if (shapes.length === 0) {
    diagnostics.push({ severity: 'error', code: 'no-nodes', file, message: 'the drawing has no boxes (rectangles, ellipses or diamonds); draw a queue, a processor and an arrow between them' });
  } else if (nodes.length === 0) {
    diagnostics.push({ severity: 'error', code: 'no-edges', file, elementId: shapes[0].id, message: `none of the ${shapes.length} boxes is connected to another; draw an arrow (or a line whose ends touch both boxes) from the queue to the processor` });
  } else if (!nodes.some((n) => n.role === 'source')) {
    diagnostics.push({ severity: 'error', code: 'no-source', file, elementId: nodes[0].id, message: 'no source: every connected box has an incoming edge; a queue needs outgoing edges only (reverse or remove the edge into it)' });
  }
  const flowEdges = edges.map(({ id, from, to }) => ({ id, from, to }));
  diagnostics.push(...refuseGuesses(file, nodes, flowEdges, shapes, byShape));
  const cycle = findCycle(nodes.map((n) => n.id), flowEdges);
  if (cycle) {
    const names = cycle.nodeIds.map((id) => nodes.find((n) => n.id === id)?.name ?? id);
    diagnostics.push({ severity: 'error', code: 'cycle', file, elementId: cycle.edgeId, message: `the edges form a cycle (${names.join(' → ')} → ${names[0]}); remove or reverse edge ${cycle.edgeId} so events cannot loop` });
  }
  return { file, nodes, edges: flowEdges, checkpointIntervalMs: checkpointInterval(loose, texts), diagnostics };
}

/** Connected shapes → nodes with roles; unconnected shapes are drawing decoration, not nodes. */
function buildNodes(file: string, shapes: SceneElement[], byShape: Map<string, NodeTexts>, edges: DirectedEdge[], writtenOrder: boolean): { nodes: FlowNode[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  // One entry per connected shape, not three maps: a big drawing's edges are counted in one lookup each end.
  const degrees = new Map<string, { ins: number; outs: number; firstOut?: DirectedEdge }>();
  const degreeOf = (id: string): { ins: number; outs: number; firstOut?: DirectedEdge } => {
    let d = degrees.get(id);
    if (!d) degrees.set(id, (d = { ins: 0, outs: 0 }));
    return d;
  };
  for (const e of edges) {
    const from = degreeOf(e.from);
    from.firstOut ??= e;
    from.outs++;
    degreeOf(e.to).ins++;
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
    const degree = degrees.get(shape.id);
    if (!degree) continue;
    const ins = degree.ins;
    const outgoing = degree.firstOut;
    const t = byShape.get(shape.id)!;
    const title = t.title ? normaliseSpaces(t.title.text ?? '') || undefined : undefined;
    // A box's own label names it (all its lines up to its events); a canvas card's first line by the format.
    // Wanted only of a box with edges in and none out (a sink by its name?): a processor names
    // itself (describeProcessor), a queue too (orderSourceEvents), so theirs is not read here.
    const label = ins > 0 && !outgoing ? (t.title?.titleOf !== undefined ? undefined : labelSplitOf(t).name) ?? title : undefined;
    let role: Role;
    if (ins === 0) role = 'source';
    else if (!outgoing && nameSaysSink(label ?? '')) role = 'sink';
    else role = 'processor';

    if (role === 'source') {
      // The link may sit on the shape or on its label (Obsidian links a text holding [[note]]).
      const link = shape.link ?? textLink(t);
      const src = orderSourceEvents(file, shape, t, outgoing!.fromPoint, writtenOrder);
      diagnostics.push(...src.diagnostics);
      const name = uniqueName(src.name ?? title ?? 'queue');
      const exits = degree.outs;
      if (exits > 1 && src.events.length > 1) {
        diagnostics.push({ severity: 'info', code: 'several-exits', file, elementId: shape.id, message: `queue "${name}" has ${exits} outgoing edges; its events are read nearest-first to edge ${outgoing!.id}, and every edge receives all of them. Draw one outgoing edge if the order should follow another` });
      }
      if (src.events.length === 0 && !linksANote(link)) {
        diagnostics.push({ severity: 'warning', code: 'empty-source', file, elementId: shape.id, message: `queue "${name}" holds no events; write them in it (A B:2 C=3) or link it to an events note ([[note]]), or it sends nothing` });
      }
      nodes.push({ id: shape.id, name, role, operation: { kind: 'count' }, events: src.events, assertions: [], ...(link ? { link } : {}) });
    } else if (role === 'sink') {
      nodes.push({ id: shape.id, name: uniqueName(label ?? 'sink'), role, operation: { kind: 'count' }, events: [], assertions: [] });
    } else {
      const p = describeProcessor(file, shape, t, title, t.title?.titleOf !== undefined);
      diagnostics.push(...p.diagnostics);
      nodes.push({ id: shape.id, name: uniqueName(p.name), role, operation: p.operation, events: [], assertions: p.assertions });
    }
  }
  return { nodes, diagnostics };
}

/** The ids of the texts that label a shape: its bound texts and its title. */
function labelsOf(byShape: Map<string, NodeTexts>): Set<string> {
  const labels = new Set<string>();
  for (const t of byShape.values()) {
    for (const x of t.bound) labels.add(x.id);
    if (t.title) labels.add(t.title.id);
  }
  return labels;
}

const isBare = (t: NodeTexts | undefined): boolean => !t || (t.bound.length === 0 && t.inside.length === 0 && !t.title);

const ownName = (t: NodeTexts | undefined): string | undefined => (t ? labelSplitOf(t).name?.toLowerCase() : undefined);

/** A plain line from a box to another with the same name: a sequence diagram's lifeline, drawn top to bottom. */
function isLifeline(e: RawEdge, byShape: Map<string, NodeTexts>): boolean {
  if (e.heads !== 'undirected') return false;
  const a = ownName(byShape.get(e.start));
  return a !== undefined && a === ownName(byShape.get(e.end));
}

/** The first text mentioning checkpoints with a duration; loose texts (notes beside the flow) first. */
function checkpointInterval(loose: SceneElement[], texts: SceneElement[]): number | undefined {
  for (const t of loose) {
    const ms = intervalIn(t);
    if (ms !== undefined) return ms;
  }
  // Every loose text gave none above, so asking them again here changes nothing: no set of their ids.
  for (const t of texts) {
    const ms = intervalIn(t);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

function intervalIn(t: SceneElement): number | undefined {
  const ms = parseCheckpointInterval(t.text ?? '');
  return ms !== null && ms > 0 ? ms : undefined;
}

/** Whether a text holds anything but white space (as `trim() !== ''`, without building the trimmed copy). */
function hasNonSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isSpaceCode(s.charCodeAt(i))) return true;
  return false;
}

/** The first link to a note among a box's texts: title, bound, then inside (Obsidian links a text holding [[note]]). */
function textLink(t: NodeTexts): string | undefined {
  if (t.title?.link && linksANote(t.title.link)) return t.title.link;
  for (const x of t.bound) if (x.link && linksANote(x.link)) return x.link;
  for (const x of t.inside) if (x.link && linksANote(x.link)) return x.link;
  return undefined;
}

function linksANote(link: string | undefined): boolean {
  return link !== undefined && hasWikiLink(link);
}
