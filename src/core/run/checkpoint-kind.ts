/**
 * Which kind of checkpoint to write. A delta's cost follows what changed, but when nearly every
 * key changed between two checkpoints (a million keys each touched every epoch) a delta is as
 * big as a full snapshot, and it still lengthens the chain a restore must read (base + every
 * delta). Past `FULL_WHEN_CHANGED_SHARE` of the keys a full snapshot costs at most 1/share times
 * the delta and starts a new chain, so the checkpointer writes that instead.
 */
export const FULL_WHEN_CHANGED_SHARE = 0.5;

/**
 * Below this many keys either kind is a small file written in a few milliseconds: the chain is
 * kept as configured (one full in `fullEvery`), whatever share of the keys changed.
 */
export const CHOICE_FROM_KEYS = 10_000;

export interface KindInputs {
  mode: 'auto' | 'full' | 'manual';
  /** Deltas already written over the current base; null when there is no chain to extend. */
  deltasOnTip: number | null;
  /** Every this many ring checkpoints one is full. */
  fullEvery: number;
  /** Keys changed since the last checkpoint, over all states and upsert tables. */
  changedKeys: number;
  /** Keys held, over the same states and tables. */
  totalKeys: number;
}

export function chooseCheckpointKind(k: KindInputs): 'manual' | 'incremental' | 'full' {
  if (k.mode === 'manual') return 'manual';
  if (k.mode === 'full' || k.deltasOnTip === null || k.deltasOnTip + 1 >= k.fullEvery) return 'full';
  return k.totalKeys >= CHOICE_FROM_KEYS && k.changedKeys > k.totalKeys * FULL_WHEN_CHANGED_SHARE ? 'full' : 'incremental';
}
