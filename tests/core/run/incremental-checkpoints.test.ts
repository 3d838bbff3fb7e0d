import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../../src/cli/node-vault-store';
import { FlowSession, type SessionOptions } from '../../../src/core/run/flow-session';
import { fixedClock, instantScheduler, tempVault } from '../../helpers/temp-vault';
import { loadCheckpoint } from '../../helpers/checkpoint-files';
import { countPlan, expectedCount } from './pipelines';

const keysOf = (n: number, distinct: number): string[] => Array.from({ length: n }, (_, i) => `k${(i * 7919) % distinct}`);

async function session(dir: string, opts: Partial<SessionOptions> = {}, events = keysOf(0, 1)): Promise<FlowSession> {
  const plan = countPlan(events.map((key) => ({ key, value: 1 })));
  return FlowSession.fromPlan(plan, { store: new NodeVaultStore(dir), clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md', ...opts });
}

const stateOf = (s: FlowSession): Record<string, number> => Object.fromEntries(s.engine.states.get('counter')!.values);

describe('incremental checkpoints', () => {
  it('writes a full checkpoint every K and deltas of only the changed keys in between', async () => {
    const dir = await tempVault();
    const s = await session(dir, { checkpointEveryEvents: 100, fullCheckpointEvery: 3, retainCheckpoints: 100 }, keysOf(1000, 500));
    await s.runUntilDrained();
    expect(s.written.map((c) => c.kind)).toEqual(['full', 'incremental', 'incremental', 'full', 'incremental', 'incremental', 'full', 'incremental', 'incremental', 'full']);
    const delta = await fs.readFile(path.join(dir, s.written[1].path), 'utf8');
    expect(delta).toMatch(/\nkind: incremental\nparent: 1\nbase: 1\n/);
    expect(delta).toContain('keys_changed: 100');
    const snapshot = await loadCheckpoint(dir, s.written[1].path);
    expect(snapshot.state.counter).toHaveLength(100);
    expect(snapshot.parent).toBe(1);
    expect(s.written[1].sizeBytes).toBeLessThan(s.written[3].sizeBytes);
  });

  it('restores base + deltas to exactly the state at that checkpoint', async () => {
    const dir = await tempVault();
    const events = keysOf(1000, 300);
    const s = await session(dir, { checkpointEveryEvents: 70, fullCheckpointEvery: 5, retainCheckpoints: 100 }, events);
    await s.runUntilDrained();
    // Newest first: a restore cuts the sinks back to its checkpoint, so the checkpoints after it are
    // left behind (and refused); going from newer to older keeps each next one restorable.
    const deltas = s.written.filter((c) => c.kind === 'incremental').slice(0, 4).reverse();
    expect(deltas).toHaveLength(4);
    for (const cp of deltas) {
      const fresh = await session(dir, { retainCheckpoints: 100 }, events);
      const outcome = await fresh.restoreFrom(cp.path);
      expect(outcome.restored?.id).toBe(cp.id);
      const upTo = cp.offsets.queue;
      expect(stateOf(fresh)).toEqual(expectedCount(events.slice(0, upTo)).state);
    }
    // And a newer one than the last restored is refused, by name, rather than restored over cut output.
    const fresh = await session(dir, { retainCheckpoints: 100 }, events);
    await expect(fresh.restoreFrom(deltas[0].path)).rejects.toThrow(/was left behind when checkpoint \d+ went back to checkpoint/);
    // The list says so beforehand (the plugin's picker leaves them out): every checkpoint after the
    // oldest one restored, up to the newest copy, is left behind; that copy and the older ones are not.
    const listed = await fresh.listCheckpoints();
    const oldest = deltas[3].id;
    const copy = listed.at(-1)!.id;
    expect(listed.filter((c) => c.leftBehind).map((c) => c.id)).toEqual(listed.map((c) => c.id).filter((id) => id > oldest && id < copy));
    expect(listed.find((c) => c.leftBehind)?.leftBehind).toEqual({ copy, restoredFrom: oldest });
    expect(listed.every((c) => c.valid)).toBe(true);
  });

  it('bounds the tables rendered for a big state and counts what changed', async () => {
    const dir = await tempVault();
    // 5,000 keys once each, then k4000…k4011 again 1…12 more times: the largest values are not the first keys.
    const extra = Array.from({ length: 12 }, (_, i) => Array<string>(i + 1).fill(`k${4000 + i}`)).flat();
    const s = await session(dir, { checkpointEveryEvents: 5000 + extra.length, retainCheckpoints: 100 }, [...keysOf(5000, 5000), ...extra]);
    await s.runUntilDrained();
    const note = await fs.readFile(path.join(dir, s.written[0].path), 'utf8');
    // The first 10 keys, then the 10 largest counts among the others: bounded whatever the state.
    expect(note.match(/^\| k\d+ \| \d+ \|$/gm)).toHaveLength(20);
    expect(note).toContain('… and 4980 more keys (all in the data files).');
    expect(note).toMatch(/keys: 5000\n/);
    expect(note).toMatch(/size_bytes: \d+\nduration_ms: \d+\n/);
    const largest = note.slice(note.indexOf('Largest values')).match(/^\| (k\d+) \| (\d+) \|$/gm);
    expect(largest).toEqual(Array.from({ length: 10 }, (_, i) => `| k${4011 - i} | ${13 - i} |`));
    expect(note.length).toBeLessThan(4000);
  });

  it('retains the last N ring checkpoints, their bases, and every manual one', async () => {
    const dir = await tempVault();
    const s = await session(dir, { checkpointEveryEvents: 50, fullCheckpointEvery: 4, retainCheckpoints: 2 }, keysOf(300, 40));
    await s.step();
    const manual = await s.checkpointNow();
    await s.runUntilDrained();
    const listed = await s.listCheckpoints();
    const ids = listed.map((c) => c.id);
    expect(ids).toContain(manual.id);
    expect(listed.every((c) => c.valid)).toBe(true);
    const ring = listed.filter((c) => c.kind !== 'manual');
    // The newest two, plus the chain back to the full base they are deltas over.
    const newest = ring.at(-1)!;
    expect(ring.map((c) => c.id)).toContain(newest.base ?? newest.id);
    expect(ring.length).toBeLessThanOrEqual(4);
    expect(ring.length).toBeGreaterThanOrEqual(2);
    const written = s.written.filter((c) => c.kind !== 'manual').map((c) => c.id);
    expect(written.length).toBeGreaterThan(ring.length);
  });

  it('a manual checkpoint is full and does not break the chain of deltas', async () => {
    const dir = await tempVault();
    const events = keysOf(200, 30);
    const s = await session(dir, { checkpointEveryEvents: 50, retainCheckpoints: 100 }, events);
    for (let i = 0; i < 60; i++) await s.step();
    const manual = await s.checkpointNow();
    expect(manual.kind).toBe('manual');
    await s.runUntilDrained();
    const after = s.written.filter((c) => c.id > manual.id);
    expect(after[0].kind).toBe('incremental');
    expect(after[0].parent).toBe(1);
    const fresh = await session(dir, { retainCheckpoints: 100 }, events);
    await fresh.restoreFrom(after[0].path);
    expect(stateOf(fresh)).toEqual(expectedCount(events.slice(0, after[0].offsets.queue)).state);
  });
});
