import type { Diagnostic } from '../diagnostics';
import type { EventSpec } from '../graph/flow-graph';
import { isSpaceCode, shorten, skipSpaces } from '../text/scan';
import { scanEventToken, type TokenRead } from './event-token';
import { openRecordBlock, type RecordBlock } from '../records/record-blocks';
import { parseRecordText } from '../records/record-text';

/** At most this many bad-item diagnostics are kept; the rest are counted (a huge bad note stays small in memory). */
export const MAX_EVENT_DIAGNOSTICS = 50;
/** A line longer than this is cut off while buffering, so a file without newlines cannot exhaust memory. */
export const MAX_LINE_LENGTH = 10_000;

/**
 * The text of a list item (`- A`, `* B: 3`, `+ C=2`, `1. D`, `2) E`, optionally indented), or
 * null for any other line; `- [ ] A` (a task) is an item, but not an event. A scanner for what
 * was `/^\s*(?:[-*+]|\d{1,9}[.)])\s+(.*)$/`, whose `\s+` and `.*` could trade spaces.
 */
function listItemText(line: string): string | null {
  let i = skipSpaces(line, 0);
  const c = line.charCodeAt(i);
  if (c === 45 || c === 42 || c === 43) i++;
  else {
    const from = i;
    while (i < line.length && i - from < 10 && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
    const digits = i - from;
    if (digits < 1 || digits > 9 || (line[i] !== '.' && line[i] !== ')')) return null;
    i++;
  }
  if (i >= line.length || !isSpaceCode(line.charCodeAt(i))) return null;
  const rest = line.slice(i + 1);
  // `.` of the old expression stopped at these line breaks, so a line holding one was no item.
  if (rest.includes('\r') || rest.includes('\u2028') || rest.includes('\u2029')) return null;
  return rest;
}
const FENCE = /^\s*(```|~~~)/;

/**
 * Reads an events note (or an `--events` file) line by line: one event per Markdown list item,
 * `KEY`, `KEY: NUMBER` or `KEY=NUMBER`. Other lines (headings, prose, frontmatter, fenced code)
 * are ignored; a list item that is not an event becomes a diagnostic naming the file and line.
 *
 * Fed in chunks of any size (`push`), it keeps only the unfinished last line, so a note of a
 * million lines parses with bounded memory; the caller consumes the events each call returns.
 */
export class EventsNoteParser {
  private readonly kept: Diagnostic[] = [];
  private dropped = 0;
  private partial = '';
  private lineNo = 0;
  private inFrontmatter = false;
  private fence: string | null = null;
  /** Inside a ```csv / ```jsonl fence: its rows are events (records/record-blocks.ts). */
  private block: RecordBlock | null = null;
  private ended = false;

  constructor(readonly file: string) {}

  /** Diagnostics so far: at most MAX_EVENT_DIAGNOSTICS, then one line counting the rest. */
  get diagnostics(): Diagnostic[] {
    if (this.dropped === 0) return [...this.kept];
    return [...this.kept, { severity: 'warning', code: 'bad-event', file: this.file, message: `${this.dropped} more list items are not events (not shown)` }];
  }

  /** Events of every line completed by this chunk, in order. */
  push(chunk: string): EventSpec[] {
    if (this.ended) throw new Error('EventsNoteParser: push() after end()');
    const out: EventSpec[] = [];
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
      const line = this.partial + chunk.slice(start, nl);
      this.partial = '';
      this.line(line, out);
      start = nl + 1;
    }
    this.partial = (this.partial + chunk.slice(start)).slice(0, MAX_LINE_LENGTH);
    return out;
  }

  /** Events of the last line (a file need not end with a newline). */
  end(): EventSpec[] {
    if (this.ended) return [];
    this.ended = true;
    const out: EventSpec[] = [];
    if (this.partial !== '') this.line(this.partial, out);
    this.partial = '';
    return out;
  }

  private line(raw: string, out: EventSpec[]): void {
    this.lineNo++;
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.lineNo === 1) {
      line = line.replace(/^\uFEFF/, '');
      if (line.trim() === '---') {
        this.inFrontmatter = true;
        return;
      }
    }
    if (this.inFrontmatter) {
      if (line.trim() === '---' || line.trim() === '...') this.inFrontmatter = false;
      return;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      if (this.fence === null) {
        this.fence = fence[1];
        this.block = openRecordBlock(line);
      } else if (fence[1] === this.fence) {
        this.fence = null;
        this.block = null;
      }
      return;
    }
    if (this.fence !== null) {
      const row = this.block?.row(line) ?? null;
      if (row && 'event' in row) out.push(row.event);
      else if (row) this.report(line.trim(), row.problem);
      return;
    }
    const item = listItemText(line);
    if (item === null) return;
    const text = item.trim();
    const token = readEventItem(text);
    if (token && 'event' in token) {
      out.push(token.event);
      return;
    }
    if (token) {
      this.report(text, token.problem);
      return;
    }
    // `{user: u1, ad: 7} @12:00:05`, `A @12:00:05`: an event with fields or a time.
    const record = parseRecordText(text);
    if (record && 'event' in record) out.push(record.event);
    else this.report(text, record?.problem);
  }

  private report(text: string, problem?: string): void {
    if (this.kept.length >= MAX_EVENT_DIAGNOSTICS) {
      this.dropped++;
      return;
    }
    const shown = shorten(text);
    this.kept.push({ severity: 'warning', code: 'bad-event', file: this.file, line: this.lineNo, message: problem ? `"${shown}" is not an event: ${problem}; it is skipped` : `list item "${shown}" is not an event; write KEY, KEY: NUMBER or KEY=NUMBER (one per item), or it is skipped` });
  }
}

/** One list item's text → event, why it is not one (a value out of range), or null. `B: 3`, `B = 3` and `B:3` are the same event. */
export function readEventItem(text: string): TokenRead {
  return scanEventToken(text);
}

/** A whole events note at once (small notes, tests). */
export function parseEventsText(text: string, file: string): { events: EventSpec[]; diagnostics: Diagnostic[] } {
  const parser = new EventsNoteParser(file);
  const events = parser.push(text);
  for (const e of parser.end()) events.push(e);
  return { events, diagnostics: parser.diagnostics };
}

/**
 * The note a source's link names: `[[orders]]` → `orders`, `[[events/orders.md|Orders]]` →
 * `events/orders.md`, `[[orders#today]]` → `orders`. Null for a URL or anything else. Resolving
 * the name to a file (adding `.md`, searching the vault) is the host's job.
 */
export function eventsNoteTarget(link: string | undefined | null): string | null {
  const s = link ?? '';
  // What `/\[\[([^\]|#^]+)(?:[#^][^\]|]*)?(?:\|[^\]]*)?\]\]/` finds, in one pass: every `[[` before the
  // place where a name scan stopped would stop there too and fail the same way, so the next try
  // starts after it (the expression retried each `[[` of `[[[[…` to the end: quadratic).
  for (let open = s.indexOf('[['); open >= 0; ) {
    let i = open + 2;
    while (i < s.length && s[i] !== ']' && s[i] !== '|' && s[i] !== '#' && s[i] !== '^') i++;
    const name = s.slice(open + 2, i);
    if (s[i] === '#' || s[i] === '^') while (i < s.length && s[i] !== ']' && s[i] !== '|') i++;
    if (s[i] === '|') while (i < s.length && s[i] !== ']') i++;
    if (name.length > 0 && s[i] === ']' && s[i + 1] === ']') {
      const target = name.trim();
      return target ? target : null;
    }
    open = s.indexOf('[[', i);
  }
  return null;
}

/** The diagnostic for a source whose `[[link]]` names a note that is not in the vault. */
export function eventsNoteNotFound(drawingFile: string, sourceId: string, sourceName: string, link: string): Diagnostic {
  return {
    severity: 'error', code: 'events-note-not-found', file: drawingFile, elementId: sourceId,
    message: `queue "${sourceName}" links to the events note ${link}, which is not in the vault; create the note (one event per list item: - A, - B: 3) or fix the link`,
  };
}
