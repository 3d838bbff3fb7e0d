import type { AggregateClauses, WindowSpec } from '../../graph/operation-line';
import { EVENT_TIME } from './record-columns';
import { ident, intervalSql } from './sql-text';

type Aggregate = 'count' | 'sum' | 'min' | 'max' | 'avg';

/**
 * Aggregates with clauses as Flink SQL (issue 17): `count by ad` groups by the field (an event
 * without it counts under its key, as in the engine: COALESCE), `sum amount` adds the field (its
 * value without it), and a window becomes a window table-valued function whose rows are keyed as
 * the engine keys a closed window: `<group> @<start>` (`7 @12:00:00`), a session
 * `<group> @<start> to <end>`. Times are written as formatEventTime does (records/event-time.ts):
 * `HH:mm:ss` within 1970-01-01, else `yyyy-MM-ddTHH:mm:ssZ`; the script sets the session time
 * zone to UTC so DATE_FORMAT and the windows' alignment agree with the engine.
 */
export function groupSql(by: string | undefined): string {
  return by === undefined || by === 'key' || by === 'value' ? ident('key') : `COALESCE(${ident(by)}, ${ident('key')})`;
}

export function amountSql(field: string | undefined): string {
  return field === undefined || field === 'value' ? ident('value') : `COALESCE(${ident(field)}, ${ident('value')})`;
}

export function aggregateSql(kind: Aggregate, field: string | undefined): string {
  return kind === 'count' ? 'CAST(COUNT(*) AS DOUBLE)' : `${kind.toUpperCase()}(${amountSql(field)})`;
}

/** A plain aggregate keyed by a field or over a field: one updating row per group. */
export function keyedAggregateSelect(kind: Aggregate, clauses: AggregateClauses, from: string): string {
  const g = groupSql(clauses.by);
  return `SELECT ${g} AS ${ident('key')}, ${aggregateSql(kind, clauses.field)} AS ${ident('value')} FROM ${from} GROUP BY ${g}`;
}

function timeText(column: string): string {
  const c = ident(column);
  return `CASE WHEN ${c} < TIMESTAMP '1970-01-02 00:00:00' THEN DATE_FORMAT(${c}, 'HH:mm:ss') ELSE DATE_FORMAT(${c}, 'yyyy-MM-dd''T''HH:mm:ss''Z''') END`;
}

/** Null when the window can be written; else why not (a sentence). */
export function windowProblem(spec: WindowSpec): string | null {
  const parts = spec.kind === 'session' ? [spec.gapMs] : spec.kind === 'sliding' ? [spec.sizeMs, spec.slideMs] : [spec.sizeMs];
  return parts.every((ms) => ms % 1000 === 0) ? null : 'a window of a fraction of a second (its start would need milliseconds in the key)';
}

/** A windowed aggregate over the relation `input` (a table or view name with the `event_time` attribute). */
export function windowedSelect(kind: Aggregate, clauses: AggregateClauses & { window: WindowSpec }, input: string): string {
  const spec = clauses.window;
  const value = `${aggregateSql(kind, clauses.field)} AS ${ident('value')}`;
  const time = `DESCRIPTOR(${ident(EVENT_TIME)})`;
  if (spec.kind === 'session') {
    // SESSION partitions by a column, not an expression: the group column itself.
    const part = clauses.by === undefined || clauses.by === 'key' || clauses.by === 'value' ? ident('key') : ident(clauses.by);
    const key = `CONCAT(${part}, ' @', ${timeText('window_start')}, ' to ', ${timeText('window_end')})`;
    return `SELECT ${key} AS ${ident('key')}, ${value} FROM TABLE(SESSION(TABLE ${input} PARTITION BY ${part}, ${time}, ${intervalSql(spec.gapMs)})) GROUP BY ${ident('window_start')}, ${ident('window_end')}, ${part}`;
  }
  const g = groupSql(clauses.by);
  const tvf = spec.kind === 'tumbling'
    ? `TUMBLE(TABLE ${input}, ${time}, ${intervalSql(spec.sizeMs)})`
    : `HOP(TABLE ${input}, ${time}, ${intervalSql(spec.slideMs)}, ${intervalSql(spec.sizeMs)})`;
  return `SELECT CONCAT(${g}, ' @', ${timeText('window_start')}) AS ${ident('key')}, ${value} FROM TABLE(${tvf}) GROUP BY ${ident('window_start')}, ${ident('window_end')}, ${g}`;
}
