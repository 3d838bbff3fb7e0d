import { fromJsonNumber } from '../numbers';

/**
 * Turns the values of a parsed v1 snapshot's `state` (the ```json block of a note) back into
 * numbers, in place: the strings "NaN", "Infinity", "-Infinity", and the `null` that 0.1 wrote
 * for any non-finite value (NaN: which one it was is lost). v2 data files store exact floats.
 */
export function readSnapshotNumbers(state: Record<string, unknown>): void {
  for (const id of Object.keys(state)) {
    const entries = state[id];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries as unknown[]) {
      if (Array.isArray(entry) && typeof entry[1] !== 'number') entry[1] = fromJsonNumber(entry[1]);
    }
  }
}
