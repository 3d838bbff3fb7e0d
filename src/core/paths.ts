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
  s = s.replace(/^[.\s]+|[.\s]+$/g, '');
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
 * Hands out one file name per distinct name, stable in call order: `Out` and `out` (or `é`
 * composed and decomposed) would be one file on a case-insensitive disk, so the second gets a
 * short hash of its own name appended.
 */
export class UniqueNames {
  private readonly byName = new Map<string, string>();
  private readonly taken = new Set<string>();

  get(name: string): string {
    const known = this.byName.get(name);
    if (known) return known;
    let seg = safeSegment(name);
    const fold = (s: string): string => s.normalize('NFC').toLowerCase();
    if (this.taken.has(fold(seg))) seg = `${seg} ${shortHash(name)}`;
    this.taken.add(fold(seg));
    this.byName.set(name, seg);
    return seg;
  }
}

export interface FlowPaths {
  /** `Flows/<drawing's folders>/<drawing name>` */
  root: string;
  checkpoints: string;
  sinks: string;
  queues: string;
  checkpointNote(id: number): string;
  sinkNote(sinkName: string): string;
  queueLog(sourceName: string): string;
}

/**
 * Where a drawing's run writes. The drawing's own folders are mirrored under the flows folder,
 * so `a/flow.excalidraw.md` and `b/flow.excalidraw.md` never share checkpoints.
 */
export function flowPaths(flowsFolder: string, drawingPath: string): FlowPaths {
  const folders = drawingPath.split('/').slice(0, -1).map(safeSegment);
  const root = joinPath(safeSegment(flowsFolder || 'Flows'), ...folders, safeSegment(drawingBaseName(drawingPath)));
  const checkpoints = joinPath(root, 'checkpoints');
  const sinks = joinPath(root, 'sinks');
  const queues = joinPath(root, 'queues');
  const sinkNames = new UniqueNames();
  const queueNames = new UniqueNames();
  return {
    root,
    checkpoints,
    sinks,
    queues,
    checkpointNote: (id) => joinPath(checkpoints, `checkpoint-${String(id).padStart(4, '0')}.md`),
    sinkNote: (name) => joinPath(sinks, `${sinkNames.get(name)}.md`),
    queueLog: (name) => joinPath(queues, `${queueNames.get(name)}.md`),
  };
}

/** True when `path` lies inside `folder` (both vault-relative): the last guard before any write. */
export function isInside(folder: string, path: string): boolean {
  const f = joinPath(folder);
  const p = joinPath(path);
  return p.startsWith(`${f}/`) && !p.split('/').includes('..');
}
