/**
 * A source's append-only event log ("temp storage" in the seed), held in chunks of up to 65,536
 * events, each two parallel arrays (keys, values) rather than an array of objects: the engine's
 * inner loop reads millions of events and this avoids an allocation per event. Offsets are the
 * queue's: a restored log starts at the checkpoint's offset (the events before it are never
 * read back into memory), and `length` is the offset after the last event.
 *
 * Chunks, so that forgetting run events never moves the ones kept: `dropBefore` lets go of
 * whole chunks (a pointer each), and a restore's decoded queue segment becomes a chunk as it
 * is. One flat pair of arrays had to splice every kept event to free the run ones, ~16 ns
 * each: 250,000 queued events stalled a checkpoint ~8 ms, and a long backlog could not be
 * freed at all without a stall of hundreds of milliseconds.
 */
/** Events a chunk grows to by appends (a restore's decoded segments, at most as many, come whole). */
const CHUNK = 1 << 16;

interface Chunk {
  /** Offset of its first event. */
  start: number;
  /** Events it holds: the arrays may be longer (a reused chunk's slots after `count` are stale). */
  count: number;
  keys: string[];
  values: number[];
}

/** Run chunks kept to be filled again: a long fed run then allocates no new arrays (each 512 KiB, in V8's large-object space). */
const SPARES = 2;

export class EventLog {
  /** Contiguous: each chunk starts where the one before it ends. */
  private chunks: Chunk[] = [];
  /** Index of the chunk the last lookup found: the engine reads in order, so the next is there or after. */
  private hint = 0;
  private end = 0;
  private readonly spares: Chunk[] = [];
  /** The first offset still held: the ones before it are forgotten (run, and durable on disk). */
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
    return this.end;
  }

  /** Events in memory (from `base` to `length`). */
  get held(): number {
    return this.end - this.base;
  }

  /** Events whose slots memory still holds: the held ones and the run ones sharing a chunk with them. */
  get inMemory(): number {
    return this.chunks.length === 0 ? 0 : this.end - this.chunks[0].start;
  }

  private newChunk(): Chunk {
    const spare = this.spares.pop();
    if (spare === undefined) return { start: this.end, count: 0, keys: [], values: [] };
    spare.start = this.end;
    spare.count = 0;
    return spare;
  }

  append(key: string, value: number): number {
    let last = this.chunks[this.chunks.length - 1];
    if (last === undefined || last.count >= CHUNK) {
      last = this.newChunk();
      this.chunks.push(last);
    }
    const j = last.count++;
    if (j < last.keys.length) {
      last.keys[j] = key;
      last.values[j] = value;
    } else {
      last.keys.push(key);
      last.values.push(value);
    }
    return this.end++;
  }

  /**
   * Appends the events `fill` pushes onto two fresh arrays, kept as they are (no copy): how a
   * restore hands over a decoded queue segment. Nothing is appended when `fill` throws.
   */
  appendFilled(fill: (keys: string[], values: number[]) => void): void {
    const keys: string[] = [];
    const values: number[] = [];
    fill(keys, values);
    if (keys.length !== values.length) throw new Error(`event log: ${keys.length} keys against ${values.length} values`);
    if (keys.length === 0) return;
    this.chunks.push({ start: this.end, count: keys.length, keys, values });
    this.end += keys.length;
  }

  /** Index of the chunk holding `offset` (held: `base <= offset < length`). */
  private find(offset: number): number {
    const chunks = this.chunks;
    let i = this.hint < chunks.length ? this.hint : 0;
    if (offset < chunks[i].start) i = 0;
    while (offset >= chunks[i].start + chunks[i].count) i++;
    this.hint = i;
    return i;
  }

  /** The key of the event at `offset` (held: `base <= offset < length`). */
  keyAt(offset: number): string {
    const c = this.chunks[this.find(offset)];
    return c.keys[offset - c.start];
  }

  valueAt(offset: number): number {
    const c = this.chunks[this.find(offset)];
    return c.values[offset - c.start];
  }

  /** Hands the events from `from` up to `to` (held offsets) to `emit`, in order: the engine's hot loop. */
  emitRange(from: number, to: number, emit: (key: string, value: number) => void): void {
    if (from >= to) return;
    let c = this.find(from);
    let at = from;
    while (at < to) {
      const chunk = this.chunks[c];
      const keys = chunk.keys;
      const values = chunk.values;
      const j1 = Math.min(chunk.count, to - chunk.start);
      for (let j = at - chunk.start; j < j1; j++) emit(keys[j], values[j]);
      at = chunk.start + j1;
      if (j1 === chunk.count) c++;
    }
    this.hint = Math.min(c, this.chunks.length - 1);
  }

  /**
   * Forgets the events before `offset`, all of them already run (a host feeding a long run keeps only
   * what is still to come: memory follows the queue's backlog, not the run's length). Offsets keep
   * their meaning. The chunks wholly before `offset` go; the one it falls in stays until it is run.
   */
  dropBefore(offset: number): void {
    const to = Math.min(offset, this.end);
    if (to <= this.base) return;
    this.base = to;
    let whole = 0;
    while (whole < this.chunks.length && this.chunks[whole].start + this.chunks[whole].count <= to) whole++;
    if (whole === 0) return;
    for (const run of this.chunks.splice(0, whole)) if (this.spares.length < SPARES && run.keys.length === CHUNK) this.spares.push(run);
    this.hint = 0;
  }

  /** Forgets every event (a simulated crash: the durable copy is on disk); the log starts at `base`. */
  clear(base = 0): void {
    this.chunks = [];
    this.hint = 0;
    this.end = base;
    this.base = base;
    this.unloaded = 0;
  }
}
