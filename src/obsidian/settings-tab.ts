import { normalizePath, PluginSettingTab, Setting, type App, type TextComponent } from 'obsidian';
import type ExcalidrawFlowsPlugin from '../main';
import type { FlowsSettings } from './settings';

/** A number typed into a setting: finite, at least `min`; null when it is not. */
export function readNumber(text: string, min: number): number | null {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) && n >= min ? n : null;
}

/** A folder typed into a setting, as a vault path; null when empty or outside the vault. */
export function readFolder(text: string): string | null {
  const p = normalizePath(text.trim());
  if (!text.trim() || p === '/' || p.split('/').includes('..')) return null;
  return p;
}

type SettingDefinitions = PluginSettingTab extends { getSettingDefinitions(): infer R } ? R : never[];

/** Settings → Excalidraw Flows. */
export class FlowsSettingTab extends PluginSettingTab {
  constructor(app: App, private readonly flows: ExcalidrawFlowsPlugin) {
    super(app, flows);
  }

  /**
   * Obsidian 1.13's declarative settings (searchable). None yet: with no definitions the app
   * falls back to display(), which every version runs. The return type is 1.13's where the
   * typings have it (the newest-typings check), anything in the pinned 1.8.7 typings.
   */
  getSettingDefinitions(): SettingDefinitions {
    return [];
  }

  display(): void {
    const { containerEl } = this;
    containerEl.empty();
    new Setting(containerEl).setName('Checkpoints').setHeading();
    this.field('Checkpoint folder', 'Checkpoints, sink notes and queue logs go to <folder>/<drawing name>/.', 'flowsFolder', (t) => readFolder(t), (v) => v);
    this.field('Checkpoint interval (seconds)', 'Used when the drawing does not say "checkpoint every …". 0 turns it off.', 'checkpointIntervalMs', (t) => {
      const s = readNumber(t, 0);
      return s === null ? null : Math.round(s * 1000);
    }, (v) => String(v / 1000));
    this.field('Checkpoint every n events', 'Also checkpoint after this many events. 0 turns it off.', 'checkpointEveryEvents', (t) => readNumber(t, 0), (v) => String(v));
    this.field('Checkpoints to keep', 'Older automatic checkpoints are deleted; manual ones are always kept.', 'retainCheckpoints', (t) => {
      const n = readNumber(t, 1);
      return n === null ? null : Math.floor(n);
    }, (v) => String(v));
    new Setting(containerEl).setName('Running').setHeading();
    this.field('Default speed (events per second)', 'How fast the run view runs at first. 0 runs as fast as possible.', 'defaultRate', (t) => readNumber(t, 0), (v) => String(v));
    new Setting(containerEl)
      .setName('Show the run on the drawing')
      .setDesc('While a run is shown, show the live values beside the processors and the queue position over the open drawing (needs the Excalidraw plugin). The drawing itself is never changed, except by the command to write live values into the drawing.')
      .addToggle((t) =>
        t.setValue(this.flows.settings.paintOnDrawing).onChange(async (v) => {
          this.flows.settings.paintOnDrawing = v;
          await this.flows.saveSettings();
        }),
      );
    new Setting(containerEl).setName('Storage').setHeading();
    new Setting(containerEl)
      .setName('Sink notes')
      .setDesc('Latest value per key: each sink note is a table of the latest value of each key, rewritten at each checkpoint (a bounded table when there are many keys). Every update: a numbered row per update (a changelog), which grows with every event. A resumed run keeps the way it was started with.')
      .addDropdown((d) =>
        d
          .addOption('upsert', 'Latest value per key')
          .addOption('changelog', 'Every update (changelog)')
          .setValue(this.flows.settings.changelogSinks ? 'changelog' : 'upsert')
          .onChange(async (v) => {
            this.flows.settings.changelogSinks = v === 'changelog';
            await this.flows.saveSettings();
          }),
      );
    new Setting(containerEl)
      .setName('Keep data files in a hidden folder')
      .setDesc('Checkpoint data files go to a hidden .data folder beside the checkpoint notes. Obsidian does not index it and Sync leaves it alone, so the data stays on this device; the notes still sync. Off: the data files sit beside their notes and sync with them. Applies to runs started or resumed afterwards.')
      .addToggle((t) =>
        t.setValue(this.flows.settings.hiddenData).onChange(async (v) => {
          this.flows.settings.hiddenData = v;
          await this.flows.saveSettings();
        }),
      );
  }

  /** A text setting that saves only values `read` accepts, and marks the field while it is invalid. */
  private field<K extends keyof FlowsSettings>(name: string, desc: string, key: K, read: (text: string) => FlowsSettings[K] | null, show: (v: FlowsSettings[K]) => string): void {
    new Setting(this.containerEl)
      .setName(name)
      .setDesc(desc)
      .addText((t: TextComponent) =>
        t.setValue(show(this.flows.settings[key])).onChange(async (text) => {
          const v = read(text);
          t.inputEl.toggleClass('flows-invalid', v === null);
          if (v === null) return;
          this.flows.settings[key] = v;
          await this.flows.saveSettings();
        }),
      );
  }
}
