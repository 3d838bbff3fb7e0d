import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlowInputError, type Diagnostic } from '../../src/core/diagnostics';
import { buildGraph } from '../../src/core/graph/build-graph';
import type { FlowGraph } from '../../src/core/graph/flow-graph';
import { compilePlan } from '../../src/core/plan/plan';
import { readScene } from '../../src/core/scene/read-scene';

/**
 * 35 real drawings by other people (tests/fixtures/corpus/SOURCES.md): architectures,
 * Kafka/Flink pipelines, mind maps, wireframes. Each must yield a runnable plan or error
 * diagnostics, never an exception; the per-file summary is a reviewed snapshot, so a change in
 * how any of them is understood shows up in review.
 */
const DIR = path.resolve(__dirname, '../fixtures/corpus');
const FILES = readdirSync(DIR).filter((f) => f !== 'SOURCES.md').sort();

interface Outcome {
  graph?: FlowGraph;
  diagnostics: Diagnostic[];
  elements: number;
  format: string;
  runnable: boolean;
}

function understand(file: string): Outcome {
  const text = readFileSync(path.join(DIR, file), 'utf8');
  try {
    const { scene, diagnostics } = readScene(file, text);
    const graph = buildGraph(scene);
    const all = [...diagnostics, ...graph.diagnostics];
    let runnable = false;
    try {
      compilePlan(graph);
      runnable = true;
    } catch (err) {
      if (!(err instanceof FlowInputError)) throw err;
    }
    return { graph, diagnostics: all, elements: scene.elements.length, format: scene.format, runnable };
  } catch (err) {
    if (!(err instanceof FlowInputError)) throw err;
    return { diagnostics: err.diagnostics, elements: 0, format: '-', runnable: false };
  }
}

const list = (names: string[], max = 8): string => (names.length === 0 ? '-' : names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')}, … (+${names.length - max})`);
const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 37)}...` : s).replace(/\|/g, '/');

function summarise(file: string, o: Outcome): string {
  const codes = new Map<string, number>();
  for (const d of o.diagnostics) codes.set(`${d.severity} ${d.code}`, (codes.get(`${d.severity} ${d.code}`) ?? 0) + 1);
  const byRole = (role: string) => (o.graph?.nodes ?? []).filter((n) => n.role === role);
  const lines = [
    `## ${file}`,
    '',
    `- ${o.format}, ${o.elements} elements → ${byRole('source').length} sources, ${byRole('processor').length} processors, ${byRole('sink').length} sinks, ${o.graph?.edges.length ?? 0} edges; ${o.runnable ? '**runnable**' : 'not runnable'}`,
    `- sources: ${list(byRole('source').map((n) => `${clip(n.name)} (${n.events.length} events${n.link ? `, ${n.link}` : ''})`))}`,
    `- processors: ${list(byRole('processor').map((n) => `${clip(n.name)} [${n.operation.kind}]`))}`,
    `- sinks: ${list(byRole('sink').map((n) => clip(n.name)))}`,
    `- diagnostics: ${list([...codes].sort(([a], [b]) => a.localeCompare(b)).map(([c, n]) => `${c} ×${n}`), 20)}`,
    '',
  ];
  return lines.join('\n');
}

describe('the corpus of real drawings', () => {
  const outcomes = new Map(FILES.map((f) => [f, understand(f)]));

  it('holds the 35 drawings listed in SOURCES.md', () => {
    const sources = readFileSync(path.join(DIR, 'SOURCES.md'), 'utf8');
    expect(FILES).toHaveLength(35);
    for (const f of FILES) expect(sources).toContain(f);
  });

  it.each(FILES)('%s: a runnable plan, or error diagnostics naming the file', (file) => {
    const o = outcomes.get(file)!;
    for (const d of o.diagnostics) expect(d.file).toBe(file);
    if (!o.runnable) expect(o.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('reads the Kafka/Flink pipelines as sources → processors → sinks', () => {
    const edgesOf = (file: string): string[] => {
      const g = outcomes.get(file)!.graph!;
      const byId = new Map(g.nodes.map((n) => [n.id, n]));
      return g.edges.map((e) => `${byId.get(e.from)!.name} (${byId.get(e.from)!.role}) -> ${byId.get(e.to)!.name} (${byId.get(e.to)!.role})`);
    };
    expect(edgesOf('ad-click-aggregator-kafka-flink__ShivaniPanjala-hld.excalidraw')).toEqual(expect.arrayContaining([
      'Click Processor Service (processor) -> Kafka (processor)',
      'Kafka (processor) -> Flink (processor)',
      'Flink (processor) -> OLAP DB (sink)',
    ]));
    expect(edgesOf('realtime-personalization-kafka-flink__AdvaitDarbare-realtime-personalization-engine.excalidraw')).toEqual(expect.arrayContaining([
      // A multi-line label is one name: `Kafka` / `raw topics`.
      'Clickstream events (source) -> Kafka raw topics (processor)',
      'Kafka raw topics (processor) -> Flink (processor)',
    ]));
    expect(edgesOf('iot-kafka-spark-cassandra__Barralex-IoTDataPipeline.excalidraw')).toContain('Spark Real Time Analytics Engine (processor) -> Cassandra DB (sink)');
  });

  it('matches the reviewed summary', async () => {
    const header = '# Corpus summary (reviewed)\n\nHow each real drawing in tests/fixtures/corpus is understood. Review changes by eye.\n\n';
    await expect(header + FILES.map((f) => summarise(f, outcomes.get(f)!)).join('\n')).toMatchFileSnapshot('./__snapshots__/corpus-summary.md');
  });
});
