import { describe, expect, it } from 'vitest';
import { FlowSession } from '../../src/core/run/flow-session';
import { MemoryStore } from '../helpers/memory-store';
import { fixedClock, instantScheduler } from '../helpers/temp-vault';
import { countPlan } from '../core/run/pipelines';

/** A vault that counts whole-note reads per path. */
class CountingStore extends MemoryStore {
  readonly reads = new Map<string, number>();
  override read(path: string): Promise<string | null> {
    this.reads.set(path, (this.reads.get(path) ?? 0) + 1);
    return super.read(path);
  }
}

/**
 * Issue 13: on a 192 MB heap `flows run` died in its report, re-reading a 24 MB changelog sink
 * note it had just written. The report a person reads (no `--json`) needs each sink's size
 * only, which the engine knows: it reads no sink note at all.
 */
describe("the run's report", () => {
  const keys = Array.from({ length: 50_000 }, (_, i) => ({ key: `k${i % 97}`, value: 1 }));

  it('without sink rows (flows run without --json) reads no sink note, and counts every sink from memory', async () => {
    for (const sinkMode of ['changelog', 'upsert'] as const) {
      const store = new CountingStore();
      const s = await FlowSession.fromPlan(countPlan(keys), { store, clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md', checkpointEveryEvents: 10_000, sinkMode });
      await s.runUntilDrained();
      const sinkNote = [...store.files.keys()].find((p) => p.includes('/sinks/'))!;
      const before = store.reads.get(sinkNote) ?? 0;
      const lean = await s.report({ sinkRows: false });
      expect(store.reads.get(sinkNote) ?? 0).toBe(before);
      expect(lean.sinkCounts).toEqual({ storage: sinkMode === 'changelog' ? keys.length : 97 });
      expect(lean.sinks).toEqual({ storage: [] });
      const full = await s.report();
      expect(full.sinks.storage).toHaveLength(lean.sinkCounts.storage);
      expect(full.sinkCounts).toEqual(lean.sinkCounts);
    }
  });
});
