import { afterEach, describe, expect, it, vi } from 'vitest';
import { TFile } from '../obsidian-stub/obsidian';
import { SEED, attachLeaves, loadPluginInBrowser } from './browser-host';

afterEach(() => document.body.replaceChildren());

describe('the run view when its drawing is renamed', () => {
  it('lets its run go, the run folder follows, and it shows the drawing under its new name with its checkpoints', async () => {
    const { app, plugin, backend } = await loadPluginInBrowser();
    const view = (await plugin.runViews.open(SEED))!;
    attachLeaves(app);
    await view.controller!.step();
    await view.controller!.checkpointNow();
    const file = app.vault.getAbstractFileByPath(SEED);
    if (!(file instanceof TFile)) throw new Error('no seed');
    await app.fileManager.renameFile(file, 'renamed.excalidraw.md');
    await plugin.runViews.renamesFollowed;
    await vi.waitFor(() => expect(view.controller?.drawingPath).toBe('renamed.excalidraw.md'));
    expect(view.getState()).toEqual({ drawing: 'renamed.excalidraw.md' });
    expect(view.controller!.snapshot().checkpoints.map((c) => c.id)).toEqual([1]);
    const paths = (await backend.scan()).map((e) => e.path);
    expect(paths).toContain('Flows/renamed/checkpoints/checkpoint-0001.md');
    expect(paths.filter((p) => p.startsWith('Flows/checkpointing/'))).toEqual([]);
  });
});
