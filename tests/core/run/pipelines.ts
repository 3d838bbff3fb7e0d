import type { Operation } from '../../../src/core/graph/flow-graph';
import type { Plan, PlanNode } from '../../../src/core/plan/plan';
import type { VaultStore } from '../../../src/core/ports';

/** Test pipelines built as plans directly, so tests need no drawing geometry. */
export function node(id: string, role: PlanNode['role'], outputs: string[], operation: Operation = { kind: 'count' }, extra: Partial<PlanNode> = {}): PlanNode {
  return { id, name: id, role, operation, events: [], assertions: [], outputs, inputs: [], ...extra };
}

/** queue → count by key → storage: the benchmark's pipeline. */
export function countPlan(events: { key: string; value: number }[] = []): Plan {
  return { file: 'flow.excalidraw.md', nodes: [node('queue', 'source', ['counter'], { kind: 'count' }, { events }), node('counter', 'processor', ['storage'], { kind: 'count' }, { inputs: ['queue'] }), node('storage', 'sink', [], { kind: 'count' }, { inputs: ['counter'] })] };
}

/** What queue → count → storage must give: final counts and one sink record per event. */
export function expectedCount(keys: readonly string[]): { state: Record<string, number>; records: { key: string; value: number }[] } {
  const state: Record<string, number> = {};
  const records = keys.map((k) => ({ key: k, value: (state[k] = (state[k] ?? 0) + 1) }));
  return { state, records };
}

/**
 * A vault store that fails like a killed process: after `budget` more writes it throws, and the
 * failing append leaves half of its text behind (a torn row). Reads always work.
 */
export class CrashingStore implements VaultStore {
  writes = 0;
  constructor(
    private readonly inner: VaultStore,
    public budget = Number.POSITIVE_INFINITY,
  ) {}

  private spend(): boolean {
    this.writes++;
    return this.writes > this.budget;
  }

  read(path: string): Promise<string | null> {
    return this.inner.read(path);
  }
  async writeAtomic(path: string, text: string): Promise<void> {
    if (this.spend()) throw new Error(`crash before publishing ${path}`);
    await this.inner.writeAtomic(path, text);
  }
  async append(path: string, text: string): Promise<void> {
    if (this.spend()) {
      await this.inner.append(path, text.slice(0, Math.floor(text.length / 2)));
      throw new Error(`crash while appending to ${path}`);
    }
    await this.inner.append(path, text);
  }
  async remove(path: string): Promise<void> {
    if (this.spend()) throw new Error(`crash before removing ${path}`);
    await this.inner.remove(path);
  }
  list(folder: string): Promise<string[]> {
    return this.inner.list(folder);
  }
  exists(path: string): Promise<boolean> {
    return this.inner.exists(path);
  }
}
