import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../../src/cli/node-vault-store';
import { CHECKPOINT_FORMAT, type CheckpointHead } from '../../../src/core/checkpoint/checkpoint-data';
import { CheckpointStore } from '../../../src/core/checkpoint/checkpoint-store';
import { compileOperator } from '../../../src/core/engine/operators';
import { KeyedState } from '../../../src/core/engine/keyed-state';
import { flowPaths } from '../../../src/core/paths';
import { FlowSession } from '../../../src/core/run/flow-session';
import { MemoryStore } from '../../helpers/memory-store';
import { fixedClock, instantScheduler, tempVault } from '../../helpers/temp-vault';
import { countPlan } from '../run/pipelines';

const rowsOf = (note: string, heading: string): string[] => {
  const at = note.indexOf(heading);
  if (at < 0) return [];
  const rest = note.slice(at);
  const end = rest.indexOf('\n\n', rest.indexOf('| ---'));
  return rest.slice(0, end).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| key') && !l.startsWith('| ---'));
};

describe('change log of a keyed state (the most-changed keys)', () => {
  it('records each changed key once per epoch with its value at the previous checkpoint, through every operator path', () => {
    const state = new KeyedState();
    const count = compileOperator({ kind: 'count' }, state, () => {});
    const sum = new KeyedState();
    const add = compileOperator({ kind: 'sum' }, sum, () => {});
    for (const k of ['a', 'b', 'a', 'a']) count(k, 1);
    add('x', 2.5);
    add('x', 4);
    expect(state.changedKeys).toEqual(['a', 'b']);
    expect(state.changedFrom).toEqual([0, 0]);
    state.clearChanged();
    sum.clearChanged();
    for (const k of ['b', 'a', 'b', 'c']) count(k, 1);
    add('x', -1);
    add('x', 10);
    state.set('a', 7);
    expect(state.changedKeys).toEqual(['b', 'a', 'c']);
    // b was 1 and a was 3 at the checkpoint; c is new.
    expect(state.changedFrom).toEqual([1, 3, 0]);
    expect(sum.changedFrom).toEqual([6.5]);
    expect(state.changedKeys.length).toBe(state.changedFrom.length);
  });
});

describe('checkpoint note preview', () => {
  it('lists the keys whose value moved most since the previous checkpoint, in a delta and in a full checkpoint', async () => {
    // 500 keys once each (checkpoint 1), then k400…k411 again 1…12 times and k0 once (checkpoint 2).
    const first = Array.from({ length: 500 }, (_, i) => `k${i}`);
    const again = [...Array.from({ length: 12 }, (_, i) => Array<string>(i + 1).fill(`k${400 + i}`)).flat(), 'k0'];
    for (const fullEvery of [10, 1]) {
      const dir = await tempVault();
      const plan = countPlan([...first, ...again].map((key) => ({ key, value: 1 })));
      const s = await FlowSession.fromPlan(plan, { store: new NodeVaultStore(dir), clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md', checkpointEveryEvents: 500, fullCheckpointEvery: fullEvery, retainCheckpoints: 100 });
      await s.runUntilDrained();
      const [one, two] = s.written;
      expect(two.kind).toBe(fullEvery === 1 ? 'full' : 'incremental');
      const note1 = await fs.readFile(path.join(dir, one.path), 'utf8');
      // No previous checkpoint: nothing to say what changed since.
      expect(note1).not.toContain('Most-changed keys');
      const note2 = await fs.readFile(path.join(dir, two.path), 'utf8');
      expect(note2).toContain('keys_changed: 13');
      const moved = rowsOf(note2, 'Most-changed keys');
      if (fullEvery === 1) {
        // The first table already shows k0…k9 (k0 among them), so all 10 most-changed rows are k411…k402.
        expect(moved).toEqual(Array.from({ length: 10 }, (_, i) => `| k${411 - i} | ${13 - i} | ${12 - i} |`));
        // The largest values are these same keys: no third table.
        expect(note2).toContain(`… and ${500 - 20} more keys`);
      } else {
        // A delta's first keys are its changed keys in change order (k400, k401, …): the most-changed ones are the others.
        expect(rowsOf(note2, 'First changed keys')[0]).toBe('| k400 | 2 |');
        // The ten that moved most are k411…k402 (k0 moved by 1, as k400 did); k400…k409 are shown already.
        expect(moved).toEqual(['| k411 | 13 | 12 |', '| k410 | 12 | 11 |']);
        expect(note2).toContain('… and 1 more changed keys');
      }
    }
  });

  it('stays a few kilobytes for a 1,000,000-key state, long keys too, showing first, most-changed and how many more', async () => {
    const state = new KeyedState();
    // Every 1,000th key is 300 characters long.
    const long = 'x'.repeat(300);
    const key = (i: number): string => (i % 1000 === 0 ? `${long}${i}` : `k${i}`);
    for (let i = 0; i < 1_000_000; i++) state.set(key(i), i % 7);
    state.clearChanged();
    // Every 1,000th key moves by its index/1,000: the most-changed are the last ten of those.
    for (let i = 0; i < 1_000_000; i += 1000) state.set(key(i), (i % 7) + i / 1000);
    const store = new MemoryStore();
    const paths = flowPaths('Flows', 'big.excalidraw.md');
    const cps = new CheckpointStore(store, paths, fixedClock());
    const head: CheckpointHead = { format: CHECKPOINT_FORMAT, drawing: 'big.excalidraw.md', id: 2, kind: 'full', createdAt: 'T', nodes: { p: { name: 'counter', role: 'processor' } }, offsets: { q: 1_000_000 }, sinks: {}, processed: 1_001_000 };
    await cps.write({
      head,
      parts: [{ id: 'p', keys: state.values.keys(), valueOf: (k) => state.values.get(k) }],
      previews: [{ id: 'p', totalKeys: state.values.size, changedKeys: state.changed.size, changes: { keys: state.changedKeys, from: state.changedFrom } }],
      startedAt: 0,
      yieldNow: () => Promise.resolve(),
    });
    const note = store.files.get(paths.checkpointNote(2))!;
    expect(new TextEncoder().encode(note).length).toBeLessThan(12_000);
    expect(note).toContain('1000 of 1000000 keys changed since the previous checkpoint.');
    expect(rowsOf(note, 'First keys')).toHaveLength(10);
    const moved = rowsOf(note, 'Most-changed keys');
    expect(moved).toHaveLength(10);
    // Cells cut at 80 characters (the data files hold the whole key).
    expect(moved[0]).toBe(`| ${'x'.repeat(80)}… | ${(999_000 % 7) + 999} | 999 |`);
    // Largest values rank by |value|, most-changed by the change: they overlap but not wholly; each key is shown once.
    const largest = rowsOf(note, 'Largest values');
    expect(note).toContain(`… and ${1_000_000 - 20 - largest.length} more keys (all in the data files).`);
  });
});
