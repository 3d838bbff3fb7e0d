import { describe, expect, it } from 'vitest';
import { cutSegments, eventBytes, readSegment, renderSegment, SEGMENT_RAW_BYTES } from '../../../src/core/run/queue-segment';

const header = { queue: 'orders', run: 'r1', first: 100, note: '[[Flows/f/queues/orders]]' };
const KEYS = ['a', 'b | c', 'naïve', '', 'x\ny', '😀 emoji', 'k'.repeat(300)];
const VALUES = [1, -0, 2.5, Number.MAX_VALUE, 5e-324, -1e21, 3];

async function decode(text: string, sha: string, skip = 0): Promise<{ r: Awaited<ReturnType<typeof readSegment>>; keys: string[]; values: number[] }> {
  const keys: string[] = [];
  const values: number[] = [];
  return { r: await readSegment(text, sha, skip, keys, values), keys, values };
}

describe('a queue segment file', () => {
  it('reads back every key and value exactly, and from any event on', async () => {
    const seg = await renderSegment(header, KEYS, VALUES, 0, KEYS.length);
    expect(seg.text).toMatch(/^---\nflows-queue-segment: "excalidraw-flows\/queue-segment@1"\n/);
    expect(seg.text).toContain('first: 100\nevents: 7\n');
    const all = await decode(seg.text, seg.sha256);
    expect(all.r).toEqual({ ok: true, first: 100, count: 7 });
    expect(all.keys).toEqual(KEYS);
    expect(all.values.map((v) => Object.is(v, -0) ? '-0' : v)).toEqual(VALUES.map((v) => Object.is(v, -0) ? '-0' : v));
    const tail = await decode(seg.text, seg.sha256, 5);
    expect(tail.keys).toEqual(KEYS.slice(5));
    expect(tail.values).toEqual(VALUES.slice(5));
  });

  it('stores integer values as varints and reads them back exactly, repeated keys as one dictionary entry', async () => {
    const keys = ['a', 'b', 'a', 'a', 'c', 'b'];
    const ints = [1, -3, 2 ** 51, -(2 ** 51), 0, 7];
    const seg = await renderSegment(header, keys, ints, 0, keys.length);
    const floats = await renderSegment(header, keys, [...ints.slice(0, 5), 0.5], 0, keys.length);
    expect(seg.text.length).toBeLessThan(floats.text.length);
    const d = await decode(seg.text, seg.sha256);
    expect(d.keys).toEqual(keys);
    expect(d.values).toEqual(ints);
  });

  it('is cut short (a torn write): says so, adds nothing', async () => {
    const seg = await renderSegment(header, KEYS, VALUES, 0, KEYS.length);
    for (const cut of [seg.text.length - 10, Math.floor(seg.text.length * 0.8), 40]) {
      const d = await decode(seg.text.slice(0, cut), seg.sha256);
      expect(d.r.ok).toBe(false);
      expect(d.keys).toEqual([]);
    }
  });

  it('with one byte changed, or swapped for another segment, fails its checksum', async () => {
    const seg = await renderSegment(header, KEYS, VALUES, 0, KEYS.length);
    const at = seg.text.indexOf('```flows-data\n') + 20;
    const flipped = seg.text.slice(0, at) + (seg.text[at] === 'A' ? 'B' : 'A') + seg.text.slice(at + 1);
    expect((await decode(flipped, seg.sha256)).r).toEqual({ ok: false, why: 'does not match its sha256 (edited by hand or damaged)' });
    const other = await renderSegment(header, KEYS, VALUES, 1, KEYS.length);
    // A whole, valid segment file, but not the one the note's index names.
    expect((await decode(other.text, seg.sha256)).r.ok).toBe(false);
  });

  it('is cut so that no segment holds more raw bytes than the limit', () => {
    const keys = Array.from({ length: 200_000 }, (_, i) => `key-${i}`);
    const cuts = cutSegments(keys, 0, keys.length);
    expect(cuts[0][0]).toBe(0);
    expect(cuts.at(-1)![1]).toBe(keys.length);
    for (let i = 1; i < cuts.length; i++) expect(cuts[i][0]).toBe(cuts[i - 1][1]);
    for (const [a, b] of cuts) expect(keys.slice(a, b).reduce((n, k) => n + eventBytes(k), 0)).toBeLessThanOrEqual(SEGMENT_RAW_BYTES);
  });
});
