import { FlowInputError } from '../diagnostics';
import { formatNumber, parseStoredNumber } from '../numbers';
import { linkTarget } from '../paths';
import { frontmatterScalar } from '../text/frontmatter';
import { fromTableCell, toTableCell } from '../text/table-cell';

/**
 * A queue log note: the events appended to one source beyond those drawn in the drawing or
 * written in its linked note (`--events` files, events injected while running), one numbered
 * row per event. The row number is the event's offset in the source's whole log, so a
 * checkpoint's offsets point into it directly. Only ever appended to; a torn last row (the
 * process died mid-append) is dropped on load.
 */


/** One segment file in a queue note's index: events [first, first + count) of the queue. */
export interface SegmentRef {
  first: number;
  count: number;
  /** Vault path of the segment file. */
  file: string;
  sha256: string;
}

export interface QueueFileHeader {
  drawing: string;
  queue: string;
  elementId: string;
  run: string;
  /** The segment files, in order (none in a queue whose events are all rows). */
  segments?: readonly SegmentRef[];
  /** The `imports:` line's ids (events-import.ts). */
  imports?: readonly string[];
}

const EVENTS_TABLE = '| offset | key | value |\n| --- | --- | --- |\n';
const INDEX_TABLE = '| first offset | events | file | sha256 |\n| --- | --- | --- | --- |\n';

/** How a segment file is linked in the note: a wiki link, or its path where Obsidian cannot link (a hidden folder). */
const segmentLink = (file: string): string => (file.split('/').some((p) => p.startsWith('.')) ? `\`${file}\`` : `[[${linkTarget(file)}]]`);

/**
 * The queue note up to its rows: frontmatter (with a summary Dataview can query), a few lines
 * for people, the segment index (one row per segment file, linked), then the rows table's head.
 */
export function renderQueueHeader(h: QueueFileHeader): string {
  const segs = h.segments ?? [];
  const inSegments = segs.reduce((n, s) => n + s.count, 0);
  const range = segs.length ? `${segs[0].first}\u2013${segs[segs.length - 1].first + segs[segs.length - 1].count - 1}` : '';
  return [
    '---',
    `flow: ${JSON.stringify(`[[${linkTarget(h.drawing)}]]`)}`,
    `queue: ${JSON.stringify(h.queue)}`,
    `element: ${JSON.stringify(h.elementId)}`,
    `run: ${JSON.stringify(h.run)}`,
    'tags: [flows/queue]',
    'queue-format: 2',
    `segment-events: ${inSegments}`,
    `segments: ${segs.length}`,
    ...(segs.length ? [`first-offset: ${segs[0].first}`, `segments-end: ${segs[segs.length - 1].first + segs[segs.length - 1].count}`] : []),
    ...(h.imports?.length ? [`imports: ${JSON.stringify(h.imports)}`] : []),
    '---',
    '',
    `# Queue ${h.queue}`,
    '',
    'Events appended to this queue while running (after the ones in the drawing), in order. Offsets count from 0 over the',
    "whole queue; a checkpoint stores the next offset to read. Append-only: editing it breaks the run's replay.",
    '',
    segs.length
      ? `${formatNumber(inSegments)} events (offsets ${range}) are in ${segs.length} segment file${segs.length === 1 ? '' : 's'} (compact and checksummed, see docs/checkpoint-format.md, "Queue segments"); later ones are the rows below.`
      : 'No segment files yet: every event is a row below.',
    '',
    '## Segments',
    '',
    INDEX_TABLE + segs.map((s) => `| ${s.first} | ${s.count} | ${segmentLink(s.file)} | ${s.sha256} |\n`).join(''),
    '## Events',
    '',
    EVENTS_TABLE,
  ].join('\n');
}

/** The segment index of a queue note (empty for a note of the row-per-event format); throws naming the line when damaged. */
export function parseSegmentIndex(text: string, path: string): SegmentRef[] {
  const at = text.indexOf(INDEX_TABLE);
  if (at < 0) return [];
  const out: SegmentRef[] = [];
  let pos = at + INDEX_TABLE.length;
  for (let nl = text.indexOf('\n', pos); nl > pos; pos = nl + 1, nl = text.indexOf('\n', pos)) {
    const m = /^\| (\d+) \| (\d+) \| (?:\[\[(.+)\]\]|`(.+)`) \| ([0-9a-f]{64}) \|$/.exec(text.slice(pos, nl));
    const expected = out.length ? out[out.length - 1].first + out[out.length - 1].count : null;
    if (!m || (expected !== null && Number(m[1]) !== expected)) {
      throw new FlowInputError(`${path}, line ${text.slice(0, pos).split('\n').length}: not a segment row following the one before (| first offset | events | file | sha256 |); the queue note was edited or damaged`, path);
    }
    out.push({ first: Number(m[1]), count: Number(m[2]), file: m[3] !== undefined ? `${m[3]}.md` : m[4], sha256: m[5] });
  }
  return out;
}


export function renderQueueRows(firstOffset: number, keys: readonly string[], values: readonly number[]): string {
  let text = '';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    text += `| ${firstOffset + i} | ${toTableCell(key)} | ${formatNumber(values[i])} |\n`;
  }
  return text;
}

/** The row last read by readRow (module-level, so reading millions of rows allocates only keys). */
let rowOffset = 0;
let rowKey = '';
let rowValue = 0;

/**
 * Reads the row `| offset | key | value |` spanning text[start, end) with string search and
 * char codes rather than a regular expression per line (a queue note can hold millions). An
 * escaped key has a backslash before every pipe, so the first ` | ` after the offset ends it.
 * False for anything that is not a whole row.
 */
function readRow(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(start) !== 124 || text.charCodeAt(start + 1) !== 32) return false;
  if (text.charCodeAt(end - 1) !== 124 || text.charCodeAt(end - 2) !== 32) return false;
  let at = start + 2;
  let offset = 0;
  for (let c = text.charCodeAt(at); c >= 48 && c <= 57; c = text.charCodeAt(++at)) offset = offset * 10 + (c - 48);
  if (at === start + 2 || !text.startsWith(' | ', at)) return false;
  const afterKey = text.indexOf(' | ', at + 3);
  if (afterKey < 0 || afterKey + 3 >= end - 2) return false;
  // Events are finite when they come in; a row of an older version may still say `Infinity` (README "Numbers").
  const value = parseStoredNumber(text.slice(afterKey + 3, end - 2));
  if (value === null) return false;
  rowOffset = offset;
  rowKey = text.slice(at + 3, afterKey);
  rowValue = value;
  return true;
}

export interface ParsedQueueFile {
  run: string | null;
  firstOffset: number | null;
  keys: string[];
  values: number[];
  /** Text to write back when a torn last row was dropped; null when the file is whole. */
  repaired: string | null;
}

/**
 * Parses a queue note; a torn last row is dropped (and `repaired` set), any other damage is an
 * error naming the line. Rows are appended to `into` when given (an engine's log), so a note of
 * millions of events is not copied twice.
 */
export function parseQueueFile(text: string, path: string, into?: { keys: string[]; values: number[] }): ParsedQueueFile {
  const run = frontmatterScalar(text, 'run');
  const keys = into?.keys ?? [];
  const values = into?.values ?? [];
  const before = keys.length;
  let firstOffset: number | null = null;
  // The rows table (in notes of every version, the first `| --- |` rule at the start of a line).
  const table = text.indexOf(`\n${EVENTS_TABLE}`);
  const rule = table >= 0 ? table + 1 + EVENTS_TABLE.indexOf('\n') : text.indexOf('\n| --- |');
  let pos = rule < 0 ? text.length : text.indexOf('\n', rule + 1) + 1 || text.length;
  let keptUpTo = text.length;
  const lineNo = (at: number): number => text.slice(0, at).split('\n').length;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0 || !readRow(text, pos, nl)) {
      // Only the last line may be broken (the process died while appending it); blank lines may follow.
      const rest = nl < 0 ? '' : text.slice(nl + 1);
      if (rest.trim() === '') {
        if (nl < 0 || text.slice(pos, nl).trim() !== '') keptUpTo = pos;
        break;
      }
      throw new FlowInputError(`${path}, line ${lineNo(pos)}: not a queue row (| offset | key | value |); the queue log was edited or damaged`, path);
    }
    if (firstOffset === null) firstOffset = rowOffset;
    if (rowOffset !== firstOffset + keys.length - before) {
      throw new FlowInputError(`${path}, line ${lineNo(pos)}: offset ${rowOffset} where ${firstOffset + keys.length - before} was expected; the queue log was edited or damaged`, path);
    }
    keys.push(fromTableCell(rowKey));
    values.push(rowValue);
    pos = nl + 1;
  }
  return { run, firstOffset, keys, values, repaired: keptUpTo < text.length ? text.slice(0, keptUpTo) : null };
}
