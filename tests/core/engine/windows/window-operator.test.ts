import { describe, expect, it } from 'vitest';
import { FlowEngine } from '../../../../src/core/engine/engine';
import { addLateSinks } from '../../../../src/core/engine/windows/late-sinks';
import type { Operation } from '../../../../src/core/graph/flow-graph';
import { readOperationLine } from '../../../../src/core/graph/operation-line';
import type { Plan } from '../../../../src/core/plan/plan';
import { node } from '../../run/pipelines';

function planFor(line: string, lateSink = false): Plan {
  const operation = readOperationLine(line).operation as Operation;
  const nodes = [
    node('q', 'source', ['p']),
    node('p', 'processor', lateSink ? ['out', 'late'] : ['out'], operation),
    node('out', 'sink', []),
    ...(lateSink ? [node('late', 'sink', [], { kind: 'count' }, { name: 'late clicks' })] : []),
  ];
  return { file: 'w.excalidraw.md', nodes: addLateSinks(nodes) };
}

function run(line: string, events: [string, number?][], clock = { t: 0 }): { engine: FlowEngine; out: [string, number][]; late: [string, number][] } {
  const engine = new FlowEngine(planFor(line), { now: () => clock.t });
  engine.append('q', events.map(([key, value]) => ({ key, value: value ?? 1 })));
  engine.run(1e9);
  const take = (id: string): [string, number][] => {
    const r = engine.takeSinkRecords(id);
    return r.keys.map((k, i) => [k, r.values[i]]);
  };
  return { engine, out: take('out'), late: engine.sinks.has('p-late') ? take('p-late') : [] };
}

const at = (user: string, ad: number, hms: string): [string] => [`{user: ${user}, ad: ${ad}} @${hms}`];

describe('windowed aggregates', () => {
  it('counts per ad per minute, emitting a minute when the watermark passes its end', () => {
    const { engine, out, late } = run('count by ad per 1 min', [at('u1', 7, '12:00:05'), at('u2', 7, '12:00:30'), at('u1', 8, '12:00:59'), at('u3', 7, '12:01:10'), at('u1', 7, '12:02:00')]);
    expect(out).toEqual([['7 @12:00:00', 2], ['8 @12:00:00', 1], ['7 @12:01:00', 1]]);
    expect(late).toEqual([]);
    expect(engine.windows.get('p')!.openWindows()).toEqual([{ group: '7', start: 43_320_000, end: 43_380_000, value: 1, events: 1 }]);
    expect(engine.windows.get('p')!.watermark()).toBe(43_320_000);
  });

  it('waits for late events as long as allowed, then sends them to the late sink', () => {
    const { out, late, engine } = run('count by ad per 1 min allow 5s late', [at('u1', 7, '12:00:50'), at('u2', 7, '12:01:03'), at('u3', 7, '12:00:58'), at('u4', 7, '12:01:06'), at('u5', 7, '12:00:59')]);
    expect(out).toEqual([['7 @12:00:00', 2]]);
    expect(late).toEqual([['{user: u5, ad: 7} @12:00:59', 1]]);
    expect(engine.windows.get('p')!.lateCount()).toBe(1);
  });

  it('sums a field per key and window', () => {
    const { out } = run('sum amount by ad every 10s', [['{ad: 1, amount: 2.5} @00:00:01'], ['{ad: 1, amount: 4} @00:00:09'], ['{ad: 2, amount: 1} @00:00:09'], ['{ad: 1, amount: 1} @00:00:10']]);
    expect(out).toEqual([['1 @00:00:00', 6.5], ['2 @00:00:00', 1]]);
  });

  it('counts an event in every sliding window that holds it', () => {
    const { out } = run('count over 3 min every 1 min', [['A @00:00:30'], ['A @00:01:30'], ['A @00:05:00']]);
    // Windows [-2,1), [-1,2), [0,3), [1,4), [2,5) minutes: A@0:30 is in the first three, A@1:30 in [-1,2), [0,3), [1,4).
    expect(out).toEqual([['A @1969-12-31T23:58:00Z', 1], ['A @1969-12-31T23:59:00Z', 2], ['A @00:00:00', 2], ['A @00:01:00', 1]]);
  });

  it('merges sessions of one user that come within the gap', () => {
    const { out } = run('count by user with gap 30s', [at('u1', 1, '00:00:00'), at('u1', 1, '00:00:20'), at('u2', 1, '00:00:25'), at('u1', 1, '00:00:45'), at('u1', 1, '00:02:00')]);
    expect(out).toEqual([['u2 @00:00:25 to 00:00:55', 1], ['u1 @00:00:00 to 00:01:15', 3]]);
  });

  it('closes processing-time windows by the clock when events have no time', () => {
    const clock = { t: 0 };
    const { engine, out } = run('count per 10s', [['A'], ['A'], ['B']], clock);
    expect(out).toEqual([]);
    clock.t = 10_000;
    engine.advanceTime();
    const r = engine.takeSinkRecords('out');
    expect(r.keys.map((k, i) => [k, r.values[i]])).toEqual([['A @00:00:00', 2], ['B @00:00:00', 1]]);
  });

  it('sends late events to a drawn sink named "late …" instead of adding one', () => {
    const plan = planFor('count per 1 min', true);
    expect(plan.nodes.map((n) => n.id)).toEqual(['q', 'p', 'out', 'late']);
    expect(planFor('count per 1 min').nodes.map((n) => [n.id, n.name])).toEqual([['q', 'q'], ['p', 'p'], ['p-late', 'p late'], ['out', 'out']]);
  });

  it('keeps plain aggregates as they were, grouping an event with a time by its key', () => {
    const { out } = run('count', [['A'], ['A @12:00:00'], ['B', 3]]);
    expect(out).toEqual([['A', 1], ['A', 2], ['B', 1]]);
    expect(run('sum amount by ad', [['{ad: 7, amount: 2}'], ['{ad: 7, amount: 3}'], ['X', 4]]).out).toEqual([['7', 2], ['7', 5], ['X', 4]]);
  });

  it('averages a field per key and window, merging the means of sessions by their event counts', () => {
    expect(run('avg amount by ad per 10s', [['{ad: 1, amount: 2} @00:00:01'], ['{ad: 1, amount: 5} @00:00:04'], ['{ad: 2, amount: 1} @00:00:09'], ['{ad: 1, amount: 1} @00:00:10']]).out).toEqual([['1 @00:00:00', 3.5], ['2 @00:00:00', 1]]);
    // Two sessions (1 event at 0s; 2 events at 25s and 30s) joined by an event at 12s: mean of 4, 1, 6, 9.
    const { out } = run('avg amount by ad with gap 15s allow 30s late', [['{ad: 1, amount: 4} @00:00:00'], ['{ad: 1, amount: 6} @00:00:25'], ['{ad: 1, amount: 9} @00:00:30'], ['{ad: 1, amount: 1} @00:00:12'], ['{ad: 1, amount: 0} @00:02:00']]);
    expect(out).toEqual([['1 @00:00:00 to 00:00:45', 5]]);
  });

  it('averages by a field without a window, as a running mean per group', () => {
    expect(run('avg amount by ad', [['{ad: 7, amount: 2}'], ['{ad: 8, amount: 10}'], ['{ad: 7, amount: 4}'], ['X', 6]]).out).toEqual([['7', 2], ['8', 10], ['7', 3], ['X', 6]]);
  });

  it('fires every open window at end of input (watermark +∞), once; events after it are late', () => {
    const { engine, out } = run('count by ad per 1 min allow 5s late', [at('u1', 7, '12:00:05'), at('u2', 8, '12:00:30'), at('u3', 7, '12:01:03')]);
    expect(out).toEqual([]);
    expect(engine.endOfInput()).toBe(true);
    const r = engine.takeSinkRecords('out');
    expect(r.keys.map((k, i) => [k, r.values[i]])).toEqual([['7 @12:00:00', 1], ['8 @12:00:00', 1], ['7 @12:01:00', 1]]);
    expect(engine.windows.get('p')!.openWindows()).toEqual([]);
    expect(engine.windows.get('p')!.watermark()).toBe(Number.POSITIVE_INFINITY);
    expect(engine.endOfInput()).toBe(false);
    engine.append('q', [{ key: '{user: u4, ad: 7} @13:00:00', value: 1 }]);
    engine.run(10);
    expect(engine.takeSinkRecords('out').keys).toEqual([]);
    expect(engine.takeSinkRecords('p-late').keys).toEqual(['{user: u4, ad: 7} @13:00:00']);
  });

  it('fires processing-time windows at end of input too', () => {
    const { engine } = run('count per 10s', [['A'], ['B'], ['A']], { t: 5_000 });
    engine.endOfInput();
    const r = engine.takeSinkRecords('out');
    expect(r.keys.map((k, i) => [k, r.values[i]])).toEqual([['A @00:00:00', 2], ['B @00:00:00', 1]]);
  });
});
