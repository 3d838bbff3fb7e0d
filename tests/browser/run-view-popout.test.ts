import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEED, loadPluginInBrowser } from './browser-host';

afterEach(() => document.body.replaceChildren());

/**
 * A popout window has its own `Window` and `Document` (obsidianmd/obsidian-developer-docs@29188ec
 * en/Plugins/Guides/Support pop-out windows.md: "pop-out windows come with a complete different set
 * of globals"); the global `document` stays the main window's. Stand-in for the popout: an iframe,
 * a second document in the same page, the run view's leaf moved into it.
 */
describe('the run view in a popout window', () => {
  it('does not overwrite the speed field while the user types in it', async () => {
    const { plugin } = await loadPluginInBrowser();
    const view = (await plugin.runViews.open(SEED))!;
    const frame = document.body.createEl('iframe');
    const popout = frame.contentDocument!;
    popout.body.appendChild(popout.adoptNode(view.containerEl));
    const rate = view.contentEl.querySelector<HTMLInputElement>('.flows-rate')!;
    expect(rate.ownerDocument).toBe(popout);
    rate.focus();
    expect(popout.activeElement).toBe(rate);
    expect(document.activeElement).toBe(frame);
    rate.value = '3';
    // Something else changes the run meanwhile (a refresh redraws the controls).
    view.controller!.setRate(0);
    view.refresh();
    await vi.waitFor(() => expect(view.contentEl.querySelector('.flows-status-message')?.textContent).toBe('Speed: as fast as possible'));
    expect(rate.value).toBe('3');
    // Once the field loses focus, it shows the run's speed again.
    rate.blur();
    view.refresh();
    expect(rate.value).toBe('0');
  });
});
