import { describe, expect, it } from 'vitest';
import { checkpointsToPrune, type RetentionEntry } from '../../../src/core/checkpoint/retention';

const full = (id: number): RetentionEntry => ({ id, kind: 'full', parent: null });
const delta = (id: number, parent: number): RetentionEntry => ({ id, kind: 'incremental', parent });
const manual = (id: number): RetentionEntry => ({ id, kind: 'manual', parent: null });

describe('checkpointsToPrune', () => {
  it('keeps the newest N full checkpoints and deletes the rest', () => {
    expect(checkpointsToPrune([full(1), full(2), full(3), full(4)], 2)).toEqual([1, 2]);
  });

  it('never deletes a base or parent a retained delta still needs', () => {
    const entries = [full(1), delta(2, 1), delta(3, 2), full(4), delta(5, 4), delta(6, 5)];
    expect(checkpointsToPrune(entries, 1)).toEqual([1, 2, 3]);
    expect(checkpointsToPrune(entries, 4)).toEqual([]);
    expect(checkpointsToPrune([full(1), delta(2, 1), delta(3, 2), delta(4, 3)], 1)).toEqual([]);
  });

  it('keeps manual checkpoints and unreadable notes outside the ring', () => {
    const entries = [manual(1), full(2), { id: 3, kind: null, parent: null }, full(4), manual(5), full(6)];
    expect(checkpointsToPrune(entries, 1)).toEqual([2, 4]);
  });

  it('follows a chain that branches after a restore of an older checkpoint', () => {
    // 4 and 5 were written after restoring 2: 5 is a delta over 4, 4 over 2.
    const entries = [full(1), delta(2, 1), delta(3, 2), delta(4, 2), delta(5, 4)];
    expect(checkpointsToPrune(entries, 1)).toEqual([3]);
  });
});
