import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildGraph } from '../../src/core/graph/build-graph';
import { compilePlan } from '../../src/core/plan/plan';
import { readScene } from '../../src/core/scene/read-scene';
import type { RunView } from '../../src/obsidian/view/run-view';
import { SEED, attachLeaves, loadPluginInBrowser } from './browser-host';
import { FakeExcalidrawView } from './excalidraw/fake-excalidraw-view';
import { FakeAutomate, forkApi, installAutomate, uninstallAutomate } from './fake-automate';

afterEach(() => {
  uninstallAutomate();
  document.body.replaceChildren();
});

const LINKED = 'linked.excalidraw.md';
const ASSERTION_TEXTS = ['gIYBY9Q5', '0XOj2VEF', 'OsFM5WcU'];

/** The seed, with a `[[link]]` on a second line of the `A = 1` text, as the plugin keeps it: raw in `rawText`, shown parsed. */
function withLink(seed: string): string {
  return seed
    .replace('A = 1 ^gIYBY9Q5', 'A = 1\nsee [[notes]] ^gIYBY9Q5')
    .replace(/("id": "gIYBY9Q5",[\s\S]*?)"text": "A = 1",\s*"rawText": "A = 1",([\s\S]*?)"originalText": "A = 1"/, '$1"text": "A = 1\\nsee notes", "rawText": "A = 1\\nsee [[notes]]",$2"originalText": "A = 1\\nsee notes"');
}

const assertionsOf = (text: string): Record<string, number> => {
  const plan = compilePlan(buildGraph(readScene(LINKED, text).scene));
  return Object.fromEntries(plan.nodes.flatMap((n) => n.assertions.map((a) => [a.key, a.expected])));
};

describe('"Write live values into the drawing"', () => {
  it('writes the values as the new assertions, keeps the link and every other element, in one undoable saved step', async () => {
    const { app, plugin, backend } = await loadPluginInBrowser();
    const drawn = withLink(await backend.read(SEED));
    expect(drawn).toContain('"rawText": "A = 1\\nsee [[notes]]"');
    await app.vault.create(LINKED, drawn);
    const ea = new FakeAutomate();
    installAutomate(ea);
    const drawing = await FakeExcalidrawView.open(app, LINKED, document.body.createDiv(), { autosaveMs: 30 });
    const view = (await plugin.runViews.open(LINKED)) as RunView;
    attachLeaves(app);
    await view.controller!.inject('B', 1);
    await view.controller!.run();
    view.refresh();
    const api = forkApi(drawing);
    const before = new Map(api.getSceneElementsIncludingDeleted().map((e) => [e.id, structuredClone(e)]));

    expect(app.runCommand('excalidraw-flows:write-live-values-into-drawing')).toBe(true);
    await vi.waitFor(() => expect(drawing.saves).toHaveLength(1));

    // One step, saved by the view itself, that the user can undo.
    expect(ea.commits).toEqual([{ save: true, captureUpdate: 'IMMEDIATELY' }]);
    expect(drawing.saves[0].reason).toBe('addElementsToView(save=true)');
    const after = new Map(api.getSceneElementsIncludingDeleted().map((e) => [e.id, e]));
    // No element added or removed; every element but the edited text is exactly as it was.
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [id, el] of before) if (id !== '0XOj2VEF') expect(after.get(id), id).toEqual(el);
    // B = 1 became B = 2 in the markdown and on screen; A's link line is untouched.
    expect(after.get('0XOj2VEF')).toMatchObject({ rawText: 'B = 2', originalText: 'B = 2', text: 'B = 2' });
    expect(after.get('gIYBY9Q5')).toMatchObject({ rawText: 'A = 1\nsee [[notes]]', originalText: 'A = 1\nsee notes' });

    const saved = await backend.read(LINKED);
    expect(saved).toContain('A = 1\nsee [[notes]] ^gIYBY9Q5');
    expect(saved).toContain('B = 2 ^0XOj2VEF');
    expect(assertionsOf(saved)).toEqual({ A: 1, B: 2, C: 1 });
    expect(ASSERTION_TEXTS.every((id) => saved.includes(`^${id}`))).toBe(true);
  });

  it('before Excalidraw 2.20.2 (no captureUpdate argument) still writes one saved step', async () => {
    const { app, plugin } = await loadPluginInBrowser();
    const ea = new FakeAutomate('2.19.0');
    installAutomate(ea);
    const drawing = await FakeExcalidrawView.open(app, SEED, document.body.createDiv());
    const view = (await plugin.runViews.open(SEED)) as RunView;
    await view.controller!.inject('C', 1);
    await view.controller!.run();
    expect(app.runCommand('excalidraw-flows:write-live-values-into-drawing')).toBe(true);
    await vi.waitFor(() => expect(drawing.saves).toHaveLength(1));
    expect(ea.commits).toEqual([{ save: true, captureUpdate: 'IMMEDIATELY' }]);
    expect(forkApi(drawing).getSceneElements().find((e) => e.id === 'OsFM5WcU')?.rawText).toBe('C = 2');
  });
});
