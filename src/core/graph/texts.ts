import { eventOfToken, scanEventTokens } from '../events/event-token';
import { skipSpaces, spacesNormal } from '../text/scan';
import type { Assertion, EventSpec, Operation } from './flow-graph';
import { parseOperationLine } from './operation-line';
import { formatEventTime, parseEventTime } from '../records/event-time';

// Written out as literals (the number is `[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`) so that lint's
// regexp/no-super-linear-* rules check them: built from strings, no rule could.
const ASSERTION = /^\s*([^\s:=]+)\s*=\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*$/;
// `7@12:00 = 2`, `7 @12:00:00 = 2`: a window's result (issue 17). The key part holds no `@` and the time no space or `=`, so nothing backtracks.
const WINDOW_ASSERTION = /^\s*([^\s:=@]+) ?@(\d[\d:.TZ+-]*)\s*=\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*$/;
const DURATION_UNITS = new Set(['ms', 'millisecond', 'milliseconds', 's', 'sec', 'secs', 'second', 'seconds', 'm', 'min', 'mins', 'minute', 'minutes', 'h', 'hour', 'hours']);
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const isWordCode = (c: number): boolean => isDigitCode(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** Runs of white space → one space, trimmed. A text already so (most labels) is returned as it is. */
export function normaliseSpaces(s: string): string {
  return spacesNormal(s) ? s : s.replace(/\s+/g, ' ').trim();
}

/** `A`, `B:3`, `C=2` → event; anything else → null (the scanner is events/event-token.ts, linear in the token). */
export function parseEventToken(token: string): EventSpec | null {
  return eventOfToken(token);
}

/** Splits a text into event tokens (`C B A`, `A, B:2`); null when any part is not a token. */
export function parseEventTokens(text: string): EventSpec[] | null {
  return scanEventTokens(text);
}

export function parseAssertion(line: string, elementId: string): Assertion | null {
  // Both forms need an `=`: a line without one (most lines of a processor) is no assertion.
  if (!line.includes('=')) return null;
  const m = ASSERTION.exec(line);
  if (m) return { key: m[1], expected: Number(m[2]), elementId };
  // The key of a window's result as the window operator writes it: `<group> @<start>`.
  const w = WINDOW_ASSERTION.exec(line);
  const time = w ? parseEventTime(w[2]) : null;
  return w && time !== null ? { key: `${w[1]} @${formatEventTime(time)}`, expected: Number(w[3]), elementId } : null;
}

/** Kept for callers of the old name; the grammar lives in operation-line.ts. */
export function parseOperation(line: string, anywhere = false): Operation | null {
  return parseOperationLine(line, { anywhere });
}

/**
 * The first `NUMBER UNIT` in a text (`5s`, `2 min`, `1.5 hours`), as
 * `/(\d+(?:\.\d+)?)\s*(ms|…|hours?)\b/i` finds it, but in one pass: that expression, tried at every
 * digit of a long run of digits with no unit, was quadratic. A match can only start where a run
 * of digits starts (a later digit of the run meets the same text after it), and the unit is the
 * whole word that follows (`\b`).
 */
function findDuration(text: string): { n: number; unit: string } | null {
  for (let i = 0; i < text.length; i++) {
    if (!isDigitCode(text.charCodeAt(i)) || (i > 0 && isDigitCode(text.charCodeAt(i - 1)))) continue;
    let j = i;
    while (j < text.length && isDigitCode(text.charCodeAt(j))) j++;
    if (text[j] === '.' && isDigitCode(text.charCodeAt(j + 1))) {
      j++;
      while (j < text.length && isDigitCode(text.charCodeAt(j))) j++;
    }
    const number = text.slice(i, j);
    const from = skipSpaces(text, j);
    let to = from;
    while (to < text.length && isWordCode(text.charCodeAt(to))) to++;
    const unit = text.slice(from, to).toLowerCase();
    if (DURATION_UNITS.has(unit)) return { n: Number(number), unit };
  }
  return null;
}

export function parseDurationMs(text: string): number | null {
  const m = findDuration(text);
  if (!m) return null;
  const n = m.n;
  const unit = m.unit;
  if (unit === 'ms' || unit.startsWith('milli')) return n;
  if (unit.startsWith('s')) return n * 1000;
  if (unit.startsWith('m')) return n * 60_000;
  return n * 3_600_000;
}

/** `checkpoint every 5s`, `interval: 2 min`, `checkpoints every 500 ms` → milliseconds. */
export function parseCheckpointInterval(text: string): number | null {
  // Looked for before normalising (no white space falls inside these words): most texts name neither.
  if (!/checkpoint|interval/i.test(text)) return null;
  return parseDurationMs(normaliseSpaces(text));
}

const SINK_WORDS = /\b(storage|sink|store|db|database|output|file|log)s?\b/i;

export function nameSaysSink(name: string): boolean {
  return SINK_WORDS.test(name);
}
