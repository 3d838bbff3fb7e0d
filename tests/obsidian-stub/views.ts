import type { App } from './app';
import { Component } from './plugin';

/**
 * Views, modals and menus of the stand-in. They build real DOM (browser tests mount them in
 * Chromium); in Node tests they are only constructed, never opened.
 */
/** What a leaf saves in the layout and gets back at the next start: its view's type and state. */
export interface ViewState {
  type: string;
  active?: boolean;
  state?: Record<string, unknown>;
}

/**
 * What a restored leaf holds until it is shown (Obsidian ≥ 1.7.2): not the plugin's view, only
 * its type and saved state. obsidianmd/obsidian-developer-docs@29188ec en/Plugins/Guides/Defer
 * views.md ("When Obsidian loads, all views are created as instances of DeferredView. Once a view
 * is visible on screen … the view will be switched out"); obsidian.d.ts 1.8.7:5135
 * (`isDeferred`: "A deferred leaf will have a DeferredView as its view"). Its getViewType is the
 * leaf's type, which is why the guide calls `getViewType() === 'my-view'` then a cast "Bad".
 */
export class DeferredView {
  constructor(private readonly saved: ViewState) {}
  getViewType(): string {
    return this.saved.type;
  }
  getDisplayText(): string {
    return '';
  }
  getState(): Record<string, unknown> {
    return this.saved.state ?? {};
  }
}

/**
 * Views, modals and menus of the stand-in. They build real DOM (browser tests mount them in
 * Chromium); in Node tests they are only constructed, never opened.
 */
export class WorkspaceLeaf {
  view: ItemView | DeferredView | null = null;
  /** The element the leaf's view lives in (attached to the page in browser tests). */
  readonly containerEl: HTMLElement;

  constructor(readonly app: App) {
    this.containerEl = document.createElement('div');
    this.containerEl.className = 'workspace-leaf';
  }

  /** A leaf restored from a saved layout: deferred until shown (see DeferredView). */
  static deferred(app: App, saved: ViewState): WorkspaceLeaf {
    const leaf = new WorkspaceLeaf(app);
    leaf.view = new DeferredView(saved);
    return leaf;
  }

  get isDeferred(): boolean {
    return this.view instanceof DeferredView;
  }

  /** obsidian.d.ts 1.8.7:5142 "If this view is currently deferred, load it and await that it has fully loaded." */
  async loadIfDeferred(): Promise<void> {
    if (this.view instanceof DeferredView) await this.setViewState({ type: this.view.getViewType(), state: this.view.getState() });
  }

  /**
   * Makes the view and hands it its state (obsidian.d.ts 1.8.7:4604 `View.setState`), as
   * Obsidian does when a layout is restored or a view state is set.
   */
  async setViewState(state: ViewState): Promise<void> {
    const factory = this.app.viewFactories.get(state.type);
    if (!factory) throw new Error(`no view registered for ${state.type}`);
    if (this.view instanceof ItemView) await this.view.close();
    const view = factory(this) as ItemView;
    this.view = view;
    this.containerEl.appendChild(view.containerEl);
    await view.open();
    await view.setState(state.state ?? {}, { history: false });
  }

  /** What the layout saves for this leaf (obsidian.d.ts 1.8.7:4600 `View.getState`). */
  getViewState(): ViewState {
    const view = this.view;
    return { type: view?.getViewType() ?? 'empty', state: view?.getState() ?? {} };
  }

  detach(): void {
    if (this.view instanceof ItemView) void this.view.close();
    this.view = null;
    this.containerEl.remove();
    this.app.workspace.removeLeaf(this);
  }
}

export abstract class ItemView extends Component {
  readonly app: App;
  readonly containerEl: HTMLElement;
  readonly contentEl: HTMLElement;

  constructor(readonly leaf: WorkspaceLeaf) {
    super();
    this.app = leaf.app;
    this.containerEl = document.createElement('div');
    this.containerEl.className = 'workspace-leaf-content';
    const header = document.createElement('div');
    header.className = 'view-header';
    this.contentEl = document.createElement('div');
    this.contentEl.className = 'view-content';
    this.containerEl.append(header, this.contentEl);
  }

  abstract getViewType(): string;
  abstract getDisplayText(): string;
  getIcon(): string {
    return 'document';
  }

  async open(): Promise<void> {
    this.load();
    await this.onOpen();
  }

  async close(): Promise<void> {
    await this.onClose();
    this.unload();
  }

  async onOpen(): Promise<void> {}
  async onClose(): Promise<void> {}
  getState(): Record<string, unknown> {
    return {};
  }
  async setState(_state: unknown, _result: { history: boolean }): Promise<void> {}
}

/** Records the icon name on the element, so tests can see which icon was set. */
export function setIcon(el: HTMLElement, icon: string): void {
  el.setAttribute('data-icon', icon);
}

export class Modal {
  readonly containerEl: HTMLElement;
  readonly modalEl: HTMLElement;
  readonly contentEl: HTMLElement;
  readonly titleEl: HTMLElement;

  constructor(readonly app: App) {
    this.containerEl = document.createElement('div');
    this.containerEl.className = 'modal-container';
    this.modalEl = document.createElement('div');
    this.modalEl.className = 'modal';
    this.titleEl = document.createElement('div');
    this.titleEl.className = 'modal-title';
    this.contentEl = document.createElement('div');
    this.contentEl.className = 'modal-content';
    this.modalEl.append(this.titleEl, this.contentEl);
    this.containerEl.appendChild(this.modalEl);
  }

  setTitle(title: string): this {
    this.titleEl.textContent = title;
    return this;
  }

  open(): void {
    document.body.appendChild(this.containerEl);
    this.onOpen();
  }

  close(): void {
    this.onClose();
    this.containerEl.remove();
  }

  onOpen(): void {}
  onClose(): void {}
}

/** A list of suggestions filtered by a text input; clicking one chooses it and closes the modal. */
export abstract class SuggestModal<T> extends Modal {
  readonly inputEl: HTMLInputElement;
  readonly resultContainerEl: HTMLElement;

  constructor(app: App) {
    super(app);
    this.inputEl = document.createElement('input');
    this.inputEl.className = 'prompt-input';
    this.resultContainerEl = document.createElement('div');
    this.resultContainerEl.className = 'prompt-results';
    this.modalEl.prepend(this.inputEl, this.resultContainerEl);
    this.inputEl.addEventListener('input', () => void this.update());
  }

  setPlaceholder(text: string): void {
    this.inputEl.placeholder = text;
  }

  abstract getSuggestions(query: string): T[] | Promise<T[]>;
  abstract renderSuggestion(value: T, el: HTMLElement): void;
  abstract onChooseSuggestion(item: T, evt: MouseEvent | KeyboardEvent): void;

  override open(): void {
    super.open();
    void this.update();
  }

  private async update(): Promise<void> {
    const items = await this.getSuggestions(this.inputEl.value);
    this.resultContainerEl.replaceChildren();
    for (const item of items) {
      const el = document.createElement('div');
      el.className = 'suggestion-item';
      this.renderSuggestion(item, el);
      el.addEventListener('click', (evt) => {
        this.close();
        this.onChooseSuggestion(item, evt);
      });
      this.resultContainerEl.appendChild(el);
    }
  }
}

export class MenuItem {
  title = '';
  icon = '';
  callback: (() => unknown) | null = null;
  setTitle(title: string): this {
    this.title = title;
    return this;
  }
  setIcon(icon: string): this {
    this.icon = icon;
    return this;
  }
  setSection(_section: string): this {
    return this;
  }
  onClick(cb: () => unknown): this {
    this.callback = cb;
    return this;
  }
}

/** A context menu: tests read its items and click them by title. */
export class Menu {
  readonly items: MenuItem[] = [];
  addItem(cb: (item: MenuItem) => unknown): this {
    const item = new MenuItem();
    cb(item);
    this.items.push(item);
    return this;
  }
  addSeparator(): this {
    return this;
  }
  click(title: string): void {
    const item = this.items.find((i) => i.title === title);
    if (!item) throw new Error(`no menu item "${title}" (have: ${this.items.map((i) => i.title).join(', ')})`);
    item.callback?.();
  }
  showAtMouseEvent(_evt: MouseEvent): this {
    return this;
  }
}

/** Lifecycle owner of rendered Markdown (code block processors add one per block). */
export class MarkdownRenderChild extends Component {
  constructor(readonly containerEl: HTMLElement) {
    super();
  }
}
