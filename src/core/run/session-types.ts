import type { CheckpointInfo } from '../checkpoint/checkpoint-data';
import type { Diagnostic } from '../diagnostics';
import type { SinkMode } from '../engine/engine';
import type { EventSpec } from '../graph/flow-graph';
import type { Clock, Scheduler, VaultStore } from '../ports';
import type { DrawingChanges } from './restore';

/** What a UI hears about: enough to redraw without polling. */
export type SessionChange =
  | { type: 'started'; run: string }
  | { type: 'step'; processed: number }
  | { type: 'slice'; processed: number; pending: number }
  | { type: 'inject'; sourceId: string; offset: number }
  | { type: 'checkpoint'; info: CheckpointInfo }
  | { type: 'restored'; info: CheckpointInfo | null; problems: Diagnostic[] }
  | { type: 'crashed' }
  | { type: 'paused'; processed: number }
  | { type: 'drained'; processed: number };

export interface SessionOptions {
  store: VaultStore;
  clock: Clock;
  scheduler: Scheduler;
  /** Vault-relative path of the drawing. */
  drawingPath: string;
  /** Folder for everything a run writes; `Flows` by default. */
  flowsFolder?: string;
  /**
   * The drawing's own folder under it, when the host looked it up (resumeRoot: a 0.1 run's old
   * folder); flowPaths' by default.
   */
  flowsRoot?: string;
  /**
   * Data files (checkpoint data) in hidden `.data` folders that Obsidian does not index and
   * Sync never carries, instead of beside their notes (default false). `flows run --hidden-data`.
   */
  hiddenData?: boolean;
  /** Largest data file written, in bytes (default 4 MiB: under Sync Standard's 5 MB limit). */
  maxFileBytes?: number;
  /** Used when the drawing does not say `checkpoint every …`. */
  defaultCheckpointIntervalMs?: number;
  /** Overrides the drawing's interval (`--interval`). */
  checkpointIntervalMs?: number;
  /** Also checkpoint after this many events. */
  checkpointEveryEvents?: number;
  /** Minimum time between the end of one checkpoint and the start of the next (default 0). */
  minPauseMs?: number;
  /** Full and incremental checkpoints kept (default 10); manual ones are never pruned. */
  retainCheckpoints?: number;
  /** One full checkpoint in this many; the rest are incremental (default 10; 1 = always full). */
  fullCheckpointEvery?: number;
  /**
   * How sinks write (default `upsert`: the latest value per key, as a table note rewritten after
   * each checkpoint; `changelog`: a numbered row per update). A resumed run keeps the mode its
   * checkpoint was written in.
   */
  sinkMode?: SinkMode;
  /** Events per second from all sources together (0 or absent: as fast as possible). */
  ratePerSecond?: number;
  /** Events processed between two turns given back to the host's event loop. */
  sliceSize?: number;
  /** Events appended to sources at start (after drawn and linked ones), e.g. `--events`; key is a source id. */
  extraEvents?: Map<string, EventSpec[]>;
  onChange?: (change: SessionChange) => void;
}

/** What restoring found: the checkpoint used, the broken ones skipped, and how the drawing changed. */
export interface RestoreOutcome {
  restored: CheckpointInfo | null;
  problems: Diagnostic[];
  changes: DrawingChanges | null;
}
