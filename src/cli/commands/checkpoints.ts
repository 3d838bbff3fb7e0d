import { parseArgs } from 'node:util';
import { CheckpointStore } from '../../core/checkpoint/checkpoint-store';
import { flowPaths } from '../../core/paths';
import { systemClock } from '../../core/ports';
import { understandDrawing } from '../../core/run/load-flow';
import { EXIT_OK, type CliCommand } from '../cli-io';
import { resolveDrawing } from '../drawing-arg';

export const checkpointsCommand: CliCommand = {
  name: 'checkpoints',
  summary: "list a drawing's checkpoint notes: id, time, offsets, kind, size, duration, and whether each can be restored",
  usage: 'flows checkpoints <drawing> [--vault <dir>] [--json]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { vault: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const { store, drawingPath } = resolveDrawing(positionals, values.vault, io.cwd);
    const paths = flowPaths('Flows', drawingPath);
    const listed = await new CheckpointStore(store, paths, systemClock).list();
    // Offsets are keyed by element id; show the queue names when the drawing can still be read.
    const names = new Map<string, string>();
    try {
      for (const n of (await understandDrawing(store, drawingPath)).graph.nodes) names.set(n.id, n.name);
    } catch {
      // A drawing that no longer reads still has its checkpoints listed, by element id.
    }
    const rows = listed.map((c) => ({
      id: c.id,
      path: c.path,
      kind: c.kind,
      created: c.createdAt,
      offsets: Object.fromEntries(Object.entries(c.offsets).map(([id, n]) => [names.get(id) ?? id, n])),
      sizeBytes: c.sizeBytes,
      durationMs: c.durationMs,
      ...(c.parent !== undefined ? { parent: c.parent, base: c.base } : {}),
      valid: c.valid,
      ...(c.problem ? { problem: c.problem } : {}),
    }));
    if (values.json) {
      io.stdout(`${JSON.stringify({ drawing: drawingPath, folder: paths.checkpoints, checkpoints: rows })}\n`);
      return EXIT_OK;
    }
    const lines = [`${drawingPath}: ${rows.length} checkpoint${rows.length === 1 ? '' : 's'} in ${paths.checkpoints}`];
    for (const r of rows) {
      if (!r.valid) {
        lines.push(`  ${String(r.id).padStart(4)}  ${r.kind.padEnd(11)}  cannot be restored: ${r.problem}`);
        continue;
      }
      const offsets = Object.entries(r.offsets).map(([q, n]) => `${q}=${n}`).join(' ');
      const over = r.parent !== undefined ? ` (delta over ${r.parent}, base ${r.base})` : '';
      lines.push(`  ${String(r.id).padStart(4)}  ${r.kind.padEnd(11)}  ${r.created}  ${offsets}  ${r.sizeBytes} B  ${r.durationMs} ms${over}`);
    }
    io.stdout(`${lines.join('\n')}\n`);
    return EXIT_OK;
  },
};
