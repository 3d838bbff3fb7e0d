import { normalizePath, Notice } from 'obsidian';
import { FlowInputError, formatDiagnostic, hasErrors } from '../../core/diagnostics';
import { exportFlinkSql } from '../../core/export/flink-sql';
import { drawingBaseName, linkTarget } from '../../core/paths';
import { planDrawing } from '../../core/run/load-flow';
import type ExcalidrawFlowsPlugin from '../../main';
import { ObsVaultStore } from '../ObsVaultStore';
import { addDrawingCommand } from './drawing-command';

/** The note the export writes, next to the drawing: `orders.excalidraw.md` → `orders (Flink SQL).md`. */
export function flinkNotePath(drawingPath: string): string {
  const folder = drawingPath.split('/').slice(0, -1).join('/');
  return normalizePath(`${folder ? `${folder}/` : ''}${drawingBaseName(drawingPath)} (Flink SQL).md`);
}

/** "Export flow as Flink SQL": the same script as `flows export-flink`, in a note next to the drawing. */
export function registerExportFlinkCommand(plugin: ExcalidrawFlowsPlugin): void {
  addDrawingCommand(plugin, 'export-flow-as-flink-sql', 'Export flow as Flink SQL', (path) => exportToNote(plugin, path));
}

export async function exportToNote(plugin: ExcalidrawFlowsPlugin, drawingPath: string): Promise<string | null> {
  const store = new ObsVaultStore(plugin.app);
  try {
    const { plan } = await planDrawing(store, drawingPath);
    const result = exportFlinkSql(plan, { checkpointIntervalMs: plan.checkpointIntervalMs ?? plugin.settings.checkpointIntervalMs });
    if (hasErrors(result.diagnostics)) {
      // A script that would compute something other than the drawing is worse than none.
      new Notice(`${drawingPath} cannot be exported as it is drawn; nothing written.\n${result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n')}`);
      return null;
    }
    const path = flinkNotePath(drawingPath);
    const warnings = result.diagnostics.map((d) => `> [!warning] ${formatDiagnostic(d).replace(/\n/g, ' ')}`);
    const note = [
      '---',
      `flow: ${JSON.stringify(`[[${linkTarget(drawingPath)}]]`)}`,
      'tags: [flows/flink-sql]',
      '---',
      '',
      `# ${drawingBaseName(drawingPath)} as Apache Flink SQL`,
      '',
      `Exported from [[${linkTarget(drawingPath)}]]. Submit it with \`sql-client.sh -f <file>.sql\` or through the SQL gateway.`,
      '',
      ...(warnings.length ? [...warnings, ''] : []),
      '```sql',
      result.sql.trimEnd(),
      '```',
      '',
    ].join('\n');
    await store.writeAtomic(path, note);
    new Notice(`Flink SQL written to ${path}`);
    return path;
  } catch (err) {
    new Notice(err instanceof FlowInputError ? err.message : `Exporting ${drawingPath} failed: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
}
