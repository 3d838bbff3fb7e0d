import { Plugin } from 'obsidian';
import { registerExportFlinkCommand } from './obsidian/commands/export-flink-command';
import { registerRunFlowCommand } from './obsidian/commands/run-flow-command';
import { registerFlowCodeBlock } from './obsidian/notes/flow-code-block';
import { registerNoteCommands } from './obsidian/notes/note-commands';
import { RunViewHub } from './obsidian/run-view-host';
import { obsidianHolder, type HolderIdentity } from './obsidian/run/obsidian-holder';
import { DEFAULT_SETTINGS, type FlowsSettings } from './obsidian/settings';
import { FlowsSettingTab } from './obsidian/settings-tab';

/** Wires the plugin together; every behaviour lives in src/obsidian and src/core. */
export default class ExcalidrawFlowsPlugin extends Plugin {
  settings: FlowsSettings = { ...DEFAULT_SETTINGS };
  runViews!: RunViewHub;
  private identity: HolderIdentity | null = null;

  override async onload(): Promise<void> {
    await this.loadSettings();
    registerRunFlowCommand(this);
    registerExportFlinkCommand(this);
    this.runViews = new RunViewHub(this);
    this.runViews.register();
    registerNoteCommands(this);
    registerFlowCodeBlock(this);
    this.addSettingTab(new FlowsSettingTab(this.app, this));
  }

  /** Who this load of the plugin is when it holds a run lock (made on first use, not in onload). */
  get holder(): HolderIdentity {
    return (this.identity ??= obsidianHolder());
  }

  /** data.json changed on disk (Sync from another device): take the new settings without a restart. */
  override async onExternalSettingsChange(): Promise<void> {
    await this.loadSettings();
    // New runs read the settings when they open; an open run view redraws (e.g. the overlay setting).
    this.runViews.view()?.refresh();
  }

  async loadSettings(): Promise<void> {
    this.settings = { ...DEFAULT_SETTINGS, ...((await this.loadData()) as Partial<FlowsSettings> | null) };
  }

  async saveSettings(): Promise<void> {
    await this.saveData(this.settings);
  }
}
