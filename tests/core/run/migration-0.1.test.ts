import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../../src/cli/node-vault-store';
import { FlowSession } from '../../../src/core/run/flow-session';
import { FIXTURES, fixedClock, instantScheduler, listFiles, tempVault } from '../../helpers/temp-vault';

/**
 * Files written by version 0.1 (tests/fixtures/v0.1, generated once by that code and committed):
 * a run killed after 23 of 40 events, checkpoint 4 (full, at 20 events) its newest, 2 and 3
 * deltas. Whatever the formats of today, such a vault must resume to the right answer.
 */
const V01 = path.join(FIXTURES, 'v0.1');

async function copyOfV01(): Promise<string> {
  const dir = await tempVault();
  const src = path.join(V01, 'vault');
  for (const rel of await listFiles(src)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.copyFile(path.join(src, rel), path.join(dir, rel));
  }
  return dir;
}

async function expected(): Promise<{ count: Record<string, number>; sum: Record<string, number>; countRows: { key: string; value: number }[] }> {
  const events = JSON.parse(await fs.readFile(path.join(V01, 'events.json'), 'utf8')) as { key: string; value: number }[];
  const count: Record<string, number> = Object.create(null);
  const sum: Record<string, number> = Object.create(null);
  const countRows = events.map((e) => {
    sum[e.key] = (sum[e.key] ?? 0) + e.value;
    return { key: e.key, value: (count[e.key] = (count[e.key] ?? 0) + 1) };
  });
  return { count, sum, countRows };
}

const open = (dir: string): Promise<FlowSession> => FlowSession.open({ store: new NodeVaultStore(dir), clock: fixedClock(Date.parse('2026-12-01T00:00:00Z')), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md' });

describe('a vault written by 0.1', () => {
  it('lists its checkpoint notes as restorable', async () => {
    const s = await open(await copyOfV01());
    const listed = await s.listCheckpoints();
    expect(listed.map((c) => [c.id, c.kind, c.valid])).toEqual([
      [1, 'full', true],
      [2, 'incremental', true],
      [3, 'incremental', true],
      [4, 'full', true],
    ]);
  });

  it('resumes from its newest checkpoint and replays its queue note to the right state and output', async () => {
    const dir = await copyOfV01();
    const s = await open(dir);
    const outcome = await s.resume();
    expect(outcome.restored?.id).toBe(4);
    expect(outcome.problems).toEqual([]);
    expect(s.engine.processed).toBe(20);
    await s.runUntilDrained();
    const want = await expected();
    const report = await s.report();
    expect(report.offsets).toEqual({ orders: 40 });
    expect({ ...report.state.count }).toEqual({ ...want.count });
    expect({ ...report.state.sum }).toEqual({ ...want.sum });
    // The old sink note is a row-per-update log: the resumed run continues it exactly once.
    expect(report.sinks.storage).toEqual(want.countRows);
  });

  it('restores an incremental 0.1 checkpoint (base + delta)', async () => {
    const s = await open(await copyOfV01());
    const outcome = await s.restoreFrom('Flows/flow/checkpoints/checkpoint-0003.md');
    expect(outcome.restored?.id).toBe(3);
    expect(s.engine.processed).toBe(15);
    await s.runUntilDrained();
    const want = await expected();
    expect({ ...(await s.report()).state.count }).toEqual({ ...want.count });
  });
});
