/** Rows of each table a checkpoint note shows per processor, whatever the size of its state. */
export const PREVIEW_ROWS = 10;

/** What the note shows of one processor's state (the data files hold all of it). */
export interface StatePreview {
  id: string;
  totalKeys: number;
  /** Keys changed since the previous checkpoint; null when unknown (first one, or after a restore). */
  changedKeys: number | null;
  /** The first keys written (insertion order). */
  first: [string, number][];
  /** The keys written with the largest values (by magnitude), largest first. */
  largest: [string, number][];
  /** Keys this checkpoint wrote for the processor: all of them (full) or the changed ones (delta). */
  written: number;
}

/**
 * Collects a preview while the encoder walks the keys: the first PREVIEW_ROWS keys and, with a
 * small sorted array, the PREVIEW_ROWS largest values. Costs a comparison per key.
 */
export class PreviewCollector {
  readonly first: [string, number][] = [];
  readonly largest: [string, number][] = [];
  written = 0;
  private floor = -1;

  add(key: string, value: number): void {
    this.written++;
    if (this.first.length < PREVIEW_ROWS) this.first.push([key, value]);
    const size = Math.abs(value);
    if (!(size > this.floor) && this.largest.length >= PREVIEW_ROWS) return;
    if (Number.isNaN(size)) return;
    let at = this.largest.length;
    while (at > 0 && Math.abs(this.largest[at - 1][1]) < size) at--;
    this.largest.splice(at, 0, [key, value]);
    if (this.largest.length > PREVIEW_ROWS) this.largest.pop();
    this.floor = this.largest.length >= PREVIEW_ROWS ? Math.abs(this.largest[this.largest.length - 1][1]) : -1;
  }
}
