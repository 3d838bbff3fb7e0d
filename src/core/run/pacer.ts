import type { Clock, Scheduler } from '../ports';

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
