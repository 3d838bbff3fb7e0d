import { describe, expect, it } from 'vitest';
import { DeadlineExceeded, withDeadline } from '../../bench/lib/deadline';
import { GOALS, judgeGoals } from '../../bench/lib/goals';
import { missingFigures } from '../../bench/lib/smoke-check';

// The benchmark must always finish and say what it could not measure.
describe('benchmark bounds', () => {
  it('a measurement that never settles is cut off at its deadline', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(withDeadline(never, 20, 'onload')).rejects.toBeInstanceOf(DeadlineExceeded);
    await expect(withDeadline(never, 20, 'onload')).rejects.toThrow('onload did not finish within 0 s');
    await expect(withDeadline(Promise.resolve(7), 1000, 'x')).resolves.toBe(7);
  });

  it('a failed measurement marks its goals failed, with the reason, rather than pending', () => {
    const outcomes = judgeGoals({ bundle_bytes: 1000 }, { onload: 'onload did not finish within 180 s' });
    const onload = outcomes.find((g) => g.figure === 'onload_ms')!;
    expect(onload.outcome).toBe('failed');
    expect(onload.note).toBe('onload: onload did not finish within 180 s');
    expect(outcomes.find((g) => g.figure === 'bundle_bytes')!.outcome).toBe('pass');
  });

  it('the smoke check names every missing figure and every failed measurement', () => {
    const full: Record<string, unknown> = {};
    for (const g of GOALS) {
      const parts = g.figure.split('.');
      let at = full;
      for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
      at[parts[parts.length - 1]] = 1;
    }
    expect(missingFigures({ ...full, errors: {} })).toEqual([]);
    const partial = { ...full, onload_ms: null, errors: { onload: 'timed out' } };
    expect(missingFigures(partial)).toEqual(['onload_ms', 'onload failed: timed out']);
    // Every goal's figure is produced now (none is awaited): the 50,000-element reading and the
    // scale run included, so their absence is a missing figure.
    expect(GOALS.filter((g) => g.awaited).map((g) => g.figure)).toEqual([]);
    const withoutAwaited = JSON.parse(JSON.stringify(full)) as Record<string, unknown>;
    expect(missingFigures({ ...withoutAwaited, read_50000_ms: undefined, errors: {} })).toEqual(['read_50000_ms']);
    expect(missingFigures({ ...withoutAwaited, scale: { events: 1, keys: 1, budget_mib: 1 }, errors: {} })).toEqual(['scale.peak_rss_mib']);
    expect(missingFigures({ ...withoutAwaited, max_file_bytes: undefined, errors: {} })).toEqual(['max_file_bytes']);
  });
});
