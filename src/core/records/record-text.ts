import type { EventSpec } from '../graph/flow-graph';
import { inputNumberProblem, isNumberText } from '../numbers';
import { formatEventTime, parseEventTime } from './event-time';

/**
 * Events with fields and a time, as written in a drawing or an events note:
 *
 *   {user: u1, ad: 7, amount: 2.5} @12:00:05     a record (fields in braces) at a time
 *   A @12:00:05    B:3 @12:00:07                  a one-key event at a time
 *
 * A record rides through queues, logs, checkpoints and sinks as an ordinary event whose key is
 * its canonical text (`{user: u1, ad: 7} @12:00:05`) and whose value is its `value` field (1
 * without one): every store that keeps a key and a number keeps a record exactly, and a sink
 * shows it readably. Old events are untouched: a key never holds a space, so ` @` cannot occur
 * in one, and a key that starts with `{` is read as a record only when it is one.
 */

export type FieldValue = string | number | boolean;

export interface EventRecord {
  /** What plain `count`/`sum` group by: the `key` field, else the text without its time (`A`, `{user: u1}`). */
  key: string;
  /** Null for a one-key event (`A @12:00:05`). */
  fields: Readonly<Record<string, FieldValue>> | null;
  /** Event time in ms (see event-time.ts); undefined when the event has none. */
  time?: number;
}

/** Parse outcome of a record text: the event, or why it is not one (null when it does not try to be one). */
export type RecordParse = { event: EventSpec } | { problem: string } | null;

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 160;

/** JSON number syntax, checked by hand (numbers.ts): `Number()` alone would also take `0x10`, `Infinity`, ``. */
export { isNumberText };

/** A bare value's type: a number, true/false, else text. */
export function bareValue(text: string): FieldValue {
  if (isNumberText(text)) {
    const n = Number(text);
    // `1e999` is no number a field can hold; it stays the text written.
    if (Number.isFinite(n)) return n;
  }
  if (text === 'true') return true;
  if (text === 'false') return false;
  return text;
}

/** Reads `"…"` (JSON escapes) starting at `at`; the string and the index after the closing quote. */
function quoted(s: string, at: number): { text: string; end: number } | null {
  let i = at + 1;
  while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
  if (i >= s.length) return null;
  try {
    return { text: JSON.parse(s.slice(at, i + 1)) as string, end: i + 1 };
  } catch {
    return null;
  }
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** `{name: value, …}` from `at` (which holds `{`): the fields and the index after `}`, or a problem. */
function readFields(s: string, at: number): { fields: Record<string, FieldValue>; end: number } | { problem: string } {
  const fields = Object.create(null) as Record<string, FieldValue>;
  let i = skipSpaces(s, at + 1);
  if (s[i] === '}') return { fields, end: i + 1 };
  for (;;) {
    let name: string;
    if (s[i] === '"') {
      const q = quoted(s, i);
      if (!q) return { problem: 'a field name in quotes is not closed' };
      name = q.text;
      i = q.end;
    } else {
      const from = i;
      while (i < s.length && s[i] !== ':' && s[i] !== ',' && s[i] !== '}' && s[i] !== '=') i++;
      name = s.slice(from, i).trim();
    }
    i = skipSpaces(s, i);
    if (name === '') return { problem: `a field has no name at column ${i + 1}` };
    if (s[i] !== ':' && s[i] !== '=') return { problem: `field "${name}" has no value (write ${name}: …)` };
    if (name in fields) return { problem: `field "${name}" is given twice` };
    i = skipSpaces(s, i + 1);
    if (s[i] === '"') {
      const q = quoted(s, i);
      if (!q) return { problem: `the text of field "${name}" is not closed by a quote` };
      fields[name] = q.text;
      i = skipSpaces(s, q.end);
    } else {
      const from = i;
      while (i < s.length && s[i] !== ',' && s[i] !== '}') i++;
      const raw = s.slice(from, i).trim();
      if (raw === '') return { problem: `field "${name}" has no value` };
      fields[name] = bareValue(raw);
    }
    if (s[i] === ',') {
      i = skipSpaces(s, i + 1);
      continue;
    }
    if (s[i] === '}') return { fields, end: i + 1 };
    return { problem: 'the record is not closed by "}"' };
  }
}

/** Builds the event for fields and a time: the value is the `value` field (1 without one), the key the canonical text of the rest. */
export function recordEvent(fields: Record<string, FieldValue>, time: number | undefined): { event: EventSpec } | { problem: string } {
  // A `time` field is the event's time, as `@` is (CSV and JSON lines have no `@`).
  const t = fields.time;
  if (t !== undefined) {
    if (time !== undefined) return { problem: 'the event has a time field and an @ time; give one' };
    const read = typeof t === 'number' ? t : typeof t === 'string' ? parseEventTime(t) : null;
    if (read === null || !Number.isFinite(read)) return { problem: `field "time" is ${JSON.stringify(t)}, not a time (12:00:05, 2026-03-01T12:00:05Z or milliseconds)` };
    time = read;
  }
  const v = fields.value;
  if (v !== undefined && typeof v !== 'number') return { problem: `field "value" is ${JSON.stringify(v)}; an event's value is a number` };
  // JSON reads `1e309` as Infinity: an event's value must be finite (README "Numbers").
  if (typeof v === 'number' && !Number.isFinite(v)) return { problem: 'field "value" is beyond the largest number (about ±1.8e308); write a smaller one' };
  const rest = Object.create(null) as Record<string, FieldValue>;
  for (const k of Object.keys(fields)) if (k !== 'value' && k !== 'time') rest[k] = fields[k];
  return { event: { key: formatRecordKey(rest, time), value: v ?? 1 } };
}

/** Where the `@` of a time stands: the last `@` after a space or a `}` and outside braces; -1 without one (`a@b.com` is a key). */
function timeMark(s: string): number {
  const at = s.lastIndexOf('@');
  if (at <= 0) return -1;
  const before = s[at - 1];
  if (!(isSpace(before.charCodeAt(0)) || before === '}')) return -1;
  return s[0] === '{' && s.lastIndexOf('}') > at ? -1 : at;
}

/**
 * One record text: `{…}` or `KEY[:NUMBER]`, optionally followed by `@TIME`. Null when the text
 * is not trying to be a record (no `{` first and no `@`), so old events are read as before.
 */
export function parseRecordText(text: string): RecordParse {
  const s = text.trim();
  const atSign = timeMark(s);
  if (s[0] !== '{' && atSign < 0) return null;
  let time: number | undefined;
  let head = s;
  if (atSign >= 0) {
    const t = parseEventTime(s.slice(atSign + 1));
    if (t === null) return { problem: `"${s.slice(atSign + 1).trim()}" after @ is not a time (write @12:00:05 or @2026-03-01T12:00:05Z)` };
    time = t;
    head = s.slice(0, atSign).trim();
  }
  if (head[0] === '{') {
    const r = readFields(head, 0);
    if ('problem' in r) return r;
    if (skipSpaces(head, r.end) !== head.length) return { problem: `text after the record's "}": "${head.slice(r.end).trim()}"` };
    return recordEvent(r.fields, time);
  }
  // `A @12:00:05`, `B:3 @…`, `C = 2 @…`: a one-key event at a time.
  const sep = Math.max(head.indexOf(':'), head.indexOf('='));
  const key = (sep >= 0 ? head.slice(0, sep) : head).trim();
  const num = sep >= 0 ? head.slice(sep + 1).trim() : '';
  if (key === '' || /* a key has no spaces */ key.includes(' ') || (sep >= 0 && !isNumberText(num))) return { problem: `"${head}" is not KEY or KEY:NUMBER before @` };
  const outOfRange = sep >= 0 ? inputNumberProblem(num) : null;
  if (outOfRange) return { problem: outOfRange };
  return { event: { key: time === undefined ? key : `${key} @${formatEventTime(time)}`, value: sep >= 0 ? Number(num) : 1 } };
}

function formatValue(v: FieldValue): string {
  if (typeof v !== 'string') return Object.is(v, -0) ? '-0' : String(v);
  // Bare when it reads back as the same text: not a number or boolean, nothing that ends or splits a field.
  let plain = v.length > 0 && v.trim() === v && bareValue(v) === v && v[0] !== '"';
  for (let i = 0; plain && i < v.length; i++) if (v[i] === ',' || v[i] === '}' || v[i] === '\n') plain = false;
  return plain ? v : JSON.stringify(v);
}

function formatName(n: string): string {
  let plain = n.length > 0 && n.trim() === n && n[0] !== '"';
  for (let i = 0; plain && i < n.length; i++) if (n[i] === ':' || n[i] === ',' || n[i] === '}' || n[i] === '=' || n[i] === '\n') plain = false;
  return plain ? n : JSON.stringify(n);
}

/** The canonical text of a record (fields in their written order); decodeRecordKey reads it back. */
export function formatRecordKey(fields: Readonly<Record<string, FieldValue>>, time: number | undefined): string {
  const body = Object.keys(fields).map((k) => `${formatName(k)}: ${formatValue(fields[k])}`).join(', ');
  return time === undefined ? `{${body}}` : `{${body}} @${formatEventTime(time)}`;
}

const CACHE_LIMIT = 4096;
const cache = new Map<string, EventRecord | null>();

/**
 * The record an event's key holds, or null for a plain key (`A`). Decoded once per distinct key
 * (a bounded cache): operators call this per event.
 */
export function decodeRecordKey(key: string): EventRecord | null {
  if (key.charCodeAt(0) !== 123 /* { */ && key.indexOf(' @') < 0) return null;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const found = decodeUncached(key);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, found);
  return found;
}

function decodeUncached(key: string): EventRecord | null {
  const parsed = parseRecordText(key);
  if (parsed === null || 'problem' in parsed) return null;
  const at = timeMark(key);
  const time = at >= 0 ? (parseEventTime(key.slice(at + 1)) ?? undefined) : undefined;
  const head = at >= 0 ? key.slice(0, at).trim() : key;
  if (head[0] !== '{') return { key: head, fields: null, time };
  const r = readFields(head, 0);
  if ('problem' in r) return null;
  const k = r.fields.key;
  return { key: k === undefined ? head : String(k), fields: r.fields, time };
}
