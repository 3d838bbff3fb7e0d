import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../../src/core/expr';

const click = '{user: u1, ad: 7, amount: "12.5", vip: true} @12:00:05';

describe('expressions read the fields of an event', () => {
  it.each([
    ['value.amount > 10', true],
    ['amount > 20', false],
    ['user == "u1"', true],
    ['user == "u2"', false],
    ['ad == 7', true],
    ['ad + 1', 8],
    ['user + "!"', 'u1!'],
    ['key', '{user: u1, ad: 7, amount: "12.5", vip: true}'],
    ['vip', true],
    ['missing > 0', false],
    ['missing == ""', true],
    ['not missing', true],
    ['time', 43_205_000],
  ])('%s → %j', (src, expected) => {
    expect(compileExpression(src, typeof expected === 'number' ? 'number' : undefined).evaluate(click, 3)).toEqual(expected);
  });

  it('reads a plain event without fields as before', () => {
    expect(compileExpression('key == "A" and value > 1').evaluate('A', 2)).toBe(true);
    expect(compileExpression('key == "A"').evaluate('A @12:00:00', 2)).toBe(true);
    expect(compileExpression('amount > 1').evaluate('A', 2)).toBe(false);
  });

  it('types a field by its use, and still refuses mixed types', () => {
    expect(compileExpression('amount * 2').type).toBe('number');
    expect(compileExpression('user == "u1"').type).toBe('boolean');
    expect(compileExpression('map_me', 'number').type).toBe('number');
    expect(() => compileExpression('user == "u1" + 1 * "x"')).toThrow(/needs numbers/);
    expect(() => compileExpression('(amount > 1) + 1')).toThrow(/cannot use a boolean/);
  });

  it('never reaches JavaScript through a field name', () => {
    expect(() => compileExpression('constructor')).toThrow(/unknown name "constructor"/);
    expect(() => compileExpression('value.__proto__')).toThrow(/property access is not supported/);
    expect(compileExpression('hasOwn == ""').evaluate('{hasOwn: x}', 1)).toBe(false);
  });
});
