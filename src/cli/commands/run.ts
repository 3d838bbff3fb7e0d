import { parseArgs } from 'node:util';
import { systemClock } from '../../core/ports';
import { nodeScheduler } from '../node-scheduler';
import { FlowSession } from '../../core/run/flow-session';
import type { RunReport } from '../../core/run/run-report';
import { EXIT_OK, type CliCommand } from '../cli-io';
import { resolveDrawing } from '../drawing-arg';

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run a drawing until its queues are drained, writing checkpoint notes',
  usage: 'flows run <drawing> [--vault <dir>] [--json]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { vault: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const { store, drawingPath } = resolveDrawing(positionals[0], values.vault, io.cwd);
    const session = await FlowSession.open({ store, clock: systemClock, scheduler: nodeScheduler, drawingPath });
    await session.runUntilDrained();
    const report = await session.report();
    io.stdout(values.json ? `${JSON.stringify(report)}\n` : humanSummary(report, store.root));
    return EXIT_OK;
  },
};

function humanSummary(r: RunReport, vault: string): string {
  const lines = [`Ran ${r.drawing} (vault ${vault})`];
  for (const [name, table] of Object.entries(r.state)) {
    const entries = Object.entries(table);
    const shown = entries.slice(0, 20).map(([k, v]) => `${k} = ${v}`).join(', ');
    lines.push(`  ${name}: ${shown}${entries.length > 20 ? ` … (${entries.length} keys)` : ''}`);
  }
  for (const [name, records] of Object.entries(r.sinks)) lines.push(`  sink ${name}: ${records.length} records`);
  for (const [name, offset] of Object.entries(r.offsets)) lines.push(`  queue ${name}: next offset ${offset}`);
  for (const a of r.assertions) lines.push(`  ${a.ok ? 'ok  ' : 'FAIL'} ${a.node}: ${a.key} = ${a.expected}${a.ok ? '' : ` (got ${a.actual ?? 'nothing'})`}`);
  for (const c of r.checkpoints) lines.push(`  checkpoint ${c.id}: ${c.path}`);
  return `${lines.join('\n')}\n`;
}
