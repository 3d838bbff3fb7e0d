import { ExpressionError, type ExprNode, type ExprType } from './ast';

/*
 * Static types. `key` is a string and `value` a number in every event, so each node's type is
 * fixed by the text alone. Checking here means `key * 2` or `key == 1` is reported with a column
 * when the drawing is read, and the evaluator (and the SQL export) never meet a mixed-type case
 * they would have to guess about.
 *   + : number + number → number; string + anything (but boolean) → string (concatenation)
 *   - * / % and unary - : numbers only
 *   == != : both sides of the same type;  < <= > >= : both numbers or both strings
 *   and or not : any operands, by truthiness (see isTruthy); result boolean
 */
export function typeOf(node: ExprNode, hint?: ExprType): ExprType {
  switch (node.kind) {
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'name':
      return node.name === 'key' ? 'string' : 'number';
    case 'field':
      // Typed by its use, once (the first check); without a use it is a condition (`filter vip`).
      node.as ??= hint ?? 'boolean';
      return node.as;
    case 'unary': {
      if (node.op === 'not') {
        typeOf(node.operand, 'boolean');
        return 'boolean';
      }
      const t = typeOf(node.operand, 'number');
      if (t !== 'number') fail(`"-" needs a number, but its operand is a ${t}`, node.column);
      return 'number';
    }
    case 'binary': {
      const [l, r] = sideTypes(node);
      switch (node.op) {
        case 'and':
        case 'or':
          return 'boolean';
        case '+':
          if (l === 'boolean' || r === 'boolean') fail(`"+" cannot use a boolean (a comparison's result)`, node.column);
          return l === 'string' || r === 'string' ? 'string' : 'number';
        case '-':
        case '*':
        case '/':
        case '%':
          if (l !== 'number' || r !== 'number') {
            fail(`"${node.op}" needs numbers on both sides, but got ${l} ${node.op} ${r}`, node.column);
          }
          return 'number';
        case '==':
        case '!=':
          if (l !== r) fail(`cannot compare a ${l} with a ${r}${quoteHint(l, r)}`, node.column);
          return 'boolean';
        default:
          if (l !== r || l === 'boolean') fail(`"${node.op}" compares two numbers or two strings, not ${l} and ${r}${quoteHint(l, r)}`, node.column);
          return 'boolean';
      }
    }
  }
}

/**
 * Both sides' types; a field side takes the type the other side calls for: `amount > 10` and
 * `amount + 1` make it a number, `user == "u1"` text. Two fields compared (`a == b`) compare as
 * text; in arithmetic they are numbers.
 */
function sideTypes(node: ExprNode & { kind: 'binary' }): [ExprType, ExprType] {
  const logical = node.op === 'and' || node.op === 'or';
  const arithmetic = node.op === '-' || node.op === '*' || node.op === '/' || node.op === '%' || node.op === '+';
  if (logical) return [typeOf(node.left, 'boolean'), typeOf(node.right, 'boolean')];
  if (node.op !== '+' && arithmetic) return [typeOf(node.left, 'number'), typeOf(node.right, 'number')];
  const fieldL = node.left.kind === 'field' && node.left.as === undefined;
  const fieldR = node.right.kind === 'field' && node.right.as === undefined;
  const fallback: ExprType = arithmetic ? 'number' : 'string';
  if (fieldL && fieldR) return [typeOf(node.left, fallback), typeOf(node.right, fallback)];
  if (fieldL) {
    const r = typeOf(node.right);
    return [typeOf(node.left, r === 'boolean' && arithmetic ? 'number' : r), r];
  }
  const l = typeOf(node.left);
  return [l, typeOf(node.right, fieldR && l === 'boolean' && arithmetic ? 'number' : l)];
}

function quoteHint(l: ExprType, r: ExprType): string {
  return (l === 'string' && r === 'number') || (l === 'number' && r === 'string')
    ? `; to compare text, quote the number (key == '1')`
    : '';
}

function fail(message: string, column: number): never {
  throw new ExpressionError(`${message} at column ${column}`, column);
}
