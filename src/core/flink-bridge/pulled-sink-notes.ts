import { FlowInputError } from '../diagnostics';
import type { FlinkTable } from '../export/flink-sql';
import { flowPaths, linkTarget } from '../paths';
import type { Plan } from '../plan/plan';
import { formatNumber } from '../numbers';
import { parseUpsertNote } from '../run/upsert-sink';
import { toTableCell } from '../text/table-cell';

/** Where one sink table of the exported script is written back in the vault. */
export interface PulledSinkTarget {
  table: FlinkTable;
  /** The drawn sink's name, or the added table's (for a processor with no sink drawn). */
  name: string;
  path: string;
}

/**
 * The sink note of each sink table: a drawn sink's note is the one `flows run` writes (same
 * path), an added table (a processor with no sink drawn after it) gets a note of its own name.
 */
export function pulledSinkTargets(plan: Plan, drawingPath: string, tables: readonly FlinkTable[], flowsFolder = 'Flows'): PulledSinkTarget[] {
  const paths = flowPaths(flowsFolder, drawingPath);
  // Sink notes are named in call order: the drawn sinks first, in plan order, as SinkOutputs does.
  const drawn = new Map(plan.nodes.filter((n) => n.role === 'sink').map((n) => [n.id, paths.sinkNote(n.name, n.id)]));
  return tables.filter((t) => t.role === 'sink').map((t) => {
    const node = plan.nodes.find((n) => n.id === t.elementId);
    const name = t.added || !node ? t.name : node.name;
    return { table: t, name, path: t.added ? paths.sinkNote(t.name, t.elementId) : drawn.get(t.elementId)! };
  });
}

/**
 * A note about to be replaced must be an upsert note (a table, rebuilt from a checkpoint by the
 * next run anyway): a changelog note lists every update a run committed, which a pull would lose.
 */
export function refusePullOver(path: string, existing: string | null): void {
  if (existing === null || parseUpsertNote(existing) !== null) return;
  throw new FlowInputError(
    `${path} is a changelog sink note (a row per update, from \`flows run --changelog\`); flows pull writes a table of the latest value per key and would replace it: move the note away first`,
    path,
  );
}

export interface PulledNoteHead {
  drawing: string;
  sink: string;
  topic: string;
  bootstrapServers: string;
  pulledAt: string;
}

/**
 * A sink note in the upsert format (`mode: upsert`, `| key | value |`), holding what the Flink
 * job left in the sink topic. Every key is written: unlike a run, there is no checkpoint to hold
 * the rest. `source: flink` and no `checkpoint` tell it apart from a run's note.
 */
export function renderPulledNote(head: PulledNoteHead, table: ReadonlyMap<string, number>): string {
  const lines = ['---', `flow: ${JSON.stringify(`[[${linkTarget(head.drawing)}]]`)}`, `sink: ${JSON.stringify(head.sink)}`, 'mode: upsert', 'source: flink'];
  lines.push(`topic: ${JSON.stringify(head.topic)}`, `bootstrap-servers: ${JSON.stringify(head.bootstrapServers)}`, `pulled: ${JSON.stringify(head.pulledAt)}`);
  lines.push(`keys: ${table.size}`, 'tags: [flows/sink]', '---', '');
  lines.push(`# Output of ${toTableCell(head.sink)}`, '');
  lines.push(`The latest value of each key in the Kafka topic ${toTableCell(head.topic)}, as the Flink job wrote it, read by \`flows pull\`. A run of the drawing in Excalidraw Flows writes its own table here again.`, '');
  lines.push('| key | value |', '| --- | --- |');
  for (const [key, value] of table) lines.push(`| ${toTableCell(key)} | ${formatNumber(value)} |`);
  lines.push('');
  return lines.join('\n');
}
