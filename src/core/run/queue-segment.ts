import { base64Length, decodeBase64Text, encodeBase64Range } from '../checkpoint/base64';
import { sha256HexOfBytes } from '../checkpoint/checksum';
import { frontmatterRaw } from '../text/frontmatter';

/**
 * A queue segment: a run of consecutive events of one queue in a small Markdown data file
 * (docs/checkpoint-format.md, "Queue segments"). The events are stored as columns (see
 * encodeEvents) written as base64 lines with the SHA-256 of the bytes, so a restore decodes a
 * whole segment with one TextDecoder call for its distinct keys and one pass of varints, each
 * distinct key one string however often it comes (the engine's map lookups then hit a hashed
 * string); an edited or cut file is caught by its digest or its length, never trusted. Not
 * compressed: the dictionary and varints make it compact already, and inflating cost more than
 * the rest of a restore's reading (measured 75-100 ms per 1,000,000 events).
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

/** Raw bytes an event takes in a segment at most (its key index, its value, its key in the dictionary). */
export function eventBytes(key: string): number {
  return 16 + key.length * 3;
}

/** Zig-zag, so small negative integers stay short: safe integers only (no bit operations past 2^31). */
const zigzag = (v: number): number => (v >= 0 ? v * 2 : -v * 2 - 1);
const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
const isPlainInteger = (v: number): boolean => Number.isSafeInteger(v) && Math.abs(v) <= 2 ** 51 && !Object.is(v, -0);

/**
 * The columns of events [from, to): count; the segment's distinct keys (a dictionary: their
 * lengths in UTF-16 units, then their UTF-8 in one block); each event's key as its index in the
 * dictionary; the values, as zig-zag varints when every one is a small integer, else float64.
 */
function encodeEvents(keys: readonly string[], values: readonly number[], from: number, to: number): Uint8Array {
  const n = to - from;
  const index = new Map<string, number>();
  const dict: string[] = [];
  const refs = new Uint32Array(n);
  let ints = true;
  for (let i = from; i < to; i++) {
    let at = index.get(keys[i]);
    if (at === undefined) {
      at = dict.length;
      index.set(keys[i], at);
      dict.push(keys[i]);
    }
    refs[i - from] = at;
    if (ints && !isPlainInteger(values[i])) ints = false;
  }
  const text = new TextEncoder().encode(dict.join(''));
  const out = new Uint8Array(16 + dict.length * 5 + text.length + n * 5 + 1 + n * 8);
  const view = new DataView(out.buffer);
  let at = 0;
  const varint = (v: number): void => {
    while (v >= 0x80) {
      out[at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    out[at++] = v;
  };
  varint(n);
  varint(dict.length);
  for (const k of dict) varint(k.length);
  varint(text.length);
  out.set(text, at);
  at += text.length;
  for (let i = 0; i < n; i++) varint(refs[i]);
  out[at++] = ints ? 0 : 1;
  if (ints) for (let i = from; i < to; i++) varint(zigzag(values[i]));
  else for (let i = from; i < to; i++, at += 8) view.setFloat64(at, values[i], true);
  return out.subarray(0, at);
}

/** Decodes a segment's raw bytes onto `keys`/`values`, skipping its first `skip` events; the count, or null when malformed. */
function decodeEvents(raw: Uint8Array, skip: number, keys: string[], values: number[]): number | null {
  let at = 0;
  let bad = false;
  const varint = (): number => {
    let v = 0;
    for (let scale = 1; at < raw.length && scale < 2 ** 56; scale *= 0x80) {
      const b = raw[at++];
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
    }
    bad = true;
    return 0;
  };
  const n = varint();
  const d = varint();
  if (bad || d > n || d > raw.length) return null;
  const lengths = new Uint32Array(d);
  for (let i = 0; i < d; i++) lengths[i] = varint();
  const blob = varint();
  if (bad || at + blob > raw.length) return null;
  const text = new TextDecoder().decode(raw.subarray(at, at + blob));
  at += blob;
  const dict: string[] = new Array<string>(d);
  let pos = 0;
  for (let i = 0; i < d; i++) {
    dict[i] = text.slice(pos, pos + lengths[i]);
    pos += lengths[i];
  }
  if (pos !== text.length) return null;
  const refs = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    // Most references are one or two bytes: read those here, the rest through varint().
    const b0 = raw[at];
    const b1 = raw[at + 1];
    if (b0 < 0x80) {
      refs[i] = b0;
      at++;
    } else if (b1 < 0x80) {
      refs[i] = (b0 & 0x7f) + b1 * 0x80;
      at += 2;
    } else refs[i] = varint();
    if (refs[i] >= d) return null;
  }
  if (bad || at >= raw.length) return null;
  const ints = raw[at++] === 0;
  if (!ints && at + n * 8 !== raw.length) return null;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let i = 0; i < n; i++) {
    let value: number;
    if (!ints) value = view.getFloat64(at + i * 8, true);
    else if (raw[at] < 0x80) value = unzigzag(raw[at++]);
    else value = unzigzag(varint());
    if (i < skip) continue;
    keys.push(dict[refs[i]]);
    values.push(value);
  }
  return bad || (ints && at !== raw.length) ? null : n;
}

/** One segment file's text and the digest recorded for it in the queue note's index. */
export async function renderSegment(h: SegmentHeader, keys: readonly string[], values: readonly number[], from: number, to: number): Promise<{ text: string; sha256: string }> {
  const bytes = encodeEvents(keys, values, from, to);
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
    `Events ${h.first} to ${last} of queue ${h.queue} (${h.note}), as base64. Restoring checks them against \`sha256\`; edits make them invalid.`,
    '',
    FENCE,
    '',
  ].join('\n');
  return { text: `${head}${new TextDecoder().decode(b64)}\`\`\`\n`, sha256 };
}

export type ParsedSegment = { ok: true; first: number; count: number } | { ok: false; why: string };

/** A segment file whose format, length and digest were checked: its raw bytes, not decoded yet. */
export interface CheckedSegment {
  ok: true;
  first: number;
  /** Events its header lists. */
  events: number;
  bytes: Uint8Array;
}

/**
 * Checks a segment file without decoding its events: its format, its byte count, and its digest
 * against both its header and `expectedSha256` (the index's). A restore checks every segment it
 * needs this way before changing anything, and decodes each as the engine comes to it.
 */
export async function checkSegment(text: string, expectedSha256: string): Promise<CheckedSegment | { ok: false; why: string }> {
  const field = (name: string): string | null => {
    const raw = frontmatterRaw(text, name);
    return raw !== null && raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  };
  if (field('flows-queue-segment') !== SEGMENT_FORMAT) return { ok: false, why: `is not a ${SEGMENT_FORMAT} file` };
  const start = text.indexOf(`\n${FENCE}\n`);
  const end = text.lastIndexOf('\n```');
  if (start < 0 || end <= start) return { ok: false, why: 'is cut short (no closing fence)' };
  const bytes = decodeBase64Text(text, start + FENCE.length + 2, end + 1);
  if (!bytes) return { ok: false, why: 'holds something that is not base64' };
  if (String(bytes.length) !== field('bytes')) return { ok: false, why: `holds ${bytes.length} bytes where its header says ${field('bytes')} (cut short or edited)` };
  const digest = await sha256HexOfBytes(bytes);
  if (digest !== field('sha256') || digest !== expectedSha256) return { ok: false, why: 'does not match its sha256 (edited by hand or damaged)' };
  return { ok: true, first: Number(field('first')), events: Number(field('events')), bytes };
}

/** Decodes a checked segment onto `keys`/`values`, from its event `skip` on. Nothing is added when it says why not. */
export function decodeSegment(seg: CheckedSegment, skip: number, keys: string[], values: number[]): ParsedSegment {
  const before = keys.length;
  let count: number | null;
  try {
    count = decodeEvents(seg.bytes, skip, keys, values);
  } catch {
    count = null;
  }
  if (count === null || count !== seg.events) {
    keys.length = before;
    values.length = before;
    return { ok: false, why: 'holds events that do not decode' };
  }
  return { ok: true, first: seg.first, count };
}

/** Reads a segment file onto `keys`/`values`, from its event `skip` on: checkSegment, then decodeSegment. */
export async function readSegment(text: string, expectedSha256: string, skip: number, keys: string[], values: number[]): Promise<ParsedSegment> {
  const checked = await checkSegment(text, expectedSha256);
  return checked.ok ? decodeSegment(checked, skip, keys, values) : checked;
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
