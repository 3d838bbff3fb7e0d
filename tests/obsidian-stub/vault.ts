import type { FileBackend } from './file-backend';

/** The minimal slice of Obsidian's file model the plugin uses, over a real folder. */
export class TAbstractFile {
  vault!: Vault;
  parent: TFolder | null = null;
  constructor(public path: string) {}
  get name(): string {
    return this.path.split('/').pop() ?? this.path;
  }
}

export class TFile extends TAbstractFile {
  stat = { ctime: 0, mtime: 0, size: 0 };
  get extension(): string {
    const i = this.name.lastIndexOf('.');
    return i < 0 ? '' : this.name.slice(i + 1);
  }
  get basename(): string {
    const i = this.name.lastIndexOf('.');
    return i < 0 ? this.name : this.name.slice(0, i);
  }
}

export class TFolder extends TAbstractFile {
  get children(): TAbstractFile[] {
    return this.vault.childrenOf(this.path);
  }
  isRoot(): boolean {
    return this.path === '/';
  }
}

export function normalizePath(p: string): string {
  const s = p.replace(/\\/g, '/').replace(/\/+/g, '/').replace(/^\/|\/$/g, '').normalize('NFC');
  return s === '' ? '/' : s;
}

type Listener = (...args: unknown[]) => void;

export class Vault {
  private readonly files = new Map<string, TAbstractFile>();
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Every write, in order: tests read it to check what went through the Vault API. */
  readonly writes: { op: string; path: string }[] = [];

  constructor(readonly backend: FileBackend) {
    this.add(new TFolder('/'));
  }

  static async open(backend: FileBackend): Promise<Vault> {
    const vault = new Vault(backend);
    for (const e of await backend.scan()) vault.add(e.folder ? new TFolder(e.path) : new TFile(e.path));
    return vault;
  }

  private add(f: TAbstractFile): TAbstractFile {
    f.vault = this;
    this.files.set(f.path, f);
    return f;
  }

  childrenOf(folder: string): TAbstractFile[] {
    const prefix = folder === '/' ? '' : `${folder}/`;
    return [...this.files.values()].filter((f) => f.path !== '/' && f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes('/'));
  }

  getAbstractFileByPath(path: string): TAbstractFile | null {
    return this.files.get(normalizePath(path)) ?? null;
  }

  getFileByPath(path: string): TFile | null {
    const f = this.getAbstractFileByPath(path);
    return f instanceof TFile ? f : null;
  }

  getMarkdownFiles(): TFile[] {
    return [...this.files.values()].filter((f): f is TFile => f instanceof TFile && f.extension === 'md');
  }

  getFiles(): TFile[] {
    return [...this.files.values()].filter((f): f is TFile => f instanceof TFile);
  }

  read(file: TFile): Promise<string> {
    return this.backend.read(file.path);
  }

  cachedRead(file: TFile): Promise<string> {
    return this.backend.read(file.path);
  }

  async create(path: string, text: string): Promise<TFile> {
    const p = normalizePath(path);
    if (this.files.has(p)) throw new Error(`File already exists.`);
    const parent = p.split('/').slice(0, -1).join('/');
    if (parent && !this.files.has(parent)) throw new Error(`Parent folder ${parent} does not exist.`);
    await this.backend.write(p, text);
    this.writes.push({ op: 'create', path: p });
    const f = this.add(new TFile(p)) as TFile;
    this.emit('create', f);
    return f;
  }

  async createFolder(path: string): Promise<TFolder> {
    const p = normalizePath(path);
    if (this.files.has(p)) throw new Error('Folder already exists.');
    await this.backend.mkdir(p);
    return this.add(new TFolder(p)) as TFolder;
  }

  async modify(file: TFile, text: string): Promise<void> {
    await this.backend.write(file.path, text);
    this.writes.push({ op: 'modify', path: file.path });
    this.emit('modify', file);
  }

  async process(file: TFile, fn: (data: string) => string): Promise<string> {
    const next = fn(await this.backend.read(file.path));
    await this.backend.write(file.path, next);
    this.writes.push({ op: 'process', path: file.path });
    this.emit('modify', file);
    return next;
  }

  async append(file: TFile, text: string): Promise<void> {
    await this.process(file, (old) => old + text);
  }

  async rename(file: TAbstractFile, newPath: string): Promise<void> {
    const to = normalizePath(newPath);
    if (this.files.has(to)) throw new Error('Destination file already exists!');
    await this.backend.rename(file.path, to);
    this.writes.push({ op: 'rename', path: to });
    const old = file.path;
    this.files.delete(old);
    file.path = to;
    this.files.set(to, file);
    this.emit('rename', file, old);
  }

  async delete(file: TAbstractFile): Promise<void> {
    await this.backend.remove(file.path);
    this.writes.push({ op: 'delete', path: file.path });
    for (const k of [...this.files.keys()]) if (k === file.path || k.startsWith(`${file.path}/`)) this.files.delete(k);
    this.emit('delete', file);
  }

  async trash(file: TAbstractFile): Promise<void> {
    await this.delete(file);
  }

  on(name: string, cb: Listener): { name: string; cb: Listener } {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name)!.add(cb);
    return { name, cb };
  }

  offref(ref: { name: string; cb: Listener }): void {
    this.listeners.get(ref.name)?.delete(ref.cb);
  }

  private emit(name: string, ...args: unknown[]): void {
    for (const cb of this.listeners.get(name) ?? []) cb(...args);
  }
}
