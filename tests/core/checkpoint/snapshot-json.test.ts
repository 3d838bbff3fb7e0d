import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_FORMAT, type CheckpointHead } from '../../../src/core/checkpoint/checkpoint-data';
import { ENTRIES_PER_SLICE, buildSnapshotJson } from '../../../src/core/checkpoint/snapshot-json';

const head: CheckpointHead = { format: CHECKPOINT_FORMAT, drawing: 'd.md', id: 1, kind: 'full', createdAt: 'T', nodes: {}, offsets: { q: 1 }, sinks: {}, processed: 1 };

describe('buildSnapshotJson', () => {
  it('parses to what JSON.stringify of the whole snapshot gives, whatever the keys and values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.string({ unit: 'binary' }), fc.oneof(fc.double(), fc.integer())), { maxLength: 30 }), async (entries) => {
        const map = new Map(entries);
        const json = await buildSnapshotJson(head, [{ id: 'p"1', keys: map.keys(), valueOf: (k) => map.get(k) }, { id: 'empty', keys: [], valueOf: () => undefined }], () => Promise.resolve());
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify({ ...head, state: { 'p"1': [...map], empty: [] } })));
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('gives the host a turn every slice of entries, so a big state never blocks in one go', async () => {
    const n = ENTRIES_PER_SLICE * 3 + 5;
    const keys = Array.from({ length: n }, (_, i) => `k${i}`);
    let turns = 0;
    const json = await buildSnapshotJson(head, [{ id: 'p', keys, valueOf: () => 1 }], () => {
      turns++;
      return Promise.resolve();
    });
    expect(turns).toBe(3);
    expect(JSON.parse(json).state.p).toHaveLength(n);
  });
});
