import type { AggregateClauses } from '../../graph/operation-line';
import { decodeRecordKey } from '../../records/record-text';

/**
 * What an aggregate reads from one event: the group it counts in and the number it adds.
 * A plain event (`A`, `B:3`) is a record whose only fields are its key and value: a field it
 * lacks reads as its key (in `by`) or its value (in `sum amount`), so `count by user` over plain
 * events counts per key, as before clauses existed.
 */
export interface RecordInput {
  group(key: string): string;
  amount(key: string, value: number): number;
  /** The event's time (ms), or undefined when it has none. */
  time(key: string): number | undefined;
}

export function recordInput(clauses: AggregateClauses): RecordInput {
  const by = clauses.by;
  const field = clauses.field;
  return {
    group(key) {
      const r = decodeRecordKey(key);
      if (r === null) return key;
      if (by === undefined || by === 'key') return r.key;
      const v = r.fields === null || !Object.prototype.hasOwnProperty.call(r.fields, by) ? undefined : r.fields[by];
      return v === undefined ? r.key : String(v);
    },
    amount(key, value) {
      if (field === undefined || field === 'value') return value;
      const r = decodeRecordKey(key);
      const v = r?.fields && Object.prototype.hasOwnProperty.call(r.fields, field) ? r.fields[field] : undefined;
      if (v === undefined) return value;
      if (typeof v === 'number') return v;
      if (typeof v === 'boolean') return Number(v);
      return v.trim() === '' ? Number.NaN : Number(v);
    },
    time(key) {
      return decodeRecordKey(key)?.time;
    },
  };
}

/** True when an aggregate needs its input read as records (any clause), or may meet records. */
export function needsRecordInput(clauses: AggregateClauses): boolean {
  return clauses.by !== undefined || clauses.field !== undefined || clauses.window !== undefined;
}
