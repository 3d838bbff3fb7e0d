import type { SceneElement } from '../../core/scene/scene';
import type { ExcalidrawElementLike } from '../live/excalidraw-automate';

/**
 * Finds the drawing's elements again in the editor after the Excalidraw plugin gave them new ids.
 *
 * The plugin replaces every text id longer than 8 characters, and the id of every other element
 * that has a link, by a random 8-character id when it loads a drawing and when it saves one
 * (zsviczian/obsidian-excalidraw-plugin @36a32940, src/shared/ExcalidrawData.ts 1034-1100:
 * findNewElementLinksInScene, findNewTextElementsInScene; src/utils/excalidrawSceneUtils.ts 8-66
 * updateElementIdsInScene keeps containers, bound texts, arrow bindings and frames pointing at
 * the new id). Drawings from excalidraw.com have 20-character ids, so a run read from the file
 * names elements the editor no longer has. Nothing but the id changes, so an element is found
 * again by what it is: a bound text through its container, a free text by its text, a linked
 * shape by its link, the nearest one when several look alike.
 */
export class ElementFinder {
  private readonly byId: Map<string, SceneElement>;
  /** File id → editor id, for elements the editor knows under another id. */
  private renamed = new Map<string, string>();
  /** The editor scene the pairs were last made for (a new map per scene change, see ViewBinding). */
  private matchedFor: ReadonlyMap<string, ExcalidrawElementLike> | null = null;

  constructor(fileElements: readonly SceneElement[]) {
    this.byId = new Map(fileElements.map((e) => [e.id, e]));
  }

  /** The editor's id of the file's element `fileId` (itself when the editor has it), or null. */
  viewIdOf(fileId: string, view: ReadonlyMap<string, ExcalidrawElementLike>): string | null {
    if (isLive(view.get(fileId))) return fileId;
    const known = this.renamed.get(fileId);
    if (known !== undefined && isLive(view.get(known))) return known;
    // Matched again only when the editor's scene is a new one (a load, a save that reloaded the view, an edit).
    if (!this.byId.has(fileId) || this.matchedFor === view) return null;
    this.matchedFor = view;
    this.renamed = this.match(view);
    return this.renamed.get(fileId) ?? null;
  }

  /** Pairs every file element missing from the editor with the editor element it became. */
  private match(view: ReadonlyMap<string, ExcalidrawElementLike>): Map<string, string> {
    const out = new Map<string, string>();
    const missing = [...this.byId.values()].filter((e) => !isLive(view.get(e.id)));
    if (missing.length === 0) return out;
    // Only editor elements whose id the file does not have can be a renamed one; grouped by what must stay the same.
    const shapes = new Map<string, ExcalidrawElementLike[]>();
    const bound = new Map<string, ExcalidrawElementLike[]>();
    const free = new Map<string, ExcalidrawElementLike[]>();
    const freeTexts: ExcalidrawElementLike[] = [];
    for (const e of view.values()) {
      if (!isLive(e) || this.byId.has(e.id)) continue;
      if (e.type !== 'text') push(shapes, `${e.type}\u0000${e.link ?? ''}`, e);
      else if (e.containerId) push(bound, e.containerId, e);
      else {
        freeTexts.push(e);
        for (const t of new Set(textsOf(e))) push(free, t, e);
      }
    }
    const taken = new Set<string>();
    const claim = (f: SceneElement, candidates: readonly ExcalidrawElementLike[] | undefined): void => {
      let best: ExcalidrawElementLike | null = null;
      for (const c of candidates ?? []) if (!taken.has(c.id) && (!best || distance(f, c) < distance(f, best))) best = c;
      if (!best) return;
      taken.add(best.id);
      out.set(f.id, best.id);
    };
    // Shapes first (linked ones are renamed too), so bound texts can be found through their container.
    for (const f of missing) if (f.type !== 'text') claim(f, shapes.get(`${f.type}\u0000${f.link ?? ''}`));
    for (const f of missing) {
      if (f.type !== 'text') continue;
      if (f.containerId) {
        const container = isLive(view.get(f.containerId)) ? f.containerId : out.get(f.containerId);
        if (container) claim(f, bound.get(container));
        continue;
      }
      const same = free.get((f.text ?? '').trim());
      // Retyped since it was read: the free text nearest to where it was, if it is still about there.
      claim(f, same ?? freeTexts.filter((c) => distance(f, c) < NEAR));
    }
    return out;
  }
}

/** A text moved or retyped since the file was read is still taken for itself within this many scene units. */
const NEAR = 40;

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function isLive(e: ExcalidrawElementLike | undefined): e is ExcalidrawElementLike {
  return e !== undefined && !e.isDeleted;
}

function textsOf(e: ExcalidrawElementLike): string[] {
  return [e.originalText, e.text, e.rawText].filter((t): t is string => typeof t === 'string').map((t) => t.trim());
}

function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
