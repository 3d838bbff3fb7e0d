import { TFile, Vault, normalizePath, type TAbstractFile } from './vault';

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

export class MetadataCache {
  private readonly cache = new Map<string, { frontmatter?: Record<string, unknown> }>();
  constructor(private readonly vault: Vault) {
    const refresh = (f: unknown): void => {
      if (f instanceof TFile && f.extension === 'md') void this.index(f);
    };
    vault.on('create', refresh);
    vault.on('modify', refresh);
    vault.on('rename', refresh);
  }
  async index(file: TFile): Promise<void> {
    this.cache.set(file.path, { frontmatter: parseFrontmatter(await this.vault.read(file)) });
  }
  async indexAll(): Promise<void> {
    for (const f of this.vault.getMarkdownFiles()) await this.index(f);
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

export class Workspace {
  activeFile: TFile | null = null;
  getActiveFile(): TFile | null {
    return this.activeFile;
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
  readonly workspace = new Workspace();
  /** Commands registered by plugins, by full id, as Obsidian's command palette sees them. */
  readonly commands = new Map<string, StubCommand>();

  constructor(readonly vault: Vault) {
    this.metadataCache = new MetadataCache(vault);
    this.fileManager = new FileManager(vault);
  }

  static async open(vault: Vault): Promise<App> {
    const app = new App(vault);
    await app.metadataCache.indexAll();
    return app;
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
