/**
 * Scene → screen for an overlay drawn over an Excalidraw editor. Excalidraw's own
 * `sceneCoordsToViewportCoords` is `(x + scrollX) * zoom + offsetLeft` (viewport pixels); the overlay
 * lives inside the editor's container, so it leaves out the container's offset and adds its own.
 */
export interface Viewport {
  scrollX: number;
  scrollY: number;
  zoom: number;
}

export interface SceneRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The parts of Excalidraw's appState the transform needs (zoom is `{ value }` since 0.10). */
export function viewportOf(appState: { scrollX?: number; scrollY?: number; zoom?: { value?: number } | number }): Viewport {
  const zoom = typeof appState.zoom === 'number' ? appState.zoom : (appState.zoom?.value ?? 1);
  return { scrollX: appState.scrollX ?? 0, scrollY: appState.scrollY ?? 0, zoom };
}

/** A scene rectangle in the overlay's pixels (relative to the editor container's top-left corner). */
export function toScreen(r: SceneRect, v: Viewport): SceneRect {
  return { x: (r.x + v.scrollX) * v.zoom, y: (r.y + v.scrollY) * v.zoom, width: r.width * v.zoom, height: r.height * v.zoom };
}

export function sameViewport(a: Viewport | null, b: Viewport): boolean {
  return a !== null && a.scrollX === b.scrollX && a.scrollY === b.scrollY && a.zoom === b.zoom;
}
