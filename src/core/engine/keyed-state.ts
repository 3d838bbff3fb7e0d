/**
 * A processor's state: one number per key, plus the keys changed since the last checkpoint so
 * an incremental checkpoint costs what changed, not what is stored.
 */
export class KeyedState {
  readonly values = new Map<string, number>();
  readonly changed = new Set<string>();

  get(key: string): number | undefined {
    return this.values.get(key);
  }

  set(key: string, value: number): void {
    this.values.set(key, value);
    this.changed.add(key);
  }

  replaceAll(entries: Iterable<[string, number | null]>): void {
    this.values.clear();
    this.changed.clear();
    this.applyDelta(entries);
  }

  /** Overwrites some keys without marking them changed (restore applies a checkpoint's delta). */
  applyDelta(entries: Iterable<[string, number | null]>): void {
    // JSON has no NaN: a snapshot stores it as null.
    for (const [k, v] of entries) this.values.set(k, v ?? Number.NaN);
  }
}
