import type { Diagnostic } from '../../diagnostics';
import { compileExpression, ExpressionError } from '../../expr/expression';
import type { Plan, PlanNode } from '../../plan/plan';
import { isLateSink } from '../../engine/windows/late-sinks';
import { conditionSql, expressionToSql } from './expression-sql';
import { carriedColumns, type RecordSchema } from './record-columns';
import { ident, uniqueSqlName } from './sql-text';
import { aggregateSql, keyedAggregateSelect, windowedSelect, windowProblem } from './window-sql';

/**
 * Turns plan nodes into relations (tables or views with columns `key`, `value`), in plan order.
 * `updating` marks a relation whose rows change after being emitted (an aggregation's running
 * result): Flink treats it as a changelog, while the engine passes every update downstream as a
 * new record. The two agree only in some shapes; the others get a diagnostic, never a job that
 * quietly computes something else.
 */
export interface Relation {
  node: PlanNode;
  name: string;
  updating: boolean;
  /** False after an aggregation: only `key` and `value` are left (no fields, no event time). */
  records?: boolean;
}

export interface ViewDef extends Relation {
  select: string;
}

export interface SinkDef {
  /** The drawn sink, or the processor a sink table was added for. */
  node: PlanNode;
  table: string;
  from: string;
  /** True when no sink was drawn after this processor and the exporter added the table. */
  added: boolean;
}

export interface Translation {
  sources: Relation[];
  views: ViewDef[];
  sinks: SinkDef[];
  diagnostics: Diagnostic[];
}

const KEY_VALUE = `${ident('key')}, ${ident('value')}`;
const NO_RECORDS: RecordSchema = { fields: [], eventTime: null };

export function translateNodes(plan: Plan, schema: RecordSchema = NO_RECORDS): Translation {
  // Fields and the event time ride along through filters, maps and unions until an aggregation.
  const carried = carriedColumns(schema);
  const out: Translation = { sources: [], views: [], sinks: [], diagnostics: [] };
  const taken = new Set<string>();
  const relations = new Map<string, Relation>();
  const report = (node: PlanNode, severity: Diagnostic['severity'], code: string, message: string, column?: number) =>
    out.diagnostics.push({ severity, code, message, file: plan.file, elementId: node.id, ...(column ? { column } : {}) });

  /** The FROM clause over a node's inputs, or null (and a diagnostic) when it cannot be expressed. */
  const inputOf = (node: PlanNode): Input | null => {
    const inputs = node.inputs.map((id) => relations.get(id));
    if (inputs.length === 0) {
      report(node, 'warning', 'flink-no-input', `"${node.name}" has no input; it is left out of the Flink job`);
      return null;
    }
    const missing = node.inputs.filter((id) => !relations.has(id));
    if (missing.length > 0) {
      // The input itself was reported already; this says what else its absence takes with it.
      const names = missing.map((id) => `"${plan.nodes.find((n) => n.id === id)?.name ?? id}"`).join(', ');
      report(node, 'info', 'flink-left-out', `"${node.name}" is left out of the Flink job because its input ${names} could not be exported`);
      return null;
    }
    const rels = inputs as Relation[];
    if (rels.length === 1) return { from: ident(rels[0].name), updating: rels[0].updating, records: rels[0].records !== false, single: true };
    const updating = rels.filter((r) => r.updating);
    if (updating.length > 0) {
      report(node, 'error', 'flink-fan-in-of-aggregate',
        `"${node.name}" merges the running results of ${updating.map((r) => `"${r.node.name}"`).join(', ')} with other inputs; ` +
        'the engine interleaves their updates in arrival order, which has no equivalent Flink query. Give each aggregation its own sink');
      return null;
    }
    const records = rels.every((r) => r.records !== false);
    const union = rels.map((r) => `SELECT ${KEY_VALUE}${records ? carried : ''} FROM ${ident(r.name)}`).join(' UNION ALL ');
    return { from: `(${union}) AS ${ident('inputs')}`, updating: false, records, single: false };
  };

  for (const node of plan.nodes) {
    if (node.role === 'source') {
      if (node.outputs.length === 0) {
        report(node, 'info', 'flink-unused-source', `source "${node.name}" feeds nothing; it is left out of the Flink job`);
        continue;
      }
      const rel = { node, name: uniqueSqlName(node.name, taken), updating: false };
      relations.set(node.id, rel);
      out.sources.push(rel);
      continue;
    }
    const input = inputOf(node);
    if (!input) continue;
    if (node.role === 'sink') {
      if (isLateSink(node) && node.inputs.some((id) => relations.get(id)?.node.role === 'processor' && hasWindowClause(relations.get(id)!.node))) {
        // Flink's window aggregation drops late rows; it has no side output for them in SQL.
        report(node, 'warning', 'flink-late-dropped', `late sink "${node.name}" is left out of the Flink job: Flink drops events that come after their window closed, where the engine sends them here`);
        continue;
      }
      out.sinks.push({ node, table: uniqueSqlName(node.name, taken), from: input.from, added: false });
      continue;
    }
    const view = processorView(node, input, report, carried);
    if (!view) continue;
    if (hasWindowClause(node) && filteredUpstream(plan, node)) {
      report(node, 'warning', 'flink-watermark-from-source',
        `"${node.name}" windows events after a filter: in Flink the watermark comes from the source, so events the filter drops still move it and close windows; in the engine only the events that reach the window do, so its last windows may stay open longer`);
    }
    const rel: ViewDef = { node, name: uniqueSqlName(node.name, taken), updating: view.updating, select: view.select, records: view.records };
    relations.set(node.id, rel);
    out.views.push(rel);
    // A window's late sink (added by the plan when none is drawn) does not count: its results still need a table.
    if (node.outputs.every((id) => isLateSink(plan.nodes.find((n) => n.id === id)))) {
      out.sinks.push({ node, table: uniqueSqlName(`${rel.name}_sink`, taken), from: ident(rel.name), added: true });
    }
  }
  return out;
}

type Report = (node: PlanNode, severity: Diagnostic['severity'], code: string, message: string, column?: number) => void;

interface Input {
  from: string;
  updating: boolean;
  /** The input still has the fields and event time of the source's records. */
  records: boolean;
  /** `from` is one table or view name (a window function takes only that). */
  single: boolean;
}

/** True when a filter stands anywhere between a source and this node. */
function filteredUpstream(plan: Plan, node: PlanNode, seen = new Set<string>()): boolean {
  for (const id of node.inputs) {
    if (seen.has(id)) continue;
    seen.add(id);
    const up = plan.nodes.find((n) => n.id === id);
    if (!up) continue;
    if (up.operation.kind === 'filter' && up.role === 'processor') return true;
    if (filteredUpstream(plan, up, seen)) return true;
  }
  return false;
}

function hasWindowClause(node: PlanNode): boolean {
  const op = node.operation;
  return op.kind !== 'filter' && op.kind !== 'map' && op.window !== undefined;
}

function processorView(node: PlanNode, input: Input, report: Report, carried: string): { select: string; updating: boolean; records: boolean } | null {
  const op = node.operation;
  if (op.kind === 'filter' || op.kind === 'map') {
    let compiled;
    try {
      compiled = compileExpression(op.expression, op.kind === 'map' ? 'number' : 'boolean');
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      report(node, 'error', 'flink-bad-expression', `"${node.name}": ${e.message}`, e.column);
      return null;
    }
    const expr = op.kind === 'filter' ? conditionSql(compiled.ast) : expressionToSql(compiled.ast);
    for (const note of expr.notes) reportNote(node, note, report);
    if (op.kind === 'filter') {
      if (input.updating) {
        report(node, 'warning', 'flink-filter-of-aggregate',
          `"${node.name}" filters an aggregation's running result: Flink removes a key from the result when its value stops matching, ` +
          'while the engine keeps the last value that matched');
      }
      return { select: `SELECT ${KEY_VALUE}${input.records ? carried : ''} FROM ${input.from} WHERE ${expr.sql}`, updating: input.updating, records: input.records };
    }
    if (expr.type === 'string') {
      report(node, 'error', 'flink-map-to-text', `"${node.name}" maps values to text (${op.expression}); values are numbers, and the engine turns text into NaN`);
      return null;
    }
    const value = expr.type === 'boolean' ? `CAST(${expr.sql} AS DOUBLE)` : expr.sql;
    return { select: `SELECT ${ident('key')}, ${value} AS ${ident('value')}${input.records ? carried : ''} FROM ${input.from}`, updating: input.updating, records: input.records };
  }
  if (input.updating) {
    report(node, 'error', 'flink-aggregate-of-aggregate',
      `"${node.name}" (${op.kind}) aggregates another aggregation's running results; the engine counts every update as an event, ` +
      'Flink aggregates the current values, so the results would differ');
    return null;
  }
  if (op.kind === 'distinct') {
    // One global row, like the engine's `{key: "distinct", value: n}` (added by issue 14).
    return { select: `SELECT 'distinct' AS ${ident('key')}, CAST(COUNT(DISTINCT ${ident('key')}) AS DOUBLE) AS ${ident('value')} FROM ${input.from}`, updating: true, records: false };
  }
  const fieldless = (op.by !== undefined && op.by !== 'key') || (op.field !== undefined && op.field !== 'value') || op.window ? !input.records : false;
  if (fieldless) {
    report(node, 'error', 'flink-fields-after-aggregate', `"${node.name}" reads fields or event time, but its input is an aggregation's result (only key and value); the engine would read the time in the result's key`);
    return null;
  }
  if (op.window) {
    const problem = windowProblem(op.window);
    if (problem || !input.single) {
      report(node, 'error', 'flink-window-not-exported', `"${node.name}": ${problem ?? 'a window over several inputs merged'} cannot be exported yet; ${problem ? 'use whole seconds' : 'merge them in a filter first'}`);
      return null;
    }
    // A window emits each window once, when it closes: an insert-only result, as the engine's.
    return { select: windowedSelect(op.kind, { ...op, window: op.window }, input.from), updating: false, records: false };
  }
  if (op.by !== undefined || op.field !== undefined) return { select: keyedAggregateSelect(op.kind, op, input.from), updating: true, records: false };
  return { select: `SELECT ${ident('key')}, ${aggregateSql(op.kind, undefined)} AS ${ident('value')} FROM ${input.from} GROUP BY ${ident('key')}`, updating: true, records: false };
}

function reportNote(node: PlanNode, note: string, report: Report): void {
  if (note === 'number-to-text') {
    report(node, 'warning', 'flink-number-as-text', `"${node.name}" joins a number to text: Flink writes DOUBLE 3 as '3.0' where the engine writes '3'`);
  } else if (note === 'division') {
    report(node, 'info', 'flink-division-by-zero', `"${node.name}" divides: the engine stops with an error on division by zero, Flink follows DOUBLE arithmetic or its own error handling, and computes a % b as a - b * TRUNCATE(a / b), which differs from the engine's remainder where a / b is not exact (e.g. 3 % (1/3)); check your data`);
  }
}
