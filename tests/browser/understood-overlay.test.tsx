import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import '../../styles/overlay.css';
import type { RunView } from '../../src/obsidian/view/run-view';
import { SEED, SEED_FIXTURE, attachLeaves, loadPluginInBrowser } from './browser-host';
import { FakeExcalidrawView } from './excalidraw/fake-excalidraw-view';
import { overlayLines, seedValuesShown } from './excalidraw/overlay-probe';
import { FakeAutomate, forkApi, installAutomate, uninstallAutomate } from './fake-automate';

afterEach(() => {
  uninstallAutomate();
  document.body.replaceChildren();
});

/** The seed's element ids: its queue and processor boxes, and the text of its `C = 1` line. */
const QUEUE = 'wQEIdo2SRbHu7CySrp7Gc';
const PROCESSOR = '-9utWw0b6K18W12aV9wko';
const C_LINE = 'OsFM5WcU';

function stage(): HTMLElement {
  const s = document.body.createDiv();
  s.setAttribute('style', 'display:flex;width:1100px;height:640px');
  return s;
}

/** The plugin with `path` in the vault, the drawing open in the strict Excalidraw fake (autosaving), the run view beside it. */
async function open(path: string, texts: Record<string, string> = {}): Promise<{ drawing: FakeExcalidrawView; view: RunView; read: () => Promise<string>; app: Awaited<ReturnType<typeof loadPluginInBrowser>>['app'] }> {
  const { app, plugin, backend } = await loadPluginInBrowser(path === SEED ? { [SEED]: SEED_FIXTURE } : {}, texts);
  installAutomate(new FakeAutomate());
  const s = stage();
  const drawing = await FakeExcalidrawView.open(app, path, s, { autosaveMs: 30 });
  const view = (await plugin.runViews.open(path)) as RunView;
  s.appendChild(attachLeaves(app));
  return { drawing, view, app, read: () => backend.read(path) };
}

describe('the drawing as understood, over the drawing, before it runs (issue 14)', () => {
  it('shows each node with its role, name and events, goes once the run starts, and leaves the file byte-identical', async () => {
    const { drawing, view, read } = await open(SEED);
    const before = await read();
    await vi.waitFor(() =>
      expect(overlayLines(drawing)).toMatchObject({
        [`u:${QUEUE}`]: ['Queue “queue”', 'events: A B C'],
        [`u:${PROCESSOR}`]: ['Processor “processing service”', 'count', 'expects A = 1, B = 1, C = 1'],
      }),
    );
    // The seed reads cleanly: no diagnostic anywhere on it.
    expect(Object.keys(overlayLines(drawing)).filter((k) => k.startsWith('d:'))).toEqual([]);
    await page.screenshot({ path: '../artifacts/understood-overlay.png', element: drawing.contentEl });

    await view.controller!.step();
    view.refresh();
    await vi.waitFor(() => expect(seedValuesShown(drawing).A).toBe('1'));
    expect(Object.keys(overlayLines(drawing)).filter((k) => k.startsWith('u:'))).toEqual([]);

    await drawing.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(drawing.dirtyMarks).toBe(0);
    expect(drawing.saves).toEqual([]);
    expect((await read()) === before).toBe(true);
  });

  it('shows a refused drawing’s error at its element, and its element is selected from the list', async () => {
    // The seed with its `C = 1` line misspelt as an operation word: the reader refuses to guess.
    const seed = await commands.readFile(SEED_FIXTURE);
    const path = 'misspelt.excalidraw.md';
    const { drawing, view, read } = await open(path, { [path]: seed.replaceAll('C = 1', 'cout') });
    const before = await read();
    expect(view.controller).toBeNull();
    expect(view.contentEl.querySelector('.flows-error')?.textContent).toContain('did you mean `count`?');

    const diagnostic = await vi.waitFor(() => {
      const lines = overlayLines(drawing)[`d:${C_LINE}`];
      expect(lines).toHaveLength(1);
      return lines[0];
    });
    expect(diagnostic).toMatch(/^Error: "cout" in processor "processing service" reads as the operation "cout", which this language does not have; did you mean `count`\?/);
    // Where it was drawn: right of the misspelt line, at (x + width + scrollX) * zoom.
    const api = forkApi(drawing);
    const el = api.getSceneElements().find((e) => e.id === C_LINE)!;
    const { scrollX, zoom } = api.getAppState();
    const label = drawing.contentEl.querySelector<HTMLElement>(`.flows-overlay-label[data-key="d:${C_LINE}"]`)!;
    expect(parseFloat(label.style.getPropertyValue('--flows-x'))).toBe(Math.round((el.x + el.width + scrollX) * zoom.value + 6));
    expect(label.querySelector('.flows-tone-error')).not.toBeNull();
    // The rest of the drawing as understood is still shown, to see what the reader made of it.
    expect(overlayLines(drawing)[`u:${QUEUE}`]).toEqual(['Queue “queue”', 'events: A B C']);
    await page.screenshot({ path: '../artifacts/understood-overlay-refused.png', element: drawing.contentEl });

    await userEvent.click(view.contentEl.querySelector<HTMLElement>(`.flows-diagnostic[data-element="${C_LINE}"]`)!);
    await vi.waitFor(() => expect(api.getAppState().selectedElementIds).toEqual({ [C_LINE]: true }));

    await drawing.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(drawing.dirtyMarks).toBe(0);
    expect((await read()) === before).toBe(true);
  });
});
