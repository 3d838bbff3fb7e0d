import type { SceneElement } from './scene';

interface CanvasNode { id?: unknown; type?: unknown; x?: unknown; y?: unknown; width?: unknown; height?: unknown; text?: unknown; file?: unknown; label?: unknown }
interface CanvasEdge { id?: unknown; fromNode?: unknown; toNode?: unknown; fromEnd?: unknown; toEnd?: unknown; label?: unknown }

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * Maps a JSON Canvas 1.0 document onto scene elements: every node becomes a rectangle with a
 * bound text (text nodes: their text; file nodes: the file name; groups are skipped), every
 * edge an arrow bound to its two nodes. The rest of the reader then treats it like a drawing.
 */
export function canvasToElements(doc: { nodes?: unknown; edges?: unknown }): SceneElement[] {
  const elements: SceneElement[] = [];
  const nodes = Array.isArray(doc.nodes) ? (doc.nodes as CanvasNode[]) : [];
  const edges = Array.isArray(doc.edges) ? (doc.edges as CanvasEdge[]) : [];
  const known = new Set<string>();
  for (const n of nodes) {
    if (!n || typeof n.id !== 'string' || n.type === 'group') continue;
    known.add(n.id);
    const rect: SceneElement = { id: n.id, type: 'rectangle', x: num(n.x), y: num(n.y), width: num(n.width), height: num(n.height), angle: 0 };
    elements.push(rect);
    const label = typeof n.text === 'string' ? n.text : typeof n.file === 'string' ? n.file : typeof n.label === 'string' ? n.label : '';
    if (label.trim()) {
      elements.push({ id: `${n.id}:text`, type: 'text', x: rect.x, y: rect.y, width: rect.width, height: rect.height, angle: 0, text: label, containerId: n.id });
    }
  }
  for (const e of edges) {
    if (!e || typeof e.id !== 'string' || typeof e.fromNode !== 'string' || typeof e.toNode !== 'string') continue;
    // JSON Canvas defaults: no arrowhead at the start, an arrow at the end.
    const startHead = e.fromEnd === 'arrow' ? 'arrow' : null;
    const endHead = e.toEnd === 'none' ? null : 'arrow';
    elements.push({
      id: e.id, type: 'arrow', x: 0, y: 0, width: 0, height: 0, angle: 0, points: [],
      startBinding: known.has(e.fromNode) ? { elementId: e.fromNode } : null,
      endBinding: known.has(e.toNode) ? { elementId: e.toNode } : null,
      startArrowhead: startHead, endArrowhead: endHead,
    });
  }
  return elements;
}
