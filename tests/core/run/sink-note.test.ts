import { describe, expect, it } from 'vitest';
import { SinkNote } from '../../../src/core/run/sink-note';
import { MemoryStore } from '../../helpers/memory-store';

async function noteWith(rows: number): Promise<{ store: MemoryStore; note: SinkNote }> {
  const store = new MemoryStore();
  const note = new SinkNote(store, 'out.md', 'out');
  await note.appendRecords(0, Array.from({ length: rows }, (_, i) => (i === 2 ? 'a|b\\c' : `k${i}`)), Array.from({ length: rows }, (_, i) => i * 10));
  return { store, note };
}

describe('SinkNote.truncate: cut back to what a checkpoint committed', () => {
  it('keeps exactly rows 1..n and drops the rest', async () => {
    const { store, note } = await noteWith(10);
    expect(await note.truncate(4)).toBe(4);
    expect((await note.read()).map((r) => r.key)).toEqual(['k0', 'k1', 'a|b\\c', 'k3']);
    expect(store.files.get('out.md')).toMatch(/\| 4 \| k3 \| 30 \|\n$/);
    expect(await note.truncate(0)).toBe(0);
    expect(store.files.get('out.md')).toMatch(/\| --- \| --- \| --- \|\n$/);
  });

  it('drops a row torn by a crash mid-append, then appends cleanly after it', async () => {
    const { store, note } = await noteWith(5);
    await store.append('out.md', '| 6 | k5 | 5');
    expect(await note.truncate(5)).toBe(5);
    await note.appendRecords(5, ['x'], [1]);
    expect(store.files.get('out.md')).toMatch(/\| 5 \| k4 \| 40 \|\n\| 6 \| x \| 1 \|\n$/);
  });

  it('says how many records are really there when fewer than committed (and keeps them)', async () => {
    const { store, note } = await noteWith(3);
    await store.append('out.md', '| 4 | k3');
    expect(await note.truncate(7)).toBe(3);
    expect((await note.read()).length).toBe(3);
  });

  it('stops at a gap in the numbering (a hand-edited note)', async () => {
    const { store, note } = await noteWith(6);
    store.files.set('out.md', store.files.get('out.md')!.replace('| 3 | a\\|b\\\\c | 20 |\n', ''));
    expect(await note.truncate(6)).toBe(2);
    expect((await note.read()).map((r) => r.key)).toEqual(['k0', 'k1']);
  });
});
