import { ExpressionError } from './ast';

export type Token =
  | { kind: 'number'; value: number; text: string; column: number }
  | { kind: 'string'; value: string; text: string; column: number }
  | { kind: 'name'; name: 'key' | 'value'; text: string; column: number }
  | { kind: 'field'; name: string; text: string; column: number }
  /** Operators and punctuation, normalised: `=` → `==`, `&&` → `and`, `||` → `or`, `!` → `not`. */
  | { kind: 'op'; op: string; text: string; column: number }
  | { kind: 'end'; text: ''; column: number };

const NUMBER = /^\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/;
const WORD = /^[A-Za-z_$][A-Za-z0-9_$]*/;
// Longest first, so `<=` is not read as `<` then `=`.
const OPERATORS: ReadonlyArray<[string, string]> = [
  ['==', '=='], ['!=', '!='], ['<>', '!='], ['<=', '<='], ['>=', '>='], ['&&', 'and'], ['||', 'or'],
  ['=', '=='], ['<', '<'], ['>', '>'], ['!', 'not'],
  ['+', '+'], ['-', '-'], ['*', '*'], ['/', '/'], ['%', '%'], ['(', '('], [')', ')'],
];
// Maps, not object literals: a plain-object lookup of "__proto__" or "constructor" would find
// Object.prototype members, exactly the kind of input this language must refuse.
const KEYWORDS = new Map([['and', 'and'], ['or', 'or'], ['not', 'not']]);
const ESCAPES = new Map([['\\', '\\'], ["'", "'"], ['"', '"'], ['n', '\n'], ['t', '\t']]);

/**
 * Words that are never field names: JavaScript's reserved words, globals and Object.prototype
 * members. A field lookup could not reach them anyway (records have no prototype), but an
 * expression that names them is someone trying to reach JavaScript, and is told so.
 */
const NOT_FIELDS = new Set(
  ('constructor __proto__ prototype this globalThis window self global process require module exports eval Function Object ' +
    'Math Reflect Proxy JSON Array String Number Boolean Symbol Date Promise import new function class return var let const ' +
    'typeof instanceof delete void in of yield await async super with debugger arguments document fetch setTimeout ' +
    'toString valueOf hasOwnProperty isPrototypeOf propertyIsEnumerable toLocaleString __defineGetter__ __defineSetter__ ' +
    '__lookupGetter__ __lookupSetter__').split(' '),
);

export const ALLOWED_NAMES_HINT = 'expressions may use key, value, numbers, strings';

/** Splits an expression into tokens; the last one is always `end`. Throws ExpressionError. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    const column = i + 1;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = source.slice(i);
    const num = NUMBER.exec(rest);
    if (num) {
      const value = Number(num[0]);
      if (!Number.isFinite(value)) throw new ExpressionError(`number ${num[0]} at column ${column} is too large`, column);
      tokens.push({ kind: 'number', value, text: num[0], column });
      i += num[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      // `value.amount`: a field of the event (the only `.` the language has).
      const field = word[0].toLowerCase() === 'value' && source[i + 5] === '.' ? WORD.exec(source.slice(i + 6)) : null;
      if (field && !NOT_FIELDS.has(field[0])) {
        tokens.push({ kind: 'field', name: field[0], text: `${word[0]}.${field[0]}`, column });
        i += 6 + field[0].length;
        continue;
      }
      tokens.push(wordToken(word[0], column));
      i += word[0].length;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const { token, end } = readString(source, i);
      tokens.push(token);
      i = end;
      continue;
    }
    const op = OPERATORS.find(([text]) => rest.startsWith(text));
    if (op) {
      tokens.push({ kind: 'op', op: op[1], text: op[0], column });
      i += op[0].length;
      continue;
    }
    throw new ExpressionError(unexpectedCharacter(ch, column), column);
  }
  tokens.push({ kind: 'end', text: '', column: source.length + 1 });
  return tokens;
}

function wordToken(text: string, column: number): Token {
  const lower = text.toLowerCase();
  if (lower === 'key' || lower === 'value') return { kind: 'name', name: lower, text, column };
  const keyword = KEYWORDS.get(lower);
  if (keyword) return { kind: 'op', op: keyword, text, column };
  // Any other word names a field of the event (`amount`, `user`), looked up only in the event's
  // own fields (a prototype-less record, own properties only): there is no scope, nothing
  // outside the expression is reachable. Calls and `[ ]` stay refused.
  if (NOT_FIELDS.has(text)) throw new ExpressionError(`unknown name "${text}" at column ${column}; ${ALLOWED_NAMES_HINT}`, column);
  return { kind: 'field', name: text, text, column };
}

/** Reads a quoted string starting at `start`; `\\ \' \" \n \t` are the only escapes. */
function readString(source: string, start: number): { token: Token; end: number } {
  const quote = source[start];
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i];
    if (ch === quote) {
      const token: Token = { kind: 'string', value, text: source.slice(start, i + 1), column: start + 1 };
      return { token, end: i + 1 };
    }
    if (ch === '\\') {
      const next = source[i + 1];
      const escaped = next === undefined ? undefined : ESCAPES.get(next);
      if (escaped === undefined) {
        throw new ExpressionError(`unknown escape "\\${next ?? ''}" at column ${i + 1}; use \\\\, \\', \\", \\n or \\t`, i + 1);
      }
      value += escaped;
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  throw new ExpressionError(`string starting at column ${start + 1} is not closed; add a closing ${quote}`, start + 1);
}

function unexpectedCharacter(ch: string, column: number): string {
  const shown = JSON.stringify(ch);
  if (ch === '.') return `unexpected character "." at column ${column}; numbers start with a digit (0.5) and property access is not supported`;
  if (ch === '[') return `unexpected character ${shown} at column ${column}; property access is not supported`;
  if (ch === ',') return `unexpected character ${shown} at column ${column}; function calls are not supported`;
  return `unexpected character ${shown} at column ${column}; ${ALLOWED_NAMES_HINT}`;
}
