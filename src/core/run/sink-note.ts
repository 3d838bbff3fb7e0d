import { formatNumber, parseStoredNumber } from '../numbers';
import type { VaultStore } from '../ports';

const ROW = /^\| (\d+) \| ((?:[^|\\]|\\.)*) \| ([^|]*) \|$/;
// Most keys need no escaping: one test instead of three replaces per record on the checkpoint path.
const SPECIAL = /[\\|\r\n]/;
const esc = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
/** Rows formatted between two turns given back to the host. */
const ROWS_PER_SLICE = 2_000;
const unesc = (s: string): string => s.replace(/\\(.)/g, '$1');

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

export interface SinkRecord {
  key: string;
  value: number;
}

function header(sinkName: string): string {
  return `# Output of ${esc(sinkName)}\n\nRecords written by Excalidraw Flows, exactly once each: rows after the last checkpoint are cut back on restore.\n\n| # | key | value |\n| --- | --- | --- |\n`;
}

/**
 * A sink's records as an append-only Markdown table, one numbered row per record. The row
 * number is the record's position, so after a crash the note can be cut back to exactly the
 * position the restored checkpoint committed.
 */
export class SinkNote {
  constructor(
    private readonly store: VaultStore,
    readonly path: string,
    private readonly sinkName: string,
  ) {}

  /** Whether the note is known to exist (checked once, then kept: only this session writes it). */
  private exists = false;

  /**
   * Appends records `from + 1 …` as rows, formatted in slices of ROWS_PER_SLICE with a turn
   * given to the host between them (a second of output can be a million rows).
   */
  async appendRecords(from: number, keys: string[], values: number[], yieldNow?: () => Promise<void>): Promise<void> {
    if (!this.exists) this.exists = await this.store.exists(this.path);
    if (keys.length === 0 && this.exists) return;
    for (let start = 0; start === 0 || start < keys.length; start += ROWS_PER_SLICE) {
      const end = Math.min(keys.length, start + ROWS_PER_SLICE);
      let text = '';
      for (let i = start; i < end; i++) {
        const key = keys[i];
        text += `| ${from + i + 1} | ${SPECIAL.test(key) ? esc(key) : key} | ${formatNumber(values[i])} |\n`;
      }
      if (!this.exists) {
        await this.store.writeAtomic(this.path, header(this.sinkName) + text);
        this.exists = true;
      } else {
        await this.store.append(this.path, text);
      }
      if (end < keys.length && yieldNow) await yieldNow();
    }
  }

  async read(): Promise<SinkRecord[]> {
    const text = await this.store.read(this.path);
    if (text === null) return [];
    const out: SinkRecord[] = [];
    for (const line of text.split('\n')) {
      const m = ROW.exec(line);
      if (m) out.push({ key: unesc(m[2]), value: parseStoredNumber(m[3]) ?? Number.NaN });
    }
    return out;
  }

  /**
   * Keeps the first `count` records (the committed ones) and drops every line after them: rows
   * of records a restored checkpoint never committed, and a row torn by a crash mid-append.
   * Returns how many records the note holds afterwards (fewer than `count` if rows were lost).
   */
  async truncate(count: number): Promise<number> {
    const text = await this.store.read(this.path);
    this.exists = text !== null;
    if (text === null) return 0;
    const headerRule = text.indexOf('\n| --- |');
    const tableStart = headerRule < 0 ? 0 : text.indexOf('\n', headerRule + 1) + 1;
    if (tableStart === 0) return 0;
    // Rows never contain a newline (keys are escaped), so row n + 1 starts right after a newline:
    // native string search finds the cut without parsing a million rows.
    let end = tableStart;
    let kept = 0;
    if (count > 0) {
      const nextRow = text.indexOf(`\n| ${count + 1} | `, tableStart - 1);
      end = nextRow >= 0 ? nextRow + 1 : text.lastIndexOf('\n') + 1;
      const lastRow = end > tableStart ? ROW.exec(text.slice(text.lastIndexOf('\n', end - 2) + 1, end - 1)) : null;
      // Whole when the last kept row is number `count` and there are exactly `count` lines (a cheap
      // newline count catches rows deleted or duplicated by hand in the middle).
      if (lastRow && Number(lastRow[1]) === count && countLines(text, tableStart, end) === count) kept = count;
      else ({ end, kept } = this.wholeRows(text, tableStart, count));
    }
    const result = text.slice(0, end);
    if (result !== text) await this.store.writeAtomic(this.path, result);
    return kept;
  }

  /** The slow path for a damaged or short note: rows 1, 2, … in sequence, at most `max`. */
  private wholeRows(text: string, tableStart: number, max: number): { end: number; kept: number } {
    let end = tableStart;
    let kept = 0;
    while (kept < max) {
      const nl = text.indexOf('\n', end);
      const m = nl < 0 ? null : ROW.exec(text.slice(end, nl));
      if (!m || Number(m[1]) !== kept + 1) break;
      kept++;
      end = nl + 1;
    }
    return { end, kept };
  }
}
