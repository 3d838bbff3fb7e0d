import { parseArgs } from 'node:util';
import { formatDiagnostic } from '../../core/diagnostics';
import { understandDrawing } from '../../core/run/load-flow';
import { EXIT_OK, type CliCommand } from '../cli-io';
import { resolveDrawing } from '../drawing-arg';

export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'show how a drawing was understood: nodes, edges, diagnostics',
  usage: 'flows inspect <drawing> [--vault <dir>] [--json]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { vault: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const { store, drawingPath } = resolveDrawing(positionals[0], values.vault, io.cwd);
    const { graph, diagnostics } = await understandDrawing(store, drawingPath);
    const nodes = graph.nodes.map((n) => ({ id: n.id, name: n.name, role: n.role, operation: n.operation, events: n.events, assertions: n.assertions.map(({ key, expected }) => ({ key, expected })), ...(n.link ? { link: n.link } : {}) }));
    if (values.json) {
      io.stdout(`${JSON.stringify({ drawing: drawingPath, nodes, edges: graph.edges, checkpointIntervalMs: graph.checkpointIntervalMs ?? null, diagnostics })}\n`);
      return EXIT_OK;
    }
    const lines = [`${drawingPath}: ${nodes.length} nodes, ${graph.edges.length} edges`];
    for (const n of nodes) {
      const op = n.role === 'processor' ? ` [${n.operation.kind}${'expression' in n.operation ? ` ${n.operation.expression}` : ''}]` : '';
      const ev = n.role === 'source' ? ` events: ${n.events.map((e) => (e.value === 1 ? e.key : `${e.key}:${e.value}`)).join(' ') || '(none)'}` : '';
      lines.push(`  ${n.role.padEnd(9)} ${n.name} (${n.id})${op}${ev}`);
    }
    const nameOf = new Map(nodes.map((n) => [n.id, n.name]));
    for (const e of graph.edges) lines.push(`  edge      ${nameOf.get(e.from)} -> ${nameOf.get(e.to)} (${e.id})`);
    if (graph.checkpointIntervalMs !== undefined) lines.push(`  checkpoint interval: ${graph.checkpointIntervalMs} ms`);
    for (const d of diagnostics) lines.push(`  ${formatDiagnostic(d)}`);
    io.stdout(`${lines.join('\n')}\n`);
    return EXIT_OK;
  },
};
