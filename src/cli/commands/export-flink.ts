import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FlowInputError, formatDiagnostic, hasErrors } from '../../core/diagnostics';
import { exportFlinkSql, type SinkConnector } from '../../core/export/flink-sql';
import { parseDurationMs } from '../../core/graph/texts';
import { planDrawing } from '../../core/run/load-flow';
import { EXIT_BAD_INPUT, EXIT_OK, type CliCommand } from '../cli-io';
import { resolveDrawing } from '../drawing-arg';

const SINKS: readonly SinkConnector[] = ['upsert-kafka', 'jdbc'];

export const exportFlinkCommand: CliCommand = {
  name: 'export-flink',
  summary: 'write the drawing as an Apache Flink SQL script (sql-client.sh -f script.sql)',
  usage:
    'flows export-flink <drawing> [--vault <dir>] [--out <file.sql>] [--sink upsert-kafka|jdbc] [--jdbc-url <url>] ' +
    '[--bootstrap-servers <host:port>] [--checkpoint-interval <5s|500ms>]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        vault: { type: 'string' },
        out: { type: 'string' },
        sink: { type: 'string', default: 'upsert-kafka' },
        'jdbc-url': { type: 'string' },
        'bootstrap-servers': { type: 'string' },
        'checkpoint-interval': { type: 'string' },
      },
    });
    const sink = values.sink as SinkConnector;
    if (!SINKS.includes(sink)) throw new FlowInputError(`--sink must be upsert-kafka or jdbc, not "${values.sink}"`, '');
    const { store, drawingPath } = resolveDrawing(positionals, values.vault, io.cwd);
    const { plan } = await planDrawing(store, drawingPath);
    const result = exportFlinkSql(plan, {
      sinkConnector: sink,
      jdbcUrl: values['jdbc-url'],
      bootstrapServers: values['bootstrap-servers'],
      checkpointIntervalMs: interval(values['checkpoint-interval']),
    });
    // A script that would compute something other than the drawing is worse than none.
    if (result.diagnostics.length === 1 && hasErrors(result.diagnostics)) {
      io.stderr(`flows export-flink: ${formatDiagnostic(result.diagnostics[0])}; nothing written\n`);
      return EXIT_BAD_INPUT;
    }
    for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    if (hasErrors(result.diagnostics)) {
      io.stderr(`flows export-flink: ${drawingPath} cannot be exported as it is drawn; nothing written\n`);
      return EXIT_BAD_INPUT;
    }
    if (values.out === undefined) {
      io.stdout(result.sql);
    } else {
      const target = path.resolve(io.cwd, values.out);
      writeFileSync(target, result.sql, 'utf8');
      io.stderr(`wrote ${target}; submit it with: sql-client.sh -f ${values.out}\n`);
    }
    return EXIT_OK;
  },
};

/** `1500` (milliseconds) or a duration as drawn: `5s`, `500ms`, `2 minutes`. */
function interval(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = /^\d+$/.test(text.trim()) ? Number(text) : parseDurationMs(text);
  if (ms === null || !(ms > 0)) throw new FlowInputError(`--checkpoint-interval: "${text}" is not a duration (5s, 500ms)`, '');
  return ms;
}
