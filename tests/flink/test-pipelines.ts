import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { hasErrors } from '../../src/core/diagnostics';
import type { EventSpec, Operation } from '../../src/core/graph/flow-graph';
import { buildGraph } from '../../src/core/graph/build-graph';
import { compilePlan, type Plan } from '../../src/core/plan/plan';
import { readScene } from '../../src/core/scene/read-scene';
import { ev, planOf, type NodeSpec } from '../core/export/flink-helpers';

/** A pipeline the differential test runs on the engine and on Flink, with its sources' events. */
export interface TestPipeline {
  name: string;
  plan: Plan;
  /** Source id → events, in the order the engine consumes them. */
  events: Map<string, EventSpec[]>;
  /** For a shape the export warns about: Flink's result, which differs from the engine's as warned. */
  flinkDiffers?: Record<string, Record<string, number>>;
}

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
const DRAWING = /\.(excalidraw|canvas|md)$/;
/** Added after each source's drawn events, so that every key sees several updates. */
const EXTRA = ev('A A B:5 C:-2 A:0.5');

/** Every drawing the tests keep (the seed, the format fixtures, the corpus) that runs. */
export function runnableDrawings(): TestPipeline[] {
  const out: TestPipeline[] = [];
  for (const dir of ['seed', 'drawings', 'corpus']) {
    for (const name of readdirSync(path.join(FIXTURES, dir)).sort()) {
      if (!DRAWING.test(name) || name === 'SOURCES.md') continue;
      const file = `${dir}/${name}`;
      let plan: Plan;
      try {
        const { scene } = readScene(file, readFileSync(path.join(FIXTURES, file), 'utf8'));
        const graph = buildGraph(scene);
        if (hasErrors(graph.diagnostics)) continue;
        plan = compilePlan(graph);
      } catch {
        continue; // not readable or not runnable: the reader's own tests cover those
      }
      const events = new Map(plan.nodes.filter((n) => n.role === 'source').map((n) => [n.id, [...n.events, ...EXTRA]]));
      out.push({ name: file, plan, events });
    }
  }
  return out;
}

/** The hand-built shapes of tests/core/export/flink-sql.test.ts, the two warned ones included. */
export function builtPipelines(): TestPipeline[] {
  const p = (name: string, nodes: NodeSpec[], edges: Array<[string, string]>, events: Record<string, string>,
    flinkDiffers?: TestPipeline['flinkDiffers']): TestPipeline => ({
    name, plan: planOf(nodes, edges), events: new Map(Object.entries(events).map(([k, v]) => [k, ev(v)])), ...(flinkDiffers ? { flinkDiffers } : {}),
  });
  return [
    p('built: filter → sum and max, two sinks in one statement set',
      [['orders', 'source'], ['big', 'processor', { kind: 'filter', expression: "value > 1 and key != 'X'" }],
        ['total', 'processor', { kind: 'sum' }], ['largest', 'processor', { kind: 'max' }], ['totals', 'sink'], ['peaks', 'sink']],
      [['orders', 'big'], ['big', 'total'], ['big', 'largest'], ['total', 'totals'], ['largest', 'peaks']],
      { orders: 'A:2 B:1 A:5 X:9 B:3 C:4 A:1' }),
    p('built: fan-in of two event streams (UNION ALL)',
      [['web', 'source'], ['app', 'source'], ['clicks', 'processor', { kind: 'count' }], ['out', 'sink']],
      [['web', 'clicks'], ['app', 'clicks'], ['clicks', 'out']], { web: 'A B A', app: 'B C' }),
    p('built: maps (arithmetic, %, booleans) before and after aggregations',
      [['s', 'source'], ['scaled', 'processor', { kind: 'map', expression: '-value * 2 + 10 % 4' }], ['lowest', 'processor', { kind: 'min' }],
        ['flag', 'processor', { kind: 'map', expression: 'value >= 3 or key == "Z"' }], ['flags', 'processor', { kind: 'sum' }],
        ['counted', 'processor', { kind: 'count' }], ['halved', 'processor', { kind: 'map', expression: 'value / 2' }], ['half', 'sink']],
      [['s', 'scaled'], ['scaled', 'lowest'], ['s', 'flag'], ['flag', 'flags'], ['s', 'counted'], ['counted', 'halved'], ['halved', 'half']],
      { s: 'A:1 B:4 A:3 Z:0 B:-2 A:-7.5' }),
    p('built (warned): a filter after an aggregation',
      [['s', 'source'], ['c', 'processor', { kind: 'count' }], ['rare', 'processor', { kind: 'filter', expression: 'value < 2' }], ['k', 'sink']],
      [['s', 'c'], ['c', 'rare'], ['rare', 'k']], { s: 'A B A C' },
      // The engine keeps A = 1, the last count that matched; Flink retracts A when its count becomes 2.
      { k: { B: 1, C: 1 } }),
    p('built (warned): text joined with a number',
      [['s', 'source'], ['tagged', 'processor', { kind: 'filter', expression: "key + value == 'A1'" }], ['n', 'processor', { kind: 'count' }], ['k', 'sink']],
      [['s', 'tagged'], ['tagged', 'n'], ['n', 'k']], { s: 'A A:2 B A' },
      // The engine makes 'A' + 1 = 'A1' and counts A twice; Flink makes 'A1.0', so nothing matches.
      { k: {} }),
  ];
}

const STEP: fc.Arbitrary<Operation> = fc.oneof(
  fc.integer({ min: -2, max: 4 }).map((n): Operation => ({ kind: 'filter', expression: `value > ${n}` })),
  fc.constantFrom<Operation>({ kind: 'filter', expression: "key != 'B'" }, { kind: 'filter', expression: "value % 2 == 1 or key == 'C'" }),
  fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 9 })).map(([a, b]): Operation => ({ kind: 'map', expression: `value * ${a} + ${b}` })),
  fc.integer({ min: 1, max: 8 }).map((n): Operation => ({ kind: 'map', expression: `-value / ${n}` })),
);
const AGGREGATE = fc.constantFrom<Operation>({ kind: 'count' }, { kind: 'sum' }, { kind: 'min' }, { kind: 'max' });
const EVENTS = fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C', 'D'), fc.integer({ min: -5, max: 9 })), { minLength: 1, maxLength: 25 });

/**
 * Pipelines like those of the engine's property tests, drawn by fast-check from a fixed seed:
 * a source, up to two filter/map steps, an aggregation, an optional map of its result, a sink.
 */
export function propertyPipelines(count = 6): TestPipeline[] {
  const arb = fc.record({ before: fc.array(STEP, { maxLength: 2 }), agg: AGGREGATE, after: fc.option(STEP.filter((s) => s.kind === 'map'), { nil: undefined }), events: EVENTS });
  return fc.sample(arb, { seed: 16, numRuns: count }).map((g, i) => {
    const steps: Operation[] = [...g.before, g.agg, ...(g.after ? [g.after] : [])];
    const nodes: NodeSpec[] = [['src', 'source'], ...steps.map((op, j): NodeSpec => [`p${j}`, 'processor', op]), ['out', 'sink']];
    const ids = nodes.map((n) => n[0]);
    const edges = ids.slice(1).map((id, j): [string, string] => [ids[j], id]);
    const name = `property ${i + 1}: ${steps.map((s) => ('expression' in s ? `${s.kind} ${s.expression}` : s.kind)).join(' → ')}`;
    return { name, plan: planOf(nodes, edges), events: new Map([['src', g.events.map(([key, value]) => ({ key, value }))]]) };
  });
}
