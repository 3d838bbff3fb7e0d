import { Inflate } from 'fflate';
import type { TimeSlices } from '../time-slices';

/** Compressed bytes handed to the decompressor at a time: each costs well under a millisecond. */
const PUSH_BYTES = 16 * 1024;

/** A raw-DEFLATE decompressor of the host's own (Compression Streams), or null when it has none. */
export type NativeInflater = () => DecompressionStream | null;

/**
 * The host's `DecompressionStream('deflate-raw')` (Obsidian desktop and mobile, browsers, Node 20).
 * Why not fflate alone: a restore inflates once per process, so fflate's code runs cold; a
 * checkpoint of 100,000 keys (~400 KB compressed) measured 65-110 ms cold in fflate against
 * 14-19 ms native (warm fflate: ~8 ms), the largest single cost of restoring it.
 */
export const hostInflater: NativeInflater = () => {
  if (typeof DecompressionStream !== 'function') return null;
  try {
    return new DecompressionStream('deflate-raw');
  } catch {
    return null; // a host whose streams know deflate but not deflate-raw
  }
};

/**
 * Decompresses the parts (one raw DEFLATE stream cut into pieces) in order, in slices, into one
 * flat buffer: with the host's decompressor when `native` gives one, else with fflate (and for
 * no bytes at all, which fflate gives back as nothing). Throws saying why when the bytes do not
 * inflate or end early (the store puts that in its one line naming the checkpoint).
 */
export async function inflateParts(parts: readonly Uint8Array[], slices: TimeSlices, native: NativeInflater = hostInflater): Promise<Uint8Array> {
  const stream = parts.some((b) => b.length > 0) ? native() : null;
  const chunks = stream ? await inflateNative(stream, parts, slices) : await inflateFflate(parts, slices);
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function inflateNative(stream: DecompressionStream, parts: readonly Uint8Array[], slices: TimeSlices): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  // Read while writing: a stream whose output nobody takes stops taking input.
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      chunks.push(value);
    }
  })();
  reading.catch(() => undefined); // awaited below; this only keeps an early failure from being reported unhandled
  try {
    for (const bytes of parts) {
      for (let at = 0; at < bytes.length; at += PUSH_BYTES) {
        await writer.write(bytes.subarray(at, Math.min(bytes.length, at + PUSH_BYTES)) as Uint8Array<ArrayBuffer>);
        await slices.maybePause(256);
      }
    }
    await writer.close();
    await reading;
  } catch (err) {
    // An unfinished stream would keep the reader waiting: aborting it ends the read too.
    await writer.abort(err).catch(() => undefined);
    await reading.catch(() => undefined);
    // The host's turn failing (the run lost its lock) is not the data's fault: passed on as it is.
    if (slices.threw(err)) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new RangeError(/end of (file|stream|input)|truncat|incomplete/i.test(why) ? `the compressed data ends early (${why})` : `the compressed data does not inflate (${why})`);
  }
  return chunks;
}

async function inflateFflate(parts: readonly Uint8Array[], slices: TimeSlices): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    chunks.push(chunk);
    if (final) ended = true;
  });
  // The stream ends with the last part that holds bytes (an empty part after it adds nothing).
  const last = parts.findLastIndex((b) => b.length > 0);
  for (let p = 0; p < parts.length; p++) {
    const bytes = parts[p];
    for (let at = 0; at < bytes.length; at += PUSH_BYTES) {
      const end = Math.min(bytes.length, at + PUSH_BYTES);
      inflate.push(bytes.subarray(at, end), p === last && end === bytes.length);
      await slices.maybePause(256);
    }
  }
  if (last < 0) inflate.push(new Uint8Array(0), true);
  if (!ended) throw new RangeError('the compressed data ends early');
  return chunks;
}
