import type { CheckpointHead } from './checkpoint-data';

/** Entries serialised between two turns given back to the host (a few ms of work). */
export const ENTRIES_PER_SLICE = 1_000;

/** Keys made only of these characters are their own JSON string: no JSON.stringify call per key. */
const PLAIN_KEY = /^[\w .:@/+-]*$/;
const jsonKey = (key: string): string => (PLAIN_KEY.test(key) ? `"${key}"` : JSON.stringify(key));

/** One processor's part of a snapshot: all its keys (full) or only the changed ones (delta). */
export interface StatePart {
  id: string;
  keys: Iterable<string>;
  valueOf(key: string): number | undefined;
}

/**
 * Builds the snapshot JSON (`JSON.stringify` of the head plus a `state` object of
 * `[key, value]` pairs) in slices, yielding between them, so serialising a million keys never
 * freezes the editor. The output parses to exactly what `JSON.stringify` of the whole object
 * would give, NaN and infinities included (as null).
 */
export async function buildSnapshotJson(head: CheckpointHead, parts: StatePart[], yieldNow: () => Promise<void>): Promise<string> {
  const out: string[] = [JSON.stringify(head).slice(0, -1), ',"state":{'];
  let sinceYield = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    let chunk = `${i ? ',' : ''}${JSON.stringify(part.id)}:[`;
    let first = true;
    for (const key of part.keys) {
      const v = part.valueOf(key);
      chunk += `${first ? '' : ','}[${jsonKey(key)},${v !== undefined && Number.isFinite(v) ? String(v) : 'null'}]`;
      first = false;
      if (++sinceYield >= ENTRIES_PER_SLICE) {
        out.push(chunk);
        chunk = '';
        sinceYield = 0;
        await yieldNow();
      }
    }
    out.push(`${chunk}]`);
  }
  out.push('}}');
  return out.join('');
}
