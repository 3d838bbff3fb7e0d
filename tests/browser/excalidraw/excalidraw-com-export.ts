/**
 * A drawing as excalidraw.com exports it (File → Save to disk: a plain `.excalidraw` JSON file, `source`
 * "https://excalidraw.com", ids of 20+ characters from nanoid), made from a scene the tests know: every id
 * lengthened, every reference to it (containerId, boundElements, arrow bindings, frameId) following.
 */
export interface ExportOptions {
  /** Links put on shapes (by their original id), as a person adds them on excalidraw.com. */
  links?: Record<string, string>;
  /** Free texts added to the scene (original-style ids; lengthened like the others). */
  texts?: { id: string; x: number; y: number; text: string }[];
}

/** The long id the export gives an element: ids already longer than 8 characters are kept. */
export function exportedId(id: string): string {
  return id.length > 8 ? id : `${id}-exported-0123`.slice(0, 20);
}

type Element = Record<string, unknown> & { id: string; type: string };

export function excalidrawComExport(sceneJson: string, options: ExportOptions = {}): string {
  const scene = JSON.parse(sceneJson) as { elements: Element[]; appState?: Record<string, unknown> };
  const added: Element[] = (options.texts ?? []).map((t) => ({
    id: t.id, type: 'text', x: t.x, y: t.y, width: t.text.length * 9, height: 25, angle: 0, strokeColor: '#1e1e1e', backgroundColor: 'transparent',
    fillStyle: 'solid', strokeWidth: 1, strokeStyle: 'solid', roughness: 1, opacity: 100, groupIds: [], frameId: null, roundness: null,
    seed: 1, version: 1, versionNonce: 1, isDeleted: false, boundElements: null, updated: 1, link: null, locked: false,
    text: t.text, fontSize: 20, fontFamily: 1, textAlign: 'left', verticalAlign: 'top', containerId: null, originalText: t.text, autoResize: true, lineHeight: 1.25,
  }));
  const elements = [...scene.elements, ...added].map((e) => {
    const out: Element = { ...e, id: exportedId(e.id) };
    // excalidraw.com has no rawText (an Obsidian field) and no Obsidian-only keys.
    delete out.rawText;
    if (typeof out.containerId === 'string') out.containerId = exportedId(out.containerId);
    if (typeof out.frameId === 'string') out.frameId = exportedId(out.frameId);
    if (Array.isArray(out.boundElements)) out.boundElements = (out.boundElements as { id: string; type: string }[]).map((b) => ({ ...b, id: exportedId(b.id) }));
    for (const k of ['startBinding', 'endBinding']) {
      const b = out[k] as { elementId?: string } | null | undefined;
      if (b?.elementId) out[k] = { ...b, elementId: exportedId(b.elementId) };
    }
    const link = options.links?.[e.id];
    if (link) out.link = link;
    return out;
  });
  return JSON.stringify({ type: 'excalidraw', version: 2, source: 'https://excalidraw.com', elements, appState: { gridSize: 20, viewBackgroundColor: '#ffffff' }, files: {} }, null, 2);
}
