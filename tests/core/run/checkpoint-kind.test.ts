import { describe, expect, it } from 'vitest';
import { CHOICE_FROM_KEYS, chooseCheckpointKind, FULL_WHEN_CHANGED_SHARE } from '../../../src/core/run/checkpoint-kind';

const auto = { mode: 'auto' as const, deltasOnTip: 0, fullEvery: 10, totalKeys: 1_000_000 };

describe('choosing a checkpoint kind', () => {
  it('writes a delta when few keys changed', () => {
    expect(chooseCheckpointKind({ ...auto, changedKeys: 1_000 })).toBe('incremental');
    expect(chooseCheckpointKind({ ...auto, changedKeys: 0 })).toBe('incremental');
  });

  it('writes a full snapshot when nearly every key changed: the delta would be as big, and the chain longer', () => {
    expect(chooseCheckpointKind({ ...auto, changedKeys: 1_000_000 })).toBe('full');
    expect(chooseCheckpointKind({ ...auto, changedKeys: 950_000 })).toBe('full');
  });

  it('puts the line at the stated share of the keys', () => {
    const at = auto.totalKeys * FULL_WHEN_CHANGED_SHARE;
    expect(chooseCheckpointKind({ ...auto, changedKeys: at })).toBe('incremental');
    expect(chooseCheckpointKind({ ...auto, changedKeys: at + 1 })).toBe('full');
  });

  it('keeps the other rules: no chain, the n-th ring checkpoint, a forced full one, a manual savepoint', () => {
    expect(chooseCheckpointKind({ ...auto, deltasOnTip: null, changedKeys: 1 })).toBe('full');
    expect(chooseCheckpointKind({ ...auto, deltasOnTip: 9, changedKeys: 1 })).toBe('full');
    expect(chooseCheckpointKind({ ...auto, deltasOnTip: 8, changedKeys: 1 })).toBe('incremental');
    expect(chooseCheckpointKind({ ...auto, mode: 'full', changedKeys: 1 })).toBe('full');
    expect(chooseCheckpointKind({ ...auto, mode: 'manual', changedKeys: 1_000_000 })).toBe('manual');
    // An empty state: nothing to compare, a delta as before.
    expect(chooseCheckpointKind({ ...auto, totalKeys: 0, changedKeys: 0 })).toBe('incremental');
  });

  it('keeps the configured chain for small states, where either kind is a small file', () => {
    expect(chooseCheckpointKind({ ...auto, totalKeys: CHOICE_FROM_KEYS - 1, changedKeys: CHOICE_FROM_KEYS - 1 })).toBe('incremental');
    expect(chooseCheckpointKind({ ...auto, totalKeys: CHOICE_FROM_KEYS, changedKeys: CHOICE_FROM_KEYS })).toBe('full');
  });
});
