import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../src/core/engine/event-log';

describe('EventLog.dropBefore', () => {
  it('forgets the events before an offset and keeps the offsets of the rest', () => {
    const log = new EventLog();
    for (let i = 0; i < 10; i++) log.append(`k${i}`, i);
    log.dropBefore(6);
    expect([log.base, log.length, log.held, log.keyAt(6), log.valueAt(6)]).toEqual([6, 10, 4, 'k6', 6]);
    log.dropBefore(2);
    expect(log.base).toBe(6);
    expect(log.append('k10', 10)).toBe(10);
    log.dropBefore(99);
    expect([log.base, log.length, log.held, log.inMemory]).toEqual([11, 11, 0, 0]);
    expect(log.append('k11', 11)).toBe(11);
    expect(log.keyAt(11)).toBe('k11');
  });

  it('frees whole chunks of a long backlog without moving the events kept, which read back in order', () => {
    const log = new EventLog();
    const n = 300_000;
    for (let i = 0; i < n; i++) log.append(`k${i}`, i);
    log.dropBefore(10);
    expect([log.base, log.held, log.inMemory]).toEqual([10, n - 10, n]);
    log.dropBefore(200_000);
    expect([log.base, log.held]).toEqual([200_000, 100_000]);
    // Only the chunk the cut falls in keeps run events: 200,000 - 3 * 65,536.
    expect(log.inMemory).toBe(n - 3 * 65_536);
    const seen: string[] = [];
    const values: number[] = [];
    log.emitRange(200_000, n, (k, v) => {
      seen.push(k);
      values.push(v);
    });
    expect(seen).toEqual(Array.from({ length: 100_000 }, (_, i) => `k${200_000 + i}`));
    expect(values).toEqual(Array.from({ length: 100_000 }, (_, i) => 200_000 + i));
  });

  it('reads across chunk edges wherever a range starts and ends', () => {
    const log = new EventLog();
    log.clear(70_000);
    for (let i = 0; i < 200_000; i++) log.append(`k${70_000 + i}`, i);
    for (const [from, to] of [[70_000, 70_001], [135_535, 135_537], [70_000, 270_000], [200_000, 200_000], [201_071, 266_608]]) {
      const got: string[] = [];
      log.emitRange(from, to, (k) => got.push(k));
      expect(got).toEqual(Array.from({ length: to - from }, (_, i) => `k${from + i}`));
    }
  });
});

describe('EventLog.appendFilled', () => {
  it('keeps a filled segment whole, after appended events, and reads on across it', () => {
    const log = new EventLog();
    log.clear(5);
    log.append('a', 1);
    log.appendFilled((keys, values) => {
      for (let i = 0; i < 70_000; i++) {
        keys.push(`s${i}`);
        values.push(i);
      }
    });
    log.append('z', 9);
    expect([log.base, log.length, log.keyAt(5), log.keyAt(6), log.keyAt(70_005), log.keyAt(70_006), log.valueAt(70_006)]).toEqual([5, 70_007, 'a', 's0', 's69999', 'z', 9]);
    const got: string[] = [];
    log.emitRange(70_004, 70_007, (k) => got.push(k));
    // Out of order, as the run view's peek does between engine slices.
    expect([...got, log.keyAt(7)]).toEqual(['s69998', 's69999', 'z', 's1']);
    log.dropBefore(70_006);
    expect([log.held, log.inMemory, log.keyAt(70_006)]).toEqual([1, 1, 'z']);
  });

  it('appends nothing when the fill throws', () => {
    const log = new EventLog();
    log.append('a', 1);
    expect(() =>
      log.appendFilled((keys, values) => {
        keys.push('b');
        values.push(2);
        throw new Error('does not decode');
      }),
    ).toThrow('does not decode');
    expect([log.length, log.held]).toEqual([1, 1]);
    log.append('c', 3);
    expect([log.keyAt(1), log.length]).toEqual(['c', 2]);
  });
});
