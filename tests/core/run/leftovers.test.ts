import { describe, expect, it } from 'vitest';
import { FlowSession } from '../../../src/core/run/flow-session';
import { fixedClock, instantScheduler } from '../../helpers/temp-vault';
import { MemoryStore } from '../../helpers/memory-store';
import { countPlan } from './pipelines';

describe('files left by a write a kill cut short', () => {
  it('temporary files in the run folders are removed when a run starts or resumes; others are kept', async () => {
    for (const how of ['start', 'resume'] as const) {
      const store = new MemoryStore();
      store.files.set('Flows/flow/checkpoints/checkpoint-0002.md.4242.tmp', 'half a note');
      store.files.set('Flows/flow/sinks/storage.md.tmp', 'half');
      store.files.set('Flows/flow/checkpoints/notes by hand.md', 'mine');
      const s = await FlowSession.fromPlan(countPlan([{ key: 'A', value: 1 }]), { store, clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md' });
      await (how === 'start' ? s.start() : s.resume());
      expect([...store.files.keys()].sort()).toEqual(['Flows/flow/checkpoints/notes by hand.md']);
    }
  });
});
