import { Excalidraw, restoreElements } from '@excalidraw/excalidraw';
import '@excalidraw/excalidraw/index.css';
import type { ExcalidrawImperativeAPI } from '@excalidraw/excalidraw/types';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { markerId } from '../../src/obsidian/live/drawing-painter';
import type { RunView } from '../../src/obsidian/view/run-view';
import type { App, WorkspaceLeaf } from '../obsidian-stub/obsidian';
import { SEED, SEED_FIXTURE, attachLeaves, byAction, loadPluginInBrowser } from './browser-host';
import { FakeAutomate } from './fake-automate';

let root: Root | null = null;

afterEach(() => {
  root?.unmount();
  root = null;
  delete (window as { ExcalidrawAutomate?: unknown }).ExcalidrawAutomate;
  document.body.replaceChildren();
});

/** The real Excalidraw editor with the seed drawing, side by side with the workspace's sidebar. */
async function mountDrawing(): Promise<{ api: ExcalidrawImperativeAPI; stage: HTMLElement }> {
  const file = await commands.readFile(SEED_FIXTURE);
  const json = /```json\r?\n([\s\S]*?)\r?\n```/.exec(file)![1];
  const elements = restoreElements((JSON.parse(json) as { elements: never[] }).elements, null);
  const stage = document.body.createDiv({ cls: 'flows-test-stage' });
  stage.setAttribute('style', 'display:flex;width:1100px;height:640px');
  const host = stage.createDiv();
  host.setAttribute('style', 'width:720px;height:640px');
  const api = await new Promise<ExcalidrawImperativeAPI>((resolve) => {
    root = createRoot(host);
    root.render(<Excalidraw excalidrawAPI={resolve} initialData={{ elements, scrollToContent: true, appState: { viewBackgroundColor: '#ffffff' } }} />);
  });
  return { api, stage };
}

/** Registers the drawing as open in an Excalidraw view, as the Excalidraw plugin would. */
function openInExcalidraw(app: App): void {
  const view = { getViewType: () => 'excalidraw', file: app.vault.getFileByPath(SEED) };
  app.workspace.leaves.push({ view } as unknown as WorkspaceLeaf);
}

const sceneTexts = (api: ExcalidrawImperativeAPI): string[] =>
  api.getSceneElements().flatMap((e) => (e.type === 'text' ? [e.text] : []));

describe('the drawing comes alive (real Excalidraw editor, ExcalidrawAutomate played over its API)', () => {
  it('paints the KEY = NUMBER lines and a queue marker as the run goes, then puts the drawing back', async () => {
    const { api, stage } = await mountDrawing();
    const ea = new FakeAutomate(api);
    (window as { ExcalidrawAutomate?: unknown }).ExcalidrawAutomate = ea;
    const { app, plugin } = await loadPluginInBrowser();
    openInExcalidraw(app);
    const view = (await plugin.runViews.open(SEED)) as RunView;
    stage.appendChild(attachLeaves(app));
    const queue = view.controller!.flow.plan.nodes.find((n) => n.role === 'source')!;

    // Before any event: the values are unknown, the marker says where the processor stands.
    await vi.waitFor(() => expect(sceneTexts(api)).toEqual(expect.arrayContaining(['A = —', 'B = —', 'C = —', '▶ 0/3 next: A B C'])));

    await userEvent.click(byAction(view.contentEl, 'step'));
    await vi.waitFor(() => expect(sceneTexts(api)).toEqual(expect.arrayContaining(['A = 1', 'B = —', '▶ 1/3 next: B C'])));

    // An injected second A makes the drawn "A = 1" read 2: the drawing shows the live state, not the drawn one.
    await view.controller!.inject('A', 1);
    view.refresh();
    await userEvent.click(byAction(view.contentEl, 'run'));
    await vi.waitFor(() => expect(sceneTexts(api)).toEqual(expect.arrayContaining(['A = 2', 'B = 1', 'C = 1', '▶ 4/4 drained'])));
    expect(api.getSceneElements().find((e) => e.id === markerId(queue.id))?.type).toBe('text');
    // Live values never enter the undo history, and are not saved unless asked.
    expect(ea.commits.every((c) => c.captureUpdate === 'NEVER' && !c.save)).toBe(true);

    await page.screenshot({ path: '../artifacts/live-drawing.png', element: stage });

    // Closing the run view puts the drawing back as drawn.
    app.workspace.detachLeavesOfType('excalidraw-flows-run');
    await vi.waitFor(() => expect(sceneTexts(api)).toEqual(expect.arrayContaining(['A = 1', 'B = 1', 'C = 1'])));
    expect(sceneTexts(api).some((t) => t.startsWith('▶'))).toBe(false);
    expect(sceneTexts(api)).not.toContain('A = 2');
  });

  it('writes the live values into the drawing only when the command asks, and selects a diagnostic element', async () => {
    const { api } = await mountDrawing();
    const ea = new FakeAutomate(api);
    (window as { ExcalidrawAutomate?: unknown }).ExcalidrawAutomate = ea;
    const { app, plugin } = await loadPluginInBrowser();
    openInExcalidraw(app);
    const view = (await plugin.runViews.open(SEED)) as RunView;
    await view.controller!.inject('B', 1);
    await view.controller!.run();
    await vi.waitFor(() => expect(sceneTexts(api)).toContain('B = 2'));

    expect(app.runCommand('excalidraw-flows:write-live-values-into-drawing')).toBe(true);
    await vi.waitFor(() => expect(ea.commits.filter((c) => c.save)).toHaveLength(1));
    (plugin as unknown as { unload(): void }).unload();
    // Kept: unloading takes the queue marker away but no longer puts the drawn values back.
    await vi.waitFor(() => expect(sceneTexts(api).some((t) => t.startsWith('▶'))).toBe(false));
    expect(sceneTexts(api)).toContain('B = 2');

    const processor = view.controller!.flow.plan.nodes.find((n) => n.role === 'processor')!;
    plugin.runViews.selectInDrawing(SEED, processor.id);
    await vi.waitFor(() => expect(api.getAppState().selectedElementIds).toEqual({ [processor.id]: true }));
  });

  it('without the Excalidraw plugin the run view still runs and nothing is painted', async () => {
    const { app, plugin } = await loadPluginInBrowser();
    const view = (await plugin.runViews.open(SEED)) as RunView;
    attachLeaves(app);
    await view.controller!.run();
    view.refresh();
    expect(view.contentEl.querySelector('.flows-status-badge')?.textContent).toBe('Drained');
    expect(app.runCommand('excalidraw-flows:write-live-values-into-drawing')).toBe(true);
  });

  it('paints nothing when "Paint state on the drawing" is off', async () => {
    const { api } = await mountDrawing();
    const ea = new FakeAutomate(api);
    (window as { ExcalidrawAutomate?: unknown }).ExcalidrawAutomate = ea;
    const { app, plugin } = await loadPluginInBrowser();
    plugin.settings.paintOnDrawing = false;
    openInExcalidraw(app);
    const view = (await plugin.runViews.open(SEED))!;
    await view.controller!.run();
    view.refresh();
    expect(ea.commits).toEqual([]);
    expect(sceneTexts(api)).toEqual(expect.arrayContaining(['A = 1', 'B = 1', 'C = 1']));
  });
});
