import type { ExcalidrawApiLike, ExcalidrawAutomateLike, ExcalidrawElementLike } from '../../src/obsidian/live/excalidraw-automate';
import { loadExcalidrawFork, type ForkElement } from './excalidraw/excalidraw-fork';
import { FakeExcalidrawView, type ForkApi } from './excalidraw/fake-excalidraw-view';

/**
 * The test's ExcalidrawAutomate, as strict as the plugin's: zsviczian/obsidian-excalidraw-plugin
 * @36a32940bac50fd60fb379b18a9f38668f941108, src/shared/ExcalidrawAutomate.ts (line numbers of that file).
 * It works only through FakeExcalidrawView, which plays the plugin's ExcalidrawView over the real fork.
 */
export class FakeAutomate implements ExcalidrawAutomateLike {
  targetView: FakeExcalidrawView | null = null;
  private readonly elementsDict = new Map<string, ForkElement>();
  /** `pluginVersion` decides which arguments exist (captureUpdate only from 2.20.2). */
  constructor(
    readonly pluginVersion = '2.26.4',
    /** Every addElementsToView call as the view received it, shared with the instances getAPI makes. */
    readonly commits: { save: boolean; captureUpdate: string }[] = [],
  ) {}

  /** ~1067: a private instance bound to `view`. */
  getAPI(view?: unknown): FakeAutomate {
    const ea = new FakeAutomate(this.pluginVersion, this.commits);
    ea.setView(view);
    return ea;
  }

  /** ~4676: `view instanceof ExcalidrawView` — a loading view, a deferred view or a look-alike is not one. */
  isExcalidrawView(view: unknown): boolean {
    return view instanceof FakeExcalidrawView;
  }

  /** ~3163-3198: only a real ExcalidrawView becomes the target; anything else leaves the target as it was. */
  setView(view?: unknown): unknown {
    if (view instanceof FakeExcalidrawView) this.targetView = view;
    return this.targetView;
  }

  /** ~4667: compares with the installed plugin's version. */
  verifyMinimumPluginVersion(required: string): boolean {
    const a = this.pluginVersion.split('.').map(Number);
    const b = required.split('.').map(Number);
    for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
    return true;
  }

  private loaded(): FakeExcalidrawView | null {
    return this.targetView?._loaded ? this.targetView : null;
  }

  /** ~3208-3214: null unless the target view is loaded; and the view's own API is null while it loads. */
  getExcalidrawAPI(): ExcalidrawApiLike {
    return (this.loaded()?.excalidrawAPI ?? null) as unknown as ExcalidrawApiLike;
  }

  /** ~3220-3226: [] unless the target view is loaded. */
  getViewElements(): ExcalidrawElementLike[] {
    return this.loaded()?.getViewElements() ?? [];
  }

  /** ~3574: clones of the view's elements become EA's own, to be edited and put back. */
  copyViewElementsToEAforEditing(elements: ExcalidrawElementLike[]): void {
    for (const el of elements) this.elementsDict.set(el.id, structuredClone(el) as unknown as ForkElement);
  }

  getElement(id: string): ExcalidrawElementLike | undefined {
    return this.elementsDict.get(id);
  }

  /** ~2316: re-measures a text element from its `text` (the real one measures with the font). */
  refreshTextElementSize(id: string): void {
    const el = this.elementsDict.get(id);
    if (!el || el.type !== 'text') return;
    const lines = (el.text ?? '').split('\n');
    const size = (el.fontSize as number | undefined) ?? 20;
    el.width = Math.max(...lines.map((l) => l.length)) * size * 0.6;
    el.height = lines.length * size * 1.25;
  }

  /** ~2340: a new text element in EA (the fork's restoreElements fills in what a text element needs). */
  addText(topX: number, topY: number, text: string, _formatting?: Record<string, unknown>, id?: string): string {
    const [el] = loadExcalidrawFork().restoreElements([{ type: 'text', id: id ?? crypto.randomUUID().slice(0, 8), x: topX, y: topY, text, originalText: text, rawText: text, fontSize: 20, fontFamily: 1 }], null);
    this.elementsDict.set(el.id, el);
    return el.id;
  }

  /**
   * ~3796-3826: nothing without a loaded target view; otherwise the view's addElements, which marks the view
   * dirty even when `save` is false. Before 2.20.2 there is no 5th argument: every change is undoable.
   */
  async addElementsToView(_reposition = false, save = true, newElementsOnTop = false, _restore = false, captureUpdate = 'IMMEDIATELY'): Promise<boolean> {
    const view = this.loaded();
    if (!view) return false;
    const capture = this.verifyMinimumPluginVersion('2.20.2') ? captureUpdate : 'IMMEDIATELY';
    // Elements leave EA with a new version, as the fork's newElementWith/bumpVersion would give them.
    const elements = [...this.elementsDict.values()].map((e) => ({ ...e, version: e.version + 1, versionNonce: Math.floor(Math.random() * 2 ** 31) }));
    this.elementsDict.clear();
    this.commits.push({ save, captureUpdate: capture });
    return view.addElements({ newElements: elements, save, newElementsOnTop, captureUpdate: capture });
  }
}

/** The fork's API of a loaded fake view (for tests that pan, zoom or move elements). */
export function forkApi(view: FakeExcalidrawView): ForkApi {
  if (!view.excalidrawAPI) throw new Error('view not loaded');
  return view.excalidrawAPI;
}

/** Puts ExcalidrawAutomate where the plugin publishes it (`window.ExcalidrawAutomate`, src/core/main.ts). */
export function installAutomate(ea: FakeAutomate): void {
  (window as { ExcalidrawAutomate?: unknown }).ExcalidrawAutomate = ea;
}

export function uninstallAutomate(): void {
  delete (window as { ExcalidrawAutomate?: unknown }).ExcalidrawAutomate;
}
