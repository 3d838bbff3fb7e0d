import type { SceneElement } from './scene';

interface CanvasNode { id?: unknown; type?: unknown; x?: unknown; y?: unknown; width?: unknown; height?: unknown; text?: unknown; file?: unknown; url?: unknown; label?: unknown }
interface CanvasEdge { id?: unknown; fromNode?: unknown; toNode?: unknown; fromSide?: unknown; toSide?: unknown; fromEnd?: unknown; toEnd?: unknown }

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Markdown decoration a canvas author puts on a node's first line (`# Title`, `**Title**`). */
function plainLine(line: string): string {
  return line.replace(/^\s*(#{1,6}\s+|[-*+]\s+|>\s*)/, '').replace(/\*\*|__|`/g, '').trim();
}

/** A canvas node's text: its first non-empty line is its name, the rest its content. */
export function splitCanvasText(text: string): { name: string; content: string } {
  const lines = text.replace(/\r/g, '').split('\n');
  const first = lines.findIndex((l) => plainLine(l) !== '');
  if (first < 0) return { name: '', content: '' };
  // Content lines lose their list markers too: `- A` in a canvas card is the event A.
  const content = lines.slice(first + 1).map((l) => l.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')).join('\n').trim();
  return { name: plainLine(lines[first]), content };
}

function nodeText(n: CanvasNode): string {
  const file = str(n.file);
  // Named as Obsidian shows a note or canvas: its base name (`ZED Bridge`, not `ZED Bridge.canvas`).
  if (file !== undefined) return (file.split('/').pop() ?? file).replace(/\.(md|canvas)$/i, '');
  return str(n.text) ?? str(n.url) ?? str(n.label) ?? '';
}

/** Where an edge meets a node: the middle of the named side, else the node's centre. */
function sidePoint(r: SceneElement, side: unknown): [number, number] {
  switch (side) {
    case 'top': return [r.x + r.width / 2, r.y];
    case 'bottom': return [r.x + r.width / 2, r.y + r.height];
    case 'left': return [r.x, r.y + r.height / 2];
    case 'right': return [r.x + r.width, r.y + r.height / 2];
    default: return [r.x + r.width / 2, r.y + r.height / 2];
  }
}

/**
 * Maps a JSON Canvas 1.0 document onto scene elements: every node becomes a rectangle (a group too:
 * edges may end on it; its label is its name) whose first text line is its name (a `titleOf` text) and whose other lines are its
 * content (a bound text: events of a source, operation of a processor); a file node links to
 * its note. Every edge becomes an arrow bound to its two nodes, drawn between the sides it
 * names, so "nearest the outgoing edge" means the same as in a drawing.
 */
export function canvasToElements(doc: { nodes?: unknown; edges?: unknown }): SceneElement[] {
  const elements: SceneElement[] = [];
  const nodes = Array.isArray(doc.nodes) ? (doc.nodes as CanvasNode[]) : [];
  const edges = Array.isArray(doc.edges) ? (doc.edges as CanvasEdge[]) : [];
  const rects = new Map<string, SceneElement>();
  for (const n of nodes) {
    if (!n || typeof n !== 'object' || typeof n.id !== 'string' || rects.has(n.id)) continue;
    const rect: SceneElement = { id: n.id, type: 'rectangle', x: num(n.x), y: num(n.y), width: Math.abs(num(n.width)), height: Math.abs(num(n.height)), angle: 0 };
    const file = str(n.file);
    if (file) rect.link = `[[${file}]]`;
    rects.set(n.id, rect);
    elements.push(rect);
    const { name, content } = splitCanvasText(nodeText(n));
    if (name) {
      elements.push({ id: `${n.id}:name`, type: 'text', x: rect.x, y: rect.y, width: rect.width, height: 0, angle: 0, text: name, containerId: null, titleOf: n.id });
    }
    if (content) {
      elements.push({ id: `${n.id}:text`, type: 'text', x: rect.x, y: rect.y, width: rect.width, height: rect.height, angle: 0, text: content, containerId: n.id });
    }
  }
  for (const e of edges) {
    if (!e || typeof e !== 'object' || typeof e.id !== 'string' || typeof e.fromNode !== 'string' || typeof e.toNode !== 'string') continue;
    const from = rects.get(e.fromNode);
    const to = rects.get(e.toNode);
    const [x0, y0] = from ? sidePoint(from, e.fromSide) : [0, 0];
    const [x1, y1] = to ? sidePoint(to, e.toSide) : [x0, y0];
    // JSON Canvas defaults: no arrowhead at the start, an arrow at the end.
    elements.push({
      id: e.id, type: 'arrow', x: x0, y: y0, width: Math.abs(x1 - x0), height: Math.abs(y1 - y0), angle: 0,
      points: from && to ? [[0, 0], [x1 - x0, y1 - y0]] : [],
      startBinding: from ? { elementId: e.fromNode } : null,
      endBinding: to ? { elementId: e.toNode } : null,
      startArrowhead: e.fromEnd === 'arrow' ? 'arrow' : null,
      endArrowhead: e.toEnd === 'none' ? null : 'arrow',
    });
  }
  return elements;
}
