/**
 * The expression AST. Every node keeps the 1-based column of the text it came from, so
 * type errors and run-time errors (division by zero) can point at the exact spot.
 */

export type ExprValue = number | string | boolean;

/** The static type of an expression. `key` is always a string and `value` always a number, so
 * every expression's type is known before it runs: mistakes are reported when the drawing is read,
 * not in the middle of a run. */
export type ExprType = 'number' | 'string' | 'boolean';

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
export type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOp = 'and' | 'or';
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp;

export type ExprNode =
  | { kind: 'number'; value: number; column: number }
  | { kind: 'string'; value: string; column: number }
  | { kind: 'name'; name: 'key' | 'value'; column: number }
  /**
   * A field of an event with fields (`amount`, `value.amount`; see records/record-text.ts). Its
   * type is taken from its use (`amount > 10`: number, `user == "u1"`: text) and stored in `as`
   * when the expression is type-checked; the evaluator converts the event's field to it.
   */
  | { kind: 'field'; name: string; column: number; as?: ExprType }
  | { kind: 'unary'; op: '-' | 'not'; operand: ExprNode; column: number }
  | { kind: 'binary'; op: BinaryOp; left: ExprNode; right: ExprNode; column: number };

export class ExpressionError extends Error {
  constructor(
    message: string,
    /** 1-based column in the expression's source. */
    readonly column: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** Longest accepted source: expressions are one line in a drawing; more is a mistake or an attack. */
export const MAX_SOURCE_LENGTH = 1000;
/** Deepest accepted nesting of parentheses and prefix operators (keeps parser recursion bounded). */
export const MAX_DEPTH = 64;
