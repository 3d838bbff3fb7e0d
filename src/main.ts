import { Plugin } from 'obsidian';
import { registerRunFlowCommand } from './obsidian/commands/run-flow-command';
import { RunViewHub } from './obsidian/run-view-host';
import { DEFAULT_SETTINGS, type FlowsSettings } from './obsidian/settings';

/** Wires the plugin together; every behaviour lives in src/obsidian and src/core. */
export default class ExcalidrawFlowsPlugin extends Plugin {
  settings: FlowsSettings = { ...DEFAULT_SETTINGS };
  runViews!: RunViewHub;

  override async onload(): Promise<void> {
    await this.loadSettings();
    registerRunFlowCommand(this);
    this.runViews = new RunViewHub(this);
    this.runViews.register();
  }

  async loadSettings(): Promise<void> {
    this.settings = { ...DEFAULT_SETTINGS, ...((await this.loadData()) as Partial<FlowsSettings> | null) };
  }

  async saveSettings(): Promise<void> {
    await this.saveData(this.settings);
  }
}
