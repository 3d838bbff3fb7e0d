import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands, page } from 'vitest/browser';
import '../../styles/overlay.css';
import type { RunView } from '../../src/obsidian/view/run-view';
import { SEED_FIXTURE, attachLeaves, loadPluginInBrowser } from './browser-host';
import { FakeExcalidrawView } from './excalidraw/fake-excalidraw-view';
import { overlayLines } from './excalidraw/overlay-probe';
import { FakeAutomate, installAutomate, uninstallAutomate } from './fake-automate';

afterEach(() => {
  uninstallAutomate();
  document.body.replaceChildren();
});

const PATH = 'clicks per minute.excalidraw.md';
const PROCESSOR = '-9utWw0b6K18W12aV9wko';

/** The seed with its texts replaced by id, in the JSON and in the `## Text Elements` section, as the plugin writes both. */
function withTexts(note: string, texts: Record<string, string>): string {
  const json = /```json\n([\s\S]*?)\n```/.exec(note)!;
  const scene = JSON.parse(json[1]) as { elements: Record<string, unknown>[] };
  for (const e of scene.elements) {
    const text = texts[e.id as string];
    if (text !== undefined) for (const k of ['text', 'originalText', 'rawText']) if (k in e) e[k] = text;
  }
  let out = note.slice(0, json.index) + '```json\n' + JSON.stringify(scene, null, '\t') + '\n```' + note.slice(json.index + json[0].length);
  for (const [id, text] of Object.entries(texts)) out = out.replace(new RegExp(`^[^\\n]*\\^${id}$`, 'm'), `${text} ^${id}`);
  return out;
}

describe('windows and the watermark over the drawing (issue 17)', () => {
  it('shows each open window with its range and value and the watermark moving, a late event, and leaves the file alone', async () => {
    const seed = await commands.readFile(SEED_FIXTURE);
    // The seed counting per minute of event time: A, B and C clicked at 12:00:05, 12:00:30 and 12:01:10.
    const drawn = withTexts(seed, { ylHEBJpO: 'A @12:00:05', QNGElIHC: 'B @12:00:30', CjvlQ11L: 'C @12:01:10', gIYBY9Q5: 'A@12:00 = 1', '0XOj2VEF': 'B@12:00 = 1', OsFM5WcU: 'count per 1 min' });
    const { app, plugin, backend } = await loadPluginInBrowser({}, { [PATH]: drawn });
    installAutomate(new FakeAutomate());
    const stage = document.body.createDiv();
    stage.setAttribute('style', 'display:flex;width:1100px;height:640px');
    const drawing = await FakeExcalidrawView.open(app, PATH, stage, { autosaveMs: 30 });
    const view = (await plugin.runViews.open(PATH)) as RunView;
    stage.appendChild(attachLeaves(app));
    const windows = (): string[] | undefined => overlayLines(drawing)[`x:${PROCESSOR}`];
    const changed = (): string[] => [...(drawing.contentEl.querySelector(`.flows-overlay-label[data-key="x:${PROCESSOR}"]`)?.querySelectorAll('.flows-tone-changed') ?? [])].map((e) => e.textContent ?? '');

    await vi.waitFor(() => expect(overlayLines(drawing)[`u:${PROCESSOR}`]?.[1]).toBe('count per 1 min'));
    const step = async (): Promise<void> => {
      await view.controller!.step();
      view.refresh();
    };

    await step();
    await vi.waitFor(() => expect(windows()).toEqual(['watermark 12:00:05', 'A [12:00:00, 12:01:00) = 1']));
    await step();
    await vi.waitFor(() => expect(windows()).toEqual(['watermark 12:00:30', 'A [12:00:00, 12:01:00) = 1', 'B [12:00:00, 12:01:00) = 1']));
    // What moved since the last step: the watermark and the new window.
    expect(changed()).toEqual(['watermark 12:00:30', 'B [12:00:00, 12:01:00) = 1']);
    await page.screenshot({ path: '../artifacts/window-overlay.png', element: drawing.contentEl });
    // 12:01:10 moves the watermark past 12:01: the first minute's windows close and go downstream.
    await step();
    await vi.waitFor(() => expect(windows()).toEqual(['watermark 12:01:10', 'C [12:01:00, 12:02:00) = 1']));
    // A click for a minute already closed is late: counted on the drawing, not lost.
    await view.controller!.inject('A @12:00:10', 1);
    await step();
    await vi.waitFor(() => expect(windows()).toEqual(['watermark 12:01:10', 'C [12:01:00, 12:02:00) = 1', 'late: 1']));

    await drawing.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(drawing.dirtyMarks).toBe(0);
    expect((await backend.read(PATH)) === drawn).toBe(true);
  });
});
