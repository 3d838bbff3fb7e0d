import { convertToExcalidrawElements } from '@excalidraw/excalidraw';
import type { ExcalidrawImperativeAPI } from '@excalidraw/excalidraw/types';
import type { ExcalidrawApiLike, ExcalidrawAutomateLike, ExcalidrawElementLike } from '../../src/obsidian/live/excalidraw-automate';

type Mutable = ExcalidrawElementLike & { version?: number; versionNonce?: number; fontSize?: number };

/**
 * The test's stand-in for the Excalidraw plugin's ExcalidrawAutomate, played over the real
 * Excalidraw editor's imperative API: elements are copied for editing, changed, and put back
 * into the scene with updateScene, as ExcalidrawAutomate does inside Obsidian.
 */
export class FakeAutomate implements ExcalidrawAutomateLike {
  private readonly working = new Map<string, Mutable>();
  /** Every addElementsToView call: whether it asked to save, and how the undo history was told. */
  readonly commits: { save: boolean; captureUpdate: string | undefined }[] = [];
  view: unknown = null;

  constructor(private readonly api: ExcalidrawImperativeAPI) {}

  setView(view?: unknown): unknown {
    this.view = view ?? null;
    return this.view;
  }

  getViewElements(): ExcalidrawElementLike[] {
    return this.api.getSceneElements() as unknown as ExcalidrawElementLike[];
  }

  copyViewElementsToEAforEditing(elements: ExcalidrawElementLike[]): void {
    for (const el of elements) this.working.set(el.id, { ...el });
  }

  getElement(id: string): ExcalidrawElementLike | undefined {
    return this.working.get(id);
  }

  refreshTextElementSize(id: string): void {
    const el = this.working.get(id);
    if (!el?.text) return;
    // A rough measure, as the real call re-measures with the font.
    const lines = el.text.split('\n');
    const size = el.fontSize ?? 20;
    el.width = Math.max(...lines.map((l) => l.length)) * size * 0.6;
    el.height = lines.length * size * 1.25;
  }

  addText(topX: number, topY: number, text: string, _formatting?: Record<string, unknown>, id?: string): string {
    const [el] = convertToExcalidrawElements([{ type: 'text', x: topX, y: topY, text, id, fontSize: 16 }], { regenerateIds: false });
    this.working.set(el.id, el);
    return el.id;
  }

  async addElementsToView(_reposition?: boolean, save?: boolean, _onTop?: boolean, _restore?: boolean, captureUpdate?: string): Promise<boolean> {
    const scene = [...this.api.getSceneElementsIncludingDeleted()] as unknown as Mutable[];
    const byId = new Map(scene.map((e, i) => [e.id, i]));
    for (const el of this.working.values()) {
      const next = { ...el, version: (el.version ?? 1) + 1, versionNonce: Math.floor(Math.random() * 2 ** 31) };
      const at = byId.get(el.id);
      if (at === undefined) scene.push(next);
      else scene[at] = next;
    }
    this.working.clear();
    this.api.updateScene({ elements: scene as never, captureUpdate: (captureUpdate ?? 'IMMEDIATELY') as never });
    this.commits.push({ save: save ?? false, captureUpdate });
    return true;
  }

  getExcalidrawAPI(): ExcalidrawApiLike {
    return this.api as unknown as ExcalidrawApiLike;
  }
}
