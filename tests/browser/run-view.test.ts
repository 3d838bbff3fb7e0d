import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { RunView } from '../../src/obsidian/view/run-view';
import { Notice } from '../obsidian-stub/obsidian';
import { SEED, attachLeaves, byAction, loadPluginInBrowser, stateShown } from './browser-host';

const PROCESSOR = 'processing service';
const CHECKPOINTS = 'Flows/checkpointing/checkpoints';

afterEach(() => document.body.replaceChildren());

async function openSeedRun(): Promise<{ view: RunView; root: HTMLElement; app: Awaited<ReturnType<typeof loadPluginInBrowser>>['app']; backend: Awaited<ReturnType<typeof loadPluginInBrowser>>['backend'] }> {
  const { app, plugin, backend } = await loadPluginInBrowser();
  const view = await plugin.runViews.open(SEED);
  if (!view) throw new Error('run view did not open');
  attachLeaves(app);
  return { view, root: view.contentEl, app, backend };
}

const text = (root: HTMLElement, sel: string): string => root.querySelector(sel)?.textContent ?? '';

describe('the run view, in Chromium, over a real vault folder', () => {
  it('steps, injects, checkpoints, crashes, restores and runs, showing each step', async () => {
    const { root, backend } = await openSeedRun();
    expect(text(root, '.flows-status-badge')).toBe('Ready');
    expect(text(root, '.flows-queue-offset')).toBe('offset 0 of 3');
    expect([...root.querySelectorAll('.flows-queue-next .flows-event')].map((e) => e.textContent)).toEqual(['A', 'B', 'C']);
    expect(text(root, '.flows-processor')).toContain('No state yet');
    // One queue: no queue picker in the inject form.
    expect(root.querySelector('.flows-inject-queue')?.classList.contains('flows-hidden')).toBe(true);

    await userEvent.click(byAction(root, 'step'));
    await vi.waitFor(() => expect(stateShown(root, PROCESSOR)).toEqual({ A: '1' }));
    expect(text(root, '.flows-queue-offset')).toBe('offset 1 of 3');
    expect(root.querySelector('tr[data-key="A"] .flows-value')?.classList.contains('flows-changed')).toBe(true);

    // Inject D:5 through the form, as a person would type it.
    await userEvent.fill(root.querySelector<HTMLInputElement>('.flows-inject-key')!, 'D');
    await userEvent.fill(root.querySelector<HTMLInputElement>('.flows-inject-value')!, '5');
    await userEvent.click(byAction(root, 'inject'));
    await vi.waitFor(() => expect(text(root, '.flows-queue-offset')).toBe('offset 1 of 4'));
    expect(text(root, '.flows-queue-next')).toContain('D:5');

    await userEvent.click(byAction(root, 'checkpoint'));
    await vi.waitFor(() => expect(root.querySelectorAll('.flows-checkpoint')).toHaveLength(1));
    expect(text(root, '.flows-checkpoint-meta')).toContain('manual');
    const note = await backend.read(`${CHECKPOINTS}/checkpoint-0001.md`);
    expect(note).toContain('kind: manual');
    expect(note).toContain('| A | 1 |');

    await userEvent.click(byAction(root, 'step'));
    await vi.waitFor(() => expect(stateShown(root, PROCESSOR)).toEqual({ A: '1', B: '1' }));
    expect(root.querySelector('tr[data-key="B"] .flows-value')?.classList.contains('flows-changed')).toBe(true);
    expect(root.querySelector('tr[data-key="A"] .flows-value')?.classList.contains('flows-changed')).toBe(false);

    await userEvent.click(byAction(root, 'crash'));
    await vi.waitFor(() => expect(text(root, '.flows-status-badge')).toBe('Crashed'));
    expect(text(root, '.flows-processor')).toContain('No state yet');
    // Memory is gone, queue included; the queue log on disk brings it back on restore.
    expect(text(root, '.flows-queue-offset')).toBe('offset 0 of 0');

    // Restore… lists the checkpoints; pick checkpoint 1.
    await userEvent.click(byAction(root, 'restore'));
    const choice = await vi.waitFor(() => {
      const item = document.querySelector<HTMLElement>('.suggestion-item');
      expect(item?.textContent).toContain('Checkpoint 1 (manual)');
      return item!;
    });
    await userEvent.click(choice);
    await vi.waitFor(() => expect(text(root, '.flows-status-message')).toContain('Restored checkpoint 1'));
    expect(stateShown(root, PROCESSOR)).toEqual({ A: '1' });
    // The injected D:5 came back from the durable queue log.
    expect(text(root, '.flows-queue-offset')).toBe('offset 1 of 4');

    await userEvent.click(byAction(root, 'run'));
    await vi.waitFor(() => expect(text(root, '.flows-status-badge')).toBe('Drained'));
    // The processor counts events per key: the injected D:5 is one event.
    expect(stateShown(root, PROCESSOR)).toEqual({ A: '1', B: '1', C: '1', D: '1' });
    expect(root.querySelectorAll('.flows-checkpoint')).toHaveLength(2);

    // Compare checkpoint 1 with the final one: the keys the rest of the run changed.
    for (const box of root.querySelectorAll<HTMLInputElement>('.flows-checkpoint input[type=checkbox]')) await userEvent.click(box);
    await userEvent.click(byAction(root, 'compare'));
    await vi.waitFor(() => expect(text(root, '.flows-differences')).toContain('3 keys differ'));
    expect([...root.querySelectorAll('.flows-differences tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent))).toEqual([
      [PROCESSOR, 'B', '—', '1'],
      [PROCESSOR, 'C', '—', '1'],
      [PROCESSOR, 'D', '—', '1'],
    ]);

    await page.screenshot({ path: '../artifacts/run-view.png', element: root.closest<HTMLElement>('.workspace-leaf-content')! });
  });

  it('opens a checkpoint note from the timeline', async () => {
    const { root, app } = await openSeedRun();
    await userEvent.click(byAction(root, 'run'));
    await vi.waitFor(() => expect(root.querySelectorAll('.flows-checkpoint')).toHaveLength(1));
    await userEvent.click(root.querySelector<HTMLElement>('.flows-checkpoint-link')!);
    expect(app.workspace.opened.at(-1)?.linktext).toBe(`${CHECKPOINTS}/checkpoint-0001.md`);
  });

  it('shows why a drawing cannot run, naming the file', async () => {
    const { app, plugin, backend } = await loadPluginInBrowser();
    await backend.write('broken.excalidraw.md', '---\nexcalidraw-plugin: parsed\n---\nno drawing here\n');
    await app.vault.create('other.excalidraw.md', '---\nexcalidraw-plugin: parsed\n---\n# Drawing\n```json\n{"type":"excalidraw","elements":[}\n```\n');
    const view = (await plugin.runViews.open('other.excalidraw.md'))!;
    attachLeaves(app);
    expect(view.controller).toBeNull();
    expect(text(view.contentEl, '.flows-error')).toContain('other.excalidraw.md');
  });

  it('turns a failing action into a notice instead of an uncaught error', async () => {
    const { root } = await openSeedRun();
    const before = Notice.shown.length;
    await userEvent.click(byAction(root, 'inject'));
    await vi.waitFor(() => expect(Notice.shown.length).toBeGreaterThan(before));
    expect(Notice.shown.at(-1)).toBe('An event needs a key');
  });
});

describe('the run view: speed and diagnostics', () => {
  it('changes the speed from the field and shows it', async () => {
    const { root } = await openSeedRun();
    const rate = root.querySelector<HTMLInputElement>('.flows-rate')!;
    await userEvent.fill(rate, '20');
    rate.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(text(root, '.flows-status-counts')).toBe('0 events processed · 20 events/s'));
    expect(text(root, '.flows-status-message')).toBe('Speed: 20 events/s');
  });

  it('lists the drawing\'s diagnostics; clicking one points at its element', async () => {
    const { app, plugin, backend } = await loadPluginInBrowser();
    // The seed with a line inside the processor that is neither an operation nor KEY = NUMBER.
    const seed = await backend.read(SEED);
    const withNote = seed.replace(/"B = 1"/g, '"B = 1\\nkeeps the max"').replace(/^B = 1 \^0XOj2VEF/m, 'B = 1\nkeeps the max ^0XOj2VEF');
    await app.vault.create('noted.excalidraw.md', withNote);
    const view = (await plugin.runViews.open('noted.excalidraw.md'))!;
    attachLeaves(app);
    const item = view.contentEl.querySelector<HTMLElement>('.flows-diagnostic')!;
    expect(item.textContent).toContain('noted.excalidraw.md, element 0XOj2VEF: warning: "keeps the max" in processor "processing service" is not an operation');
    await userEvent.click(item);
    // Without the Excalidraw plugin, the drawing is opened and the user told which element.
    expect(Notice.shown.at(-1)).toBe('Element 0XOj2VEF: open noted.excalidraw.md in Excalidraw to see it selected');
    expect(app.workspace.opened.at(-1)?.linktext).toBe('noted.excalidraw.md');
  });
});

describe('the run view with two queues', () => {
  it('injects into the queue picked in the form', async () => {
    const { app, plugin } = await loadPluginInBrowser({});
    const canvas = {
      nodes: [
        { id: 'q1', type: 'text', text: 'orders\nA B', x: 0, y: 0, width: 200, height: 80 },
        { id: 'q2', type: 'text', text: 'clicks\nC', x: 0, y: 200, width: 200, height: 80 },
        { id: 'p1', type: 'text', text: 'counter\ncount', x: 400, y: 100, width: 200, height: 80 },
      ],
      edges: [
        { id: 'e1', fromNode: 'q1', toNode: 'p1', toEnd: 'arrow' },
        { id: 'e2', fromNode: 'q2', toNode: 'p1', toEnd: 'arrow' },
      ],
    };
    await app.vault.create('two.canvas', JSON.stringify(canvas));
    const view = (await plugin.runViews.open('two.canvas'))!;
    attachLeaves(app);
    const root = view.contentEl;
    const select = root.querySelector<HTMLSelectElement>('.flows-inject-queue')!;
    expect(select.classList.contains('flows-hidden')).toBe(false);
    expect([...select.options].map((o) => o.textContent)).toEqual(['orders', 'clicks']);
    await userEvent.selectOptions(select, 'q2');
    await userEvent.fill(root.querySelector<HTMLInputElement>('.flows-inject-key')!, 'Z');
    await userEvent.click(byAction(root, 'inject'));
    await vi.waitFor(() => expect([...root.querySelectorAll('.flows-queue-offset')].map((e) => e.textContent)).toEqual(['offset 0 of 2', 'offset 0 of 2']));
    expect(root.querySelector('[data-queue="clicks"] .flows-queue-next')?.textContent).toBe('CZ');
  });
});

describe('the run view with a sink', () => {
  it('shows sink records, pending until a checkpoint makes them durable in the sink note', async () => {
    const { app, plugin, backend } = await loadPluginInBrowser({});
    const canvas = {
      nodes: [
        { id: 'q1', type: 'text', text: 'orders\nA B A', x: 0, y: 0, width: 200, height: 80 },
        { id: 'p1', type: 'text', text: 'counter\ncount', x: 300, y: 0, width: 200, height: 80 },
        { id: 's1', type: 'text', text: 'results sink', x: 600, y: 0, width: 200, height: 80 },
      ],
      edges: [
        { id: 'e1', fromNode: 'q1', toNode: 'p1', toEnd: 'arrow' },
        { id: 'e2', fromNode: 'p1', toNode: 's1', toEnd: 'arrow' },
      ],
    };
    await app.vault.create('sinky.canvas', JSON.stringify(canvas));
    const view = (await plugin.runViews.open('sinky.canvas'))!;
    attachLeaves(app);
    const root = view.contentEl;
    await userEvent.click(byAction(root, 'step'));
    await userEvent.click(byAction(root, 'step'));
    await vi.waitFor(() => expect(text(root, '.flows-sink .flows-processor-name')).toBe('results sink: 2 records (2 not yet checkpointed)'));
    expect([...root.querySelectorAll('.flows-sink .flows-pending')].map((e) => e.textContent)).toEqual(['A 1', 'B 1']);
    await userEvent.click(byAction(root, 'checkpoint'));
    await vi.waitFor(() => expect(text(root, '.flows-sink .flows-processor-name')).toBe('results sink: 2 records (0 not yet checkpointed)'));
    const sinkNote = (await backend.scan()).find((f) => f.path.includes('/sinks/'))!.path;
    // The default sink keeps the latest value per key: a table note rewritten after each checkpoint.
    expect(await backend.read(sinkNote)).toContain('| key | value |\n| --- | --- |\n| A | 1 |\n| B | 1 |\n');
  });
});
