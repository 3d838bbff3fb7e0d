export interface FlowsSettings {
  /** Folder for checkpoints, sink notes and queues (`<folder>/<drawing>/…`). */
  flowsFolder: string;
  /** Checkpoint interval when the drawing does not say one, in milliseconds. */
  checkpointIntervalMs: number;
  /** Also checkpoint after this many events (0: off). */
  checkpointEveryEvents: number;
  /** How many checkpoints to keep; manual ones are kept outside this ring. */
  retainCheckpoints: number;
  /** Events per second when watching a run (0: as fast as possible). */
  defaultRate: number;
  /** Show the run over an open drawing (an overlay; the drawing is not changed). */
  paintOnDrawing: boolean;
  /** Sinks write a numbered row per update (changelog) instead of the latest value per key at each checkpoint. */
  changelogSinks: boolean;
  /**
   * Checkpoint data files in hidden `.data` folders (the command line's `--hidden-data`): Obsidian
   * does not index them and Sync never carries them (it skips every file or folder whose name
   * starts with a dot, the config folder excepted: Obsidian help, "Sync settings").
   */
  hiddenData: boolean;
}

export const DEFAULT_SETTINGS: FlowsSettings = {
  flowsFolder: 'Flows',
  checkpointIntervalMs: 5000,
  checkpointEveryEvents: 0,
  retainCheckpoints: 10,
  defaultRate: 0,
  paintOnDrawing: true,
  changelogSinks: false,
  hiddenData: false,
};
