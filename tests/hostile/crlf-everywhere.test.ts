import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../src/cli/node-vault-store';
import type { SinkMode } from '../../src/core/engine/engine';
import { FlowSession } from '../../src/core/run/flow-session';
import { countPlan, expectedCount } from '../core/run/pipelines';
import { fixedClock, instantScheduler, listFiles, tempVault } from '../helpers/temp-vault';

const KEYS = Array.from({ length: 3000 }, (_, i) => `k${(i * 7919) % 97}`);

function open(dir: string, sinkMode: SinkMode): Promise<FlowSession> {
  return FlowSession.fromPlan(countPlan(), {
    store: new NodeVaultStore(dir),
    clock: fixedClock(),
    scheduler: instantScheduler,
    drawingPath: 'flow.excalidraw.md',
    checkpointEveryEvents: 500,
    fullCheckpointEvery: 3,
    sinkMode,
    extraEvents: new Map([['queue', KEYS.map((key) => ({ key, value: 1 }))]]),
  });
}

/** What git's `core.autocrlf` does to a checked-out vault: every text file's line ends become CRLF. */
async function crlfEverything(dir: string): Promise<number> {
  const files = (await listFiles(dir)).filter((f) => f.endsWith('.md'));
  for (const f of files) {
    const full = path.join(dir, f);
    await fs.writeFile(full, (await fs.readFile(full, 'utf8')).replace(/\r?\n/g, '\r\n'));
  }
  return files.length;
}

describe('a vault whose every note got CRLF line ends (git autocrlf) reads exactly as it was written', () => {
  for (const sinkMode of ['changelog', 'upsert'] as const) {
    it(`${sinkMode}: resume, and restore of an older checkpoint, end as an uninterrupted run`, async () => {
      const dir = await tempVault();
      const first = await open(dir, sinkMode);
      await first.runUntilDrained();
      const want = expectedCount(KEYS);
      const checkpoints = first.written.map((c) => c.path);
      expect(checkpoints.length).toBeGreaterThan(4);
      // Checkpoint notes and data files, queue note and segments, sink notes: all of them.
      expect(await crlfEverything(dir)).toBeGreaterThanOrEqual(checkpoints.length * 2 + 2);

      const resumed = await open(dir, sinkMode);
      expect((await resumed.resume()).restored?.id).toBe(first.written.at(-1)!.id);
      await resumed.runUntilDrained();
      expect(Object.fromEntries(resumed.engine.states.get('counter')!.values)).toEqual(want.state);

      await crlfEverything(dir);
      const restored = await open(dir, sinkMode);
      await restored.restoreFrom(checkpoints[1]);
      await restored.runUntilDrained();
      expect(Object.fromEntries(restored.engine.states.get('counter')!.values)).toEqual(want.state);
      const records = (await restored.sinkRecords()).get('storage');
      if (sinkMode === 'changelog') expect(records).toEqual(want.records);
      else expect(Object.fromEntries(records!.map((r) => [r.key, r.value]))).toEqual(want.state);
    });
  }
});
