import type { Diagnostic } from '../diagnostics';
import type { AggregateClauses } from './operation-line';

export type Role = 'source' | 'processor' | 'sink';

export type Operation =
  // Clauses (`by user`, `per 1 min`, …): see operation-line.ts.
  | ({ kind: 'count' } & AggregateClauses)
  | ({ kind: 'sum' } & AggregateClauses)
  | ({ kind: 'min' } & AggregateClauses)
  | ({ kind: 'max' } & AggregateClauses)
  /** The running mean of the values per key (`avg`, `average`, `mean`). */
  | ({ kind: 'avg' } & AggregateClauses)
  /** How many different keys were seen (`distinct`, `count distinct`): sends `{key: "distinct", value: n}` when a new key arrives. */
  | ({ kind: 'distinct' } & AggregateClauses)
  | { kind: 'filter'; expression: string }
  | { kind: 'map'; expression: string };

/** One event as written: `A` (value 1), `B:3`, `C=2.5`. */
export interface EventSpec {
  key: string;
  value: number;
}

/** A `KEY = NUMBER` line drawn inside a processor: what its state should be after the run. */
export interface Assertion {
  key: string;
  expected: number;
  elementId: string;
}

export interface FlowNode {
  /** Element id: stable across edits, so checkpoint state maps to it (Flink's operator uid). */
  id: string;
  name: string;
  role: Role;
  operation: Operation;
  /** Sources: the events drawn in it, in consumption order. */
  events: EventSpec[];
  assertions: Assertion[];
  /** Obsidian link (`[[note]]`) on the shape: an events note for sources. */
  link?: string;
}

export interface FlowEdge {
  id: string;
  from: string;
  to: string;
}

export interface FlowGraph {
  file: string;
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Checkpoint interval written in the drawing (`checkpoint every 5s`), if any. */
  checkpointIntervalMs?: number;
  diagnostics: Diagnostic[];
}
