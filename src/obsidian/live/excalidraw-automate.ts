import type { App } from 'obsidian';

/**
 * The few ExcalidrawAutomate calls this plugin makes, declared here instead of depending on the
 * Excalidraw plugin's npm package (which is years behind the plugin itself). Everything is
 * detected at run time; without the Excalidraw plugin the run view simply does not paint.
 */
export interface ExcalidrawElementLike {
  id: string;
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  text?: string;
  originalText?: string;
  rawText?: string;
  isDeleted?: boolean;
}

export interface ExcalidrawApiLike {
  getSceneElements(): readonly ExcalidrawElementLike[];
  getAppState(): { selectedElementIds?: Record<string, boolean> };
  updateScene(scene: { elements?: readonly ExcalidrawElementLike[]; appState?: Record<string, unknown>; captureUpdate?: string }): void;
}

export interface ExcalidrawAutomateLike {
  setView(view?: unknown): unknown;
  getViewElements(): ExcalidrawElementLike[];
  copyViewElementsToEAforEditing(elements: ExcalidrawElementLike[]): void;
  getElement(id: string): ExcalidrawElementLike | undefined;
  refreshTextElementSize(id: string): void;
  addText(topX: number, topY: number, text: string, formatting?: Record<string, unknown>, id?: string): string;
  addElementsToView(repositionToCursor?: boolean, save?: boolean, newElementsOnTop?: boolean, shouldRestoreElements?: boolean, captureUpdate?: string): Promise<boolean>;
  getExcalidrawAPI(): ExcalidrawApiLike;
  /** ExcalidrawAutomate's factory for a private instance bound to one view. */
  getAPI?(view?: unknown): ExcalidrawAutomateLike;
}

/** The Excalidraw plugin's view type. */
export const EXCALIDRAW_VIEW_TYPE = 'excalidraw';

function globalAutomate(app: App): ExcalidrawAutomateLike | null {
  const fromWindow = (window as unknown as { ExcalidrawAutomate?: ExcalidrawAutomateLike }).ExcalidrawAutomate;
  if (fromWindow) return fromWindow;
  const plugins = (app as unknown as { plugins?: { plugins?: Record<string, { ea?: ExcalidrawAutomateLike }> } }).plugins?.plugins;
  return plugins?.['obsidian-excalidraw-plugin']?.ea ?? null;
}

/** The Excalidraw view showing `drawingPath`, if the drawing is open in Excalidraw. */
export function findDrawingView(app: App, drawingPath: string): unknown {
  for (const leaf of app.workspace.getLeavesOfType(EXCALIDRAW_VIEW_TYPE)) {
    const view = leaf.view as { file?: { path?: string } } | null;
    if (view?.file?.path === drawingPath) return view;
  }
  return null;
}

/** An ExcalidrawAutomate bound to the open drawing, or null (plugin missing or drawing not open). */
export function automateFor(app: App, drawingPath: string): ExcalidrawAutomateLike | null {
  const ea = globalAutomate(app);
  if (!ea) return null;
  const view = findDrawingView(app, drawingPath);
  if (!view) return null;
  const own = ea.getAPI ? ea.getAPI(view) : ea;
  own.setView(view);
  return own;
}

/** Selects one element in the open drawing (a diagnostic's element); false when it is not open. */
export function selectInView(app: App, drawingPath: string, elementId: string): boolean {
  const ea = automateFor(app, drawingPath);
  if (!ea) return false;
  ea.getExcalidrawAPI().updateScene({ appState: { selectedElementIds: { [elementId]: true } }, captureUpdate: 'NEVER' });
  return true;
}
