import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runAndNotify } from '../../src/obsidian/commands/run-flow-command';
import { loadPlugin } from '../helpers/obsidian-host';
import { runFlowsProcess } from '../helpers/run-cli';
import { SEED, listFiles, tempVault } from '../helpers/temp-vault';
import { Notice } from '../obsidian-stub/obsidian';

const DRAWING = 'checkpointing.excalidraw.md';
const LOCK = 'Flows/checkpointing/run-lock.md';
const many = (n: number): { key: string; value: number }[] => Array.from({ length: n }, (_, i) => ({ key: `k${i % 3}`, value: 1 }));

describe('a run view takes its drawing\'s lock only while a run runs', () => {
  it('merely open, it holds nothing and writes nothing; running, the command line and the run command are told who runs it', async () => {
    const dir = await tempVault({ [DRAWING]: SEED });
    const { plugin, vault } = await loadPlugin(dir);
    const controller = await plugin.runViews.openController(DRAWING);
    expect(vault.writes).toEqual([]);
    expect(await listFiles(dir)).toEqual([DRAWING]);
    // Open while idle: the command line may run it (and the view then refuses to write over that run, see below).
    await controller.injectAll(many(30));
    expect(await listFiles(dir)).not.toContain(LOCK);

    controller.setRate(10);
    const running = controller.run();
    await vi.waitFor(async () => expect(await listFiles(dir)).toContain(LOCK));
    expect(await fs.readFile(path.join(dir, LOCK), 'utf8')).toMatch(/Obsidian run view \(device \w+, session \w+\)/);
    const cli = await runFlowsProcess(['run', path.join(dir, DRAWING)]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/checkpointing\.excalidraw\.md is already running \(Obsidian run view \(device \w+, session \w+\) #\w+, since /);
    expect(await runAndNotify(plugin, DRAWING)).toBeNull();
    expect(Notice.shown.at(-1)).toMatch(/is already running \(Obsidian run view/);

    controller.pause();
    await running;
    expect(await listFiles(dir)).not.toContain(LOCK);
    plugin.runViews.released(DRAWING);
    const after = await runFlowsProcess(['run', path.join(dir, DRAWING), '--resume', '--json']);
    expect(after.code).toBe(0);
  }, 60_000);

  it('refuses to write over a run made elsewhere while it sat idle, and says what to do', async () => {
    const dir = await tempVault({ [DRAWING]: SEED });
    const { plugin } = await loadPlugin(dir);
    const controller = await plugin.runViews.openController(DRAWING);
    expect(await runAndNotify(plugin, DRAWING)).not.toBeNull();
    await expect(controller.run()).rejects.toThrow(/was run elsewhere .* since this view last ran it; close and reopen the run view/);
    expect(await listFiles(dir)).not.toContain(LOCK);
    const fresh = await plugin.runViews.openController(DRAWING);
    await fresh.checkpointNow();
    // A fresh run: the one-shot run before it is kept whole under previous runs/ (issue 13), checkpoints start at 1 again.
    expect(await listFiles(dir)).toEqual(expect.arrayContaining(['Flows/checkpointing/checkpoints/checkpoint-0001.md', 'Flows/checkpointing/previous runs/run-0001/checkpoints/checkpoint-0001.md']));
  });

  it('a restart without onunload, mid-run, leaves no lock that blocks the next run', async () => {
    const dir = await tempVault({ [DRAWING]: SEED });
    const first = await loadPlugin(dir);
    const controller = await first.plugin.runViews.openController(DRAWING);
    await controller.injectAll(many(50));
    controller.setRate(5);
    const running = controller.run().catch(() => undefined);
    await vi.waitFor(async () => expect(await listFiles(dir)).toContain(LOCK));
    expect(await fs.readFile(path.join(dir, LOCK), 'utf8')).toMatch(/Obsidian run view/);
    // Obsidian quits mid-run: no onunload, and the process is gone, so nothing more reaches the disk.
    first.app.quit();
    await running;
    expect(await listFiles(dir)).toContain(LOCK);
    expect(await fs.readFile(path.join(dir, LOCK), 'utf8')).toMatch(/Obsidian run view/);

    const second = await loadPlugin(dir);
    const report = await runAndNotify(second.plugin, DRAWING);
    expect(Notice.shown.at(-1)).not.toMatch(/already running/);
    expect(report?.state['processing service']).toBeDefined();
    expect(await listFiles(dir)).not.toContain(LOCK);
  });

  it('replay panels (given their own store) take no lock', async () => {
    const dir = await tempVault({ [DRAWING]: SEED });
    const { plugin } = await loadPlugin(dir);
    const { ObsVaultStore } = await import('../../src/obsidian/ObsVaultStore');
    const c = await plugin.runViews.openController(DRAWING, new ObsVaultStore(plugin.app));
    await c.run();
    expect(await listFiles(dir)).not.toContain(LOCK);
  });
});
