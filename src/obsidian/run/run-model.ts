import type { CheckpointInfo } from '../../core/checkpoint/checkpoint-data';
import type { Diagnostic } from '../../core/diagnostics';
import type { OpenWindow } from '../../core/engine/windows/window-operator';
import type { EventSpec, Operation } from '../../core/graph/flow-graph';

/** What a run is doing, as the run view's status line says it. */
export type RunStatus = 'ready' | 'running' | 'paused' | 'drained' | 'crashed';

export interface QueueView {
  id: string;
  name: string;
  /** Next offset to read: events before it are processed. */
  offset: number;
  length: number;
  /** The next few events waiting, in order. */
  next: EventSpec[];
}

export interface ProcessorView {
  id: string;
  name: string;
  operation: string;
  entries: [string, number][];
  /** A windowed processor's open windows and watermark (its `entries` are then the windows' raw cells). */
  windows?: WindowsView;
}

export interface WindowsView {
  /** The first open windows, by start then group. */
  open: OpenWindow[];
  /** How many windows are open in all. */
  openCount: number;
  /** Event time up to which windows are closed (+∞ after end of input); undefined before the first event. */
  watermark?: number;
  /** Events sent to the late output so far. */
  late: number;
}

export interface SinkView {
  id: string;
  name: string;
  /** Records durable in the sink note (committed by a checkpoint). */
  committed: { key: string; value: number }[];
  /** Records produced since the last checkpoint, not yet written. */
  pending: { key: string; value: number }[];
}

/** A read-only picture of a run: everything the run view shows, taken between two events. */
export interface RunSnapshot {
  drawing: string;
  status: RunStatus;
  /** One line about the last thing that happened ("Restored checkpoint 2"). */
  message: string;
  processed: number;
  rate: number;
  queues: QueueView[];
  processors: ProcessorView[];
  sinks: SinkView[];
  checkpoints: CheckpointInfo[];
  diagnostics: Diagnostic[];
}

/** Per-key difference between two checkpoints (or two states). */
export interface KeyDifference {
  processor: string;
  key: string;
  before: number | null;
  after: number | null;
}

export function describeOperation(op: Operation): string {
  return op.kind === 'filter' || op.kind === 'map' ? `${op.kind} ${op.expression}` : op.kind;
}
