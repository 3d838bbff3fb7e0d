import type { EventSpec } from '../graph/flow-graph';
import { inputNumberProblem, isNumberText } from '../numbers';
import { compactAroundSigns, isSpaceCode, skipSpaces, trimEndIndex } from '../text/scan';

/** An event read from a token, why a token that tries to be one is not (a number out of range), or null. */
export type TokenRead = { event: EventSpec } | { problem: string } | null;

/** Characters that end a key: white space is checked apart (isSpaceCode). */
const endsKey = (c: number): boolean => c === 58 /* : */ || c === 61 /* = */ || c === 44 /* , */ || c === 59 /* ; */;

// A key has at least one letter or digit: a stray `-` or `*` (a Markdown bullet) is not an event.
// One character class, tested once per key: no backtracking.
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * `A`, `B:3`, `C=2`, `D : 4` (white space around the sign allowed) in s[from, to) → the event.
 * A hand-written scanner (each character looked at once) for what was the regular expression
 * `^([^\s:=,;]*[\p{L}\p{N}][^\s:=,;]*)(?:\s*[:=]\s*(NUMBER))?$`, whose two stars over the same
 * letters made `aaa…a:x` quadratic. The value must be finite (README "Numbers"): `A:1e309` is a
 * problem, not Infinity.
 */
export function scanEventToken(s: string, from = 0, to = s.length): TokenRead {
  const start = skipSpaces(s, from, to);
  const end = trimEndIndex(s, start, to);
  let i = start;
  while (i < end && !isSpaceCode(s.charCodeAt(i)) && !endsKey(s.charCodeAt(i))) i++;
  if (i === start) return null;
  const key = s.slice(start, i);
  if (!LETTER_OR_DIGIT.test(key)) return null;
  i = skipSpaces(s, i, end);
  if (i === end) return { event: { key, value: 1 } };
  const sign = s.charCodeAt(i);
  if (sign !== 58 && sign !== 61) return null;
  const text = s.slice(skipSpaces(s, i + 1, end), end);
  if (!isNumberText(text)) return null;
  const problem = inputNumberProblem(text);
  return problem ? { problem: `the value of "${key.length > 40 ? `${key.slice(0, 39)}…` : key}": ${problem}` } : { event: { key, value: Number(text) } };
}

/** A token as an event, or null (also for a value out of range: use scanEventToken to say why). */
export function eventOfToken(token: string): EventSpec | null {
  const r = scanEventToken(token);
  return r !== null && 'event' in r ? r.event : null;
}

/**
 * Splits a text into event tokens (`C B A`, `A, B:2`, `B : 3`), separated by white space, `,`
 * or `;`; null when any part is not a token.
 */
export function scanEventTokens(text: string): EventSpec[] | null {
  const out: EventSpec[] = [];
  for (const token of tokensOf(text)) {
    const e = eventOfToken(token);
    if (!e) return null;
    out.push(e);
  }
  return out.length === 0 ? null : out;
}

/** Why a line of tokens is not events when one of its values is out of range (`B:1e309`); null otherwise. */
export function tokensProblem(text: string): string | null {
  for (const token of tokensOf(text)) {
    const r = scanEventToken(token);
    if (r !== null && 'problem' in r) return r.problem;
  }
  return null;
}

const isSeparator = (c: number): boolean => isSpaceCode(c) || c === 44 || c === 59;

/** The tokens of a line: signs joined to their keys and values, split at white space, `,` and `;`. */
function* tokensOf(text: string): Generator<string> {
  const compact = compactAroundSigns(text);
  let i = 0;
  while (i < compact.length) {
    while (i < compact.length && isSeparator(compact.charCodeAt(i))) i++;
    if (i === compact.length) return;
    let j = i;
    while (j < compact.length && !isSeparator(compact.charCodeAt(j))) j++;
    yield compact.slice(i, j);
    i = j;
  }
}
