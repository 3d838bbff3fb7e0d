import { describe, expect, it } from 'vitest';
import { FlowInputError } from '../../../src/core/diagnostics';
import { exportFlinkSql } from '../../../src/core/export/flink-sql';
import { pulledSinkTargets, refusePullOver, renderPulledNote } from '../../../src/core/flink-bridge/pulled-sink-notes';
import { flowPaths } from '../../../src/core/paths';
import { parseUpsertNote } from '../../../src/core/run/upsert-sink';
import { planOf } from '../export/flink-helpers';

const head = { drawing: 'flows/orders.excalidraw.md', sink: 'totals', topic: 'totals', bootstrapServers: '127.0.0.1:9092', pulledAt: '2026-12-02T17:00:00.000Z' };

describe('the sink notes flows pull writes', () => {
  it('are upsert notes that read back key for key and number for number', () => {
    const table = new Map<string, number>([['A', 1], ['x|y', 2.5], ['back\\slash', -0], ['line\nbreak', 1e-7], ['café', 2 ** 60 + 2 ** 10], ['NaN', Number.NaN], ['inf', -Infinity]]);
    const text = renderPulledNote(head, table);
    const parsed = parseUpsertNote(text);
    expect(parsed).not.toBeNull();
    expect(parsed!.checkpoint).toBeNull();
    expect(parsed!.rows.map((r) => r.key)).toEqual([...table.keys()]);
    parsed!.rows.forEach((r) => expect(Object.is(r.value, table.get(r.key))).toBe(true));
    expect(text).toMatch(/^---\nflow: "\[\[flows\/orders\.excalidraw\]\]"\nsink: "totals"\nmode: upsert\nsource: flink\n/);
    expect(text).toContain('keys: 7\n');
  });

  it('an empty topic gives an empty table, still an upsert note', () => {
    expect(parseUpsertNote(renderPulledNote(head, new Map()))!.rows).toEqual([]);
  });

  it('go where a run writes the drawn sinks, and added tables get notes of their own', () => {
    const plan = planOf(
      [['orders', 'source'], ['total', 'processor', { kind: 'sum' }], ['largest', 'processor', { kind: 'max' }], ['out', 'sink'], ['Out', 'sink']],
      [['orders', 'total'], ['total', 'out'], ['orders', 'largest'], ['largest', 'Out']],
    );
    plan.nodes.find((n) => n.id === 'Out')!.name = 'out'; // two sinks of one name: the run tells them apart by id
    const extra = planOf([['orders', 'source'], ['c', 'processor', { kind: 'count' }]], [['orders', 'c']]);
    const run = flowPaths('Flows', 'orders.excalidraw.md');
    const expected = plan.nodes.filter((n) => n.role === 'sink').map((n) => run.sinkNote(n.name, n.id));
    const targets = pulledSinkTargets(plan, 'orders.excalidraw.md', exportFlinkSql(plan).tables);
    expect(targets.map((t) => t.path).sort()).toEqual([...expected].sort());
    expect(new Set(targets.map((t) => t.path)).size).toBe(2);
    const added = pulledSinkTargets(extra, 'orders.excalidraw.md', exportFlinkSql(extra).tables);
    expect(added.map((t) => [t.name, t.path])).toEqual([['c_sink', 'Flows/orders/sinks/c_sink.md']]);
  });

  it('never replace a changelog note (a row per committed update), only an upsert note or nothing', () => {
    const changelog = '# Output of out\n\n| # | key | value |\n| --- | --- | --- |\n| 1 | A | 1 |\n';
    expect(() => refusePullOver('Flows/x/sinks/out.md', changelog)).toThrow(FlowInputError);
    expect(() => refusePullOver('Flows/x/sinks/out.md', renderPulledNote(head, new Map([['A', 1]])))).not.toThrow();
    expect(() => refusePullOver('Flows/x/sinks/out.md', null)).not.toThrow();
  });
});
