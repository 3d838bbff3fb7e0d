import type { EngineCut } from '../engine/engine';
import type { Role } from '../graph/flow-graph';

export const CHECKPOINT_FORMAT = 'excalidraw-flows/checkpoint@1';

export type CheckpointKind = 'full' | 'incremental' | 'manual';

/** The exact data a checkpoint note carries to restore a run (the ```json block). */
export interface CheckpointData extends EngineCut {
  format: typeof CHECKPOINT_FORMAT;
  drawing: string;
  id: number;
  kind: CheckpointKind;
  createdAt: string;
  /** Names and roles at checkpoint time: state is keyed by element id, names are for people. */
  nodes: Record<string, { name: string; role: Role }>;
}

/** What a listing shows about a checkpoint without restoring it. */
export interface CheckpointInfo {
  id: number;
  path: string;
  kind: CheckpointKind;
  createdAt: string;
  offsets: Record<string, number>;
  sizeBytes: number;
  durationMs: number;
}
