import type { CheckpointInfo } from '../../core/checkpoint/checkpoint-data';
import type { ListedCheckpoint } from '../../core/checkpoint/checkpoint-store';
import { FlowInputError, type Diagnostic } from '../../core/diagnostics';
import type { KeyedState } from '../../core/engine/keyed-state';
import type { EventSpec } from '../../core/graph/flow-graph';
import { FlowSession, type SessionChange, type SessionOptions } from '../../core/run/flow-session';
import { diffStates, stateOfChain } from './checkpoint-diff';
import { describeOperation, type KeyDifference, type RunSnapshot, type RunStatus, type SinkView } from './run-model';

export type ControllerOptions = Omit<SessionOptions, 'onChange'> & {
  /**
   * Wraps every action that may write (run, step, inject, checkpoint, restore, recover): the run
   * view takes the drawing's run lock for exactly that long. Replay panels write nothing: none.
   */
  hold?: <T>(fn: () => Promise<T>) => Promise<T>;
};

/** While running at full speed the view is told about progress at most this often (ms). */
const NOTIFY_EVERY_MS = 50;
const NEXT_EVENTS_SHOWN = 8;
/** Open windows of a processor a snapshot carries (the overlay shows fewer). */
const WINDOWS_SHOWN = 20;
/** Pending keys of an upsert sink looked at per redraw: bounded, whatever the table holds. */
const UPSERT_PENDING_SCAN = 1_000;

/** An upsert sink's keys whose value differs from what its note shows (changed since the last checkpoint, at most UPSERT_PENDING_SCAN looked at). */
function upsertPending(table: KeyedState, committed: readonly { key: string; value: number }[]): EventSpec[] {
  const shown = new Map(committed.map((r) => [r.key, r.value]));
  const out: EventSpec[] = [];
  let looked = 0;
  for (const key of table.changed) {
    if (++looked > UPSERT_PENDING_SCAN) break;
    const value = table.get(key)!;
    if (!shown.has(key) || !Object.is(shown.get(key), value)) out.push({ key, value });
  }
  return out;
}

/**
 * A thin controller between the run view and FlowSession: it forwards the controls (run, pause,
 * step, inject, checkpoint, crash, restore, speed), keeps what the view shows between two
 * changes (status line, checkpoint list, committed sink records) and builds the view's snapshot.
 */
export class RunController {
  private status: RunStatus = 'ready';
  private message = '';
  private readonly listeners = new Set<() => void>();
  private checkpointList: ListedCheckpoint[] = [];
  private committedSinks = new Map<string, { key: string; value: number }[]>();
  private problems: Diagnostic[] = [];
  private lastNotify = 0;
  private rate: number;
  private session!: FlowSession;

  private constructor(private readonly opts: ControllerOptions) {
    this.rate = opts.ratePerSecond ?? 0;
  }

  private hold<T>(fn: () => Promise<T>): Promise<T> {
    return this.opts.hold ? this.opts.hold(fn) : fn();
  }

  static async open(opts: ControllerOptions): Promise<RunController> {
    const c = new RunController(opts);
    c.session = await FlowSession.open({ ...opts, onChange: (change) => c.heard(change) });
    await c.refreshDurable();
    return c;
  }

  get drawingPath(): string {
    return this.opts.drawingPath;
  }

  get flow(): FlowSession {
    return this.session;
  }

  /** Calls `listener` after every change; returns the function that stops it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    this.lastNotify = this.opts.clock.now();
    for (const l of [...this.listeners]) l();
  }

  private say(status: RunStatus, message: string): void {
    this.status = status;
    this.message = message;
    this.notify();
  }

  /** What the session reports while it works (slices arrive many times a second: throttled). */
  private heard(change: SessionChange): void {
    if (change.type === 'slice') {
      if (this.opts.clock.now() - this.lastNotify >= NOTIFY_EVERY_MS) this.notify();
      return;
    }
    if (change.type === 'checkpoint') {
      this.message = `Checkpoint ${change.info.id} (${change.info.kind}) written`;
      // Listing races the ring's pruning (a note listed, then deleted before it is read): a failed
      // refresh keeps the previous list until the next one, instead of an unhandled rejection.
      void this.refreshDurable()
        .catch(() => undefined)
        .then(() => this.notify());
      return;
    }
    if (change.type === 'restored') this.problems = change.problems;
    this.notify();
  }

  /** Runs until the queues are drained or paused; after a crash it first recovers from the newest checkpoint. */
  async run(): Promise<void> {
    if (this.status === 'running') return;
    await this.hold(() => this.runHeld());
  }

  private async runHeld(): Promise<void> {
    if (this.status === 'crashed') await this.recover();
    this.say('running', this.rate > 0 ? `Running at ${this.rate} events/s` : 'Running');
    await this.session.runUntilDrained();
    // A crash during the run has already said so; don't cover it up.
    if (this.status !== 'running') return;
    // The final checkpoint is on disk: list it before saying "drained".
    await this.refreshDurable();
    if (this.session.stopped) this.say('paused', `Paused after ${this.session.engine.processed} events`);
    else this.say('drained', `Drained after ${this.session.engine.processed} events`);
  }

  pause(): void {
    this.session.stop();
  }

  /** Processes exactly one event; false when every queue is drained. */
  async step(): Promise<boolean> {
    if (this.status === 'running') return false;
    return this.hold(() => this.stepHeld());
  }

  private async stepHeld(): Promise<boolean> {
    if (this.status === 'crashed') await this.recover();
    const done = await this.session.step();
    if (!done) this.say('drained', 'Every queue is drained');
    else this.say('paused', `Stepped: ${this.session.engine.processed} events processed`);
    return done;
  }

  /** Appends one event to a queue (the first one unless named), durable in its queue log. */
  async inject(key: string, value: number, sourceId?: string): Promise<void> {
    const k = key.trim();
    if (!k) throw new FlowInputError('An event needs a key', this.opts.drawingPath);
    const source = this.sourceFor(sourceId);
    await this.hold(async () => {
      if (this.status === 'crashed') await this.recover();
      await this.session.inject(source, k, value);
    });
    const status = this.status === 'drained' || this.status === 'ready' ? 'paused' : this.status;
    this.say(status, `Injected ${k}:${value} into ${this.nameOf(source)}`);
  }

  /** A whole list of events, e.g. replayed from an events note: appended in batches, not one write per event. */
  async injectAll(events: readonly EventSpec[], sourceId?: string): Promise<void> {
    if (events.length === 0) return;
    const source = this.sourceFor(sourceId);
    await this.hold(async () => {
      if (this.status === 'crashed') await this.recover();
      await this.session.injectMany(source, events);
    });
    const status = this.status === 'drained' || this.status === 'ready' ? 'paused' : this.status;
    this.say(status, `Injected ${events.length} events into ${this.nameOf(source)}`);
  }

  private sourceFor(sourceId: string | undefined): string {
    const source = sourceId ?? this.session.plan.nodes.find((n) => n.role === 'source')?.id;
    if (!source) throw new FlowInputError(`${this.opts.drawingPath} has no queue to inject into`, this.opts.drawingPath);
    return source;
  }

  async checkpointNow(): Promise<CheckpointInfo> {
    if (this.status === 'crashed') throw new FlowInputError('The run crashed: restore a checkpoint before taking a new one', this.opts.drawingPath);
    const info = await this.hold(() => this.session.checkpointNow());
    await this.refreshDurable();
    this.say(this.status, `Checkpoint ${info.id} written to ${info.path}`);
    return info;
  }

  /** Throws the run's memory away, as a crash would; the queue logs and notes stay. */
  async simulateCrash(): Promise<void> {
    this.session.simulateCrash();
    await this.refreshDurable();
    this.say('crashed', 'Crashed: in-memory state lost. Restore a checkpoint, or run to recover from the latest one.');
  }

  /** Restores the checkpoint note at `path` (its state, queue offsets and sink positions). */
  async restore(path: string): Promise<CheckpointInfo | null> {
    if (this.status === 'running') this.session.stop();
    const outcome = await this.hold(() => this.session.restoreFrom(path));
    await this.refreshDurable();
    const info = outcome.restored;
    this.say('paused', info ? `Restored checkpoint ${info.id}: ${this.session.engine.processed} events processed` : `Nothing restored from ${path}`);
    return info;
  }

  /** What `run()` does after a crash: the newest valid checkpoint, as Flink restarts a job. */
  private async recover(): Promise<void> {
    const outcome = await this.session.resume();
    await this.refreshDurable();
    this.say('paused', outcome.restored ? `Recovered from checkpoint ${outcome.restored.id}` : 'No checkpoint to recover from: starting from the beginning of the queues');
  }

  setRate(eventsPerSecond: number): void {
    this.rate = Number.isFinite(eventsPerSecond) && eventsPerSecond > 0 ? eventsPerSecond : 0;
    this.session.setRate(this.rate);
    this.say(this.status, this.rate > 0 ? `Speed: ${this.rate} events/s` : 'Speed: as fast as possible');
  }

  /** Per-key differences between two checkpoint notes (incremental ones resolved over their base). */
  async compare(pathBefore: string, pathAfter: string): Promise<KeyDifference[]> {
    const load = async (path: string): Promise<ReturnType<typeof stateOfChain>> => {
      const r = await this.session.checkpoints.loadChain(path);
      if (!r.ok) throw new FlowInputError(r.problem.message, path);
      return stateOfChain(r.chain);
    };
    const [a, b] = await Promise.all([load(pathBefore), load(pathAfter)]);
    return diffStates(a, b, (id) => this.nameOf(id));
  }

  /** Stops a running session and forgets the listeners (the view closed). */
  stop(): void {
    this.session.stop();
    this.listeners.clear();
  }

  private nameOf(id: string): string {
    return this.session.plan.nodes.find((n) => n.id === id)?.name ?? id;
  }

  /** Re-reads what lives in notes: the checkpoint list and the committed sink records. */
  private async refreshDurable(): Promise<void> {
    this.checkpointList = await this.session.listCheckpoints();
    this.committedSinks = await this.session.sinkRecords();
  }

  snapshot(): RunSnapshot {
    const s = this.session;
    const e = s.engine;
    const queues: RunSnapshot['queues'] = [];
    const processors: RunSnapshot['processors'] = [];
    const sinks: SinkView[] = [];
    for (const n of s.plan.nodes) {
      if (n.role === 'source') {
        const log = e.logs.get(n.id)!;
        const offset = e.offsets.get(n.id) ?? 0;
        const next: EventSpec[] = [];
        for (let i = offset; i < Math.min(log.length, offset + NEXT_EVENTS_SHOWN); i++) next.push({ key: log.keyAt(i), value: log.valueAt(i) });
        queues.push({ id: n.id, name: n.name, offset, length: log.length, next });
      } else if (n.role === 'processor') {
        const w = e.windows.get(n.id);
        // The first few only: sorting every open window at each refresh would cost a full-speed run dearly.
        const first = w?.firstOpenWindows(WINDOWS_SHOWN);
        const windows = w && first ? { windows: { open: first.open, openCount: first.count, watermark: w.watermark(), late: w.lateCount() } } : {};
        processors.push({ id: n.id, name: n.name, operation: describeOperation(n.operation), entries: [...(e.states.get(n.id)?.values ?? [])], ...windows });
      } else {
        const buffer = e.sinks.get(n.id);
        // Changelog: records since the last checkpoint. Upsert: keys changed since then (the note has the rest).
        const pending = !buffer ? [] : buffer.mode === 'changelog' ? buffer.keys.map((key, i) => ({ key, value: buffer.values[i] })) : upsertPending(buffer.table, this.committedSinks.get(n.id) ?? []);
        sinks.push({ id: n.id, name: n.name, committed: this.committedSinks.get(n.id) ?? [], pending });
      }
    }
    const broken: Diagnostic[] = this.checkpointList
      .filter((c) => !c.valid)
      .map((c) => ({ severity: 'warning', code: 'bad-checkpoint', file: c.path, message: c.problem ?? 'cannot be restored' }));
    return {
      drawing: this.opts.drawingPath,
      status: this.status,
      message: this.message,
      processed: e.processed,
      rate: this.rate,
      queues,
      processors,
      sinks,
      // A checkpoint a later restore left behind is refused on restore: not offered at all.
      checkpoints: this.checkpointList.filter((c) => c.valid && !c.leftBehind),
      diagnostics: [...s.diagnostics, ...this.problems, ...broken],
    };
  }
}
