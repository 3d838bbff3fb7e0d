import { describe, expect, it } from 'vitest';
import { CHECKPOINT_FORMAT, type CheckpointHead } from '../../../src/core/checkpoint/checkpoint-data';
import { CheckpointStore } from '../../../src/core/checkpoint/checkpoint-store';
import { flowPaths } from '../../../src/core/paths';
import { MemoryStore } from '../../helpers/memory-store';
import { fixedClock } from '../../helpers/temp-vault';

const head = (id: number): CheckpointHead => ({ format: CHECKPOINT_FORMAT, drawing: 'd.excalidraw.md', id, kind: 'full', createdAt: 'T', nodes: {}, offsets: { q: id }, sinks: {}, processed: id });
const state = new Map([['a', 1], ['b', 2]]);

async function write(store: MemoryStore, hiddenData: boolean, id: number): Promise<CheckpointStore> {
  const cps = new CheckpointStore(store, flowPaths('Flows', 'd.excalidraw.md', { hiddenData }), fixedClock());
  await cps.write({ head: head(id), parts: [{ id: 'p', keys: state.keys(), valueOf: (k) => state.get(k) }], previews: [], startedAt: 0, yieldNow: () => Promise.resolve() });
  return cps;
}

describe('removing a checkpoint after the hidden-data setting changed', () => {
  for (const [before, after] of [[false, true], [true, false]]) {
    it(`removes the data files its note lists (written ${before ? 'hidden' : 'visible'}, removed by a run writing ${after ? 'hidden' : 'visible'})`, async () => {
      const store = new MemoryStore();
      await write(store, before, 1);
      const cps = await write(store, after, 2);
      const dataOf = (id: number): string[] => [...store.files.keys()].filter((f) => f.includes(`checkpoint-000${id}.data`));
      expect(dataOf(1)).toEqual([before ? 'Flows/d/checkpoints/.data/checkpoint-0001.data.md' : 'Flows/d/checkpoints/checkpoint-0001.data.md']);
      expect((await cps.load('Flows/d/checkpoints/checkpoint-0001.md')).ok).toBe(true);
      await cps.remove(1);
      expect(dataOf(1)).toEqual([]);
      expect(dataOf(2)).toHaveLength(1);
      expect((await cps.load('Flows/d/checkpoints/checkpoint-0002.md')).ok).toBe(true);
    });
  }

  it('never removes a file a hand-edited list points outside the checkpoint folders, or another checkpoint\'s data', async () => {
    const store = new MemoryStore();
    const cps = await write(store, false, 1);
    await write(store, false, 2);
    store.files.set('Flows/d/notes/checkpoint-0001.data.md', 'a note of the user');
    const note = 'Flows/d/checkpoints/checkpoint-0001.md';
    store.files.set(note, store.files.get(note)!.replace(/^data_files: .*$/m, 'data_files: ["../notes/checkpoint-0001.data.md", "checkpoint-0002.data.md"]'));
    await cps.remove(1);
    expect(store.files.get('Flows/d/notes/checkpoint-0001.data.md')).toBe('a note of the user');
    expect(store.files.has('Flows/d/checkpoints/checkpoint-0002.data.md')).toBe(true);
    expect(store.files.has('Flows/d/checkpoints/checkpoint-0001.data.md')).toBe(false);
  });
});
