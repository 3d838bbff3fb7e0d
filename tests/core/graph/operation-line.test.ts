import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Operation } from '../../../src/core/graph/flow-graph';
import { parseOperationLine, readOperationLine } from '../../../src/core/graph/operation-line';

/** The regular expressions the scanner replaced (texts.ts before operation-line.ts), kept as the oracle. */
function oldParse(line: string, anywhere: boolean): Operation | null {
  const text = line.replace(/\s+/g, ' ').trim();
  const expr = /^(filter|map)\s*:?\s+(.+)$/i.exec(text);
  if (expr) return { kind: expr[1].toLowerCase() as 'filter' | 'map', expression: expr[2] };
  // Since then: in a name, a `min` right after a number is minutes (`30 min`), not the operation.
  const minutes = (m: RegExpExecArray): boolean => m[1].toLowerCase() === 'min' && /\d\s*$/.test(text.slice(Math.max(0, m.index - 3), m.index));
  const agg = anywhere ? [...text.matchAll(/\b(count|sum|min|max)\b/gi)].find((m) => !minutes(m)) : /^(count|sum|min|max)\b/i.exec(text);
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
    ['Max latency', { kind: 'max', field: 'latency' }],
    ['discount', null],
    ['max_latency', null],
    ['sum, then count', { kind: 'sum' }],
    ['ñcount', { kind: 'count' }],
  ])('as a name, %j → %j', (line, op) => {
    expect(parseOperationLine(line, { anywhere: true })).toEqual(op);
  });

  const pieces = fc.constantFrom('count', 'sum', 'min', 'max', 'filter', 'map', 'Count', 'MAP', ':', ' :', ': ', ' ', '  ', '\t', '\n', 'x', '_', '-', 'ñ', '1', 'value > 1', 'by', 'dis', 's');
  const lines = fc.oneof(fc.array(pieces, { maxLength: 8 }).map((a) => a.join('')), fc.string({ maxLength: 20 }));

  it('finds the same operation (kind, expression) in every line as the regular expressions it replaced', () => {
    const kindOf = (op: Operation | null) => (op === null ? null : { kind: op.kind, ...('expression' in op ? { expression: op.expression } : {}) });
    fc.assert(
      fc.property(lines, fc.boolean(), (line, anywhere) => {
        expect(kindOf(parseOperationLine(line, { anywhere }))).toEqual(oldParse(line, anywhere));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('operation line clauses: keys and windows', () => {
  it.each([
    ['count by user', { kind: 'count', by: 'user' }],
    ['count per ad', { kind: 'count', by: 'ad' }],
    ['sum amount by ad', { kind: 'sum', field: 'amount', by: 'ad' }],
    ['sum of value.amount', { kind: 'sum', field: 'amount' }],
    ['max latency', { kind: 'max', field: 'latency' }],
    ['count clicks', { kind: 'count' }],
    ['count per 1 min', { kind: 'count', window: { kind: 'tumbling', sizeMs: 60_000 } }],
    ['count per minute', { kind: 'count', window: { kind: 'tumbling', sizeMs: 60_000 } }],
    ['sum amount by ad every 10s', { kind: 'sum', field: 'amount', by: 'ad', window: { kind: 'tumbling', sizeMs: 10_000 } }],
    ['count by ad over 5 min every 1 min', { kind: 'count', by: 'ad', window: { kind: 'sliding', sizeMs: 300_000, slideMs: 60_000 } }],
    ['count by user with gap 30s', { kind: 'count', by: 'user', window: { kind: 'session', gapMs: 30_000 } }],
    ['count by ad per 1 min allow 5s late', { kind: 'count', by: 'ad', window: { kind: 'tumbling', sizeMs: 60_000 }, lateMs: 5000 }],
    ['Count BY ad PER 500 ms', { kind: 'count', by: 'ad', window: { kind: 'tumbling', sizeMs: 500 } }],
  ])('%j → %j', (line, op) => {
    const r = readOperationLine(line);
    expect(r.operation).toEqual(op);
    expect(r.problem).toBeUndefined();
  });

  it('keeps words it does not know as ignored, as before clauses existed', () => {
    expect(readOperationLine('count by user today')).toEqual({ operation: { kind: 'count', by: 'user' }, ignored: 'today' });
  });

  it.each([
    ['count by', /"by" needs a field name/],
    ['count per', /"per" needs a field name or a duration/],
    ['count every', /"every" needs a duration/],
    ['count per 1 min with gap 5s', /one window/],
    ['count over 1 min every 2 min', /slides by more than its size/],
    ['count over 5 min every 2 min', /whole number of slides/],
    ['count allow 5s late', /needs a window/],
    ['count per 0s', /longer than 0/],
    ['count by a by b', /two keys/],
  ])('%j is a problem in a box line: %s', (line, message) => {
    const r = readOperationLine(line);
    expect(r.operation).toEqual({ kind: 'count' });
    expect(r.problem).toMatch(message);
  });

  it('drops a clause that does not read from a name, keeping the aggregate', () => {
    expect(readOperationLine('clicks count by', { anywhere: true })).toEqual({ operation: { kind: 'count' } });
    expect(readOperationLine('Max latency', { anywhere: true }).operation).toEqual({ kind: 'max', field: 'latency' });
  });

  it('reads any line in time linear in its length (no backtracking)', () => {
    // A long hostile line: just must come back, with the aggregate read.
    const line = 'count ' + 'by '.repeat(50_000) + 'x';
    expect(readOperationLine(line).operation?.kind).toBe('count');
  });
});
