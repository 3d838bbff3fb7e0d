import { CHECKPOINT_FORMAT, type CheckpointData, type CheckpointHead, type CheckpointInfo, type CheckpointNodes } from '../checkpoint/checkpoint-data';
import type { CheckpointStore, PreviewCounts } from '../checkpoint/checkpoint-store';
import { checkpointsToPrune, type RetentionEntry } from '../checkpoint/retention';
import type { StatePart } from '../checkpoint/state-codec';
import type { FlowEngine, SinkMode } from '../engine/engine';
import type { KeyedState } from '../engine/keyed-state';
import type { Plan } from '../plan/plan';
import type { Clock } from '../ports';
import { chooseCheckpointKind } from './checkpoint-kind';

export interface CheckpointPolicy {
  /** Checkpoint when this much time has passed since the last one. */
  intervalMs?: number;
  /** Checkpoint after this many events. */
  everyEvents?: number;
  /** At least this long between the end of one checkpoint and the start of the next. */
  minPauseMs: number;
  /** Full and incremental checkpoints kept (and the bases they need); manual ones are never pruned. */
  retain: number;
  /** Every this many ring checkpoints one is full; the others are deltas. 1: always full. */
  fullEvery: number;
}

/** What the next incremental checkpoint is a delta over. */
interface ChainTip {
  id: number;
  checksum: string;
  base: number;
  deltas: number;
}

export interface CheckpointContext {
  engine: FlowEngine;
  drawing: string;
  run: string;
  nodes: CheckpointNodes;
  seeds: Record<string, { count: number; hash: string }>;
  /** Makes the sink records buffered so far durable (before checkpoint `id`, the note that commits them). */
  flushSinks(id: number): Promise<void>;
  /** What the checkpoint records of each changelog sink note, once flushed. */
  sinkProofs(): Record<string, { rows: number; digest: string; epoch: number; of?: 'records' }>;
  /** Set on the checkpoint a restore of an older one writes. */
  restoredFrom?: number;
  yieldNow(): Promise<void>;
}

/** What a checkpoint records of each node of `plan`: name, role, a processor's operation, a sink's mode (`modes`). */
export function checkpointNodes(plan: Plan, modes: Readonly<Record<string, SinkMode>>): CheckpointNodes {
  const nodes = Object.create(null) as CheckpointNodes; // element ids may be `__proto__`
  for (const n of plan.nodes) nodes[n.id] = { name: n.name, role: n.role, ...(n.role === 'processor' ? { operation: n.operation.kind } : n.role === 'sink' ? { sinkMode: modes[n.id] } : {}) };
  return nodes;
}

/**
 * Decides when to checkpoint and what kind, writes the note, and prunes old ones. Incremental
 * checkpoints write only the keys in each state's `changed` set; the set is cleared only once a
 * ring checkpoint is safely published, so a failed write loses no change.
 */
export class Checkpointer {
  private tip: ChainTip | null = null;
  private lastEndedAt: number;
  processedAtLast = 0;
  /** True once a checkpoint exists for the current position (written or restored). */
  hasCheckpoint = false;
  private nextId: number | null = null;
  private index: RetentionEntry[] | null = null;

  constructor(
    private readonly store: CheckpointStore,
    private readonly clock: Clock,
    public policy: CheckpointPolicy,
  ) {
    this.lastEndedAt = clock.now();
  }

  /** Events that may still run before a count-triggered checkpoint is due (Infinity without one). */
  eventsUntilDue(processed: number): number {
    const every = this.policy.everyEvents;
    return every ? Math.max(1, every - (processed - this.processedAtLast)) : Number.POSITIVE_INFINITY;
  }

  due(processed: number): boolean {
    if (processed === this.processedAtLast) return false;
    const now = this.clock.now();
    if (now - this.lastEndedAt < this.policy.minPauseMs) return false;
    const every = this.policy.everyEvents;
    if (every && processed - this.processedAtLast >= every) return true;
    const interval = this.policy.intervalMs;
    return interval !== undefined && now - this.lastEndedAt >= interval;
  }

  /** Takes a checkpoint: `manual` is a full savepoint; `auto` is incremental unless a full one is due; `full` forces one. */
  async take(mode: 'auto' | 'full' | 'manual', ctx: CheckpointContext): Promise<CheckpointInfo> {
    // An auto checkpoint comes at the end of an engine slice that has used its time: the host's
    // turn first, so the checkpoint's own first slice does not add a whole budget to it (a 5–9 ms block).
    await ctx.yieldNow();
    const startedAt = this.clock.now();
    const { engine } = ctx;
    const positions = engine.positions();
    const id = this.nextId ?? (await this.store.nextId());
    this.nextId = id + 1;
    await ctx.flushSinks(id);
    const tip = this.tip;
    let changedKeys = 0;
    let totalKeys = 0;
    for (const state of engine.states.values()) {
      changedKeys += state.changed.size;
      totalKeys += state.values.size;
    }
    for (const table of engine.ownSinkTables().values()) {
      changedKeys += table.changed.size;
      totalKeys += table.values.size;
    }
    const kind = chooseCheckpointKind({ mode, deltasOnTip: tip?.deltas ?? null, fullEvery: this.policy.fullEvery, changedKeys, totalKeys });
    const incremental = kind === 'incremental' && tip !== null;
    const head: CheckpointHead = { format: CHECKPOINT_FORMAT, drawing: ctx.drawing, id, kind, createdAt: new Date(startedAt).toISOString(), nodes: ctx.nodes, run: ctx.run, seeds: ctx.seeds, ...positions, sinkProofs: ctx.sinkProofs() };
    if (ctx.restoredFrom !== undefined) head.restoredFrom = ctx.restoredFrom;
    if (incremental) Object.assign(head, { parent: tip.id, parentChecksum: tip.checksum, base: tip.base });
    const parts: StatePart[] = [];
    const previews: PreviewCounts[] = [];
    for (const [stateId, state] of engine.states) {
      const keys = incremental ? state.changed : state.values.keys();
      parts.push({ id: stateId, keys, valueOf: (k) => state.values.get(k) });
      previews.push({ id: stateId, totalKeys: state.values.size, changedKeys: tip ? state.changed.size : null, ...(tip ? { changes: { keys: state.changedKeys, from: state.changedFrom }, keysAreChanges: incremental } : {}) });
    }
    // An upsert sink's own table (one not fused with its processor) is state like any other.
    for (const [sinkId, table] of engine.ownSinkTables()) parts.push({ id: sinkId, keys: incremental ? table.changed : table.values.keys(), valueOf: (k) => table.values.get(k) });
    const info = await this.store.write({ head, parts, previews, startedAt, yieldNow: () => ctx.yieldNow(), entries: incremental ? changedKeys : totalKeys });
    this.hasCheckpoint = true;
    if (kind === 'manual') return info;
    for (const state of engine.states.values()) state.changed.clear();
    for (const table of engine.ownSinkTables().values()) table.changed.clear();
    this.tip = { id, checksum: info.checksum!, base: incremental ? tip.base : id, deltas: incremental ? tip.deltas + 1 : 0 };
    this.lastEndedAt = this.clock.now();
    this.processedAtLast = positions.processed;
    engine.dropBefore(positions.offsets);
    await this.prune({ id, kind, parent: incremental ? tip.id : null });
    return info;
  }

  /** After restoring `chain`, the next delta is over its last checkpoint (unless that one is manual). */
  restored(chain: readonly CheckpointData[], info: CheckpointInfo): void {
    const top = chain[chain.length - 1];
    this.tip = top.kind === 'manual' ? null : { id: top.id, checksum: info.checksum!, base: chain[0].id, deltas: chain.length - 1 };
    this.processedAtLast = top.processed;
    this.lastEndedAt = this.clock.now();
    this.hasCheckpoint = true;
  }

  /** Forgets everything about the run (a fresh start or a simulated crash); the interval counts from now. */
  forget(states: Iterable<KeyedState>): void {
    this.lastEndedAt = this.clock.now();
    this.tip = null;
    this.processedAtLast = 0;
    this.hasCheckpoint = false;
    this.nextId = null;
    this.index = null;
    for (const s of states) s.changed.clear();
  }

  private async prune(written: RetentionEntry): Promise<void> {
    if (this.index === null) this.index = await this.store.headers();
    else this.index.push(written);
    const doomed = new Set(checkpointsToPrune(this.index, this.policy.retain));
    if (doomed.size === 0) return;
    // Newest first: a delta goes before the checkpoints it needs, so a kill mid-prune never
    // leaves a delta whose base is gone (it would be listed, and could not restore).
    for (const id of [...doomed].sort((a, b) => b - a)) await this.store.remove(id);
    this.index = this.index.filter((e) => !doomed.has(e.id));
  }
}
