import type { App as RealApp } from 'obsidian';
import { afterEach, describe, expect, it, vi } from 'vitest';
import manifest from '../../manifest.json';
import ExcalidrawFlowsPlugin from '../../src/main';
import { runAndNotify } from '../../src/obsidian/commands/run-flow-command';
import { RunView, VIEW_TYPE_RUN } from '../../src/obsidian/view/run-view';
import { App, Notice } from '../obsidian-stub/obsidian';
import { SEED, attachLeaves, loadPluginInBrowser } from './browser-host';

const LOCK = 'Flows/checkpointing/run-lock.md';

afterEach(() => document.body.replaceChildren());

async function loadInto(app: App): Promise<ExcalidrawFlowsPlugin> {
  const plugin = new ExcalidrawFlowsPlugin(app as unknown as RealApp, manifest);
  const owner = plugin as unknown as { load(): void; loading: Promise<unknown> };
  owner.load();
  await owner.loading;
  return plugin;
}

/**
 * Obsidian quits mid-run (no onunload; stand-in: App.quit) and starts again: the layout comes back
 * with the run view deferred (DeferredView), holding only the state the view saved.
 */
describe('the run view across a restart of Obsidian', () => {
  it('comes back deferred, shows the same drawing once shown, and the lock the quit left does not block the next run', async () => {
    const { app, plugin, backend } = await loadPluginInBrowser();
    const first = await plugin.runViews.open(SEED);
    expect(first?.getState()).toEqual({ drawing: SEED });
    attachLeaves(app);
    const c = first!.controller!;
    await c.injectAll(Array.from({ length: 40 }, () => ({ key: 'A', value: 1 })));
    c.setRate(4);
    void c.run().catch(() => undefined);
    await vi.waitFor(async () => expect((await backend.scan()).map((e) => e.path)).toContain(LOCK));

    const left = app.quit();
    expect(left.layout.right).toEqual([{ type: VIEW_TYPE_RUN, state: { drawing: SEED } }]);

    const next = await App.relaunch(left);
    const plugin2 = await loadInto(next);
    next.workspace.restoreLayout(left.layout);
    const leaf = next.workspace.getLeavesOfType(VIEW_TYPE_RUN)[0];
    expect(leaf.isDeferred).toBe(true);
    expect(leaf.view).not.toBeInstanceOf(RunView);
    // A deferred view is not there to talk to: the command that needs one is not offered.
    expect(next.runCommand(`${manifest.id}:write-live-values-into-drawing`)).toBe(false);

    // The lock note the quit left behind (this device, an earlier session) is taken over at once.
    expect((await backend.scan()).map((e) => e.path)).toContain(LOCK);
    const report = await runAndNotify(plugin2, SEED);
    expect(Notice.shown.at(-1)).not.toMatch(/already running/);
    expect(report?.state['processing service']).toBeDefined();

    // The user shows the sidebar tab: the view loads and shows the drawing it showed before.
    await next.workspace.revealLeaf(leaf);
    expect(leaf.view).toBeInstanceOf(RunView);
    const view = leaf.view as unknown as RunView;
    attachLeaves(next);
    await vi.waitFor(() => expect(view.controller?.drawingPath).toBe(SEED));
    expect(view.contentEl.querySelector('.flows-title')?.textContent).toBe(SEED);
    expect(view.contentEl.querySelector('.flows-body')?.classList.contains('flows-hidden')).toBe(false);
    expect(plugin2.runViews.view()).toBe(view);
  });

  it('the ribbon and the command reuse a deferred run view instead of opening a second one', async () => {
    const { app, plugin } = await loadPluginInBrowser();
    await plugin.runViews.open(SEED);
    const left = app.quit();
    const next = await App.relaunch(left);
    const plugin2 = await loadInto(next);
    next.workspace.restoreLayout(left.layout);
    const view = await plugin2.runViews.open(SEED);
    expect(view).toBeInstanceOf(RunView);
    expect(next.workspace.getLeavesOfType(VIEW_TYPE_RUN)).toHaveLength(1);
    expect(view?.controller?.drawingPath).toBe(SEED);
  });
});
