/**
 * How numbers are written and read back, in one place, so that every note format follows the
 * same rule (README "Numbers"):
 *
 * - What comes in from outside (events drawn in a queue, list items of an events note, an
 *   `--events` file, injected events) must be a finite number. `1e309` is beyond the largest
 *   double and is refused with one line naming the file and line, not turned into Infinity.
 * - Whatever the tool stores (state, snapshots, queue rows, sink rows, upsert tables) reads back
 *   as the very same double: `-0` stays `-0`, and a sum that overflows to Infinity or a `map`
 *   that yields NaN is written as the word `Infinity`, `-Infinity` or `NaN` and read back as it.
 */

/** Text that `parseStoredNumber` reads back as exactly `v` (`String(-0)` would be "0"). */
export function formatNumber(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * JSON number syntax (with an optional leading `+`, and `1.` / `.5` allowed), checked by hand in
 * one pass: `Number()` alone would also take `0x10`, `Infinity`, `1_0`-free oddities and ``.
 */
export function isNumberText(s: string): boolean {
  let i = 0;
  const n = s.length;
  if (i < n && (s.charCodeAt(i) === 45 || s.charCodeAt(i) === 43)) i++;
  let digits = 0;
  while (i < n && isDigit(s.charCodeAt(i))) {
    i++;
    digits++;
  }
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (i < n && isDigit(s.charCodeAt(i))) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return false;
  if (i < n && (s.charCodeAt(i) === 101 || s.charCodeAt(i) === 69)) {
    i++;
    if (i < n && (s.charCodeAt(i) === 45 || s.charCodeAt(i) === 43)) i++;
    const e = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === e) return false;
  }
  return i === n;
}

/** The words a stored non-finite number is written as. */
const WORDS: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

/** A number as `formatNumber` wrote it (any finite number text, or one of the three words); null for anything else. */
export function parseStoredNumber(text: string): number | null {
  if (isNumberText(text)) return Number(text);
  return Object.prototype.hasOwnProperty.call(WORDS, text) ? WORDS[text] : null;
}

/** Why a number written in an input cannot be an event's value, or null when it can (finite). */
export function inputNumberProblem(text: string): string | null {
  if (!isNumberText(text)) return `"${text}" is not a number`;
  return Number.isFinite(Number(text)) ? null : `${text} is beyond the largest number (about ±1.8e308); write a smaller one`;
}

/**
 * A number inside JSON (a checkpoint's snapshot): finite numbers as JSON numbers (`-0` as `-0`,
 * which `JSON.parse` keeps), the others as the strings "NaN", "Infinity", "-Infinity".
 */
export function jsonNumberText(v: number): string {
  if (Number.isFinite(v)) return formatNumber(v);
  return Number.isNaN(v) ? '"NaN"' : v > 0 ? '"Infinity"' : '"-Infinity"';
}

/**
 * Reads back what `jsonNumberText` wrote. `null` is how checkpoints written before this rule
 * stored every non-finite value; which one it was is lost, so it reads as NaN.
 */
export function fromJsonNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && Object.prototype.hasOwnProperty.call(WORDS, v)) return WORDS[v];
  return Number.NaN;
}

/**
 * `JSON.stringify` for what the tool prints (`--json`), by the snapshot's rule: -0 as `-0`, and
 * NaN and the infinities (which JSON cannot hold, and `JSON.stringify` would print as null) as
 * the strings "NaN", "Infinity", "-Infinity". A replacer can only return values, not raw text,
 * so -0 travels as a marker string no key or value can hold (it carries a fresh random part)
 * and is put back as `-0` afterwards.
 */
export function stringifyWithNumbers(value: unknown): string {
  const marker = `\u0000-0:${Math.random().toString(36).slice(2)}`;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'number') return v;
    if (Object.is(v, -0)) return marker;
    return Number.isFinite(v) ? v : formatNumber(v);
  });
  return text.split(JSON.stringify(marker)).join('-0');
}
