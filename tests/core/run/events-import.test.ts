import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/core/checkpoint/checksum';
import { importId } from '../../../src/core/run/events-import';
import { renderQueueRows } from '../../../src/core/run/queue-file';

/** The fingerprint as every earlier version computed it: the whole rows text, hashed at once. */
async function wholeTextId(events: readonly { key: string; value: number }[]): Promise<string> {
  return `sha256:${await sha256Hex(renderQueueRows(0, events.map((e) => e.key), events.map((e) => e.value)))}/${events.length}`;
}

describe('importId', () => {
  it('is the hash of the whole rows text, rendered in chunks (imports recorded by earlier versions still match)', async () => {
    const key = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('a|b', 'back\\slash', 'line\nbreak', '\ud800', 'x\udc00y', '😀'));
    const value = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ key, value }), { maxLength: 40 }), async (events) => {
        expect(await importId(events)).toBe(await wholeTextId(events));
      }),
      { numRuns: 200 },
    );
  });

  it('matches across chunk boundaries (20,000 events, keys of every width)', async () => {
    const widths = ['k', 'é', '中', '😀', '\ud83d'];
    const events = Array.from({ length: 20_000 }, (_, i) => ({ key: `${widths[i % widths.length]}${i}`, value: i % 7 === 0 ? -0 : i / 3 }));
    expect(await importId(events)).toBe(await wholeTextId(events));
    expect(await importId(events.slice(0, 8192))).toBe(await wholeTextId(events.slice(0, 8192)));
    expect(await importId(events.slice(0, 8193))).toBe(await wholeTextId(events.slice(0, 8193)));
  });
});
