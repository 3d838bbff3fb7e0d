import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/obsidian/settings';
import { smallPipeline } from '../fixtures/drawings/builder';
import { loadPlugin } from '../helpers/obsidian-host';
import { listFiles, tempVault } from '../helpers/temp-vault';
import type { Plugin } from '../obsidian-stub/obsidian';

// A queue of three events, a counting processor and a sink (tests/fixtures/drawings/builder.ts).
const DRAWING = 'pipeline.excalidraw';
const ROOT = 'Flows/pipeline.excalidraw';

async function vaultWithPipeline(): Promise<string> {
  const dir = await tempVault();
  await fs.writeFile(path.join(dir, DRAWING), smallPipeline().excalidraw());
  return dir;
}

describe('storage settings of the plugin (the command line\'s --hidden-data and --changelog)', () => {
  it('are off by default, saved with saveData, read back with loadData, and taken from data.json changed by Sync', async () => {
    const { plugin } = await loadPlugin(await vaultWithPipeline());
    expect(plugin.settings).toMatchObject({ hiddenData: false, changelogSinks: false });
    plugin.settings.hiddenData = true;
    plugin.settings.changelogSinks = true;
    await plugin.saveSettings();
    plugin.settings = { ...DEFAULT_SETTINGS };
    await plugin.loadSettings();
    expect(plugin.settings).toMatchObject({ hiddenData: true, changelogSinks: true });
    await (plugin as unknown as Plugin).changeDataExternally({ ...plugin.settings, hiddenData: false, changelogSinks: false });
    expect(plugin.settings).toMatchObject({ hiddenData: false, changelogSinks: false });
    // A data.json written before these settings existed gets the defaults.
    await (plugin as unknown as Plugin).changeDataExternally({ flowsFolder: 'Flows' });
    expect(plugin.settings).toMatchObject({ hiddenData: false, changelogSinks: false });
  });

  for (const hiddenData of [false, true]) {
    for (const changelogSinks of [false, true]) {
      it(`a run writes its data where the settings say: hidden data ${hiddenData ? 'on' : 'off'}, sink notes ${changelogSinks ? 'every update' : 'latest value per key'}`, async () => {
        const dir = await vaultWithPipeline();
        const { plugin, vault } = await loadPlugin(dir);
        // As Sync would deliver them from another device: the next run opened takes them.
        await (plugin as unknown as Plugin).changeDataExternally({ ...plugin.settings, hiddenData, changelogSinks });
        const c = await plugin.runViews.openController(DRAWING);
        await c.run();
        expect(c.snapshot().status).toBe('drained');
        c.stop();
        const files = await listFiles(dir);
        const visible = `${ROOT}/checkpoints/checkpoint-0001.data.md`;
        const hidden = `${ROOT}/checkpoints/.data/checkpoint-0001.data.md`;
        expect(files).toContain(`${ROOT}/checkpoints/checkpoint-0001.md`);
        expect(files.includes(hidden)).toBe(hiddenData);
        expect(files.includes(visible)).toBe(!hiddenData);
        // A hidden data file is written through the adapter: the Vault (Obsidian's index) never lists it.
        if (hiddenData) expect(vault.getAbstractFileByPath(hidden)).toBeNull();
        else expect(vault.getAbstractFileByPath(visible)).not.toBeNull();
        const note = await fs.readFile(path.join(dir, ROOT, 'checkpoints/checkpoint-0001.md'), 'utf8');
        expect(note).toContain(`data_files: ${JSON.stringify([hiddenData ? '.data/checkpoint-0001.data.md' : 'checkpoint-0001.data.md'])}`);
        const sink = await fs.readFile(path.join(dir, ROOT, 'sinks/output store.md'), 'utf8');
        expect(sink).toContain(changelogSinks ? 'mode: changelog' : 'mode: upsert');
        // Both ways, the sink shows each of the three keys' count of 1.
        for (const k of ['A', 'B', 'C']) expect(sink).toMatch(new RegExp(`\\| ${k} \\| 1 \\|`));

        // A new run view restores the checkpoint from wherever its data is.
        const again = await plugin.runViews.openController(DRAWING);
        expect((await again.restore(`${ROOT}/checkpoints/checkpoint-0001.md`))?.id).toBe(1);
        expect(again.snapshot().processed).toBe(3);
        again.stop();
      });
    }
  }
});
