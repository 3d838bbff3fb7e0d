import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../../src/cli/node-vault-store';
import { FlowInputError } from '../../../src/core/diagnostics';
import type { Plan } from '../../../src/core/plan/plan';
import { FlowSession, type SessionOptions } from '../../../src/core/run/flow-session';
import { fixedClock, instantScheduler, tempVault } from '../../helpers/temp-vault';
import { countPlan, expectedCount } from './pipelines';

const QUEUE_NOTE = 'Flows/flow/queues/queue.md';

function open(dir: string, plan: Plan = countPlan([{ key: 'A', value: 1 }, { key: 'B', value: 1 }]), opts: Partial<SessionOptions> = {}): Promise<FlowSession> {
  return FlowSession.fromPlan(plan, { store: new NodeVaultStore(dir), clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md', sinkMode: 'changelog', ...opts });
}

const stateOf = (s: FlowSession): Record<string, number> => Object.fromEntries(s.engine.states.get('counter')!.values);

describe('the durable queue of a source', () => {
  it('writes injected events to the queue note before the engine sees them, and a resume replays them', async () => {
    const dir = await tempVault();
    const s = await open(dir);
    await s.runUntilDrained();
    await s.inject('queue', 'A');
    await s.inject('queue', 'C|x', 2.5);
    const note = await fs.readFile(path.join(dir, QUEUE_NOTE), 'utf8');
    expect(note).toContain('| 2 | A | 1 |\n| 3 | C\\|x | 2.5 |\n');
    s.simulateCrash();
    await expect(s.step()).rejects.toThrow(/crashed/);
    const outcome = await s.resume();
    expect(outcome.restored?.id).toBe(1);
    expect(s.engine.pending()).toBe(2);
    await s.runUntilDrained();
    expect(stateOf(s)).toEqual({ A: 2, B: 1, 'C|x': 1 });
    expect((await s.sinkRecords()).get('storage')!.map((r) => `${r.key}=${r.value}`)).toEqual(['A=1', 'B=1', 'A=2', 'C|x=1']);
  });

  it('appends --events after the drawn events, once, and a new run starts from the drawing again', async () => {
    const dir = await tempVault();
    const extra = new Map([['queue', [{ key: 'Z', value: 1 }, { key: 'Z', value: 1 }]]]);
    const s = await open(dir, undefined, { extraEvents: extra });
    await s.runUntilDrained();
    expect(stateOf(s)).toEqual({ A: 1, B: 1, Z: 2 });
    const again = await open(dir);
    await again.runUntilDrained();
    expect(stateOf(again)).toEqual({ A: 1, B: 1 });
    expect(await fs.stat(path.join(dir, QUEUE_NOTE)).catch(() => null)).toBeNull();
    expect((await again.sinkRecords()).get('storage')).toHaveLength(2);
  });

  it('refuses a checkpoint of another run whose queue note it cannot replay, and says so', async () => {
    const dir = await tempVault();
    const first = await open(dir, undefined, { extraEvents: new Map([['queue', [{ key: 'X', value: 1 }]]]) });
    await first.runUntilDrained();
    const second = await open(dir, undefined, { extraEvents: new Map([['queue', [{ key: 'Y', value: 1 }]]]), clock: fixedClock(Date.parse('2026-02-01T00:00:00Z')) });
    await second.runUntilDrained();
    // The second run moved the first aside; its checkpoint copied back by hand over the second's cannot replay this queue note.
    const cp = path.join(dir, first.written[0].path);
    expect(first.written[0].path).toBe(second.written[0].path);
    await fs.copyFile(path.join(dir, 'Flows/flow/previous runs/run-0001/checkpoints/checkpoint-0001.md'), cp);
    await fs.copyFile(path.join(dir, 'Flows/flow/previous runs/run-0001/checkpoints/checkpoint-0001.data.md'), cp.replace(/\.md$/, '.data.md'));
    const outcome = await (await open(dir)).resume();
    expect(outcome.restored).toBeNull();
    expect(outcome.problems.map((p) => p.message).join()).toMatch(/checkpoint 1 belongs to run .*\/1, but the queue log Flows\/flow\/queues\/queue\.md holds run .*\/2/);
    await expect((await open(dir)).restoreFrom(first.written[0].path)).rejects.toThrow(/belongs to run .* but the queue log Flows\/flow\/queues\/queue\.md holds run/);
  });

  it('drops a row torn by a crash mid-append and appends after the last whole one', async () => {
    const dir = await tempVault();
    const s = await open(dir);
    await s.runUntilDrained();
    await s.inject('queue', 'C');
    await fs.appendFile(path.join(dir, QUEUE_NOTE), '| 3 | D');
    const r = await open(dir);
    await r.resume();
    await r.inject('queue', 'E');
    await r.runUntilDrained();
    expect(stateOf(r)).toEqual({ A: 1, B: 1, C: 1, E: 1 });
    expect(await fs.readFile(path.join(dir, QUEUE_NOTE), 'utf8')).toMatch(/\| 2 \| C \| 1 \|\n\| 3 \| E \| 1 \|\n$/);
  });

  it('a queue note edited in the middle is an error naming the file and line', async () => {
    const dir = await tempVault();
    const s = await open(dir);
    await s.inject('queue', 'C');
    await s.inject('queue', 'D');
    const file = path.join(dir, QUEUE_NOTE);
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace('| 2 | C | 1 |', 'hello'));
    await expect((await open(dir)).resume()).rejects.toThrow(/queue\.md, line \d+: not a queue row/);
  });

  it('reads events from the note a queue links to, after the drawn ones', async () => {
    const dir = await tempVault();
    await fs.mkdir(path.join(dir, 'data'));
    await fs.writeFile(path.join(dir, 'data/orders.md'), '---\ntags: [events]\n---\n# Orders\n\nSome prose.\n\n- C\n- D: 3\n- E\n- not an event\n');
    const plan = countPlan([{ key: 'A', value: 1 }]);
    plan.nodes[0].link = '[[data/orders|the orders]]';
    const s = await open(dir, plan);
    await s.runUntilDrained();
    expect(stateOf(s)).toEqual({ A: 1, C: 1, D: 1, E: 1 });
    expect(s.diagnostics.map((d) => [d.file, d.line])).toEqual([['data/orders.md', 11]]);
    expect(expectedCount(['A', 'C', 'D', 'E']).state).toEqual(stateOf(s));
  });

  it('a missing events note is a FlowInputError naming the drawing, the element and the note', async () => {
    const dir = await tempVault();
    const plan = countPlan();
    plan.nodes[0].link = '[[missing events]]';
    const err = await open(dir, plan).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlowInputError);
    expect((err as Error).message).toMatch(/^flow\.excalidraw\.md, element queue: error: queue "queue" links to the events note \[\[missing events\]\], which is not in the vault/);
  });
});
