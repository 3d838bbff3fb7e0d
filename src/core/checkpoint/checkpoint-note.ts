import { formatNumber } from '../numbers';
import { linkTarget } from '../paths';
import { frontmatterScalar } from '../text/frontmatter';
import type { CheckpointHead, CheckpointKind } from './checkpoint-data';
import type { StatePreview } from './state-preview';

const SNAPSHOT_HEADING = '## Snapshot';
/** Longest key shown in a preview cell (the data files hold it whole). */
const MAX_CELL = 80;

const yamlString = (s: string): string => JSON.stringify(s);
const cell = (s: string | number): string => {
  const text = String(s);
  const cut = text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text;
  return cut.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
};

export interface NoteMeta {
  /** Bytes of the data files on disk. */
  sizeBytes: number;
  durationMs: number;
  checksum: string;
  /** The data files, relative to the note's folder, in order. */
  dataFiles: string[];
  /** How to point a person at a data file: a link when visible, the path when hidden. */
  dataLink(file: string): string;
}

/**
 * Renders a checkpoint note for people and Dataview: frontmatter, the queue offsets, a bounded
 * preview of each processor's state, and links to the data files that hold the exact state
 * (format v2, docs/checkpoint-format.md). The note stays a few kilobytes whatever the state.
 */
export function renderCheckpointNote(head: CheckpointHead, meta: NoteMeta, previews: StatePreview[]): string {
  const nameOf = (id: string): string => head.nodes[id]?.name ?? id;
  const lines: string[] = ['---'];
  lines.push(`flow: ${yamlString(`[[${linkTarget(head.drawing)}]]`)}`);
  lines.push(`drawing: ${yamlString(head.drawing)}`);
  lines.push(`checkpoint: ${head.id}`);
  lines.push(`kind: ${head.kind}`);
  if (head.parent !== undefined) lines.push(`parent: ${head.parent}`, `base: ${head.base ?? head.parent}`);
  lines.push(`created: ${yamlString(head.createdAt)}`);
  if (head.run) lines.push(`run: ${yamlString(head.run)}`);
  // A restore's copy of an older checkpoint: the checkpoints between the two were left behind (FlowSession.restoreFrom).
  if (head.restoredFrom !== undefined) lines.push(`restored_from: ${head.restoredFrom}`);
  lines.push('offsets:');
  for (const [id, n] of Object.entries(head.offsets)) lines.push(`  ${yamlString(nameOf(id))}: ${n}`);
  lines.push(`events_processed: ${head.processed}`);
  lines.push(`keys: ${previews.reduce((n, p) => n + p.totalKeys, 0)}`);
  const changed = previews.every((p) => p.changedKeys !== null) ? previews.reduce((n, p) => n + (p.changedKeys ?? 0), 0) : null;
  if (changed !== null) lines.push(`keys_changed: ${changed}`);
  lines.push(`size_bytes: ${meta.sizeBytes}`);
  lines.push(`duration_ms: ${meta.durationMs}`);
  lines.push(`format: ${yamlString(head.format)}`);
  lines.push(`data_files: ${JSON.stringify(meta.dataFiles)}`);
  lines.push(`checksum: ${yamlString(meta.checksum)}`);
  lines.push('tags: [flows/checkpoint]');
  lines.push('---', '');
  lines.push(`# Checkpoint ${head.id} of ${drawingTitle(head.drawing)}`, '');
  lines.push(`Flow [[${linkTarget(head.drawing)}]] after ${head.processed} events (${describeKind(head)}, ${head.createdAt}).`, '');
  lines.push('## Queues', '', '| queue | next offset |', '| --- | --- |');
  for (const [id, n] of Object.entries(head.offsets)) lines.push(`| ${cell(nameOf(id))} | ${n} |`);
  lines.push('', head.kind === 'incremental' ? '## Changed state' : '## State', '');
  for (const p of previews) renderPreview(lines, head.kind, nameOf(p.id), p);
  lines.push('## Data', '');
  const files = meta.dataFiles.map((f) => meta.dataLink(f)).join(', ');
  lines.push(`The exact state to restore from: ${files} (${meta.sizeBytes} bytes, compressed). Restoring checks it against \`checksum\`; edits make it invalid.`, '');
  return lines.join('\n');
}

function table(lines: string[], rows: [string, number][]): void {
  lines.push('| key | value |', '| --- | --- |');
  for (const [k, v] of rows) lines.push(`| ${cell(k)} | ${formatNumber(v)} |`);
  lines.push('');
}

function renderPreview(lines: string[], kind: CheckpointKind, name: string, p: StatePreview): void {
  lines.push(`### ${cell(name)}`, '');
  const since = p.changedKeys === null ? `${p.totalKeys} keys.` : `${p.changedKeys} of ${p.totalKeys} keys changed since the previous checkpoint.`;
  lines.push(since, '');
  if (p.written === 0) {
    lines.push(kind === 'incremental' ? '(nothing changed)' : '(empty)', '');
    return;
  }
  const what = kind === 'incremental' ? 'changed keys' : 'keys';
  lines.push(`First ${what}:`, '');
  table(lines, p.first);
  // Each key is shown once: in the first table it appears in (first, most-changed, largest).
  const shownKeys = new Set(p.first.map(([k]) => k));
  const moved = (p.mostChanged ?? []).filter(([k]) => !shownKeys.has(k));
  if (moved.length > 0) {
    lines.push('Most-changed keys since the previous checkpoint (by how far the value moved; a new key counts from 0):', '');
    lines.push('| key | value | change |', '| --- | --- | --- |');
    for (const [k, v, by] of moved) lines.push(`| ${cell(k)} | ${formatNumber(v)} | ${formatNumber(by)} |`);
    lines.push('');
    for (const [k] of moved) shownKeys.add(k);
  }
  const largest = p.largest.filter(([k]) => !shownKeys.has(k));
  if (largest.length > 0) {
    lines.push(`Largest values among the ${what}:`, '');
    table(lines, largest);
  }
  // Every key shown is one the checkpoint wrote (a most-changed key is in a full one's state and a delta's changes).
  const shown = p.first.length + moved.length + largest.length;
  if (p.written > shown) lines.push(`… and ${p.written - shown} more ${what} (all in the data files).`, '');
}

function describeKind(head: CheckpointHead): string {
  if (head.kind === 'incremental') return `incremental checkpoint over checkpoint ${head.parent}, base ${head.base}`;
  return head.kind === 'manual' ? 'manual checkpoint' : 'full checkpoint';
}

function drawingTitle(path: string): string {
  return (path.split('/').pop() ?? path).replace(/(\.excalidraw)?\.md$/i, '');
}

export type ParsedCheckpointNote = {
  checksum: string | null;
  sizeBytes: number | null;
  durationMs: number | null;
} & ({ version: 1; snapshotJson: string } | { version: 2; dataFiles: string[] });

/** Reads one top-level scalar of the frontmatter (`name: value`), unquoting JSON strings. */
export function frontmatterField(text: string, name: string): string | null {
  return frontmatterScalar(text, name);
}

const num = (s: string | null): number | null => (s !== null && s !== '' && Number.isFinite(Number(s)) ? Number(s) : null);

/**
 * The body of the first ```json fence that starts a line after `from`, up to the next line
 * starting with ```; by string search (a regular expression retried at every line start of a
 * hand-edited note could go quadratic).
 */
function jsonBlockAfter(text: string, from: number): string | null {
  for (let open = text.indexOf('\n```json', from); open >= 0; open = text.indexOf('\n```json', open + 1)) {
    const after = open + 8;
    const bodyStart = text.startsWith('\n', after) ? after + 1 : text.startsWith('\r\n', after) ? after + 2 : -1;
    if (bodyStart < 0) continue;
    const close = text.indexOf('\n```', bodyStart);
    if (close < 0) return null;
    const body = text.slice(bodyStart, Math.max(bodyStart, close));
    return body.endsWith('\r') ? body.slice(0, -1) : body;
  }
  return null;
}

function dataFilesOf(text: string): string[] | null {
  const raw = frontmatterField(text, 'data_files');
  if (raw === null) return null;
  try {
    const files: unknown = JSON.parse(raw);
    return Array.isArray(files) && files.length > 0 && files.every((f) => typeof f === 'string') ? files : null;
  } catch {
    return null;
  }
}

/**
 * Finds what restore needs in a note: the data files (v2) or, in a note written by 0.1, the
 * ```json snapshot block; null when neither is there (truncated or edited).
 */
export function parseCheckpointNote(text: string): ParsedCheckpointNote | null {
  const common = { checksum: frontmatterField(text, 'checksum'), sizeBytes: num(frontmatterField(text, 'size_bytes')), durationMs: num(frontmatterField(text, 'duration_ms')) };
  const dataFiles = dataFilesOf(text);
  if (dataFiles) return { ...common, version: 2, dataFiles };
  const at = text.lastIndexOf(`\n${SNAPSHOT_HEADING}`);
  if (at < 0) return null;
  const snapshotJson = jsonBlockAfter(text, at);
  if (snapshotJson === null) return null;
  return { ...common, version: 1, snapshotJson };
}

/** The older checkpoint a note is a restore's copy of (`restored_from`), or null. */
export function restoredFromOf(text: string): number | null {
  return num(frontmatterField(text, 'restored_from'));
}

/** The frontmatter facts retention needs (kind and parent), without verifying the snapshot. */
export function parseCheckpointHeader(text: string): { kind: CheckpointKind | null; parent: number | null } {
  const kind = frontmatterField(text, 'kind');
  return { kind: kind === 'full' || kind === 'incremental' || kind === 'manual' ? kind : null, parent: num(frontmatterField(text, 'parent')) };
}
