import type { EngineCut, EnginePositions, SinkMode } from '../engine/engine';
import type { Role } from '../graph/flow-graph';

/** The format this version writes: a note for people plus data files (docs/checkpoint-format.md). */
export const CHECKPOINT_FORMAT = 'excalidraw-flows/checkpoint@2';
/** The format of 0.1: the exact snapshot as a ```json block inside the note; still read. */
export const CHECKPOINT_FORMAT_V1 = 'excalidraw-flows/checkpoint@1';
export type CheckpointFormat = typeof CHECKPOINT_FORMAT | typeof CHECKPOINT_FORMAT_V1;

/**
 * `full`: every key of every processor. `incremental`: only the keys changed since `parent`,
 * restored as base + deltas. `manual`: a full snapshot taken by hand (a savepoint), kept outside
 * the retention ring and never a parent of an incremental one.
 */
export type CheckpointKind = 'full' | 'incremental' | 'manual';

/** Names and roles at checkpoint time: state is keyed by element id, names are for people. */
export type CheckpointNodes = Record<string, { name: string; role: Role; operation?: string; sinkMode?: SinkMode }>;

/** Everything in a snapshot except the state itself (which may be huge and is built in slices). */
export interface CheckpointHead extends EnginePositions {
  format: CheckpointFormat;
  drawing: string;
  id: number;
  kind: CheckpointKind;
  createdAt: string;
  nodes: CheckpointNodes;
  /** The run this checkpoint belongs to; its queue logs must be the same run's. */
  run?: string;
  /** Incremental only: the checkpoint this one is a delta over, its checksum, and the full one at the chain's root. */
  parent?: number;
  parentChecksum?: string;
  base?: number;
  /** Per source, a fingerprint of the events that came from the drawing and linked notes. */
  seeds?: Record<string, { count: number; hash: string }>;
  /**
   * Per changelog sink: the rows committed, their digest, and the newest checkpoint among them
   * (src/core/run/committed-output.ts, SinkProof): a restore removes rows after them only when
   * the note provably still holds exactly these. Absent in 0.1 checkpoints.
   */
  sinkProofs?: Record<string, { rows: number; digest: string; epoch: number; of?: 'records' }>;
  /** Written by a restore of an older checkpoint: this one is its copy, made the newest. */
  restoredFrom?: number;
}

/** The exact data a checkpoint carries to restore a run (its data files, or a 0.1 note's ```json block). */
export interface CheckpointData extends CheckpointHead, EngineCut {}

/** What a listing shows about a checkpoint without restoring it. */
export interface CheckpointInfo {
  id: number;
  path: string;
  kind: CheckpointKind;
  createdAt: string;
  offsets: Record<string, number>;
  sizeBytes: number;
  durationMs: number;
  checksum?: string;
  parent?: number;
  base?: number;
  run?: string;
}
