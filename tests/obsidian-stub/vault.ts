import { DataAdapter } from './adapter';
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

export interface VaultOptions {
  /**
   * The disk does not tell `Flows` from `flows` (Windows, macOS): Obsidian then refuses a second
   * spelling of an existing file or folder. obsidianmd/obsidian-api@d5b94f5 obsidian.d.ts:1929
   * (`DataAdapter.exists(…, sensitive)`: "Some file systems/operating systems are case-insensitive").
   */
  caseInsensitive?: boolean;
}

/** The backend, refusing everything once `closed()` says why (the app that owned it quit). */
function closable(inner: FileBackend, closed: () => string | null): FileBackend {
  const guard = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) => (...a: A): Promise<R> => {
    const why = closed();
    return why ? Promise.reject(new Error(why)) : fn(...a);
  };
  return {
    read: guard((p: string) => inner.read(p)),
    write: guard((p: string, t: string) => inner.write(p, t)),
    append: guard((p: string, t: string) => inner.append(p, t)),
    rename: guard((a: string, b: string) => inner.rename(a, b)),
    remove: guard((p: string) => inner.remove(p)),
    mkdir: guard((p: string) => inner.mkdir(p)),
    scan: guard(() => inner.scan()),
  };
}

const bytesOf = (text: string): number => new TextEncoder().encode(text).length;
/** A `.` segment: Obsidian does not index such files (see adapter.ts), so neither does the stand-in. */
const hidden = (path: string): boolean => path.split('/').some((s) => s.startsWith('.'));

export class Vault {
  private readonly files = new Map<string, TAbstractFile>();
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Every write, in order, with the bytes it wrote: tests read it to check what went where and how much. */
  readonly writes: { op: string; path: string; bytes: number }[] = [];
  readonly adapter: DataAdapter;

  private closedAt: string | null = null;

  /** The files themselves, as the next start of the app finds them (see App.quit). */
  readonly disk: FileBackend;

  constructor(backend: FileBackend, readonly options: VaultOptions = {}) {
    this.add(new TFolder('/'));
    this.disk = backend;
    this.backend = closable(backend, () => this.closedAt);
    this.adapter = new DataAdapter(this.backend, (op, path, bytes) => this.writes.push({ op, path, bytes }));
  }

  readonly backend: FileBackend;

  /** The app quit (App.quit): from now on every read and write fails, as in a process that is gone. */
  close(): void {
    this.closedAt = 'the app has quit';
  }

  static async open(backend: FileBackend, options: VaultOptions = {}): Promise<Vault> {
    const vault = new Vault(backend, options);
    for (const e of await backend.scan()) if (!hidden(e.path)) vault.add(e.folder ? new TFolder(e.path) : new TFile(e.path));
    return vault;
  }

  private add(f: TAbstractFile): TAbstractFile {
    f.vault = this;
    this.files.set(f.path, f);
    return f;
  }

  /** The entry `path` names on this disk: the exact one, or on a case-insensitive disk one spelled otherwise. */
  private taken(path: string): TAbstractFile | null {
    const exact = this.files.get(path);
    if (exact || !this.options.caseInsensitive) return exact ?? null;
    const lower = path.toLowerCase();
    for (const [p, f] of this.files) if (p.toLowerCase() === lower) return f;
    return null;
  }

  private wrote(op: string, file: TFile, bytes: number): void {
    this.writes.push({ op, path: file.path, bytes });
    file.stat = { ...file.stat, mtime: Date.now(), size: op === 'append' ? file.stat.size + bytes : bytes };
  }

  getRoot(): TFolder {
    return this.files.get('/') as TFolder;
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
    if (this.taken(p)) throw new Error(`File already exists.`);
    const parent = p.split('/').slice(0, -1).join('/');
    if (parent && !this.files.has(parent)) throw new Error(`Parent folder ${parent} does not exist.`);
    await this.backend.write(p, text);
    const f = this.add(new TFile(p)) as TFile;
    this.wrote('create', f, bytesOf(text));
    this.emit('create', f);
    return f;
  }

  async createFolder(path: string): Promise<TFolder> {
    const p = normalizePath(path);
    if (this.taken(p)) throw new Error('Folder already exists.');
    await this.backend.mkdir(p);
    return this.add(new TFolder(p)) as TFolder;
  }

  async modify(file: TFile, text: string): Promise<void> {
    await this.backend.write(file.path, text);
    this.wrote('modify', file, bytesOf(text));
    this.emit('modify', file);
  }

  /** Reads and rewrites the whole file (obsidian.d.ts: "Atomically read, modify, and save"). */
  async process(file: TFile, fn: (data: string) => string): Promise<string> {
    const next = fn(await this.backend.read(file.path));
    await this.backend.write(file.path, next);
    this.wrote('process', file, bytesOf(next));
    this.emit('modify', file);
    return next;
  }

  /** Adds to the end without rewriting (obsidianmd/obsidian-api@d5b94f5 obsidian.d.ts:6520). */
  async append(file: TFile, text: string): Promise<void> {
    await this.backend.append(file.path, text);
    this.wrote('append', file, bytesOf(text));
    this.emit('modify', file);
  }

  async rename(file: TAbstractFile, newPath: string): Promise<void> {
    const to = normalizePath(newPath);
    const there = this.taken(to);
    if (there && there !== file) throw new Error('Destination file already exists!');
    await this.backend.rename(file.path, to);
    this.writes.push({ op: 'rename', path: to, bytes: 0 });
    const old = file.path;
    // A folder moves with everything inside it.
    for (const [p, f] of [...this.files]) {
      if (p !== old && !p.startsWith(`${old}/`)) continue;
      this.files.delete(p);
      f.path = to + p.slice(old.length);
      this.files.set(f.path, f);
    }
    this.emit('rename', file, old);
  }

  /** For good (obsidian.d.ts:6476 "Deletes the file completely"). */
  async delete(file: TAbstractFile): Promise<void> {
    await this.remove(file, 'delete');
  }

  /**
   * Where FileManager.trashFile sends a file: the user's "Deleted files" setting (system trash,
   * `.trash`, or for good). Logged as `trash` so tests see what would land in the user's trash.
   */
  async trash(file: TAbstractFile): Promise<void> {
    await this.remove(file, 'trash');
  }

  private async remove(file: TAbstractFile, op: string): Promise<void> {
    await this.backend.remove(file.path);
    this.writes.push({ op, path: file.path, bytes: 0 });
    for (const k of [...this.files.keys()]) if (k === file.path || k.startsWith(`${file.path}/`)) this.files.delete(k);
    this.emit('delete', file);
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
