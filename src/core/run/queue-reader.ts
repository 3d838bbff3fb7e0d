import { FlowInputError } from '../diagnostics';
import type { VaultStore } from '../ports';
import { queueImports } from './events-import';
import { parseQueueFile, parseSegmentIndex, type SegmentRef } from './queue-file';
import { readSegment } from './queue-segment';

/** What a queue note says without its segments read: its run, its segment index, its rows. */
export interface QueueNote {
  run: string | null;
  segments: SegmentRef[];
  imports: string[];
  /** The rows after the last segment (every event, in a note of the row-per-event format). */
  keys: string[];
  values: number[];
  /** Text to write back when a torn last row was dropped; null when the note is whole. */
  repaired: string | null;
}

export const segmentEvents = (segments: readonly SegmentRef[]): number => segments.reduce((n, s) => n + s.count, 0);

/** Reads a queue note (any version: 0.1, row per event, segmented); null when there is none. */
export async function readQueueNote(store: VaultStore, path: string): Promise<QueueNote | null> {
  const text = await store.read(path);
  if (text === null) return null;
  const segments = parseSegmentIndex(text, path);
  const parsed = parseQueueFile(text, path);
  const end = segments.length ? segments[segments.length - 1].first + segments[segments.length - 1].count : null;
  if (end !== null && parsed.firstOffset !== null && parsed.firstOffset !== end) {
    throw new FlowInputError(`${path}: its rows start at offset ${parsed.firstOffset}, but its segments end at ${end}; the queue note was edited or damaged`, path);
  }
  return { run: parsed.run, segments, imports: queueImports(text), keys: parsed.keys, values: parsed.values, repaired: parsed.repaired };
}

/**
 * Appends to `into` the events of `segments` from the `skip`-th on (counted from the first
 * segment's first event), reading only the segment files that hold any of them. A segment that
 * is missing, cut short or does not match its digest is an error naming it; nothing is changed.
 */
export async function readSegmentsInto(store: VaultStore, notePath: string, segments: readonly SegmentRef[], skip: number, into: { keys: string[]; values: number[] }): Promise<void> {
  // The files are read all at once (the host overlaps them) and decoded in order.
  let from = 0;
  const reads = segments.map((seg) => {
    const wanted = (from += seg.count) > skip;
    const read = wanted ? store.read(seg.file) : Promise.resolve(null);
    read.catch(() => undefined); // awaited below, in order; this only stops an early failure being reported twice
    return read;
  });
  let pos = 0;
  for (const [i, seg] of segments.entries()) {
    const end = pos + seg.count;
    if (end > skip) {
      const text = await reads[i];
      const r = text === null ? { ok: false as const, why: 'is missing' } : await readSegment(text, seg.sha256, Math.max(0, skip - pos), into.keys, into.values);
      if (!r.ok || r.count !== seg.count) {
        const why = r.ok ? `holds ${r.count} events where ${notePath} lists ${seg.count}` : r.why;
        throw new FlowInputError(`${seg.file}: queue segment ${why}; queue ${notePath} cannot be replayed past offset ${seg.first}. Nothing was changed; restore the file or move the queue aside.`, seg.file);
      }
    }
    pos = end;
  }
}

/** Every event a queue note holds (segments, then rows), for readers of the whole queue (export, inspect). */
export async function readQueueEvents(store: VaultStore, path: string): Promise<{ keys: string[]; values: number[] } | null> {
  const note = await readQueueNote(store, path);
  if (note === null) return null;
  const out = { keys: [] as string[], values: [] as number[] };
  await readSegmentsInto(store, path, note.segments, 0, out);
  for (let i = 0; i < note.keys.length; i++) {
    out.keys.push(note.keys[i]);
    out.values.push(note.values[i]);
  }
  return out;
}
