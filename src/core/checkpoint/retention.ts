import type { CheckpointKind } from './checkpoint-data';

export interface RetentionEntry {
  id: number;
  /** null: a note that cannot be read as a checkpoint; never counted and never deleted. */
  kind: CheckpointKind | null;
  parent: number | null;
}

/**
 * Which checkpoints to delete so that the newest `retain` full/incremental ones remain, plus
 * every checkpoint their base + delta chains still need. Manual checkpoints (savepoints) are
 * outside the ring and never deleted; neither is anything unreadable (a person may be editing it).
 */
export function checkpointsToPrune(entries: readonly RetentionEntry[], retain: number): number[] {
  const ring = entries.filter((e) => e.kind === 'full' || e.kind === 'incremental').sort((a, b) => a.id - b.id);
  if (retain <= 0 || ring.length <= retain) return [];
  const byId = new Map(ring.map((e) => [e.id, e]));
  const keep = new Set<number>();
  for (const e of ring.slice(-retain)) {
    let at: RetentionEntry | undefined = e;
    while (at && !keep.has(at.id)) {
      keep.add(at.id);
      at = at.kind === 'incremental' && at.parent !== null ? byId.get(at.parent) : undefined;
    }
  }
  return ring.filter((e) => !keep.has(e.id)).map((e) => e.id);
}
