import { FlowInputError } from '../diagnostics';
import { linkTarget } from '../paths';

/**
 * A queue log note: the events appended to one source beyond those drawn in the drawing or
 * written in its linked note (`--events` files, events injected while running), one numbered
 * row per event. The row number is the event's offset in the source's whole log, so a
 * checkpoint's offsets point into it directly. Only ever appended to; a torn last row (the
 * process died mid-append) is dropped on load.
 */

const esc = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
const unesc = (s: string): string => s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));

export interface QueueFileHeader {
  drawing: string;
  queue: string;
  elementId: string;
  run: string;
}

export function renderQueueHeader(h: QueueFileHeader): string {
  return [
    '---',
    `flow: ${JSON.stringify(`[[${linkTarget(h.drawing)}]]`)}`,
    `queue: ${JSON.stringify(h.queue)}`,
    `element: ${JSON.stringify(h.elementId)}`,
    `run: ${JSON.stringify(h.run)}`,
    'tags: [flows/queue]',
    '---',
    '',
    `# Queue ${h.queue}`,
    '',
    'Events appended to this queue while running (after the ones in the drawing), in order. Offsets count from 0 over the',
    "whole queue; a checkpoint stores the next offset to read. Append-only: editing rows breaks the run's replay.",
    '',
    '| offset | key | value |',
    '| --- | --- | --- |',
    '',
  ].join('\n');
}

const SPECIAL = /[\\|\r\n]/;

export function renderQueueRows(firstOffset: number, keys: readonly string[], values: readonly number[]): string {
  let text = '';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    text += `| ${firstOffset + i} | ${SPECIAL.test(key) ? esc(key) : key} | ${values[i]} |\n`;
  }
  return text;
}

/**
 * One row, `| offset | key | value |`, read with string search rather than a regular expression
 * (a queue note can hold millions). An escaped key has a backslash before every pipe, so the
 * first ` | ` after the offset ends it. Null for anything that is not a whole row.
 */
function parseRow(line: string): { offset: number; key: string; value: number } | null {
  if (!line.startsWith('| ') || !line.endsWith(' |')) return null;
  const afterOffset = line.indexOf(' | ', 2);
  if (afterOffset < 0) return null;
  const afterKey = line.indexOf(' | ', afterOffset + 3);
  const valueEnd = line.length - 2;
  if (afterKey < 0 || afterKey + 3 >= valueEnd) return null;
  const offsetText = line.slice(2, afterOffset);
  const offset = Number(offsetText);
  const value = Number(line.slice(afterKey + 3, valueEnd));
  if (!/^\d+$/.test(offsetText) || !Number.isFinite(value)) return null;
  return { offset, key: line.slice(afterOffset + 3, afterKey), value };
}

export interface ParsedQueueFile {
  run: string | null;
  firstOffset: number | null;
  keys: string[];
  values: number[];
  /** Text to write back when a torn last row was dropped; null when the file is whole. */
  repaired: string | null;
}

/** Parses a queue note; a torn last row is dropped (and `repaired` set), any other damage is an error naming the line. */
export function parseQueueFile(text: string, path: string): ParsedQueueFile {
  const runMatch = /^run:[ \t]*(.*)$/m.exec(/^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '');
  let run: string | null = null;
  if (runMatch) {
    try {
      run = String(JSON.parse(runMatch[1].trim()));
    } catch {
      run = runMatch[1].trim();
    }
  }
  const lines = text.split('\n');
  const keys: string[] = [];
  const values: number[] = [];
  let firstOffset: number | null = null;
  let inTable = false;
  let keptUpTo = text.length;
  let pos = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const isLast = i === lines.length - 1;
    const lineStart = pos;
    pos += line.length + 1;
    if (!inTable) {
      inTable = line.startsWith('| --- |');
      continue;
    }
    if (line === '' && isLast) break;
    const row = parseRow(line);
    if (!row || isLast) {
      // Only the last line may be broken: the process died while appending it.
      if (isLast || lines.slice(i + 1).every((l) => l === '')) {
        keptUpTo = lineStart;
        break;
      }
      throw new FlowInputError(`${path}, line ${i + 1}: not a queue row (| offset | key | value |); the queue log was edited or damaged`, path);
    }
    const offset = row.offset;
    if (firstOffset === null) firstOffset = offset;
    if (offset !== firstOffset + keys.length) {
      throw new FlowInputError(`${path}, line ${i + 1}: offset ${offset} where ${firstOffset + keys.length} was expected; the queue log was edited or damaged`, path);
    }
    keys.push(row.key.includes('\\') ? unesc(row.key) : row.key);
    values.push(row.value);
  }
  return { run, firstOffset, keys, values, repaired: keptUpTo < text.length ? text.slice(0, keptUpTo) : null };
}
