import { formatDiagnostic, hasErrors } from '../../core/diagnostics';
import { exportFlinkSql, type FlinkExport } from '../../core/export/flink-sql';
import { planDrawing } from '../../core/run/load-flow';
import type { Plan } from '../../core/plan/plan';
import type { CliIo } from '../cli-io';
import { resolveDrawing } from '../drawing-arg';
import type { NodeVaultStore } from '../node-vault-store';

export const DEFAULT_BOOTSTRAP_SERVERS = 'localhost:9092';

export interface KafkaDrawing {
  store: NodeVaultStore;
  drawingPath: string;
  plan: Plan;
  /** The script `flows export-flink` writes for the drawing: its tables name the topics. */
  exported: FlinkExport;
}

/**
 * The drawing as `flows push`/`flows pull` see it: its plan and the exported script's tables.
 * Null (after printing the export's diagnostics and one line) when the drawing cannot be
 * exported: there is then no Flink job whose topics to fill or read.
 */
export async function kafkaDrawing(command: string, positionals: string[], vault: string | undefined, bootstrapServers: string, io: CliIo): Promise<KafkaDrawing | null> {
  const { store, drawingPath } = resolveDrawing(positionals, vault, io.cwd);
  const { plan } = await planDrawing(store, drawingPath);
  const exported = exportFlinkSql(plan, { bootstrapServers });
  if (hasErrors(exported.diagnostics)) {
    for (const d of exported.diagnostics.filter((x) => x.severity === 'error')) io.stderr(`${formatDiagnostic(d)}\n`);
    io.stderr(`flows ${command}: ${drawingPath} cannot be exported to Flink as it is drawn, so it has no topics; nothing sent\n`);
    return null;
  }
  return { store, drawingPath, plan, exported };
}
