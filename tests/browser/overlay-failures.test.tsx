import { afterEach, describe, expect, it, vi } from 'vitest';
import '../../styles/overlay.css';
import type { RunView } from '../../src/obsidian/view/run-view';
import { Notice } from '../obsidian-stub/obsidian';
import { SEED, attachLeaves, loadPluginInBrowser } from './browser-host';
import { FakeExcalidrawView } from './excalidraw/fake-excalidraw-view';
import { seedValuesShown } from './excalidraw/overlay-probe';
import { FakeAutomate, forkApi, installAutomate, uninstallAutomate } from './fake-automate';

afterEach(() => {
  uninstallAutomate();
  document.body.replaceChildren();
});

/** The plugin with the seed, the Excalidraw fake installed, the run view open (and a stage for drawings). */
async function setUp(): Promise<{ app: Awaited<ReturnType<typeof loadPluginInBrowser>>['app']; plugin: Awaited<ReturnType<typeof loadPluginInBrowser>>['plugin']; view: RunView; stage: HTMLElement; ea: FakeAutomate }> {
  const { app, plugin } = await loadPluginInBrowser();
  const ea = new FakeAutomate();
  installAutomate(ea);
  const stage = document.body.createDiv();
  stage.setAttribute('style', 'display:flex;width:1100px;height:640px');
  const view = (await plugin.runViews.open(SEED)) as RunView;
  stage.appendChild(attachLeaves(app));
  return { app, plugin, view, stage, ea };
}

const layers = (drawing: FakeExcalidrawView): number => drawing.contentEl.querySelectorAll('.flows-overlay').length;

describe('every overlay failure is caught, reported once and tried again', () => {
  it('a view that fails while the overlay attaches keeps no half-made layer, and is shown once it works', async () => {
    const { app, view, stage } = await setUp();
    const drawing = await FakeExcalidrawView.open(app, SEED, stage);
    const api = forkApi(drawing);
    const real = api.onChange.bind(api);
    let tries = 0;
    api.onChange = () => {
      tries++;
      throw new Error('the editor is unmounting');
    };
    const before = Notice.shown.length;
    await view.controller!.step();
    view.refresh();
    // Tried again and again, never leaving a layer behind, said once.
    await vi.waitFor(() => expect(tries).toBeGreaterThanOrEqual(3), { timeout: 5000 });
    expect(layers(drawing)).toBe(0);
    expect(Notice.shown.slice(before)).toEqual([`Could not show the run on ${SEED}: the editor is unmounting`]);
    // The run itself went on: the run view shows the step.
    expect(view.controller!.snapshot().processed).toBe(1);
    api.onChange = real;
    await vi.waitFor(() => expect(seedValuesShown(drawing).A).toBe('1'), { timeout: 5000 });
    expect(layers(drawing)).toBe(1);
  });

  it('a failing view is given up for the next one', async () => {
    const { app, view, stage } = await setUp();
    const broken = await FakeExcalidrawView.open(app, SEED, stage);
    forkApi(broken).getAppState = () => {
      throw new Error('editor busy');
    };
    const before = Notice.shown.length;
    await view.controller!.step();
    view.refresh();
    await vi.waitFor(() => expect(Notice.shown.slice(before)).toEqual([`Could not show the run on ${SEED}: editor busy`]));
    // The drawing is closed and opened again: the new view is used (tried on the workspace change, not after the pause).
    await broken.close();
    const drawing = await FakeExcalidrawView.open(app, SEED, stage);
    await vi.waitFor(() => expect(seedValuesShown(drawing).A).toBe('1'));
    expect(layers(drawing)).toBe(1);
    expect(Notice.shown.slice(before)).toEqual([`Could not show the run on ${SEED}: editor busy`]);
  });

  it('the plugin’s loading placeholder is never used, nor an automate without an API; the real view is, once loaded', async () => {
    const { app, plugin, view, stage, ea } = await setUp();
    // ExcalidrawLoading (the plugin's placeholder while it starts, src/view/ExcalidrawLoading.ts) holds the leaf
    // with the drawing's file; it is no ExcalidrawView (isExcalidrawView is instanceof), whatever it carries.
    const contentEl = stage.createDiv();
    const touched: string[] = [];
    const placeholderApi = new Proxy({}, { get: (_t, name) => { touched.push(String(name)); throw new Error('not an editor'); } });
    const placeholder = { view: { getViewType: () => 'excalidraw', file: { path: SEED }, _loaded: true, excalidrawAPI: placeholderApi, contentEl }, isDeferred: false, getViewState: () => ({ type: 'excalidraw', state: { file: SEED } }) };
    (app.workspace.leaves as unknown[]).push(placeholder);
    app.workspace.trigger('layout-change');
    const before = Notice.shown.length;
    await view.controller!.step();
    view.refresh();
    // Selecting an element meanwhile says to open the drawing (ExcalidrawAutomate has no API for it).
    plugin.runViews.selectInDrawing(SEED, 'gIYBY9Q5');
    await vi.waitFor(() => expect(Notice.shown.at(-1)).toBe(`Element gIYBY9Q5: open ${SEED} in Excalidraw to see it selected`));
    expect(touched).toEqual([]);
    expect(contentEl.querySelector('.flows-overlay')).toBeNull();
    // The plugin has started: the placeholder gives way to the real view, whose automate first has no API.
    (app.workspace.leaves as unknown[]).splice((app.workspace.leaves as unknown[]).indexOf(placeholder), 1);
    const realGetApi = ea.getAPI.bind(ea);
    ea.getAPI = (v?: unknown) => Object.assign(realGetApi(v), { getExcalidrawAPI: () => null });
    const drawing = await FakeExcalidrawView.open(app, SEED, stage, { loadDelayMs: 200 });
    await vi.waitFor(() => expect(seedValuesShown(drawing).A).toBe('1'));
    plugin.runViews.selectInDrawing(SEED, 'gIYBY9Q5');
    await vi.waitFor(() => expect(Notice.shown.filter((m) => m.startsWith('Element gIYBY9Q5'))).toHaveLength(2));
    ea.getAPI = realGetApi;
    plugin.runViews.selectInDrawing(SEED, 'gIYBY9Q5');
    await vi.waitFor(() => expect(forkApi(drawing).getAppState().selectedElementIds).toEqual({ gIYBY9Q5: true }));
    // No failure on the way: nothing to report.
    expect(Notice.shown.slice(before).filter((m) => m.startsWith('Could not'))).toEqual([]);
    expect(drawing.dirtyMarks).toBe(0);
  });
});
