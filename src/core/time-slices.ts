/**
 * Keeps long loops from blocking a frame: a loop asks `due()` once per item (a counter, no clock
 * read); every `checkEvery` items it reads the clock, and once `budgetMs` have passed since the
 * last turn it says so, and the loop awaits `pause()`, which gives the host's event loop a turn.
 * `maxItems` also ends a slice, so a frozen test clock still yields now and then.
 *
 * A slice overruns its budget by at most the work between two checks (256 items, or one chunk of
 * 8 KiB for work in chunks: well under a millisecond warm), so 2 ms keeps the longest block (and
 * the run's p99 of blocks) far from a 16 ms frame, even on a cold first checkpoint (see pacer.ts).
 */
export class TimeSlices {
  private count = 0;
  private sinceYield = 0;
  private sliceStart: number;
  private readonly hostErrors = new Set<unknown>();

  constructor(
    private readonly now: () => number,
    private readonly yieldNow: () => Promise<void>,
    readonly budgetMs = 2,
    readonly checkEvery = 256,
    readonly maxItems = 100_000,
  ) {
    this.sliceStart = now();
  }

  /** True when the current slice should end (call once per item of work, or per `weight` items). */
  due(weight = 1): boolean {
    this.count += weight;
    if (this.count < this.checkEvery) return false;
    this.sinceYield += this.count;
    this.count = 0;
    return this.sinceYield >= this.maxItems || this.now() - this.sliceStart >= this.budgetMs;
  }

  /** Ends the slice: gives the host a turn and starts the next slice's clock. */
  async pause(): Promise<void> {
    try {
      await this.yieldNow();
    } catch (err) {
      this.hostErrors.add(err);
      throw err;
    }
    this.count = 0;
    this.sinceYield = 0;
    this.sliceStart = this.now();
  }

  /**
   * Whether `err` came from the host's turn, not from the work: a run that lost its lock stops
   * there. A loop that turns its own failures into messages (data that does not decode) rethrows these as they are.
   */
  threw(err: unknown): boolean {
    return this.hostErrors.has(err);
  }

  /** Pauses only if the slice is over (for work that comes in chunks rather than items). */
  async maybePause(weight = 1): Promise<void> {
    if (this.due(weight)) await this.pause();
  }
}
