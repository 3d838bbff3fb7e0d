import type { CheckpointData, CheckpointInfo, CheckpointKind } from '../checkpoint/checkpoint-data';
import { CheckpointStore, type ListedCheckpoint } from '../checkpoint/checkpoint-store';
import { FlowInputError, type Diagnostic } from '../diagnostics';
import { FlowEngine } from '../engine/engine';
import type { EventSpec } from '../graph/flow-graph';
import { flowPaths, flowPathsAt, isOwnTempFile, type FlowPaths } from '../paths';
import type { Plan } from '../plan/plan';
import { Checkpointer, checkpointNodes, type CheckpointContext } from './checkpointer';
import { DurableQueues } from './durable-queues';
import { seedEvents } from './events-input';
import { importId } from './events-import';
import { planDrawing } from './load-flow';
import { applyChain, describeDrawingChanges } from './restore';
import { RestoreChoice } from './restore-choice';
import { buildReport, type RunReport } from './run-report';
import type { RestoreOutcome, SessionChange, SessionOptions } from './session-types';
import { Pacer } from './pacer';
import { PreviousRuns } from './previous-runs';
import { SinkOutputs } from './sink-outputs';

export type { RestoreOutcome, SessionChange, SessionOptions } from './session-types';

/**
 * One drawing being run: the plan, its engine, its durable queues, and where its checkpoints
 * and sink notes go. Both hosts (and the run view) drive the same session, which is why they
 * write the same files. Every operation that touches the engine runs one at a time (a small
 * lock), so a UI may call `step`, `inject` or `checkpointNow` while `runUntilDrained` is going:
 * they slot in between two slices.
 */
export class FlowSession {
  readonly engine: FlowEngine;
  readonly paths: FlowPaths;
  readonly checkpoints: CheckpointStore;
  /** Checkpoints written by this session, oldest first. */
  readonly written: CheckpointInfo[] = [];
  /** What the last `resume`/`restoreFrom` did (null before either). */
  lastRestore: RestoreOutcome | null = null;
  /** True when the last `runUntilDrained` returned because it was stopped, not drained. */
  stopped = false;
  private readonly sinkOutputs: SinkOutputs;
  private readonly previousRuns: PreviousRuns;
  private readonly restoreChoice: RestoreChoice;
  private readonly queues: DurableQueues;
  private readonly checkpointer: Checkpointer;
  private phase: 'new' | 'running' | 'crashed' = 'new';
  private tail: Promise<unknown> = Promise.resolve();
  private stopRequested = false;
  private readonly pacer: Pacer;
  private extraAppended = false;
  /** What became of each `extraEvents` batch: appended, or found in the queue already (imported earlier in this run). */
  readonly imports: { sourceId: string; events: number; appended: boolean }[] = [];

  private constructor(
    readonly plan: Plan,
    readonly diagnostics: Diagnostic[],
    private readonly opts: SessionOptions,
    seeds: Map<string, EventSpec[]>,
  ) {
    this.engine = new FlowEngine(plan, { defaultSinkMode: opts.sinkMode ?? 'upsert', now: () => opts.clock.now() });
    const pathOptions = { hiddenData: opts.hiddenData };
    this.paths = opts.flowsRoot ? flowPathsAt(opts.flowsRoot, pathOptions) : flowPaths(opts.flowsFolder ?? 'Flows', opts.drawingPath, pathOptions);
    this.checkpoints = new CheckpointStore(opts.store, this.paths, opts.clock, { maxFileBytes: opts.maxFileBytes, yieldNow: () => opts.scheduler.yieldNow() });
    this.sinkOutputs = new SinkOutputs(opts.store, this.paths, plan, this.engine, opts.sinkMode ?? 'upsert', opts.drawingPath);
    this.previousRuns = new PreviousRuns(opts.store, this.paths, opts.clock);
    this.restoreChoice = new RestoreChoice(this.checkpoints, this.previousRuns);
    this.queues = new DurableQueues(opts.store, this.paths, opts.drawingPath, plan, this.engine, seeds);
    this.queues.loadSeeds();
    this.pacer = new Pacer(opts.clock, opts.scheduler, opts.ratePerSecond ?? 0);
    this.checkpointer = new Checkpointer(this.checkpoints, opts.clock, {
      intervalMs: opts.checkpointIntervalMs ?? plan.checkpointIntervalMs ?? opts.defaultCheckpointIntervalMs,
      everyEvents: opts.checkpointEveryEvents,
      minPauseMs: opts.minPauseMs ?? 0,
      retain: opts.retainCheckpoints ?? 10,
      fullEvery: opts.fullCheckpointEvery ?? 10,
    });
  }

  /** Reads the drawing (and its queues' linked events notes) and prepares a session; writes nothing. */
  static async open(opts: SessionOptions): Promise<FlowSession> {
    const { plan, diagnostics } = await planDrawing(opts.store, opts.drawingPath);
    return FlowSession.fromPlan(plan, opts, diagnostics);
  }

  /** A session over an already compiled plan (tests, the benchmark). */
  static async fromPlan(plan: Plan, opts: SessionOptions, diagnostics: Diagnostic[] = []): Promise<FlowSession> {
    const seeds = new Map<string, EventSpec[]>();
    const all = [...diagnostics];
    for (const n of plan.nodes) {
      if (n.role !== 'source') continue;
      const seeded = await seedEvents(opts.store, opts.drawingPath, n);
      seeds.set(n.id, seeded.events);
      all.push(...seeded.diagnostics);
    }
    return new FlowSession(plan, all, opts, seeds);
  }

  get intervalMs(): number | undefined {
    return this.checkpointer.policy.intervalMs;
  }

  /** The run this session continues (fresh runs get a new one; resuming takes the checkpoint's). */
  get run(): string {
    return this.queues.run;
  }

  /**
   * Starts over: a new run. The previous run's notes (checkpoints, sinks, queues) are moved
   * aside to `previous runs/` first, never deleted. Implied by running without resuming.
   */
  start(): Promise<void> {
    return this.exclusive(() => this.startFresh());
  }

  /** Restores the newest valid checkpoint whose queues can be replayed; with none, starts this run's queues from offset 0. */
  resume(): Promise<RestoreOutcome> {
    return this.exclusive(async () => {
      await this.reloadQueues();
      const { found, problems } = await this.checkpoints.latestValidWithProblems((d) => this.queues.refusal(d));
      if (found) return this.applyRestore(found.chain, found.info, problems, false);
      // No checkpoint yet: the run the notes name goes on (a fresh run killed before its first checkpoint).
      await this.queues.loadFrom({});
      this.queues.run = [...this.queues.noteRuns.values()].find((r) => r !== null) ?? (await this.sinkOutputs.noteRun()) ?? (await this.newRunId());
      await this.sinkOutputs.resumeWithoutCheckpoint(this.queues.run);
      return this.finishRestore({ restored: null, problems, changes: null });
    });
  }

  /**
   * Restores one chosen checkpoint note (vault path). Newer checkpoints stay; when there are
   * any, the restored state is first checkpointed again (a copy, `restoredFrom`) so it is the
   * newest, and only then are the sink notes cut back: a kill in between resumes from the copy
   * and does the same cut. A broken or foreign checkpoint is a FlowInputError; a sink note that
   * does not hold what the checkpoint committed is a CommittedOutputError, with nothing written.
   */
  restoreFrom(checkpointPath: string): Promise<RestoreOutcome> {
    return this.exclusive(async () => {
      await this.restoreChoice.refuseMovedAside(checkpointPath);
      await this.reloadQueues();
      const { chain, info, newerExist } = await this.restoreChoice.load(checkpointPath, this.queues);
      return this.applyRestore(chain, info, [], newerExist);
    });
  }

  /** Restores the checkpoint `data` came from (by its id); prefer `restoreFrom(path)`. */
  restore(data: CheckpointData): Promise<RestoreOutcome> {
    return this.restoreFrom(this.paths.checkpointNote(data.id));
  }

  /** Every checkpoint note of this drawing with whether it can be restored (RestoreChoice.list). */
  listCheckpoints(): Promise<ListedCheckpoint[]> {
    return this.restoreChoice.list();
  }

  /**
   * Runs until every queue is drained, checkpointing on interval/count, and once at the end.
   * Stops early (no final checkpoint; `stopped` turns true) after `stop()`, an aborted signal,
   * or a simulated crash; calling it again continues. `endOfInput`: the drained queues are the
   * whole input (a one-shot run), so every open window fires before the final checkpoint (see
   * `endInput`); without it (a live run view) windows stay open for events still to come.
   */
  async runUntilDrained(options: { signal?: AbortSignal; endOfInput?: boolean } = {}): Promise<void> {
    this.stopRequested = false;
    this.stopped = false;
    this.pacer.restart(this.engine.processed);
    for (;;) {
      if (this.stopRequested || options.signal?.aborted || this.phase === 'crashed') {
        this.stopped = true;
        this.emit({ type: 'paused', processed: this.engine.processed });
        return;
      }
      const n = await this.exclusive(() => this.runSlice());
      if (n === 0) break;
      this.emit({ type: 'slice', processed: this.engine.processed, pending: this.engine.pending() });
      await this.pacer.wait(this.engine.processed);
    }
    await this.exclusive(async () => {
      const fired = options.endOfInput === true && this.engine.endOfInput();
      // A final checkpoint on end of input, as Flink takes one when bounded sources finish.
      if (fired || !this.checkpointer.hasCheckpoint || this.engine.processed !== this.checkpointer.processedAtLast) await this.takeCheckpoint('auto');
    });
    this.emit({ type: 'drained', processed: this.engine.processed });
  }

  /**
   * Declares the input ended (Flink: a bounded source finished, the watermark goes to +∞): every
   * open window fires downstream and a checkpoint records it. An event that arrives after this
   * is late. False (and nothing written) when no window was open.
   */
  endInput(): Promise<boolean> {
    return this.exclusive(async () => {
      await this.ensureStarted();
      if (!this.engine.endOfInput()) return false;
      await this.takeCheckpoint('auto');
      return true;
    });
  }

  /** Asks a running `runUntilDrained` to stop after its current slice (pause). */
  stop(): void {
    this.stopRequested = true;
  }

  /** Events per second over all sources; 0 runs as fast as possible. Takes effect from the next slice. */
  setRate(eventsPerSecond: number): void {
    this.pacer.setRate(eventsPerSecond, this.engine.processed);
  }

  /** Processes exactly one event (round-robin over sources); false when every queue is drained. */
  step(): Promise<boolean> {
    return this.exclusive(async () => {
      await this.ensureStarted();
      const { done } = await this.runChunk(1);
      this.emit({ type: 'step', processed: this.engine.processed });
      return done === 1;
    });
  }

  /** Appends an event to a source's queue while running: durable in the queue note before the engine sees it. */
  inject(sourceId: string, key: string, value = 1): Promise<void> {
    return this.injectMany(sourceId, [{ key, value }]);
  }

  /** Appends events to one queue (one, or a replayed events note): a few large queue-log writes, not one per event. */
  injectMany(sourceId: string, events: readonly EventSpec[]): Promise<void> {
    const { drawingPath } = this.opts;
    if (!this.plan.nodes.some((n) => n.id === sourceId && n.role === 'source')) return Promise.reject(new FlowInputError(`${drawingPath}: no queue with element id ${sourceId}`, drawingPath, sourceId));
    if (events.some((e) => e.key === '' || !Number.isFinite(e.value))) return Promise.reject(new FlowInputError(`${drawingPath}, element ${sourceId}: an event needs a key and a finite number`, drawingPath, sourceId));
    return this.exclusive(async () => {
      await this.ensureStarted();
      for (let at = 0; at < events.length; at += 20_000) await this.queues.append(sourceId, events.slice(at, at + 20_000));
      this.emit({ type: 'inject', sourceId, offset: this.queues.length(sourceId) - 1 });
    });
  }

  /** Takes a checkpoint now: `manual` (a savepoint, outside the retention ring), `full`, or `incremental` (a delta when possible). */
  checkpoint(kind: CheckpointKind): Promise<CheckpointInfo> {
    return this.exclusive(async () => {
      await this.ensureStarted();
      return this.takeCheckpoint(kind === 'incremental' ? 'auto' : kind);
    });
  }

  /** "Checkpoint now" in the UI: a manual checkpoint. */
  checkpointNow(): Promise<CheckpointInfo> {
    return this.checkpoint('manual');
  }

  /**
   * Drops everything held in memory, as killing the process would (state, offsets, buffered sink
   * records, in-memory queues); files stay as they are. Only `resume` or `restoreFrom` continue.
   */
  simulateCrash(): void {
    this.stopRequested = true;
    this.phase = 'crashed';
    this.engine.reset();
    this.checkpointer.forget(this.engine.states.values());
    this.emit({ type: 'crashed' });
  }

  /** What the sink notes hold: every record of a changelog sink, the published rows of an upsert sink's table. */
  async sinkRecords(): Promise<Map<string, { key: string; value: number }[]>> {
    return this.sinkOutputs.records();
  }

  /** Visits the records `report()` gives for one sink, in order, one at a time (for output too big to hold). */
  async forEachSinkRecord(sinkId: string, visit: (key: string, value: number) => void | Promise<void>): Promise<void> {
    return this.sinkOutputs.forEachRecord(sinkId, true, visit);
  }

  /**
   * The run's result. `sinkRows: false` reads no sink note whole (a changelog note can be tens of
   * megabytes, too big for a small heap): `sinks` then holds only the sinks a windowed
   * processor's assertions need, and `sinkCounts` every sink's size, from memory.
   */
  async report(options: { sinkRows?: boolean } = {}): Promise<RunReport> {
    const needed = options.sinkRows === false ? new Set(this.plan.nodes.filter((n) => n.role === 'sink' && n.inputs.some((i) => this.engine.windows.has(i))).map((n) => n.id)) : undefined;
    // An upsert sink's whole table, from memory: its note shows only the first rows of a big one.
    return buildReport(this.opts.drawingPath, this.plan, this.engine, await this.sinkOutputs.records(true, needed), this.written);
  }

  private async runSlice(): Promise<number> {
    await this.ensureStarted();
    const chunk = this.pacer.sliceSize(this.opts.sliceSize ?? 1024);
    // At full speed a slice runs chunks until its time is up (Pacer.budget); else one chunk.
    const budget = this.pacer.budget(this.opts.sliceSize !== undefined);
    let n = 0;
    for (;;) {
      const { done, checkpointed } = await this.runChunk(Math.min(chunk, this.checkpointer.eventsUntilDue(this.engine.processed)));
      n += done;
      if (checkpointed || done === 0 || budget === null || budget.over(n)) break;
    }
    return n;
  }

  /** Runs up to `max` events, then the checkpoint they made due (which ends a slice); what `step` and a slice share. */
  private async runChunk(max: number): Promise<{ done: number; checkpointed: boolean }> {
    this.engine.advanceTime();
    // A restored backlog is decoded a segment at a time, as the engine comes to it.
    if (this.engine.needsLoad()) await this.queues.fill();
    const done = this.engine.run(max);
    const checkpointed = done > 0 && this.checkpointer.due(this.engine.processed);
    if (checkpointed) await this.takeCheckpoint('auto');
    return { done, checkpointed };
  }

  private async takeCheckpoint(mode: 'auto' | 'full' | 'manual', restoredFrom?: number): Promise<CheckpointInfo> {
    const info = await this.checkpointer.take(mode, this.checkpointContext(restoredFrom));
    await this.sinkOutputs.afterCheckpoint(info, this.queues.run, restoredFrom);
    this.written.push(info);
    this.emit({ type: 'checkpoint', info });
    return info;
  }

  private checkpointContext(restoredFrom?: number): CheckpointContext {
    return {
      engine: this.engine,
      drawing: this.opts.drawingPath,
      run: this.queues.run,
      nodes: checkpointNodes(this.plan, this.sinkOutputs.modes()),
      seeds: this.queues.seedFingerprints(),
      flushSinks: (id) => this.sinkOutputs.beforeCheckpoint(id, this.queues.run, () => this.opts.scheduler.yieldNow()),
      sinkProofs: () => this.sinkOutputs.proofs(),
      restoredFrom,
      yieldNow: () => this.opts.scheduler.yieldNow(),
    };
  }

  private async ensureStarted(): Promise<void> {
    if (this.phase === 'crashed') throw new Error('the run crashed (simulated): resume or restore a checkpoint to continue');
    if (this.phase === 'new') await this.startFresh();
  }

  private async startFresh(): Promise<void> {
    // A new session's engine holds the seeds, and whatever a host appended to it directly: keep them.
    if (this.phase !== 'new') {
      this.engine.reset();
      this.queues.loadSeeds();
    }
    this.checkpointer.forget(this.engine.states.values());
    await this.removeLeftovers();
    await this.previousRuns.moveAside();
    this.queues.startFresh(await this.newRunId());
    this.sinkOutputs.startFresh();
    this.phase = 'running';
    await this.appendExtraEvents();
    this.emit({ type: 'started', run: this.queues.run });
  }

  /**
   * A readable id unique in this drawing's history: the time and the run's number (the runs
   * before it are in `previous runs/`, numbered; checkpoint ids start at 1 in every run).
   */
  private async newRunId(): Promise<string> {
    return `${new Date(this.opts.clock.now()).toISOString()}/${await this.previousRuns.nextNumber()}`;
  }

  /** Temporary files of atomic writes cut short by a killed process: never part of the run, so they go. */
  private async removeLeftovers(): Promise<void> {
    // The root holds the lock note (its heartbeat is an atomic write too) and previous runs' notes.
    const moved = await this.previousRuns.folders();
    for (const folder of new Set([this.paths.root, this.paths.checkpoints, this.paths.checkpointData, this.paths.sinks, this.paths.queues, this.previousRuns.folder, ...moved])) {
      for (const f of await this.opts.store.list(folder)) if (isOwnTempFile(f)) await this.opts.store.remove(f);
    }
  }

  private async reloadQueues(): Promise<void> {
    await this.removeLeftovers();
    // A fresh start killed while it moved the previous run aside is finished first: its run goes on.
    await this.previousRuns.finishPending();
    this.engine.reset();
    this.checkpointer.forget(this.engine.states.values());
    this.queues.loadSeeds();
    await this.queues.loadAppended();
  }

  /**
   * Goes back to `chain`'s checkpoint: every sink note is checked against it before anything
   * is written (SinkOutputs.checkRestore throws otherwise), then the state is applied, then
   * (`copyAsNewest`, newer checkpoints exist) its copy is checkpointed, then the sink notes are
   * cut back and rewritten.
   */
  private async applyRestore(chain: CheckpointData[], info: CheckpointInfo, problems: Diagnostic[], copyAsNewest: boolean): Promise<RestoreOutcome> {
    const top = chain[chain.length - 1];
    // Only the events from the checkpoint's offsets on are read back (the segments holding them).
    await this.queues.loadFrom(top.offsets);
    this.sinkOutputs.adoptModes(top);
    const pending = await this.sinkOutputs.checkRestore(top);
    await applyChain(this.engine, chain, () => this.opts.scheduler.yieldNow());
    this.checkpointer.restored(chain, info);
    this.queues.run = top.run ?? (await this.newRunId());
    if (copyAsNewest) {
      await this.takeCheckpoint('auto', top.id);
      await this.sinkOutputs.applyRestore(pending, null, this.queues.run);
    } else {
      await this.sinkOutputs.applyRestore(pending, info, this.queues.run, top.restoredFrom);
    }
    return this.finishRestore({ restored: info, problems, changes: describeDrawingChanges(this.plan, chain, this.queues.seedFingerprints()) });
  }

  private async finishRestore(outcome: RestoreOutcome): Promise<RestoreOutcome> {
    this.phase = 'running';
    this.lastRestore = outcome;
    await this.appendExtraEvents();
    this.emit({ type: 'restored', info: outcome.restored, problems: outcome.problems });
    return outcome;
  }

  private async appendExtraEvents(): Promise<void> {
    if (this.extraAppended || !this.opts.extraEvents) return;
    this.extraAppended = true;
    // Each file all or nothing, once per run (events-import.ts): a kill leaves none of its events or all.
    for (const [sourceId, events] of this.opts.extraEvents) {
      if (events.length === 0) continue;
      const appended = await this.queues.importBatch(sourceId, events, await importId(events));
      this.imports.push({ sourceId, events: events.length, appended });
      await this.opts.scheduler.yieldNow();
    }
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private emit(change: SessionChange): void {
    this.opts.onChange?.(change);
  }
}
