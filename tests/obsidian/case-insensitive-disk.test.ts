import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlugin } from '../helpers/obsidian-host';
import { SEED, listFiles, tempVault } from '../helpers/temp-vault';
import { App, Vault } from '../obsidian-stub/obsidian';
import { NodeFileBackend } from '../obsidian-stub/node-backend';

const DRAWING = 'checkpointing.excalidraw.md';

/** Windows and macOS disks: `flows` and `Flows` are one folder, and Obsidian refuses to create the second spelling. */
describe('a vault on a case-insensitive disk', () => {
  it('writes into the flows folder as the vault spells it, and finds its checkpoints again', async () => {
    const dir = await tempVault({ [DRAWING]: SEED });
    await fs.mkdir(path.join(dir, 'flows/Checkpointing'), { recursive: true });
    await fs.writeFile(path.join(dir, 'flows/readme.md'), 'the user made this folder');
    const app = await App.open(await Vault.open(new NodeFileBackend(dir), { caseInsensitive: true }));
    // What Obsidian does on such a disk (the stand-in's rule, vault.ts): a second spelling is refused.
    await expect(app.vault.createFolder('Flows')).rejects.toThrow('Folder already exists.');

    const { plugin } = await loadPlugin(dir, { app });
    expect(plugin.settings.flowsFolder).toBe('Flows');
    const c = await plugin.runViews.openController(DRAWING);
    await c.step();
    await c.checkpointNow();
    const files = await listFiles(dir);
    expect(files).toContain('flows/Checkpointing/checkpoints/checkpoint-0001.md');
    expect(files.filter((f) => f.startsWith('Flows/'))).toEqual([]);
    plugin.runViews.released(DRAWING);
    const again = await plugin.runViews.openController(DRAWING);
    expect(again.snapshot().checkpoints.map((k) => k.id)).toEqual([1]);
  });
});
