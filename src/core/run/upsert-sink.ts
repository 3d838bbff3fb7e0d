import type { KeyedState } from '../engine/keyed-state';
import { formatNumber, parseStoredNumber } from '../numbers';
import { linkTarget } from '../paths';
import type { VaultStore } from '../ports';
import type { SinkRecord } from './sink-note';

/** Rows the note shows: it stays a readable size whatever the table holds (the rest is in the checkpoint's data). */
export const MAX_SINK_ROWS = 1_000;

const SPECIAL = /[\\|\r\n]/;
const esc = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
const unesc = (s: string): string => s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
const ROW = /^\| ((?:[^|\\]|\\.)*) \| ([^|]*) \|$/;

export interface UpsertNoteHead {
  drawing: string;
  sink: string;
  checkpoint: number;
  run: string;
  createdAt: string;
}

/**
 * Renders the sink's table as of one checkpoint: frontmatter for Dataview, then one row per key
 * (the first MAX_SINK_ROWS in the order the keys first appeared) and how many more there are.
 */
export function renderUpsertNote(head: UpsertNoteHead, table: KeyedState): string {
  const lines = ['---', `flow: ${JSON.stringify(`[[${linkTarget(head.drawing)}]]`)}`, `sink: ${JSON.stringify(head.sink)}`, 'mode: upsert', `checkpoint: ${head.checkpoint}`, `run: ${JSON.stringify(head.run)}`];
  lines.push(`created: ${JSON.stringify(head.createdAt)}`, `keys: ${table.cells.size}`, 'tags: [flows/sink]', '---', '');
  lines.push(`# Output of ${esc(head.sink)}`, '');
  lines.push(`The latest value of each key as of checkpoint ${head.checkpoint}, written once that checkpoint was complete (exactly once: a restore rewrites this note from the checkpoint it restores).`, '');
  lines.push('| key | value |', '| --- | --- |');
  let shown = 0;
  for (const [key, cell] of table.cells) {
    if (shown === MAX_SINK_ROWS) break;
    lines.push(`| ${SPECIAL.test(key) ? esc(key) : key} | ${formatNumber(cell.value)} |`);
    shown++;
  }
  if (table.cells.size > shown) lines.push('', `… and ${table.cells.size - shown} more keys (all of them are in checkpoint ${head.checkpoint}'s data).`);
  lines.push('');
  return lines.join('\n');
}

/** The rows of an upsert note and the checkpoint it shows; null when the note is not one. */
export function parseUpsertNote(text: string): { checkpoint: number | null; rows: SinkRecord[] } | null {
  if (!/^mode: upsert$/m.test(text.slice(0, 2000))) return null;
  const cp = /^checkpoint: (\d+)$/m.exec(text);
  const rows: SinkRecord[] = [];
  const start = text.indexOf('\n| --- | --- |\n');
  if (start >= 0) {
    for (const line of text.slice(start + 15).split('\n')) {
      const m = ROW.exec(line);
      if (!m) break;
      rows.push({ key: unesc(m[1]), value: parseStoredNumber(m[2]) ?? Number.NaN });
    }
  }
  return { checkpoint: cp ? Number(cp[1]) : null, rows };
}

/**
 * A sink that keeps the latest value per key (the engine holds the table) and publishes it as a
 * note after each checkpoint is complete. Writing after the checkpoint, never before, is what
 * makes it exactly once without cutting anything back: the note only ever shows a committed
 * checkpoint's table, and restoring checkpoint N rewrites it from N's state.
 */
export class UpsertSink {
  constructor(
    private readonly store: VaultStore,
    readonly path: string,
    readonly name: string,
  ) {}

  async write(head: Omit<UpsertNoteHead, 'sink'>, table: KeyedState): Promise<void> {
    await this.store.writeAtomic(this.path, renderUpsertNote({ ...head, sink: this.name }, table));
  }

  /** The rows the note shows (none when it is missing or not an upsert note). */
  async read(): Promise<SinkRecord[]> {
    const text = await this.store.read(this.path);
    return (text === null ? null : parseUpsertNote(text))?.rows ?? [];
  }

  /** The whole table, from memory (the note may show only its first rows). */
  records(table: KeyedState): SinkRecord[] {
    const out: SinkRecord[] = [];
    for (const [key, cell] of table.cells) out.push({ key, value: cell.value });
    return out;
  }
}
