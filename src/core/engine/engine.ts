import { FlowInputError } from '../diagnostics';
import { ExpressionError } from '../expr/expression';
import type { EventSpec } from '../graph/flow-graph';
import type { Plan, PlanNode } from '../plan/plan';
import { EventLog } from './event-log';
import { KeyedState } from './keyed-state';
import { compileOperator, fanOut, type Emit } from './operators';
import { compileAggregate } from './windows/compile-aggregate';
import { hasWindow } from './windows/late-sinks';
import type { WindowOperator } from './windows/window-operator';

/**
 * How a sink keeps what it receives. `upsert` (the default): the latest value per key, written
 * at each checkpoint (Flink's upsert sinks). `changelog`: every record, one row per update.
 */
export type SinkMode = 'upsert' | 'changelog';

/**
 * What a sink received. Changelog: the records since its last commit (`committed` counts those
 * already durable). Upsert: `table`, the latest value per key; when the sink's only input is a
 * count/sum/min/max, that processor's own state (`fused`: the sink does no work per event).
 */
export interface SinkBuffer {
  mode: SinkMode;
  keys: string[];
  values: number[];
  committed: number;
  table: KeyedState;
  fused: boolean;
}

export interface EngineOptions {
  /** Per sink id; absent ones use `defaultSinkMode`. */
  sinkModes?: Record<string, SinkMode>;
  /** `changelog` unless told (a session passes its own default, `upsert`). */
  defaultSinkMode?: SinkMode;
  /** Processing time for windows over events without a time (the session's Clock); Date.now without one. */
  now?: () => number;
}

const STATEFUL = new Set(['count', 'sum', 'min', 'max']);

/** Where every source and sink stands: the part of a cut that is not operator state. */
export interface EnginePositions {
  offsets: Record<string, number>;
  sinks: Record<string, number>;
  processed: number;
  /** Which source the round-robin reads next: restored so a replay interleaves sources exactly as before. */
  cursor?: number;
}

/** Everything needed to resume: one consistent cut taken between events. */
export interface EngineCut extends EnginePositions {
  state: Record<string, [string, number | null][]>;
}

/**
 * The single-threaded dataflow engine. Events are taken from the sources' logs round-robin,
 * one at a time, and pushed synchronously through the DAG; so between two events nothing is in
 * flight and any moment between events is a consistent cut (Flink's barrier alignment, for free).
 */
export class FlowEngine {
  readonly logs = new Map<string, EventLog>();
  readonly offsets = new Map<string, number>();
  readonly states = new Map<string, KeyedState>();
  readonly sinks = new Map<string, SinkBuffer>();
  processed = 0;
  private readonly entry = new Map<string, Emit>();
  /** Windowed processors (issue 17), by node id: the run report and the clock reach them here. */
  readonly windows = new Map<string, WindowOperator>();
  private readonly sourceIds: string[];
  private cursor = 0;

  constructor(
    readonly plan: Plan,
    private readonly options: EngineOptions = {},
  ) {
    const emits = new Map<string, Emit>();
    for (const node of [...plan.nodes].reverse()) emits.set(node.id, this.compileNode(node, emits));
    this.sourceIds = plan.nodes.filter((n) => n.role === 'source').map((n) => n.id);
    for (const id of this.sourceIds) {
      this.logs.set(id, new EventLog());
      this.offsets.set(id, 0);
      this.entry.set(id, emits.get(id)!);
    }
    this.linkFusedSinks();
  }

  private compileNode(node: PlanNode, emits: Map<string, Emit>): Emit {
    const next = fanOut(node.outputs.map((id) => emits.get(id)!));
    if (node.role === 'source') return next;
    if (node.role === 'sink') return this.compileSink(node);
    const state = new KeyedState();
    this.states.set(node.id, state);
    const op = node.operation;
    // Aggregates (plain, keyed or windowed) are compiled by compileAggregate.
    if (op.kind !== 'filter' && op.kind !== 'map') {
      // An unwindowed average's counts are a second state, `<id>/count`, checkpointed and restored with the first.
      let counts: KeyedState | undefined;
      if (op.kind === 'avg' && !op.window) this.states.set(`${node.id}/count`, (counts = new KeyedState()));
      const compiled = compileAggregate(this.plan, node, state, emits, this.options.now ?? (() => Date.now()), counts);
      if (compiled.window) this.windows.set(node.id, compiled.window);
      return compiled.input;
    }
    const emit = compileOperator(op, state, next);
    // An expression can fail on one event (division by zero): say which processor, which
    // expression and which event, as bad input; the run stops and the last checkpoint stays.
    const file = this.plan.file;
    return (key, value) => {
      try {
        emit(key, value);
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        throw new FlowInputError(`${file}, element ${node.id}: processor "${node.name}" could not evaluate "${op.kind} ${op.expression}" for the event ${key}:${value}: ${err.message}`, file, node.id);
      }
    };
  }

  private compileSink(node: PlanNode): Emit {
    const mode = this.options.sinkModes?.[node.id] ?? this.options.defaultSinkMode ?? 'changelog';
    // Nodes compile downstream first, so an upstream processor's state does not exist yet: its
    // table is looked up once the engine is built (see linkFusedSinks).
    const upstream = node.inputs.length === 1 ? this.plan.nodes.find((n) => n.id === node.inputs[0]) : undefined;
    // Not behind a window: a windowed processor's state holds its open windows, and it emits only what closes.
    const fused = upstream?.role === 'processor' && STATEFUL.has(upstream.operation.kind) && !hasWindow(upstream);
    const buffer: SinkBuffer = { mode, keys: [], values: [], committed: 0, table: new KeyedState(), fused };
    this.sinks.set(node.id, buffer);
    return (key, value) => {
      if (buffer.mode === 'changelog') {
        buffer.keys.push(key);
        buffer.values.push(value);
      } else if (!buffer.fused) buffer.table.set(key, value);
    };
  }

  /** A fused sink's table is its upstream processor's state: the same object, kept in step for free. */
  private linkFusedSinks(): void {
    for (const node of this.plan.nodes) {
      const b = node.role === 'sink' ? this.sinks.get(node.id) : undefined;
      if (b?.fused) b.table = this.states.get(node.inputs[0])!;
    }
  }

  /** Switches a sink's mode (a restored checkpoint says how its run wrote that sink); buffers start empty. */
  setSinkMode(sinkId: string, mode: SinkMode): void {
    const b = this.sinks.get(sinkId);
    if (!b || b.mode === mode) return;
    b.mode = mode;
    b.keys = [];
    b.values = [];
  }

  /** Upsert sinks keeping a table of their own (not fused): their tables are checkpointed like processor state. */
  ownSinkTables(): Map<string, KeyedState> {
    const out = new Map<string, KeyedState>();
    for (const [id, b] of this.sinks) if (b.mode === 'upsert' && !b.fused) out.set(id, b.table);
    return out;
  }

  /**
   * Forgets the events before `offsets` (a published checkpoint's): they are processed and in
   * the checkpoint, and a restore reads its events back from the durable queue from the
   * checkpoint's offsets on, never from memory. Without this a long run keeps every event it
   * ever saw (10,000,000 events: ~250 MiB of a phone's memory). Offsets keep their meaning.
   */
  dropBefore(offsets: Readonly<Record<string, number>>): void {
    for (const [id, log] of this.logs) log.dropBefore(Math.min(offsets[id] ?? 0, this.offsets.get(id) ?? 0));
  }

  append(sourceId: string, events: readonly EventSpec[]): void {
    const log = this.logs.get(sourceId);
    if (!log) throw new Error(`no source with id ${sourceId}`);
    for (const e of events) log.append(e.key, e.value);
  }

  /** Events waiting in all queues (those still on disk too). */
  pending(): number {
    let n = 0;
    for (const [id, log] of this.logs) n += log.length - this.offsets.get(id)! + log.unloaded;
    return n;
  }

  /** True when a source's log is drained in memory but its queue holds more on disk: load them before running on. */
  needsLoad(): boolean {
    for (const [id, log] of this.logs) if (log.unloaded > 0 && this.offsets.get(id)! >= log.length) return true;
    return false;
  }

  /** Processes one event (round-robin over sources); false when every queue is drained. */
  step(): boolean {
    return this.run(1) === 1;
  }

  /**
   * Processes up to `max` events; returns how many. The hot loop of the engine. Stops early at a
   * source drained in memory whose queue holds more on disk (`needsLoad`): the host loads them
   * and runs on, so the round-robin order is the same as with every event in memory.
   */
  run(max: number): number {
    let done = 0;
    const ids = this.sourceIds;
    let idle = 0;
    while (done < max && idle < ids.length) {
      const id = ids[this.cursor];
      this.cursor = (this.cursor + 1) % ids.length;
      const log = this.logs.get(id)!;
      const at = this.offsets.get(id)!;
      if (at >= log.length) {
        if (log.unloaded > 0) {
          // Back to this source next time: it is still its turn.
          this.cursor = (this.cursor + ids.length - 1) % ids.length;
          break;
        }
        idle++;
        continue;
      }
      idle = 0;
      // With one source, drain a batch here instead of going round the loop per event.
      const end = ids.length === 1 ? Math.min(log.length, at + (max - done)) : at + 1;
      log.emitRange(at, end, this.entry.get(id)!);
      this.offsets.set(id, end);
      done += end - at;
    }
    this.processed += done;
    return done;
  }

  /** Hands over the records buffered since the last commit and counts them as committed. */
  takeSinkRecords(sinkId: string): { keys: string[]; values: number[]; from: number } {
    const b = this.sinks.get(sinkId)!;
    // Hand the arrays over and start new ones: no copy of a second's worth of records.
    const out = { keys: b.keys, values: b.values, from: b.committed };
    b.keys = [];
    b.values = [];
    b.committed += out.keys.length;
    return out;
  }

  /** Offsets and sink positions of a consistent cut, without copying any state (call between events only). */
  positions(): EnginePositions {
    // Keyed by element ids, which a drawing may name `__proto__`: null-prototype records keep them.
    const offsets = Object.create(null) as Record<string, number>;
    for (const [id, n] of this.offsets) offsets[id] = n;
    const sinks = Object.create(null) as Record<string, number>;
    for (const [id, b] of this.sinks) sinks[id] = b.committed + b.keys.length;
    return { offsets, sinks, processed: this.processed, cursor: this.cursor };
  }

  /** A consistent cut of offsets, state and sink positions, state copied in full. */
  cut(): EngineCut {
    const state = Object.create(null) as Record<string, [string, number][]>;
    for (const [id, s] of this.states) state[id] = [...s.values];
    for (const [id, t] of this.ownSinkTables()) state[id] = [...t.values];
    return { ...this.positions(), state };
  }

  /** Resets the engine to a cut; logs must already hold the events up to the cut's offsets. */
  restore(cut: EngineCut): void {
    for (const [id, s] of this.states) s.replaceAll(cut.state[id] ?? []);
    for (const [id, t] of this.ownSinkTables()) t.replaceAll(cut.state[id] ?? []);
    this.restorePositions(cut);
  }

  /** Moves offsets and sinks to a cut (state is restored separately, possibly from base + deltas). */
  restorePositions(cut: EnginePositions): void {
    for (const id of this.sourceIds) {
      const log = this.logs.get(id)!;
      this.offsets.set(id, Math.max(log.base, Math.min(cut.offsets[id] ?? 0, log.length)));
    }
    // Records after the cut are dropped: they are produced again by the replay.
    for (const [id, b] of this.sinks) {
      b.keys.length = 0;
      b.values.length = 0;
      b.committed = cut.sinks[id] ?? 0;
    }
    this.processed = cut.processed;
    this.cursor = cut.cursor !== undefined && cut.cursor < this.sourceIds.length ? cut.cursor : 0;
    // State is put back before positions (restore.ts, restore()): the windows re-read theirs now.
    for (const w of this.windows.values()) w.restored();
  }

  /** Lets processing time close windows whose end the clock has passed (between events only). */
  advanceTime(): void {
    if (this.windows.size === 0) return;
    const at = (this.options.now ?? (() => Date.now()))();
    for (const w of this.windows.values()) w.tick(at);
  }

  /**
   * End of input: every window fires (watermark +∞), as when Flink's bounded sources finish.
   * True when a window's state changed, so a final checkpoint must record it. Between events only.
   */
  endOfInput(): boolean {
    let changed = false;
    for (const w of this.windows.values()) if (w.endOfInput()) changed = true;
    return changed;
  }

  /** Drops everything held in memory, as a killed process would: logs, offsets, state, buffers. */
  reset(): void {
    for (const log of this.logs.values()) log.clear();
    for (const s of this.states.values()) s.replaceAll([]);
    for (const t of this.ownSinkTables().values()) t.replaceAll([]);
    this.restorePositions({ offsets: {}, sinks: {}, processed: 0 });
  }

  get sources(): readonly string[] {
    return this.sourceIds;
  }
}
