import { Notice } from 'obsidian';
import { FlowInputError } from '../../core/diagnostics';
import type { RunReport } from '../../core/run/run-report';
import { isDrawingFile } from '../drawing-files';
import type ExcalidrawFlowsPlugin from '../../main';
import { openSession } from '../run-in-obsidian';

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
    const session = await openSession(plugin.app, plugin.settings, drawingPath);
    await session.runUntilDrained();
    const report = await session.report();
    new Notice(summarise(report));
    return report;
  } catch (err) {
    const message = err instanceof FlowInputError ? err.message : `Running ${drawingPath} failed: ${err instanceof Error ? err.message : String(err)}`;
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
