import { ExpressionError } from './ast';

export type Token =
  | { kind: 'number'; value: number; text: string; column: number }
  | { kind: 'string'; value: string; text: string; column: number }
  | { kind: 'name'; name: 'key' | 'value'; text: string; column: number }
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
  // Any other word (constructor, this, globalThis, process, __proto__, Math…) is refused here:
  // there is no scope to look names up in, so nothing outside the expression is reachable.
  throw new ExpressionError(`unknown name "${text}" at column ${column}; ${ALLOWED_NAMES_HINT}`, column);
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
