import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowInputError } from '../../../src/core/diagnostics';
import { buildGraph } from '../../../src/core/graph/build-graph';
import type { FlowGraph } from '../../../src/core/graph/flow-graph';
import { compilePlan } from '../../../src/core/plan/plan';
import { normaliseElements } from '../../../src/core/scene/normalise-elements';
import { readScene } from '../../../src/core/scene/read-scene';
import { SEED } from '../../helpers/temp-vault';

/*
 * Random and mutated element lists thrown at the reader. Seeded and bounded: each property runs
 * a fixed number of cases from a fixed seed, so a failure reproduces and the suite stays quick.
 */
const RUNS = { seed: 20261125, numRuns: 150 };

const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const weirdNumber = fc.oneof(fc.integer({ min: -400, max: 800 }), fc.double(), fc.constantFrom(0, -0, 1e300, -1e300, Number.NaN, Number.POSITIVE_INFINITY), fc.constant(undefined), fc.string());
const texts = fc.oneof(
  fc.constantFrom('A', 'C B A', 'B:3', 'x = 2', 'count', 'sum', 'count by user', 'filter value > 1', 'map value * 2', 'filter (((', 'map key + "x"', 'checkpoint every 5s', 'orders db', 'output store', '', '\n\n', 'A\nB\nC', '[[note]]'),
  fc.string({ maxLength: 30 }),
);
const binding = fc.oneof(fc.constant(null), fc.record({ elementId: fc.constantFrom(...ids, 'missing') }), fc.record({ elementId: fc.constantFrom(...ids), fixedPoint: fc.tuple(fc.double(), fc.double()), mode: fc.constant('orbit') }), fc.string());
const points = fc.oneof(fc.array(fc.tuple(weirdNumber, weirdNumber), { maxLength: 4 }), fc.constant('nope'), fc.array(fc.anything(), { maxLength: 3 }));

const element = fc.record(
  {
    id: fc.oneof(fc.constantFrom(...ids), fc.integer()),
    type: fc.constantFrom('rectangle', 'ellipse', 'diamond', 'text', 'arrow', 'line', 'frame', 'freedraw', 'image', 'weird'),
    x: weirdNumber, y: weirdNumber, width: weirdNumber, height: weirdNumber, angle: weirdNumber,
    text: texts, originalText: texts,
    containerId: fc.oneof(fc.constant(null), fc.constantFrom(...ids, 'gone')),
    points, startBinding: binding, endBinding: binding,
    startArrowhead: fc.constantFrom(null, 'arrow', 'triangle', 'dot', 42),
    endArrowhead: fc.constantFrom(null, 'arrow', 'bar'),
    isDeleted: fc.boolean(),
    link: fc.constantFrom(undefined, '[[events]]', 'https://x'),
  },
  { requiredKeys: [] },
);
const elementList = fc.array(fc.oneof(element, fc.anything()), { maxLength: 25 });

/** file → graph → plan, as a host does; the only exception allowed is FlowInputError. */
function readAll(raw: unknown[]): { graph: FlowGraph; planned: boolean } {
  const { elements } = normaliseElements(raw);
  const graph = buildGraph({ file: 'random.excalidraw', format: 'excalidraw', elements });
  try {
    compilePlan(graph);
    return { graph, planned: true };
  } catch (err) {
    if (!(err instanceof FlowInputError)) throw err;
    return { graph, planned: false };
  }
}

/** Small structural changes a hand edit, a sync conflict or a newer editor version could make. */
const mutation = fc.tuple(fc.nat(), fc.constantFrom('drop-field', 'set-field', 'remove', 'duplicate', 'swap-ids'), fc.constantFrom('x', 'y', 'width', 'points', 'startBinding', 'endBinding', 'containerId', 'text', 'type', 'id', 'angle'), fc.anything());

function mutate(elements: Record<string, unknown>[], ms: [number, string, string, unknown][]): Record<string, unknown>[] {
  const out = elements.map((e) => ({ ...e }));
  for (const [at, kind, field, value] of ms) {
    if (out.length === 0) break;
    const i = at % out.length;
    if (kind === 'drop-field') delete out[i][field];
    else if (kind === 'set-field') out[i][field] = value;
    else if (kind === 'remove') out.splice(i, 1);
    else if (kind === 'duplicate') out.push({ ...out[i] });
    else out[i].id = out[(i + 1) % out.length].id;
  }
  return out;
}

const sceneOf = (file: string): Record<string, unknown>[] => {
  const text = readFileSync(file, 'utf8');
  const json = text.includes('```json') ? text.split('```json')[1].split('```')[0] : text;
  return (JSON.parse(json) as { elements: Record<string, unknown>[] }).elements;
};

describe('the reader on random and mutated drawings', () => {
  it('never throws on random element lists, and reads the same input to the same graph', () => {
    fc.assert(
      fc.property(elementList, (raw) => {
        const first = readAll(raw);
        const again = readAll(structuredClone(raw));
        expect(again).toEqual(first);
        for (const d of first.graph.diagnostics) expect(d.file).toBe('random.excalidraw');
      }),
      RUNS,
    );
  });

  it('never throws on mutations of real drawings (the seed and a corpus pipeline)', () => {
    const bases = [
      sceneOf(SEED),
      sceneOf(path.resolve(__dirname, '../../fixtures/corpus/interservice-communication__konstantinosBlatsoukasRepo-obsidian.excalidraw.md')),
      sceneOf(path.resolve(__dirname, '../../fixtures/corpus/realtime-personalization-kafka-flink__AdvaitDarbare-realtime-personalization-engine.excalidraw')),
    ];
    fc.assert(
      fc.property(fc.nat({ max: bases.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (which, ms) => {
        const raw = mutate(bases[which], ms);
        expect(readAll(raw)).toEqual(readAll(structuredClone(raw)));
      }),
      RUNS,
    );
  });

  it('on any file text throws nothing but FlowInputError, whose message names the file', () => {
    const fileText = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json(),
      fc.string({ maxLength: 120 }).map((s) => `---\nexcalidraw-plugin: parsed\n---\n## Drawing\n\`\`\`compressed-json\n${s}\n\`\`\`\n`),
      fc.json().map((j) => `---\nexcalidraw-plugin: parsed\n---\n# Drawing\n\`\`\`json\n${j}\n\`\`\`\n`),
      fc.string({ maxLength: 120 }).map((s) => `# Drawing\n{${s}`),
    );
    fc.assert(
      fc.property(fileText, fc.constantFrom('d.excalidraw.md', 'd.excalidraw', 'd.canvas', 'note.md'), (text, file) => {
        try {
          const { scene } = readScene(file, text);
          buildGraph(scene);
        } catch (err) {
          expect(err).toBeInstanceOf(FlowInputError);
          expect((err as Error).message.startsWith(`${file}: `)).toBe(true);
          expect((err as Error).message).not.toContain('\n');
        }
      }),
      RUNS,
    );
  });
});
