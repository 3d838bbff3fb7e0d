import { isSpaceCode, trimWhere } from './text/scan';

/**
 * Every path the core builds goes through here, so names taken from drawings, sinks and
 * events (which anyone may have written) always become safe path segments inside the flows
 * folder: never `..`, never absolute, never a character Obsidian or a file system rejects,
 * and never two names that differ only by case or Unicode form mapping to the same file.
 */

// Characters Windows, macOS, Linux or Obsidian links reject or misread.
const UNSAFE = /[\\/:*?"<>|#^[\]\p{Cc}]/gu;
const MAX_SEGMENT = 80;

/** A readable, safe single path segment: `orders: EU/US` → `orders- EU-US`. */
export function safeSegment(name: string): string {
  let s = name.normalize('NFC').replace(/\s+/g, ' ').replace(UNSAFE, '-').trim();
  // Leading dots would hide the file (and `..` climb out); trailing dots and spaces vanish on Windows.
  s = trimWhere(s, (c) => c === 46 || isSpaceCode(c));
  if ([...s].length > MAX_SEGMENT) s = [...s].slice(0, MAX_SEGMENT).join('').trim();
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(s)) s = `${s}-`;
  return s || 'untitled';
}

/** Joins vault-relative segments with `/`, dropping empty ones and `.`; `..` can never survive. */
export function joinPath(...parts: string[]): string {
  return parts
    .flatMap((p) => p.split('/'))
    .filter((p) => p !== '' && p !== '.')
    .map((p) => (p === '..' ? '-' : p))
    .join('/');
}

/** `Drawings/checkpointing.excalidraw.md` → `checkpointing`. */
export function drawingBaseName(drawingPath: string): string {
  const file = drawingPath.split('/').pop() ?? drawingPath;
  return file.replace(/(\.excalidraw)?\.(md|excalidraw|canvas|json)$/i, '').replace(/\.excalidraw$/i, '') || file;
}

/** Obsidian link text for a vault file (without the `.md` Obsidian omits). */
export function linkTarget(path: string): string {
  return path.replace(/\.md$/i, '');
}

/** Short stable hash (FNV-1a) to tell apart names that fold to the same file name. */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36).slice(0, 5);
}

/**
 * Hands out one file name per node, stable in call order. Keyed by the node's element id, so
 * two sinks both named `out log` get two notes; `Out` and `out` (or `é` composed and
 * decomposed) would be one file on a case-insensitive disk, so a later one gets a short hash
 * of its id and name appended (again, until the name is free).
 */
export class UniqueNames {
  private readonly byId = new Map<string, string>();
  private readonly taken = new Set<string>();

  get(name: string, id: string = name): string {
    const known = this.byId.get(id);
    if (known) return known;
    const fold = (s: string): string => s.normalize('NFC').toLowerCase();
    const base = safeSegment(name);
    let seg = base;
    for (let salt = ''; this.taken.has(fold(seg)); salt += '+') seg = `${base} ${shortHash(`${id}\u0000${name}${salt}`)}`;
    this.taken.add(fold(seg));
    this.byId.set(id, seg);
    return seg;
  }
}

/**
 * A segment that no other name maps to: `safeSegment(name)`, with a short hash of the real
 * name added whenever the safe form is not the name itself (characters replaced, cut short,
 * spaces folded), so `a:b` and `a-b` never share a folder.
 */
function exactSegment(name: string, mustHash = false): string {
  const seg = safeSegment(name);
  return seg === name && !mustHash ? seg : `${seg} ${shortHash(name)}`;
}

const CANONICAL = /\.excalidraw\.md$/i;

/**
 * The drawing's own folder under the flows folder, unique per drawing file, extension and all:
 * `flow.excalidraw.md` (the Excalidraw plugin's format) → `flow`; any other file keeps its
 * whole name, `flow.excalidraw` → `flow.excalidraw`. A hash of the file name is added when the
 * short form could be another file's (a dot left in a `.excalidraw.md` name, no extension at
 * all, characters made safe), so two drawings never share checkpoints, sinks or queues.
 */
export function drawingFolderSegment(fileName: string): string {
  if (CANONICAL.test(fileName)) {
    const base = fileName.replace(CANONICAL, '');
    return exactSegment(base || fileName, base.includes('.') || base === '');
  }
  return exactSegment(fileName, !fileName.includes('.'));
}

export interface FlowPaths {
  /** `Flows/<drawing's folders>/<drawing name>` */
  root: string;
  checkpoints: string;
  sinks: string;
  queues: string;
  checkpointNote(id: number): string;
  /** Where checkpoint data files go: beside the notes, or in a hidden folder Sync leaves alone. */
  checkpointData: string;
  /** Part `part` (from 1) of checkpoint `id`'s data. */
  checkpointDataFile(id: number, part: number): string;
  /** A sink's note, one per element id (`id` defaults to the name for callers that have none). */
  sinkNote(sinkName: string, id?: string): string;
  queueLog(sourceName: string, id?: string): string;
  /**
   * The segment file (queue-segment.ts) of queue note `queueNote` whose first event is at
   * `first`: in `<queue>.segments/`, beside the note or in the hidden data folder.
   */
  queueSegment(queueNote: string, first: number): string;
}

/**
 * Where a drawing's run writes. The drawing's own folders are mirrored under the flows folder,
 * so `a/flow.excalidraw.md` and `b/flow.excalidraw.md` never share checkpoints; each mirrored
 * segment is unique to its real name (see drawingFolderSegment).
 */
export interface PathOptions {
  /**
   * Data files (checkpoint data, queue segments) in hidden `.data` folders: Obsidian does not
   * index them and Sync never carries them (it skips every path with a `.` segment). Default:
   * visible, so Sync carries them with their notes (Markdown always syncs).
   */
  hiddenData?: boolean;
}

/** The data folder beside `folder`: the folder itself, or its hidden `.data` sub-folder. */
export function dataFolderOf(folder: string, opts: PathOptions): string {
  return opts.hiddenData ? joinPath(folder, '.data') : folder;
}

export function flowPaths(flowsFolder: string, drawingPath: string, opts: PathOptions = {}): FlowPaths {
  const parts = drawingPath.split('/').filter((p) => p !== '');
  const folders = parts.slice(0, -1).map((f) => exactSegment(f));
  // A nested flows folder (`Archive/Flows`) stays nested: each of its segments is made safe on its own.
  const flows = (flowsFolder || 'Flows').split('/').filter((s) => s.trim() !== '').map((s) => safeSegment(s));
  return flowPathsAt(joinPath(...(flows.length ? flows : ['Flows']), ...folders, drawingFolderSegment(parts.at(-1) ?? drawingPath)), opts);
}

/**
 * The folder 0.1 gave a drawing: its base name without any extension and each folder made safe
 * without a hash. Two drawing files could share it (`flow.excalidraw` and `flow.excalidraw.md`),
 * which is why flowPaths no longer gives it; a 0.1 run found there is still resumed (see
 * resumeRoot in src/core/run/run-folder.ts).
 */
export function legacyFlowsRoot(flowsFolder: string, drawingPath: string): string {
  const folders = drawingPath.split('/').slice(0, -1).map(safeSegment);
  return joinPath(safeSegment(flowsFolder || 'Flows'), ...folders, safeSegment(drawingBaseName(drawingPath)));
}

/** The paths of a run whose folder is `root` (flowPaths', or a 0.1 run's legacy folder). */
export function flowPathsAt(root: string, opts: PathOptions = {}): FlowPaths {
  const checkpoints = joinPath(root, 'checkpoints');
  const sinks = joinPath(root, 'sinks');
  const queues = joinPath(root, 'queues');
  const checkpointData = dataFolderOf(checkpoints, opts);
  const idText = (id: number): string => String(id).padStart(4, '0');
  const sinkNames = new UniqueNames();
  const queueNames = new UniqueNames();
  return {
    root,
    checkpoints,
    sinks,
    queues,
    checkpointNote: (id) => joinPath(checkpoints, `checkpoint-${idText(id)}.md`),
    checkpointData,
    checkpointDataFile: (id, part) => joinPath(checkpointData, `checkpoint-${idText(id)}.data${part > 1 ? `-${part}` : ''}.md`),
    sinkNote: (name, id) => joinPath(sinks, `${sinkNames.get(name, id)}.md`),
    queueLog: (name, id) => joinPath(queues, `${queueNames.get(name, id)}.md`),
    // A folder, not a name beside the notes: no queue's name can be another's segment file.
    queueSegment: (note, first) => joinPath(dataFolderOf(queues, opts), `${(note.split('/').pop() ?? note).replace(/\.md$/, '')}.segments`, `seg-${String(first).padStart(12, '0')}.md`),
  };
}

/** True when `path` lies inside `folder` (both vault-relative): the last guard before any write. */
export function isInside(folder: string, path: string): boolean {
  const f = joinPath(folder);
  const p = joinPath(path);
  return p.startsWith(`${f}/`) && !p.split('/').includes('..');
}

/**
 * Whether a `.tmp` file is one of ours, left by an atomic write a kill cut short: the temporary
 * name of one of our notes (`checkpoint-0002.md.flows-4242.tmp` from the command line, older
 * `….md.4242.tmp`, `….md.tmp` from the plugin). Anything else ending in `.tmp` belongs to
 * someone else and is never removed.
 */
export function isOwnTempFile(path: string): boolean {
  return /\.md\.(?:(?:flows-)?\d+(?:[.-][a-z0-9]{1,12})?\.)?tmp$/.test(path);
}
