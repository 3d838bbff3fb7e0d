import { Deflate, deflateSync } from 'fflate';
import type { TimeSlices } from '../time-slices';
import { base64Length, decodeBase64, decodeBase64Text, encodeBase64Range, LINE_CHARS } from './base64';
import { frontmatterRaw } from '../text/frontmatter';

/**
 * A checkpoint's data files: the bytes of state-codec.ts, compressed (raw DEFLATE, RFC 1951,
 * by fflate), cut into parts so no file grows past `maxFileBytes`, each part a small Markdown
 * file (Obsidian Sync always carries Markdown) holding its bytes as base64 lines and the
 * SHA-256 of those bytes. The checkpoint note's `checksum` is the SHA-256 of the parts'
 * digests in order, so a part swapped for another checkpoint's is caught too.
 */

export const DATA_FILE_FORMAT = 'excalidraw-flows/checkpoint-data@2';
/** Default largest data file: under Obsidian Sync Standard's 5 MB per file, with room for the header. */
export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
const FENCE = '```flows-data';
/** Bytes handed to the compressor at a time: each push costs well under a millisecond. */
const PUSH_BYTES = 16 * 1024;
/**
 * Largest data file actually written, whatever `maxFileBytes` allows: a part's text is made,
 * and then encoded by the host, in one piece (the storage port takes a string), which costs
 * about 1.5 ms per MiB each time here; 1 MiB keeps each of those steps far below a frame.
 */
export const PART_FILE_BYTES = 1024 * 1024;
/** Base64 bytes encoded between two looks at the clock (a multiple of 3). */
const BASE64_STEP = 3 * 4 * 1024;
const HEADER_ROOM = 1024;

let warm: Promise<void> | null = null;

/**
 * Compiles the compressor before the first checkpoint needs it: fflate's functions are parsed
 * and optimised on first use, and a cold first push measured 5–15 ms (warm: 0.5 ms per 16 KiB).
 * Compressing growing samples with a turn for the host between each bounds every step of that
 * warm-up instead; once per process (or plugin load), about 20 ms of work in all.
 */
export function warmUpCompressor(yieldNow: () => Promise<void>): Promise<void> {
  warm ??= (async () => {
    for (const size of [256, 1024, 4096, 8192, 16_384, 16_384, 32_768]) {
      const sample = new Uint8Array(size);
      for (let i = 0; i < size; i++) sample[i] = (i * 31) % 97 < 40 ? 0x6b : (i * 7) & 0xff;
      deflateSync(sample, { level: 3 });
      await yieldNow();
    }
  })();
  return warm;
}

export interface DataPart {
  /** The compressed bytes of this part. */
  bytes: Uint8Array;
  sha256: string;
}

const hex = (b: Uint8Array): string => {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
};

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  // WebCrypto digests off the main thread (Obsidian desktop and mobile, Node 20).
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

/** The checkpoint's checksum from its parts' digests (hex), in order. */
export async function combinedChecksum(partDigests: readonly string[]): Promise<string> {
  const all = new Uint8Array(partDigests.length * 32);
  partDigests.forEach((h, i) => {
    for (let j = 0; j < 32; j++) all[i * 32 + j] = parseInt(h.slice(j * 2, j * 2 + 2), 16);
  });
  return `sha256:${hex(await sha256(all))}`;
}

/** Raw bytes per part so that its base64 lines plus header stay within `maxFileBytes`. */
export function bytesPerPart(maxFileBytes: number): number {
  const chars = Math.max(4 * 64, Math.min(maxFileBytes, PART_FILE_BYTES) - HEADER_ROOM);
  const lines = Math.ceil(chars / (LINE_CHARS + 1));
  const b64 = chars - lines;
  return Math.max(192, Math.floor(b64 / 4) * 3 - ((Math.floor(b64 / 4) * 3) % 3));
}

/**
 * Compresses what a ByteWriter emits, collecting the output in parts of at most `partBytes`.
 * `push` is called with the writer's chunks; `finish` ends the stream and hashes each part.
 */
export class CompressedParts {
  private readonly deflate: Deflate;
  private readonly done: Uint8Array[] = [];
  private current: Uint8Array;
  private at = 0;
  rawBytes = 0;

  constructor(private readonly partBytes: number) {
    this.current = new Uint8Array(Math.min(partBytes, 64 * 1024));
    this.deflate = new Deflate({ level: 3 }, (chunk) => this.collect(chunk));
  }

  private collect(chunk: Uint8Array): void {
    let from = 0;
    while (from < chunk.length) {
      if (this.at === this.partBytes) {
        this.done.push(this.current);
        this.current = new Uint8Array(Math.min(this.partBytes, 64 * 1024));
        this.at = 0;
      }
      if (this.at === this.current.length) {
        const grown = new Uint8Array(Math.min(this.partBytes, this.current.length * 2));
        grown.set(this.current);
        this.current = grown;
      }
      const n = Math.min(chunk.length - from, this.current.length - this.at);
      this.current.set(chunk.subarray(from, from + n), this.at);
      this.at += n;
      from += n;
    }
  }

  push(chunk: Uint8Array): void {
    this.rawBytes += chunk.length;
    for (let at = 0; at < chunk.length; at += PUSH_BYTES) this.deflate.push(chunk.subarray(at, Math.min(chunk.length, at + PUSH_BYTES)));
  }

  async finish(): Promise<DataPart[]> {
    this.deflate.push(new Uint8Array(0), true);
    const all = [...this.done, this.current.subarray(0, this.at)];
    return Promise.all(all.map(async (bytes) => ({ bytes, sha256: hex(await sha256(bytes)) })));
  }
}

export interface DataFileHeader {
  checkpoint: number;
  part: number;
  parts: number;
  /** Link text (or, in a hidden folder, the path) of the checkpoint note, for people. */
  note: string;
}

/**
 * The text of one data file: frontmatter, a line for people, the base64 lines; built as one flat
 * string, with its size in UTF-8 bytes (the base64 is ASCII: no second encoding to count it).
 */
export async function renderDataFile(h: DataFileHeader, part: DataPart, slices: TimeSlices): Promise<{ text: string; bytes: number }> {
  const out = new Uint8Array(base64Length(part.bytes.length));
  for (let from = 0; from < part.bytes.length; from += BASE64_STEP) {
    encodeBase64Range(part.bytes, from, Math.min(part.bytes.length, from + BASE64_STEP), out);
    await slices.maybePause(slices.checkEvery);
  }
  const head = [
    '---',
    `flows-data: ${JSON.stringify(DATA_FILE_FORMAT)}`,
    `checkpoint: ${h.checkpoint}`,
    `part: ${h.part}`,
    `parts: ${h.parts}`,
    `bytes: ${part.bytes.length}`,
    `sha256: ${JSON.stringify(part.sha256)}`,
    '---',
    '',
    `Part ${h.part} of ${h.parts} of the exact data of checkpoint ${h.checkpoint} (${h.note}), compressed, as base64. Restoring checks it against \`sha256\`; edits make it invalid.`,
    '',
    FENCE,
    '',
  ].join('\n');
  const tail = '```\n';
  return { text: `${head}${new TextDecoder().decode(out)}${tail}`, bytes: new TextEncoder().encode(head).length + out.length + tail.length };
}

export type ParsedDataFile = { ok: true; checkpoint: number | null; part: number | null; bytes: Uint8Array; sha256: string } | { ok: false; why: string };

/** Reads one data file back; says why not when it is not one, is cut short, or does not match its digest. */
export async function parseDataFile(text: string): Promise<ParsedDataFile> {
  // Frontmatter read by lines (text/frontmatter.ts): no expression built from a string over user text.
  const field = (name: string): string | null => {
    const raw = frontmatterRaw(text, name);
    return raw !== null && raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  };
  if (field('flows-data') !== DATA_FILE_FORMAT) return { ok: false, why: `is not a ${DATA_FILE_FORMAT} file` };
  const start = text.indexOf(`\n${FENCE}\n`);
  const end = text.lastIndexOf('\n```');
  if (start < 0 || end <= start) return { ok: false, why: 'is cut short (no closing fence)' };
  // Straight from the text (no copy encoded to bytes first), as queue segments are read: the
  // base64 decoder a restore then runs is one already warm. Lines as written are whole groups;
  // anything else (spaces an editor left) goes the tolerant way, as before.
  const from = start + FENCE.length + 2;
  const bytes = decodeBase64Text(text, from, end + 1) ?? decodeBase64(new TextEncoder().encode(text.slice(from, end + 1)));
  const digest = field('sha256');
  if (!bytes || digest === null) return { ok: false, why: 'holds something that is not base64' };
  if (String(bytes.length) !== field('bytes')) return { ok: false, why: `holds ${bytes.length} bytes where its header says ${field('bytes')}` };
  if (hex(await sha256(bytes)) !== digest) return { ok: false, why: 'does not match its sha256 (edited by hand or damaged)' };
  const num = (s: string | null): number | null => (s !== null && /^\d+$/.test(s) ? Number(s) : null);
  return { ok: true, checkpoint: num(field('checkpoint')), part: num(field('part')), bytes, sha256: digest };
}

// Restores decompress with inflate-parts.ts (the host's decompressor where it has one); re-exported for the store.
export { inflateParts } from './inflate-parts';
