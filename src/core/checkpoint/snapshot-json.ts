import { fromJsonNumber, jsonNumberText } from '../numbers';
import type { CheckpointHead } from './checkpoint-data';

/** Entries serialised between two turns given back to the host (a few ms of work). */
export const ENTRIES_PER_SLICE = 1_000;

/** Keys made only of these characters are their own JSON string: no JSON.stringify call per key. */
const PLAIN_KEY = /^[\w .:@/+-]*$/;
const jsonKey = (key: string): string => (PLAIN_KEY.test(key) ? `"${key}"` : JSON.stringify(key));

/**
 * Turns the values of a parsed snapshot's `state` back into numbers, in place: the strings
 * "NaN", "Infinity", "-Infinity" that buildSnapshotJson writes, and the `null` of checkpoints
 * written before it (NaN: which non-finite value it was is lost).
 */
export function readSnapshotNumbers(state: Record<string, unknown>): void {
  for (const id of Object.keys(state)) {
    const entries = state[id];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries as unknown[]) {
      if (Array.isArray(entry) && typeof entry[1] !== 'number') entry[1] = fromJsonNumber(entry[1]);
    }
  }
}

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
 * would give, except for the numbers JSON cannot hold: NaN and ±Infinity are written as the
 * strings "NaN", "Infinity", "-Infinity" and -0 as `-0` (numbers.ts), so every value restores
 * exactly (`null` would come back as NaN whatever it was).
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
      chunk += `${first ? '' : ','}[${jsonKey(key)},${v === undefined ? 'null' : jsonNumberText(v)}]`;
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
