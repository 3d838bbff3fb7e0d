import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionError } from '../../src/core/expr';

const ONLY = 'expressions may use key, value, numbers, strings';

/** Every way we could think of to reach JavaScript from a `filter`/`map` expression: each is refused at compile time. */
const ATTACKS: [string, string][] = [
  ["constructor.constructor('return process')()", `unknown name "constructor" at column 1; ${ONLY}`],
  ['__proto__', `unknown name "__proto__" at column 1; ${ONLY}`],
  ['this', `unknown name "this" at column 1; ${ONLY}`],
  ['globalThis', `unknown name "globalThis" at column 1; ${ONLY}`],
  ['process.exit(1)', `unknown name "process" at column 1; ${ONLY}`],
  ['require("fs")', `unknown name "require" at column 1; ${ONLY}`],
  ['eval("1")', `unknown name "eval" at column 1; ${ONLY}`],
  ['new Function("1")', `unknown name "new" at column 1; ${ONLY}`],
  ['key.constructor', 'unexpected character "." at column 4; numbers start with a digit (0.5) and property access is not supported'],
  ["key['constructor']", 'unexpected character "[" at column 4; property access is not supported'],
  ['value.toString()', 'unexpected character "." at column 6; numbers start with a digit (0.5) and property access is not supported'],
  ['`${process}`', `unexpected character "\`" at column 1; ${ONLY}`],
  ['key; process', `unexpected character ";" at column 4; ${ONLY}`],
];

describe('the expression evaluator cannot reach JavaScript', () => {
  it.each(ATTACKS)('%s', (source, message) => {
    let caught: unknown;
    try {
      compileExpression(source);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    expect((caught as Error).message).toBe(message);
  });

  it('bounds length and depth with a clear error, without overflowing the stack', () => {
    expect(() => compileExpression('x'.repeat(20_000))).toThrow('expression is too long (20000 characters; at most 1000) at column 1001');
    expect(() => compileExpression(`${'('.repeat(400)}1${')'.repeat(400)}`)).toThrow(/nests too deeply at column \d+ \(more than 64 levels\)/);
    expect(() => compileExpression(`${'-'.repeat(300)}1`)).toThrow('expression nests too deeply at column 65 (more than 64 levels)');
  });

  it('treats keys named __proto__, constructor and toString as plain strings', () => {
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(compileExpression(`key == "${key}"`).evaluate(key, 1)).toBe(true);
      expect(compileExpression('key + "!"').evaluate(key, 1)).toBe(`${key}!`);
    }
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('only ever yields a number, string or boolean, and leaves globals alone (fuzzed, seeded)', () => {
    const words = ['key', 'value', 'constructor', '__proto__', 'prototype', 'this', 'globalThis', 'process', 'window', 'Function', 'eval', 'and', 'or', 'not', '"x"', "'__proto__'", '1', '0', '(', ')', '.', '[', ']', '+', '-', '*', '/', '%', '==', '<', '=>', ',', ';', '`', '{', '}'];
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 14 }), fc.constantFrom('__proto__', 'constructor', 'A'), fc.integer(), (tokens, key, value) => {
        let compiled;
        try {
          compiled = compileExpression(tokens.join(' '));
        } catch (err) {
          expect(err).toBeInstanceOf(ExpressionError);
          return;
        }
        try {
          expect(['number', 'string', 'boolean']).toContain(typeof compiled.evaluate(key, value));
        } catch (err) {
          expect(err).toBeInstanceOf(ExpressionError); // division by zero, named
        }
      }),
      { seed: 20261125, numRuns: 5000 },
    );
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });
});
