import { FlowInputError } from '../diagnostics';
import type { VaultStore } from '../ports';
import { queueImports } from './events-import';
import { parseQueueFile, parseSegmentIndex, type SegmentRef } from './queue-file';
import { checkSegment, decodeSegment, type CheckedSegment } from './queue-segment';

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

/** A segment to replay, checked (CheckedSegment) and not decoded yet, and how many of its first events to skip. */
export interface PendingSegment {
  ref: SegmentRef;
  checked: CheckedSegment;
  skip: number;
}

const segmentError = (seg: SegmentRef, notePath: string, why: string): FlowInputError =>
  new FlowInputError(`${seg.file}: queue segment ${why}; queue ${notePath} cannot be replayed past offset ${seg.first}. Nothing was changed; restore the file or move the queue aside.`, seg.file);

/**
 * Checks the segments of `segments` holding events from the `skip`-th on (counted from the
 * first segment's first event), reading only those files; decodes none. A segment that is
 * missing, cut short or does not match its digest is an error naming it.
 */
export async function checkSegmentsFrom(store: VaultStore, notePath: string, segments: readonly SegmentRef[], skip: number): Promise<PendingSegment[]> {
  // The files are read all at once (the host overlaps them) and checked in order.
  let from = 0;
  const reads = segments.map((seg) => {
    const wanted = (from += seg.count) > skip;
    const read = wanted ? store.read(seg.file) : Promise.resolve(null);
    read.catch(() => undefined); // awaited below, in order; this only stops an early failure being reported twice
    return read;
  });
  const out: PendingSegment[] = [];
  let pos = 0;
  for (const [i, seg] of segments.entries()) {
    const end = pos + seg.count;
    if (end > skip) {
      const text = await reads[i];
      const r = text === null ? { ok: false as const, why: 'is missing' } : await checkSegment(text, seg.sha256);
      if (!r.ok) throw segmentError(seg, notePath, r.why);
      if (r.events !== seg.count) throw segmentError(seg, notePath, `holds ${r.events} events where ${notePath} lists ${seg.count}`);
      out.push({ ref: seg, checked: r, skip: Math.max(0, skip - pos) });
    }
    pos = end;
  }
  return out;
}

/** Decodes a checked segment onto `into`; an error naming it when it does not decode. */
export function decodePendingInto(notePath: string, seg: PendingSegment, into: { keys: string[]; values: number[] }): void {
  const r = decodeSegment(seg.checked, seg.skip, into.keys, into.values);
  if (!r.ok) throw segmentError(seg.ref, notePath, r.why);
}

/**
 * Appends to `into` the events of `segments` from the `skip`-th on (counted from the first
 * segment's first event), reading only the segment files that hold any of them. A segment that
 * is missing, cut short or does not match its digest is an error naming it; nothing is changed.
 */
export async function readSegmentsInto(store: VaultStore, notePath: string, segments: readonly SegmentRef[], skip: number, into: { keys: string[]; values: number[] }): Promise<void> {
  const pending = await checkSegmentsFrom(store, notePath, segments, skip);
  const before = into.keys.length;
  try {
    for (const seg of pending) decodePendingInto(notePath, seg, into);
  } catch (err) {
    into.keys.length = before;
    into.values.length = before;
    throw err;
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
