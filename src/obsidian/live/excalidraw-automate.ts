import type { App } from 'obsidian';

/**
 * The few ExcalidrawAutomate calls this plugin makes, declared here instead of depending on the
 * Excalidraw plugin's npm package (which is years behind the plugin itself). Everything is
 * detected at run time; without the Excalidraw plugin the run view works and the drawing shows nothing.
 * Checked against zsviczian/obsidian-excalidraw-plugin @36a3294 (2.26.x), src/shared/ExcalidrawAutomate.ts.
 */
export interface ExcalidrawElementLike {
  id: string;
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  angle?: number;
  text?: string;
  originalText?: string;
  /** The element's markdown as the plugin stores it (links kept); `originalText` is what is displayed. */
  rawText?: string;
  containerId?: string | null;
  /** A shape's link; the plugin renames linked elements' long ids too (ExcalidrawData.ts 1034-1057). */
  link?: string | null;
  boundElements?: readonly { id: string; type: string }[] | null;
  isDeleted?: boolean;
}

export interface ExcalidrawAppStateLike {
  scrollX?: number;
  scrollY?: number;
  zoom?: { value?: number };
  selectedElementIds?: Record<string, boolean>;
}

export interface ExcalidrawApiLike {
  getSceneElements(): readonly ExcalidrawElementLike[];
  getAppState(): ExcalidrawAppStateLike;
  updateScene(scene: { elements?: readonly ExcalidrawElementLike[]; appState?: Record<string, unknown>; captureUpdate?: string }): void;
  /** Subscriptions of Excalidraw's imperative API; each returns its unsubscribe function. */
  onChange?(cb: () => void): () => void;
  onScrollChange?(cb: () => void): () => void;
}

export interface ExcalidrawAutomateLike {
  setView(view?: unknown): unknown;
  getViewElements(): ExcalidrawElementLike[];
  copyViewElementsToEAforEditing(elements: ExcalidrawElementLike[]): void;
  getElement(id: string): ExcalidrawElementLike | undefined;
  refreshTextElementSize(id: string): void;
  addText(topX: number, topY: number, text: string, formatting?: Record<string, unknown>, id?: string): string;
  addElementsToView(repositionToCursor?: boolean, save?: boolean, newElementsOnTop?: boolean, shouldRestoreElements?: boolean, captureUpdate?: string): Promise<boolean>;
  /** Null unless the target view is loaded (ExcalidrawAutomate.ts ~3208). */
  getExcalidrawAPI(): ExcalidrawApiLike | null;
  /** ExcalidrawAutomate's factory for a private instance bound to one view. */
  getAPI?(view?: unknown): ExcalidrawAutomateLike;
  /** `view instanceof ExcalidrawView` (~4676): false for loading and deferred views. */
  isExcalidrawView?(view: unknown): boolean;
  verifyMinimumPluginVersion?(version: string): boolean;
}

/** The parts of the plugin's ExcalidrawView the overlay reads. */
export interface ExcalidrawViewLike {
  file?: { path?: string } | null;
  contentEl?: HTMLElement;
  _loaded?: boolean;
  excalidrawAPI?: ExcalidrawApiLike | null;
}

/** The Excalidraw plugin's view type. */
export const EXCALIDRAW_VIEW_TYPE = 'excalidraw';

export function globalAutomate(app: App): ExcalidrawAutomateLike | null {
  const fromWindow = (window as unknown as { ExcalidrawAutomate?: ExcalidrawAutomateLike }).ExcalidrawAutomate;
  if (fromWindow) return fromWindow;
  const plugins = (app as unknown as { plugins?: { plugins?: Record<string, { ea?: ExcalidrawAutomateLike }> } }).plugins?.plugins;
  return plugins?.['obsidian-excalidraw-plugin']?.ea ?? null;
}

/** Whether a drawing can be shown on now, and if not, why (for a message, and to know when to look again). */
export type DrawingViewState = 'ready' | 'loading' | 'background' | 'closed' | 'no-excalidraw';

/**
 * The loaded Excalidraw view showing `drawingPath`, if any: a leaf of type "excalidraw" that is not
 * deferred (a background tab holds a DeferredView, Obsidian ≥ 1.7.2), whose view is a real
 * ExcalidrawView (not the plugin's ExcalidrawLoading placeholder) and has its editor API — the same
 * test the plugin uses for its own views (`_loaded && excalidrawAPI`, src/utils/obsidianUtils.ts ~47).
 */
export function findDrawingView(app: App, drawingPath: string): { view: ExcalidrawViewLike | null; state: DrawingViewState } {
  const ea = globalAutomate(app);
  if (!ea) return { view: null, state: 'no-excalidraw' };
  let state: DrawingViewState = 'closed';
  for (const leaf of app.workspace.getLeavesOfType(EXCALIDRAW_VIEW_TYPE)) {
    const l = leaf as unknown as { isDeferred?: boolean; view?: unknown; getViewState?(): { state?: { file?: unknown } } };
    const view = l.view as ExcalidrawViewLike | null | undefined;
    const path = view?.file?.path ?? l.getViewState?.().state?.file;
    if (path !== drawingPath) continue;
    if (l.isDeferred) {
      state = 'background';
      continue;
    }
    const isView = ea.isExcalidrawView ? ea.isExcalidrawView(view) : true;
    if (isView && view?._loaded && view.excalidrawAPI) return { view, state: 'ready' };
    if (state === 'closed') state = 'loading';
  }
  return { view: null, state };
}

/** An ExcalidrawAutomate bound to the drawing's loaded view, or null (plugin missing, drawing not open or not loaded). */
export function automateFor(app: App, drawingPath: string): ExcalidrawAutomateLike | null {
  const ea = globalAutomate(app);
  const { view } = findDrawingView(app, drawingPath);
  if (!ea || !view) return null;
  const own = ea.getAPI ? ea.getAPI(view) : ea;
  own.setView(view);
  return own.getExcalidrawAPI() ? own : null;
}

/** Selects one element in the open drawing (a diagnostic's element); false when it is not open. */
export function selectInView(app: App, drawingPath: string, elementId: string): boolean {
  const api = automateFor(app, drawingPath)?.getExcalidrawAPI();
  if (!api) return false;
  api.updateScene({ appState: { selectedElementIds: { [elementId]: true } }, captureUpdate: 'NEVER' });
  return true;
}
