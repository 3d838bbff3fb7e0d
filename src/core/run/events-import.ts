import { sha256HexOfBytes } from '../checkpoint/checksum';
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

/** Rows rendered (and encoded) at a time: a few hundred kilobytes of text, never the whole import. */
const ROWS_PER_CHUNK = 8192;

/**
 * The fingerprint of a batch of events: their rows' text hashed, with the count
 * (`sha256:<hex>/<count>`). The rows are rendered a chunk at a time into one buffer of exactly
 * their UTF-8 size (counted in a first pass), so a million-event import holds its bytes once,
 * not also as one long string and the string's copies. The hash is that of the whole rows text,
 * as before: imports recorded by earlier versions are recognised.
 */
export async function importId(events: readonly EventSpec[]): Promise<string> {
  const chunk = (from: number): string => {
    const to = Math.min(events.length, from + ROWS_PER_CHUNK);
    const keys: string[] = [];
    const values: number[] = [];
    for (let i = from; i < to; i++) {
      keys.push(events[i].key);
      values.push(events[i].value);
    }
    return renderQueueRows(from, keys, values);
  };
  let size = 0;
  for (let from = 0; from < events.length; from += ROWS_PER_CHUNK) size += utf8Length(chunk(from));
  const bytes = new Uint8Array(size);
  const encoder = new TextEncoder();
  let at = 0;
  for (let from = 0; from < events.length; from += ROWS_PER_CHUNK) at += encoder.encodeInto(chunk(from), bytes.subarray(at)).written;
  return `sha256:${await sha256HexOfBytes(bytes)}/${events.length}`;
}

/** UTF-8 length of a text without encoding it (a lone surrogate counts as U+FFFD, 3 bytes, as TextEncoder writes it). */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
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
