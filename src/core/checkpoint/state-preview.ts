/** Rows of each table a checkpoint note shows per processor, whatever the size of its state. */
export const PREVIEW_ROWS = 10;

/** A key, its value, and how far it moved since the previous checkpoint (`|now − then|`). */
export type ChangedRow = [key: string, value: number, change: number];

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
  /**
   * The keys whose value moved most since the previous checkpoint, by `|value now − value then|`
   * (a key new since then counts from 0), most first; null when there is no previous checkpoint.
   */
  mostChanged: ChangedRow[] | null;
  /** Keys this checkpoint wrote for the processor: all of them (full) or the changed ones (delta). */
  written: number;
}

/**
 * The keys changed since the previous checkpoint and, at the same index, each one's value then
 * (KeyedState.changedKeys / changedFrom: recorded once per key per epoch, never per event).
 */
export interface ChangeLog {
  keys: readonly string[];
  from: readonly number[];
}

/** The `PREVIEW_ROWS` rows with the largest `size`, largest first, with a sorted array: a comparison per row. */
class TopRows<R> {
  readonly rows: R[] = [];
  private floor = -1;

  constructor(private readonly sizeOf: (row: R) => number) {}

  /** Whether a row of `size` would be kept (checked before the row is made: no allocation per key). */
  takes(size: number): boolean {
    return (size > this.floor || this.rows.length < PREVIEW_ROWS) && !Number.isNaN(size);
  }

  /** Keeps `row` (call only when `takes(size)`). */
  offer(row: R, size: number): void {
    let at = this.rows.length;
    while (at > 0 && this.sizeOf(this.rows[at - 1]) < size) at--;
    this.rows.splice(at, 0, row);
    if (this.rows.length > PREVIEW_ROWS) this.rows.pop();
    this.floor = this.rows.length >= PREVIEW_ROWS ? this.sizeOf(this.rows[this.rows.length - 1]) : -1;
  }
}

/**
 * Collects a preview while the encoder walks the keys: the first PREVIEW_ROWS keys and the
 * PREVIEW_ROWS largest values; and, from the change log, the PREVIEW_ROWS most-changed keys.
 * Costs a comparison or two per key; a row is only made for a key that makes the top rows.
 */
export class PreviewCollector {
  readonly first: [string, number][] = [];
  private readonly top = new TopRows<[string, number]>((r) => Math.abs(r[1]));
  private readonly moved = new TopRows<ChangedRow>((r) => r[2]);
  /** Whether a change log was read (else mostChanged is null). */
  private hasChanges = false;
  written = 0;

  get largest(): [string, number][] {
    return this.top.rows;
  }

  get mostChanged(): ChangedRow[] | null {
    return this.hasChanges ? this.moved.rows : null;
  }

  add(key: string, value: number): void {
    this.written++;
    if (this.first.length < PREVIEW_ROWS) this.first.push([key, value]);
    const size = Math.abs(value);
    if (this.top.takes(size)) this.top.offer([key, value], size);
  }

  /** One changed key: its value now (undefined when it is gone, e.g. a closed window's cell) and at the previous checkpoint. */
  change(key: string, value: number | undefined, from: number): void {
    this.hasChanges = true;
    if (value === undefined) return;
    const by = Math.abs(value - from);
    // A value that became or stopped being NaN changed, by an amount no number says: ranked last.
    const rank = !Number.isNaN(by) ? by : Number.isNaN(value) && Number.isNaN(from) ? Number.NaN : 0;
    if (this.moved.takes(rank)) this.moved.offer([key, value, by], rank);
  }

  /** Marks the change log as read even when it was empty (nothing changed). */
  noChanges(): void {
    this.hasChanges = true;
  }
}
