import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Operation } from '../../../src/core/graph/flow-graph';
import { parseOperationLine } from '../../../src/core/graph/operation-line';

/** The regular expressions the scanner replaced (texts.ts before operation-line.ts), kept as the oracle. */
function oldParse(line: string, anywhere: boolean): Operation | null {
  const text = line.replace(/\s+/g, ' ').trim();
  const expr = /^(filter|map)\s*:?\s+(.+)$/i.exec(text);
  if (expr) return { kind: expr[1].toLowerCase() as 'filter' | 'map', expression: expr[2] };
  const agg = (anywhere ? /\b(count|sum|min|max)\b/i : /^(count|sum|min|max)\b/i).exec(text);
  if (agg) return { kind: agg[1].toLowerCase() as 'count' | 'sum' | 'min' | 'max' };
  return null;
}

describe('operation line', () => {
  it.each([
    ['count', { kind: 'count' }],
    ['  SUM  ', { kind: 'sum' }],
    ['min', { kind: 'min' }],
    ['Max', { kind: 'max' }],
    ['count-by-user', { kind: 'count' }],
    ['filter value > 1', { kind: 'filter', expression: 'value > 1' }],
    ['filter:  value > 1', { kind: 'filter', expression: 'value > 1' }],
    ['map : value * 2', { kind: 'map', expression: 'value * 2' }],
    ['counts', null],
    ['countdown', null],
    ['filter', null],
    ['filter:', null],
    ['filter:value', null],
    ['filter :x', { kind: 'filter', expression: ':x' }],
    ['filter: :x', { kind: 'filter', expression: ':x' }],
    ['keeps the max', null],
    ['', null],
  ])('%j → %j', (line, op) => {
    expect(parseOperationLine(line)).toEqual(op);
  });

  it.each([
    ['user count', { kind: 'count' }],
    ['Max latency', { kind: 'max' }],
    ['discount', null],
    ['max_latency', null],
    ['sum then count', { kind: 'sum' }],
    ['ñcount', { kind: 'count' }],
  ])('as a name, %j → %j', (line, op) => {
    expect(parseOperationLine(line, { anywhere: true })).toEqual(op);
  });

  const pieces = fc.constantFrom('count', 'sum', 'min', 'max', 'filter', 'map', 'Count', 'MAP', ':', ' :', ': ', ' ', '  ', '\t', '\n', 'x', '_', '-', 'ñ', '1', 'value > 1', 'by', 'dis', 's');
  const lines = fc.oneof(fc.array(pieces, { maxLength: 8 }).map((a) => a.join('')), fc.string({ maxLength: 20 }));

  it('reads every line exactly as the regular expressions it replaced', () => {
    fc.assert(
      fc.property(lines, fc.boolean(), (line, anywhere) => {
        expect(parseOperationLine(line, { anywhere })).toEqual(oldParse(line, anywhere));
      }),
      { numRuns: 3000 },
    );
  });
});
