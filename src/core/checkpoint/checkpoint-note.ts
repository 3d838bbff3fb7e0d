import { linkTarget } from '../paths';
import type { CheckpointData } from './checkpoint-data';

const SNAPSHOT_HEADING = '## Snapshot';

const yamlString = (s: string): string => JSON.stringify(s);
const cell = (s: string | number): string => String(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export interface NoteMeta {
  sizeBytes: number;
  durationMs: number;
  checksum: string;
}

/**
 * Renders a checkpoint as a note a person can read (frontmatter for Dataview, state tables)
 * that also carries the exact snapshot (the ```json block, covered by `checksum`).
 */
export function renderCheckpointNote(data: CheckpointData, snapshotJson: string, meta: NoteMeta): string {
  const nameOf = (id: string): string => data.nodes[id]?.name ?? id;
  const lines: string[] = ['---'];
  lines.push(`flow: ${yamlString(`[[${linkTarget(data.drawing)}]]`)}`);
  lines.push(`drawing: ${yamlString(data.drawing)}`);
  lines.push(`checkpoint: ${data.id}`);
  lines.push(`kind: ${data.kind}`);
  lines.push(`created: ${yamlString(data.createdAt)}`);
  lines.push('offsets:');
  for (const [id, n] of Object.entries(data.offsets)) lines.push(`  ${yamlString(nameOf(id))}: ${n}`);
  lines.push(`events_processed: ${data.processed}`);
  lines.push(`size_bytes: ${meta.sizeBytes}`);
  lines.push(`duration_ms: ${meta.durationMs}`);
  lines.push(`checksum: ${yamlString(meta.checksum)}`);
  lines.push('tags: [flows/checkpoint]');
  lines.push('---', '');
  lines.push(`# Checkpoint ${data.id} of ${drawingTitle(data.drawing)}`, '');
  lines.push(`Flow [[${linkTarget(data.drawing)}]] after ${data.processed} events (${data.kind} checkpoint, ${data.createdAt}).`, '');
  lines.push('## Queues', '', '| queue | next offset |', '| --- | --- |');
  for (const [id, n] of Object.entries(data.offsets)) lines.push(`| ${cell(nameOf(id))} | ${n} |`);
  lines.push('', '## State', '');
  for (const [id, entries] of Object.entries(data.state)) {
    lines.push(`### ${cell(nameOf(id))}`, '');
    if (entries.length === 0) {
      lines.push('(empty)', '');
      continue;
    }
    lines.push('| key | value |', '| --- | --- |');
    const shown = entries.slice(0, 200);
    for (const [k, v] of shown) lines.push(`| ${cell(k)} | ${v} |`);
    if (entries.length > shown.length) lines.push('', `… and ${entries.length - shown.length} more keys (all in the snapshot below).`);
    lines.push('');
  }
  lines.push(SNAPSHOT_HEADING, '', 'The exact data to restore from. Restoring checks it against `checksum`; edits make it invalid.', '');
  lines.push('```json', snapshotJson, '```', '');
  return lines.join('\n');
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

/** Finds the snapshot block and the frontmatter fields restore needs; null when absent. */
export function parseCheckpointNote(text: string): ParsedCheckpointNote | null {
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  const field = (name: string): string | null => {
    const m = fm ? new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(fm[1]) : null;
    return m ? m[1].trim() : null;
  };
  const at = text.lastIndexOf(`\n${SNAPSHOT_HEADING}`);
  if (at < 0) return null;
  const block = /^```json\r?\n([\s\S]*?)\r?\n```/m.exec(text.slice(at));
  if (!block) return null;
  const checksumRaw = field('checksum');
  let checksum: string | null = null;
  if (checksumRaw) {
    try {
      checksum = String(JSON.parse(checksumRaw));
    } catch {
      checksum = checksumRaw;
    }
  }
  const num = (s: string | null): number | null => (s !== null && Number.isFinite(Number(s)) ? Number(s) : null);
  return { snapshotJson: block[1], checksum, sizeBytes: num(field('size_bytes')), durationMs: num(field('duration_ms')) };
}
