import type { App, StubCommand } from './app';

export class Notice {
  /** Every notice shown, newest last: tests assert on what the user was told. */
  static readonly shown: string[] = [];
  constructor(readonly message: string | DocumentFragment, readonly duration?: number) {
    Notice.shown.push(typeof message === 'string' ? message : (message.textContent ?? ''));
  }
  setMessage(message: string): this {
    Notice.shown.push(message);
    return this;
  }
  hide(): void {}
}

/** Obsidian's lifecycle owner: everything registered is undone on unload. */
export class Component {
  private readonly cleanups: (() => void)[] = [];
  private readonly children: Component[] = [];
  loaded = false;
  /** What onload() returned (a plugin's is async): tests await it instead of calling onload() again. */
  loading: Promise<unknown> = Promise.resolve();
  load(): void {
    this.loaded = true;
    this.loading = Promise.resolve(this.onload() as unknown);
    for (const c of this.children) c.load();
  }
  unload(): void {
    for (const c of this.children.splice(0)) c.unload();
    for (const fn of this.cleanups.splice(0).reverse()) fn();
    this.onunload();
    this.loaded = false;
  }
  onload(): void | Promise<void> {}
  onunload(): void {}
  addChild<T extends Component>(c: T): T {
    this.children.push(c);
    if (this.loaded) c.load();
    return c;
  }
  removeChild<T extends Component>(c: T): T {
    const i = this.children.indexOf(c);
    if (i >= 0) this.children.splice(i, 1);
    c.unload();
    return c;
  }
  register(cb: () => unknown): void {
    this.cleanups.push(() => void cb());
  }
  registerEvent(ref: { name: string; cb: (...a: unknown[]) => void; source?: { offref(r: unknown): void } }): void {
    this.cleanups.push(() => ref.source?.offref(ref));
  }
  registerInterval(id: number): number {
    this.cleanups.push(() => clearInterval(id));
    return id;
  }
  registerDomEvent(el: EventTarget, type: string, cb: EventListener): void {
    el.addEventListener(type, cb);
    this.cleanups.push(() => el.removeEventListener(type, cb));
  }
  /** Number of cleanups pending: lets tests check that unload leaves nothing behind. */
  get pendingCleanups(): number {
    return this.cleanups.length;
  }
}

export interface PluginManifest {
  id: string;
  name: string;
  version: string;
  minAppVersion: string;
  description: string;
  author: string;
  isDesktopOnly?: boolean;
  dir?: string;
}

export class Plugin extends Component {
  private data: unknown = null;
  readonly settingTabs: unknown[] = [];
  readonly ribbonIcons: { icon: string; title: string; callback: (evt: MouseEvent) => unknown }[] = [];
  readonly views = new Map<string, (leaf: unknown) => unknown>();
  readonly codeBlockProcessors = new Map<string, unknown>();
  constructor(readonly app: App, readonly manifest: PluginManifest) {
    super();
  }
  addCommand(command: StubCommand): StubCommand {
    if (command.hotkeys && command.hotkeys.length) throw new Error('plugins must not set default hotkeys');
    const full = { ...command, id: `${this.manifest.id}:${command.id}` };
    this.app.commands.set(full.id, full);
    this.register(() => this.app.commands.delete(full.id));
    return full;
  }
  addSettingTab(tab: unknown): void {
    this.settingTabs.push(tab);
  }
  addRibbonIcon(icon: string, title: string, callback: (evt: MouseEvent) => unknown): HTMLElement {
    this.ribbonIcons.push({ icon, title, callback });
    return (typeof document === 'undefined' ? {} : document.createElement('div')) as HTMLElement;
  }
  registerView(type: string, factory: (leaf: unknown) => unknown): void {
    this.views.set(type, factory);
    this.app.viewFactories.set(type, factory);
    this.register(() => this.app.viewFactories.delete(type));
  }
  /**
   * One processor per language for the whole app, as in Obsidian: a taken language throws (and a
   * plugin whose onload throws does not load). Sources: obsidianmd/obsidian-developer-docs@29188ec
   * en/Reference/TypeScript API/Plugin/registerMarkdownCodeBlockProcessor.md (the handler replaces
   * the block's <pre><code>); the message is the app's, quoted in issue 12 (a flowchart plugin
   * holding `flow`). The language is freed when the plugin unloads.
   */
  registerMarkdownCodeBlockProcessor(language: string, handler: unknown): unknown {
    const taken = this.app.codeBlockLanguages;
    if (taken.has(language)) throw new Error(`Code block postprocessor for language ${language} is already registered`);
    taken.set(language, this.manifest.id);
    this.codeBlockProcessors.set(language, handler);
    this.register(() => taken.delete(language));
    return handler;
  }
  /**
   * Another device (Sync) or program rewrote this plugin's data.json: Obsidian then calls
   * `onExternalSettingsChange` (obsidianmd/obsidian-developer-docs@29188ec en/Reference/TypeScript
   * API/Plugin/onExternalSettingsChange.md: "Called when the data.json file is modified on disk
   * externally from Obsidian"; obsidian.d.ts 1.8.7:3300, optional). Nothing else tells the plugin.
   */
  async changeDataExternally(data: unknown): Promise<void> {
    this.data = JSON.parse(JSON.stringify(data)) as unknown;
    await (this as { onExternalSettingsChange?: () => unknown }).onExternalSettingsChange?.();
  }
  async loadData(): Promise<unknown> {
    return this.data;
  }
  async saveData(data: unknown): Promise<void> {
    this.data = JSON.parse(JSON.stringify(data)) as unknown;
  }
}
