import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { RunView } from '../../src/obsidian/view/run-view';
import { renderMarkdown } from '../obsidian-stub/markdown-preview';
import { Component, Notice } from '../obsidian-stub/obsidian';
import { SEED, attachLeaves, byAction, loadPluginInBrowser, stateShown } from './browser-host';

const PROCESSOR = 'processing service';
const CP1 = 'Flows/checkpointing/checkpoints/checkpoint-0001.md';
const CP2 = 'Flows/checkpointing/checkpoints/checkpoint-0002.md';

afterEach(() => document.body.replaceChildren());

/** The seed run to the end (checkpoint 1), then one more event E and run again (checkpoint 2). */
async function twoCheckpoints(): Promise<Awaited<ReturnType<typeof loadPluginInBrowser>> & { view: RunView }> {
  const loaded = await loadPluginInBrowser();
  const view = (await loaded.plugin.runViews.open(SEED))!;
  attachLeaves(loaded.app);
  await view.controller!.run();
  await view.controller!.inject('E', 1);
  await view.controller!.run();
  view.refresh();
  await loaded.app.metadataCache.indexAll();
  expect(view.controller!.snapshot().checkpoints.map((c) => c.path)).toEqual([CP1, CP2]);
  return { ...loaded, view };
}

describe('checkpoint notes, events notes and flow blocks, in Chromium', () => {
  it('"Restore flow from this checkpoint" restores the open checkpoint note into the run view', async () => {
    const { app, view } = await twoCheckpoints();
    expect(stateShown(view.contentEl, PROCESSOR)).toEqual({ A: '1', B: '1', C: '1', E: '1' });
    app.workspace.activeFile = app.vault.getFileByPath(CP1);
    expect(app.runCommand('excalidraw-flows:restore-flow-from-this-checkpoint')).toBe(true);
    await vi.waitFor(() => expect(Notice.shown.at(-1)).toBe(`Restored ${SEED} from checkpoint 1`));
    expect(stateShown(view.contentEl, PROCESSOR)).toEqual({ A: '1', B: '1', C: '1' });
    expect(view.contentEl.querySelector('.flows-queue-offset')?.textContent).toBe('offset 3 of 4');
  });

  it('replays an events note into the drawing picked from the list', async () => {
    const { app, plugin, vault } = await loadPluginInBrowser();
    await vault.create('events.md', '# Late events\n\n- A\n- D: 2\n');
    app.workspace.activeFile = app.vault.getFileByPath('events.md');
    expect(app.runCommand('excalidraw-flows:replay-events-note-into-drawing')).toBe(true);
    const choice = await vi.waitFor(() => {
      const item = document.querySelector<HTMLElement>('.suggestion-item');
      expect(item?.textContent).toBe(SEED);
      return item!;
    });
    await userEvent.click(choice);
    await vi.waitFor(() => expect(Notice.shown.at(-1)).toBe(`Replayed 2 events from events.md into ${SEED}`));
    const view = plugin.runViews.view()!;
    view.refresh();
    expect(stateShown(view.contentEl, PROCESSOR)).toEqual({ A: '2', B: '1', C: '1', D: '1' });
  });

  it('a flow block replays from a checkpoint with an events note, step by step or all at once, writing nothing', async () => {
    const { app, plugin, vault, backend } = await twoCheckpoints();
    await vault.create('events.md', '- B\n- F: 3\n');
    const note = ['# What if B came again?', '', '```excalidraw-flows', `drawing: [[checkpointing.excalidraw]]`, `checkpoint: ${CP1}`, 'events: events.md', '```', ''].join('\n');
    await vault.create('what-if.md', note);
    const files = (await backend.scan()).map((f) => f.path).sort();
    const writes = vault.writes.length;

    const el = document.body.createDiv();
    const owner = new Component();
    owner.load();
    const processors = (plugin as unknown as { codeBlockProcessors: Map<string, unknown> }).codeBlockProcessors;
    renderMarkdown(note, el, { sourcePath: 'what-if.md', owner, processors });
    const panel = await vi.waitFor(() => {
      const p = el.querySelector<HTMLElement>('.flows-replay');
      expect(p?.querySelector('.flows-queue-offset')?.textContent).toBe('offset 3 of 6');
      return p!;
    });
    expect(panel.querySelector('.flows-title')?.textContent).toBe(`Replay of [[checkpointing.excalidraw]] from ${CP1} with events.md`);
    expect(stateShown(panel, PROCESSOR)).toEqual({ A: '1', B: '1', C: '1' });

    await userEvent.click(byAction(panel, 'step'));
    await vi.waitFor(() => expect(stateShown(panel, PROCESSOR)).toEqual({ A: '1', B: '1', C: '1', E: '1' }));
    await userEvent.click(byAction(panel, 'all'));
    await vi.waitFor(() => expect(stateShown(panel, PROCESSOR)).toEqual({ A: '1', B: '2', C: '1', E: '1', F: '1' }));
    await page.screenshot({ path: '../artifacts/flow-block.png', element: el });

    await userEvent.click(byAction(panel, 'restore'));
    await vi.waitFor(() => expect(stateShown(panel, PROCESSOR)).toEqual({ A: '1', B: '1', C: '1' }));
    // The replay ran over an overlay: not one file of the vault was written.
    expect(vault.writes.length).toBe(writes);
    expect((await backend.scan()).map((f) => f.path).sort()).toEqual(files);
    owner.unload();
    expect(app.workspace.getActiveFile()).toBeNull();
  });

  it('a flow block with a mistake says what and where', async () => {
    const { plugin } = await loadPluginInBrowser();
    const el = document.body.createDiv();
    const processors = (plugin as unknown as { codeBlockProcessors: Map<string, unknown> }).codeBlockProcessors;
    const owner = new Component();
    owner.load();
    renderMarkdown('```excalidraw-flows\ndrawing: nowhere.excalidraw.md\n```\n\n```excalidraw-flows\nspeed: 2\n```\n', el, { sourcePath: 'n.md', owner, processors });
    await vi.waitFor(() => expect(el.querySelector('.flows-replay .flows-error')?.textContent).toBe('n.md: flow block names drawing "nowhere.excalidraw.md", which is not in the vault'));
    expect(el.querySelectorAll('.flows-error')[1]?.textContent).toBe('Flow block in n.md: line 1: unknown key "speed" (use drawing, checkpoint, events)');
  });

  it('renders a checkpoint note for reading (screenshot)', async () => {
    const { backend } = await twoCheckpoints();
    const el = document.body.createDiv();
    renderMarkdown(await backend.read(CP2), el, { sourcePath: CP2, owner: new Component(), processors: new Map() });
    expect(el.querySelector('h1')?.textContent).toBe('Checkpoint 2 of checkpointing');
    expect([...el.querySelectorAll('td')].map((td) => td.textContent)).toEqual(expect.arrayContaining(['E', '1']));
    await page.screenshot({ path: '../artifacts/checkpoint-note.png', element: el });
  });
});
