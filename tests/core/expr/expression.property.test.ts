import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  ExpressionError,
  parseExpression,
  printExpression,
  type ExprNode,
  type ExprType,
} from '../../../src/core/expr';
import { evaluateNode } from '../../../src/core/expr/evaluate';

const SEEDED = { seed: 42, numRuns: 2000 };

/** Compiles and runs `src`; anything thrown other than an ExpressionError fails the property. */
function compilesOrRefusesCleanly(src: string): void {
  try {
    const e = compileExpression(src);
    for (const [k, v] of [['A', 0], ['', -1.5], ['zz', 3]] as const) {
      try {
        e.evaluate(k, v);
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
      }
    }
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    expect(err.column).toBeGreaterThanOrEqual(1);
    expect(err.column).toBeLessThanOrEqual(src.length + 1);
  }
}

const TOKENS = ['key', 'value', 'and', 'or', 'not', '1', '0', '2.5', "'a'", '"b"', '(', ')', '+', '-', '*', '/',
  '%', '=', '==', '!=', '<', '<=', '>', '>=', '&&', '||', '!', ' ', '.', 'constructor', '__proto__', "'", '\\', 'e5'];

describe('random text', () => {
  it('never throws anything but ExpressionError (any characters)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80, unit: 'binary' }), compilesOrRefusesCleanly), SEEDED);
  });

  it('never throws anything but ExpressionError (expression-like tokens)', () => {
    const text = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((t) => t.join(''));
    fc.assert(fc.property(text, compilesOrRefusesCleanly), SEEDED);
  });

  it('ends quickly on long hostile input', () => {
    const long = fc.tuple(fc.constantFrom('(', '-', '!', 'not ', '1+', "'"), fc.integer({ min: 1, max: 20_000 }));
    fc.assert(fc.property(long, ([unit, n]) => {
      const started = Date.now();
      compilesOrRefusesCleanly(unit.repeat(n));
      expect(Date.now() - started).toBeLessThan(500);
    }), { seed: 42, numRuns: 200 });
  });
});

const cache = new Map<string, fc.Arbitrary<ExprNode>>();

/** Well-typed random ASTs, so every one compiles; depth stays under the nesting limit. */
function typed(type: ExprType, depth: number): fc.Arbitrary<ExprNode> {
  const id = `${type}/${depth}`;
  if (!cache.has(id)) cache.set(id, buildTyped(type, depth));
  return cache.get(id)!;
}

function buildTyped(type: ExprType, depth: number): fc.Arbitrary<ExprNode> {
  const c = 0;
  const leaves: Record<ExprType, fc.Arbitrary<ExprNode>> = {
    number: fc.oneof(
      fc.constant<ExprNode>({ kind: 'name', name: 'value', column: c }),
      fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1e6, noNaN: true }))
        .map((value): ExprNode => ({ kind: 'number', value, column: c })),
    ),
    string: fc.oneof(
      fc.constant<ExprNode>({ kind: 'name', name: 'key', column: c }),
      fc.string({ maxLength: 6 }).map((value): ExprNode => ({ kind: 'string', value, column: c })),
    ),
    boolean: fc.constantFrom('<', '==', '!=', '>=').map((op): ExprNode => ({
      kind: 'binary', op: op as '<', left: { kind: 'name', name: 'value', column: c }, right: { kind: 'number', value: 1, column: c }, column: c,
    })),
  };
  if (depth <= 0) return leaves[type];
  const sub = (t: ExprType) => typed(t, depth - 1);
  const bin = (ops: string[], l: ExprType, r: ExprType) =>
    fc.tuple(fc.constantFrom(...ops), sub(l), sub(r)).map(([op, left, right]): ExprNode => ({ kind: 'binary', op: op as '+', left, right, column: c }));
  const anyType = fc.constantFrom<ExprType>('number', 'string', 'boolean');
  const composite: Record<ExprType, fc.Arbitrary<ExprNode>> = {
    number: fc.oneof(
      bin(['+', '-', '*', '/', '%'], 'number', 'number'),
      sub('number').map((operand): ExprNode => ({ kind: 'unary', op: '-', operand, column: c })),
    ),
    string: fc.oneof(bin(['+'], 'string', 'string'), bin(['+'], 'string', 'number'), bin(['+'], 'number', 'string')),
    boolean: fc.oneof(
      bin(['==', '!=', '<', '<=', '>', '>='], 'number', 'number'),
      bin(['==', '!=', '<', '>='], 'string', 'string'),
      bin(['==', '!='], 'boolean', 'boolean'),
      fc.tuple(fc.constantFrom('and', 'or'), anyType, anyType).chain(([op, l, r]) =>
        fc.tuple(sub(l), sub(r)).map(([left, right]): ExprNode => ({ kind: 'binary', op: op as 'and', left, right, column: c }))),
      anyType.chain(sub).map((operand): ExprNode => ({ kind: 'unary', op: 'not', operand, column: c })),
    ),
  };
  return fc.oneof({ arbitrary: leaves[type], weight: 1 }, { arbitrary: composite[type], weight: 2 });
}

function withoutColumns(node: ExprNode): unknown {
  return JSON.parse(JSON.stringify(node, (k, v: unknown) => (k === 'column' ? undefined : v))) as unknown;
}

/** Same result, counting "both threw division by zero" as the same. */
function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    if (e instanceof ExpressionError) return 'division by zero';
    throw e;
  }
}

describe('print → parse round trip', () => {
  const anyAst = fc.constantFrom<ExprType>('number', 'string', 'boolean').chain((t) => typed(t, 4));

  it('parses printed text back to the same AST', () => {
    fc.assert(fc.property(anyAst, (ast) => {
      expect(withoutColumns(parseExpression(printExpression(ast)))).toEqual(withoutColumns(ast));
    }), SEEDED);
  });

  it('evaluates printed text the same as the original AST', () => {
    const input = fc.tuple(anyAst, fc.string({ maxLength: 4 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 }));
    fc.assert(fc.property(input, ([ast, key, value]) => {
      const text = printExpression(ast);
      if (text.length > 1000) return;
      const reparsed = compileExpression(text);
      expect(outcome(() => reparsed.evaluate(key, value))).toEqual(outcome(() => evaluateNode(ast, key, value)));
    }), SEEDED);
  });
});
