import type { TimeSlices } from '../time-slices';
import type { CheckpointData, CheckpointHead } from './checkpoint-data';
import { ByteReader } from './byte-reader';
import type { ByteWriter } from './byte-writer';

/**
 * The exact content of a checkpoint as bytes (format v2, docs/checkpoint-format.md), before
 * compression: magic `EFCP`, version byte 2, the head as a JSON string, then one section per
 * state (a processor's, or an upsert sink's own table) of key/value entries, then a 0 byte.
 * Values are tagged: a whole number as a zigzag varint (counts take 1–3 bytes), anything else
 * (fractions, -0, NaN, ±Infinity) as its exact 8-byte float.
 */

export const DATA_MAGIC = [0x45, 0x46, 0x43, 0x50]; // "EFCP"
export const DATA_VERSION = 2;
const SECTION_KEYED = 1;
const END_OF_SECTIONS = 0;
const VALUE_INT = 0;
const VALUE_F64 = 1;
const END_OF_ENTRIES = 0xff;
/** Whole numbers below this magnitude fit a zigzag varint (2|v| + 1 stays a safe integer). */
const INT_LIMIT = 2 ** 52;

/** One processor's part of a snapshot: all its keys (full) or only the changed ones (delta). */
export interface StatePart {
  id: string;
  keys: Iterable<string>;
  valueOf(key: string): number | undefined;
}

function writeValue(w: ByteWriter, v: number): void {
  if (Number.isInteger(v) && Math.abs(v) < INT_LIMIT && !Object.is(v, -0)) {
    w.u8(VALUE_INT);
    w.varint(v >= 0 ? v * 2 : -v * 2 - 1);
  } else {
    w.u8(VALUE_F64);
    w.f64(v);
  }
}

/** Writes head and state into `w`, ending slices as `slices` says; returns how many entries it wrote. */
export async function encodeCheckpoint(head: CheckpointHead, parts: readonly StatePart[], w: ByteWriter, slices: TimeSlices): Promise<number> {
  for (const b of DATA_MAGIC) w.u8(b);
  w.u8(DATA_VERSION);
  w.string(JSON.stringify(head));
  let entries = 0;
  for (const part of parts) {
    w.u8(SECTION_KEYED);
    w.string(part.id);
    for (const key of part.keys) {
      const v = part.valueOf(key);
      // A key listed as changed but gone (a closed window's cell deleted) is written as NaN, as the JSON snapshot wrote null.
      writeValue(w, v ?? Number.NaN);
      w.string(key);
      entries++;
      if (slices.due()) await slices.pause();
    }
    w.u8(END_OF_ENTRIES);
  }
  w.u8(END_OF_SECTIONS);
  return entries;
}

/** Thrown for bytes that are not a v2 checkpoint (the store turns it into a problem naming the file). */
export class DataFormatError extends Error {}

/** Reads bytes written by encodeCheckpoint back into a checkpoint, in slices. */
export async function decodeCheckpoint(bytes: Uint8Array, slices: TimeSlices): Promise<CheckpointData> {
  const r = new ByteReader(bytes);
  try {
    for (const b of DATA_MAGIC) if (r.u8() !== b) throw new DataFormatError('it does not start with EFCP');
    const version = r.u8();
    if (version !== DATA_VERSION) throw new DataFormatError(`it is format version ${version}; this version of the plugin reads ${DATA_VERSION}`);
    const head = JSON.parse(r.string()) as CheckpointHead;
    if (!head || typeof head !== 'object') throw new DataFormatError('its head is not an object');
    // Ids are element ids, which may be `__proto__` or `constructor`: null-prototype tables.
    const state = Object.create(null) as CheckpointData['state'];
    for (let tag = r.u8(); tag !== END_OF_SECTIONS; tag = r.u8()) {
      if (tag !== SECTION_KEYED) throw new DataFormatError(`unknown section type ${tag} at byte ${r.pos - 1}`);
      const entries: [string, number][] = [];
      state[r.string()] = entries;
      for (let t = r.u8(); t !== END_OF_ENTRIES; t = r.u8()) {
        let v: number;
        if (t === VALUE_INT) {
          const z = r.varint();
          v = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
        } else if (t === VALUE_F64) v = r.f64();
        else throw new DataFormatError(`unknown value type ${t} at byte ${r.pos - 1}`);
        entries.push([r.string(), v]);
        if (slices.due()) await slices.pause();
      }
    }
    if (!r.done) throw new DataFormatError(`${bytes.length - r.pos} bytes follow its end`);
    return { ...head, state };
  } catch (err) {
    if (err instanceof DataFormatError || slices.threw(err)) throw err;
    throw new DataFormatError(err instanceof Error ? err.message : String(err));
  }
}
