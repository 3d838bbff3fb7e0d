import type { ExprNode, ExprType } from '../../expr/expression';
import { typeOf } from '../../expr/typecheck';
import { doubleLiteral, ident, stringLiteral } from './sql-text';

/**
 * Translates a (type-checked) expression AST to a Flink SQL expression with the same meaning
 * as the engine's evaluator (src/core/expr/evaluate.ts). Every operation is parenthesised, so
 * SQL precedence never has to match ours. Known differences are returned as `notes` for the
 * exporter to report instead of silently changing a job.
 */
export interface SqlExpression {
  sql: string;
  type: ExprType;
  notes: string[];
}

export function expressionToSql(ast: ExprNode): SqlExpression {
  const notes = new Set<string>();
  const sql = toSql(ast, notes);
  return { sql, type: typeOf(ast), notes: [...notes] };
}

/** The expression as a filter condition: truthiness made explicit (see isTruthy). */
export function conditionSql(ast: ExprNode): SqlExpression {
  const e = expressionToSql(ast);
  return { ...e, sql: asBoolean(e.sql, e.type), type: 'boolean' };
}

function asBoolean(sql: string, type: ExprType): string {
  if (type === 'boolean') return sql;
  if (type === 'number') return `(${sql} <> 0E0)`;
  return `(CHAR_LENGTH(${sql}) > 0)`;
}

function toSql(node: ExprNode, notes: Set<string>): string {
  switch (node.kind) {
    case 'number':
      return doubleLiteral(node.value);
    case 'string':
      return stringLiteral(node.value);
    case 'name':
      return ident(node.name);
    case 'field':
      // A field is a column of the source table (issue 17); typed as its use says.
      return ident(node.name);
    case 'unary':
      if (node.op === 'not') return `(NOT ${asBoolean(toSql(node.operand, notes), typeOf(node.operand))})`;
      // The operand is a literal, a name or parenthesised, so this never forms a `--` comment.
      return `(-${toSql(node.operand, notes)})`;
    case 'binary':
      return binaryToSql(node, notes);
  }
}

const COMPARISON: Record<string, string> = { '==': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

function binaryToSql(node: ExprNode & { kind: 'binary' }, notes: Set<string>): string {
  const l = toSql(node.left, notes);
  const r = toSql(node.right, notes);
  const lt = typeOf(node.left);
  const rt = typeOf(node.right);
  switch (node.op) {
    case 'and':
    case 'or':
      return `(${asBoolean(l, lt)} ${node.op.toUpperCase()} ${asBoolean(r, rt)})`;
    case '+':
      if (lt === 'string' || rt === 'string') return `(${asText(l, lt, notes)} || ${asText(r, rt, notes)})`;
      return `(${l} + ${r})`;
    case '%':
      // Flink's MOD takes exact numerics only (its planner refuses MOD(DOUBLE, DOUBLE), seen on
      // Flink 2.2 in tests/flink), so the truncated remainder is spelled out: the same sign and
      // value as JavaScript's % wherever l / r is exact, as it is for the engine's usual values.
      notes.add('division');
      return `(${l} - (${r} * TRUNCATE(${l} / ${r})))`;
    case '-':
    case '*':
    case '/':
      if (node.op === '/') notes.add('division');
      return `(${l} ${node.op} ${r})`;
    default:
      return `(${l} ${COMPARISON[node.op]} ${r})`;
  }
}

function asText(sql: string, type: ExprType, notes: Set<string>): string {
  if (type === 'string') return sql;
  notes.add('number-to-text');
  return `CAST(${sql} AS STRING)`;
}
