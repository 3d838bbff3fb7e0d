import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyedState } from '../../../src/core/engine/keyed-state';

/** A copy of `s` that is another string object (as a key decoded from a file is). */
const copy = (s: string): string => (' ' + s).slice(1);

describe('KeyedValues: a get() during a walk of keys() (what a full checkpoint does)', () => {
  it('answers every key with its value, as a Map would, whatever was set, changed or asked for in between', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 60 }), fc.array(fc.string({ maxLength: 4 }), { maxLength: 10 }), (entries, others) => {
        const state = new KeyedState();
        const model = new Map<string, number>();
        for (const [k, v] of entries) {
          state.set(k, v);
          model.set(k, v);
        }
        let i = 0;
        for (const key of state.values.keys()) {
          expect(state.values.get(key)).toBe(model.get(key));
          expect(state.values.get(copy(key))).toBe(model.get(key));
          // A change to the key being walked, then to another one: both read back live.
          state.set(key, model.get(key)! + 1);
          model.set(key, model.get(key)! + 1);
          expect(state.values.get(key)).toBe(model.get(key));
          const other = others[i++ % Math.max(1, others.length)] ?? 'x';
          expect(state.values.get(other)).toBe(model.get(other));
        }
        expect([...state.values.keys()]).toEqual([...model.keys()]);
      }),
    );
  });

  it('does not answer for a key removed mid-walk (delete, replaceAll), nor after the walk ended early', () => {
    const state = new KeyedState();
    for (const k of ['a', 'b', 'c']) state.set(k, 1);
    const walk = state.values.keys();
    expect(walk.next().value).toBe('a');
    expect(state.delete('a')).toBe(true);
    expect(state.values.get('a')).toBeUndefined();
    expect(walk.next().value).toBe('b');
    state.replaceAll([['c', 5]]);
    expect(state.values.get('b')).toBeUndefined();
    expect(state.values.get('c')).toBe(5);

    for (const key of state.values.keys()) if (key === 'c') break;
    state.cells.delete('c'); // behind the state's back: the walk ended, so nothing is remembered
    expect(state.values.get('c')).toBeUndefined();
  });
});
