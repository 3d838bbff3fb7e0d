import { FlowInputError, formatDiagnostic, type Diagnostic } from '../../core/diagnostics';
import { parseArgs } from 'node:util';
import { DrawingChangeWatch } from '../../core/lock/drawing-fingerprint';
import { withGuardedRun } from '../../core/lock/guarded-run';
import { formatNumber } from '../../core/numbers';
import { planDrawing } from '../../core/run/load-flow';
import { resumeRoot } from '../../core/run/run-folder';
import { systemClock } from '../../core/ports';
import { formatDrawingChanges } from '../../core/run/restore';
import { nodeScheduler } from '../node-scheduler';
import { FlowSession, type RestoreOutcome } from '../../core/run/flow-session';
import type { RunReport } from '../../core/run/run-report';
import { writeReportJson } from '../../core/run/report-json';
import { EXIT_ASSERTION_FAILED, EXIT_OK, type CliCommand } from '../cli-io';
import { checkpointNoteArg, duration, eventsOptions, positiveInteger, positiveNumber } from '../cli-values';
import { resolveDrawing } from '../drawing-arg';
import { commandLineHolder, commandLineHolderIsGone } from '../process-holder';

const USAGE =
  'flows run <drawing> [--vault <dir>] [--json] [--resume | --from <checkpoint note>] [--checkpoint-every <n events>] [--interval <duration>] [--rate <events/s>] [--events [<queue>=]<file>]… [--retain <n>] [--full-every <n>] [--changelog] [--hidden-data]';

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run a drawing until its queues are drained, writing checkpoint notes; --resume continues after a crash',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        vault: { type: 'string' },
        json: { type: 'boolean', default: false },
        resume: { type: 'boolean', default: false },
        from: { type: 'string' },
        'checkpoint-every': { type: 'string' },
        interval: { type: 'string' },
        rate: { type: 'string' },
        events: { type: 'string', multiple: true },
        retain: { type: 'string' },
        'full-every': { type: 'string' },
        changelog: { type: 'boolean', default: false },
        'hidden-data': { type: 'boolean', default: false },
      },
    });
    // Every value is checked before anything is read or written.
    const checkpointEveryEvents = positiveInteger('checkpoint-every', values['checkpoint-every']);
    const checkpointIntervalMs = duration('interval', values.interval);
    const ratePerSecond = positiveNumber('rate', values.rate);
    const retainCheckpoints = positiveInteger('retain', values.retain);
    const fullCheckpointEvery = positiveInteger('full-every', values['full-every']);
    const { store, drawingPath } = resolveDrawing(positionals, values.vault, io.cwd);
    const from = values.from !== undefined ? checkpointNoteArg(values.from, store.root, io.cwd) : undefined;
    // Taken before the drawing is read for the plan, so an edit from then on is reported.
    const watch = await DrawingChangeWatch.start(store, drawingPath);
    const { plan, diagnostics } = await planDrawing(store, drawingPath);
    const extraEvents = eventsOptions(values.events, plan, io.cwd);

    // One run per drawing at a time (the run lock), and writes confined to the drawing's flows folder.
    // A resumed 0.1 run of a drawing whose folder has changed since goes on in its old folder.
    const flowsRoot = values.resume || from !== undefined ? await resumeRoot(store, 'Flows', drawingPath) : undefined;
    const guard = { store, clock: systemClock, scheduler: nodeScheduler, drawingPath, flowsRoot, holder: commandLineHolder(), holderIsGone: commandLineHolderIsGone, watch, ...lockTimings(process.env) };
    const { value, drawingChanged } = await withGuardedRun(guard, async (g) => {
      const session = await FlowSession.fromPlan(plan, { store: g.store, clock: systemClock, scheduler: g.scheduler, drawingPath, flowsRoot: g.root, checkpointEveryEvents, checkpointIntervalMs, ratePerSecond, retainCheckpoints, fullCheckpointEvery, extraEvents, sinkMode: values.changelog ? 'changelog' : 'upsert', hiddenData: values['hidden-data'] }, diagnostics);
      let restoredBy: RestoreOutcome | null = null;
      if (from !== undefined) restoredBy = await session.restoreFrom(from);
      else if (values.resume) restoredBy = await session.resume();
      // A command-line run's input is what the queues hold: at its end every window fires (docs/drawing-language.md).
      await session.runUntilDrained({ endOfInput: true });
      // --json streams the sinks' records from their notes (writeReportJson): the report holds none of them.
      const report = await session.report({ sinkRows: false });
      if (values.json) {
        const sinks = plan.nodes.filter((n) => n.role === 'sink').map((n) => ({ name: n.name, id: n.id }));
        const printJson = (extra: Record<string, unknown>): Promise<void> => writeReportJson({ ...report, ...extra }, sinks, (id, visit) => session.forEachSinkRecord(id, visit), (t) => io.stdout(t), () => io.stdoutDrained?.() ?? Promise.resolve());
        return { outcome: restoredBy, report, printJson, warnings: session.diagnostics, imports: session.imports };
      }
      return { outcome: restoredBy, report, printJson: null, warnings: session.diagnostics, imports: session.imports };
    });
    const { outcome, report, printJson, warnings, imports } = value;
    for (const i of imports.filter((x) => !x.appended)) {
      const queue = plan.nodes.find((n) => n.id === i.sourceId)?.name ?? i.sourceId;
      io.stderr(`flows run: --events: the ${i.events} events for queue "${queue}" are in its queue log already (imported earlier in this run); not appended again\n`);
    }
    // Bad items of linked events notes are skipped, not fatal: one line each, on stderr. (The drawing's own
    // warnings are what `flows inspect` is for; the run does not repeat them.)
    for (const line of warningLines(warnings.filter((d) => d.file !== drawingPath))) io.stderr(`flows run: ${line}\n`);
    if (drawingChanged) io.stderr(`flows run: ${drawingChanged}\n`);
    const restored = outcome?.restored ? { id: outcome.restored.id, path: outcome.restored.path } : null;
    const problems = outcome?.problems.map((p) => p.message) ?? [];
    const drawingChanges = outcome?.changes ? formatDrawingChanges(outcome.changes) : [];
    if (printJson) await printJson({ restored, problems, drawingChanges });
    else io.stdout(humanSummary(report, store.root, outcome, problems, drawingChanges));
    // A failed assertion is the drawing's own test failing: scripts must be able to tell.
    return report.assertions.some((a) => !a.ok) ? EXIT_ASSERTION_FAILED : EXIT_OK;
  },
};

/**
 * The lock's timings, for tests and unusual setups: FLOWS_LOCK_STALE_MS (a lock without a
 * heartbeat for this long is taken over; default 30 s) and FLOWS_LOCK_HEARTBEAT_MS (default 15 s).
 */
function lockTimings(env: NodeJS.ProcessEnv): { staleAfterMs?: number; heartbeatMs?: number } {
  const read = (name: string): number | undefined => {
    const text = env[name];
    if (text === undefined || text === '') return undefined;
    if (!/^\d{1,9}$/.test(text) || Number(text) === 0) throw new FlowInputError(`${name}=${text.slice(0, 40)}: expected a positive whole number of milliseconds`, name);
    return Number(text);
  };
  return { staleAfterMs: read('FLOWS_LOCK_STALE_MS'), heartbeatMs: read('FLOWS_LOCK_HEARTBEAT_MS') };
}

/** Lines a run prints for its warnings: at most MAX_WARNINGS, then one counting the rest. */
const MAX_WARNINGS = 60;
function warningLines(diagnostics: readonly Diagnostic[]): string[] {
  const lines = diagnostics.slice(0, MAX_WARNINGS).map(formatDiagnostic);
  if (diagnostics.length > MAX_WARNINGS) lines.push(`${diagnostics.length - MAX_WARNINGS} more warnings`);
  return lines;
}

function humanSummary(r: RunReport, vault: string, outcome: RestoreOutcome | null, problems: string[], drawingChanges: string[]): string {
  const lines = [`Ran ${r.drawing} (vault ${vault})`];
  for (const p of problems) lines.push(`  skipped: ${p}`);
  if (outcome) lines.push(outcome.restored ? `  resumed from checkpoint ${outcome.restored.id}: ${outcome.restored.path}` : '  no checkpoint to resume from: started from the beginning of the queues');
  for (const c of drawingChanges) lines.push(`  drawing changed: ${c}`);
  for (const [name, table] of Object.entries(r.state)) {
    const entries = Object.entries(table);
    const shown = entries.slice(0, 20).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(', ');
    lines.push(`  ${name}: ${entries.length === 0 ? '(nothing held)' : shown}${entries.length > 20 ? ` … (${entries.length} keys)` : ''}`);
  }
  for (const [name, count] of Object.entries(r.sinkCounts)) lines.push(`  sink ${name}: ${count} records`);
  for (const [name, offset] of Object.entries(r.offsets)) lines.push(`  queue ${name}: next offset ${offset}`);
  for (const a of r.assertions) lines.push(`  ${a.ok ? 'ok  ' : 'FAIL'} ${a.node}: ${a.key} = ${a.expected}${a.ok ? '' : ` (got ${a.actual ?? 'nothing'})`}`);
  if (r.checkpoints.length > 10) lines.push(`  ${r.checkpoints.length} checkpoints written; the last ones:`);
  for (const c of r.checkpoints.slice(-10)) lines.push(`  checkpoint ${c.id}: ${c.path}`);
  return `${lines.join('\n')}\n`;
}
