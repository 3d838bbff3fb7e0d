import type { CheckpointData, CheckpointInfo } from '../checkpoint/checkpoint-data';
import type { Diagnostic } from '../diagnostics';
import type { FlowEngine, SinkMode } from '../engine/engine';
import type { FlowPaths } from '../paths';
import type { Plan } from '../plan/plan';
import type { VaultStore } from '../ports';
import { cutSinksBack } from './restore';
import { SinkNote, type SinkRecord } from './sink-note';
import { UpsertSink } from './upsert-sink';

/**
 * Every sink's note, in the mode the engine runs it: changelog sinks append their records
 * before a checkpoint commits them (and are cut back on restore); upsert sinks write their table
 * after a checkpoint is complete (and are rewritten on restore). A restored checkpoint decides
 * the mode of its run's sinks (0.1 checkpoints: changelog), a fresh run takes the default.
 */
export class SinkOutputs {
  private readonly changelog = new Map<string, SinkNote>();
  private readonly upsert = new Map<string, UpsertSink>();

  constructor(
    private readonly store: VaultStore,
    paths: FlowPaths,
    plan: Plan,
    private readonly engine: FlowEngine,
    private readonly defaultMode: SinkMode,
    private readonly drawing: string,
  ) {
    for (const n of plan.nodes) {
      if (n.role !== 'sink') continue;
      this.changelog.set(n.id, new SinkNote(store, paths.sinkNote(n.name, n.id), n.name));
      this.upsert.set(n.id, new UpsertSink(store, paths.sinkNote(n.name, n.id), n.name));
    }
  }

  private modeOf(id: string): SinkMode {
    return this.engine.sinks.get(id)!.mode;
  }

  /** The mode each sink runs in, as a checkpoint records it. */
  modes(): Record<string, SinkMode> {
    const out = Object.create(null) as Record<string, SinkMode>;
    for (const id of this.changelog.keys()) out[id] = this.modeOf(id);
    return out;
  }

  /** A fresh run: every sink in the default mode; changelog notes start empty. */
  async startFresh(): Promise<void> {
    for (const [id, note] of this.changelog) {
      this.engine.setSinkMode(id, this.defaultMode);
      if (this.defaultMode === 'changelog') await note.truncate(0);
    }
  }

  /** Changelog sinks: the records buffered so far become durable, before the checkpoint that commits them. */
  async beforeCheckpoint(yieldNow: () => Promise<void>): Promise<void> {
    for (const [id, note] of this.changelog) {
      if (this.modeOf(id) !== 'changelog') continue;
      const r = this.engine.takeSinkRecords(id);
      await note.appendRecords(r.from, r.keys, r.values, yieldNow);
    }
  }

  /** Upsert sinks: the table as of the checkpoint just published. */
  async afterCheckpoint(info: CheckpointInfo, run: string): Promise<void> {
    for (const [id, sink] of this.upsert) {
      if (this.modeOf(id) === 'upsert') await sink.write({ drawing: this.drawing, checkpoint: info.id, run, createdAt: info.createdAt }, this.engine.sinks.get(id)!.table);
    }
  }

  /**
   * Puts each sink in the mode `top`'s run wrote it in. Called before the state is applied (an
   * upsert sink's own table is part of that state), then `afterRestore`.
   */
  adoptModes(top: CheckpointData): void {
    for (const id of this.changelog.keys()) {
      const node = top.nodes?.[id];
      // A sink the checkpoint knew without a mode was written by 0.1, row per update.
      const mode = node ? (node.sinkMode ?? 'changelog') : this.defaultMode;
      this.engine.setSinkMode(id, mode);
    }
  }

  /** Cuts changelog notes back to what `top` committed and rewrites upsert notes from its table. */
  async afterRestore(top: CheckpointData, info: CheckpointInfo): Promise<Diagnostic[]> {
    const cut = new Map([...this.changelog].filter(([id]) => this.modeOf(id) === 'changelog'));
    const problems = await cutSinksBack(cut, top);
    await this.afterCheckpoint(info, top.run ?? '');
    return problems;
  }

  /** No checkpoint to resume from: the default mode, changelog notes emptied. */
  async resumeWithoutCheckpoint(): Promise<void> {
    await this.startFresh();
  }

  /**
   * What each sink holds. Changelog: the records in its note. Upsert: `live` the whole table in
   * memory (the run's result), else the rows of its note (what the last checkpoint published,
   * at most MAX_SINK_ROWS).
   */
  async records(live = false): Promise<Map<string, SinkRecord[]>> {
    const out = new Map<string, SinkRecord[]>();
    for (const [id, note] of this.changelog) {
      if (this.modeOf(id) === 'changelog') out.set(id, await note.read());
      else if (live) out.set(id, this.upsert.get(id)!.records(this.engine.sinks.get(id)!.table));
      else out.set(id, await this.upsert.get(id)!.read());
    }
    return out;
  }

  /** Vault paths of every sink note. */
  paths(): string[] {
    return [...this.changelog.values()].map((n) => n.path);
  }
}
