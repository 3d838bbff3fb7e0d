import type { Diagnostic } from '../diagnostics';
import { foldIconGroups } from '../graph/icon-groups';
import type { FlowGraph, FlowNode, Role } from '../graph/flow-graph';
import type { Scene, SceneElement } from '../scene/scene';
import { drawElement, escapeXml, type Box } from './svg-elements';

/**
 * The picture `flows inspect --svg` writes: the drawing as drawn, in grey, and over it how it
 * was understood: each node outlined in its role's colour with a tag (role, name, events or
 * operation), each edge as an arrow from node to node in the direction it was read, each
 * diagnostic as a numbered marker at its element, listed under the drawing. Plain strings, no
 * DOM, so the core can build it for any host. Overlay parts carry `data-*` attributes naming
 * what they show, so tests (and people) can read the picture back.
 */

const ROLE_COLOUR: Record<Role, string> = { source: '#1971c2', processor: '#2f9e44', sink: '#e8590c' };
const SEVERITY_COLOUR: Record<Diagnostic['severity'], string> = { error: '#e03131', warning: '#f08c00', info: '#868e96' };
const MARGIN = 40;
const TAG_SIZE = 13;
const LIST_LINE = 18;

const shownEvents = (n: FlowNode): string => {
  const list = n.events.slice(0, 8).map((e) => (e.value === 1 ? e.key : `${e.key}:${e.value}`)).join(' ');
  return n.events.length > 8 ? `${list} … (${n.events.length})` : list;
};

function tagOf(n: FlowNode): string {
  if (n.role === 'source') return `source · ${n.name} · ${n.events.length ? shownEvents(n) : 'no events'}${n.link ? ` + ${n.link}` : ''}`;
  if (n.role === 'sink') return `sink · ${n.name}`;
  const op = n.operation.kind + ('expression' in n.operation ? ` ${n.operation.expression}` : '');
  const asserts = n.assertions.map((a) => `${a.key} = ${a.expected}`).join(', ');
  return `processor · ${n.name} · ${op}${asserts ? ` · ${asserts}` : ''}`;
}

/** About how wide a tag's text is drawn (sans-serif, 13 units): its background must hold it. */
const tagWidthOf = (tag: string): number => Math.max(tag.length * TAG_SIZE * 0.56 + 10, 40);

function bounds(elements: readonly SceneElement[]): Box {
  if (elements.length === 0) return { x: 0, y: 0, width: 200, height: 100 };
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const e of elements) {
    minX = Math.min(minX, e.x);
    minY = Math.min(minY, e.y);
    maxX = Math.max(maxX, e.x + e.width);
    maxY = Math.max(maxY, e.y + e.height);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

const fmt = (n: number): string => String(Math.round(n * 10) / 10);

/** Where an edge meets a box's outline on the way from the box's centre towards `to`. */
function outlinePoint(box: SceneElement, toX: number, toY: number): { x: number; y: number } {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const dx = toX - cx;
  const dy = toY - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const scale = Math.min(box.width / 2 / Math.abs(dx || 1e-9), box.height / 2 / Math.abs(dy || 1e-9), 1);
  return { x: cx + dx * scale, y: cy + dy * scale };
}

export function understoodSvg(scene: Scene, graph: FlowGraph | null, diagnostics: readonly Diagnostic[]): string {
  // Nodes may be icon groups the reader folded into one box: look their boxes up there too.
  const byId = new Map([...scene.elements, ...foldIconGroups(scene.elements).elements].map((e) => [e.id, e]));
  // The tags over nodes may reach past the drawing: the picture holds them too.
  const tagBoxes: SceneElement[] = (graph?.nodes ?? []).flatMap((n) => {
    const s = byId.get(n.id);
    return s ? [{ id: n.id, type: 'tag', x: s.x - 4, y: s.y - 8 - TAG_SIZE - 6, width: tagWidthOf(tagOf(n)), height: TAG_SIZE + 6, angle: 0 }] : [];
  });
  const b = bounds([...scene.elements, ...tagBoxes]);
  const listed = diagnostics.length;
  const x0 = b.x - MARGIN;
  const y0 = b.y - MARGIN;
  const width = Math.max(b.width + 2 * MARGIN, 400);
  const height = b.height + 2 * MARGIN + (listed ? listed * LIST_LINE + 30 : 0);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${fmt(x0)} ${fmt(y0)} ${fmt(width)} ${fmt(height)}" width="${fmt(width)}" height="${fmt(height)}" font-family="Segoe UI, Helvetica, Arial, sans-serif">`);
  out.push(`<title>${escapeXml(`${scene.file} as understood: ${graph?.nodes.length ?? 0} nodes, ${graph?.edges.length ?? 0} edges, ${listed} diagnostics`)}</title>`);
  out.push(`<defs><marker id="understood-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#7048e8"/></marker></defs>`);
  out.push(`<rect x="${fmt(x0)}" y="${fmt(y0)}" width="${fmt(width)}" height="${fmt(height)}" fill="#ffffff"/>`);

  out.push('<g class="drawing" opacity="0.55">');
  for (const e of scene.elements) out.push(drawElement(e));
  out.push('</g>');

  out.push('<g class="understood">');
  for (const edge of graph?.edges ?? []) {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from || !to) continue;
    const a = outlinePoint(from, to.x + to.width / 2, to.y + to.height / 2);
    const z = outlinePoint(to, from.x + from.width / 2, from.y + from.height / 2);
    out.push(`<line class="edge" data-edge-id="${escapeXml(edge.id)}" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}" x1="${fmt(a.x)}" y1="${fmt(a.y)}" x2="${fmt(z.x)}" y2="${fmt(z.y)}" stroke="#7048e8" stroke-width="2.5" stroke-dasharray="6 4" marker-end="url(#understood-head)"/>`);
  }
  for (const n of graph?.nodes ?? []) {
    const s = byId.get(n.id);
    if (!s) continue;
    const colour = ROLE_COLOUR[n.role];
    const tag = tagOf(n);
    const tagWidth = tagWidthOf(tag);
    out.push(`<g class="node" data-node-id="${escapeXml(n.id)}" data-role="${n.role}" data-name="${escapeXml(n.name)}" data-events="${escapeXml(shownEvents(n))}" data-operation="${n.operation.kind}">`);
    out.push(`<rect x="${fmt(s.x - 4)}" y="${fmt(s.y - 4)}" width="${fmt(s.width + 8)}" height="${fmt(s.height + 8)}" fill="none" stroke="${colour}" stroke-width="3" rx="6"/>`);
    out.push(`<rect x="${fmt(s.x - 4)}" y="${fmt(s.y - 8 - TAG_SIZE - 6)}" width="${fmt(tagWidth)}" height="${TAG_SIZE + 6}" fill="${colour}" rx="3"/>`);
    out.push(`<text x="${fmt(s.x + 1)}" y="${fmt(s.y - 8 - 4)}" font-size="${TAG_SIZE}" fill="#ffffff">${escapeXml(tag)}</text>`);
    out.push('</g>');
  }
  diagnostics.forEach((d, i) => {
    const at = d.elementId ? byId.get(d.elementId) : undefined;
    if (!at) return;
    const colour = SEVERITY_COLOUR[d.severity];
    out.push(`<g class="marker" data-diagnostic="${i + 1}" data-element-id="${escapeXml(d.elementId ?? '')}"><circle cx="${fmt(at.x + at.width)}" cy="${fmt(at.y)}" r="10" fill="${colour}"/><text x="${fmt(at.x + at.width)}" y="${fmt(at.y + 4)}" font-size="11" text-anchor="middle" fill="#ffffff">${i + 1}</text></g>`);
  });
  const listTop = b.y + b.height + MARGIN + 10;
  diagnostics.forEach((d, i) => {
    out.push(`<text class="diagnostic" data-diagnostic="${i + 1}" data-severity="${d.severity}" data-code="${escapeXml(d.code)}" data-element-id="${escapeXml(d.elementId ?? '')}" x="${fmt(b.x)}" y="${fmt(listTop + i * LIST_LINE)}" font-size="13" fill="${SEVERITY_COLOUR[d.severity]}">${escapeXml(`${i + 1}. ${d.severity} ${d.code}: ${d.message}`)}</text>`);
  });
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
