import { Notice } from 'obsidian';
import { FlowInputError } from '../../core/diagnostics';
import type { RunReport } from '../../core/run/run-report';
import { isDrawingFile } from '../drawing-files';
import type ExcalidrawFlowsPlugin from '../../main';
import { withGuardedRun } from '../../core/lock/guarded-run';
import { RunLockedError } from '../../core/lock/run-lock';
import { systemClock } from '../../core/ports';
import { ObsVaultStore } from '../ObsVaultStore';
import { openSession, windowScheduler } from '../run-in-obsidian';

/** "Run flow in current drawing": runs it to the end and says what happened in a Notice. */
export function registerRunFlowCommand(plugin: ExcalidrawFlowsPlugin): void {
  plugin.addCommand({
    id: 'run-flow-in-current-drawing',
    name: 'Run flow in current drawing',
    checkCallback: (checking) => {
      const file = plugin.app.workspace.getActiveFile();
      if (!isDrawingFile(plugin.app, file)) return false;
      if (!checking) void runAndNotify(plugin, file.path);
      return true;
    },
  });
}

export async function runAndNotify(plugin: ExcalidrawFlowsPlugin, drawingPath: string): Promise<RunReport | null> {
  try {
    // One run holds a drawing (Flows/<drawing>/run-lock.md): a second one, here or on the command line, is told who holds it.
    const guarded = { store: new ObsVaultStore(plugin.app), clock: systemClock, scheduler: windowScheduler, drawingPath, flowsFolder: plugin.settings.flowsFolder, holder: 'Obsidian' };
    const { value: report, drawingChanged } = await withGuardedRun(guarded, async (guard) => {
      const session = await openSession(plugin.app, plugin.settings, drawingPath, guard);
      await session.runUntilDrained();
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
