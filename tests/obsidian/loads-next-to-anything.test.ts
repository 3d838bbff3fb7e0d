import { describe, expect, it } from 'vitest';
import manifest from '../../manifest.json';
import { FLOW_BLOCK_LANGUAGE } from '../../src/obsidian/notes/flow-code-block';
import { loadPlugin } from '../helpers/obsidian-host';
import { SEED, tempVault } from '../helpers/temp-vault';
import { App, Plugin, Vault } from '../obsidian-stub/obsidian';
import { NodeFileBackend } from '../obsidian-stub/node-backend';

/** A flowchart plugin that got to `flow` first, as several community plugins do. */
class FlowchartPlugin extends Plugin {
  override onload(): void {
    this.registerMarkdownCodeBlockProcessor('flow', () => undefined);
  }
}

describe('the plugin loads next to anything', () => {
  it('a second processor for a taken language throws, as in Obsidian, and unloading frees it', async () => {
    const app = await App.open(await Vault.open(await NodeFileBackend.temporary()));
    const first = new FlowchartPlugin(app, { ...manifest, id: 'flowchart' });
    first.load();
    const second = new FlowchartPlugin(app, { ...manifest, id: 'other-flowchart' });
    expect(() => second.onload()).toThrow('Code block postprocessor for language flow is already registered');
    first.unload();
    expect(() => second.onload()).not.toThrow();
  });

  it('loads when another plugin holds `flow`, with its own prefixed language', async () => {
    const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    const app = await App.open(await Vault.open(new NodeFileBackend(dir)));
    new FlowchartPlugin(app, { ...manifest, id: 'flowchart' }).load();
    const { plugin } = await loadPlugin(dir, { app });
    expect(FLOW_BLOCK_LANGUAGE).toBe('excalidraw-flows');
    expect(Object.fromEntries(app.codeBlockLanguages)).toEqual({ flow: 'flowchart', [FLOW_BLOCK_LANGUAGE]: manifest.id });
    expect(app.commands.size).toBeGreaterThan(0);
    (plugin as unknown as { unload(): void }).unload();
    expect([...app.codeBlockLanguages.keys()]).toEqual(['flow']);
  });
});
