/**
 * A source's append-only event log ("temp storage" in the seed). Kept as two parallel arrays
 * rather than an array of objects: the engine's inner loop reads millions of events and this
 * avoids an allocation per event. A restored log starts at `base`, the checkpoint's offset:
 * the events before it are never read back into memory; `keys[i]` is the event at offset
 * `base + i`, and `length` is the offset after the last event.
 */
/** Most events dropBefore moves to forget the ones before them (see there). */
const MOVE_AT_MOST = 1 << 18;

export class EventLog {
  readonly keys: string[] = [];
  readonly values: number[] = [];
  base = 0;
  /**
   * Events the durable queue holds after `length` that are not in memory yet: a restore reads
   * its backlog a segment at a time as the engine comes to them (DurableQueues.fill), so memory
   * follows one segment, not the backlog, and each segment's keys are still fresh (in cache,
   * young) when they are counted. The engine stops at a log that is drained with some still
   * unloaded (never skipping to another source), so sources interleave as if all were loaded.
   */
  unloaded = 0;

  get length(): number {
    return this.base + this.keys.length;
  }

  append(key: string, value: number): number {
    this.keys.push(key);
    this.values.push(value);
    return this.length - 1;
  }

  /**
   * Forgets the events before `offset`, all of them already run (a host feeding a long run keeps only
   * what is still to come: memory follows the queue's backlog, not the run's length). Offsets keep
   * their meaning: the log then starts at `offset`.
   */
  dropBefore(offset: number): void {
    const n = Math.min(offset, this.length) - this.base;
    if (n <= 0) return;
    if (n === this.keys.length) {
      this.keys.length = 0;
      this.values.length = 0;
    } else {
      // Splicing moves every event after the cut (a big array cannot be trimmed in place), at
      // ~16 ns an event: only when few are left to move (a few ms at most). A long backlog held
      // in memory is then forgotten once the run nears its end, instead of a checkpoint stalling
      // for a copy of millions (20M events: 324 ms; a 21M-event log made runs ~1.5x slower).
      if (this.keys.length - n > MOVE_AT_MOST) return;
      this.keys.splice(0, n);
      this.values.splice(0, n);
    }
    this.base += n;
  }

  /** Forgets every event (a simulated crash: the durable copy is on disk); the log starts at `base`. */
  clear(base = 0): void {
    this.keys.length = 0;
    this.values.length = 0;
    this.base = base;
    this.unloaded = 0;
  }
}
