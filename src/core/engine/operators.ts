import { compileExpression, isTruthy } from '../expr/expression';
import type { Operation } from '../graph/flow-graph';
import type { KeyedState } from './keyed-state';

/** Pushes one event (or update) into a node. */
export type Emit = (key: string, value: number) => void;

/** A downstream fan-out made once, so the hot path does no array work for one output. */
export function fanOut(outputs: Emit[]): Emit {
  if (outputs.length === 0) return () => {};
  if (outputs.length === 1) return outputs[0];
  return (key, value) => {
    for (const out of outputs) out(key, value);
  };
}

/**
 * Compiles a processor's operation into an Emit. Stateful operations send `{key, new value}`
 * downstream after every update; filter and map pass events on. The expression is compiled
 * once here, so a bad one fails at plan time, not mid-run.
 */
export function compileOperator(op: Operation, state: KeyedState, next: Emit): Emit {
  const values = state.values;
  const changed = state.changed;
  switch (op.kind) {
    case 'count':
      return (key) => {
        const n = (values.get(key) ?? 0) + 1;
        values.set(key, n);
        changed.add(key);
        next(key, n);
      };
    case 'sum':
      return (key, value) => {
        const n = (values.get(key) ?? 0) + value;
        values.set(key, n);
        changed.add(key);
        next(key, n);
      };
    case 'min':
    case 'max': {
      const better = op.kind === 'min' ? (a: number, b: number) => a < b : (a: number, b: number) => a > b;
      return (key, value) => {
        const old = values.get(key);
        if (old !== undefined && !better(value, old)) return;
        values.set(key, value);
        changed.add(key);
        next(key, value);
      };
    }
    case 'filter': {
      const expr = compileExpression(op.expression);
      return (key, value) => {
        if (isTruthy(expr.evaluate(key, value))) next(key, value);
      };
    }
    case 'map': {
      const expr = compileExpression(op.expression);
      return (key, value) => {
        const out = expr.evaluate(key, value);
        next(key, typeof out === 'number' ? out : typeof out === 'boolean' ? Number(out) : Number.NaN);
      };
    }
  }
}
