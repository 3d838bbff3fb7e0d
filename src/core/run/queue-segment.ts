import { deflateSync, inflateSync } from 'fflate';
import { base64Length, decodeBase64, encodeBase64Range } from '../checkpoint/base64';
import { sha256HexOfBytes } from '../checkpoint/checksum';
import { frontmatterRaw } from '../text/frontmatter';

/**
 * A queue segment: a run of consecutive events of one queue in a small Markdown data file
 * (docs/checkpoint-format.md, "Queue segments"). The events are stored as columns — the key
 * lengths, the values as float64, then every key's UTF-8 in one block — compressed (raw
 * DEFLATE, fflate) and written as base64 lines with the SHA-256 of the compressed bytes, so a
 * restore decodes a whole segment with one inflate, one TextDecoder call and slices, and an
 * edited or cut file is caught by its digest or its length, never trusted.
 */

export const SEGMENT_FORMAT = 'excalidraw-flows/queue-segment@1';
/** Raw (uncompressed) bytes per segment at most: even incompressible, its base64 file stays near 1 MiB. */
export const SEGMENT_RAW_BYTES = 720 * 1024;
/** Events per segment at most. */
export const SEGMENT_EVENTS = 65_536;
const FENCE = '```flows-data';

export interface SegmentHeader {
  queue: string;
  run: string;
  first: number;
  /** Link text (or, in a hidden folder, the path) of the queue note, for people. */
  note: string;
}

/** Raw bytes an event takes in a segment (an upper bound: key length varint, value, UTF-8 key). */
export function eventBytes(key: string): number {
  return 5 + 8 + key.length * 3;
}

function encodeEvents(keys: readonly string[], values: readonly number[], from: number, to: number): Uint8Array {
  const n = to - from;
  const text = new TextEncoder().encode(keys.slice(from, to).join(''));
  const out = new Uint8Array(5 + n * 5 + n * 8 + text.length);
  const view = new DataView(out.buffer);
  let at = 0;
  const varint = (v: number): void => {
    while (v >= 0x80) {
      out[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    out[at++] = v;
  };
  varint(n);
  for (let i = from; i < to; i++) varint(keys[i].length);
  for (let i = from; i < to; i++, at += 8) view.setFloat64(at, values[i], true);
  out.set(text, at);
  return out.subarray(0, at + text.length);
}

/** Decodes a segment's raw bytes onto `keys`/`values`, skipping its first `skip` events; the count, or null when malformed. */
function decodeEvents(raw: Uint8Array, skip: number, keys: string[], values: number[]): number | null {
  let at = 0;
  const varint = (): number => {
    let v = 0;
    for (let shift = 0; at < raw.length && shift < 35; shift += 7) {
      const b = raw[at++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
    return -1;
  };
  const n = varint();
  if (n < 0) return null;
  const lengths = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const len = varint();
    if (len < 0) return null;
    lengths[i] = len;
  }
  if (at + n * 8 > raw.length) return null;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const valuesAt = at;
  const text = new TextDecoder().decode(raw.subarray(at + n * 8));
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const end = pos + lengths[i];
    if (i >= skip) {
      keys.push(text.slice(pos, end));
      values.push(view.getFloat64(valuesAt + i * 8, true));
    }
    pos = end;
  }
  return pos === text.length ? n : null;
}

/** One segment file's text and the digest recorded for it in the queue note's index. */
export async function renderSegment(h: SegmentHeader, keys: readonly string[], values: readonly number[], from: number, to: number): Promise<{ text: string; sha256: string }> {
  const bytes = deflateSync(encodeEvents(keys, values, from, to), { level: 1 });
  const sha256 = await sha256HexOfBytes(bytes);
  const b64 = new Uint8Array(base64Length(bytes.length));
  encodeBase64Range(bytes, 0, bytes.length, b64);
  const last = h.first + (to - from) - 1;
  const head = [
    '---',
    `flows-queue-segment: ${JSON.stringify(SEGMENT_FORMAT)}`,
    `queue: ${JSON.stringify(h.queue)}`,
    `run: ${JSON.stringify(h.run)}`,
    `first: ${h.first}`,
    `events: ${to - from}`,
    `bytes: ${bytes.length}`,
    `sha256: ${JSON.stringify(sha256)}`,
    'tags: [flows/queue-data]',
    '---',
    '',
    `Events ${h.first} to ${last} of queue ${h.queue} (${h.note}), compressed, as base64. Restoring checks them against \`sha256\`; edits make them invalid.`,
    '',
    FENCE,
    '',
  ].join('\n');
  return { text: `${head}${new TextDecoder().decode(b64)}\`\`\`\n`, sha256 };
}

export type ParsedSegment = { ok: true; first: number; count: number } | { ok: false; why: string };

/**
 * Reads a segment file onto `keys`/`values`, from its event `skip` on; checks its format, its
 * digest against both its header and `expectedSha256` (the index's), and its event count.
 * Nothing is added when it says why not.
 */
export async function readSegment(text: string, expectedSha256: string, skip: number, keys: string[], values: number[]): Promise<ParsedSegment> {
  const field = (name: string): string | null => {
    const raw = frontmatterRaw(text, name);
    return raw !== null && raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  };
  if (field('flows-queue-segment') !== SEGMENT_FORMAT) return { ok: false, why: `is not a ${SEGMENT_FORMAT} file` };
  const start = text.indexOf(`\n${FENCE}\n`);
  const end = text.lastIndexOf('\n```');
  if (start < 0 || end <= start) return { ok: false, why: 'is cut short (no closing fence)' };
  const bytes = decodeBase64(new TextEncoder().encode(text.slice(start + FENCE.length + 2, end + 1)));
  if (!bytes) return { ok: false, why: 'holds something that is not base64' };
  if (String(bytes.length) !== field('bytes')) return { ok: false, why: `holds ${bytes.length} bytes where its header says ${field('bytes')} (cut short or edited)` };
  const digest = await sha256HexOfBytes(bytes);
  if (digest !== field('sha256') || digest !== expectedSha256) return { ok: false, why: 'does not match its sha256 (edited by hand or damaged)' };
  const before = keys.length;
  let count: number | null;
  try {
    count = decodeEvents(inflateSync(bytes), skip, keys, values);
  } catch {
    count = null;
  }
  if (count === null || String(count) !== field('events')) {
    keys.length = before;
    values.length = before;
    return { ok: false, why: 'holds events that do not decode' };
  }
  return { ok: true, first: Number(field('first')), count };
}

/** Cuts events [from, to) into segment-sized runs: [start, end) pairs, each within SEGMENT_RAW_BYTES and SEGMENT_EVENTS. */
export function cutSegments(keys: readonly string[], from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let start = from;
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const b = eventBytes(keys[i]);
    if (i > start && (bytes + b > SEGMENT_RAW_BYTES || i - start >= SEGMENT_EVENTS)) {
      out.push([start, i]);
      start = i;
      bytes = 0;
    }
    bytes += b;
  }
  if (to > start) out.push([start, to]);
  return out;
}
