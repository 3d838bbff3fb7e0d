import { eventOfToken, scanEventTokens } from '../events/event-token';
import type { Assertion, EventSpec, Operation } from './flow-graph';
import { parseOperationLine } from './operation-line';
import { formatEventTime, parseEventTime } from '../records/event-time';

const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`;
const ASSERTION = new RegExp(String.raw`^\s*([^\s:=]+)\s*=\s*(${NUMBER})\s*$`);
// `7@12:00 = 2`, `7 @12:00:00 = 2`: a window's result (issue 17). The key part holds no `@` and the time no space or `=`, so nothing backtracks.
const WINDOW_ASSERTION = new RegExp(String.raw`^\s*([^\s:=@]+) ?@([0-9][0-9:.TZ+-]*)\s*=\s*(${NUMBER})\s*$`);
const DURATION = /(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?)\b/i;

export function normaliseSpaces(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
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

export function parseDurationMs(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2].toLowerCase();
  if (unit === 'ms' || unit.startsWith('milli')) return n;
  if (unit.startsWith('s')) return n * 1000;
  if (unit.startsWith('m')) return n * 60_000;
  return n * 3_600_000;
}

/** `checkpoint every 5s`, `interval: 2 min`, `checkpoints every 500 ms` → milliseconds. */
export function parseCheckpointInterval(text: string): number | null {
  const t = normaliseSpaces(text);
  if (!/checkpoint|interval/i.test(t)) return null;
  return parseDurationMs(t);
}

const SINK_WORDS = /\b(storage|sink|store|db|database|output|file|log)s?\b/i;

export function nameSaysSink(name: string): boolean {
  return SINK_WORDS.test(name);
}
