import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../../src/cli/node-vault-store';
import { FlowSession } from '../../../src/core/run/flow-session';
import { fixedClock, instantScheduler, tempVault } from '../../helpers/temp-vault';
import { damageDataFile, dataFilesOf } from '../../helpers/checkpoint-files';
import { countPlan, expectedCount } from '../run/pipelines';

const EVENTS = Array.from({ length: 400 }, (_, i) => ({ key: `k${(i * 31) % 57}`, value: 1 }));

/** Writes checkpoints 1 (full), 2, 3 (deltas), 4 (full), 5 (delta), one every 80 events. */
async function fiveCheckpoints(): Promise<{ dir: string; note: (id: number) => string }> {
  const dir = await tempVault();
  const s = await FlowSession.fromPlan(countPlan(EVENTS), { store: new NodeVaultStore(dir), clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md', checkpointEveryEvents: 80, fullCheckpointEvery: 3, retainCheckpoints: 100 });
  await s.runUntilDrained();
  expect(s.written.map((c) => c.kind)).toEqual(['full', 'incremental', 'incremental', 'full', 'incremental']);
  return { dir, note: (id) => path.join(dir, s.paths.checkpointNote(id)) };
}

async function resumeIn(dir: string): Promise<{ id: number | undefined; problems: string[]; state: Record<string, number>; session: FlowSession }> {
  const s = await FlowSession.fromPlan(countPlan(EVENTS), { store: new NodeVaultStore(dir), clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md' });
  const r = await s.resume();
  return { id: r.restored?.id, problems: r.problems.map((p) => p.message), state: Object.fromEntries(s.engine.states.get('counter')!.values), session: s };
}

const stateAt = (id: number): Record<string, number> => expectedCount(EVENTS.slice(0, id * 80).map((e) => e.key)).state;

describe('a damaged checkpoint is detected, reported, and the previous valid one is used', () => {
  it('a data file cut short (a torn copy) → falls back to the one before', async () => {
    const { dir, note } = await fiveCheckpoints();
    const [data] = await dataFilesOf(note(5));
    const text = await fs.readFile(data, 'utf8');
    await fs.writeFile(data, text.slice(0, Math.floor(text.length * 0.7)));
    const r = await resumeIn(dir);
    expect(r.id).toBe(4);
    expect(r.state).toEqual(stateAt(4));
    expect(r.problems).toEqual([expect.stringMatching(/checkpoint-0005\.md: its data file .*checkpoint-0005\.data\.md is cut short/)]);
  });

  it('a note cut short before its data files are named → falls back', async () => {
    const { dir, note } = await fiveCheckpoints();
    const text = await fs.readFile(note(5), 'utf8');
    await fs.writeFile(note(5), text.slice(0, text.indexOf('data_files:')));
    const r = await resumeIn(dir);
    expect(r.id).toBe(4);
    expect(r.problems).toEqual([expect.stringContaining('checkpoint-0005.md has no data files and no snapshot block')]);
  });

  it('one bit flipped inside the data → its sha256 does not match → fallback', async () => {
    const { dir, note } = await fiveCheckpoints();
    const [data] = await dataFilesOf(note(5));
    const bytes = await fs.readFile(data);
    const at = bytes.indexOf('```flows-data') + 20;
    bytes[at] ^= 0x01;
    await fs.writeFile(data, bytes);
    const r = await resumeIn(dir);
    expect(r.id).toBe(4);
    expect(r.problems[0]).toMatch(/checkpoint-0005\.md: its data file .* does not match its sha256/);
  });

  it('a data file missing → fallback; a data file swapped for another checkpoint\'s → the note\'s checksum catches it', async () => {
    const { dir, note } = await fiveCheckpoints();
    const [five] = await dataFilesOf(note(5));
    const [two] = await dataFilesOf(note(2));
    await fs.copyFile(five, `${five}.bak`);
    await fs.rm(five);
    let r = await resumeIn(dir);
    expect(r.id).toBe(4);
    expect(r.problems[0]).toMatch(/checkpoint-0005\.md needs its data file .*checkpoint-0005\.data\.md, which does not exist/);
    await fs.copyFile(two, five);
    r = await resumeIn(dir);
    expect(r.id).toBe(4);
    expect(r.problems[0]).toMatch(/checkpoint-0005\.md does not match its checksum/);
  });

  it('a checksum edited in the frontmatter → fallback', async () => {
    const { dir, note } = await fiveCheckpoints();
    const text = await fs.readFile(note(5), 'utf8');
    await fs.writeFile(note(5), text.replace(/checksum: "sha256:[0-9a-f]{4}/, 'checksum: "sha256:0000'));
    expect((await resumeIn(dir)).id).toBe(4);
  });

  it('a missing base → every delta over it is refused; the newest whole chain wins', async () => {
    const { dir, note } = await fiveCheckpoints();
    await fs.rm(note(4));
    await damageDataFile((await dataFilesOf(note(1)))[0]);
    const r = await resumeIn(dir);
    // 5 needs 4 (gone); 3 and 2 need 1 (damaged): nothing is restorable, so the run starts over.
    expect(r.id).toBeUndefined();
    expect(r.problems).toHaveLength(4);
    expect(r.problems[0]).toMatch(/checkpoint-0005\.md is a delta that needs checkpoint 4: checkpoint note .*checkpoint-0004\.md does not exist/);
    expect(r.problems[1]).toMatch(/checkpoint-0003\.md is a delta that needs checkpoint 1: .*checkpoint-0001\.md: its data file .* does not match its sha256/);
    expect(r.session.engine.offsets.get('queue')).toBe(0);
  });

  it('a note holding another checkpoint\'s snapshot (copied over) is refused', async () => {
    const { dir, note } = await fiveCheckpoints();
    await fs.copyFile(note(1), note(5));
    const r = await resumeIn(dir);
    expect(r.problems).toEqual([expect.stringMatching(/checkpoint-0005\.md holds the snapshot of checkpoint 1/)]);
    expect(r.id).toBe(4);
  });

  it('a parent replaced by a different valid checkpoint with the same number → the delta is refused', async () => {
    const { dir } = await fiveCheckpoints();
    const s = (await resumeIn(dir)).session;
    const four = await s.checkpoints.load(s.paths.checkpointNote(4));
    if (!four.ok) throw new Error('checkpoint 4 should load');
    const { state, ...head } = four.data;
    const changed = new Map(state.counter.map(([k, v]) => [k, (v ?? 0) + 100]));
    await s.checkpoints.write({ head, parts: [{ id: 'counter', keys: changed.keys(), valueOf: (k) => changed.get(k) }], previews: [], startedAt: 0, yieldNow: () => Promise.resolve() });
    const r = await resumeIn(dir);
    expect(r.problems).toEqual([expect.stringMatching(/checkpoint-0005\.md is a delta that needs checkpoint 4: checkpoint 4 was replaced since/)]);
    expect(r.id).toBe(4);
    expect(r.state.k0).toBe(stateAt(4).k0 + 100);
  });

  it('flows lists every note with whether it can be restored', async () => {
    const { dir, note } = await fiveCheckpoints();
    await fs.rm(note(1));
    const s = (await resumeIn(dir)).session;
    const listed = await s.listCheckpoints();
    expect(listed.map((c) => [c.id, c.kind, c.valid])).toEqual([[2, 'incremental', false], [3, 'incremental', false], [4, 'full', true], [5, 'incremental', true]]);
  });
});
