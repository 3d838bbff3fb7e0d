import type { Diagnostic } from '../../diagnostics';
import { compileExpression, ExpressionError, type ExprNode } from '../../expr/expression';
import type { EventSpec } from '../../graph/flow-graph';
import type { Plan } from '../../plan/plan';
import { decodeRecordKey, type FieldValue } from '../../records/record-text';
import { ident, intervalSql } from './sql-text';

/**
 * The columns a Kafka message carries besides `key` and `value` when a drawing reads fields or
 * event time (issue 17), and the message the exporter's topics expect for one event:
 *
 *   {"key": "u1", "value": 1, "ad": 7, "amount": 2.5, "time": 43205000}
 *
 * `time` is the event time in milliseconds since 1970 (BIGINT); the table computes the time
 * attribute `event_time` from it and declares the WATERMARK there. The same message is what the
 * differential test (tests/flink) produces, so what Flink reads is what the engine read.
 */
export type ColumnType = 'STRING' | 'DOUBLE' | 'BOOLEAN';

export interface RecordSchema {
  /** Extra columns of every source table, in first-use order. */
  fields: { name: string; type: ColumnType }[];
  /** Set when a processor is windowed: the watermark trails the newest event time by `lateMs`. */
  eventTime: { lateMs: number } | null;
}

export const TIME_COLUMN = 'time';
export const EVENT_TIME = 'event_time';

/** The schema the plan's processors need, or diagnostics (errors) when no one schema serves them all. */
export function recordSchema(plan: Plan): { schema: RecordSchema; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const fields = new Map<string, ColumnType>();
  const lateness = new Map<number, string>();
  for (const n of plan.nodes) {
    if (n.role !== 'processor') continue;
    const error = (message: string) => diagnostics.push({ severity: 'error', code: 'flink-record-schema', file: plan.file, elementId: n.id, message });
    const use = (name: string, type: ColumnType) => {
      if (name === 'key' || name === 'value') return;
      if (name === TIME_COLUMN || name === EVENT_TIME) {
        error(`processor "${n.name}" reads the field "${name}", which the Flink export uses for the event time`);
        return;
      }
      const had = fields.get(name);
      if (had && had !== type) error(`processor "${n.name}" reads the field "${name}" as ${type}, another processor as ${had}; a Flink column has one type`);
      else fields.set(name, type);
    };
    const op = n.operation;
    if (op.kind === 'filter' || op.kind === 'map') {
      try {
        for (const f of fieldsOf(compileExpression(op.expression, op.kind === 'map' ? 'number' : 'boolean').ast)) use(f.name, f.type);
      } catch (e) {
        if (!(e instanceof ExpressionError)) throw e; // reported by translate-nodes.ts
      }
      continue;
    }
    if (op.by !== undefined) use(op.by, 'STRING');
    if (op.field !== undefined) use(op.field, 'DOUBLE');
    if (op.window) lateness.set(op.lateMs ?? 0, n.name);
  }
  if (lateness.size > 1) {
    const names = [...lateness.values()].map((s) => `"${s}"`).join(', ');
    diagnostics.push({ severity: 'error', code: 'flink-two-latenesses', file: plan.file, message: `the windowed processors ${names} allow different lateness; a Flink source table has one WATERMARK, so give them the same "allow … late"` });
  }
  const eventTime = lateness.size > 0 ? { lateMs: [...lateness.keys()][0] } : null;
  return { schema: { fields: [...fields].map(([name, type]) => ({ name, type })), eventTime }, diagnostics };
}

function fieldsOf(node: ExprNode): { name: string; type: ColumnType }[] {
  switch (node.kind) {
    case 'field':
      return [{ name: node.name, type: node.as === 'number' ? 'DOUBLE' : node.as === 'string' ? 'STRING' : 'BOOLEAN' }];
    case 'unary':
      return fieldsOf(node.operand);
    case 'binary':
      return [...fieldsOf(node.left), ...fieldsOf(node.right)];
    default:
      return [];
  }
}

/** Column definitions after `key` and `value` in a source table (the fields, the time, the watermark). */
export function sourceColumnsSql(schema: RecordSchema): string {
  const cols = schema.fields.map((f) => `, ${ident(f.name)} ${f.type}`);
  if (schema.eventTime) {
    const late = schema.eventTime.lateMs;
    cols.push(`, ${ident(TIME_COLUMN)} BIGINT`, `, ${ident(EVENT_TIME)} AS TO_TIMESTAMP_LTZ(${ident(TIME_COLUMN)}, 3)`,
      `, WATERMARK FOR ${ident(EVENT_TIME)} AS ${ident(EVENT_TIME)}${late > 0 ? ` - ${intervalSql(late)}` : ''}`);
  }
  return cols.join('');
}

/** The columns a filter, map or union passes on after `key` and `value` (`, `ad`, `event_time``), '' for none. */
export function carriedColumns(schema: RecordSchema): string {
  const names = schema.fields.map((f) => f.name);
  if (schema.eventTime) names.push(TIME_COLUMN, EVENT_TIME);
  return names.map((n) => `, ${ident(n)}`).join('');
}

/** The Kafka message for one event: its key (a record's key field or text), value, fields and time in ms. */
export function kafkaMessage(event: EventSpec): Record<string, FieldValue> {
  const r = decodeRecordKey(event.key);
  const out = Object.create(null) as Record<string, FieldValue>;
  out.key = r ? r.key : event.key;
  out.value = event.value;
  if (r?.fields) for (const [k, v] of Object.entries(r.fields)) if (k !== 'key') out[k] = v;
  if (r?.time !== undefined) out[TIME_COLUMN] = r.time;
  return out;
}
