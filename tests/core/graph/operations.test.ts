import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../../src/core/plan/plan';
import { codes, graphOf, node, withProcessor } from './read-drawing';

describe('operations', () => {
  it.each([
    [['count'], { kind: 'count' }],
    [['sum'], { kind: 'sum' }],
    [['min'], { kind: 'min' }],
    [['max'], { kind: 'max' }],
    // A field or key a plain event lacks reads as its value / key (operation-line.ts), so these still sum values and count per key.
    [['totals', 'sum of amount'], { kind: 'sum', field: 'amount' }],
    [['count by user'], { kind: 'count', by: 'user' }],
    [['Max latency'], { kind: 'max', field: 'latency' }],
    [['big', 'filter value > 1'], { kind: 'filter', expression: 'value > 1' }],
    [['double', 'map: value * 2'], { kind: 'map', expression: 'value * 2' }],
    [['processing service'], { kind: 'count' }],
    [[], { kind: 'count' }],
  ])('%j → %j', (lines, operation) => {
    const g = graphOf(withProcessor(...lines));
    expect(node(g, 'p').operation).toEqual(operation);
    expect(codes(g, 'error')).toEqual([]);
  });

  it('reports a line that is neither an operation nor an assertion, naming the text element', () => {
    const d = withProcessor('totals');
    const t = d.text('keeps the max per key', { x: 310, y: 80 });
    const g = graphOf(d);
    expect(node(g, 'p').operation).toEqual({ kind: 'count' });
    expect(g.diagnostics).toContainEqual(expect.objectContaining({ code: 'unknown-operation', elementId: t, severity: 'warning' }));
  });

  it('refuses two operations in one box', () => {
    const g = graphOf(withProcessor('stats', 'sum', 'max'));
    expect(codes(g, 'error')).toEqual(['several-operations']);
  });

  it('reports an expression that does not parse, with its column, as an error', () => {
    const g = graphOf(withProcessor('big', 'filter value > > 2'));
    const d = g.diagnostics.find((x) => x.code === 'bad-expression')!;
    expect(d).toMatchObject({ severity: 'error', file: 'test.excalidraw', elementId: 'pLabel', column: 9 });
    expect(d.message).toMatch(/"value > > 2" does not parse at column 9/);
    expect(() => compilePlan(g)).toThrow(/column 9/);
  });

  it('refuses a map that gives text, and an expression naming anything but key and value', () => {
    expect(codes(graphOf(withProcessor('m', 'map key + "x"')), 'error')).toEqual(['bad-expression']);
    expect(codes(graphOf(withProcessor('f', 'filter process.exit(1)')), 'error')).toEqual(['bad-expression']);
  });

  it('does not take a name that merely starts with "map" or "filter" as an expression', () => {
    const g = graphOf(withProcessor('Map service'));
    expect(node(g, 'p').operation).toEqual({ kind: 'count' });
    expect(codes(g)).toEqual(['unclear-operation']);
  });

  it('reads KEY = NUMBER lines as assertions', () => {
    const g = graphOf(withProcessor('sum', 'A = 1', 'B = 2'));
    expect(node(g, 'p').assertions.map((a) => [a.key, a.expected])).toEqual([['A', 1], ['B', 2]]);
  });
});
