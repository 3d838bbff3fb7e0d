import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../../src/cli/node-vault-store';
import { FlowSession } from '../../../src/core/run/flow-session';
import { damageDataFile, dataFilesOf } from '../../helpers/checkpoint-files';
import { SEED, fixedClock, instantScheduler, tempVault } from '../../helpers/temp-vault';

async function openSeed(dir: string): Promise<FlowSession> {
  return FlowSession.open({ store: new NodeVaultStore(dir), clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'checkpointing.excalidraw.md' });
}

describe('the seed drawing, run exactly as drawn', () => {
  it('gives the processor A = 1, B = 1, C = 1 and all drawn assertions hold', async () => {
    const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    const session = await openSeed(dir);
    await session.runUntilDrained();
    const report = await session.report();
    expect(report.state).toEqual({ 'processing service': { A: 1, B: 1, C: 1 } });
    expect(report.offsets).toEqual({ queue: 3 });
    expect(report.assertions.map((a) => [a.key, a.expected, a.actual, a.ok])).toEqual([
      ['A', 1, 1, true],
      ['B', 1, 1, true],
      ['C', 1, 1, true],
    ]);
  });

  it('consumes A first, then B, then C (nearest the outgoing line first)', async () => {
    const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    const session = await openSeed(dir);
    const order: string[] = [];
    const state = session.engine.states.values().next().value!;
    while (session.engine.step()) order.push([...state.changed].at(-1)!);
    expect(order).toEqual(['A', 'B', 'C']);
  });

  it('writes a checkpoint note on disk that restores to the same state', async () => {
    const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    const session = await openSeed(dir);
    await session.runUntilDrained();
    const [cp] = (await session.report()).checkpoints;
    expect(cp.path).toBe('Flows/checkpointing/checkpoints/checkpoint-0001.md');
    const note = await fs.readFile(path.join(dir, cp.path), 'utf8');
    expect(note).toMatch(/^---\nflow: "\[\[checkpointing\.excalidraw\]\]"/);
    expect(note).toContain('| A | 1 |');

    const fresh = await openSeed(dir);
    expect(fresh.engine.pending()).toBe(3);
    const { restored, problems } = await fresh.resume();
    expect(problems).toEqual([]);
    expect(restored?.id).toBe(1);
    expect(fresh.engine.pending()).toBe(0);
    expect(Object.fromEntries(fresh.engine.states.values().next().value!.values)).toEqual({ A: 1, B: 1, C: 1 });
  });

  it('refuses a checkpoint whose snapshot was edited and falls back to the previous one', async () => {
    const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    const first = await openSeed(dir);
    await first.runUntilDrained();
    await first.checkpoint('manual');
    const second = path.join(dir, 'Flows/checkpointing/checkpoints/checkpoint-0002.md');
    await damageDataFile((await dataFilesOf(second))[0]);
    const fresh = await openSeed(dir);
    const { restored, problems } = await fresh.resume();
    expect(restored?.id).toBe(1);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/checkpoint-0002\.md: its data file .*checkpoint-0002\.data\.md does not match its sha256/);
  });
});
