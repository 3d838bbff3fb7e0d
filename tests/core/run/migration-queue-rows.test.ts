import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../../src/cli/node-vault-store';
import { parseSegmentIndex } from '../../../src/core/run/queue-file';
import { readQueueEvents } from '../../../src/core/run/queue-reader';
import { runFlowsProcess } from '../../helpers/run-cli';
import { FIXTURES, listFiles, tempVault } from '../../helpers/temp-vault';

/**
 * tests/fixtures/queue-rows/vault: written by the command line of the version before queue
 * segments (`flows run flow.excalidraw --events events.md --checkpoint-every 500 --rate 3000`,
 * killed with SIGKILL after its 4th checkpoint; its run lock removed so it resumes on any
 * machine at once). Its queue note holds all 6,000 events as one row each. Resumed by today's
 * version, it must end as an uninterrupted run of the same events does.
 */
const FIXTURE = path.join(FIXTURES, 'queue-rows', 'vault');
const QUEUE = 'Flows/flow.excalidraw/queues/orders.md';

async function copyOfFixture(): Promise<string> {
  const dir = await tempVault();
  for (const rel of await listFiles(FIXTURE)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.copyFile(path.join(FIXTURE, rel), path.join(dir, rel));
  }
  return dir;
}

const sinkRows = async (dir: string): Promise<string[]> => (await fs.readFile(path.join(dir, 'Flows/flow.excalidraw/sinks/storage.md'), 'utf8')).split('\n').filter((l) => /^\| k\d+ \|/.test(l));

describe('a queue note of the row-per-event format (real files of the previous version)', () => {
  it('resumes to the state, offsets and sink rows of an uninterrupted run', async () => {
    const dir = await copyOfFixture();
    const note = await fs.readFile(path.join(dir, QUEUE), 'utf8');
    expect(parseSegmentIndex(note, QUEUE)).toEqual([]);
    expect((await readQueueEvents(new NodeVaultStore(dir), QUEUE))!.keys).toHaveLength(6000);

    const resumed = await runFlowsProcess(['run', 'flow.excalidraw', '--resume', '--json'], dir);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const got = JSON.parse(resumed.stdout) as { restored: { path: string }; offsets: unknown; state: unknown; sinks: unknown };
    expect(got.restored.path).toBe('Flows/flow.excalidraw/checkpoints/checkpoint-0004.md');

    const fresh = await tempVault();
    await fs.copyFile(path.join(FIXTURE, 'flow.excalidraw'), path.join(fresh, 'flow.excalidraw'));
    await fs.copyFile(path.join(FIXTURE, 'events.md'), path.join(fresh, 'events.md'));
    const straight = await runFlowsProcess(['run', 'flow.excalidraw', '--events', 'events.md', '--json'], fresh);
    expect(straight.code).toBe(0);
    const want = JSON.parse(straight.stdout) as { offsets: unknown; state: unknown; sinks: unknown };
    expect(got.offsets).toEqual({ orders: 6000 });
    expect(got.offsets).toEqual(want.offsets);
    expect(got.state).toEqual(want.state);
    expect(got.sinks).toEqual(want.sinks);
    expect(await sinkRows(dir)).toEqual(await sinkRows(fresh));
    expect((await sinkRows(dir)).length).toBe(97);
  });
});
