/** True for a key that cannot be a record (no `{` first, no ` @`): decodeRecordKey gives null for it without parsing. */
export const looksPlain = (key: string): boolean => key.charCodeAt(0) !== 123 && key.indexOf(' @') < 0;

/**
 * One key's value, and the checkpoint epoch in which it last changed. `plain`: the key is known
 * to be a plain event key (no record to decode), so an aggregate's input can skip decoding it
 * (operators.ts, plainKeyFastPath). It describes the key, never the value: it stays when the value changes.
 */
export interface Cell {
  value: number;
  epoch: number;
  plain: boolean;
}

/**
 * A processor's state: one number per key, plus the keys changed since the last checkpoint so
 * an incremental checkpoint costs what changed, not what is stored.
 *
 * Kept as one mutable cell per key: the hot path does a single Map lookup per event, and change
 * tracking is an epoch comparison (a key is listed as changed once per epoch, when its cell's
 * epoch falls behind), not a Set insert per event. `values` and `changed` give the Map- and
 * Set-like views the rest of the code reads.
 */
export class KeyedState {
  readonly cells = new Map<string, Cell>();
  /** Keys changed in the current epoch, in first-change order; operators push to it directly. */
  readonly changedKeys: string[] = [];
  /**
   * Beside each changed key (same index), its value when it first changed in this epoch, i.e.
   * its value at the previous checkpoint (0 for a key new in this epoch). Pushed in the same
   * once-per-key-per-epoch branch as the key, never per event: the checkpoint note's
   * "most-changed keys" are the changed keys with the largest |value now − this|.
   */
  readonly changedFrom: number[] = [];
  /** Bumped when the changed keys are cleared (a checkpoint took them); never 0, the epoch of restored cells. */
  epoch = 1;
  readonly values = new KeyedValues(this);
  readonly changed = new ChangedKeys(this);

  get(key: string): number | undefined {
    return this.cells.get(key)?.value;
  }

  /** Sets a key and marks it changed. */
  set(key: string, value: number): void {
    const cell = this.cells.get(key);
    if (cell === undefined) {
      this.cells.set(key, { value, epoch: this.epoch, plain: false });
      this.changedKeys.push(key);
      this.changedFrom.push(0);
      return;
    }
    if (cell.epoch !== this.epoch) {
      cell.epoch = this.epoch;
      this.changedKeys.push(key);
      this.changedFrom.push(cell.value);
    }
    cell.value = value;
  }

  /** Removes a key (windows drop their tombstones); through here, so a walk of `values.keys()` never answers for it. */
  delete(key: string): boolean {
    this.values.forgetWalk();
    return this.cells.delete(key);
  }

  /** Forgets which keys changed (a checkpoint holds them now). */
  clearChanged(): void {
    this.epoch++;
    this.changedKeys.length = 0;
    this.changedFrom.length = 0;
  }

  replaceAll(entries: Iterable<[string, number | null]>): void {
    this.values.forgetWalk();
    this.cells.clear();
    this.clearChanged();
    this.applyDelta(entries);
  }

  /** Overwrites some keys without marking them changed (restore applies a checkpoint's delta). */
  applyDelta(entries: Iterable<[string, number | null]>): void {
    // JSON has no NaN: a snapshot stores it as null.
    for (const [k, v] of entries) this.restoreOne(k, v);
  }

  /**
   * Puts one key back without marking it changed. A key with no `{` first and no ` @` is marked
   * plain at once (what the first event of it would teach plainKeyFastPath, exactly: such a key
   * decodes to no record, so it is its own group with its own value): after a restore of
   * 100,000 keys their first events then take the fast path, not three lookups and a decode
   * each (a replay of 1,000,000 events over them: engine 662 -> 563 ms, median of 6 each).
   */
  restoreOne(key: string, value: number | null): void {
    const cell = this.cells.get(key);
    if (cell === undefined) this.cells.set(key, { value: value ?? Number.NaN, epoch: 0, plain: looksPlain(key) });
    else cell.value = value ?? Number.NaN;
  }
}

/**
 * The state as a read-mostly Map of key → value (iteration yields `[key, value]`).
 *
 * `keys()` remembers the cell of the key it yielded last, so a `get` of that very key (what a
 * full checkpoint does for each key: walk keys(), ask each one's value) needs no Map lookup:
 * 100,000 such lookups cost 8-50 ms here, in random order in memory. Only for the key just
 * yielded and until the walk ends; replaceAll and delete forget it (remove cells through those,
 * not `cells` itself, while a walk may be under way).
 */
export class KeyedValues {
  private walkKey: string | undefined = undefined;
  private walkCell: Cell | undefined = undefined;

  constructor(private readonly state: KeyedState) {}

  get size(): number {
    return this.state.cells.size;
  }
  get(key: string): number | undefined {
    if (key === this.walkKey) return this.walkCell!.value;
    return this.state.cells.get(key)?.value;
  }
  /** Ends what keys() remembers (the cells are being replaced). */
  forgetWalk(): void {
    this.walkKey = undefined;
    this.walkCell = undefined;
  }
  has(key: string): boolean {
    return this.state.cells.has(key);
  }
  /** Sets a key and marks it changed, as an operator would. */
  set(key: string, value: number): this {
    this.state.set(key, value);
    return this;
  }
  *keys(): IterableIterator<string> {
    try {
      for (const [key, cell] of this.state.cells) {
        this.walkKey = key;
        this.walkCell = cell;
        yield key;
      }
    } finally {
      this.forgetWalk();
    }
  }
  *entries(): IterableIterator<[string, number]> {
    for (const [k, c] of this.state.cells) yield [k, c.value];
  }
  *values(): IterableIterator<number> {
    for (const c of this.state.cells.values()) yield c.value;
  }
  forEach(fn: (value: number, key: string) => void): void {
    for (const [k, c] of this.state.cells) fn(c.value, k);
  }
  [Symbol.iterator](): IterableIterator<[string, number]> {
    return this.entries();
  }
}

/** The keys changed since the last checkpoint, as a read-mostly Set (first-change order). */
export class ChangedKeys {
  constructor(private readonly state: KeyedState) {}

  get size(): number {
    return this.state.changedKeys.length;
  }
  has(key: string): boolean {
    return this.state.cells.get(key)?.epoch === this.state.epoch;
  }
  clear(): void {
    this.state.clearChanged();
  }
  [Symbol.iterator](): IterableIterator<string> {
    return this.state.changedKeys[Symbol.iterator]();
  }
}
