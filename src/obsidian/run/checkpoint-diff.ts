import type { KeyDifference } from './run-model';

/** Full state per processor id: key → value (null: deleted or NaN in a snapshot). */
export type FullState = Record<string, Record<string, number | null>>;

/**
 * The keys whose value differs between two states, processor by processor, in key order, so
 * a person can see what happened between two checkpoints.
 */
export function diffStates(before: FullState, after: FullState, nameOf: (id: string) => string): KeyDifference[] {
  const out: KeyDifference[] = [];
  const ids = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  for (const id of ids) {
    const a = before[id] ?? {};
    const b = after[id] ?? {};
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      const x = key in a ? a[key] : null;
      const y = key in b ? b[key] : null;
      if (!Object.is(x, y)) out.push({ processor: nameOf(id), key, before: x, after: y });
    }
  }
  return out;
}

/** Turns a snapshot's `[key, value][]` lists into lookup tables (null-prototype: `__proto__` stays a key). */
export function toFullState(state: Record<string, [string, number | null][]>): FullState {
  const out: FullState = Object.create(null) as FullState;
  for (const [id, entries] of Object.entries(state)) {
    const table = Object.create(null) as Record<string, number | null>;
    for (const [k, v] of entries) table[k] = v;
    out[id] = table;
  }
  return out;
}

/** The state a chain of checkpoints (full base first, then deltas) restores to. */
export function stateOfChain(chain: readonly { state: Record<string, [string, number | null][]> }[]): FullState {
  const out: FullState = Object.create(null) as FullState;
  for (const link of chain) {
    for (const [id, table] of Object.entries(toFullState(link.state))) out[id] = Object.assign(out[id] ?? (Object.create(null) as Record<string, number | null>), table);
  }
  return out;
}
