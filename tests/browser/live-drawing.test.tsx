import { afterEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import '../../styles/overlay.css';
import { DrawingOverlay } from '../../src/obsidian/overlay/drawing-overlay';
import type { RunView } from '../../src/obsidian/view/run-view';
import { Notice } from '../obsidian-stub/obsidian';
import { SEED, attachLeaves, loadPluginInBrowser } from './browser-host';
import { FakeExcalidrawView } from './excalidraw/fake-excalidraw-view';
import { labelElement, overlayLabels, seedValuesShown } from './excalidraw/overlay-probe';
import { FakeAutomate, forkApi, installAutomate, uninstallAutomate } from './fake-automate';

afterEach(() => {
  uninstallAutomate();
  document.body.replaceChildren();
});

const A_LINE = 'v:gIYBY9Q5:0';

/** The plugin, the Excalidraw fake with the seed open, and the run view beside it. */
async function openSeed(): Promise<{ app: Awaited<ReturnType<typeof loadPluginInBrowser>>['app']; plugin: Awaited<ReturnType<typeof loadPluginInBrowser>>['plugin']; drawing: FakeExcalidrawView; view: RunView; ea: FakeAutomate }> {
  const { app, plugin } = await loadPluginInBrowser();
  const ea = new FakeAutomate();
  installAutomate(ea);
  const stage = document.body.createDiv();
  stage.setAttribute('style', 'display:flex;width:1100px;height:640px');
  const drawing = await FakeExcalidrawView.open(app, SEED, stage, { autosaveMs: 30 });
  const view = (await plugin.runViews.open(SEED)) as RunView;
  stage.appendChild(attachLeaves(app));
  return { app, plugin, drawing, view, ea };
}

/** Where a label is on the page (its translate, in px). */
function placeOf(el: HTMLElement | null): { x: number; y: number } {
  const s = el?.style;
  return { x: parseFloat(s?.getPropertyValue('--flows-x') ?? 'NaN'), y: parseFloat(s?.getPropertyValue('--flows-y') ?? 'NaN') };
}

describe('the run over the drawing (overlay on the Excalidraw fork, never in the scene)', () => {
  it('follows pan, zoom and a moved element, and leaves the scene untouched', async () => {
    const { drawing, view } = await openSeed();
    const api = forkApi(drawing);
    const versions = (): string => api.getSceneElements().map((e) => `${e.id}@${e.version}`).join();
    const sceneBefore = versions();
    await view.controller!.step();
    view.refresh();
    await vi.waitFor(() => expect(seedValuesShown(drawing).A).toBe('1'));
    // Where the label must be: right of the text, centred on it, at (x + scrollX) * zoom.
    const expected = (): { x: number; y: number } => {
      const el = api.getSceneElements().find((e) => e.id === 'gIYBY9Q5')!;
      const { scrollX, scrollY, zoom } = api.getAppState();
      return { x: Math.round((el.x + el.width + scrollX) * zoom.value + 6), y: Math.round((el.y + el.height / 2 + scrollY) * zoom.value) };
    };
    const follows = (): Promise<void> => vi.waitFor(() => expect(placeOf(labelElement(drawing, A_LINE))).toEqual(expected()));
    await follows();
    const start = placeOf(labelElement(drawing, A_LINE));
    const st = api.getAppState();

    // Pan by 40/25 scene units at zoom 1: the label moves by exactly that many pixels.
    api.updateScene({ appState: { scrollX: st.scrollX + 40, scrollY: st.scrollY + 25, zoom: { value: 1 } }, captureUpdate: 'NEVER' });
    await follows();
    // Zoom 2: every coordinate doubles.
    api.updateScene({ appState: { zoom: { value: 2 } }, captureUpdate: 'NEVER' });
    await follows();
    // Moving the text (as a person dragging it would) moves its label along.
    api.updateScene({ appState: { zoom: { value: 1 } }, captureUpdate: 'NEVER' });
    api.updateScene({ elements: api.getSceneElementsIncludingDeleted().map((e) => (e.id === 'gIYBY9Q5' ? { ...e, y: e.y + 50, version: e.version + 1 } : e)), captureUpdate: 'NEVER' });
    await follows();
    expect(placeOf(labelElement(drawing, A_LINE))).not.toEqual(start);
    // The editor resized (a split pane dragged): the label stays on its text.
    drawing.contentEl.style.width = '600px';
    await follows();
    await page.screenshot({ path: '../artifacts/live-drawing.png', element: drawing.contentEl.parentElement! });

    // Our only scene change was the test's own drag; the run changed nothing.
    expect(versions().replace(/gIYBY9Q5@\d+/, '')).toBe(sceneBefore.replace(/gIYBY9Q5@\d+/, ''));
  });

  it('sends a stepped event along its edge, a barrier at a checkpoint, and shows a restore', async () => {
    const { drawing, view } = await openSeed();
    const travellers = (kind: string): string[] => [...drawing.contentEl.querySelectorAll(`.flows-overlay-${kind}`)].map((e) => e.textContent ?? '');
    await view.controller!.step();
    view.refresh();
    await vi.waitFor(() => expect(travellers('event')).toEqual(['A']));
    // It arrives and goes.
    await vi.waitFor(() => expect(travellers('event')).toEqual([]), { timeout: 2000 });
    await view.controller!.checkpointNow();
    view.refresh();
    await vi.waitFor(() => expect(travellers('barrier')).toHaveLength(1));
    await view.controller!.simulateCrash();
    view.refresh();
    await vi.waitFor(() => expect(Object.values(overlayLabels(drawing))).toContain('Crashed: state lost'));
    await view.controller!.restore(view.controller!.snapshot().checkpoints[0].path);
    view.refresh();
    await vi.waitFor(() => expect(Object.values(overlayLabels(drawing))).toContain('Restored checkpoint 1'));
    expect(drawing.dirtyMarks).toBe(0);
  });

  it('at full speed draws at most once per frame, sends no travellers, and does nothing when nothing changed', async () => {
    const { plugin, drawing, view } = await openSeed();
    await view.controller!.injectAll(Array.from({ length: 200 }, (_, i) => ({ key: `K${i % 50}`, value: 1 })));
    view.refresh();
    await vi.waitFor(() => expect(seedValuesShown(drawing).A).toBe('—'));
    const overlay = plugin.runViews.overlayOf(SEED)!;
    let frames = 0;
    let counting = true;
    const tick = (): void => {
      frames++;
      if (counting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const drawn = overlay.frames;
    let travellers = 0;
    const spotter = new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if ((n as HTMLElement).classList?.contains('flows-overlay-event')) travellers++;
    });
    spotter.observe(drawing.contentEl, { childList: true, subtree: true });
    view.controller!.setRate(0);
    await view.controller!.run();
    view.refresh();
    await vi.waitFor(() => expect(seedValuesShown(drawing)).toEqual({ A: '1', B: '1', C: '1' }));
    counting = false;
    expect(overlay.frames - drawn).toBeLessThanOrEqual(frames + 1);
    expect(travellers).toBe(0);
    expect(Object.values(overlayLabels(drawing)).some((t) => t.startsWith('K0 = 4'))).toBe(true);
    spotter.disconnect();

    // A burst far faster than the run view's own throttle, on an overlay of our own (the run view's goes).
    plugin.settings.paintOnDrawing = false;
    view.refresh();
    await vi.waitFor(() => expect(overlayLabels(drawing)).toEqual({}));
    const own = new DrawingOverlay(plugin.app, SEED, view.controller!.flow.plan, { report: (m) => { throw new Error(m); } });
    const base = view.controller!.snapshot();
    own.show(base);
    await vi.waitFor(() => expect(seedValuesShown(drawing).A).toBe('1'));
    frames = 0;
    counting = true;
    requestAnimationFrame(tick);
    const before = own.frames;
    for (let i = 0; i < 2000; i++) own.show({ ...base, processors: base.processors.map((p) => ({ ...p, entries: [['A', i], ...p.entries.filter(([k]) => k !== 'A')] })) });
    await vi.waitFor(() => expect(seedValuesShown(drawing).A).toBe('1999'));
    counting = false;
    expect(own.frames - before).toBeLessThanOrEqual(frames + 1);

    // Nothing new: a hundred identical snapshots write nothing to the page.
    const last = { ...base, processors: base.processors.map((p) => ({ ...p, entries: [['A', 1999], ...p.entries.filter(([k]) => k !== 'A')] as [string, number][] })) };
    await new Promise((r) => setTimeout(r, 50));
    const writes: MutationRecord[] = [];
    const watcher = new MutationObserver((r) => writes.push(...r));
    watcher.observe(drawing.contentEl.querySelector('.flows-overlay')!, { childList: true, subtree: true, attributes: true, characterData: true });
    for (let i = 0; i < 100; i++) own.show(last);
    await new Promise((r) => setTimeout(r, 100));
    expect(writes).toEqual([]);
    watcher.disconnect();
    own.close();
  });

  it('goes when the run view closes, and when the drawing closes first', async () => {
    const { app, drawing, view } = await openSeed();
    await view.controller!.step();
    view.refresh();
    await vi.waitFor(() => expect(seedValuesShown(drawing).A).toBe('1'));
    app.workspace.detachLeavesOfType('excalidraw-flows-run');
    await vi.waitFor(() => expect(drawing.contentEl.querySelector('.flows-overlay')).toBeNull());
    expect(drawing.dirtyMarks).toBe(0);
  });

  it('waits for a drawing in a background tab or still loading, then shows the run', async () => {
    const { app, plugin } = await loadPluginInBrowser();
    installAutomate(new FakeAutomate());
    // A background tab: Obsidian ≥ 1.7.2 keeps a DeferredView in the leaf (docs: plugins/guides/defer-views).
    const deferred = { view: { getViewType: () => 'excalidraw' }, isDeferred: true, getViewState: () => ({ type: 'excalidraw', state: { file: SEED } }) };
    (app.workspace.leaves as unknown[]).push(deferred);
    const view = (await plugin.runViews.open(SEED)) as RunView;
    await view.controller!.step();
    view.refresh();
    expect(app.runCommand('excalidraw-flows:write-live-values-into-drawing')).toBe(true);
    await vi.waitFor(() => expect(Notice.shown.at(-1)).toBe(`${SEED} is still loading in Excalidraw; show its tab and try again`));
    // The tab is shown: the leaf now holds the real view, which loads for a while (API null meanwhile).
    (app.workspace.leaves as unknown[]).splice((app.workspace.leaves as unknown[]).indexOf(deferred), 1);
    const drawing = await FakeExcalidrawView.open(app, SEED, document.body.createDiv(), { loadDelayMs: 300 });
    await vi.waitFor(() => expect(seedValuesShown(drawing).A).toBe('1'));
  });

  it('reports an overlay failure once and tries again', async () => {
    const { drawing, view } = await openSeed();
    const api = forkApi(drawing);
    const real = api.getAppState.bind(api);
    let broken = true;
    api.getAppState = () => {
      if (broken) throw new Error('editor busy');
      return real();
    };
    const before = Notice.shown.length;
    await view.controller!.step();
    view.refresh();
    await new Promise((r) => setTimeout(r, 1200));
    expect(Notice.shown.slice(before)).toEqual([`Could not show the run on ${SEED}: editor busy`]);
    broken = false;
    await vi.waitFor(() => expect(seedValuesShown(drawing).A).toBe('1'));
  });

  it('without the Excalidraw plugin the run view still runs and nothing is shown', async () => {
    const { app, plugin } = await loadPluginInBrowser();
    const view = (await plugin.runViews.open(SEED)) as RunView;
    attachLeaves(app);
    await view.controller!.run();
    view.refresh();
    expect(view.contentEl.querySelector('.flows-status-badge')?.textContent).toBe('Drained');
    expect(app.runCommand('excalidraw-flows:write-live-values-into-drawing')).toBe(true);
    await vi.waitFor(() => expect(Notice.shown.at(-1)).toBe(`Open ${SEED} in Excalidraw to write the live values into it`));
  });

  it('shows nothing when "Show the run on the drawing" is off', async () => {
    const { plugin, drawing, view } = await openSeed();
    plugin.settings.paintOnDrawing = false;
    await view.controller!.run();
    view.refresh();
    await new Promise((r) => setTimeout(r, 100));
    expect(overlayLabels(drawing)).toEqual({});
  });

  it('selects a diagnostic element in the drawing without dirtying it', async () => {
    const { plugin, drawing, view } = await openSeed();
    const processor = view.controller!.flow.plan.nodes.find((n) => n.role === 'processor')!;
    plugin.runViews.selectInDrawing(SEED, processor.id);
    await vi.waitFor(() => expect(forkApi(drawing).getAppState().selectedElementIds).toEqual({ [processor.id]: true }));
    expect(drawing.dirtyMarks).toBe(0);
  });
});
