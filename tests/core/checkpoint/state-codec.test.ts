import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64Range, base64Length } from '../../../src/core/checkpoint/base64';
import { ByteWriter } from '../../../src/core/checkpoint/byte-writer';
import { CHECKPOINT_FORMAT, type CheckpointHead } from '../../../src/core/checkpoint/checkpoint-data';
import { bytesPerPart, CompressedParts, DEFAULT_MAX_FILE_BYTES, inflateParts, PART_FILE_BYTES, parseDataFile, renderDataFile } from '../../../src/core/checkpoint/data-file';
import { decodeCheckpoint, encodeCheckpoint, type StatePart } from '../../../src/core/checkpoint/state-codec';
import { TimeSlices } from '../../../src/core/time-slices';

const head: CheckpointHead = { format: CHECKPOINT_FORMAT, drawing: 'd.md', id: 3, kind: 'full', createdAt: 'T', nodes: {}, offsets: { q: 1 }, sinks: {}, processed: 1 };
const noYield = (): TimeSlices => new TimeSlices(() => 0, () => Promise.resolve());

async function roundTrip(parts: StatePart[], partBytes = 1 << 20): Promise<{ state: Record<string, [string, number | null][]>; files: number }> {
  const compressed = new CompressedParts(partBytes);
  const w = new ByteWriter((c) => compressed.push(c));
  await encodeCheckpoint(head, parts, w, noYield());
  w.flush();
  const data = await compressed.finish();
  const texts = await Promise.all(data.map(async (d, i) => (await renderDataFile({ checkpoint: 3, part: i + 1, parts: data.length, note: 'n' }, d, noYield())).text));
  const parsed = await Promise.all(texts.map((t) => parseDataFile(t)));
  const bytes = parsed.map((p) => {
    if (!p.ok) throw new Error(p.why);
    return p.bytes;
  });
  const back = await decodeCheckpoint(await inflateParts(bytes, noYield()), noYield());
  expect(back.offsets).toEqual(head.offsets);
  return { state: back.state, files: texts.length };
}

describe('checkpoint data format v2', () => {
  it('gives back every key and exact value: odd keys, NaN, -0, infinities, subnormals, big and fractional numbers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 40 }), fc.double()), { maxLength: 300 }), async (pairs) => {
        const map = new Map(pairs);
        const { state } = await roundTrip([{ id: '__proto__', keys: map.keys(), valueOf: (k) => map.get(k) }, { id: 'empty', keys: [], valueOf: () => undefined }]);
        expect(Object.keys(state)).toEqual(['__proto__', 'empty']);
        const got = state['__proto__'];
        expect(got.map(([k]) => k)).toEqual([...map.keys()]);
        got.forEach(([k, v]) => expect(Object.is(v, map.get(k))).toBe(true));
      }),
      { numRuns: 60 },
    );
  });

  it('a key listed but gone reads back as NaN (as the JSON snapshot wrote null)', async () => {
    const { state } = await roundTrip([{ id: 'p', keys: ['gone'], valueOf: () => undefined }]);
    expect(state.p[0][0]).toBe('gone');
    expect(state.p[0][1]).toBeNaN();
  });

  it('splits the data into parts no bigger than the limit, read back in order', async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `key-${(i * 7919) % 100_003}-${i}`);
    const { state, files } = await roundTrip([{ id: 'p', keys, valueOf: (k) => k.length * 1.5 }], bytesPerPart(16 * 1024));
    expect(files).toBeGreaterThan(3);
    expect(state.p).toHaveLength(20_000);
    expect(state.p[19_999]).toEqual([keys[19_999], keys[19_999].length * 1.5]);
  });

  it('each data file stays within its byte limit', async () => {
    const limit = 16 * 1024;
    const compressed = new CompressedParts(bytesPerPart(limit));
    const w = new ByteWriter((c) => compressed.push(c));
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${Math.sin(i)}`);
    await encodeCheckpoint(head, [{ id: 'p', keys, valueOf: () => 1 }], w, noYield());
    w.flush();
    for (const [i, d] of (await compressed.finish()).entries()) {
      const file = await renderDataFile({ checkpoint: 3, part: i + 1, parts: 99, note: '[[checkpoint-0003]]' }, d, noYield());
      expect(new TextEncoder().encode(file.text).length).toBe(file.bytes);
      expect(file.bytes).toBeLessThanOrEqual(limit);
    }
  });

  it('writes data files of at most 1 MiB even when the limit allows 4 MiB (each is one string, made and encoded whole)', async () => {
    const partBytes = bytesPerPart(DEFAULT_MAX_FILE_BYTES);
    const bytes = new Uint8Array(partBytes).map((_, i) => (i * 131) & 0xff);
    const file = await renderDataFile({ checkpoint: 3, part: 1, parts: 1, note: '[[checkpoint-0003]]' }, { bytes, sha256: '0'.repeat(64) }, noYield());
    expect(file.bytes).toBeLessThanOrEqual(PART_FILE_BYTES);
    expect(file.bytes).toBeGreaterThan(PART_FILE_BYTES - 4096);
  });

  it('ends a slice once the time budget is spent, checking the clock only every few hundred items', async () => {
    let t = 0;
    let reads = 0;
    let yields = 0;
    const slices = new TimeSlices(
      () => {
        reads++;
        return t;
      },
      () => {
        yields++;
        return Promise.resolve();
      },
    );
    const w = new ByteWriter(() => undefined);
    const keys = Array.from({ length: 10_000 }, (_, i) => `k${i}`);
    // Each key "takes" 0.01 ms: the 2 ms budget is spent after 200 keys, seen at the next check (256).
    expect([slices.budgetMs, slices.checkEvery]).toEqual([2, 256]);
    await encodeCheckpoint(head, [{ id: 'p', keys, valueOf: () => ((t += 0.01), 1) }], w, slices);
    expect(yields).toBe(Math.floor(10_000 / 256));
    // One read at the start, one per check (every 256 keys), one per new slice.
    expect(reads).toBe(1 + Math.floor(10_000 / 256) + yields);
  });

  it('refuses bytes that are not a v2 checkpoint with a reason', async () => {
    await expect(decodeCheckpoint(new Uint8Array([1, 2, 3, 4, 2]), noYield())).rejects.toThrow(/does not start with EFCP/);
    await expect(decodeCheckpoint(new Uint8Array([0x45, 0x46, 0x43, 0x50, 9]), noYield())).rejects.toThrow(/format version 9/);
    await expect(decodeCheckpoint(new Uint8Array([0x45, 0x46, 0x43, 0x50, 2, 5, 0x7b]), noYield())).rejects.toThrow(/ends early/);
  });

  it('base64 matches the standard encoding, lines and all, and reads back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        const out = new Uint8Array(base64Length(bytes.length));
        encodeBase64Range(bytes, 0, Math.min(bytes.length, 1536), out);
        if (bytes.length > 1536) encodeBase64Range(bytes, 1536, bytes.length, out);
        const text = new TextDecoder().decode(out);
        expect(text.replace(/\n/g, '')).toBe(Buffer.from(bytes).toString('base64'));
        expect(text.split('\n').every((line) => line.length <= 1024)).toBe(true);
        expect([...decodeBase64(out)!]).toEqual([...bytes]);
      }),
    );
    expect(decodeBase64(new TextEncoder().encode('ab$c'))).toBeNull();
  });
});
