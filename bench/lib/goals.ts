/** The goals. The benchmark reports them; tests never assert timings. */

export interface Goal {
  /** Dotted path of the figure in the result object. */
  figure: string;
  op: '>=' | '<=';
  target: number;
  unit: string;
}

export interface GoalOutcome extends Goal {
  value: number | null;
  /**
   * `pass`, `miss`, `failed` when the measurement behind the figure failed or timed out, or
   * `pending` when the figure was not measured (or not yet measurable).
   */
  outcome: 'pass' | 'miss' | 'failed' | 'pending';
  note?: string;
}

export const GOALS: Goal[] = [
  { figure: 'count_1k.ratio_to_loop', op: '>=', target: 0.5, unit: '×' },
  { figure: 'checkpoint_overhead_pct', op: '<=', target: 5, unit: '%' },
  { figure: 'nodered.engine_over_nodered', op: '>=', target: 100, unit: '×' },
  { figure: 'incremental.ckpt_ms', op: '<=', target: 10, unit: 'ms' },
  { figure: 'incremental.bytes_pct_of_full', op: '<=', target: 1, unit: '%' },
  { figure: 'max_stall_ms', op: '<=', target: 16, unit: 'ms' },
  { figure: 'restore_replay_ms', op: '<=', target: 1000, unit: 'ms' },
  { figure: 'read_5000_ms', op: '<=', target: 50, unit: 'ms' },
  { figure: 'bundle_bytes', op: '<=', target: 300_000, unit: 'B' },
  { figure: 'onload_ms', op: '<=', target: 20, unit: 'ms' },
  { figure: 'cli_start_ms', op: '<=', target: 200, unit: 'ms' },
];

export function figureAt(results: Record<string, unknown>, dotted: string): unknown {
  let at: unknown = results;
  for (const part of dotted.split('.')) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
  return at;
}

/** The measurement (its name in `errors`) that produces a goal's figure. */
export const GOAL_SOURCES: Record<string, string> = {
  'count_1k.ratio_to_loop': 'count_1k',
  checkpoint_overhead_pct: 'count_1k',
  'nodered.engine_over_nodered': 'nodered',
  'incremental.ckpt_ms': 'incremental',
  'incremental.bytes_pct_of_full': 'incremental',
  max_stall_ms: 'max_stall',
  restore_replay_ms: 'restore_replay',
  read_5000_ms: 'read_5000',
  bundle_bytes: 'bundle',
  onload_ms: 'onload',
  cli_start_ms: 'cli_start',
};

export function judgeGoals(results: Record<string, unknown>, errors: Record<string, string> = {}): GoalOutcome[] {
  return GOALS.map((g) => {
    const value = figureAt(results, g.figure);
    const source = GOAL_SOURCES[g.figure];
    if (source && errors[source] !== undefined) return { ...g, value: null, outcome: 'failed', note: errors[source] };
    if (typeof value !== 'number' || !Number.isFinite(value)) return { ...g, value: null, outcome: 'pending', note: 'not measured' };
    // A figure whose section says it is not yet what it claims to be is reported, not judged.
    const status = figureAt(results, `${g.figure.split('.')[0]}.status`);
    if (typeof status === 'string' && status.startsWith('pending')) return { ...g, value, outcome: 'pending', note: status };
    const ok = g.op === '>=' ? value >= g.target : value <= g.target;
    return { ...g, value, outcome: ok ? 'pass' : 'miss' };
  });
}
