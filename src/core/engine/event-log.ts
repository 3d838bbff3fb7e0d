/**
 * A source's append-only event log ("temp storage" in the seed). Kept as two parallel arrays
 * rather than an array of objects: the engine's inner loop reads millions of events and this
 * avoids an allocation per event.
 */
export class EventLog {
  readonly keys: string[] = [];
  readonly values: number[] = [];

  get length(): number {
    return this.keys.length;
  }

  append(key: string, value: number): number {
    this.keys.push(key);
    this.values.push(value);
    return this.keys.length - 1;
  }

  /** Forgets every event (a simulated crash: the durable copy is on disk). */
  clear(): void {
    this.keys.length = 0;
    this.values.length = 0;
  }
}
