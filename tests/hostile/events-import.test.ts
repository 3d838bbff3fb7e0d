import { spawn } from 'node:child_process';
import { existsSync, promises as fs, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowPaths } from '../../src/core/paths';
import { FlowSession } from '../../src/core/run/flow-session';
import { queueImports } from '../../src/core/run/events-import';
import { NodeVaultStore } from '../../src/cli/node-vault-store';
import { readQueueEvents } from '../../src/core/run/queue-reader';
import { MemoryStore } from '../helpers/memory-store';
import { fixedClock, instantScheduler, tempVault } from '../helpers/temp-vault';
import { CrashingStore, countPlan } from '../core/run/pipelines';
import { bundles, runFlows } from './support/run-flows';

/**
 * An `--events` import is all or nothing and happens once per run: killed at any write, the
 * queue note holds none of the file's events or all of them, and passing the file again on
 * `--resume` does not append it a second time.
 */

const EVENTS = Array.from({ length: 30_000 }, (_, i) => ({ key: `k${i % 7}`, value: 1 }));
const expected = (n: number): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const e of EVENTS.slice(0, n)) out[e.key] = (out[e.key] ?? 0) + 1;
  return out;
};

async function open(store: MemoryStore | CrashingStore, extra: boolean): Promise<FlowSession> {
  return FlowSession.fromPlan(countPlan([{ key: 'seed', value: 1 }]), { store, clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md', sliceSize: 4096, checkpointEveryEvents: 5000, sinkMode: 'changelog', ...(extra ? { extraEvents: new Map([['queue', EVENTS]]) } : {}) });
}

const queueNote = flowPaths('Flows', 'flow.excalidraw.md').queueLog('queue', 'queue');

describe('an --events import', () => {
  it('killed at every write of a run, the queue note holds all of the events or none; resuming with the file again imports it exactly once', async () => {
    let crashes = 0;
    for (let budget = 0; ; budget++) {
      const disk = new MemoryStore();
      const first = await open(new CrashingStore(disk, budget), true);
      let crashed = false;
      try {
        await first.runUntilDrained();
      } catch {
        crashed = true;
      }
      if (!crashed) break;
      crashes++;
      const text = disk.files.get(queueNote);
      // Segment files and rows alike: every event the queue note lists.
      const rows = (await readQueueEvents(disk, queueNote))?.keys.length ?? 0;
      expect([budget, rows === 0 || rows === EVENTS.length]).toEqual([budget, true]);
      if (rows > 0) expect(queueImports(text!)).toHaveLength(1);

      // Resumed without the file: it knows exactly what was imported (all or nothing).
      const resumed = await open(disk.clone(), false);
      await resumed.resume();
      await resumed.runUntilDrained();
      expect(resumed.engine.processed).toBe(1 + rows);

      // Resumed with the file again: imported once, whatever the kill left.
      const again = await open(disk, true);
      await again.resume();
      await again.runUntilDrained();
      expect(again.imports).toEqual([{ sourceId: 'queue', events: EVENTS.length, appended: rows === 0 }]);
      expect(Object.fromEntries(again.engine.states.get('counter')!.values)).toEqual({ seed: 1, ...expected(EVENTS.length) });
      expect((await readQueueEvents(disk, queueNote))!.keys).toHaveLength(EVENTS.length);
    }
    expect(crashes).toBeGreaterThan(3);
  });

  it('passing the same file again on --resume, twice, appends it once and says so', async () => {
    const disk = new MemoryStore();
    const run = await open(disk, true);
    await run.runUntilDrained();
    for (let i = 0; i < 2; i++) {
      const again = await open(disk, true);
      await again.resume();
      await again.runUntilDrained();
      expect(again.imports).toEqual([{ sourceId: 'queue', events: EVENTS.length, appended: false }]);
      expect(again.engine.offsets.get('queue')).toBe(1 + EVENTS.length);
    }
    expect(queueImports(disk.files.get(queueNote)!)).toHaveLength(1);
  });
});

function drawing(): string {
  return JSON.stringify({
    type: 'excalidraw',
    version: 2,
    elements: [
      { id: 'queue', type: 'rectangle', x: 0, y: 0, width: 200, height: 60, angle: 0, isDeleted: false, boundElements: [{ type: 'text', id: 'queueName' }] },
      { id: 'queueName', type: 'text', x: 10, y: 20, width: 60, height: 25, angle: 0, text: 'orders', originalText: 'orders', containerId: 'queue', isDeleted: false },
      { id: 'proc', type: 'rectangle', x: 400, y: 0, width: 200, height: 60, angle: 0, isDeleted: false, boundElements: [{ type: 'text', id: 'procName' }] },
      { id: 'procName', type: 'text', x: 410, y: 20, width: 60, height: 25, angle: 0, text: 'count', originalText: 'count', containerId: 'proc', isDeleted: false },
      { id: 'qp', type: 'arrow', x: 204, y: 30, width: 192, height: 0, angle: 0, isDeleted: false, points: [[0, 0], [192, 0]], startBinding: { elementId: 'queue', focus: 0, gap: 4 }, endBinding: { elementId: 'proc', focus: 0, gap: 4 }, endArrowhead: 'arrow' },
    ],
  });
}

describe('flows run --events with 200,000 events, a real process', () => {
  it('killed while importing, then resumed with and without the file: never part of the file, never twice', async () => {
    const dir = await tempVault();
    await fs.writeFile(path.join(dir, 'flow.excalidraw'), drawing());
    const N = 200_000;
    await fs.writeFile(path.join(dir, 'events.md'), Array.from({ length: N }, (_, i) => `- k${i % 10}\n`).join(''));
    const queues = path.join(dir, 'Flows', 'flow.excalidraw', 'queues');
    // Killed as soon as the import's temporary file appears (or later, if the run is faster than the poll).
    const { cli } = await bundles();
    const child = spawn(process.execPath, [cli, 'run', 'flow.excalidraw', '--events', 'events.md'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('close', resolve));
    for (let tries = 0; tries < 20_000 && child.exitCode === null; tries++) {
      if (existsSync(queues) && readdirSync(queues).some((f) => f.endsWith('.tmp'))) break;
      await new Promise((r) => setImmediate(r));
    }
    child.kill('SIGKILL');
    await exited;

    const rowsNow = async (): Promise<number> => {
      const files = existsSync(queues) ? readdirSync(queues).filter((f) => f.endsWith('.md')) : [];
      if (files.length === 0) return 0;
      return (await readQueueEvents(new NodeVaultStore(dir), `Flows/flow.excalidraw/queues/${files[0]}`))?.keys.length ?? 0;
    };
    expect([0, N]).toContain(await rowsNow());

    const withFile = await runFlows(['run', 'flow.excalidraw', '--resume', '--events', 'events.md', '--json'], dir);
    expect(withFile.code).toBe(0);
    expect(JSON.parse(withFile.stdout).offsets).toEqual({ orders: N });
    const again = await runFlows(['run', 'flow.excalidraw', '--resume', '--events', 'events.md', '--json'], dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('flows run: --events: the 200000 events for queue "orders" are in its queue log already (imported earlier in this run); not appended again\n');
    const report = JSON.parse(again.stdout) as { offsets: Record<string, number>; state: { count: Record<string, number> } };
    expect(report.offsets).toEqual({ orders: N });
    expect(Object.values(report.state.count).reduce((a, b) => a + b, 0)).toBe(N);
    expect(await rowsNow()).toBe(N);
  });
});
