/**
 * Every measurement is bounded in time, so one that hangs (a child that never exits, a peer that
 * never answers) is reported as failed instead of holding the whole benchmark forever.
 */
export class DeadlineExceeded extends Error {}

/** Resolves or rejects as `work` does, or rejects with `DeadlineExceeded` after `ms`. */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Per-measurement budgets: generous against a loaded 2-core machine, far below "forever". */
export function measurementBudgetMs(quick: boolean): number {
  const fromEnv = Number(process.env.FLOWS_BENCH_BUDGET_S);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv * 1000;
  return quick ? 300_000 : 900_000;
}

/** How long one child process (a cold start, a build) may take before it is killed. */
export const CHILD_TIMEOUT_MS = 60_000;
