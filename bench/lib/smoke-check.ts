import { GOALS, figureAt } from './goals';

/**
 * What a report lacks to count as a complete run: each goal's figure as a finite number, and no
 * failed measurement. A goal marked `awaited` (no measurement produces it yet) may be absent.
 * Empty when the run is whole; each entry names the figure or measurement.
 */
export function missingFigures(report: Record<string, unknown>): string[] {
  const missing: string[] = [];
  for (const g of GOALS) {
    const v = figureAt(report, g.figure);
    if ((typeof v !== 'number' || !Number.isFinite(v)) && !g.awaited) missing.push(g.figure);
  }
  const errors = (report.errors ?? {}) as Record<string, string>;
  for (const [name, why] of Object.entries(errors)) missing.push(`${name} failed: ${why}`);
  return missing;
}
