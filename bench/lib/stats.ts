/** Timing helpers: medians over repetitions after warm-up, so one noisy run does not decide a figure. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The cost of B over A in percent, from runs paired in time: each repetition's B against the A
 * run beside it, then the median of those. Drift in the machine's load between repetitions
 * cancels within each pair, where a ratio of two medians would mix runs minutes apart.
 */
export function pairedOverheadPct(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`paired runs: ${a.length} against ${b.length}`);
  return median(a.map((x, i) => ((b[i] - x) / x) * 100));
}

export function nowMs(): number {
  return performance.now();
}

/** Runs `fn` `warmup` times unmeasured, then `reps` times, and returns each measured duration (ms). */
export async function timeRepeated(reps: number, warmup: number, fn: (rep: number) => unknown): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = nowMs();
    await fn(i);
    out.push(nowMs() - t0);
  }
  return out;
}

/** Rounds for display and JSON: a benchmark figure carries 3 significant digits at most. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const factor = 10 ** Math.max(0, digits - 1 - magnitude);
  return Math.round(value * factor) / factor;
}

/** Lets pending I/O and timers run and gives the garbage collector a chance between measurements. */
export async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  (globalThis as { gc?: () => void }).gc?.();
}
