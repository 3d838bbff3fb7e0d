import type { CheckpointData, CheckpointInfo } from '../checkpoint/checkpoint-data';
import type { FlowEngine, SinkMode } from '../engine/engine';
import type { FlowPaths } from '../paths';
import type { Plan } from '../plan/plan';
import type { VaultStore } from '../ports';
import type { SinkProof } from './committed-output';
import { SinkNote, type SinkRecord } from './sink-note';
import { UpsertSink } from './upsert-sink';

/** Checked, not yet written: what a restore will write to each sink note once it commits to going back. */
export interface PendingCut {
  /** Changelog notes to rewrite without the rows after the cut (only those that change). */
  cuts: { note: SinkNote; text: string }[];
  removed: number;
}

const own = (o: object | undefined, k: string): boolean => o !== undefined && Object.prototype.hasOwnProperty.call(o, k);

/**
 * Every sink's note, in the mode the engine runs it: changelog sinks append their records
 * before a checkpoint commits them (and are cut back on restore, provably: see
 * sink-note-check.ts); upsert sinks write their table after a checkpoint is complete (and are
 * rewritten on restore, only over a note of their own). A restored checkpoint decides the mode
 * of its run's sinks (0.1 checkpoints: changelog), a fresh run takes the default.
 */
export class SinkOutputs {
  private readonly changelog = new Map<string, SinkNote>();
  private readonly upsert = new Map<string, UpsertSink>();

  constructor(
    store: VaultStore,
    paths: FlowPaths,
    plan: Plan,
    private readonly engine: FlowEngine,
    private readonly defaultMode: SinkMode,
    private readonly drawing: string,
  ) {
    for (const n of plan.nodes) {
      if (n.role !== 'sink') continue;
      this.changelog.set(n.id, new SinkNote(store, paths.sinkNote(n.name, n.id), n.name, drawing));
      this.upsert.set(n.id, new UpsertSink(store, paths.sinkNote(n.name, n.id), n.name, (id) => paths.checkpointNote(id)));
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

  /** A fresh run (its previous run's notes were moved aside): every sink in the default mode, notes empty. */
  startFresh(): void {
    for (const [id, note] of this.changelog) {
      this.engine.setSinkMode(id, this.defaultMode);
      note.startEmpty();
    }
  }

  /** Changelog sinks: the records buffered so far become durable, before checkpoint `epoch` commits them. */
  async beforeCheckpoint(epoch: number, run: string, yieldNow: () => Promise<void>): Promise<void> {
    for (const [id, note] of this.changelog) {
      if (this.modeOf(id) !== 'changelog') continue;
      const r = this.engine.takeSinkRecords(id);
      await note.appendRecords(r.from, r.keys, r.values, epoch, run, yieldNow);
    }
  }

  /** What a checkpoint records of each changelog note (after `beforeCheckpoint`). */
  proofs(): Record<string, SinkProof> {
    const out = Object.create(null) as Record<string, SinkProof>;
    for (const [id, note] of this.changelog) if (this.modeOf(id) === 'changelog') out[id] = note.proof();
    return out;
  }

  /** Upsert sinks: the table as of the checkpoint just published (`restoredFrom`: a restore's copy of an older one). */
  async afterCheckpoint(info: CheckpointInfo, run: string, restoredFrom?: number): Promise<void> {
    for (const [id, sink] of this.upsert) {
      if (this.modeOf(id) === 'upsert') await sink.write({ drawing: this.drawing, checkpoint: info.id, run, createdAt: info.createdAt, restoredFrom }, this.engine.sinks.get(id)!.table);
    }
  }

  /**
   * Puts each sink in the mode `top`'s run wrote it in. Called before the state is applied (an
   * upsert sink's own table is part of that state), then `checkRestore`.
   */
  adoptModes(top: CheckpointData): void {
    for (const id of this.changelog.keys()) {
      const node = top.nodes?.[id];
      // A sink the checkpoint knew without a mode was written by 0.1, row per update.
      const mode = node ? (node.sinkMode ?? 'changelog') : this.defaultMode;
      this.engine.setSinkMode(id, mode);
    }
  }

  /**
   * Checks every sink note against `top` before anything is written: a changelog note must
   * hold exactly the rows `top` committed, and only provably later rows of this tool after them;
   * an upsert note must be this tool's own. Throws CommittedOutputError (nothing written) when
   * one does not; else says what the cut will write.
   */
  async checkRestore(top: CheckpointData): Promise<PendingCut> {
    const pending: PendingCut = { cuts: [], removed: 0 };
    for (const [id, note] of this.changelog) {
      if (this.modeOf(id) === 'upsert') {
        await this.upsert.get(id)!.checkOwn();
        continue;
      }
      const proof = own(top.sinkProofs, id) ? top.sinkProofs![id] : undefined;
      const checked = await note.check({ checkpoint: top.id, rows: own(top.sinks, id) ? top.sinks[id] : 0, proof, run: top.run });
      if (checked.text !== null) pending.cuts.push({ note, text: checked.text });
      pending.removed += checked.removed;
    }
    return pending;
  }

  /** Writes a checked cut (changelog notes), then each upsert note from the restored table (`info` null: written already). */
  async applyRestore(pending: PendingCut, info: CheckpointInfo | null, run: string, restoredFrom?: number): Promise<void> {
    for (const c of pending.cuts) await c.note.write(c.text);
    if (info) await this.afterCheckpoint(info, run, restoredFrom);
  }

  /**
   * No checkpoint to resume from: the run goes on from nothing committed, so a changelog note
   * may lose only rows this run provably wrote (a kill before its first checkpoint); an upsert
   * note must be this tool's own (it is rewritten at the first checkpoint).
   */
  async resumeWithoutCheckpoint(run: string): Promise<void> {
    for (const id of this.changelog.keys()) this.engine.setSinkMode(id, this.defaultMode);
    const pending = await this.checkRestore({ id: 0, sinks: {}, run } as unknown as CheckpointData);
    for (const c of pending.cuts) await c.note.write(c.text);
  }

  /** The run named in the sink notes, when one of them names it (a fresh run killed before its first checkpoint). */
  async noteRun(): Promise<string | null> {
    for (const note of this.changelog.values()) {
      const run = await note.run();
      if (run !== null) return run;
    }
    return null;
  }

  /**
   * What each sink holds. Changelog: the records in its note. Upsert: `live` the whole table in
   * memory (the run's result), else the rows of its note (what the last checkpoint published,
   * at most MAX_SINK_ROWS).
   */
  async records(live = false, only?: ReadonlySet<string>): Promise<Map<string, SinkRecord[]>> {
    const out = new Map<string, SinkRecord[]>();
    for (const [id, note] of this.changelog) {
      if (only && !only.has(id)) continue;
      if (this.modeOf(id) === 'changelog') out.set(id, await note.read());
      else if (live) out.set(id, this.upsert.get(id)!.records(this.engine.sinks.get(id)!.table));
      else out.set(id, await this.upsert.get(id)!.read());
    }
    return out;
  }

  /** Visits each record `records` would give for one sink, without holding them all (see SinkNote.forEachRecord). */
  async forEachRecord(id: string, live: boolean, visit: (key: string, value: number) => void | Promise<void>): Promise<void> {
    const note = this.changelog.get(id);
    if (!note) return;
    if (this.modeOf(id) === 'changelog') return note.forEachRecord(visit);
    const rows = live ? null : await this.upsert.get(id)!.read();
    if (rows) for (const r of rows) await visit(r.key, r.value);
    else for (const [key, cell] of this.engine.sinks.get(id)!.table.cells) await visit(key, cell.value);
  }

  /** Vault paths of every sink note. */
  paths(): string[] {
    return [...this.changelog.values()].map((n) => n.path);
  }
}
