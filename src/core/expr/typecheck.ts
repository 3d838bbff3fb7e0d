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
export function typeOf(node: ExprNode): ExprType {
  switch (node.kind) {
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'name':
      return node.name === 'key' ? 'string' : 'number';
    case 'unary': {
      const t = typeOf(node.operand);
      if (node.op === 'not') return 'boolean';
      if (t !== 'number') fail(`"-" needs a number, but its operand is a ${t}`, node.column);
      return 'number';
    }
    case 'binary': {
      const l = typeOf(node.left);
      const r = typeOf(node.right);
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

function quoteHint(l: ExprType, r: ExprType): string {
  return (l === 'string' && r === 'number') || (l === 'number' && r === 'string')
    ? `; to compare text, quote the number (key == '1')`
    : '';
}

function fail(message: string, column: number): never {
  throw new ExpressionError(`${message} at column ${column}`, column);
}
