import type { ExprNode } from './ast';

/*
 * Prints an AST back to expression text with the fewest parentheses the grammar needs
 * (parser.ts). Used to show a normalised expression to users and by the round-trip tests.
 */

const PRECEDENCE: Record<string, number> = {
  or: 1, and: 2, not: 3,
  '==': 4, '!=': 4, '<': 4, '<=': 4, '>': 4, '>=': 4,
  '+': 5, '-': 5, '*': 6, '/': 6, '%': 6,
};
const UNARY_MINUS = 7;
const ATOM = 8;

function precedenceOf(node: ExprNode): number {
  if (node.kind === 'binary') return PRECEDENCE[node.op];
  if (node.kind === 'unary') return node.op === 'not' ? PRECEDENCE.not : UNARY_MINUS;
  return ATOM;
}

export function printExpression(node: ExprNode): string {
  switch (node.kind) {
    case 'number':
      return String(node.value);
    case 'string':
      return quoteString(node.value);
    case 'name':
      return node.name;
    case 'field':
      return node.name;
    case 'unary':
      if (node.op === 'not') return `not ${wrap(node.operand, precedenceOf(node.operand) < PRECEDENCE.not)}`;
      // A space keeps `- -3` from reading as one token in other tools; ours accepts both.
      return `-${node.operand.kind === 'unary' ? ' ' : ''}${wrap(node.operand, precedenceOf(node.operand) < UNARY_MINUS)}`;
    case 'binary': {
      const p = PRECEDENCE[node.op];
      const isComparison = p === PRECEDENCE['=='];
      // Left-associative: an equal-precedence right child needs parentheses (a - (b - c)).
      // Comparisons do not chain, so an equal-precedence child on either side needs them too.
      const left = wrap(node.left, precedenceOf(node.left) < p || (isComparison && precedenceOf(node.left) === p));
      const right = wrap(node.right, precedenceOf(node.right) <= p);
      return `${left} ${node.op} ${right}`;
    }
  }
}

function wrap(node: ExprNode, parenthesise: boolean): string {
  const text = printExpression(node);
  return parenthesise ? `(${text})` : text;
}

export function quoteString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`;
}
