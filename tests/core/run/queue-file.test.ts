import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQueueFile, renderQueueHeader, renderQueueRows } from '../../../src/core/run/queue-file';

const header = renderQueueHeader({ drawing: 'd.excalidraw.md', queue: 'orders', elementId: 'q1', run: '2026-01-01T00:00:00.000Z/1' });

describe('queue note rows', () => {
  it('any keys and values read back exactly, at their offsets (-0, NaN and ±Infinity included)', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.array(fc.tuple(fc.string({ unit: 'binary', minLength: 1 }), fc.double()), { maxLength: 40 }), (first, events) => {
        const text = header + renderQueueRows(first, events.map((e) => e[0]), events.map((e) => e[1]));
        const parsed = parseQueueFile(text, 'q.md');
        expect(parsed.run).toBe('2026-01-01T00:00:00.000Z/1');
        expect(parsed.repaired).toBeNull();
        expect(parsed.keys).toEqual(events.map((e) => e[0]));
        expect(parsed.values.length).toBe(events.length);
        parsed.values.forEach((v, i) => expect(Object.is(v, events[i][1])).toBe(true));
        if (events.length) expect(parsed.firstOffset).toBe(first);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('a torn last row is dropped and reported as the text to write back', () => {
    const whole = header + renderQueueRows(5, ['a', 'b | c'], [1, 2]);
    const parsed = parseQueueFile(`${whole}| 7 | d | 1`, 'q.md');
    expect(parsed.keys).toEqual(['a', 'b | c']);
    expect(parsed.repaired).toBe(whole);
  });

  it('a row out of sequence is an error naming the file and line', () => {
    const text = header + renderQueueRows(0, ['a'], [1]) + renderQueueRows(2, ['b'], [1]);
    expect(() => parseQueueFile(text, 'q.md')).toThrow(/^q\.md, line \d+: offset 2 where 1 was expected/);
  });
});
