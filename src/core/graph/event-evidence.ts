import type { EventSpec } from './flow-graph';
import { parseEventToken } from './texts';
import { compactAroundSigns, isSpaceCode } from '../text/scan';

/** What separates event tokens on a line: white space (as `\s`), commas and semicolons. */
const isSeparator = (c: number): boolean => c === 44 || c === 59 || isSpaceCode(c);

/** One token of a line read as events, with where it stands in the (compacted) line. */
export interface LineToken extends EventSpec {
  index: number;
  length: number;
  /** Written with a value (`B:3`, `C=2`): the strongest sign that a text is events. */
  valued: boolean;
}

export interface EventLine {
  compact: string;
  tokens: LineToken[];
}

// Brackets, quotes and sigils belong to prose and code (`(REST`, `API)`, `"id"`, `$0`): a word
// carrying one is never a drawn event key.
const CLOCK = /^\d{1,2}:\d{2}(?::\d{2})?$/;

const NOT_A_KEY = /[^\p{L}\p{N}_\-./@#+]/u;

/**
 * Splits a drawn line into event tokens (`C B A`, `A, B:2`), or null when any part is not a
 * token or carries a bracket. Only the syntax: whether the line *is* events is `hasEventEvidence`.
 */
export function readEventLine(line: string): EventLine | null {
  const compact = compactAroundSigns(line);
  const tokens: LineToken[] = [];
  // The runs `/[^\s,;]+/g` matches, found by a scan: `matchAll` clones its expression on every
  // call, which made this the largest cost of reading a big drawing.
  const n = compact.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSeparator(compact.charCodeAt(i))) i++;
    if (i >= n) break;
    let j = i + 1;
    while (j < n && !isSeparator(compact.charCodeAt(j))) j++;
    const word = compact.slice(i, j);
    // `00:00`, `12:30:05`: a clock time (a window diagram's axis), not key 00 with value 0.
    if (CLOCK.test(word)) return null;
    const e = parseEventToken(word);
    if (!e || NOT_A_KEY.test(e.key)) return null;
    tokens.push({ key: e.key, value: e.value, index: i, length: j - i, valued: word.includes(':') || word.includes('=') });
    i = j;
  }
  return tokens.length === 0 ? null : { compact, tokens };
}

const NUMBERED = /^(\p{L}{1,12})\d{1,6}$/u;
const LETTER = /\p{L}/u;

/**
 * `user1 user2`, `e1 e2 e3`: numbered keys of one family. Stops at the first key that is not
 * one, and tries the Unicode expression only on keys ending in a digit (`\d` is ASCII under
 * /u): every label of a drawing is asked this, and most end in a letter.
 */
const numbered = (keys: string[]): boolean => {
  if (keys.length < 2) return false;
  let family: string | undefined;
  for (const k of keys) {
    const last = k.charCodeAt(k.length - 1);
    if (!(last >= 48 && last <= 57)) return false;
    const m = NUMBERED.exec(k);
    if (!m) return false;
    const f = m[1].toLowerCase();
    if (family === undefined) family = f;
    else if (f !== family) return false;
  }
  return true;
};

/** `new Set(keys).size`, without a set for the few keys of a line (every label is asked). */
function distinctCount(keys: readonly string[]): number {
  if (keys.length > 16) return new Set(keys).size;
  let n = 0;
  for (let i = 0; i < keys.length; i++) {
    let j = 0;
    while (j < i && keys[j] !== keys[i]) j++;
    if (j === i) n++;
  }
  return n;
}

/** `[...k].length === 1` without building the array: one UTF-16 unit, or one surrogate pair. */
const oneCodePoint = (k: string): boolean => k.length === 1 || (k.length === 2 && (k.codePointAt(0) ?? 0) > 0xffff);

/** Words of sentences: a text holding one is prose, not a list of keys. */
const STOP = new Set(['an', 'the', 'to', 'of', 'and', 'or', 'is', 'are', 'for', 'in', 'on', 'we', 'you', 'it', 'can', 'be', 'with', 'by', 'from', 'this', 'that', 'as', 'at', 'if', 'not', 'do']);

/**
 * Lower case maps each code point to one or more, so a key shrinks at most to half its UTF-16
 * length: one longer than twice the longest stop word is none in either case (no lookup, no copy).
 */
const STOP_LONGEST = 2 * Math.max(...[...STOP].map((w) => w.length));

const prose = (keys: string[]): boolean => keys.some((k) => k.length <= STOP_LONGEST && (STOP.has(k) || (k.length > 1 && STOP.has(k.toLowerCase()) && k[0] === k[0].toUpperCase() && k.slice(1) === k.slice(1).toLowerCase())));

/**
 * Positive evidence that tokens are events and not words of a name: a value (`B:3`), a key
 * written twice (`user1 user2 user1`), one-character keys with a letter among them (`C B A`, a
 * stack of `X`/`Y`; a lone `1` is a step number), or a numbered family (`e1 e2`). `Order
 * Service`, `Amazon SQS queue`, `edge gateway` have none: those are names, whatever line they
 * stand on; a sentence (`we can send to you`) never has any.
 */
export function hasEventEvidence(tokens: readonly LineToken[]): boolean {
  if (tokens.length === 0) return false;
  const keys = tokens.map((t) => t.key);
  if (prose(keys)) return false;
  if (tokens.some((t) => t.valued)) return true;
  // `login logout login`, not a sentence that says a word twice (`UAV dynamics over multirotor dynamics`).
  const distinct = distinctCount(keys);
  if (distinct < keys.length && distinct <= 3) return true;
  if (keys.every(oneCodePoint) && keys.some((k) => LETTER.test(k))) return true;
  return numbered(keys);
}

/**
 * Weaker evidence, enough for a text set apart from a queue's name inside the box (`login
 * logout` under `clicks`): a few plain keys, no sentence. Used for a source's events only, never
 * to decide which way a line runs or whether to refuse a drawing.
 */
export function looksLikeKeys(tokens: readonly LineToken[]): boolean {
  const keys = tokens.map((t) => t.key);
  return keys.length > 0 && keys.length <= 4 && !prose(keys) && !keys.every((k) => /^\d+$/.test(k));
}
