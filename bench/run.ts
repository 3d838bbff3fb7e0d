/**
 * `npm run bench` — the whole benchmark, a readable table on stdout.
 * `npm run bench -- --quick --json` — a shorter run (under a minute on 2 cores) printing exactly
 * one JSON object on stdout; progress always goes to stderr.
 *
 * Each figure comes from the project's real code through its public API (FlowSession over
 * NodeVaultStore on disk, FlowEngine, understandDrawing, the production build, the plugin's onload);
 * nothing is hard-coded. A measurement that fails is reported as such and the others still run.
 */
import { BenchUsage, parseBenchArgs } from './lib/cli-args';
import { measurementBudgetMs, withDeadline } from './lib/deadline';
import { summarizePeers } from './lib/derive';
import { judgeGoals } from './lib/goals';
import { describeMachine } from './lib/machine';
import { progress } from './lib/progress';
import { renderTable } from './lib/report';
import { settle } from './lib/stats';
import { largestWritten } from './lib/written-files';
import { measureBundle } from './measure/bundle';
import { measureCliStart } from './measure/cli-start';
import { measureCount1k } from './measure/count-1k';
import { measureIncremental } from './measure/incremental';
import { measureMost } from './measure/most';
import { measureNodeRed } from './measure/nodered';
import { measureOnload } from './measure/onload';
import { measureReadDrawing } from './measure/read-drawing';
import { measureRestoreReplay } from './measure/restore-replay';
import { measureRxjs } from './measure/rxjs';
import { measureScale } from './measure/scale';
import { measureStall } from './measure/stall';

type Measurement = { name: string; run: (quick: boolean) => Promise<object> };

// Light ones first; those holding a million keys last, so their heap does not weigh on the others.
const MEASUREMENTS: Measurement[] = [
  { name: 'bundle', run: () => measureBundle() },
  { name: 'cli_start', run: measureCliStart },
  { name: 'onload', run: measureOnload },
  { name: 'read_5000', run: measureReadDrawing },
  { name: 'count_1k', run: measureCount1k },
  { name: 'rxjs', run: measureRxjs },
  { name: 'most', run: measureMost },
  { name: 'nodered', run: measureNodeRed },
  { name: 'max_stall', run: measureStall },
  { name: 'restore_replay', run: measureRestoreReplay },
  { name: 'incremental', run: measureIncremental },
  // In its own process with a capped heap: the parent's heap does not weigh on it, nor it on the parent.
  { name: 'scale', run: measureScale },
];

/** Figures over several measurements, derived once they have all run. */
async function deriveFigures(results: Record<string, unknown>): Promise<void> {
  const peers = summarizePeers(results);
  if (peers) results.peers = peers;
  const largest = await largestWritten();
  if (largest) {
    results.max_file_bytes = largest.bytes;
    results.max_file = { path: largest.path, files_scanned: largest.files };
  }
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof BenchUsage) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const unknown = args.only.filter((n) => !MEASUREMENTS.some((m) => m.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`unknown measurement ${unknown.join(', ')}; known: ${MEASUREMENTS.map((m) => m.name).join(', ')}\n`);
    return 2;
  }
  const machine = describeMachine();
  const mode = args.quick ? 'quick' : 'full';
  progress(`${mode} run on ${machine.cpu} (${machine.cores} cores, ${machine.memory_gib} GiB), Node ${machine.node}, load ${machine.load_1m}`);
  const started = Date.now();
  const results: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const m of MEASUREMENTS) {
    if (args.only.length > 0 && !args.only.includes(m.name)) continue;
    const t0 = Date.now();
    try {
      Object.assign(results, await withDeadline(m.run(args.quick), measurementBudgetMs(args.quick), m.name));
    } catch (err) {
      errors[m.name] = err instanceof Error ? err.message.split('\n')[0] : String(err);
      progress(`${m.name} FAILED: ${errors[m.name]}`);
    }
    progress(`${m.name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await settle();
  }
  await deriveFigures(results);
  const goals = judgeGoals(results, errors);
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ mode, machine, seconds, ...results, goals, errors })}\n`);
  } else {
    process.stdout.write(`${renderTable(machine, mode, results, goals, errors)}\n\n(${seconds} s)\n`);
  }
  return Object.keys(errors).length > 0 ? 1 : 0;
}

/**
 * Exits explicitly once stdout is flushed: a measurement abandoned at its deadline (or a timer a
 * measured component left behind) must not keep the process alive after the report is printed.
 */
function exitWith(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

main().then(exitWith, (err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  exitWith(1);
});
