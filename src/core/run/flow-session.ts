import type { CheckpointData, CheckpointInfo, CheckpointKind } from '../checkpoint/checkpoint-data';
import { CHECKPOINT_FORMAT } from '../checkpoint/checkpoint-data';
import { CheckpointStore } from '../checkpoint/checkpoint-store';
import type { Diagnostic } from '../diagnostics';
import { FlowEngine } from '../engine/engine';
import { flowPaths, type FlowPaths } from '../paths';
import type { Plan } from '../plan/plan';
import type { Clock, Scheduler, VaultStore } from '../ports';
import { planDrawing } from './load-flow';
import { buildReport, type RunReport } from './run-report';
import { SinkNote } from './sink-note';

export interface SessionOptions {
  store: VaultStore;
  clock: Clock;
  scheduler: Scheduler;
  /** Vault-relative path of the drawing. */
  drawingPath: string;
  /** Folder for everything a run writes; `Flows` by default. */
  flowsFolder?: string;
  /** Used when the drawing does not say `checkpoint every …`. */
  defaultCheckpointIntervalMs?: number;
  /** Also checkpoint after this many events. */
  checkpointEveryEvents?: number;
  /** Events processed between two turns given back to the host's event loop. */
  sliceSize?: number;
}

/**
 * One drawing being run: the plan, its engine, and where its checkpoints and sink notes go.
 * Both hosts drive the same session, which is why they write the same files.
 */
export class FlowSession {
  readonly engine: FlowEngine;
  readonly paths: FlowPaths;
  readonly checkpoints: CheckpointStore;
  readonly written: CheckpointInfo[] = [];
  private readonly sinkNotes = new Map<string, SinkNote>();
  private lastCheckpointAt: number;
  private processedAtLastCheckpoint = 0;

  private constructor(
    readonly plan: Plan,
    readonly diagnostics: Diagnostic[],
    private readonly opts: SessionOptions,
  ) {
    this.engine = new FlowEngine(plan);
    this.paths = flowPaths(opts.flowsFolder ?? 'Flows', opts.drawingPath);
    this.checkpoints = new CheckpointStore(opts.store, this.paths, opts.clock);
    for (const n of plan.nodes) {
      if (n.role === 'sink') this.sinkNotes.set(n.id, new SinkNote(opts.store, this.paths.sinkNote(n.name), n.name));
      if (n.role === 'source') this.engine.append(n.id, n.events);
    }
    this.lastCheckpointAt = opts.clock.now();
  }

  static async open(opts: SessionOptions): Promise<FlowSession> {
    const { plan, diagnostics } = await planDrawing(opts.store, opts.drawingPath);
    return new FlowSession(plan, diagnostics, opts);
  }

  get intervalMs(): number | undefined {
    return this.plan.checkpointIntervalMs ?? this.opts.defaultCheckpointIntervalMs;
  }

  /** Restores the newest valid checkpoint, if any; returns it and the broken ones skipped. */
  async resume(): Promise<{ restored: CheckpointInfo | null; problems: Diagnostic[] }> {
    const { found, problems } = await this.checkpoints.latestValidWithProblems();
    if (found) await this.restore(found.data);
    return { restored: found?.info ?? null, problems };
  }

  async restore(data: CheckpointData): Promise<void> {
    this.engine.restore(data);
    // Records written after this checkpoint are produced again by the replay: cut them back.
    for (const [id, note] of this.sinkNotes) await note.truncate(data.sinks[id] ?? 0);
    this.processedAtLastCheckpoint = this.engine.processed;
  }

  /** Runs until every queue is drained, checkpointing on interval/count, and once at the end. */
  async runUntilDrained(): Promise<void> {
    const slice = this.opts.sliceSize ?? 4096;
    for (;;) {
      const n = this.engine.run(slice);
      if (n === 0) break;
      if (this.checkpointDue()) await this.checkpoint('full');
      await this.opts.scheduler.yieldNow();
    }
    // A final checkpoint on end of input, as Flink takes one when bounded sources finish.
    if (this.written.length === 0 || this.engine.processed !== this.processedAtLastCheckpoint) await this.checkpoint('full');
  }

  private checkpointDue(): boolean {
    const every = this.opts.checkpointEveryEvents;
    if (every && this.engine.processed - this.processedAtLastCheckpoint >= every) return true;
    const interval = this.intervalMs;
    return interval !== undefined && this.opts.clock.now() - this.lastCheckpointAt >= interval;
  }

  /** Takes a consistent cut, makes sink records durable, then publishes the checkpoint note. */
  async checkpoint(kind: CheckpointKind): Promise<CheckpointInfo> {
    const cut = this.engine.cut();
    const id = await this.checkpoints.nextId();
    for (const [sinkId, note] of this.sinkNotes) {
      const r = this.engine.takeSinkRecords(sinkId);
      await note.appendRecords(r.from, r.keys, r.values);
    }
    const nodes: CheckpointData['nodes'] = {};
    for (const n of this.plan.nodes) nodes[n.id] = { name: n.name, role: n.role };
    const data: CheckpointData = { format: CHECKPOINT_FORMAT, drawing: this.opts.drawingPath, id, kind, createdAt: new Date(this.opts.clock.now()).toISOString(), nodes, ...cut };
    const info = await this.checkpoints.write(data);
    this.written.push(info);
    this.lastCheckpointAt = this.opts.clock.now();
    this.processedAtLastCheckpoint = cut.processed;
    return info;
  }

  async sinkRecords(): Promise<Map<string, { key: string; value: number }[]>> {
    const out = new Map<string, { key: string; value: number }[]>();
    for (const [id, note] of this.sinkNotes) out.set(id, await note.read());
    return out;
  }

  async report(): Promise<RunReport> {
    return buildReport(this.opts.drawingPath, this.plan, this.engine, await this.sinkRecords(), this.written);
  }
}
