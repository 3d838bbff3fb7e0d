export * from './expression';
export { parseExpression } from './parser';
export { printExpression, quoteString } from './print';
export { typeOf } from './typecheck';
