import { figureAt, type GoalOutcome } from './goals';
import type { MachineInfo } from './machine';

const fmt = (v: unknown): string => {
  if (typeof v === 'number') return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en') : String(v);
  if (v === undefined || v === null) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
};

/** Figures shown under the goals: context a reader needs to trust or explain a number. */
const DETAILS: [string, string][] = [
  ['count_1k.engine_eps', 'engine events/s (FlowSession, 1 s checkpoints to disk)'],
  ['count_1k.engine_processing_eps', 'engine events/s up to the last slice (final flush left out)'],
  ['count_1k.final_flush_ms', 'final flush (end-of-input checkpoint + sink note), ms'],
  ['count_1k.processing_ratio_to_loop', 'processing alone ÷ loop'],
  ['count_1k.engine_no_ckpt_eps', 'engine events/s, periodic checkpoints off'],
  ['count_1k.engine_no_sink_eps', 'engine events/s, same drawing without the sink'],
  ['count_1k.engine_memory_eps', 'FlowEngine alone in memory (sink buffered), events/s'],
  ['count_1k.loop_eps', 'hand-written Map loop, events/s'],
  ['count_1k.events', 'events per count_1k run'],
  ['count_1k.checkpoints_per_run', 'periodic 1 s checkpoints per run (fewest)'],
  ['count_1k.checkpoint_wall_ms', 'one periodic checkpoint, barrier to published (median), ms'],
  ['count_1k.checkpoint_time_pct', 'share of the run in periodic checkpoints (median), %'],
  ['nodered.batch_eps', 'Node-RED, one function node counting each batch, events/s'],
  ['nodered.per_message_eps', 'Node-RED, split → function → join per message, events/s'],
  ['rxjs.engine_eps', 'engine events/s in the runs interleaved with RxJS'],
  ['rxjs.reduce_eps', 'RxJS, one reduce into a Map, events/s'],
  ['rxjs.group_by_eps', 'RxJS groupBy/mergeMap/scan, events/s'],
  ['most.engine_eps', 'engine events/s in the runs interleaved with @most/core'],
  ['most.scan_eps', '@most/core, one scan into a Map, events/s'],
  ['peers.best_peer', 'fastest peer'],
  ['peers.status', 'peers'],
  ['max_file.path', 'largest file written'],
  ['incremental.ckpt_bytes', 'incremental checkpoint note, bytes'],
  ['incremental.full_ckpt_ms', 'full checkpoint of 1,000,000 keys, ms'],
  ['incremental.full_ckpt_bytes', 'full checkpoint note, bytes'],
  ['incremental.status', 'incremental checkpoints'],
  ['stall.p99_ms', 'event-loop delay p99 during the stall run, ms'],
  ['stall.checkpoints', 'checkpoints during the stall run'],
  ['restore_replay.open_restore_ms', 'open + restore alone, ms'],
  ['restore_replay.durable_append_eps', 'appending to the durable queue note, events/s'],
  ['bundle.gzip_bytes', 'main.js gzipped, bytes'],
];

export function renderTable(machine: MachineInfo, mode: string, results: Record<string, unknown>, goals: GoalOutcome[], errors: Record<string, string>): string {
  const lines: string[] = [];
  lines.push(`Excalidraw Flows benchmark (${mode}) — ${machine.date}`);
  lines.push(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB, ${machine.os}; Node ${machine.node}; load ${machine.load_1m} at start`);
  lines.push('');
  const rows: string[][] = [['figure', 'value', 'goal', '']];
  for (const g of goals) rows.push([g.figure, fmt(g.value), `${g.op} ${fmt(g.target)} ${g.unit}`, g.outcome === 'pending' || g.outcome === 'failed' ? `${g.outcome}${g.note ? ` (${g.note})` : ''}` : g.outcome]);
  rows.push(['', '', '', '']);
  for (const [path, label] of DETAILS) {
    const v = figureAt(results, path);
    if (v !== undefined) rows.push([label, fmt(v), '', '']);
  }
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) lines.push(`${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`.trimEnd());
  const errorNames = Object.keys(errors);
  if (errorNames.length > 0) {
    lines.push('', 'failed measurements:');
    for (const name of errorNames) lines.push(`  ${name}: ${errors[name]}`);
  }
  return lines.join('\n');
}
