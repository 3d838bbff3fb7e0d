import type { KeyedState } from '../engine/keyed-state';
import { formatNumber, parseStoredNumber } from '../numbers';
import { linkTarget } from '../paths';
import type { VaultStore } from '../ports';
import { CommittedOutputError } from './committed-output';
import { RowDigest } from './row-digest';
import type { SinkRecord } from './sink-note';
import { fromTableCell, toTableCell } from '../text/table-cell';

/** Rows the note shows: it stays a readable size whatever the table holds (the rest is in the checkpoint's data). */
export const MAX_SINK_ROWS = 1_000;
/**
 * Characters of rows the note shows at most, whatever the keys' length: with UTF-8's at most 3
 * bytes per UTF-16 unit that is under 1 MB, far from Sync Standard's 5 MB per file. Rows are
 * never cut (they are read back exactly): the table ends before the row that would pass it.
 */
export const MAX_SINK_TABLE_CHARS = 256 * 1024;

const ROW = /^\| ((?:[^|\\]|\\.)*) \| ([^|]*) \|$/;

export interface UpsertNoteHead {
  drawing: string;
  sink: string;
  checkpoint: number;
  run: string;
  createdAt: string;
  /** Set when the table is that of an older checkpoint a restore went back to (see UpsertSink). */
  restoredFrom?: number;
  /** Vault path of the checkpoint's note (which links its data files), for the link under the table. */
  checkpointNote?: string;
}

/**
 * The digest of everything after the frontmatter: non-blank lines without their `\r`, so a
 * note that git or an editor saved with `\r\n` or extra blank lines is still the one written.
 */
function bodyDigest(lines: readonly string[], from: number): string {
  const d = RowDigest.empty();
  for (let i = from; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line.trim() !== '') d.line(line);
  }
  return d.toString();
}

/** Index of the line after the closing `---` of the frontmatter (0 without one). */
function bodyStart(lines: readonly string[]): number {
  if (lines[0]?.replace(/\r$/, '') !== '---') return 0;
  for (let i = 1; i < lines.length && i < 200; i++) if (lines[i].replace(/\r$/, '') === '---') return i + 1;
  return 0;
}

/**
 * Renders the sink's table as of one checkpoint: frontmatter for Dataview, then one row per key
 * (the first MAX_SINK_ROWS in the order the keys first appeared, at most MAX_SINK_TABLE_CHARS of
 * them) and how many more there are, with a link to the checkpoint whose data files hold them all.
 */
export function renderUpsertNote(head: UpsertNoteHead, table: KeyedState): string {
  const front = ['---', `flow: ${JSON.stringify(`[[${linkTarget(head.drawing)}]]`)}`, `sink: ${JSON.stringify(head.sink)}`, 'mode: upsert', `checkpoint: ${head.checkpoint}`];
  if (head.restoredFrom !== undefined) front.push(`restored_from: ${head.restoredFrom}`);
  front.push(`run: ${JSON.stringify(head.run)}`, `created: ${JSON.stringify(head.createdAt)}`, `keys: ${table.cells.size}`);
  const lines = ['', `# Output of ${toTableCell(head.sink)}`, ''];
  const as = head.restoredFrom === undefined ? `as of checkpoint ${head.checkpoint}` : `as of checkpoint ${head.restoredFrom}, restored (checkpoint ${head.checkpoint} is its copy, written by the restore)`;
  lines.push(`The latest value of each key ${as}, written once that checkpoint was complete (exactly once: a restore rewrites this note from the checkpoint it restores).`, '');
  lines.push('| key | value |', '| --- | --- |');
  let shown = 0;
  let chars = 0;
  for (const [key, cell] of table.cells) {
    if (shown === MAX_SINK_ROWS) break;
    const row = `| ${toTableCell(key)} | ${formatNumber(cell.value)} |`;
    chars += row.length + 1;
    if (chars > MAX_SINK_TABLE_CHARS) break;
    lines.push(row);
    shown++;
  }
  if (table.cells.size > shown) {
    const where = head.checkpointNote ? `[[${linkTarget(head.checkpointNote)}|checkpoint ${head.checkpoint}]]` : `checkpoint ${head.checkpoint}`;
    lines.push('', `… and ${table.cells.size - shown} more keys (all of them are in the state of ${where}, which links its data).`);
  }
  lines.push('');
  return [...front, `digest: ${bodyDigest(lines, 0)}`, 'tags: [flows/sink]', '---', ...lines].join('\n');
}

/**
 * Whether the note at hand is one this tool wrote and nobody changed since: an upsert note
 * whose body still has the digest its frontmatter records. Null when it is; else why not.
 */
export function foreignUpsertNote(text: string): string | null {
  const lines = text.split('\n');
  const start = bodyStart(lines);
  const front = lines.slice(0, start).map((l) => l.replace(/\r$/, ''));
  if (!front.includes('mode: upsert')) return 'it is not an upsert sink note written by Excalidraw Flows';
  const recorded = front.find((l) => l.startsWith('digest: '))?.slice(8);
  // Notes written before digests (this version's first upsert notes) have none: they are taken as written.
  if (recorded === undefined) return null;
  return recorded === bodyDigest(lines, start) ? null : 'it was edited since the run wrote it (its rows no longer match the digest in its frontmatter)';
}

/** The rows of an upsert note and the checkpoint it shows; null when the note is not one. */
export function parseUpsertNote(text: string): { checkpoint: number | null; rows: SinkRecord[] } | null {
  if (!/^mode: upsert\r?$/m.test(text.slice(0, 2000))) return null;
  const cp = /^checkpoint: (\d+)\r?$/m.exec(text);
  const rows: SinkRecord[] = [];
  const lines = text.split('\n');
  const rule = lines.findIndex((l) => l.replace(/\r$/, '') === '| --- | --- |');
  if (rule >= 0) {
    for (let i = rule + 1; i < lines.length; i++) {
      const line = lines[i].replace(/\r$/, '');
      if (line.trim() === '') continue;
      const m = ROW.exec(line);
      if (!m) break;
      rows.push({ key: fromTableCell(m[1]), value: parseStoredNumber(m[2]) ?? Number.NaN });
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
    /** Vault path of checkpoint `id`'s note, linked from a table too big to show whole. */
    private readonly checkpointNote?: (id: number) => string,
  ) {}

  /**
   * Rewrites the note with `table`. Only over a note this tool wrote and nobody edited since
   * (foreignUpsertNote): anything else throws CommittedOutputError and stays as it is.
   */
  async write(head: Omit<UpsertNoteHead, 'sink'>, table: KeyedState): Promise<void> {
    await this.checkOwn();
    const checkpointNote = this.checkpointNote?.(head.checkpoint);
    await this.store.writeAtomic(this.path, renderUpsertNote({ ...head, sink: this.name, ...(checkpointNote ? { checkpointNote } : {}) }, table));
  }

  /** Throws CommittedOutputError unless the note is missing or this tool's own, unedited. */
  async checkOwn(): Promise<void> {
    const text = await this.store.read(this.path);
    const why = text === null ? null : foreignUpsertNote(text);
    if (why !== null) throw new CommittedOutputError(this.path, why);
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
