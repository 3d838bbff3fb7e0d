import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionError, isTruthy, type ExprValue } from '../../../src/core/expr';

function run(source: string, key = 'A', value = 2): ExprValue {
  return compileExpression(source).evaluate(key, value);
}

/** The ExpressionError thrown by compiling `source` (fails the test when none is thrown). */
function errorOf(source: string): ExpressionError {
  try {
    compileExpression(source);
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    return e as ExpressionError;
  }
  throw new Error(`expected "${source}" to be refused`);
}

describe('evaluation', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['2 * 3 % 4', 2],
    ['7 % 3', 1],
    ['-value * 2', -4],
    ['- -3', 3],
    ['--3', 3],
    ['value / 4', 0.5],
    ['1.5e2', 150],
    ['value * 10 + 1', 21],
  ])('%s = %s', (src, expected) => {
    expect(run(src)).toBe(expected);
  });

  it('reads key and value, case-insensitively', () => {
    expect(run('key', 'user-1', 5)).toBe('user-1');
    expect(run('VALUE', 'x', 5)).toBe(5);
  });

  it('concatenates when + has a string operand', () => {
    expect(run("key + '-' + value", 'A', 2.5)).toBe('A-2.5');
    expect(run('"n=" + (value + 1)')).toBe('n=3');
    expect(run("value + 1 + 'x'")).toBe('3x');
  });

  it('reads escapes in both quote styles', () => {
    expect(run(String.raw`'it\'s' + "a \"q\"" + '\\' + '\n\t'`)).toBe(`it's` + 'a "q"' + '\\' + '\n\t');
  });

  it.each([
    ['value > 1', true],
    ['value >= 2', true],
    ['value < 2', false],
    ['value <= 2', true],
    ['value == 2', true],
    ['value = 2', true],
    ['value != 2', false],
    ['value <> 2', false],
    ["key == 'A'", true],
    ["key = 'B'", false],
    ["key < 'B'", true],
    ['value > 1 and value < 3', true],
    ['value > 5 or key == "A"', true],
    ['value > 1 && value < 2', false],
    ['value > 5 || value < 1', false],
    ['not value > 5', true],
    ['!(value > 1)', false],
    ['NOT value == 2 OR key = "A"', true],
    ['value > 1 or value > 5 and value > 10', true],
    ['(value > 1 or value > 5) and value > 10', false],
    ['not not value', true],
    ['value and key', true],
    ["value and ''", false],
  ])('%s is %s', (src, expected) => {
    expect(run(src)).toBe(expected);
  });

  it('short-circuits and/or, so a guarded division does not fail', () => {
    expect(run('value != 0 and 10 / value > 1', 'A', 0)).toBe(false);
  });

  it('reports division and remainder by zero with the operator column', () => {
    const expr = compileExpression('10 / (value - 2)');
    expect(() => expr.evaluate('A', 2)).toThrow(ExpressionError);
    try {
      expr.evaluate('A', 2);
    } catch (e) {
      expect((e as ExpressionError).column).toBe(4);
      expect((e as Error).message).toMatch(/division by zero at column 4/);
    }
    expect(() => compileExpression('value % 0').evaluate('A', 1)).toThrow(/column 7/);
  });

  it('knows the result type before running', () => {
    expect(compileExpression('value * 2').type).toBe('number');
    expect(compileExpression("key + '!'").type).toBe('string');
    expect(compileExpression('value > 2').type).toBe('boolean');
  });
});

describe('isTruthy', () => {
  it('follows the filter rules', () => {
    expect([true, false, 1, -1, 0, Number.NaN, 'x', ''].map(isTruthy)).toEqual([true, false, true, true, false, false, true, false]);
  });
});

describe('errors name the column', () => {
  it.each([
    ['', 1, /empty/],
    ['   ', 1, /empty/],
    ['value +', 8, /expected a number, a string, key, value or "\(" at column 8, found the end/],
    ['value 3', 7, /unexpected number 3 at column 7/],
    ['(value + 1', 11, /expected "\)" at column 11 to close the "\(" at column 1/],
    ['value + )', 9, /found "\)"/],
    ["key == 'abc", 8, /string starting at column 8 is not closed/],
    [String.raw`'a\q'`, 3, /unknown escape/],
    ['value # 2', 7, /unexpected character "#" at column 7/],
    ['.5', 1, /numbers start with a digit/],
    ['1 < value < 3', 11, /comparisons cannot be chained at column 11/],
    ['key * 2', 5, /"\*" needs numbers on both sides, but got string \* number at column 5/],
    ['key == 1', 5, /cannot compare a string with a number; to compare text, quote the number/],
    ['value > "3"', 7, /">" compares two numbers or two strings/],
    ['-key', 1, /"-" needs a number/],
    ['(value > 1) + 1', 13, /"\+" cannot use a boolean/],
    ['(value > 1) < (value > 2)', 13, /compares two numbers or two strings, not boolean and boolean/],
    ['1e999', 1, /too large/],
    ['process > 3', 1, /^unknown name "process" at column 1; expressions may use key, value, numbers, strings$/],
  ])('%j → column %i', (src, column, message) => {
    const e = errorOf(src);
    expect(e.column).toBe(column);
    expect(e.message).toMatch(message);
  });
});

describe('hostile input', () => {
  it.each([
    ["constructor.constructor('x')()", 1, 'constructor'],
    ['__proto__', 1, '__proto__'],
    ['this', 1, 'this'],
    ['globalThis', 1, 'globalThis'],
    ['process.exit(1)', 1, 'process'],
    ['value + require("fs")', 9, 'require'],
    ["key['length']", 4, null],
    ['key.length', 4, null],
    ['Math.max(value, 1)', 1, 'Math'],
    ['value => 1', 8, null],
    ['`${value}`', 1, null],
  ])('%j is refused at column %i', (src, column, name) => {
    const e = errorOf(src);
    expect(e.column).toBe(column);
    if (name) expect(e.message).toBe(`unknown name "${name}" at column ${column}; expressions may use key, value, numbers, strings`);
  });

  it('refuses a source longer than 1000 characters', () => {
    const e = errorOf('1+'.repeat(600) + '1');
    expect(e.message).toMatch(/too long \(1201 characters; at most 1000\)/);
    expect(e.column).toBe(1001);
    expect(compileExpression('1+'.repeat(499) + '1').evaluate('A', 0)).toBe(500);
  });

  it('refuses deep nesting without overflowing the stack', () => {
    expect(errorOf('('.repeat(10_000)).message).toMatch(/too long/);
    expect(errorOf('('.repeat(900) + 'value' + ')'.repeat(90)).message).toMatch(/nests too deeply at column 65 \(more than 64 levels\)/);
    expect(errorOf('-'.repeat(999) + '1').column).toBe(65);
    expect(errorOf('!'.repeat(999) + '1').column).toBe(65);
    expect(errorOf('not '.repeat(200) + '1').column).toBe(64 * 4 + 1);
    const ok = '('.repeat(64) + 'value' + ')'.repeat(64);
    expect(compileExpression(ok).evaluate('A', 3)).toBe(3);
  });

  it('evaluates a long left-deep chain within the length limit', () => {
    expect(run('value' + ' + value'.repeat(120), 'A', 1)).toBe(121);
  });
});
