import type { Clock, Scheduler } from '../ports';

/**
 * How long a full-speed slice runs before the host gets a turn, and the most events it takes.
 * Giving a turn (a promise and a setImmediate, the slice event) costs a few microseconds: after
 * every 1,024 events that was a quarter of the run. 2 ms keeps the host's frames smooth, as the
 * checkpoint writer's slices do (time-slices.ts): a young-generation GC (3-6 ms with a big state)
 * landing in a slice then still ends within a frame's half (3 ms slices: max_stall p99 6.3-6.8 ms,
 * 2 ms: 3.9-4.2, with no change in count_1k or restore_replay). The cap keeps a frozen test clock yielding.
 */
export const SLICE_MS = 2;
export const SLICE_MAX_EVENTS = 1 << 17;

/** Whether a slice that started at `startedAt` should end, after `events` events. */
export interface SliceBudget {
  over(events: number): boolean;
}

/**
 * Throttles a run to a number of events per second (`--rate`, the run view's speed), so a
 * person can watch events flow; with no rate it only gives the host a turn between slices.
 */
export class Pacer {
  private rate: number;
  private from = { at: 0, processed: 0 };

  constructor(
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    eventsPerSecond = 0,
  ) {
    this.rate = Math.max(0, eventsPerSecond);
  }

  /** Events per slice: about 50 turns a second when throttled, else `fullSpeedSlice`. */
  sliceSize(fullSpeedSlice: number): number {
    return this.rate > 0 ? Math.max(1, Math.ceil(this.rate / 50)) : fullSpeedSlice;
  }

  /**
   * A time budget for the slice starting now, when running at full speed; null with a rate (its
   * slices are sized to the rate) or when the host set a fixed slice size (`fixed`).
   */
  budget(fixed: boolean): SliceBudget | null {
    if (this.rate > 0 || fixed) return null;
    const clock = this.clock;
    const endsAt = clock.now() + SLICE_MS;
    return { over: (events) => events >= SLICE_MAX_EVENTS || clock.now() >= endsAt };
  }

  /** Counts from here: the pace is kept from this moment and this many processed events. */
  restart(processed: number): void {
    this.from = { at: this.clock.now(), processed };
  }

  setRate(eventsPerSecond: number, processed: number): void {
    this.rate = Math.max(0, eventsPerSecond);
    this.restart(processed);
  }

  /** Gives the host a turn; with a rate, sleeps until the events done so far are due. */
  wait(processed: number): Promise<void> {
    if (this.rate <= 0) return this.scheduler.yieldNow();
    const dueAt = this.from.at + ((processed - this.from.processed) * 1000) / this.rate;
    const wait = dueAt - this.clock.now();
    return wait > 0 ? this.scheduler.sleep(wait) : this.scheduler.yieldNow();
  }
}
