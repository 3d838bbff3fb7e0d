import { linkTarget } from '../paths';
import type { VaultStore } from '../ports';
import { CommittedOutputError, type SinkProof } from './committed-output';
import { RowDigest } from './row-digest';
import { checkAgainstCut, noteLayout, type CommittedCut } from './sink-note-check';
import { formatRow, parseRow, recordPart, RULE_EPOCH, type RowFormat } from './sink-rows';

/** Rows formatted between two turns given back to the host. */
const ROWS_PER_SLICE = 2_000;

export interface SinkRecord {
  key: string;
  value: number;
}

function header(drawing: string, sinkName: string, run: string): string {
  return [
    '---',
    `flow: ${JSON.stringify(`[[${linkTarget(drawing)}]]`)}`,
    `sink: ${JSON.stringify(sinkName)}`,
    'mode: changelog',
    `run: ${JSON.stringify(run)}`,
    'tags: [flows/sink]',
    '---',
    '',
    `# Output of ${sinkName.replace(/\s+/g, ' ')}`,
    '',
    'Every record this sink received, exactly once and in order; a row\u2019s last column is the checkpoint that committed it.',
    'A restore removes only rows written after the checkpoint it restores, and only when they are provably this tool\u2019s:',
    'a note that no longer holds what its checkpoint committed is left as it is, and the run stops and says so.',
    '',
    '| # | key | value | checkpoint |',
    RULE_EPOCH,
    '',
  ].join('\n');
}

/**
 * A changelog sink's records as an append-only Markdown table, one numbered row per record,
 * each carrying the checkpoint that commits it. The note keeps a running digest of its rows;
 * each checkpoint records it (`proof()`), so a restore can tell the rows it committed from a
 * hand-edited note, and cut back only rows it provably wrote later (see sink-note-check.ts).
 */
export class SinkNote {
  /** Rows in the note, the digest of them, the newest checkpoint among them. */
  private rows = 0;
  private digest = RowDigest.empty();
  private epoch = 0;
  private format: RowFormat = 'epoch';
  /** Whether this session knows what the note holds (it created it or checked it against a cut). */
  private known = false;
  private exists = false;

  constructor(
    private readonly store: VaultStore,
    readonly path: string,
    private readonly sinkName: string,
    private readonly drawing = '',
  ) {}

  /** What a checkpoint records of this note once the rows before it are durable. */
  proof(): SinkProof {
    return { rows: this.rows, digest: this.digest.toString(), epoch: this.epoch, of: 'records' };
  }

  /** A new run's note: nothing in it yet (a fresh run moved any previous one aside). */
  startEmpty(): void {
    this.rows = 0;
    this.digest = RowDigest.empty();
    this.epoch = 0;
    this.format = 'epoch';
    this.known = true;
    this.exists = false;
  }

  /**
   * Appends records `from + 1 …` committed by checkpoint `epoch` of `run`, formatted in slices
   * of ROWS_PER_SLICE with a turn given to the host between them.
   */
  async appendRecords(from: number, keys: string[], values: number[], epoch: number, run: string, yieldNow?: () => Promise<void>): Promise<void> {
    if (!this.known) throw new Error(`${this.path}: appended to before it was checked against a checkpoint`);
    if (from !== this.rows) throw new Error(`${this.path}: records from ${from + 1} appended to a note of ${this.rows} rows`);
    if (keys.length === 0 && this.exists) return;
    for (let start = 0; start === 0 || start < keys.length; start += ROWS_PER_SLICE) {
      const end = Math.min(keys.length, start + ROWS_PER_SLICE);
      let text = '';
      for (let i = start; i < end; i++) {
        const line = formatRow(this.format, from + i + 1, keys[i], values[i], epoch);
        this.digest.line(recordPart(this.format, line));
        text += `${line}\n`;
      }
      if (!this.exists) {
        // Never over a note that is there: only a missing note is created.
        if (await this.store.exists(this.path)) throw new CommittedOutputError(this.path, 'a note appeared where this run was about to create its sink note');
        await this.store.writeAtomic(this.path, header(this.drawing, this.sinkName, run) + text);
        this.exists = true;
      } else {
        await this.store.append(this.path, text);
      }
      this.rows = from + end;
      if (end > start) this.epoch = epoch;
      if (end < keys.length && yieldNow) await yieldNow();
    }
  }

  /** Every record in the note (rows in order; blank lines and `\r` ignored). */
  async read(): Promise<SinkRecord[]> {
    const text = await this.store.read(this.path);
    if (text === null) return [];
    const lines = text.split('\n');
    const layout = noteLayout(lines);
    if (!layout) return [];
    const out: SinkRecord[] = [];
    for (let i = layout.firstRow; i < lines.length; i++) {
      const row = parseRow(layout.format, lines[i].replace(/\r$/, ''));
      if (row) out.push({ key: row.key, value: row.value });
    }
    return out;
  }

  /**
   * Visits every record of the note in order without holding them: one read of the text, rows
   * found by searching for line ends (no array of lines, no record objects), so `flows run
   * --json` can print a note of millions of rows on a small heap. A visitor that returns a
   * promise (its output must drain) is waited for.
   */
  async forEachRecord(visit: (key: string, value: number) => void | Promise<void>): Promise<void> {
    const text = await this.store.read(this.path);
    if (text === null) return;
    const layout = noteLayout(text.slice(0, 65_536).split('\n'));
    if (!layout) return;
    let at = 0;
    for (let i = 0; i < layout.firstRow; i++) at = text.indexOf('\n', at) + 1;
    while (at > 0 && at < text.length) {
      const nl = text.indexOf('\n', at);
      const end = nl < 0 ? text.length : nl;
      const row = parseRow(layout.format, text.charCodeAt(end - 1) === 13 ? text.slice(at, end - 1) : text.slice(at, end));
      if (row) {
        // A visitor returns a promise only when it must wait (its output is full): awaited then, not per row.
        const wait = visit(row.key, row.value);
        if (wait) await wait;
      }
      at = end + 1;
    }
  }

  /** The run named in the note's frontmatter (null without one, or without a note). */
  async run(): Promise<string | null> {
    const text = await this.store.read(this.path);
    return text === null ? null : (noteLayout(text.slice(0, 8192).split('\n'))?.run ?? null);
  }

  /**
   * Goes back to `cut`: checks the note (see checkAgainstCut; throws CommittedOutputError with
   * the note untouched when it does not match), then removes the rows written after the cut.
   * Returns how many rows were removed.
   */
  async cutBack(cut: CommittedCut): Promise<number> {
    const checked = await this.check(cut);
    if (checked.text !== null) await this.write(checked.text);
    return checked.removed;
  }

  /** Writes the text `check` worked out (the note without the rows after the cut). */
  async write(text: string): Promise<void> {
    await this.store.writeAtomic(this.path, text);
  }

  /** Checks the note against `cut` and takes its state from it, writing nothing (the cut is written by `cutBack`). */
  async check(cut: CommittedCut): Promise<{ text: string | null; removed: number }> {
    const text = await this.store.read(this.path);
    if (text === null) {
      if (cut.rows > 0) throw new CommittedOutputError(this.path, `the note is missing, but checkpoint ${cut.checkpoint} committed ${cut.rows} rows to it`);
      this.startEmpty();
      return { text: null, removed: 0 };
    }
    const checked = checkAgainstCut(text, this.path, cut);
    this.rows = cut.rows;
    this.digest = RowDigest.parse(checked.proof.digest) ?? RowDigest.empty();
    this.epoch = checked.proof.epoch;
    this.format = checked.format;
    this.known = true;
    this.exists = true;
    return { text: checked.text, removed: checked.removed };
  }
}
