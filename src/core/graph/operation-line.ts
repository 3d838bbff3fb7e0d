import type { Operation } from './flow-graph';

/**
 * The grammar of ONE operation line of a processor (`count`, `sum`, `min`, `max`,
 * `filter <expression>`, `map <expression>`), read by a hand-written left-to-right scanner:
 * user text never meets a backtracking regular expression, so reading stays linear in the
 * line's length whatever is typed.
 *
 * Words are compared case-insensitively. A word ends where an ASCII letter, digit or `_` stops
 * (the `\b` of the regular expressions this replaces), so `counts` and `discount` are not
 * `count`, while `count-by-user` is.
 */

const AGGREGATES = ['count', 'sum', 'min', 'max'] as const;
type Aggregate = (typeof AGGREGATES)[number];

export interface OperationLineOptions {
  /**
   * A processor's name: the aggregate word may stand anywhere (`user count`, `Max latency`).
   * A line inside the box must start with it, so a description such as "keeps the max" is
   * reported rather than obeyed. `filter`/`map` must start the text either way.
   */
  anywhere?: boolean;
}

/** The operation a line names, or null when it names none. */
export function parseOperationLine(line: string, options: OperationLineOptions = {}): Operation | null {
  const text = collapseSpaces(line);
  const expression = expressionOperation(text);
  if (expression) return expression;
  const at = options.anywhere ? findAggregate(text) : aggregateAt(text, 0);
  return at ? { kind: at } : null;
}

/** `filter <e>`, `filter: <e>`, `map <e>`: the word, optional spaces and colon, then at least one space. */
function expressionOperation(text: string): Operation | null {
  for (const kind of ['filter', 'map'] as const) {
    if (!startsWithWord(text, 0, kind)) continue;
    let i = kind.length;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const afterWordSpaces = i;
    if (text[i] === ':') {
      let j = i + 1;
      while (j < text.length && isSpace(text.charCodeAt(j))) j++;
      if (j > i + 1 && j < text.length) return { kind, expression: text.slice(j) };
    }
    // No `: ` — then the word and the expression (which may itself start with `:`) need a space between.
    if (afterWordSpaces === kind.length || i >= text.length) return null;
    return { kind, expression: text.slice(i) };
  }
  return null;
}

/** The leftmost aggregate word in the text, if any (a word starts where the previous character is not a word character). */
function findAggregate(text: string): Aggregate | null {
  for (let i = 0; i < text.length; i++) {
    if (i > 0 && isWordChar(text.charCodeAt(i - 1))) continue;
    const found = aggregateAt(text, i);
    if (found) return found;
  }
  return null;
}

function aggregateAt(text: string, at: number): Aggregate | null {
  for (const word of AGGREGATES) if (startsWithWord(text, at, word)) return word;
  return null;
}

/** True when `word` (lower case) stands at `at`, case-insensitively, and no word character follows it. */
export function startsWithWord(text: string, at: number, word: string): boolean {
  if (text.length - at < word.length) return false;
  for (let k = 0; k < word.length; k++) {
    if (lowerAscii(text.charCodeAt(at + k)) !== word.charCodeAt(k)) return false;
  }
  const after = at + word.length;
  return after >= text.length || !isWordChar(text.charCodeAt(after));
}

/** Runs of white space become one space, ends trimmed (as `normaliseSpaces` does for every line). */
function collapseSpaces(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

export function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 160;
}
