import { describe, expect, it } from 'vitest';
import { CommittedOutputError } from '../../../src/core/run/committed-output';
import { RowDigest } from '../../../src/core/run/row-digest';
import { SinkNote } from '../../../src/core/run/sink-note';
import { MemoryStore } from '../../helpers/memory-store';

const PATH = 'Flows/d/sinks/out.md';
const RUN = 'run-1';

/** A note of `rows` records: rows 1..committed committed by checkpoint 1, the rest written for checkpoint 2 (never published). */
async function noteWith(committed: number, rows: number): Promise<{ store: MemoryStore; note: SinkNote; cut: { checkpoint: number; rows: number; proof: ReturnType<SinkNote['proof']>; run: string } }> {
  const store = new MemoryStore();
  const note = new SinkNote(store, PATH, 'out', 'd.excalidraw.md');
  note.startEmpty();
  const keys = Array.from({ length: rows }, (_, i) => (i === 2 ? 'a|b\\c' : `k${i}`));
  const values = keys.map((_, i) => i * 10);
  await note.appendRecords(0, keys.slice(0, committed), values.slice(0, committed), 1, RUN);
  const proof = note.proof();
  await note.appendRecords(committed, keys.slice(committed), values.slice(committed), 2, RUN);
  return { store, note, cut: { checkpoint: 1, rows: committed, proof, run: RUN } };
}

/** Runs `fn`, expects a CommittedOutputError and the note byte for byte as it was. */
async function refused(store: MemoryStore, fn: () => Promise<unknown>): Promise<string> {
  const before = store.files.get(PATH);
  const err = await fn().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CommittedOutputError);
  expect(store.files.get(PATH)).toBe(before);
  const message = (err as Error).message;
  expect(message).not.toContain('\n');
  expect(message).toMatch(/^Flows\/d\/sinks\/out\.md: .*; the note was left as it is and the run stopped\. Undo the change/);
  return message;
}

const rowsOf = (text: string): string[] => text.split('\n').filter((l) => /^\| \d+ \|/.test(l));

describe('cutting a changelog sink note back to a checkpoint: only rows provably written after it go', () => {
  it('keeps rows 1..n byte for byte and removes the later rows, which carry a later checkpoint', async () => {
    const { store, note, cut } = await noteWith(4, 10);
    const before = store.files.get(PATH)!;
    expect(rowsOf(before)[3]).toBe('| 4 | k3 | 30 | 1 |');
    expect(rowsOf(before)[4]).toBe('| 5 | k4 | 40 | 2 |');
    expect(await note.cutBack(cut)).toBe(6);
    const after = store.files.get(PATH)!;
    expect(before.startsWith(after)).toBe(true);
    expect(rowsOf(after)).toHaveLength(4);
    expect((await note.read()).map((r) => r.key)).toEqual(['k0', 'k1', 'a|b\\c', 'k3']);
    // The run goes on from the cut with the same digest a run that never went further would have.
    await note.appendRecords(4, ['x'], [1], 3, RUN);
    const straight = await noteWith(4, 4);
    await straight.note.appendRecords(4, ['x'], [1], 3, RUN);
    expect(note.proof()).toEqual(straight.note.proof());
  });

  it('removes a row torn by a kill mid-append, then appends cleanly after the cut', async () => {
    const { store, note, cut } = await noteWith(5, 5);
    await store.append(PATH, '| 6 | k5 | 5');
    expect(await note.cutBack(cut)).toBe(1);
    await note.appendRecords(5, ['x'], [1], 3, RUN);
    expect(store.files.get(PATH)).toMatch(/\| 5 \| k4 \| 40 \| 1 \|\n\| 6 \| x \| 1 \| 3 \|\n$/);
  });

  it('reads CRLF line ends and blank lines as the same rows (and writes the note back without them)', async () => {
    const { store, note, cut } = await noteWith(6, 8);
    const lf = store.files.get(PATH)!;
    store.files.set(PATH, lf.replace('| 3 |', '\n| 3 |').replace(/\n/g, '\r\n'));
    expect((await note.read()).length).toBe(8);
    expect(await note.cutBack(cut)).toBe(2);
    expect(store.files.get(PATH)).toBe(lf.split('\n').filter((l) => !/^\| [78] \|/.test(l)).join('\n'));
  });

  it('refuses, note untouched, when a committed row was deleted by hand', async () => {
    const { store, note, cut } = await noteWith(6, 9);
    store.files.set(PATH, store.files.get(PATH)!.replace('| 2 | k1 | 10 | 1 |\n', ''));
    expect(await refused(store, () => note.cutBack(cut))).toContain('row 2 is missing');
  });

  it('refuses when a committed value was retyped (the digest differs), or a row duplicated', async () => {
    const a = await noteWith(6, 9);
    a.store.files.set(PATH, a.store.files.get(PATH)!.replace('| 4 | k3 | 30 | 1 |', '| 4 | k3 | 31 | 1 |'));
    expect(await refused(a.store, () => a.note.cutBack(a.cut))).toContain('rows 1–6 differ from what checkpoint 1 committed');
    const b = await noteWith(6, 9);
    b.store.files.set(PATH, b.store.files.get(PATH)!.replace('| 4 | k3 | 30 | 1 |\n', '| 4 | k3 | 30 | 1 |\n| 4 | k3 | 30 | 1 |\n'));
    expect(await refused(b.store, () => b.note.cutBack(b.cut))).toContain('row 4 appears again');
  });

  it('refuses to remove anything after the cut it cannot prove it wrote: prose, a row of an earlier checkpoint, a gap', async () => {
    const prose = await noteWith(4, 6);
    prose.store.files.set(PATH, prose.store.files.get(PATH)!.replace('| 6 | k5 | 50 | 2 |\n', 'My own remark.\n| 6 | k5 | 50 | 2 |\n'));
    expect(await refused(prose.store, () => prose.note.cutBack(prose.cut))).toContain('is not a row this tool wrote');
    const early = await noteWith(4, 4);
    await early.store.append(PATH, '| 5 | pasted | 1 | 1 |\n');
    expect(await refused(early.store, () => early.note.cutBack(early.cut))).toContain('says checkpoint 1 committed it');
    const gap = await noteWith(4, 8);
    gap.store.files.set(PATH, gap.store.files.get(PATH)!.replace('| 6 | k5 | 50 | 2 |\n', ''));
    expect(await refused(gap.store, () => gap.note.cutBack(gap.cut))).toContain('holds row 7 where row 6');
  });

  it("refuses another run's note, a missing note that had committed rows, and a note with fewer rows than committed", async () => {
    const other = await noteWith(3, 5);
    expect(await refused(other.store, () => other.note.cutBack({ ...other.cut, run: 'another' }))).toContain('holds the output of run run-1, not of run another');
    const gone = await noteWith(3, 3);
    gone.store.files.delete(PATH);
    await expect(gone.note.cutBack(gone.cut)).rejects.toThrow(/the note is missing, but checkpoint 1 committed 3 rows/);
    const short = await noteWith(3, 3);
    expect(await refused(short.store, () => short.note.cutBack({ ...short.cut, rows: 5 }))).toContain('it holds 3 of the 5 rows');
  });

  it('a 0.1 note (no checkpoint column, no proof) is cut by its numbering only, and goes on in its own format', async () => {
    const store = new MemoryStore();
    const rows = Array.from({ length: 6 }, (_, i) => `| ${i + 1} | k${i} | ${i} |`).join('\n');
    store.files.set(PATH, `# Output of out\n\nRecords written by Excalidraw Flows.\n\n| # | key | value |\n| --- | --- | --- |\n${rows}\n| 7 | k`);
    const note = new SinkNote(store, PATH, 'out');
    expect(await note.cutBack({ checkpoint: 2, rows: 4 })).toBe(3);
    await note.appendRecords(4, ['x'], [-0], 5, RUN);
    expect(store.files.get(PATH)).toMatch(/\| 4 \| k3 \| 3 \|\n\| 5 \| x \| -0 \|\n$/);
    expect(Object.is((await note.read())[4].value, -0)).toBe(true);
    store.files.set(PATH, store.files.get(PATH)!.replace('| 2 | k1 | 1 |\n', ''));
    expect(await refused(store, () => new SinkNote(store, PATH, 'out').cutBack({ checkpoint: 2, rows: 4 }))).toContain('row 2 is missing');
  });
});

describe('a checkpoint whose later rows a restore from an earlier one wrote again', () => {
  // checkpoint 1 commits rows 1-2, checkpoint 2 rows 3-4; a restore from 1 writes rows 3-4 again, committed by checkpoint 3.
  async function forked(values: [number, number]): Promise<{ store: MemoryStore; note: SinkNote; second: { checkpoint: number; rows: number; proof: ReturnType<SinkNote['proof']>; run: string } }> {
    const store = new MemoryStore();
    const note = new SinkNote(store, PATH, 'out', 'd.excalidraw.md');
    note.startEmpty();
    await note.appendRecords(0, ['a', 'b'], [1, 2], 1, RUN);
    const first = { checkpoint: 1, rows: 2, proof: note.proof(), run: RUN };
    await note.appendRecords(2, ['c', 'd'], [3, 4], 2, RUN);
    const second = { checkpoint: 2, rows: 4, proof: note.proof(), run: RUN };
    await note.cutBack(first);
    await note.appendRecords(2, ['c', 'd'], values, 3, RUN);
    return { store, note, second };
  }

  it('still matches it when the records are the same (only their checkpoint column differs): nothing removed', async () => {
    const { store, note, second } = await forked([3, 4]);
    expect(rowsOf(store.files.get(PATH)!)).toEqual(['| 1 | a | 1 | 1 |', '| 2 | b | 2 | 1 |', '| 3 | c | 3 | 3 |', '| 4 | d | 4 | 3 |']);
    const before = store.files.get(PATH);
    expect(await note.cutBack(second)).toBe(0);
    expect(store.files.get(PATH)).toBe(before);
  });

  it('is refused, the note untouched, when a record written again differs', async () => {
    const { store, note, second } = await forked([3, 5]);
    expect(await refused(store, () => note.cutBack(second))).toContain('rows 1–4 differ from what checkpoint 2 committed');
  });

  it('a proof written before proofs covered records only (whole lines) still checks the whole lines', async () => {
    const { store, note, cut } = await noteWith(3, 5);
    const lines = rowsOf(store.files.get(PATH)!).slice(0, 3);
    const whole = RowDigest.empty();
    for (const l of lines) whole.line(l);
    const legacy = { ...cut, proof: { rows: 3, digest: whole.toString(), epoch: 1 } };
    expect(await note.cutBack(legacy)).toBe(2);
    // And the run goes on digesting records: its next proof is the one a never-restored run has.
    await note.appendRecords(3, ['x'], [1], 3, RUN);
    const straight = await noteWith(3, 3);
    await straight.note.appendRecords(3, ['x'], [1], 3, RUN);
    expect(note.proof()).toEqual(straight.note.proof());
    // A whole-line proof is not fooled by a changed checkpoint column.
    const { store: s2, note: n2, cut: c2 } = await noteWith(3, 3);
    s2.files.set(PATH, s2.files.get(PATH)!.replace(/\| 1 \|\n$/, '| 9 |\n'));
    const w2 = RowDigest.empty();
    for (const l of lines) w2.line(l);
    expect(await refused(s2, () => n2.cutBack({ ...c2, proof: { rows: 3, digest: w2.toString(), epoch: 1 } }))).toContain('differ');
  });
});
