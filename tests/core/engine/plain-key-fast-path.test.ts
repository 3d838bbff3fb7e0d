import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowEngine } from '../../../src/core/engine/engine';
import { recordInput } from '../../../src/core/engine/windows/record-input';
import { buildGraph } from '../../../src/core/graph/build-graph';
import type { AggregateClauses } from '../../../src/core/graph/operation-line';
import { compilePlan } from '../../../src/core/plan/plan';
import { decodeRecordKey } from '../../../src/core/records/record-text';
import { readScene } from '../../../src/core/scene/read-scene';

/** A canvas queue → processor → output store, the processor's card holding `line`. */
function canvas(line: string): string {
  return JSON.stringify({
    nodes: [
      { id: 'q', type: 'text', x: 0, y: 0, width: 200, height: 100, text: 'queue' },
      { id: 'p', type: 'text', x: 300, y: 0, width: 200, height: 100, text: `stats\n${line}` },
      { id: 's', type: 'text', x: 600, y: 0, width: 200, height: 100, text: 'output' },
    ],
    edges: [{ id: 'e1', fromNode: 'q', toNode: 'p' }, { id: 'e2', fromNode: 'p', toNode: 's' }],
  });
}

/**
 * Keys that tempt the fast path: a plain key, the same key with a time (its group is `A`), and
 * records whose group is the text of another event's raw key (`A @12:00:05`, `{user: u1}`), so a
 * cell found by a raw key is not always that key's own group.
 */
const KEYS = ['A', 'B', 'A @12:00:05', '{key: "A @12:00:05"}', '{key: A}', 'u1', '{user: u1, amount: 3}', '{user: "{user: u1, amount: 3}"}', '{user: u2, amount: x}', '{bad', '{key: B} @12:00:07'];

/** What each event did before the fast path: decode every key, then update the group. */
function reference(kind: 'count' | 'sum' | 'min' | 'max' | 'avg', clauses: AggregateClauses, events: { key: string; value: number }[]): { state: Map<string, number>; out: number[] } {
  const read = recordInput(clauses);
  const withClauses = clauses.by !== undefined || clauses.field !== undefined;
  const state = new Map<string, number>();
  const counts = new Map<string, number>();
  const out: number[] = [];
  for (const e of events) {
    const group = withClauses ? read.group(e.key) : (decodeRecordKey(e.key)?.key ?? e.key);
    const v = withClauses ? read.amount(e.key, e.value) : e.value;
    const old = state.get(group);
    let next: number;
    if (kind === 'count') next = (old ?? 0) + 1;
    else if (kind === 'sum') next = (old ?? 0) + v;
    else if (kind === 'avg') {
      const n = (counts.get(group) ?? 0) + 1;
      counts.set(group, n);
      next = (old ?? 0) + (v - (old ?? 0)) / n;
    } else {
      if (old !== undefined && !(kind === 'min' ? v < old : v > old)) continue;
      next = v;
    }
    state.set(group, next);
    out.push(next);
  }
  return { state, out };
}

describe('aggregates skip decoding keys known to be plain, with the same results', () => {
  const lines: [string, 'count' | 'sum' | 'min' | 'max' | 'avg', AggregateClauses][] = [
    ['count', 'count', {}],
    ['sum', 'sum', {}],
    ['min', 'min', {}],
    ['max', 'max', {}],
    ['avg', 'avg', {}],
    ['count by user', 'count', { by: 'user' }],
    ['sum amount by user', 'sum', { field: 'amount', by: 'user' }],
  ];
  it.each(lines)('%s', (line, kind, clauses) => {
    const plan = compilePlan(buildGraph(readScene('ops.canvas', canvas(line)).scene));
    expect(plan.nodes.find((n) => n.id === 'p')!.operation).toMatchObject({ kind, ...clauses });
    fc.assert(
      fc.property(fc.array(fc.record({ key: fc.constantFrom(...KEYS), value: fc.integer({ min: -5, max: 5 }) }), { maxLength: 60 }), (events) => {
        const engine = new FlowEngine(plan);
        engine.append('q', events);
        engine.run(1000);
        const want = reference(kind, clauses, events);
        expect(engine.sinks.get('s')!.values).toEqual(want.out);
        expect(new Map(engine.states.get('p')!.values)).toEqual(want.state);
      }),
      { numRuns: 200 },
    );
  });

  // A restore marks the keys that cannot be records plain at once (KeyedState.restoreOne):
  // stopping anywhere and going on from the cut must give what one unbroken run gives.
  it.each(lines)('%s, restored from a cut anywhere and run on', (line, kind, clauses) => {
    const plan = compilePlan(buildGraph(readScene('ops.canvas', canvas(line)).scene));
    fc.assert(
      fc.property(fc.array(fc.record({ key: fc.constantFrom(...KEYS), value: fc.integer({ min: -5, max: 5 }) }), { maxLength: 60 }), fc.nat(), (events, at) => {
        const stop = events.length === 0 ? 0 : at % (events.length + 1);
        const first = new FlowEngine(plan);
        first.append('q', events);
        first.run(stop);
        const again = new FlowEngine(plan);
        again.append('q', events);
        again.restore(first.cut());
        again.run(1000);
        const want = reference(kind, clauses, events);
        expect([...first.sinks.get('s')!.values, ...again.sinks.get('s')!.values]).toEqual(want.out);
        expect(new Map(again.states.get('p')!.values)).toEqual(want.state);
      }),
      { numRuns: 200 },
    );
  });

  it('distinct', () => {
    const plan = compilePlan(buildGraph(readScene('ops.canvas', canvas('count distinct')).scene));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...KEYS), { maxLength: 40 }), (keys) => {
        const engine = new FlowEngine(plan);
        engine.append('q', keys.map((key) => ({ key, value: 1 })));
        engine.run(1000);
        const groups = new Set(keys.map((k) => decodeRecordKey(k)?.key ?? k));
        expect(engine.states.get('p')!.values.size).toBe(groups.size);
        expect(engine.sinks.get('s')!.values).toEqual([...groups].map((_, i) => i + 1));
      }),
      { numRuns: 200 },
    );
  });

  it('a restored state is learnt again: its keys are not taken as plain until seen so', () => {
    const plan = compilePlan(buildGraph(readScene('ops.canvas', canvas('count')).scene));
    const engine = new FlowEngine(plan);
    // A record whose group is the text of a timed event's raw key.
    engine.append('q', [{ key: '{key: "A @12:00:05"}', value: 1 }]);
    engine.run(10);
    const again = new FlowEngine(plan);
    again.append('q', [{ key: '{key: "A @12:00:05"}', value: 1 }, { key: 'A @12:00:05', value: 1 }, { key: 'A @12:00:05', value: 1 }]);
    again.restore({ ...engine.cut(), offsets: { q: 1 } });
    again.run(10);
    expect([...again.states.get('p')!.values]).toEqual([['A @12:00:05', 1], ['A', 2]]);
  });
});
