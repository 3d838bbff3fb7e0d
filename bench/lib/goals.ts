/** The goals (issue 15, "Done when"). The benchmark reports them; tests never assert timings. */

export interface Goal {
  /** Dotted path of the figure in the result object. */
  figure: string;
  op: '>=' | '<=';
  target: number;
  /** When set, the target is read from this figure of the same run (a budget the measurement states). */
  targetFigure?: string;
  unit: string;
  /** The measurements (names in `errors`) whose failure makes this figure failed. */
  sources: string[];
  /** The figure is judged only when this other figure meets its bound; otherwise it is pending with `why`. */
  judgedWhen?: { figure: string; op: '>=' | '<='; target: number; why: string };
  /**
   * Set while no measurement produces the figure yet (work in progress elsewhere): a missing figure is
   * then `pending` with this note and does not fail the smoke run. Once produced it is judged as any other.
   */
  awaited?: string;
}

export interface GoalOutcome extends Goal {
  value: number | null;
  /**
   * `pass`, `miss`, `failed` when a measurement behind the figure failed or timed out, or
   * `pending` when the figure was not measured (or not yet measurable).
   */
  outcome: 'pass' | 'miss' | 'failed' | 'pending';
  note?: string;
}

const MIB = 1024 * 1024;

/** The three peers the engine must be ahead of, by measurement name; the hand-written loop is the limit, not a peer. */
export const PEER_MEASUREMENTS = ['rxjs', 'most', 'nodered'];

export const GOALS: Goal[] = [
  { figure: 'count_1k.ratio_to_loop', op: '>=', target: 0.8, unit: '×', sources: ['count_1k'] },
  { figure: 'peers.engine_over_best_peer', op: '>=', target: 1, unit: '×', sources: ['count_1k', ...PEER_MEASUREMENTS] },
  {
    figure: 'checkpoint_overhead_pct', op: '<=', target: 5, unit: '%', sources: ['count_1k'],
    judgedWhen: { figure: 'count_1k.checkpoints_per_run', op: '>=', target: 3, why: 'fewer than 3 periodic checkpoints per run' },
  },
  { figure: 'incremental.ckpt_ms', op: '<=', target: 10, unit: 'ms', sources: ['incremental'] },
  { figure: 'max_stall_ms', op: '<=', target: 16, unit: 'ms', sources: ['max_stall'] },
  { figure: 'max_stall_p99_ms', op: '<=', target: 8, unit: 'ms', sources: ['max_stall'] },
  { figure: 'restore_replay_ms', op: '<=', target: 1000, unit: 'ms', sources: ['restore_replay'] },
  { figure: 'read_5000_ms', op: '<=', target: 50, unit: 'ms', sources: ['read_5000'] },
  { figure: 'read_50000_ms', op: '<=', target: 500, unit: 'ms', sources: ['read_5000'] },
  { figure: 'max_file_bytes', op: '<=', target: 5 * MIB, unit: 'B', sources: ['max_file'] },
  { figure: 'scale.events', op: '>=', target: 10_000_000, unit: 'events', sources: ['scale'] },
  { figure: 'scale.keys', op: '>=', target: 1_000_000, unit: 'keys', sources: ['scale'] },
  { figure: 'scale.peak_rss_mib', op: '<=', target: Number.NaN, targetFigure: 'scale.budget_mib', unit: 'MiB', sources: ['scale'] },
  { figure: 'bundle_bytes', op: '<=', target: 300_000, unit: 'B', sources: ['bundle'] },
  { figure: 'onload_ms', op: '<=', target: 20, unit: 'ms', sources: ['onload'] },
  { figure: 'cli_start_ms', op: '<=', target: 200, unit: 'ms', sources: ['cli_start'] },
];

export function figureAt(results: Record<string, unknown>, dotted: string): unknown {
  let at: unknown = results;
  for (const part of dotted.split('.')) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
  return at;
}

/** The measurement producing each goal's figure: its name in `errors` (the first of `sources`). */
export const GOAL_SOURCES: Record<string, string[]> = Object.fromEntries(GOALS.map((g) => [g.figure, g.sources]));

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const meets = (value: number, op: '>=' | '<=', target: number): boolean => (op === '>=' ? value >= target : value <= target);

function judgeOne(g: Goal, results: Record<string, unknown>, errors: Record<string, string>): GoalOutcome {
  const failedSource = g.sources.find((s) => errors[s] !== undefined);
  if (failedSource) return { ...g, value: null, outcome: 'failed', note: `${failedSource}: ${errors[failedSource]}` };
  const value = figureAt(results, g.figure);
  if (!finite(value)) return { ...g, value: null, outcome: 'pending', note: g.awaited ?? 'not measured' };
  // A figure whose section says it is not yet what it claims to be is reported, not judged.
  const status = figureAt(results, `${g.figure.split('.')[0]}.status`);
  if (typeof status === 'string' && status.startsWith('pending')) return { ...g, value, outcome: 'pending', note: status };
  if (g.judgedWhen) {
    const w = g.judgedWhen;
    const condition = figureAt(results, w.figure);
    if (!finite(condition) || !meets(condition, w.op, w.target)) {
      return { ...g, value, outcome: 'pending', note: `${w.why} (${w.figure} = ${finite(condition) ? condition : 'not measured'}, needs ${w.op} ${w.target})` };
    }
  }
  const target = g.targetFigure ? figureAt(results, g.targetFigure) : g.target;
  if (!finite(target)) return { ...g, value, outcome: 'pending', note: `no ${g.targetFigure} stated` };
  return { ...g, target, value, outcome: meets(value, g.op, target) ? 'pass' : 'miss' };
}

export function judgeGoals(results: Record<string, unknown>, errors: Record<string, string> = {}): GoalOutcome[] {
  return GOALS.map((g) => judgeOne(g, results, errors));
}
