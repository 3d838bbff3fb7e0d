import { sha256Hex } from '../checkpoint/checksum';
import { FlowInputError } from '../diagnostics';
import type { EventSpec } from '../graph/flow-graph';
import { frontmatterBody, frontmatterRaw } from '../text/frontmatter';
import { renderQueueRows } from './queue-file';

/**
 * An `--events` import is all or nothing, and happens once per run (README "What a run writes"):
 *
 * - its rows and the record that it happened reach the queue note in one atomic write (the note
 *   is written whole to a temporary file and renamed), never as a series of appends a kill could
 *   cut in the middle of: after a kill the note holds all of the file's events or none of them;
 * - the record is the import's fingerprint (SHA-256 of its rows, whatever their offsets) in the
 *   queue note's frontmatter (`imports:`), so `--resume --events <the same file>` finds it there
 *   and does not append the events a second time.
 */

/** The fingerprint of a batch of events: their rows' text hashed, with the count (`sha256:<hex>/<count>`). */
export async function importId(events: readonly EventSpec[]): Promise<string> {
  const rows = renderQueueRows(0, events.map((e) => e.key), events.map((e) => e.value));
  return `sha256:${await sha256Hex(rows)}/${events.length}`;
}

/** The imports a queue note records (its frontmatter's `imports: [...]`), in order. */
export function queueImports(text: string): string[] {
  const raw = frontmatterRaw(text, 'imports');
  if (raw === null) return [];
  try {
    const list: unknown = JSON.parse(raw);
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** The queue note's text with `id` added to its `imports:` (the line written, or replaced, in the frontmatter). */
export function withImport(text: string, id: string, path: string): string {
  const body = frontmatterBody(text);
  if (body === null) throw new FlowInputError(`${path} has no frontmatter; the queue log was edited or damaged`, path);
  const start = text.startsWith('---\r\n') ? 5 : 4;
  const lines = body.split('\n').filter((l) => !l.startsWith('imports:'));
  lines.push(`imports: ${JSON.stringify([...queueImports(text), id])}`);
  return text.slice(0, start) + lines.join('\n') + text.slice(start + body.length);
}
