import { createRoot, type Root } from 'react-dom/client';
import type { App, TFile } from '../../obsidian-stub/obsidian';
import { generateDrawingFile, parseDrawingFile, renameLongTextIds, type DrawingNote } from './drawing-markdown';
import { loadExcalidrawFork, type ForkElement } from './excalidraw-fork';

/**
 * A stand-in for the Excalidraw plugin's ExcalidrawView, as strict as the real one where it matters to us.
 * Every rule cites zsviczian/obsidian-excalidraw-plugin @36a32940bac50fd60fb379b18a9f38668f941108 (plugin
 * 2.26.x); the editor inside is the fork the plugin embeds (@zsviczian/excalidraw, its Obsidian build).
 */

/** The fork's imperative API, as far as the fake and the plugin under test use it. */
export interface ForkApi {
  getSceneElements(): readonly ForkElement[];
  getSceneElementsIncludingDeleted(): readonly ForkElement[];
  getAppState(): Record<string, unknown> & { scrollX: number; scrollY: number; zoom: { value: number } };
  updateScene(scene: { elements?: readonly ForkElement[]; appState?: Record<string, unknown>; captureUpdate?: string }): void;
  updateContainerSize(containers: readonly ForkElement[]): void;
  onChange(cb: (...args: unknown[]) => void): () => void;
  onScrollChange(cb: (...args: unknown[]) => void): () => void;
  history: { clear(): void };
}

export interface FakeViewOptions {
  /** Autosave interval (the real default is 60 s desktop / 30 s mobile: src/core/settingsDefaults.ts ~510). */
  autosaveMs?: number;
  /** Keeps `excalidrawAPI` null this long after the editor is ready (the real view loads its file first). */
  loadDelayMs?: number;
  width?: number;
  height?: number;
}

/** The leaf a fake view lives in: no `containerEl`, so the stub's attachLeaves leaves it where the test put it. */
export interface FakeLeaf {
  view: unknown;
  isDeferred: boolean;
  getViewState(): { type: string; state: { file?: string } };
  detach(): void;
}

export class FakeExcalidrawView {
  /** Obsidian's Component flag; ExcalidrawAutomate uses only views with `_loaded` (ExcalidrawAutomate.ts ~3208-3226). */
  _loaded = false;
  /** Null until the editor has mounted and the file is loaded (ExcalidrawView.ts 413; getExcalidrawAPI ~3208). */
  excalidrawAPI: ForkApi | null = null;
  /** ExcalidrawView.ts 2470: false while a file is being loaded; save() and autosave do nothing until then. */
  isLoaded = false;
  readonly leaf: FakeLeaf;
  readonly contentEl: HTMLElement;
  /** Every file write the view made (autosave, blur, close, or an explicit save). */
  readonly saves: { reason: string; text: string }[] = [];
  /** How many times the view was marked dirty. */
  dirtyMarks = 0;
  private dirty = false;
  private saving = false;
  private previousSceneVersion = -1;
  private autosaveTimer: number | null = null;
  private root: Root | null = null;
  private note: DrawingNote | null = null;

  private constructor(
    readonly app: App,
    readonly file: TFile,
    host: HTMLElement,
    private readonly options: FakeViewOptions,
  ) {
    this.contentEl = host.createDiv({ cls: 'view-content excalidraw-view' });
    this.contentEl.setAttribute('style', `position:relative;width:${options.width ?? 720}px;height:${options.height ?? 640}px`);
    this.leaf = {
      view: this,
      isDeferred: false,
      getViewState: () => ({ type: 'excalidraw', state: { file: file.path } }),
      detach: () => void this.close(),
    };
  }

  /** Opens `path` in a new leaf of the workspace, mounted in `host`; resolves once `excalidrawAPI` is set. */
  static async open(app: App, path: string, host: HTMLElement, options: FakeViewOptions = {}): Promise<FakeExcalidrawView> {
    const file = app.vault.getFileByPath(path);
    if (!file) throw new Error(`fake Excalidraw view: ${path} not in the vault`);
    const view = new FakeExcalidrawView(app, file, host, options);
    (app.workspace.leaves as unknown as FakeLeaf[]).push(view.leaf);
    // Obsidian announces the new leaf at once; the editor inside comes later.
    app.workspace.trigger('layout-change');
    await view.load();
    return view;
  }

  getViewType(): string {
    return 'excalidraw';
  }

  private async load(): Promise<void> {
    this._loaded = true;
    const note = parseDrawingFile(this.file.path, await this.app.vault.read(this.file));
    // Loading renames long text ids too, and the renamed drawing is dirty (ExcalidrawData.ts ~1081-1100).
    const renamed = renameLongTextIds(note.scene.elements);
    this.note = note;
    const lib = loadExcalidrawFork();
    const elements = lib.restoreElements(note.scene.elements, null, { repairBindings: true });
    const api = await new Promise<ForkApi>((resolve) => {
      this.root = createRoot(this.contentEl);
      this.root.render(
        // The fork's props as the plugin passes them (src/view/components/ExcalidrawRoot.ts ~164-191): the API
        // arrives through onExcalidrawAPI (setExcalidrawAPI, ExcalidrawView.ts ~6431) and onInitialize.
        <lib.Excalidraw
          onInitialize={resolve}
          initialData={{ elements, appState: { ...note.scene.appState, viewBackgroundColor: '#ffffff' }, scrollToContent: true }}
          onChange={(els: readonly ForkElement[]) => this.onChange(els)}
        />,
      );
    });
    await new Promise((r) => window.setTimeout(r, this.options.loadDelayMs ?? 0));
    if (!this._loaded) return;
    this.excalidrawAPI = api;
    this.previousSceneVersion = this.sceneVersion(api.getSceneElements());
    this.isLoaded = true;
    if (renamed) this.setDirty();
  }

  /** ExcalidrawView.getSceneVersion (~1455): the fork's hashElementsVersion over non-deleted elements. */
  private sceneVersion(els: readonly ForkElement[]): number {
    const lib = loadExcalidrawFork() as unknown as { hashElementsVersion?: (e: readonly ForkElement[]) => number };
    const live = els.filter((e) => !e.isDeleted);
    return lib.hashElementsVersion ? lib.hashElementsVersion(live) : live.reduce((n, e) => n + e.version, 0);
  }

  /** ExcalidrawView.onChange (~4785) → checkSceneVersion (~4746-4755): any element change marks the view dirty. */
  private onChange(els: readonly ForkElement[]): void {
    if (!this.isLoaded) return;
    const v = this.sceneVersion(els);
    if (v !== this.previousSceneVersion) {
      this.previousSceneVersion = v;
      this.setDirty();
    }
  }

  /** ExcalidrawView.setDirty (~3214-3230): ignored while saving; the first mark (re)starts the autosave timer. */
  setDirty(): void {
    if (this.saving) return;
    this.dirtyMarks++;
    if (!this.dirty) this.resetAutosaveTimer();
    this.dirty = true;
  }

  isDirty(): boolean {
    return this.dirty;
  }

  /** setupAutosaveTimer (~1844-1895): every interval, a loaded dirty view saves; otherwise it looks again later. */
  private resetAutosaveTimer(): void {
    if (this.autosaveTimer !== null) window.clearTimeout(this.autosaveTimer);
    this.autosaveTimer = window.setTimeout(() => {
      this.autosaveTimer = null;
      if (this.dirty && this.isLoaded) void this.save(true, 'autosave');
      if (this._loaded) this.resetAutosaveTimer();
    }, this.options.autosaveMs ?? 60_000);
  }

  getViewElements(): ForkElement[] {
    return this.excalidrawAPI ? [...this.excalidrawAPI.getSceneElements()] : [];
  }

  /**
   * ExcalidrawView.addElements (~4040-4150): elements with a known id replace the scene's, others are added;
   * new containers get `updateContainerSize`; then `save` writes the file, and otherwise the view is marked
   * dirty anyway — so even "unsaved" edits reach the file at the next autosave, blur or close.
   */
  async addElements(o: { newElements: ForkElement[]; save: boolean; newElementsOnTop?: boolean; captureUpdate?: string }): Promise<boolean> {
    const api = this.excalidrawAPI;
    if (!api) return false;
    const byId = new Map(o.newElements.map((e) => [e.id, e]));
    const scene = api.getSceneElementsIncludingDeleted().map((e) => byId.get(e.id) ?? e);
    const known = new Set(scene.map((e) => e.id));
    const added = o.newElements.filter((e) => !known.has(e.id));
    const elements = o.newElementsOnTop === false ? [...added, ...scene] : [...scene, ...added];
    api.updateScene({ elements, captureUpdate: o.captureUpdate });
    const containers = o.newElements.filter((e) => e.boundElements?.some((b) => b.type === 'text'));
    if (containers.length > 0) api.updateContainerSize(containers);
    if (o.save) await this.save(false, 'addElementsToView(save=true)');
    else this.setDirty();
    return true;
  }

  /**
   * ExcalidrawView.save (~842): nothing while loading or already saving; text ids longer than 8 characters are
   * renamed in the file and the view reloads with the new ids (ExcalidrawData.ts ~1081; the plugin's modify
   * handler reloads the view when preventReload is false).
   */
  async save(preventReload = true, reason = 'save'): Promise<void> {
    const api = this.excalidrawAPI;
    if (!this.isLoaded || this.saving || !api || !this.note) return;
    this.saving = true;
    try {
      const elements = api.getSceneElementsIncludingDeleted().map((e) => ({ ...e }));
      const renamed = renameLongTextIds(elements);
      this.note.scene.elements = elements;
      const text = generateDrawingFile(this.file.path, this.note);
      await this.app.vault.modify(this.file, text);
      this.saves.push({ reason, text });
      this.dirty = false;
      if (renamed || !preventReload) {
        api.updateScene({ elements, captureUpdate: 'NEVER' });
        this.previousSceneVersion = this.sceneVersion(elements);
      }
    } finally {
      this.saving = false;
    }
  }

  /** EventManager.ts ~356-366: when another leaf becomes active, a dirty Excalidraw view is saved. */
  async blur(): Promise<void> {
    if (this.dirty) await this.save(true, 'blur');
  }

  /** onClose (~1981-2090): a dirty view is saved before the editor is unmounted; the leaf goes. */
  async close(): Promise<void> {
    if (!this._loaded) return;
    if (this.dirty) await this.save(true, 'close');
    this._loaded = false;
    this.isLoaded = false;
    this.excalidrawAPI = null;
    if (this.autosaveTimer !== null) window.clearTimeout(this.autosaveTimer);
    this.root?.unmount();
    this.root = null;
    this.contentEl.remove();
    const leaves = this.app.workspace.leaves as unknown as FakeLeaf[];
    const i = leaves.indexOf(this.leaf);
    if (i >= 0) leaves.splice(i, 1);
    this.app.workspace.trigger('layout-change');
  }
}
