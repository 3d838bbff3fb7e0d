import { compileExpression, isTruthy } from '../expr/expression';
import type { Operation } from '../graph/flow-graph';
import { decodeRecordKey } from '../records/record-text';
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
 * once here, so a bad one fails at plan time, not mid-run. `avg` keeps how many values each
 * mean is over in `counts`, a second state checkpointed beside the first, so a restored mean
 * goes on exactly (a mean alone cannot be resumed).
 */
export function compileOperator(op: Operation, state: KeyedState, next: Emit, counts?: KeyedState): Emit {
  // The hot path: one Map lookup per event, the cell mutated in place; a key joins the changed
  // list (with its value before, in changedFrom) only the first time it changes in a checkpoint
  // epoch (see KeyedState), so change tracking adds nothing to the events after the first.
  const cells = state.cells;
  const changed = state.changedKeys;
  const from = state.changedFrom;
  switch (op.kind) {
    case 'count':
      return (key) => {
        const cell = cells.get(key);
        if (cell === undefined) {
          cells.set(key, { value: 1, epoch: state.epoch, plain: false });
          changed.push(key);
          from.push(0);
          next(key, 1);
          return;
        }
        if (cell.epoch !== state.epoch) {
          cell.epoch = state.epoch;
          changed.push(key);
          from.push(cell.value);
        }
        cell.value++;
        next(key, cell.value);
      };
    case 'sum':
      return (key, value) => {
        const cell = cells.get(key);
        if (cell === undefined) {
          cells.set(key, { value, epoch: state.epoch, plain: false });
          changed.push(key);
          from.push(0);
          next(key, value);
          return;
        }
        if (cell.epoch !== state.epoch) {
          cell.epoch = state.epoch;
          changed.push(key);
          from.push(cell.value);
        }
        cell.value += value;
        next(key, cell.value);
      };
    case 'min':
    case 'max': {
      const better = op.kind === 'min' ? (a: number, b: number) => a < b : (a: number, b: number) => a > b;
      return (key, value) => {
        const old = cells.get(key);
        if (old !== undefined && !better(value, old.value)) return;
        state.set(key, value);
        next(key, value);
      };
    }
    case 'avg': {
      if (!counts) throw new Error('avg needs a counts state');
      return (key, value) => {
        const n = (counts.get(key) ?? 0) + 1;
        const mean = state.get(key) ?? 0;
        // Welford's update: no running sum that could grow past float precision.
        const updated = mean + (value - mean) / n;
        counts.set(key, n);
        state.set(key, updated);
        next(key, updated);
      };
    }
    case 'distinct':
      // The keys seen so far are the state (each = 1); downstream gets their number when it grows.
      return (key) => {
        if (cells.has(key)) return;
        state.set(key, 1);
        next('distinct', cells.size);
      };
    case 'filter': {
      const expr = compileExpression(op.expression, 'boolean');
      return (key, value) => {
        if (isTruthy(expr.evaluate(key, value))) next(key, value);
      };
    }
    case 'map': {
      const expr = compileExpression(op.expression, 'number');
      return (key, value) => {
        const out = expr.evaluate(key, value);
        next(key, typeof out === 'number' ? out : typeof out === 'boolean' ? Number(out) : Number.NaN);
      };
    }
  }
}

/**
 * An aggregate's input for raw event keys. `decoded` takes any key (it decodes a record to its
 * group and amount); `plain` is the operator on group keys. A plain key (`A`: no record to
 * decode) is its own group with its own value, so once its cell is marked plain the next events
 * of that key go straight to the cell: one Map lookup, no scan of the key for `{` or ` @`.
 * Exact: a cell is marked only after `decodeRecordKey` said its own key is plain.
 */
export function plainKeyFastPath(kind: Operation['kind'], state: KeyedState, next: Emit, plain: Emit, decoded: Emit): Emit {
  const cells = state.cells;
  const changed = state.changedKeys;
  const from = state.changedFrom;
  const learn: Emit = (key, value) => {
    decoded(key, value);
    if (decodeRecordKey(key) !== null) return;
    const cell = cells.get(key);
    if (cell !== undefined) cell.plain = true;
  };
  switch (kind) {
    case 'count':
      return (key, value) => {
        const cell = cells.get(key);
        if (cell === undefined || !cell.plain) return learn(key, value);
        if (cell.epoch !== state.epoch) {
          cell.epoch = state.epoch;
          changed.push(key);
          from.push(cell.value);
        }
        cell.value++;
        next(key, cell.value);
      };
    case 'sum':
      return (key, value) => {
        const cell = cells.get(key);
        if (cell === undefined || !cell.plain) return learn(key, value);
        if (cell.epoch !== state.epoch) {
          cell.epoch = state.epoch;
          changed.push(key);
          from.push(cell.value);
        }
        cell.value += value;
        next(key, cell.value);
      };
    default:
      return (key, value) => {
        const cell = cells.get(key);
        if (cell === undefined || !cell.plain) learn(key, value);
        else plain(key, value);
      };
  }
}
