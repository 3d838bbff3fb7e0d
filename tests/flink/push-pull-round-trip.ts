import { promises as fs } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../../src/cli/main-cli';
import { KafkaTopics } from '../../src/cli/kafka/kafka-topics';
import { NodeVaultStore } from '../../src/cli/node-vault-store';
import { exportFlinkSql } from '../../src/core/export/flink-sql';
import { planDrawing } from '../../src/core/run/load-flow';
import { parseUpsertNote } from '../../src/core/run/upsert-sink';
import { BRIDGE_DRAWING, bridgeVault } from '../helpers/bridge-vault';
import type { JavaHarness } from './java-harness';

async function cli(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const SINK_NOTE = 'Flows/orders.excalidraw/sinks/storage.md';

/**
 * `flows push` → the exported script on Flink → `flows pull`, through the harness's broker:
 * the vault's events (drawn, linked note, queue log) reach the source topic, and the sink note
 * pulled from the upsert topic holds what `flows run` computed from the same events.
 */
export async function pushPullRoundTrip(harness: JavaHarness): Promise<void> {
  const servers = harness.ready.bootstrapServers;
  const dir = await bridgeVault();
  const ran = await cli(['run', BRIDGE_DRAWING, '--events', 'extra.md', '--json'], dir);
  expect(ran.code).toBe(0);
  const engine = (JSON.parse(ran.stdout) as { sinks: Record<string, Array<{ key: string; value: number }>> }).sinks.storage;
  expect(engine.length).toBe(6); // A, B, C, x|y, café, D
  const runNote = await fs.readFile(path.join(dir, SINK_NOTE), 'utf8');

  const { plan } = await planDrawing(new NodeVaultStore(dir), BRIDGE_DRAWING);
  const exported = exportFlinkSql(plan, { bootstrapServers: servers });
  const topics = exported.tables.map((t) => t.name);
  expect(topics).toEqual(['orders', 'storage']);
  const kafka = await KafkaTopics.connect(servers);
  try {
    const pushed = await cli(['push', BRIDGE_DRAWING, '--bootstrap-servers', servers], dir);
    expect(pushed.stderr).toBe('');
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain('queue orders: 9 events sent to topic orders (3 of them from its queue log)');
    expect(await kafka.size('orders')).toBe(9);
    // A second push would make Flink count every event twice: refused, nothing sent.
    const again = await cli(['push', BRIDGE_DRAWING, '--bootstrap-servers', servers], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^flows push: topic orders on .* already holds 9 messages; .*nothing sent\n$/);
    expect(await kafka.size('orders')).toBe(9);

    const reply = await harness.run({ script: exported.sql, sources: { orders: [] }, sinks: ['storage'], produce: false, keepTopics: true });
    expect(Object.keys(reply.sinks.storage.table).sort()).toEqual(engine.map((r) => r.key).sort());

    const pulled = await cli(['pull', BRIDGE_DRAWING, '--bootstrap-servers', servers], dir);
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toBe(`sink storage: 6 keys from topic storage written to ${SINK_NOTE}\n`);
    const note = await fs.readFile(path.join(dir, SINK_NOTE), 'utf8');
    expect(note).not.toBe(runNote);
    expect(note).toContain('source: flink');
    const rows = parseUpsertNote(note)!.rows;
    const byKey = (r: Array<{ key: string; value: number }>) => Object.fromEntries(r.map((x) => [x.key, x.value]));
    expect(byKey(rows)).toEqual(byKey(engine));
    expect(byKey(parseUpsertNote(runNote)!.rows)).toEqual(byKey(engine));
  } finally {
    await kafka.deleteTopics(topics).catch(() => undefined);
    await kafka.close();
  }
}
