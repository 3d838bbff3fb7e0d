import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { FlowsSettingTab } from '../../src/obsidian/settings-tab';
import { loadPluginInBrowser } from './browser-host';

afterEach(() => document.body.replaceChildren());

describe('the settings tab, in Chromium', () => {
  it('shows every setting in sentence case under two headings, and saves only valid values', async () => {
    const { plugin } = await loadPluginInBrowser();
    const tab = (plugin as unknown as { settingTabs: FlowsSettingTab[] }).settingTabs[0];
    document.body.appendChild(tab.containerEl);
    tab.display();
    const el = tab.containerEl;
    const names = [...el.querySelectorAll('.setting-item-name')].map((n) => n.textContent);
    expect(names).toEqual(['Checkpoints', 'Checkpoint folder', 'Checkpoint interval (seconds)', 'Checkpoint every n events', 'Checkpoints to keep', 'Running', 'Default speed (events per second)', 'Show the run on the drawing', 'Sink notes list every update']);
    expect([...el.querySelectorAll('.setting-item-heading .setting-item-name')].map((n) => n.textContent)).toEqual(['Checkpoints', 'Running']);
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
    await userEvent.click(input('Sink notes list every update'));
    expect(plugin.settings.changelogSinks).toBe(true);

    // Saved through the plugin's data, so a reload keeps them.
    plugin.settings.flowsFolder = 'changed in memory';
    await plugin.loadSettings();
    expect(plugin.settings).toMatchObject({ flowsFolder: 'Runs/flows', checkpointIntervalMs: 2500, defaultRate: 4, paintOnDrawing: false, retainCheckpoints: 10, changelogSinks: true });
  });

  it('starts the run view at the default speed from the settings', async () => {
    const { plugin } = await loadPluginInBrowser();
    plugin.settings.defaultRate = 7;
    const view = (await plugin.runViews.open('checkpointing.excalidraw.md'))!;
    expect(view.contentEl.querySelector<HTMLInputElement>('.flows-rate')?.value).toBe('7');
    expect(view.contentEl.querySelector('.flows-status-counts')?.textContent).toBe('0 events processed · 7 events/s');
  });
});
