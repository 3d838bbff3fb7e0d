import { type ExprNode, type ExprType, type ExprValue } from './ast';
import { evaluateNode } from './evaluate';
import { parseExpression } from './parser';
import { typeOf } from './typecheck';

export { ExpressionError, MAX_DEPTH, MAX_SOURCE_LENGTH } from './ast';
export type { BinaryOp, ExprNode, ExprType, ExprValue } from './ast';
export { isTruthy } from './evaluate';

/**
 * The safe expression language of `filter <expression>` and `map <expression>`: our own
 * tokenizer, parser and tree-walking evaluator. No eval, no Function, no property access, no
 * calls; the only names are `key` and `value`, so an expression cannot reach anything else.
 */
export interface CompiledExpression {
  readonly source: string;
  readonly ast: ExprNode;
  /** The type every evaluation returns (known statically: key is a string, value a number). */
  readonly type: ExprType;
  /** Throws ExpressionError only for division or remainder by zero (see evaluate.ts). */
  evaluate(key: string, value: number): ExprValue;
}

/** Parses and type-checks `source` (`resultHint`: what a lone field should be read as). Throws ExpressionError (message and 1-based column). */
export function compileExpression(source: string, resultHint?: ExprType): CompiledExpression {
  const ast = parseExpression(source);
  // A lone field takes the hint: `map amount` is a number, `filter vip` a condition.
  const type = typeOf(ast, resultHint);
  return {
    source,
    ast,
    type,
    evaluate: (key, value) => evaluateNode(ast, key, value),
  };
}
