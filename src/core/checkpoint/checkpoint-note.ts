import { formatNumber } from '../numbers';
import { linkTarget } from '../paths';
import type { CheckpointHead, CheckpointKind } from './checkpoint-data';

const SNAPSHOT_HEADING = '## Snapshot';
/** Rows rendered per processor: the note stays readable however big the state is. */
export const MAX_TABLE_ROWS = 200;

const yamlString = (s: string): string => JSON.stringify(s);
const cell = (s: string | number): string => String(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export interface NoteMeta {
  sizeBytes: number;
  durationMs: number;
  checksum: string;
}

/** What the note shows of one processor's state (the snapshot block holds the rest). */
export interface StatePreview {
  id: string;
  totalKeys: number;
  /** Keys changed since the previous checkpoint; null when unknown (first one, or after a restore). */
  changedKeys: number | null;
  /** Up to MAX_TABLE_ROWS rows: every key for a full checkpoint, the changed keys for an incremental one. */
  rows: [string, number][];
}

/**
 * Renders a checkpoint as a note a person can read (frontmatter for Dataview, state tables,
 * what changed since the previous checkpoint) that also carries the exact snapshot (the
 * ```json block, covered by `checksum`).
 */
export function renderCheckpointNote(head: CheckpointHead, snapshotJson: string, meta: NoteMeta, previews: StatePreview[]): string {
  const nameOf = (id: string): string => head.nodes[id]?.name ?? id;
  const lines: string[] = ['---'];
  lines.push(`flow: ${yamlString(`[[${linkTarget(head.drawing)}]]`)}`);
  lines.push(`drawing: ${yamlString(head.drawing)}`);
  lines.push(`checkpoint: ${head.id}`);
  lines.push(`kind: ${head.kind}`);
  if (head.parent !== undefined) lines.push(`parent: ${head.parent}`, `base: ${head.base ?? head.parent}`);
  lines.push(`created: ${yamlString(head.createdAt)}`);
  if (head.run) lines.push(`run: ${yamlString(head.run)}`);
  lines.push('offsets:');
  for (const [id, n] of Object.entries(head.offsets)) lines.push(`  ${yamlString(nameOf(id))}: ${n}`);
  lines.push(`events_processed: ${head.processed}`);
  const changed = previews.every((p) => p.changedKeys !== null) ? previews.reduce((n, p) => n + (p.changedKeys ?? 0), 0) : null;
  if (changed !== null) lines.push(`keys_changed: ${changed}`);
  lines.push(`size_bytes: ${meta.sizeBytes}`);
  lines.push(`duration_ms: ${meta.durationMs}`);
  lines.push(`checksum: ${yamlString(meta.checksum)}`);
  lines.push('tags: [flows/checkpoint]');
  lines.push('---', '');
  lines.push(`# Checkpoint ${head.id} of ${drawingTitle(head.drawing)}`, '');
  lines.push(`Flow [[${linkTarget(head.drawing)}]] after ${head.processed} events (${describeKind(head)}, ${head.createdAt}).`, '');
  lines.push('## Queues', '', '| queue | next offset |', '| --- | --- |');
  for (const [id, n] of Object.entries(head.offsets)) lines.push(`| ${cell(nameOf(id))} | ${n} |`);
  lines.push('', head.kind === 'incremental' ? '## Changed state' : '## State', '');
  for (const p of previews) renderPreview(lines, head.kind, nameOf(p.id), p);
  lines.push(SNAPSHOT_HEADING, '', 'The exact data to restore from. Restoring checks it against `checksum`; edits make it invalid.', '');
  lines.push('```json', snapshotJson, '```', '');
  return lines.join('\n');
}

function renderPreview(lines: string[], kind: CheckpointKind, name: string, p: StatePreview): void {
  lines.push(`### ${cell(name)}`, '');
  const since = p.changedKeys === null ? '' : `${p.changedKeys} of ${p.totalKeys} keys changed since the previous checkpoint.`;
  if (since) lines.push(since, '');
  const listed = kind === 'incremental' ? (p.changedKeys ?? p.rows.length) : p.totalKeys;
  if (p.rows.length === 0) {
    lines.push(kind === 'incremental' ? '(nothing changed)' : '(empty)', '');
    return;
  }
  lines.push('| key | value |', '| --- | --- |');
  for (const [k, v] of p.rows) lines.push(`| ${cell(k)} | ${formatNumber(v)} |`);
  if (listed > p.rows.length) lines.push('', `… and ${listed - p.rows.length} more keys (all in the snapshot below).`);
  lines.push('');
}

function describeKind(head: CheckpointHead): string {
  if (head.kind === 'incremental') return `incremental checkpoint over checkpoint ${head.parent}, base ${head.base}`;
  return head.kind === 'manual' ? 'manual checkpoint' : 'full checkpoint';
}

function drawingTitle(path: string): string {
  return (path.split('/').pop() ?? path).replace(/(\.excalidraw)?\.md$/i, '');
}

export interface ParsedCheckpointNote {
  snapshotJson: string;
  checksum: string | null;
  sizeBytes: number | null;
  durationMs: number | null;
}

/** Reads one top-level scalar of the frontmatter (`name: value`), unquoting JSON strings. */
export function frontmatterField(text: string, name: string): string | null {
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  const m = fm ? new RegExp(`^${name}:[ \\t]*(.*)$`, 'm').exec(fm[1]) : null;
  if (!m) return null;
  const raw = m[1].trim();
  if (!raw.startsWith('"')) return raw;
  try {
    return String(JSON.parse(raw));
  } catch {
    return raw;
  }
}

const num = (s: string | null): number | null => (s !== null && s !== '' && Number.isFinite(Number(s)) ? Number(s) : null);

/** Finds the snapshot block and the frontmatter fields restore needs; null when absent. */
export function parseCheckpointNote(text: string): ParsedCheckpointNote | null {
  const at = text.lastIndexOf(`\n${SNAPSHOT_HEADING}`);
  if (at < 0) return null;
  const block = /^```json\r?\n([\s\S]*?)\r?\n```/m.exec(text.slice(at));
  if (!block) return null;
  return { snapshotJson: block[1], checksum: frontmatterField(text, 'checksum'), sizeBytes: num(frontmatterField(text, 'size_bytes')), durationMs: num(frontmatterField(text, 'duration_ms')) };
}

/** The frontmatter facts retention needs (kind and parent), without verifying the snapshot. */
export function parseCheckpointHeader(text: string): { kind: CheckpointKind | null; parent: number | null } {
  const kind = frontmatterField(text, 'kind');
  return { kind: kind === 'full' || kind === 'incremental' || kind === 'manual' ? kind : null, parent: num(frontmatterField(text, 'parent')) };
}
