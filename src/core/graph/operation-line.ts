import { formatDuration, readDuration } from './duration-words';
import type { Operation } from './flow-graph';
import { spacesNormal } from '../text/scan';

/**
 * The grammar of ONE operation line of a processor (`count`, `sum`, `min`, `max`, `avg`
 * (`average`, `mean`), `distinct` (`count distinct`), `filter <expression>`, `map <expression>`), read by a hand-written left-to-right scanner:
 * user text never meets a backtracking regular expression, so reading stays linear in the
 * line's length whatever is typed.
 *
 * Words are compared case-insensitively. A word ends where an ASCII letter, digit or `_` stops
 * (the `\b` of the regular expressions this replaces), so `counts` and `discount` are not
 * `count`, while `count-by-user` is.
 */

/** How events are cut into windows: by event time when they carry one, else by processing time. */
export type WindowSpec =
  | { kind: 'tumbling'; sizeMs: number }
  | { kind: 'sliding'; sizeMs: number; slideMs: number }
  | { kind: 'session'; gapMs: number };

/** What may follow an aggregate word: `sum amount by ad per 1 min allow 5s late`. */
export interface AggregateClauses {
  /** The field summed / compared (`sum amount`); absent: the event's value. */
  field?: string;
  /** The field the state is keyed by (`by user`); absent: the event's key. */
  by?: string;
  window?: WindowSpec;
  /** How far event time may go back before an event is late (`allow 5s late`): the watermark trails the newest time by this much. */
  lateMs?: number;
}

const AGGREGATES = ['count', 'sum', 'min', 'max', 'avg', 'distinct'] as const;
type Aggregate = (typeof AGGREGATES)[number];
/** Other words people write for an aggregate (issue 14); `count distinct` is checked before `count`. */
const ALIASES: readonly [string, Aggregate][] = [['count distinct', 'distinct'], ['average', 'avg'], ['mean', 'avg']];

export interface OperationLineOptions {
  /**
   * A processor's name: the aggregate word may stand anywhere (`user count`, `Max latency`).
   * A line inside the box must start with it, so a description such as "keeps the max" is
   * reported rather than obeyed. `filter`/`map` must start the text either way.
   */
  anywhere?: boolean;
}

/** What one line says: its operation (or none), and what could not be read of it. */
export interface OperationLineReading {
  operation: Operation | null;
  /** A clause that starts right but is incomplete or contradictory (`count per`, two windows): an error in a box line. */
  problem?: string;
  /** Words after the aggregate that are no clause (`count clicks today`): ignored, as before clauses existed. */
  ignored?: string;
}

/** The operation a line names, or null when it names none. */
export function parseOperationLine(line: string, options: OperationLineOptions = {}): Operation | null {
  return readOperationLine(line, options).operation;
}

/**
 * Reads a line fully. In a processor's name (`anywhere`) a clause that does not read is
 * dropped (the name still gives the aggregate), since names are prose more often than not.
 */
export function readOperationLine(line: string, options: OperationLineOptions = {}): OperationLineReading {
  const text = collapseSpaces(line);
  const expression = expressionOperation(text);
  if (expression) return { operation: expression };
  const at = options.anywhere ? findAggregate(text) : text.length > 0 && aggregateAt(text, 0) ? 0 : -1;
  if (at < 0) return { operation: null };
  const { kind, length } = aggregateAt(text, at)!;
  const rest = text.slice(at + length).trim();
  const clauses = readClauses(kind, rest === '' ? [] : rest.split(' '));
  if ('problem' in clauses) {
    return options.anywhere ? { operation: { kind } } : { operation: { kind }, problem: `"${text}": ${clauses.problem}` };
  }
  const { ignored, ...found } = clauses;
  return { operation: { kind, ...found }, ...(ignored ? { ignored } : {}) };
}

/**
 * The word at `k` in lower case ('' past the end). A module function, not a closure in
 * readClauses: under keepNames (tsx, the tests, the benchmark) each closure made per call is
 * named by a defineProperty call.
 */
const lowerAt = (words: readonly string[], k: number): string => (words[k] ?? '').toLowerCase();

const CLAUSE_WORDS = new Set(['by', 'per', 'every', 'over', 'with', 'gap', 'allow', 'of']);

function readClauses(kind: Aggregate, words: string[]): (AggregateClauses & { ignored?: string }) | { problem: string } {
  const out: AggregateClauses = {};
  let i = 0;
  if (lowerAt(words, i) === 'of') i++;
  // `sum amount`: the first plain word names the field (`count clicks` counts events: the word is a description).
  if (i < words.length && !CLAUSE_WORDS.has(lowerAt(words, i)) && isFieldWord(words[i])) {
    if (kind !== 'count' && kind !== 'distinct') out.field = fieldName(words[i]);
    i++;
  }
  let per: number | null = null;
  let every: number | null = null;
  let over: number | null = null;
  let gap: number | null = null;
  const ignored: string[] = [];
  while (i < words.length) {
    const w = lowerAt(words, i);
    if (w === 'by' || w === 'per') {
      const d = w === 'per' ? readDuration(words, i + 1) : null;
      if (d) {
        if (per !== null) return { problem: 'it says "per" twice' };
        per = d.ms;
        i += 1 + d.used;
        continue;
      }
      if (!isFieldWord(words[i + 1] ?? '')) return { problem: `"${w}" needs a field name${w === 'per' ? ' or a duration (per 1 min)' : ' (by user)'}` };
      if (out.by !== undefined) return { problem: 'it names two keys; group by one field' };
      out.by = fieldName(words[i + 1]);
      i += 2;
      continue;
    }
    if (w === 'every' || w === 'over') {
      const d = readDuration(words, i + 1);
      if (!d) return { problem: `"${w}" needs a duration (${w} 1 min, ${w} 10s)` };
      if (w === 'every') {
        if (every !== null) return { problem: 'it says "every" twice' };
        every = d.ms;
      } else {
        if (over !== null) return { problem: 'it says "over" twice' };
        over = d.ms;
      }
      i += 1 + d.used;
      continue;
    }
    if (w === 'with' || w === 'gap') {
      const g = w === 'with' ? i + 1 : i;
      if (lowerAt(words, g) !== 'gap') {
        ignored.push(words[i]);
        i++;
        continue;
      }
      const d = readDuration(words, g + 1);
      if (!d) return { problem: '"gap" needs a duration (with gap 30s)' };
      gap = d.ms;
      i = g + 1 + d.used;
      continue;
    }
    if (w === 'allow') {
      const d = readDuration(words, i + 1);
      if (!d) return { problem: '"allow" needs a duration (allow 5s late)' };
      out.lateMs = d.ms;
      i += 1 + d.used;
      if (lowerAt(words, i) === 'late' || lowerAt(words, i) === 'lateness') i++;
      continue;
    }
    ignored.push(words[i]);
    i++;
  }
  // `per 1 min` and `every 1 min` are tumbling windows; `over 5 min every 1 min` slides.
  const sizes = [per, every, over].filter((x) => x !== null).length;
  if (gap !== null && sizes > 0) return { problem: 'a processor has one window: either a size (per/every/over) or a session gap, not both' };
  if (per !== null && sizes > 1) return { problem: 'it gives the window size twice ("per" and "every"/"over")' };
  if (gap !== null) out.window = { kind: 'session', gapMs: gap };
  else if (over !== null && every !== null && every !== over) {
    if (every > over) return { problem: `the window slides by more than its size (over ${formatDuration(over)} every ${formatDuration(every)}): events between windows would be missed` };
    if (over % every !== 0) return { problem: `a sliding window's size must be a whole number of slides (over ${formatDuration(over)} every ${formatDuration(every)})` };
    out.window = { kind: 'sliding', sizeMs: over, slideMs: every };
  } else if (sizes > 0) out.window = { kind: 'tumbling', sizeMs: (per ?? over ?? every)! };
  const length = out.window ? (out.window.kind === 'session' ? out.window.gapMs : out.window.sizeMs) : 1;
  if (!(length > 0)) return { problem: 'a window must last longer than 0' };
  if (out.lateMs !== undefined && !out.window) return { problem: '"allow … late" needs a window (per 1 min allow 5s late)' };
  return ignored.length > 0 ? { ...out, ignored: ignored.join(' ') } : out;
}

/** A field name: letters, digits, `_` (not starting with a digit), optionally written `value.amount`. */
function isFieldWord(word: string): boolean {
  const name = fieldName(word);
  if (name.length === 0 || (name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57)) return false;
  for (let k = 0; k < name.length; k++) {
    const c = name.charCodeAt(k);
    if (!isWordChar(c) && c < 128) return false;
  }
  return true;
}

function fieldName(word: string): string {
  return word.length > 6 && word.slice(0, 6).toLowerCase() === 'value.' ? word.slice(6) : word;
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

/** Where the leftmost aggregate word in the text starts, -1 when none (a word starts where the previous character is not a word character). */
function findAggregate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (i > 0 && isWordChar(text.charCodeAt(i - 1))) continue;
    // `30 min`, `5 min window`: after a number, min is minutes.
    if (/\d\s*$/.test(text.slice(Math.max(0, i - 3), i)) && aggregateAt(text, i)?.kind === 'min') continue;
    if (aggregateAt(text, i)) return i;
  }
  return -1;
}

function aggregateAt(text: string, at: number): { kind: Aggregate; length: number } | null {
  for (const [word, kind] of ALIASES) if (startsWithWord(text, at, word)) return { kind, length: word.length };
  for (const word of AGGREGATES) if (startsWithWord(text, at, word)) return { kind: word, length: word.length };
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
  return spacesNormal(s) ? s : s.replace(/\s+/g, ' ').trim();
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
