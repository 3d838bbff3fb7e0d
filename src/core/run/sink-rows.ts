import { formatNumber, parseStoredNumber } from '../numbers';
import { fromTableCell, toTableCell } from '../text/table-cell';

/**
 * The rows of a changelog sink note. Since 0.2 a row is `| n | key | value | checkpoint |`: its
 * number, the record, and the checkpoint that committed it (the epoch). Notes of 0.1 have no
 * last column and go on without one.
 */

// One unambiguous way to match each line (no backtracking over user text).
const ROW_EPOCH = /^\| (\d{1,15}) \| ((?:[^|\\]|\\.)*) \| ([^|\\]*) \| (\d{1,15}) \|$/;
const ROW_LEGACY = /^\| (\d{1,15}) \| ((?:[^|\\]|\\.)*) \| ([^|\\]*) \|$/;

export type RowFormat = 'epoch' | 'legacy';

export const RULE_EPOCH = '| --- | --- | --- | --- |';
export const RULE_LEGACY = '| --- | --- | --- |';

export interface SinkRow {
  n: number;
  key: string;
  value: number;
  /** The checkpoint that committed the row (null in a 0.1 note). */
  epoch: number | null;
}

export function formatRow(format: RowFormat, n: number, key: string, value: number, epoch: number): string {
  const k = toTableCell(key);
  return format === 'epoch' ? `| ${n} | ${k} | ${formatNumber(value)} | ${epoch} |` : `| ${n} | ${k} | ${formatNumber(value)} |`;
}

/**
 * The record part of a row's line: `| n | key | value |` without the checkpoint column (a 0.1
 * line is all record). The checkpoint's digits hold no pipe, so the last ` | ` starts it.
 */
export function recordPart(format: RowFormat, line: string): string {
  return format === 'epoch' ? `${line.slice(0, line.lastIndexOf(' | '))} |` : line;
}

/** The row a line holds in a note of `format`, or null (a line without its `\r`). */
export function parseRow(format: RowFormat, line: string): SinkRow | null {
  const m = (format === 'epoch' ? ROW_EPOCH : ROW_LEGACY).exec(line);
  if (!m) return null;
  const value = parseStoredNumber(m[3]);
  if (value === null) return null;
  return { n: Number(m[1]), key: fromTableCell(m[2]), value, epoch: format === 'epoch' ? Number(m[4]) : null };
}
