import { Notice } from 'obsidian';
import { FlowInputError } from '../../core/diagnostics';
import type { RunReport } from '../../core/run/run-report';
import { addDrawingCommand } from './drawing-command';
import type ExcalidrawFlowsPlugin from '../../main';
import { withGuardedRun } from '../../core/lock/guarded-run';
import { RunLockedError } from '../../core/lock/run-lock';
import { FlowSession } from '../../core/run/flow-session';
import { guardOptions, sessionOptions } from '../run-in-obsidian';

/** "Run flow in current drawing": runs it to the end and says what happened in a Notice. */
export function registerRunFlowCommand(plugin: ExcalidrawFlowsPlugin): void {
  addDrawingCommand(plugin, 'run-flow-in-current-drawing', 'Run flow in current drawing', (path) => runAndNotify(plugin, path));
}

export async function runAndNotify(plugin: ExcalidrawFlowsPlugin, drawingPath: string): Promise<RunReport | null> {
  try {
    // One run holds a drawing (Flows/<drawing>/run-lock.md): a second one, here or on the command line, is told who holds it.
    const { value: report, drawingChanged } = await withGuardedRun(guardOptions(plugin.app, plugin.settings, drawingPath, 'run command', plugin.holder), async (guard) => {
      const session = await FlowSession.open(sessionOptions(plugin.settings, drawingPath, guard.store, guard.scheduler));
      // A one-shot run, like the command line's: its input ends where the queues do, so every window fires.
      await session.runUntilDrained({ endOfInput: true });
      return session.report();
    });
    new Notice(drawingChanged ? `${summarise(report)}\n${drawingChanged}` : summarise(report));
    return report;
  } catch (err) {
    const message = err instanceof FlowInputError || err instanceof RunLockedError ? err.message : `Running ${drawingPath} failed: ${err instanceof Error ? err.message : String(err)}`;
    new Notice(message);
    return null;
  }
}

export function summarise(r: RunReport): string {
  const parts: string[] = [];
  for (const [name, table] of Object.entries(r.state)) {
    const entries = Object.entries(table);
    parts.push(`${name}: ${entries.slice(0, 6).map(([k, v]) => `${k} = ${v}`).join(', ')}${entries.length > 6 ? ', …' : ''}`);
  }
  const failed = r.assertions.filter((a) => !a.ok).length;
  if (r.assertions.length) parts.push(failed ? `${failed} of ${r.assertions.length} expected values differ` : `all ${r.assertions.length} expected values hold`);
  const last = r.checkpoints.at(-1);
  if (last) parts.push(`checkpoint ${last.id} written to ${last.path}`);
  return parts.join('\n');
}
