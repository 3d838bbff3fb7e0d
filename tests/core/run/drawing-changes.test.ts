import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../../src/cli/node-vault-store';
import type { Plan } from '../../../src/core/plan/plan';
import { FlowSession } from '../../../src/core/run/flow-session';
import { formatDrawingChanges } from '../../../src/core/run/restore';
import { fixedClock, instantScheduler, tempVault } from '../../helpers/temp-vault';
import { node } from './pipelines';

const events = [{ key: 'A', value: 2 }, { key: 'B', value: 3 }, { key: 'A', value: 4 }];

describe('restoring into a drawing that changed since the checkpoint', () => {
  it('maps state by element id, drops removed processors and starts new ones empty', async () => {
    const dir = await tempVault();
    const before: Plan = { file: 'f', nodes: [node('q', 'source', ['sum', 'old'], undefined, { events }), node('sum', 'processor', [], { kind: 'sum' }), node('old', 'processor', [], { kind: 'max' })] };
    const opts = { store: new NodeVaultStore(dir), clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md' };
    await (await FlowSession.fromPlan(before, opts)).runUntilDrained();

    const after: Plan = { file: 'f', nodes: [node('q', 'source', ['sum', 'fresh'], undefined, { events: [...events, { key: 'C', value: 1 }] }), { ...node('sum', 'processor', [], { kind: 'sum' }), name: 'totals' }, node('fresh', 'processor', [], { kind: 'count' })] };
    const s = await FlowSession.fromPlan(after, opts);
    const { restored, changes } = await s.resume();
    expect(restored?.id).toBe(1);
    expect(changes).toEqual({
      mapped: [{ id: 'sum', name: 'totals', was: 'sum' }],
      dropped: [{ id: 'old', name: 'old' }],
      empty: [{ id: 'fresh', name: 'fresh' }],
      changedQueues: [{ id: 'q', name: 'q' }],
    });
    expect(formatDrawingChanges(changes!)).toEqual([
      'state of "totals" (sum) maps over (was "sum")',
      'state of "old" (old) is dropped: it is no longer in the drawing',
      '"fresh" (fresh) is new since the checkpoint and starts empty',
      'the events of queue "q" (q) changed since the checkpoint; replay continues at its offset in the new events',
    ]);
    await s.runUntilDrained();
    expect(Object.fromEntries(s.engine.states.get('sum')!.values)).toEqual({ A: 6, B: 3, C: 1 });
    expect(Object.fromEntries(s.engine.states.get('fresh')!.values)).toEqual({ C: 1 });
  });
});
