import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { NodeVaultStore } from '../../src/cli/node-vault-store';
import { FlowSession } from '../../src/core/run/flow-session';
import { ObsVaultStore } from '../../src/obsidian/ObsVaultStore';
import { loadPlugin } from '../helpers/obsidian-host';
import { runFlowsProcess } from '../helpers/run-cli';
import { SEED, fixedClock, instantScheduler, listFiles, tempVault } from '../helpers/temp-vault';
import { Notice } from '../obsidian-stub/obsidian';
import type { App as RealApp } from 'obsidian';

const COMMAND = 'excalidraw-flows:run-flow-in-current-drawing';

describe('the plugin command "Run flow in current drawing"', () => {
  it('is offered only when the active file is a drawing', async () => {
    const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    await fs.writeFile(path.join(dir, 'plain.md'), '# a note\n');
    const { app } = await loadPlugin(dir);
    app.workspace.activeFile = app.vault.getFileByPath('plain.md');
    expect(app.runCommand(COMMAND)).toBe(false);
    app.workspace.activeFile = null;
    expect(app.runCommand(COMMAND)).toBe(false);
  });

  it('runs the seed, writes the checkpoint note through the Vault API and summarises in a Notice', async () => {
    const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    const { app, vault } = await loadPlugin(dir);
    app.workspace.activeFile = vault.getFileByPath('checkpointing.excalidraw.md');
    const before = Notice.shown.length;
    expect(app.runCommand(COMMAND)).toBe(true);
    // A whole run in the stand-in; CI under load needed more than vi.waitFor's default second.
    await vi.waitFor(() => expect(Notice.shown.length).toBeGreaterThan(before), { timeout: 15_000 });
    const notice = Notice.shown.at(-1)!;
    expect(notice).toContain('processing service: A = 1, B = 1, C = 1');
    expect(notice).toContain('all 3 expected values hold');
    expect(notice).toContain('Flows/checkpointing/checkpoints/checkpoint-0001.md');
    expect(await listFiles(dir)).toEqual(['Flows/checkpointing/checkpoints/checkpoint-0001.data.md', 'Flows/checkpointing/checkpoints/checkpoint-0001.md', 'checkpointing.excalidraw.md']);
    // Created under a temporary name, then renamed into place: never seen half-written.
    // The run lock is held for the run and removed at the end (docs/when-things-go-wrong.md).
    expect(vault.writes.map(({ op, path }) => ({ op, path }))).toEqual([
      { op: 'create', path: 'Flows/checkpointing/run-lock.md' },
      // The data file first, the note that makes the checkpoint count last.
      { op: 'create', path: 'Flows/checkpointing/checkpoints/checkpoint-0001.data.md.tmp' },
      { op: 'rename', path: 'Flows/checkpointing/checkpoints/checkpoint-0001.data.md' },
      { op: 'create', path: 'Flows/checkpointing/checkpoints/checkpoint-0001.md.tmp' },
      { op: 'rename', path: 'Flows/checkpointing/checkpoints/checkpoint-0001.md' },
      { op: 'delete', path: 'Flows/checkpointing/run-lock.md' },
    ]);
  });

  it('writes the same checkpoint note as the command line (apart from the time it was taken)', async () => {
    const cliDir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    expect((await runFlowsProcess(['run', path.join(cliDir, 'checkpointing.excalidraw.md')])).code).toBe(0);
    const pluginDir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    const { app, vault } = await loadPlugin(pluginDir);
    app.workspace.activeFile = vault.getFileByPath('checkpointing.excalidraw.md');
    app.runCommand(COMMAND);
    const note = 'Flows/checkpointing/checkpoints/checkpoint-0001.md';
    await vi.waitFor(async () => expect(await listFiles(pluginDir)).toContain(note));
    const timeless = (s: string): string =>
      s.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME').replace(/sha256:[0-9a-f]{64}/g, 'SUM').replace(/duration_ms: \d+/, 'duration_ms: N')
        // The data file holds the times too, so its compressed size may differ by a few bytes.
        .replace(/size_bytes: \d+/, 'size_bytes: N')
        .replace(/\(\d+ bytes, compressed\)/, '(N bytes, compressed)');
    const fromCli = await fs.readFile(path.join(cliDir, note), 'utf8');
    const fromPlugin = await fs.readFile(path.join(pluginDir, note), 'utf8');
    expect(timeless(fromPlugin)).toBe(timeless(fromCli));
  });

  it('with the same clock, both hosts write byte-identical files', async () => {
    const run = async (kind: 'node' | 'obsidian'): Promise<Record<string, string>> => {
      const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
      const store = kind === 'node' ? new NodeVaultStore(dir) : new ObsVaultStore((await loadPlugin(dir)).app as unknown as RealApp);
      const s = await FlowSession.open({ store, clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'checkpointing.excalidraw.md' });
      await s.runUntilDrained();
      await s.checkpoint('manual');
      const out: Record<string, string> = {};
      for (const f of await listFiles(dir)) out[f] = await fs.readFile(path.join(dir, f), 'utf8');
      return out;
    };
    const a = await run('node');
    const b = await run('obsidian');
    expect(Object.keys(a)).toHaveLength(5); // the drawing, two checkpoint notes and their data files
    expect(b).toEqual(a);
  });

  it('registers no default hotkeys and leaves nothing behind on unload', async () => {
    const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    const { app, plugin } = await loadPlugin(dir);
    expect(app.commands.get(COMMAND)?.hotkeys).toBeUndefined();
    (plugin as unknown as { unload(): void }).unload();
    expect(app.commands.size).toBe(0);
  });
});
