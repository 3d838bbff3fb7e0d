import { CommittedOutputError, type SinkProof } from './committed-output';
import { RowDigest } from './row-digest';
import { parseRow, recordPart, RULE_EPOCH, RULE_LEGACY, type RowFormat, type SinkRow } from './sink-rows';

/** What a restore needs a changelog note to hold: the cut of one checkpoint. */
export interface CommittedCut {
  /** The checkpoint being restored (for messages). */
  checkpoint: number;
  /** Rows it committed. */
  rows: number;
  /** Its proof of them; absent in checkpoints written before proofs (0.1), which are checked by numbering only. */
  proof?: SinkProof;
  /** The run the checkpoint belongs to; a note of another run is never cut. */
  run?: string;
}

/** A note read against a cut: its committed rows, and the text to write back (null when nothing changes). */
export interface CheckedNote {
  format: RowFormat;
  run: string | null;
  /** The proof of the rows kept (the checkpoint's own, or computed for a 0.1 checkpoint). */
  proof: SinkProof;
  text: string | null;
  /** Rows removed: written after the cut (provably by this tool) or torn by a kill. */
  removed: number;
}

/** The note's parts: frontmatter `run`, where the table's rows start, and which row format it has. */
export function noteLayout(lines: readonly string[]): { run: string | null; firstRow: number; format: RowFormat } | null {
  let run: string | null = null;
  let at = 0;
  if (lines[0]?.replace(/\r$/, '') === '---') {
    for (at = 1; at < lines.length && at < 200; at++) {
      const line = lines[at].replace(/\r$/, '');
      if (line === '---') break;
      if (line.startsWith('run: ')) {
        try {
          run = String(JSON.parse(line.slice(5)));
        } catch {
          run = line.slice(5).trim();
        }
      }
    }
  }
  for (; at < lines.length && at < 400; at++) {
    const line = lines[at].replace(/\r$/, '');
    if (line === RULE_EPOCH || line === RULE_LEGACY) return { run, firstRow: at + 1, format: line === RULE_EPOCH ? 'epoch' : 'legacy' };
  }
  return null;
}

/**
 * Checks a changelog note against the cut a restore goes back to, and works out what may be
 * removed. Kept: rows 1…cut.rows, which must be numbered in order and (when the checkpoint has
 * a proof) digest to its digest. Removed: only rows after them that the tool provably wrote
 * later — numbered on from the cut, in this run's note, each carrying a checkpoint later than
 * the proof's — and a last line torn by a kill. Anything else (a row missing, retyped or out of
 * order, a line that is not a row, another run's note) throws CommittedOutputError and nothing
 * is written. `\r\n` line ends and blank lines read as the rows they surround; the text written
 * back has neither.
 */
export function checkAgainstCut(text: string, path: string, cut: CommittedCut): CheckedNote {
  const lines = text.split('\n');
  const layout = noteLayout(lines);
  if (!layout) throw new CommittedOutputError(path, `it is not a sink note of Excalidraw Flows (no table of numbered rows), but checkpoint ${cut.checkpoint} committed ${cut.rows} rows to it`);
  if (cut.run !== undefined && layout.run !== null && layout.run !== cut.run) {
    throw new CommittedOutputError(path, `it holds the output of run ${layout.run}, not of run ${cut.run} that checkpoint ${cut.checkpoint} belongs to`);
  }
  const { format, firstRow } = layout;
  // Both digests of the kept rows: whole lines (proofs written before `of`) and records (since).
  const digest = RowDigest.empty();
  const records = RowDigest.empty();
  const kept: string[] = [];
  let epoch = 0;
  let removed = 0;
  let changed = false;
  const afterEpoch = cut.proof?.epoch ?? 0;
  const lineNo = (i: number): number => i + 1;
  for (let i = firstRow; i < lines.length; i++) {
    const raw = lines[i];
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line !== raw) changed = true;
    const last = i === lines.length - 1;
    if (line.trim() === '') {
      if (!last) changed = true;
      continue;
    }
    const row: SinkRow | null = parseRow(format, line);
    if (kept.length < cut.rows) {
      if (!row) throw new CommittedOutputError(path, `line ${lineNo(i)} is not a row, where row ${kept.length + 1} of the ${cut.rows} that checkpoint ${cut.checkpoint} committed should be`);
      if (row.n !== kept.length + 1) {
        const what = row.n > kept.length + 1 ? `row ${kept.length + 1}${row.n > kept.length + 2 ? `–${row.n - 1}` : ''} is missing` : `row ${row.n} appears again`;
        throw new CommittedOutputError(path, `${what} (line ${lineNo(i)}) of the ${cut.rows} rows checkpoint ${cut.checkpoint} committed`);
      }
      digest.line(line);
      records.line(recordPart(format, line));
      if (row.epoch !== null && row.epoch > epoch) epoch = row.epoch;
      kept.push(line);
      continue;
    }
    // After the cut: only what this tool provably wrote later may go.
    if (!row) {
      // A last line without its newline that is no row: an append cut short by a kill.
      if (last) {
        removed++;
        changed = true;
        break;
      }
      throw new CommittedOutputError(path, `line ${lineNo(i)}, after the ${cut.rows} rows checkpoint ${cut.checkpoint} committed, is not a row this tool wrote`);
    }
    const expected = cut.rows + removed + 1;
    if (row.n !== expected) throw new CommittedOutputError(path, `line ${lineNo(i)} holds row ${row.n} where row ${expected} (written after checkpoint ${cut.checkpoint}) was expected`);
    if (row.epoch !== null && row.epoch <= afterEpoch) throw new CommittedOutputError(path, `row ${row.n} (line ${lineNo(i)}) says checkpoint ${row.epoch} committed it, which is not after checkpoint ${cut.checkpoint}`);
    removed++;
    changed = true;
  }
  if (kept.length < cut.rows) throw new CommittedOutputError(path, `it holds ${kept.length} of the ${cut.rows} rows checkpoint ${cut.checkpoint} committed`);
  if (cut.proof && (cut.proof.of === 'records' ? records : digest).toString() !== cut.proof.digest) {
    throw new CommittedOutputError(path, `rows 1–${cut.rows} differ from what checkpoint ${cut.checkpoint} committed (a key or value edited?)`);
  }
  // The note goes on digesting records from here, whatever the restored proof covered.
  const proof: SinkProof = { rows: cut.rows, digest: records.toString(), epoch: cut.proof?.epoch ?? epoch, of: 'records' };
  if (!text.endsWith('\n')) changed = true;
  if (!changed) return { format, run: layout.run, proof, text: null, removed };
  const head = lines.slice(0, firstRow).map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  return { format, run: layout.run, proof, text: `${[...head, ...kept].join('\n')}\n`, removed };
}
