import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../../src/cli/node-vault-store';
import { FlowSession, type SessionOptions } from '../../../src/core/run/flow-session';
import { fixedClock, instantScheduler, tempVault } from '../../helpers/temp-vault';
import { countPlan } from './pipelines';

const keysOf = (n: number, distinct: number): string[] => Array.from({ length: n }, (_, i) => `k${(i * 7919) % distinct}`);

async function session(dir: string, events: string[], opts: Partial<SessionOptions> = {}): Promise<FlowSession> {
  const plan = countPlan(events.map((key) => ({ key, value: 1 })));
  return FlowSession.fromPlan(plan, { store: new NodeVaultStore(dir), clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md', retainCheckpoints: 100, ...opts });
}

const counts = (events: string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const k of events) out[k] = (out[k] ?? 0) + 1;
  return out;
};

describe('events consumed before a checkpoint leave memory', () => {
  it('keeps only the events after the last checkpoint in the in-memory log', async () => {
    const dir = await tempVault();
    const events = keysOf(1000, 300);
    const s = await session(dir, events, { checkpointEveryEvents: 100 });
    await s.runUntilDrained();
    const log = [...s.engine.logs.values()][0];
    const last = s.written[s.written.length - 1];
    expect(log.length).toBe(1000);
    expect(log.base).toBe(Object.values(last.offsets)[0]);
    // The end-of-input checkpoint ran everything: the log holds nothing, and no chunk of run events stays in memory.
    expect([log.base, log.held, log.inMemory]).toEqual([1000, 0, 0]);
    expect(Object.fromEntries(s.engine.states.get('counter')!.values)).toEqual(counts(events));
  });

  it('an older checkpoint still restores and replays exactly: its events are read back from the queue', async () => {
    const dir = await tempVault();
    const events = keysOf(1000, 300);
    const s = await session(dir, events, { checkpointEveryEvents: 100 });
    await s.runUntilDrained();
    // Back to the third checkpoint (300 events in), in the same session whose log dropped them.
    const third = s.written[2];
    await s.restoreFrom(third.path);
    expect(s.engine.processed).toBe(300);
    await s.runUntilDrained();
    expect(Object.fromEntries(s.engine.states.get('counter')!.values)).toEqual(counts(events));
  });
});
