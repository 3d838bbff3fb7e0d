import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main-cli';
import { NodeVaultStore } from '../../src/cli/node-vault-store';
import { queueEventsOf } from '../../src/core/flink-bridge/vault-events';
import { planDrawing } from '../../src/core/run/load-flow';
import { BRIDGE_DRAWING, bridgeVault } from '../helpers/bridge-vault';

/*
 * flows push / flows pull without a broker: what they read from the vault and what they refuse.
 * The round trip through a real Kafka broker and Flink is in tests/flink (project `flink`).
 */

async function cli(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const UNREACHABLE = '127.0.0.1:9'; // the discard port: nothing listens there

describe('flows push and flows pull (no broker)', () => {
  it('push reads the events a resumed run replays: drawn, the linked note, the queue log', async () => {
    const dir = await bridgeVault();
    expect((await cli(['run', BRIDGE_DRAWING, '--events', 'extra.md'], dir)).code).toBe(0);
    const store = new NodeVaultStore(dir);
    const { plan } = await planDrawing(store, BRIDGE_DRAWING);
    const q = await queueEventsOf(store, BRIDGE_DRAWING, plan);
    const drawn = plan.nodes.find((n) => n.id === 'orders')!.events.map((e) => `${e.key}:${e.value}`);
    expect([...drawn].sort()).toEqual(['A:1', 'B:2']);
    expect(q.events.get('orders')!.map((e) => `${e.key}:${e.value}`)).toEqual([...drawn, 'C:3', 'A:1', 'x|y:1', 'café:1', 'B:1', 'A:5', 'D:-1.5']);
    expect(q.fromQueueLog.get('orders')).toBe(3);
  });

  it('push to a broker that does not answer: one line, exit 1', async () => {
    const dir = await bridgeVault();
    const r = await cli(['push', BRIDGE_DRAWING, '--bootstrap-servers', UNREACHABLE], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^flows push: failed: could not reach Kafka at 127\.0\.0\.1:9: .+\n$/);
  }, 60_000);

  it('pull refuses to replace a changelog sink note, before it connects, and leaves it as it was', async () => {
    const dir = await bridgeVault();
    expect((await cli(['run', BRIDGE_DRAWING, '--changelog'], dir)).code).toBe(0);
    const note = path.join(dir, 'Flows', 'orders.excalidraw', 'sinks', 'storage.md');
    const before = await fs.readFile(note, 'utf8');
    const r = await cli(['pull', BRIDGE_DRAWING, '--bootstrap-servers', UNREACHABLE], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^flows pull: Flows\/orders\.excalidraw\/sinks\/storage\.md is a changelog sink note .*move the note away first\n$/);
    expect(await fs.readFile(note, 'utf8')).toBe(before);
  });

  it('refuses a drawing that cannot be exported, naming the element, and sends nothing', async () => {
    // An aggregation after an aggregation runs in the engine but has no Flink equivalent.
    const dir2 = await bridgeVault();
    const scene = JSON.parse(await fs.readFile(path.join(dir2, BRIDGE_DRAWING), 'utf8')) as { elements: Array<Record<string, unknown>> };
    for (const e of scene.elements) if (e.id === 'storage-label') e.text = 'sum';
    await fs.writeFile(path.join(dir2, BRIDGE_DRAWING), JSON.stringify(scene));
    const r = await cli(['push', BRIDGE_DRAWING, '--bootstrap-servers', UNREACHABLE], dir2);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/element storage: error: /);
    expect(r.stderr).toMatch(/flows push: orders\.excalidraw cannot be exported to Flink as it is drawn, so it has no topics; nothing sent\n$/);
  });

  it('lists push and pull in the usage', async () => {
    const r = await cli(['help'], process.cwd());
    expect(r.stdout).toMatch(/flows push <drawing> .*--bootstrap-servers/);
    expect(r.stdout).toMatch(/flows pull <drawing> .*--bootstrap-servers/);
  });
});
