import type { Diagnostic } from '../../diagnostics';
import { compileExpression, ExpressionError } from '../../expr/expression';
import type { Plan, PlanNode } from '../../plan/plan';
import { conditionSql, expressionToSql } from './expression-sql';
import { ident, uniqueSqlName } from './sql-text';

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
const AGGREGATE: Record<string, string> = {
  count: 'CAST(COUNT(*) AS DOUBLE)',
  sum: `SUM(${ident('value')})`,
  min: `MIN(${ident('value')})`,
  max: `MAX(${ident('value')})`,
  avg: `AVG(${ident('value')})`,
};

export function translateNodes(plan: Plan): Translation {
  const out: Translation = { sources: [], views: [], sinks: [], diagnostics: [] };
  const taken = new Set<string>();
  const relations = new Map<string, Relation>();
  const report = (node: PlanNode, severity: Diagnostic['severity'], code: string, message: string, column?: number) =>
    out.diagnostics.push({ severity, code, message, file: plan.file, elementId: node.id, ...(column ? { column } : {}) });

  /** The FROM clause over a node's inputs, or null (and a diagnostic) when it cannot be expressed. */
  const inputOf = (node: PlanNode): { from: string; updating: boolean } | null => {
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
    if (rels.length === 1) return { from: ident(rels[0].name), updating: rels[0].updating };
    const updating = rels.filter((r) => r.updating);
    if (updating.length > 0) {
      report(node, 'error', 'flink-fan-in-of-aggregate',
        `"${node.name}" merges the running results of ${updating.map((r) => `"${r.node.name}"`).join(', ')} with other inputs; ` +
        'the engine interleaves their updates in arrival order, which has no equivalent Flink query. Give each aggregation its own sink');
      return null;
    }
    const union = rels.map((r) => `SELECT ${KEY_VALUE} FROM ${ident(r.name)}`).join(' UNION ALL ');
    return { from: `(${union}) AS ${ident('inputs')}`, updating: false };
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
      out.sinks.push({ node, table: uniqueSqlName(node.name, taken), from: input.from, added: false });
      continue;
    }
    const view = processorView(node, input, report);
    if (!view) continue;
    const rel: ViewDef = { node, name: uniqueSqlName(node.name, taken), updating: view.updating, select: view.select };
    relations.set(node.id, rel);
    out.views.push(rel);
    if (node.outputs.length === 0) {
      out.sinks.push({ node, table: uniqueSqlName(`${rel.name}_sink`, taken), from: ident(rel.name), added: true });
    }
  }
  return out;
}

type Report = (node: PlanNode, severity: Diagnostic['severity'], code: string, message: string, column?: number) => void;

function processorView(node: PlanNode, input: { from: string; updating: boolean }, report: Report): { select: string; updating: boolean } | null {
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
      return { select: `SELECT ${KEY_VALUE} FROM ${input.from} WHERE ${expr.sql}`, updating: input.updating };
    }
    if (expr.type === 'string') {
      report(node, 'error', 'flink-map-to-text', `"${node.name}" maps values to text (${op.expression}); values are numbers, and the engine turns text into NaN`);
      return null;
    }
    const value = expr.type === 'boolean' ? `CAST(${expr.sql} AS DOUBLE)` : expr.sql;
    return { select: `SELECT ${ident('key')}, ${value} AS ${ident('value')} FROM ${input.from}`, updating: input.updating };
  }
  if (input.updating) {
    report(node, 'error', 'flink-aggregate-of-aggregate',
      `"${node.name}" (${op.kind}) aggregates another aggregation's running results; the engine counts every update as an event, ` +
      'Flink aggregates the current values, so the results would differ');
    return null;
  }
  if (op.kind === 'distinct') {
    // One global row, like the engine's `{key: "distinct", value: n}` (added by issue 14).
    return { select: `SELECT 'distinct' AS ${ident('key')}, CAST(COUNT(DISTINCT ${ident('key')}) AS DOUBLE) AS ${ident('value')} FROM ${input.from}`, updating: true };
  }
  return { select: `SELECT ${ident('key')}, ${AGGREGATE[op.kind]} AS ${ident('value')} FROM ${input.from} GROUP BY ${ident('key')}`, updating: true };
}

function reportNote(node: PlanNode, note: string, report: Report): void {
  if (note === 'number-to-text') {
    report(node, 'warning', 'flink-number-as-text', `"${node.name}" joins a number to text: Flink writes DOUBLE 3 as '3.0' where the engine writes '3'`);
  } else if (note === 'division') {
    report(node, 'info', 'flink-division-by-zero', `"${node.name}" divides: the engine stops with an error on division by zero, Flink follows DOUBLE arithmetic or its own error handling, and computes a % b as a - b * TRUNCATE(a / b), which differs from the engine's remainder where a / b is not exact (e.g. 3 % (1/3)); check your data`);
  }
}
