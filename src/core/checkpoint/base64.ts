/**
 * Base64 (RFC 4648, standard alphabet, `=` padding) between bytes and text, written into flat
 * byte arrays rather than by string concatenation, in ranges a caller can run between yields.
 * Notes must be text (Obsidian Sync always carries Markdown; other file types only when the
 * user turns them on), so the compressed checkpoint data travels as base64 lines.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENC = new Uint8Array(64);
const DEC = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) {
  ENC[i] = ALPHABET.charCodeAt(i);
  DEC[ALPHABET.charCodeAt(i)] = i;
}
const PAD = 61; // '='
const NEWLINE = 10;

/** Characters per base64 line (a multiple of 4, so each line decodes on its own). */
export const LINE_CHARS = 1024;

/** Length in characters of the base64 of `n` bytes, lines of LINE_CHARS ended by `\n`. */
export function base64Length(n: number): number {
  const chars = Math.ceil(n / 3) * 4;
  return chars + Math.ceil(chars / LINE_CHARS);
}

/**
 * Encodes bytes [from, to) of `src` (from a multiple of 3, to the end or a multiple of 3) into
 * `out` at the place those bytes' characters belong in the whole text; each line ends with `\n`.
 */
export function encodeBase64Range(src: Uint8Array, from: number, to: number, out: Uint8Array): void {
  const bytesPerLine = (LINE_CHARS / 4) * 3;
  for (let i = from; i < to; i += 3) {
    const group = i / 3;
    const charAt = group * 4;
    const at = charAt + Math.floor(charAt / LINE_CHARS);
    const b0 = src[i];
    const b1 = i + 1 < src.length ? src[i + 1] : 0;
    const b2 = i + 2 < src.length ? src[i + 2] : 0;
    out[at] = ENC[b0 >> 2];
    out[at + 1] = ENC[((b0 & 3) << 4) | (b1 >> 4)];
    out[at + 2] = i + 1 < src.length ? ENC[((b1 & 15) << 2) | (b2 >> 6)] : PAD;
    out[at + 3] = i + 2 < src.length ? ENC[b2 & 63] : PAD;
    const lineEnds = (i + 3) % bytesPerLine === 0 || i + 3 >= src.length;
    if (lineEnds) out[at + 4] = NEWLINE;
  }
}

/** Decodes base64 text given as its ASCII bytes; whitespace is skipped; null on any other stray character. */
export function decodeBase64(ascii: Uint8Array): Uint8Array | null {
  const out = new Uint8Array(Math.floor((ascii.length * 3) / 4) + 3);
  let n = 0;
  let acc = 0;
  let bits = 0;
  let padded = false;
  for (let i = 0; i < ascii.length; i++) {
    const c = ascii[i];
    if (c === NEWLINE || c === 13 || c === 32 || c === 9) continue;
    if (c === PAD) {
      padded = true;
      continue;
    }
    const v = DEC[c];
    if (v < 0 || padded) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

const dec = (c: number): number => (c < 256 ? DEC[c] : -1);

/**
 * Decodes base64 lines straight from text[from, to), four characters at a time (lines are
 * whole groups: LINE_CHARS is a multiple of 4), without encoding the text to bytes first:
 * several times faster than decodeBase64 on a queue segment. Line ends (`\n`, `\r\n`) may sit
 * between groups; anything else that is not base64, or text after the padding, gives null.
 */
export function decodeBase64Text(text: string, from: number, to: number): Uint8Array | null {
  const out = new Uint8Array(Math.floor(((to - from) * 3) / 4) + 3);
  let n = 0;
  let i = from;
  while (i < to) {
    const c0 = text.charCodeAt(i);
    if (c0 === NEWLINE || c0 === 13) {
      i++;
      continue;
    }
    if (i + 4 > to) return null;
    const a = dec(c0);
    const b = dec(text.charCodeAt(i + 1));
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    if (a < 0 || b < 0) return null;
    out[n++] = (a << 2) | (b >> 4);
    i += 4;
    if (c2 === PAD || c3 === PAD) {
      if (c3 !== PAD) return null;
      if (c2 !== PAD) {
        const c = dec(c2);
        if (c < 0) return null;
        out[n++] = ((b & 15) << 4) | (c >> 2);
      }
      // Only line ends may follow the padding.
      for (; i < to; i++) if (text.charCodeAt(i) !== NEWLINE && text.charCodeAt(i) !== 13) return null;
      break;
    }
    const c = dec(c2);
    const d = dec(c3);
    if (c < 0 || d < 0) return null;
    out[n++] = ((b & 15) << 4) | (c >> 2);
    out[n++] = ((c & 3) << 6) | d;
  }
  return out.subarray(0, n);
}
