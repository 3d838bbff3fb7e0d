import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import '../../styles/overlay.css';
import type { RunView } from '../../src/obsidian/view/run-view';
import { SEED_FIXTURE, attachLeaves, loadPluginInBrowser } from './browser-host';
import { excalidrawComExport, exportedId } from './excalidraw/excalidraw-com-export';
import { FakeExcalidrawView } from './excalidraw/fake-excalidraw-view';
import { overlayLines } from './excalidraw/overlay-probe';
import { FakeAutomate, forkApi, installAutomate, uninstallAutomate } from './fake-automate';

afterEach(() => {
  uninstallAutomate();
  document.body.replaceChildren();
});

const PATH = 'clicks.excalidraw';
/** The seed's elements, under the long ids of the export. */
const PROCESSOR = exportedId('-9utWw0b6K18W12aV9wko');
const QUEUE = exportedId('wQEIdo2SRbHu7CySrp7Gc');
const A_LINE = exportedId('gIYBY9Q5');
const B_LINE = exportedId('0XOj2VEF');
/** A line in the processor that is no operation: the reader warns about it, at its element. */
const NOTE = exportedId('note1');

/** The seed, exported from excalidraw.com: 20-character ids, a link on the processor box, a stray line in it. */
async function exportedSeed(): Promise<string> {
  const seed = await commands.readFile(SEED_FIXTURE);
  const json = /```json\n([\s\S]*?)\n```/.exec(seed)![1];
  const box = (JSON.parse(json) as { elements: { id: string; x: number; y: number; height: number }[] }).elements.find((e) => e.id === '-9utWw0b6K18W12aV9wko')!;
  return excalidrawComExport(json, { links: { '-9utWw0b6K18W12aV9wko': 'https://example.com/service' }, texts: [{ id: 'note1', x: box.x + 12, y: box.y + box.height - 40, text: 'keeps totals' }] });
}

function valueLabel(drawing: FakeExcalidrawView, fileId: string): string | undefined {
  return overlayLines(drawing)[`v:${fileId}:0`]?.[0];
}

describe('elements found again after the Excalidraw plugin renames their ids', () => {
  it('shows the run and its diagnostics on an excalidraw.com drawing, selects a diagnostic’s element, and across a save and a reopen', async () => {
    const exported = await exportedSeed();
    const { app, plugin, backend } = await loadPluginInBrowser({}, { [PATH]: exported });
    installAutomate(new FakeAutomate());
    const stage = document.body.createDiv();
    stage.setAttribute('style', 'display:flex;width:1100px;height:640px');
    // Autosave far away: the file keeps its long ids until the test saves it.
    let drawing = await FakeExcalidrawView.open(app, PATH, stage, { autosaveMs: 60_000 });
    const ids = (): string[] => forkApi(drawing).getSceneElements().map((e) => e.id);
    // The plugin renamed every text and the linked box on load; the plain queue box kept its id.
    for (const id of [PROCESSOR, A_LINE, B_LINE, NOTE]) expect(ids()).not.toContain(id);
    expect(ids()).toContain(QUEUE);
    const marksAfterLoad = drawing.dirtyMarks;

    const view = (await plugin.runViews.open(PATH)) as RunView;
    stage.appendChild(attachLeaves(app));
    await vi.waitFor(() => expect(overlayLines(drawing)[`u:${PROCESSOR}`]).toEqual(['Processor “processing service”', 'count', 'expects A = 1, B = 1, C = 1']));
    expect(valueLabel(drawing, A_LINE)).toBe('—');
    // The warning about the stray line sits at that line, under its new id.
    const note = forkApi(drawing).getSceneElements().find((e) => e.type === 'text' && e.originalText === 'keeps totals')!;
    const label = drawing.contentEl.querySelector<HTMLElement>(`.flows-overlay-label[data-key="d:${NOTE}"]`)!;
    const { scrollX, zoom } = forkApi(drawing).getAppState();
    expect(parseFloat(label.style.getPropertyValue('--flows-x'))).toBe(Math.round((note.x + note.width + scrollX) * zoom.value + 6));
    expect(label.textContent).toMatch(/^Warning: "keeps totals" in processor "processing service" is not an operation/);

    // Clicking the diagnostic in the run view selects the element under the id the editor knows it by.
    await userEvent.click(view.contentEl.querySelector<HTMLElement>(`.flows-diagnostic[data-element="${NOTE}"]`)!);
    await vi.waitFor(() => expect(forkApi(drawing).getAppState().selectedElementIds).toEqual({ [note.id]: true }));

    await view.controller!.step();
    view.refresh();
    await vi.waitFor(() => expect(valueLabel(drawing, A_LINE)).toBe('1'));
    await page.screenshot({ path: '../artifacts/renamed-ids.png', element: drawing.contentEl });

    // The plugin saves (its own renaming made the view dirty): the file now has the short ids, the run the long ones.
    await drawing.save(false, 'autosave');
    expect(await backend.read(PATH)).not.toContain(A_LINE);
    await view.controller!.step();
    view.refresh();
    await vi.waitFor(() => expect(valueLabel(drawing, B_LINE)).toBe('1'));

    // The run marked nothing dirty: the only mark is the plugin's own, for its renaming on load.
    expect(drawing.dirtyMarks).toBe(marksAfterLoad);
    // Closed and opened again, the editor loads the short ids from the file: still found.
    await drawing.close();
    drawing = await FakeExcalidrawView.open(app, PATH, stage, { autosaveMs: 60_000 });
    await vi.waitFor(() => expect([valueLabel(drawing, A_LINE), valueLabel(drawing, B_LINE)]).toEqual(['1', '1']));
    expect(overlayLines(drawing)[`q:${QUEUE}`]).toEqual(['2/3 next: C']);

    // Nothing of ours reached the file: it is exactly what the plugin itself saved.
    expect(drawing.dirtyMarks).toBe(0);
    expect(marksAfterLoad).toBe(1);
    const saved = await backend.read(PATH);
    await drawing.close();
    expect(await backend.read(PATH)).toBe(saved);
  });
});
