import { TFile, Vault, normalizePath, type TAbstractFile } from './vault';
import { WorkspaceLeaf, type ViewState } from './views';

/** Frontmatter keys read with a deliberately small parser: the stub only needs top-level keys. */
function parseFrontmatter(text: string): Record<string, unknown> | undefined {
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!m) return undefined;
  const out: Record<string, unknown> = {};
  for (const line of m[1].split(/\r?\n/)) {
    const kv = /^([^\s:#][^:]*):\s*(.*)$/.exec(line);
    if (kv) out[kv[1].trim()] = kv[2].trim();
  }
  return out;
}

/**
 * Frontmatter as the metadata cache has it. The cache fills some time after a write, not at once:
 * Obsidian parses in the background and announces each file with 'changed'
 * (obsidianmd/obsidian-api@d5b94f5 obsidian.d.ts:4302, "Called when a file has been indexed, and
 * its (updated) cache is now available"; not called on rename, line 4304). Until then
 * getFileCache gives the old entry, or null for a new file. `settled()` waits for the queue.
 */
export class MetadataCache {
  private readonly cache = new Map<string, { frontmatter?: Record<string, unknown> }>();
  private readonly listeners = new Map<string, Set<(...args: unknown[]) => unknown>>();
  private pending = new Set<Promise<void>>();
  /** How long after a write the parse lands (ms). */
  parseDelayMs = 20;
  constructor(private readonly vault: Vault) {
    const later = (f: unknown): void => {
      if (!(f instanceof TFile) || f.extension !== 'md') return;
      const done: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, this.parseDelayMs))
        .then(() => (this.vault.getFileByPath(f.path) ? this.index(f) : undefined))
        .catch(() => undefined)
        .finally(() => this.pending.delete(done));
      this.pending.add(done);
    };
    vault.on('create', later);
    vault.on('modify', later);
    // A rename moves the entry without a re-parse.
    vault.on('rename', (f: unknown, old: unknown) => {
      const entry = this.cache.get(String(old));
      if (f instanceof TFile && entry) this.cache.set(f.path, entry);
      this.cache.delete(String(old));
    });
    vault.on('delete', (f: unknown) => {
      if (f instanceof TFile) this.cache.delete(f.path);
    });
  }
  async index(file: TFile): Promise<void> {
    const text = await this.vault.read(file);
    this.cache.set(file.path, { frontmatter: parseFrontmatter(text) });
    for (const cb of this.listeners.get('changed') ?? []) cb(file, text, this.cache.get(file.path));
  }
  async indexAll(): Promise<void> {
    for (const f of this.vault.getMarkdownFiles()) await this.index(f);
  }
  /** Resolves once every parse started so far has landed. */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
  on(name: string, cb: (...args: unknown[]) => unknown): { name: string; cb: (...args: unknown[]) => unknown; source: MetadataCache } {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name)!.add(cb);
    return { name, cb, source: this };
  }
  offref(ref: unknown): void {
    const r = ref as { name: string; cb: (...args: unknown[]) => unknown };
    this.listeners.get(r.name)?.delete(r.cb);
  }
  getFileCache(file: TFile): { frontmatter?: Record<string, unknown> } | null {
    return this.cache.get(file.path) ?? null;
  }
  getFirstLinkpathDest(linkpath: string, _source: string): TFile | null {
    const want = normalizePath(linkpath);
    const files = this.vault.getFiles();
    return files.find((f) => f.path === want || f.path === `${want}.md`) ?? files.find((f) => f.basename === want || f.name === want) ?? null;
  }
}

export class FileManager {
  constructor(private readonly vault: Vault) {}
  async trashFile(file: TAbstractFile): Promise<void> {
    await this.vault.trash(file);
  }
  async renameFile(file: TAbstractFile, newPath: string): Promise<void> {
    await this.vault.rename(file, newPath);
  }
}

type WorkspaceListener = (...args: unknown[]) => unknown;

export class Workspace {
  activeFile: TFile | null = null;
  /** Leaves of the right sidebar, in order (browser tests attach them to the page). */
  readonly leaves: WorkspaceLeaf[] = [];
  /** Every link opened (openLinkText), newest last. */
  readonly opened: { linktext: string; sourcePath: string }[] = [];
  private readonly listeners = new Map<string, Set<WorkspaceListener>>();

  constructor(private readonly app: App) {}

  getActiveFile(): TFile | null {
    return this.activeFile;
  }
  getLeavesOfType(type: string): WorkspaceLeaf[] {
    return this.leaves.filter((l) => l.view?.getViewType() === type);
  }
  getRightLeaf(_split: boolean): WorkspaceLeaf {
    const leaf = new WorkspaceLeaf(this.app);
    this.leaves.push(leaf);
    return leaf;
  }
  /** obsidian.d.ts 1.8.7:4930 "`await` this function to ensure your view has been fully loaded and is not deferred." */
  async revealLeaf(leaf: WorkspaceLeaf): Promise<void> {
    await leaf.loadIfDeferred();
  }
  /** The sidebar's leaves as the layout saves them (obsidian.d.ts 1.8.7:4760 `getLayout`), each with its view's state. */
  getLayout(): { right: ViewState[] } {
    return { right: this.leaves.map((l) => l.getViewState()) };
  }
  /**
   * What Obsidian does with the saved layout at start, once plugins are loaded: each leaf comes
   * back deferred, holding only its type and state (views.ts, DeferredView), whatever its type.
   */
  restoreLayout(layout: { right: ViewState[] }): void {
    for (const saved of layout.right) this.leaves.push(WorkspaceLeaf.deferred(this.app, saved));
  }
  removeLeaf(leaf: WorkspaceLeaf): void {
    const i = this.leaves.indexOf(leaf);
    if (i >= 0) this.leaves.splice(i, 1);
  }
  detachLeavesOfType(type: string): void {
    for (const l of this.getLeavesOfType(type)) l.detach();
  }
  async openLinkText(linktext: string, sourcePath: string): Promise<void> {
    this.opened.push({ linktext, sourcePath });
    const f = this.app.metadataCache.getFirstLinkpathDest(linktext, sourcePath);
    if (f) this.activeFile = f;
  }
  on(name: string, cb: WorkspaceListener): { name: string; cb: WorkspaceListener; source: Workspace } {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name)!.add(cb);
    return { name, cb, source: this };
  }
  offref(ref: unknown): void {
    const r = ref as { name: string; cb: WorkspaceListener };
    this.listeners.get(r.name)?.delete(r.cb);
  }
  trigger(name: string, ...args: unknown[]): void {
    for (const cb of this.listeners.get(name) ?? []) cb(...args);
  }
}

export interface StubCommand {
  id: string;
  name: string;
  callback?: () => unknown;
  checkCallback?: (checking: boolean) => boolean | void;
  hotkeys?: unknown[];
}

export class App {
  readonly metadataCache: MetadataCache;
  readonly fileManager: FileManager;
  readonly workspace: Workspace = new Workspace(this);
  /** View factories registered by plugins (registerView), by view type. */
  readonly viewFactories = new Map<string, (leaf: WorkspaceLeaf) => unknown>();
  /** Other installed plugins, as `app.plugins.plugins[id]` (tests put a fake Excalidraw plugin here). */
  readonly plugins: { plugins: Record<string, unknown> } = { plugins: {} };
  /** Commands registered by plugins, by full id, as Obsidian's command palette sees them. */
  readonly commands = new Map<string, StubCommand>();
  /** Code-block languages taken, app-wide, with the id of the plugin holding each. */
  readonly codeBlockLanguages = new Map<string, string>();

  constructor(readonly vault: Vault) {
    this.metadataCache = new MetadataCache(vault);
    this.fileManager = new FileManager(vault);
  }

  static async open(vault: Vault): Promise<App> {
    const app = new App(vault);
    await app.metadataCache.indexAll();
    return app;
  }

  /**
   * The app quits (or crashes, or the OS ends it): plugins' `onunload` is not called — the docs
   * say it "runs when the plugin is disabled" (obsidianmd/obsidian-developer-docs@29188ec
   * en/Plugins/Getting started/Anatomy of a plugin.md:20), nothing promises it at quit, and issue
   * 12 saw locks stay behind. The process is gone, so nothing it still had under way reaches the
   * disk: this vault refuses every later read and write. What survives is the files, this
   * device's localStorage (node-globals.ts) and the layout, saved as it was.
   */
  quit(): { backend: Vault['disk']; options: Vault['options']; layout: { right: ViewState[] } } {
    const layout = this.workspace.getLayout();
    this.vault.close();
    return { backend: this.vault.disk, options: this.vault.options, layout };
  }

  /** The next start over what `quit` left: a new app and vault over the same files; call `workspace.restoreLayout` once plugins are loaded. */
  static async relaunch(left: { backend: Vault['disk']; options?: Vault['options'] }): Promise<App> {
    return App.open(await Vault.open(left.backend, left.options));
  }

  /** Runs a command as the palette would: only when its check passes. */
  runCommand(id: string): boolean {
    const c = this.commands.get(id);
    if (!c) throw new Error(`no command ${id}`);
    if (c.checkCallback) {
      if (!c.checkCallback(true)) return false;
      c.checkCallback(false);
      return true;
    }
    c.callback?.();
    return true;
  }
}
