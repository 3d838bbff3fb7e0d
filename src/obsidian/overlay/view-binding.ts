import type { ExcalidrawApiLike, ExcalidrawElementLike, ExcalidrawViewLike } from '../live/excalidraw-automate';
import type { ElementFinder } from './element-finder';
import { OverlayLayer } from './overlay-layer';
import type { SceneRect } from './scene-transform';

/**
 * One overlay attached to one loaded Excalidraw view: the layer inside the editor's container, and
 * the subscriptions that tell it to redraw — pan and zoom (`onScrollChange`), element moves and
 * edits (`onChange`), the view being resized. Detaching removes all of it.
 */
export class ViewBinding {
  readonly layer: OverlayLayer;
  private readonly unsubscribe: (() => void)[] = [];
  /** The scene's element rectangles, re-read only after Excalidraw reported a change. */
  private rects: Map<string, ExcalidrawElementLike> | null = null;

  constructor(
    readonly view: ExcalidrawViewLike,
    readonly api: ExcalidrawApiLike,
    onInvalidate: (what: 'scene' | 'viewport') => void,
    /** Finds the file's elements under the ids the editor gave them (null until the drawing has been read). */
    private readonly finder: () => ElementFinder | null = () => null,
  ) {
    const container = view.contentEl?.querySelector<HTMLElement>('.excalidraw') ?? view.contentEl;
    if (!container) throw new Error('the Excalidraw view has no element to show the run in');
    this.layer = new OverlayLayer(container);
    const scene = (): void => {
      this.rects = null;
      onInvalidate('scene');
    };
    try {
      if (api.onChange) this.unsubscribe.push(api.onChange(scene));
      if (api.onScrollChange) this.unsubscribe.push(api.onScrollChange(() => onInvalidate('viewport')));
      const win = container.ownerDocument.defaultView;
      if (win && 'ResizeObserver' in win) {
        const observer = new win.ResizeObserver(() => onInvalidate('viewport'));
        observer.observe(container);
        this.unsubscribe.push(() => observer.disconnect());
      }
    } catch (err) {
      // Half attached is not attached: leave nothing behind for the next try to pile onto.
      this.detach();
      throw err;
    }
  }

  /** Still the same live editor: the view is loaded and its API is the one subscribed to. */
  isCurrent(): boolean {
    return Boolean(this.view._loaded) && this.view.excalidrawAPI === this.api && this.layer.root.isConnected;
  }

  /** The editor's element for the file's element `id`, wherever the plugin's renaming put it. */
  private elementOf(id: string): ExcalidrawElementLike | undefined {
    if (!this.rects) this.rects = new Map(this.api.getSceneElements().map((e) => [e.id, e]));
    const e = this.rects.get(id);
    if (e && !e.isDeleted) return e;
    const viewId = this.finder()?.viewIdOf(id, this.rects);
    return viewId ? this.rects.get(viewId) : undefined;
  }

  /** The editor's id of the file's element `id` (to select it), or null when it is not in the drawing. */
  viewIdOf(id: string): string | null {
    return this.elementOf(id)?.id ?? null;
  }

  rectOf(id: string): SceneRect | null {
    const e = this.elementOf(id);
    return e ? { x: e.x, y: e.y, width: e.width, height: e.height } : null;
  }

  textOf(id: string): string | undefined {
    const e = this.elementOf(id);
    return e?.originalText ?? e?.text;
  }

  detach(): void {
    for (const u of this.unsubscribe.splice(0)) {
      try {
        u();
      } catch {
        // The editor may already be gone (the drawing was closed): nothing left to unsubscribe from.
      }
    }
    this.layer.remove();
  }
}
