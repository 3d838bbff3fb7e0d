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

describe('a run view holds its drawing', () => {
  it('while it is open, the command line and the run command are told who runs it; closing it lets them run', async () => {
    const dir = await tempVault({ [DRAWING]: SEED });
    const { plugin } = await loadPlugin(dir);
    const controller = await plugin.runViews.openController(DRAWING);
    expect(await listFiles(dir)).toContain(LOCK);
    expect(await fs.readFile(path.join(dir, LOCK), 'utf8')).toContain('Obsidian (run view)');

    const cli = await runFlowsProcess(['run', path.join(dir, DRAWING)]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/checkpointing\.excalidraw\.md is already running \(Obsidian \(run view\) #\w+, since /);

    expect(await runAndNotify(plugin, DRAWING)).toBeNull();
    expect(Notice.shown.at(-1)).toMatch(/is already running \(Obsidian \(run view\)/);

    await controller.run();
    plugin.runViews.released(DRAWING);
    await vi.waitFor(async () => expect(await listFiles(dir)).not.toContain(LOCK));
    const after = await runFlowsProcess(['run', path.join(dir, DRAWING), '--resume', '--json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).state).toEqual({ 'processing service': { A: 1, B: 1, C: 1 } });
  });

  it('replay panels (given their own store) take no lock', async () => {
    const dir = await tempVault({ [DRAWING]: SEED });
    const { plugin } = await loadPlugin(dir);
    const { ObsVaultStore } = await import('../../src/obsidian/ObsVaultStore');
    await plugin.runViews.openController(DRAWING, new ObsVaultStore(plugin.app));
    expect(await listFiles(dir)).not.toContain(LOCK);
  });
});
