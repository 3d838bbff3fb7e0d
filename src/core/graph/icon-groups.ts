import type { SceneElement } from '../scene/scene';

/** An icon's strokes lie within this many units each way; a grouped pipeline is larger. */
const ICON_SIZE = 250;

const SHAPES = new Set(['rectangle', 'ellipse', 'diamond']);
const DRAWN = new Set(['rectangle', 'ellipse', 'diamond', 'line', 'freedraw', 'image']);

interface Bounds { minX: number; minY: number; maxX: number; maxY: number }

function unionOf(elements: readonly SceneElement[]): Bounds {
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const e of elements) {
    b.minX = Math.min(b.minX, e.x);
    b.minY = Math.min(b.minY, e.y);
    b.maxX = Math.max(b.maxX, e.x + e.width);
    b.maxY = Math.max(b.maxY, e.y + e.height);
  }
  return b;
}

export interface FoldedScene {
  elements: SceneElement[];
  /** Member element id → the id of the icon node it was folded into. */
  foldedInto: Map<string, string>;
  /** Lines that are strokes of a drawing (an icon's outline), never edges. */
  strokes: Set<string>;
}

/**
 * Reads a group the way people read it: an icon drawn from parts (shapes, strokes, an image)
 * grouped with one free text, its caption, is one box named by the caption (a bucket drawn as
 * an ellipse and lines captioned `raw`, a stick figure captioned `Client`). Each such group
 * becomes one rectangle over the icon, with the caption as its label, under the group's id
 * (stable across edits, as a node id must be); an arrow bound to any part, or to the caption,
 * attaches to it. Lines inside an icon-sized group are its strokes, not edges. Larger groups (a
 * whole pipeline selected and grouped) are left as drawn. Linear in the elements.
 */
export function foldIconGroups(elements: readonly SceneElement[]): FoldedScene {
  // No group, nothing to fold: a drawing without groups costs one look at each element.
  const members = new Map<string, SceneElement[]>();
  for (const e of elements) for (const g of e.groupIds ?? []) {
    let list = members.get(g);
    if (!list) members.set(g, (list = []));
    list.push(e);
  }
  const foldedInto = new Map<string, string>();
  const strokes = new Set<string>();
  if (members.size === 0) return { elements: [...elements], foldedInto, strokes };
  const boundTo = new Set(elements.filter((e) => e.type === 'text' && e.containerId).map((e) => e.containerId!));
  const added = new Map<string, SceneElement>();
  const captions = new Map<string, SceneElement>();

  // Innermost groups first (fewest members), so a caption joins the smallest icon holding it.
  const order = [...members.entries()].sort((a, b) => a[1].length - b[1].length);
  for (const [groupId, list] of order) {
    const free = list.filter((e) => !foldedInto.has(e.id));
    const texts = free.filter((e) => e.type === 'text');
    const drawn = free.filter((e) => DRAWN.has(e.type));
    const b = unionOf(drawn);
    const iconSized = drawn.length > 0 && b.maxX - b.minX <= ICON_SIZE && b.maxY - b.minY <= ICON_SIZE;
    if (iconSized && drawn.length >= 2) for (const e of drawn) if (e.type === 'line' && !e.startBinding && !e.endBinding) strokes.add(e.id);
    // An icon: drawn parts, no arrows, no box with its own label, and exactly one free caption.
    const isIcon = iconSized && texts.length === 1 && !texts[0].containerId && free.every((e) => e.type !== 'arrow' && !(SHAPES.has(e.type) && boundTo.has(e.id)))
      && (drawn.length >= 2 || drawn.some((e) => e.type !== 'rectangle'));
    if (!isIcon) continue;
    const all = unionOf(drawn);
    const node: SceneElement = { id: groupId, type: 'rectangle', x: all.minX, y: all.minY, width: all.maxX - all.minX, height: all.maxY - all.minY, angle: 0, groupIds: (drawn[0].groupIds ?? []).slice((drawn[0].groupIds ?? []).indexOf(groupId) + 1) };
    const link = free.find((e) => e.link)?.link;
    if (link) node.link = link;
    for (const e of free) foldedInto.set(e.id, groupId);
    captions.set(groupId, { ...texts[0], containerId: groupId });
    added.set(groupId, node);
  }
  if (added.size === 0 && strokes.size === 0) return { elements: [...elements], foldedInto, strokes };

  const remap = (b: SceneElement['startBinding']): SceneElement['startBinding'] => (b && foldedInto.has(b.elementId) ? { elementId: foldedInto.get(b.elementId)! } : b);
  const out: SceneElement[] = [];
  const placed = new Set<string>();
  for (const e of elements) {
    const g = foldedInto.get(e.id);
    if (g !== undefined) {
      // The icon takes the place of its first part, so document order stays stable.
      if (!placed.has(g)) out.push(added.get(g)!, captions.get(g)!);
      placed.add(g);
      continue;
    }
    if (e.type === 'arrow' || e.type === 'line') out.push({ ...e, startBinding: remap(e.startBinding), endBinding: remap(e.endBinding) });
    else out.push(e);
  }
  return { elements: out, foldedInto, strokes };
}
