/** A checkpoint and, when it is a restore's copy, the older checkpoint it was restored from (`restored_from`). */
export interface RestoredFrom {
  id: number;
  restoredFrom: number | null;
}

/** The restore that left a checkpoint behind: its copy, and the checkpoint it went back to. */
export interface LeftBehind {
  copy: number;
  restoredFrom: number;
}

/**
 * The restore that left checkpoint `id` behind, or null: the first newer checkpoint (of `notes`,
 * ascending) that is a copy of one older than `id`. The output `id` committed after that older
 * one was cut from the sink notes then, so `id` can no longer be restored.
 */
export function leftBehindBy(id: number, notes: readonly RestoredFrom[]): LeftBehind | null {
  for (const n of notes) if (n.id > id && n.restoredFrom !== null && n.restoredFrom < id) return { copy: n.id, restoredFrom: n.restoredFrom };
  return null;
}
