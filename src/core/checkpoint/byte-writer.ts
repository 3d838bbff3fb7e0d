/**
 * Writes numbers and strings into flat byte chunks (no string concatenation, no per-entry
 * arrays): each full chunk is handed to `emit` (the compressor) and a fresh one started, so a
 * snapshot of a million keys never lives as a pile of short strings. Chunks are 16 KiB: each one
 * compressed costs about half a millisecond here, so the time slices stay short.
 */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;
  private readonly encoder = new TextEncoder();
  /** Bytes emitted so far plus the ones pending. */
  get length(): number {
    return this.emitted + this.pos;
  }
  private emitted = 0;

  constructor(
    private readonly emit: (chunk: Uint8Array) => void,
    private readonly chunkSize = 16 * 1024,
  ) {
    this.buf = new Uint8Array(chunkSize);
    this.view = new DataView(this.buf.buffer);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) {
      this.buf = new Uint8Array(n);
      this.view = new DataView(this.buf.buffer);
    }
  }

  /** Hands the pending bytes on (a chunk of their own) and starts a new chunk. */
  flush(): void {
    if (this.pos === 0) return;
    this.emit(this.buf.subarray(0, this.pos));
    this.emitted += this.pos;
    this.buf = new Uint8Array(this.chunkSize);
    this.view = new DataView(this.buf.buffer);
    this.pos = 0;
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.pos++] = v;
  }

  /** Unsigned LEB128 of a whole number in [0, 2^53). */
  varint(v: number): void {
    this.room(8);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  f64(v: number): void {
    this.room(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  /** A string as its UTF-8 byte length (varint) then its bytes; ASCII is copied by hand (faster than encodeInto for short keys). */
  string(s: string): void {
    const n = s.length;
    let ascii = true;
    for (let i = 0; i < n; i++) {
      if (s.charCodeAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      this.varint(n);
      this.room(n);
      const buf = this.buf;
      let at = this.pos;
      for (let i = 0; i < n; i++) buf[at++] = s.charCodeAt(i);
      this.pos = at;
      return;
    }
    const bytes = this.encoder.encode(s);
    this.varint(bytes.length);
    this.room(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
}
