import type { VaultStore } from '../ports';

const ROW = /^\| (\d+) \| ((?:[^|\\]|\\.)*) \| ([^|]*) \|$/;
// Most keys need no escaping: one test instead of three replaces per record on the checkpoint path.
const SPECIAL = /[\\|\r\n]/;
const esc = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
/** Rows formatted between two turns given back to the host. */
const ROWS_PER_SLICE = 50_000;
const unesc = (s: string): string => s.replace(/\\(.)/g, '$1');

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
        text += `| ${from + i + 1} | ${SPECIAL.test(key) ? esc(key) : key} | ${values[i]} |\n`;
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
      if (m) out.push({ key: unesc(m[2]), value: Number(m[3]) });
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
    const lines = text.split('\n');
    const tableStart = lines.findIndex((l) => l.startsWith('| --- |'));
    if (tableStart < 0) return 0;
    let kept = 0;
    while (kept < count && tableStart + 1 + kept < lines.length - 1) {
      const m = ROW.exec(lines[tableStart + 1 + kept]);
      if (!m || Number(m[1]) !== kept + 1) break;
      kept++;
    }
    const result = `${lines.slice(0, tableStart + 1 + kept).join('\n')}\n`;
    if (result !== text) await this.store.writeAtomic(this.path, result);
    return kept;
  }
}
