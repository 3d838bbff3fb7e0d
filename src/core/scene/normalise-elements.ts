import type { Binding, SceneElement } from './scene';

const finite = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function binding(v: unknown): Binding | null {
  if (v && typeof v === 'object' && typeof (v as { elementId?: unknown }).elementId === 'string') {
    return { elementId: (v as { elementId: string }).elementId };
  }
  return null;
}

function points(v: unknown): [number, number][] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: [number, number][] = [];
  for (const p of v) {
    if (Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1])) {
      out.push([p[0] as number, p[1] as number]);
    }
  }
  return out;
}

export interface NormaliseProblem {
  index: number;
  elementId?: string;
  message: string;
}

/**
 * Turns raw Excalidraw elements (any version, possibly hand-edited) into well-typed
 * SceneElements. Deleted elements and entries that are not objects with an id and a type are
 * dropped and reported, never thrown on: one bad element must not hide the rest of a drawing.
 */
export function normaliseElements(raw: unknown[]): { elements: SceneElement[]; problems: NormaliseProblem[] } {
  const elements: SceneElement[] = [];
  const problems: NormaliseProblem[] = [];
  const seen = new Set<string>();
  raw.forEach((r, index) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) {
      problems.push({ index, message: `element #${index} is not an object` });
      return;
    }
    const e = r as Record<string, unknown>;
    if (e.isDeleted === true) return;
    const id = str(e.id);
    const type = str(e.type);
    if (!id || !type) {
      problems.push({ index, elementId: id, message: `element #${index} has no ${id ? 'type' : 'id'}` });
      return;
    }
    if (seen.has(id)) {
      problems.push({ index, elementId: id, message: `element id ${id} appears twice; the later copy is ignored` });
      return;
    }
    seen.add(id);
    const el: SceneElement = {
      id,
      type,
      x: finite(e.x),
      y: finite(e.y),
      width: Math.abs(finite(e.width)),
      height: Math.abs(finite(e.height)),
      angle: finite(e.angle),
    };
    if (type === 'text') {
      // originalText keeps the user's own line breaks; text has wrapping breaks added inside containers.
      // A literal `\n` (two characters, as diagram converters such as Mermaid's write it) is a line break.
      const text = str(e.originalText) ?? str(e.text) ?? '';
      el.text = text.includes('\\n') ? text.replace(/\\n/g, '\n') : text;
      el.containerId = str(e.containerId) ?? null;
    }
    const pts = points(e.points);
    if (pts) el.points = pts;
    if (type === 'arrow' || type === 'line') {
      el.startBinding = binding(e.startBinding);
      el.endBinding = binding(e.endBinding);
      el.startArrowhead = str(e.startArrowhead) ?? null;
      el.endArrowhead = str(e.endArrowhead) ?? null;
    }
    if (Array.isArray(e.groupIds) && e.groupIds.length > 0) {
      const groups = e.groupIds.filter((g): g is string => typeof g === 'string');
      if (groups.length) el.groupIds = groups;
    }
    const link = str(e.link);
    if (link) el.link = link;
    elements.push(el);
  });
  return { elements, problems };
}
