import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_FORMAT, type CheckpointHead } from '../../../src/core/checkpoint/checkpoint-data';
import { ENTRIES_PER_SLICE, buildSnapshotJson, readSnapshotNumbers } from '../../../src/core/checkpoint/snapshot-json';

const head: CheckpointHead = { format: CHECKPOINT_FORMAT, drawing: 'd.md', id: 1, kind: 'full', createdAt: 'T', nodes: {}, offsets: { q: 1 }, sinks: {}, processed: 1 };

describe('buildSnapshotJson', () => {
  it('parses to the head and state JSON.stringify would give, every number exact (-0, NaN, ±Infinity included)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.string({ unit: 'binary' }), fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-0, Number.NaN, Infinity, -Infinity))), { maxLength: 30 }), async (entries) => {
        const map = new Map(entries);
        const json = await buildSnapshotJson(head, [{ id: 'p"1', keys: map.keys(), valueOf: (k) => map.get(k) }, { id: 'empty', keys: [], valueOf: () => undefined }], () => Promise.resolve());
        const parsed = JSON.parse(json) as { state: Record<string, [string, unknown][]> };
        readSnapshotNumbers(parsed.state);
        const { state, ...rest } = parsed;
        expect(rest).toEqual(JSON.parse(JSON.stringify(head)));
        expect(Object.keys(state)).toEqual(['p"1', 'empty']);
        expect(state.empty).toEqual([]);
        expect(state['p"1'].map(([k]) => k)).toEqual([...map.keys()]);
        // Object.is: -0 is not 0, NaN is NaN.
        state['p"1'].forEach(([k, v]) => expect(Object.is(v, map.get(k))).toBe(true));
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('reads the null of older checkpoints as NaN (which non-finite value it was is lost)', () => {
    const state: Record<string, unknown> = { p: [['a', null], ['b', 2], ['c', 'Infinity'], ['d', '-Infinity'], ['e', 'NaN']] };
    readSnapshotNumbers(state);
    expect(state.p).toEqual([['a', Number.NaN], ['b', 2], ['c', Infinity], ['d', -Infinity], ['e', Number.NaN]]);
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
