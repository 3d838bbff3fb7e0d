/**
 * A running 64-bit digest of the lines of a note, in two 32-bit lanes. It is not a
 * cryptographic hash: it is the proof that a note still holds the rows a checkpoint committed
 * against the edits that happen to notes (a row deleted or retyped by hand, a bad merge, a sync
 * conflict), cheap enough to run on every row written. Its state is its value, so a restored
 * run goes on digesting from a checkpoint's digest without reading the rows again.
 */
export class RowDigest {
  private constructor(
    private a: number,
    private b: number,
  ) {}

  static empty(): RowDigest {
    return new RowDigest(0x811c9dc5, 0x9e3779b9);
  }

  /** The digest a proof recorded (16 hex digits); null for anything else. */
  static parse(text: string): RowDigest | null {
    if (!/^[0-9a-f]{16}$/.test(text)) return null;
    return new RowDigest(parseInt(text.slice(0, 8), 16) | 0, parseInt(text.slice(8), 16) | 0);
  }

  /** Adds one line (without its line ending: `\n` and `\r\n` notes digest the same). */
  line(text: string): void {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    // The line end, so `ab` + `c` never digests like `a` + `bc`.
    this.a = Math.imul(a ^ 10, 0x01000193);
    this.b = Math.imul(b ^ a, 0x5bd1e995) ^ (b >>> 13);
  }

  copy(): RowDigest {
    return new RowDigest(this.a, this.b);
  }

  toString(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}
