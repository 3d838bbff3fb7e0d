import { describe, expect, it } from 'vitest';
import { loadPlugin } from '../helpers/obsidian-host';
import { SEED, listFiles, tempVault } from '../helpers/temp-vault';
import type { Plugin } from '../obsidian-stub/obsidian';

const DRAWING = 'checkpointing.excalidraw.md';

describe('settings changed on another device (data.json rewritten by Sync)', () => {
  it('are taken at once, without a restart: a nested flows folder and the speed', async () => {
    const dir = await tempVault({ [DRAWING]: SEED });
    const { plugin } = await loadPlugin(dir);
    expect(plugin.settings.flowsFolder).toBe('Flows');
    await (plugin as unknown as Plugin).changeDataExternally({ ...plugin.settings, flowsFolder: 'Archive/Flows', defaultRate: 7 });
    expect(plugin.settings).toMatchObject({ flowsFolder: 'Archive/Flows', defaultRate: 7 });
    const c = await plugin.runViews.openController(DRAWING);
    expect(c.snapshot().rate).toBe(7);
    await c.checkpointNow();
    const files = await listFiles(dir);
    expect(files).toContain('Archive/Flows/checkpointing/checkpoints/checkpoint-0001.md');
    expect(files.filter((f) => f !== DRAWING && !f.startsWith('Archive/Flows/checkpointing/checkpoints/'))).toEqual([]);
  });
});
