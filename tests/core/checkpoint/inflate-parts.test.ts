import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { hostInflater, inflateParts } from '../../../src/core/checkpoint/inflate-parts';
import { TimeSlices } from '../../../src/core/time-slices';

const noYield = (): TimeSlices => new TimeSlices(() => 0, () => Promise.resolve());
const fflateOnly = (): null => null;
/** Equal bytes (toEqual on big arrays is slow to diff). */
const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Cuts `bytes` into pieces at the given fractions, as a checkpoint's data files cut one stream. */
function cut(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const points = [...new Set(at.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  out.push(bytes.subarray(from));
  return out;
}

describe('inflateParts', () => {
  it('is the host decompressor here (Node 20 has deflate-raw), so the tests below run both ways', () => {
    expect(hostInflater()).not.toBeNull();
  });

  it('gives back the exact bytes, natively and with fflate, however the stream is cut into parts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 70_000 }),
        fc.integer({ min: 0, max: 9 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
        async (raw, level, at) => {
          // Repeated runs make the data compressible, as a state's keys are.
          const data = new Uint8Array(raw.length * 3);
          for (let i = 0; i < 3; i++) data.set(raw, i * raw.length);
          const parts = cut(deflateSync(data, { level: level as 0 }), at);
          expect(same(await inflateParts(parts, noYield()), data)).toBe(true);
          expect(same(await inflateParts(parts, noYield(), fflateOnly), data)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('inflates more than one push (16 KiB) of input in order', async () => {
    // Pseudo-random bytes (xorshift): they barely compress, so the input is several pushes long.
    const data = new Uint8Array(200_000);
    let x = 2463534242;
    for (let i = 0; i < data.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      data[i] = x & 0xff;
    }
    const parts = cut(deflateSync(data, { level: 3 }), [0.3, 0.31, 0.9]);
    expect(parts[0].length).toBeGreaterThan(16 * 1024);
    expect(same(await inflateParts(parts, noYield()), data)).toBe(true);
  });

  it('says the data ends early when the last part is cut short, natively and with fflate', async () => {
    const data = new TextEncoder().encode('k1 k2 k3 '.repeat(20_000));
    const whole = deflateSync(data, { level: 3 });
    const short = [whole.subarray(0, Math.floor(whole.length / 2))];
    await expect(inflateParts(short, noYield())).rejects.toThrow(/^the compressed data ends early/);
    // fflate's own words for it (what restores said before the host's decompressor was used).
    await expect(inflateParts(short, noYield(), fflateOnly)).rejects.toThrow(/unexpected EOF/);
  });

  it('rejects bytes that are not DEFLATE with a RangeError saying so', async () => {
    const junk = [new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x00, 0x12, 0x34])];
    const err = await inflateParts(junk, noYield()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RangeError);
    expect(String((err as Error).message)).toMatch(/^the compressed data (does not inflate|ends early)/);
    await expect(inflateParts(junk, noYield(), fflateOnly)).rejects.toThrow();
  });

  it('gives nothing back for no bytes at all, as fflate did, without asking the host', async () => {
    let asked = 0;
    const counting = (): DecompressionStream | null => {
      asked++;
      return hostInflater();
    };
    expect((await inflateParts([], noYield(), counting)).length).toBe(0);
    expect((await inflateParts([new Uint8Array(0)], noYield(), counting)).length).toBe(0);
    expect(asked).toBe(0);
  });
});
