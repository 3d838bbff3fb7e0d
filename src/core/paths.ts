/**
 * Every path the core builds goes through here, so names taken from drawings (which anyone
 * may have written) always become one safe path segment inside the flows folder.
 */

const UNSAFE = /[\\/:*?"<>|#^[\]\p{Cc}]/gu;
const MAX_SEGMENT = 80;

/** A readable, safe single path segment: `orders: EU/US` → `orders- EU-US`. */
export function safeSegment(name: string): string {
  let s = name.normalize('NFC').replace(UNSAFE, '-').replace(/\s+/g, ' ').trim();
  s = s.replace(/^[.\s]+|[.\s]+$/g, '');
  if (s.length > MAX_SEGMENT) s = s.slice(0, MAX_SEGMENT).trim();
  return s || 'untitled';
}

/** Joins vault-relative segments with `/`, dropping empty ones and `.` (never produces `..`). */
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

export interface FlowPaths {
  /** `Flows/<drawing name>` */
  root: string;
  checkpoints: string;
  sinks: string;
  queues: string;
  checkpointNote(id: number): string;
  sinkNote(sinkName: string): string;
}

export function flowPaths(flowsFolder: string, drawingPath: string): FlowPaths {
  const root = joinPath(safeSegment(flowsFolder || 'Flows'), safeSegment(drawingBaseName(drawingPath)));
  const checkpoints = joinPath(root, 'checkpoints');
  const sinks = joinPath(root, 'sinks');
  return {
    root,
    checkpoints,
    sinks,
    queues: joinPath(root, 'queues'),
    checkpointNote: (id) => joinPath(checkpoints, `checkpoint-${String(id).padStart(4, '0')}.md`),
    sinkNote: (name) => joinPath(sinks, `${safeSegment(name)}.md`),
  };
}
