import { decodeRecordKey } from '../records/record-text';
import { ExpressionError, type ExprNode, type ExprType, type ExprValue } from './ast';

/** Truthiness for `filter`: a boolean, a number other than 0 (and not NaN), or a non-empty string. */
export function isTruthy(v: ExprValue): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  return v.length > 0;
}

/**
 * Walks a type-checked AST (see typecheck.ts), so operand types are known to be right.
 *
 * Division and remainder by zero throw an ExpressionError pointing at the operator instead of
 * yielding Infinity or NaN: a NaN silently poisons sums and makes every comparison false, which
 * is much harder to trace back to its cause than an error naming the column. The engine reports
 * it against the processor. Numbers joined to strings with `+` use JavaScript's shortest form
 * (`3`, `2.5`).
 */
export function evaluateNode(node: ExprNode, key: string, value: number): ExprValue {
  switch (node.kind) {
    case 'number':
    case 'string':
      return node.value;
    case 'name':
      return node.name === 'key' ? (decodeRecordKey(key)?.key ?? key) : value;
    case 'field':
      return fieldAs(key, node.name, node.as ?? 'boolean');
    case 'unary': {
      const v = evaluateNode(node.operand, key, value);
      return node.op === 'not' ? !isTruthy(v) : -(v as number);
    }
    case 'binary':
      return evaluateBinary(node, key, value);
  }
}

/**
 * A field of the event, converted to the type its use gave it (typecheck.ts): a number from a
 * number or numeric text, else NaN (so `amount > 10` is false); text as written; a condition by
 * truthiness. A missing field is NaN, "" or false. `time` without such a field is the event time.
 */
function fieldAs(key: string, name: string, as: ExprType): ExprValue {
  const record = decodeRecordKey(key);
  const fields = record?.fields;
  const raw = fields && Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : name === 'time' ? record?.time : undefined;
  if (as === 'number') {
    if (typeof raw === 'number') return raw;
    if (typeof raw === 'string' && raw.trim() !== '') return Number(raw);
    return Number.NaN;
  }
  if (as === 'string') return raw === undefined ? '' : String(raw);
  return raw === undefined ? false : isTruthy(raw);
}

function evaluateBinary(node: ExprNode & { kind: 'binary' }, key: string, value: number): ExprValue {
  // Short-circuit, as users expect from and/or (and it skips a division by zero on the right).
  if (node.op === 'and') return isTruthy(evaluateNode(node.left, key, value)) && isTruthy(evaluateNode(node.right, key, value));
  if (node.op === 'or') return isTruthy(evaluateNode(node.left, key, value)) || isTruthy(evaluateNode(node.right, key, value));
  const l = evaluateNode(node.left, key, value);
  const r = evaluateNode(node.right, key, value);
  switch (node.op) {
    case '+':
      return typeof l === 'string' || typeof r === 'string' ? String(l) + String(r) : (l as number) + (r as number);
    case '-':
      return (l as number) - (r as number);
    case '*':
      return (l as number) * (r as number);
    case '/':
    case '%':
      if (r === 0) {
        throw new ExpressionError(`division by zero at column ${node.column} (key ${JSON.stringify(key)}, value ${value})`, node.column);
      }
      return node.op === '/' ? (l as number) / (r as number) : (l as number) % (r as number);
    case '==':
      return l === r;
    case '!=':
      return l !== r;
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    case '>':
      return l > r;
    case '>=':
      return l >= r;
  }
}
