import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { FlowsSettingTab } from '../../src/obsidian/settings-tab';
import { loadPluginInBrowser } from './browser-host';

afterEach(() => document.body.replaceChildren());

describe('the settings tab, in Chromium', () => {
  it('shows every setting in sentence case under three headings, and saves only valid values', async () => {
    const { plugin } = await loadPluginInBrowser();
    const tab = (plugin as unknown as { settingTabs: FlowsSettingTab[] }).settingTabs[0];
    document.body.appendChild(tab.containerEl);
    tab.display();
    const el = tab.containerEl;
    const names = [...el.querySelectorAll('.setting-item-name')].map((n) => n.textContent);
    expect(names).toEqual(['Checkpoints', 'Checkpoint folder', 'Checkpoint interval (seconds)', 'Checkpoint every n events', 'Checkpoints to keep', 'Running', 'Default speed (events per second)', 'Show the run on the drawing', 'Storage', 'Sink notes', 'Keep data files in a hidden folder']);
    expect([...el.querySelectorAll('.setting-item-heading .setting-item-name')].map((n) => n.textContent)).toEqual(['Checkpoints', 'Running', 'Storage']);
    expect(el.querySelectorAll('h1, h2, h3, h4')).toHaveLength(0);

    const input = (name: string): HTMLInputElement => {
      const item = [...el.querySelectorAll('.setting-item')].find((i) => i.querySelector('.setting-item-name')?.textContent === name)!;
      return item.querySelector('input')!;
    };
    expect(input('Checkpoint interval (seconds)').value).toBe('5');
    await userEvent.fill(input('Checkpoint interval (seconds)'), '2.5');
    expect(plugin.settings.checkpointIntervalMs).toBe(2500);
    await userEvent.fill(input('Checkpoints to keep'), '0');
    expect(input('Checkpoints to keep').classList.contains('flows-invalid')).toBe(true);
    expect(plugin.settings.retainCheckpoints).toBe(10);
    await userEvent.fill(input('Checkpoint folder'), 'Runs/flows/');
    expect(plugin.settings.flowsFolder).toBe('Runs/flows');
    await userEvent.fill(input('Default speed (events per second)'), '4');
    expect(plugin.settings.defaultRate).toBe(4);
    await userEvent.click(input('Show the run on the drawing'));
    expect(plugin.settings.paintOnDrawing).toBe(false);
    const select = el.querySelector<HTMLSelectElement>('select')!;
    expect([...select.options].map((o) => o.textContent)).toEqual(['Latest value per key', 'Every update (changelog)']);
    expect(select.value).toBe('upsert');
    await userEvent.selectOptions(select, 'Every update (changelog)');
    expect(plugin.settings.changelogSinks).toBe(true);
    await userEvent.click(input('Keep data files in a hidden folder'));
    expect(plugin.settings.hiddenData).toBe(true);

    // Saved through the plugin's data, so a reload keeps them.
    plugin.settings.flowsFolder = 'changed in memory';
    await plugin.loadSettings();
    expect(plugin.settings).toMatchObject({ flowsFolder: 'Runs/flows', checkpointIntervalMs: 2500, defaultRate: 4, paintOnDrawing: false, retainCheckpoints: 10, changelogSinks: true, hiddenData: true });
  });

  it('starts the run view at the default speed from the settings', async () => {
    const { plugin } = await loadPluginInBrowser();
    plugin.settings.defaultRate = 7;
    const view = (await plugin.runViews.open('checkpointing.excalidraw.md'))!;
    expect(view.contentEl.querySelector<HTMLInputElement>('.flows-rate')?.value).toBe('7');
    expect(view.contentEl.querySelector('.flows-status-counts')?.textContent).toBe('0 events processed · 7 events/s');
  });
});
