import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FlowInputError, formatDiagnostic, type Diagnostic } from '../../core/diagnostics';
import type { FlowGraph } from '../../core/graph/flow-graph';
import { understoodSvg } from '../../core/inspect/understood-svg';
import type { Scene } from '../../core/scene/scene';
import { understandDrawing } from '../../core/run/load-flow';
import { EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, type CliCommand } from '../cli-io';
import { resolveDrawing } from '../drawing-arg';

function describeNodes(graph: FlowGraph) {
  return graph.nodes.map((n) => ({ id: n.id, name: n.name, role: n.role, operation: n.operation, events: n.events, assertions: n.assertions.map(({ key, expected }) => ({ key, expected })), ...(n.link ? { link: n.link } : {}) }));
}

function textReport(drawingPath: string, graph: FlowGraph | null, diagnostics: Diagnostic[]): string {
  const nodes = graph ? describeNodes(graph) : [];
  const lines = [`${drawingPath}: ${nodes.length} nodes, ${graph?.edges.length ?? 0} edges`];
  for (const n of nodes) {
    const op = n.role === 'processor' ? ` [${n.operation.kind}${'expression' in n.operation ? ` ${n.operation.expression}` : ''}]` : '';
    const ev = n.role === 'source' ? ` events: ${n.events.map((e) => (e.value === 1 ? e.key : `${e.key}:${e.value}`)).join(' ') || '(none)'}${n.link ? ` + ${n.link}` : ''}` : '';
    lines.push(`  ${n.role.padEnd(9)} ${n.name} (${n.id})${op}${ev}`);
  }
  const nameOf = new Map(nodes.map((n) => [n.id, n.name]));
  for (const e of graph?.edges ?? []) lines.push(`  edge      ${nameOf.get(e.from)} -> ${nameOf.get(e.to)} (${e.id})`);
  if (graph?.checkpointIntervalMs !== undefined) lines.push(`  checkpoint interval: ${graph.checkpointIntervalMs} ms`);
  for (const d of diagnostics) lines.push(`  ${formatDiagnostic(d)}`);
  return `${lines.join('\n')}\n`;
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'show how a drawing was understood: nodes, edges, diagnostics (as text, JSON or an SVG picture)',
  usage: 'flows inspect <drawing> [--vault <dir>] [--json | --svg [--out <file.svg>]]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { vault: { type: 'string' }, json: { type: 'boolean', default: false }, svg: { type: 'boolean', default: false }, out: { type: 'string' } },
    });
    const { store, drawingPath } = resolveDrawing(positionals, values.vault, io.cwd);
    let graph: FlowGraph | null = null;
    let diagnostics: Diagnostic[];
    let scene: Scene = { file: drawingPath, format: 'excalidraw', elements: [] };
    try {
      ({ graph, diagnostics, scene } = await understandDrawing(store, drawingPath));
    } catch (err) {
      // A file that is no readable drawing: still show its diagnostic like any other (exit 2).
      if (!(err instanceof FlowInputError) || err.diagnostics.length === 0) throw err;
      diagnostics = err.diagnostics;
      // Bad input keeps its one line on stderr, as every command does (exit code 2).
      io.stderr(`${err.message}\n`);
    }
    if (values.svg) {
      const svg = understoodSvg(scene, graph, diagnostics);
      if (values.out === undefined) {
        io.stdout(svg);
      } else {
        // The picture is the user's file, written where they asked (not a vault note).
        const out = path.resolve(io.cwd, values.out);
        try {
          await fs.writeFile(out, svg, 'utf8');
        } catch (err) {
          io.stderr(`${values.out}: cannot write the picture (${(err as NodeJS.ErrnoException).code ?? String(err)})\n`);
          return EXIT_FAILURE;
        }
        io.stdout(`${drawingPath}: wrote ${values.out} (${graph?.nodes.length ?? 0} nodes, ${graph?.edges.length ?? 0} edges, ${diagnostics.length} diagnostics)\n`);
      }
    } else if (values.json) {
      io.stdout(`${JSON.stringify({ drawing: drawingPath, nodes: graph ? describeNodes(graph) : [], edges: graph?.edges ?? [], checkpointIntervalMs: graph?.checkpointIntervalMs ?? null, diagnostics })}\n`);
    } else {
      io.stdout(textReport(drawingPath, graph, diagnostics));
    }
    if (graph === null) return EXIT_BAD_INPUT;
    // A reading with an error is one `flows run` refuses: inspect says so by its exit code and
    // its one stderr line too, so a script that checks drawings before running them can rely on it.
    const firstError = diagnostics.find((d) => d.severity === 'error');
    if (firstError !== undefined) {
      io.stderr(`${formatDiagnostic(firstError)}\n`);
      return EXIT_BAD_INPUT;
    }
    return EXIT_OK;
  },
};
