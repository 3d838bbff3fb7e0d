import { ExpressionError, MAX_DEPTH, MAX_SOURCE_LENGTH, type BinaryOp, type ExprNode } from './ast';
import { tokenize, type Token } from './tokenizer';

/*
 * Recursive descent, lowest precedence first:
 *   or      := and (('or' | '||') and)*
 *   and     := not (('and' | '&&') not)*
 *   not     := ('not' | '!') not | compare        — like SQL and Python, `not value > 3` is `not (value > 3)`
 *   compare := sum (cmp sum)?                      — one comparison: `1 < value < 3` is refused, not misread
 *   sum     := product (('+' | '-') product)*
 *   product := unary (('*' | '/' | '%') unary)*
 *   unary   := '-' unary | primary
 *   primary := number | string | key | value | '(' or ')'
 * Binary chains are loops (no recursion), and every recursive step (parenthesis, prefix operator)
 * counts towards MAX_DEPTH, so hostile input such as 10,000 '(' ends with an error, never a stack overflow.
 */

const COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** Parses `source` to an AST (without type checking). Throws ExpressionError with a column. */
export function parseExpression(source: string): ExprNode {
  if (source.length > MAX_SOURCE_LENGTH) {
    throw new ExpressionError(
      `expression is too long (${source.length} characters; at most ${MAX_SOURCE_LENGTH}) at column ${MAX_SOURCE_LENGTH + 1}`,
      MAX_SOURCE_LENGTH + 1,
    );
  }
  const parser = new Parser(tokenize(source));
  return parser.parseAll();
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): ExprNode {
    if (this.peek().kind === 'end') throw new ExpressionError('expression is empty at column 1', 1);
    const node = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'end') {
      throw new ExpressionError(`unexpected ${describe(next)} at column ${next.column}; expected an operator or the end`, next.column);
    }
    return node;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private isOp(...ops: string[]): boolean {
    const t = this.peek();
    return t.kind === 'op' && ops.includes(t.op);
  }

  private next(): Token {
    return this.tokens[this.pos++];
  }

  private enter(column: number): void {
    if (++this.depth > MAX_DEPTH) {
      throw new ExpressionError(`expression nests too deeply at column ${column} (more than ${MAX_DEPTH} levels)`, column);
    }
  }

  private parseOr(): ExprNode {
    let left = this.parseAnd();
    while (this.isOp('or')) {
      const op = this.next();
      left = { kind: 'binary', op: 'or', left, right: this.parseAnd(), column: op.column };
    }
    return left;
  }

  private parseAnd(): ExprNode {
    let left = this.parseNot();
    while (this.isOp('and')) {
      const op = this.next();
      left = { kind: 'binary', op: 'and', left, right: this.parseNot(), column: op.column };
    }
    return left;
  }

  private parseNot(): ExprNode {
    if (!this.isOp('not')) return this.parseCompare();
    const op = this.next();
    this.enter(op.column);
    const operand = this.parseNot();
    this.depth--;
    return { kind: 'unary', op: 'not', operand, column: op.column };
  }

  private parseCompare(): ExprNode {
    const left = this.parseSum();
    const t = this.peek();
    if (t.kind !== 'op' || !COMPARE.has(t.op)) return left;
    this.next();
    const node: ExprNode = { kind: 'binary', op: t.op as BinaryOp, left, right: this.parseSum(), column: t.column };
    const after = this.peek();
    if (after.kind === 'op' && COMPARE.has(after.op)) {
      throw new ExpressionError(
        `comparisons cannot be chained at column ${after.column}; join them with and (0 < value and value < 3)`,
        after.column,
      );
    }
    return node;
  }

  private parseSum(): ExprNode {
    let left = this.parseProduct();
    while (this.isOp('+', '-')) {
      const op = this.next() as Token & { kind: 'op' };
      left = { kind: 'binary', op: op.op as BinaryOp, left, right: this.parseProduct(), column: op.column };
    }
    return left;
  }

  private parseProduct(): ExprNode {
    let left = this.parseUnary();
    while (this.isOp('*', '/', '%')) {
      const op = this.next() as Token & { kind: 'op' };
      left = { kind: 'binary', op: op.op as BinaryOp, left, right: this.parseUnary(), column: op.column };
    }
    return left;
  }

  private parseUnary(): ExprNode {
    if (!this.isOp('-')) return this.parsePrimary();
    const op = this.next();
    this.enter(op.column);
    const operand = this.parseUnary();
    this.depth--;
    return { kind: 'unary', op: '-', operand, column: op.column };
  }

  private parsePrimary(): ExprNode {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { kind: 'number', value: t.value, column: t.column };
      case 'string':
        return { kind: 'string', value: t.value, column: t.column };
      case 'name':
        return { kind: 'name', name: t.name, column: t.column };
      case 'field':
        return { kind: 'field', name: t.name, column: t.column };
      case 'op':
        if (t.op === '(') return this.parseParenthesised(t);
        break;
      case 'end':
        break;
    }
    throw new ExpressionError(
      `expected a number, a string, key, value or "(" at column ${t.column}, found ${describe(t)}`,
      t.column,
    );
  }

  private parseParenthesised(open: Token): ExprNode {
    this.enter(open.column);
    const inner = this.parseOr();
    this.depth--;
    const close = this.next();
    if (close.kind !== 'op' || close.op !== ')') {
      throw new ExpressionError(
        `expected ")" at column ${close.column} to close the "(" at column ${open.column}, found ${describe(close)}`,
        close.column,
      );
    }
    return inner;
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'the end of the expression';
    case 'number':
      return `number ${t.text}`;
    case 'string':
      return `string ${t.text}`;
    default:
      return `"${t.text}"`;
  }
}
