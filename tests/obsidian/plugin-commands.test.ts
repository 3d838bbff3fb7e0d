import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { NodeVaultStore } from '../../src/cli/node-vault-store';
import { parseFlowBlock } from '../../src/obsidian/notes/flow-block-spec';
import { OverlayStore } from '../../src/obsidian/notes/overlay-store';
import { readFolder, readNumber } from '../../src/obsidian/settings-tab';
import { DEFAULT_SETTINGS } from '../../src/obsidian/settings';
import { loadPlugin } from '../helpers/obsidian-host';
import { SEED, listFiles, tempVault } from '../helpers/temp-vault';
import { Menu, Notice, type App } from '../obsidian-stub/obsidian';

const RUN = 'excalidraw-flows:run-flow-in-current-drawing';
const OPEN_VIEW = 'excalidraw-flows:open-run-view';
const RESTORE = 'excalidraw-flows:restore-flow-from-this-checkpoint';
const REPLAY = 'excalidraw-flows:replay-events-note-into-drawing';
const CHECKPOINT = 'Flows/checkpointing/checkpoints/checkpoint-0001.md';

/** Which of the plugin's note commands the palette offers with `path` open. */
function offered(app: App, filePath: string | null): string[] {
  app.workspace.activeFile = filePath ? app.vault.getFileByPath(filePath) : null;
  return [OPEN_VIEW, RESTORE, REPLAY].filter((id) => app.commands.get(id)!.checkCallback!(true));
}

async function vaultWithCheckpoint(): Promise<{ dir: string; app: App }> {
  const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
  await fs.writeFile(path.join(dir, 'events.md'), '# More events\n\n- A\n- B: 2\n- not an event here\n');
  const { app } = await loadPlugin(dir);
  app.workspace.activeFile = app.vault.getFileByPath('checkpointing.excalidraw.md');
  const before = Notice.shown.length;
  app.runCommand(RUN);
  await vi.waitFor(() => expect(Notice.shown.length).toBeGreaterThan(before));
  await app.metadataCache.indexAll();
  return { dir, app };
}

describe('the plugin\'s commands, against the stand-in over a real vault folder', () => {
  it('offers each command only where it applies', async () => {
    const { app } = await vaultWithCheckpoint();
    expect(offered(app, 'checkpointing.excalidraw.md')).toEqual([OPEN_VIEW]);
    expect(offered(app, CHECKPOINT)).toEqual([RESTORE]);
    expect(offered(app, 'events.md')).toEqual([REPLAY]);
    expect(offered(app, null)).toEqual([]);
  });

  it('adds "Run flow in sidebar" to the file menu of drawings only, and a ribbon icon', async () => {
    const { app } = await vaultWithCheckpoint();
    const menuFor = (p: string): string[] => {
      const menu = new Menu();
      app.workspace.trigger('file-menu', menu, app.vault.getFileByPath(p), 'file-explorer');
      return menu.items.map((i) => i.title);
    };
    expect(menuFor('checkpointing.excalidraw.md')).toEqual(['Run flow in sidebar']);
    expect(menuFor('events.md')).toEqual([]);
  });

  it('registers its view, code block and settings tab, no hotkeys, and unloads cleanly', async () => {
    const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    const { app, plugin } = await loadPlugin(dir);
    const stub = plugin as unknown as { views: Map<string, unknown>; codeBlockProcessors: Map<string, unknown>; settingTabs: unknown[]; ribbonIcons: { title: string }[] };
    expect([...stub.views.keys()]).toEqual(['excalidraw-flows-run']);
    expect([...stub.codeBlockProcessors.keys()]).toEqual(['excalidraw-flows']);
    expect(stub.settingTabs).toHaveLength(1);
    expect(stub.ribbonIcons.map((r) => r.title)).toEqual(['Open flow run view']);
    for (const c of app.commands.values()) expect(c.hotkeys).toBeUndefined();
    (plugin as unknown as { unload(): void }).unload();
    expect(app.commands.size).toBe(0);
    expect(app.viewFactories.size).toBe(0);
  });

  it('keeps settings across a reload and reads setting fields strictly', async () => {
    const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    const { plugin } = await loadPlugin(dir);
    expect(plugin.settings).toEqual(DEFAULT_SETTINGS);
    plugin.settings.flowsFolder = 'Runs';
    plugin.settings.paintOnDrawing = false;
    await plugin.saveSettings();
    plugin.settings = { ...DEFAULT_SETTINGS };
    await plugin.loadSettings();
    expect(plugin.settings).toMatchObject({ flowsFolder: 'Runs', paintOnDrawing: false, retainCheckpoints: 10 });

    expect(readNumber('2.5', 0)).toBe(2.5);
    expect(readNumber('', 0)).toBeNull();
    expect(readNumber('-1', 0)).toBeNull();
    expect(readNumber('0', 1)).toBeNull();
    expect(readNumber('abc', 0)).toBeNull();
    expect(readFolder(' Flows/runs/ ')).toBe('Flows/runs');
    expect(readFolder('   ')).toBeNull();
    expect(readFolder('/')).toBeNull();
    expect(readFolder('a/../../b')).toBeNull();
  });
});

describe('flow code blocks', () => {
  it('read drawing, checkpoint and events, and name the line of a mistake', () => {
    expect(parseFlowBlock('drawing: [[checkpointing.excalidraw]]\ncheckpoint: Flows/c.md\nevents: events.md\n')).toEqual({
      spec: { drawing: '[[checkpointing.excalidraw]]', checkpoint: 'Flows/c.md', events: 'events.md' },
    });
    expect(parseFlowBlock('checkpoint: x.md')).toEqual({ error: 'name the drawing to replay: "drawing: path/to/drawing.excalidraw.md"' });
    expect(parseFlowBlock('drawing: d.md\nspeed: 3')).toEqual({ error: 'line 2: unknown key "speed" (use drawing, checkpoint, events)' });
    expect(parseFlowBlock('drawing: d.md\n\njust words')).toEqual({ error: 'line 3: write "key: value" (drawing, checkpoint, events)' });
    expect(parseFlowBlock('drawing:')).toEqual({ error: 'line 1: "drawing" needs a value' });
  });

  it('replay over an overlay that reads the vault and never writes to it', async () => {
    const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    const overlay = new OverlayStore(new NodeVaultStore(dir));
    await overlay.writeAtomic('Flows/x/a.md', 'one');
    await overlay.append('Flows/x/a.md', ' two');
    await overlay.remove('checkpointing.excalidraw.md');
    expect(await overlay.read('Flows/x/a.md')).toBe('one two');
    expect(await overlay.list('Flows/x')).toEqual(['Flows/x/a.md']);
    expect(await overlay.exists('checkpointing.excalidraw.md')).toBe(false);
    expect(await listFiles(dir)).toEqual(['checkpointing.excalidraw.md']);
  });
});
