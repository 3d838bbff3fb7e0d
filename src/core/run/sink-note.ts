import type { VaultStore } from '../ports';

const ROW = /^\| (\d+) \| ((?:[^|\\]|\\.)*) \| ([^|]*) \|$/;
const esc = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
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

  async appendRecords(from: number, keys: string[], values: number[]): Promise<void> {
    if (keys.length === 0 && (await this.store.exists(this.path))) return;
    let text = '';
    for (let i = 0; i < keys.length; i++) text += `| ${from + i + 1} | ${esc(keys[i])} | ${values[i]} |\n`;
    if (!(await this.store.exists(this.path))) {
      await this.store.writeAtomic(this.path, header(this.sinkName) + text);
      return;
    }
    await this.store.append(this.path, text);
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

  /** Keeps the first `count` records (the committed ones) and drops the rest. */
  async truncate(count: number): Promise<void> {
    const text = await this.store.read(this.path);
    if (text === null) return;
    const kept: string[] = [];
    let changed = false;
    for (const line of text.split('\n')) {
      const m = ROW.exec(line);
      if (m && Number(m[1]) > count) {
        changed = true;
        continue;
      }
      kept.push(line);
    }
    if (changed) await this.store.writeAtomic(this.path, kept.join('\n'));
  }
}
