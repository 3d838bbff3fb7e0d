import type { SceneElement } from '../scene/scene';
import { area, centre, containsPoint } from './geometry';

/** How far above a shape a free text may sit and still be its title (scene units). */
export const TITLE_GAP = 60;

export interface NodeTexts {
  bound: SceneElement[];
  inside: SceneElement[];
  title?: SceneElement;
}

/**
 * Gives every text to at most one shape, as a reader of the drawing would: bound text to its
 * container, a free text to the smallest shape containing its centre, otherwise to the shape
 * right below it (its title). Texts that belong nowhere are returned as `loose`.
 */
export function attachTexts(shapes: SceneElement[], texts: SceneElement[]): { byShape: Map<string, NodeTexts>; loose: SceneElement[] } {
  const byShape = new Map<string, NodeTexts>();
  for (const s of shapes) byShape.set(s.id, { bound: [], inside: [] });
  const loose: SceneElement[] = [];
  const bySize = [...shapes].sort((a, b) => area(a) - area(b) || (a.id < b.id ? -1 : 1));

  for (const t of texts) {
    if (t.containerId) {
      const slot = byShape.get(t.containerId);
      if (slot) slot.bound.push(t);
      // Text bound to an arrow is that arrow's label, not a node's text.
      continue;
    }
    const c = centre(t);
    const holder = bySize.find((s) => containsPoint(s, c));
    if (holder) {
      byShape.get(holder.id)!.inside.push(t);
      continue;
    }
    const below = titleTarget(t, shapes);
    if (below) {
      const slot = byShape.get(below.id)!;
      if (!slot.title || gapBelow(slot.title, below) > gapBelow(t, below)) {
        if (slot.title) loose.push(slot.title);
        slot.title = t;
        continue;
      }
    }
    loose.push(t);
  }
  return { byShape, loose };
}

function gapBelow(text: SceneElement, shape: SceneElement): number {
  return shape.y - (text.y + text.height);
}

function titleTarget(t: SceneElement, shapes: SceneElement[]): SceneElement | undefined {
  const cx = t.x + t.width / 2;
  let best: SceneElement | undefined;
  let bestGap = Infinity;
  for (const s of shapes) {
    if (cx < s.x || cx > s.x + s.width) continue;
    const gap = gapBelow(t, s);
    // A little overlap is tolerated: titles often touch the box they name.
    if (gap < -t.height / 2 || gap > TITLE_GAP) continue;
    if (gap < bestGap) {
      bestGap = gap;
      best = s;
    }
  }
  return best;
}
