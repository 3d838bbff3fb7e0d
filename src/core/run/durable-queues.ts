import type { CheckpointData } from '../checkpoint/checkpoint-data';
import { FlowInputError } from '../diagnostics';
import type { FlowEngine } from '../engine/engine';
import type { EventSpec } from '../graph/flow-graph';
import type { FlowPaths } from '../paths';
import type { Plan, PlanNode } from '../plan/plan';
import type { VaultStore } from '../ports';
import { queueImports, withImport } from './events-import';
import { parseQueueFile, renderQueueHeader, renderQueueRows } from './queue-file';

/** FNV-1a over keys and values: tells whether a source's seeded events changed since a checkpoint. */
function fingerprint(events: readonly EventSpec[]): string {
  let h = 0x811c9dc5;
  const mix = (s: string): void => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  };
  for (const e of events) mix(`${e.key}\u0000${e.value}\u0001`);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Each source's durable event log ("temp storage"): the events seeded from the drawing and its
 * linked note (durable already, they are files), followed by the events appended while running
 * (`--events`, injected), which are written to the queue note before the engine sees them.
 * The engine's in-memory logs are always a copy of this.
 */
export class DurableQueues {
  /** The run the queue notes belong to; a checkpoint from another run cannot replay them. */
  run = '';
  /** Per source: the run named in its queue note, or null when it has none. */
  readonly noteRuns = new Map<string, string | null>();
  private readonly sources: PlanNode[];

  constructor(
    private readonly store: VaultStore,
    private readonly paths: FlowPaths,
    private readonly drawingPath: string,
    plan: Plan,
    private readonly engine: FlowEngine,
    /** Per source id, the events it starts with. */
    readonly seeds: Map<string, EventSpec[]>,
  ) {
    this.sources = plan.nodes.filter((n) => n.role === 'source');
  }

  /** Puts the seeded events into the engine's (empty) logs. */
  loadSeeds(): void {
    for (const s of this.sources) this.engine.append(s.id, this.seeds.get(s.id) ?? []);
  }

  seedFingerprints(): Record<string, { count: number; hash: string }> {
    const out = Object.create(null) as Record<string, { count: number; hash: string }>; // ids may be `__proto__`
    for (const s of this.sources) {
      const events = this.seeds.get(s.id) ?? [];
      out[s.id] = { count: events.length, hash: fingerprint(events) };
    }
    return out;
  }

  /** A fresh run: the previous run's queue notes were moved aside (PreviousRuns); its own start empty. */
  startFresh(run: string): void {
    this.run = run;
    for (const s of this.sources) this.noteRuns.set(s.id, null);
  }

  /** A resumed run: the engine's logs become seeds + every appended event found in the queue notes. */
  async loadAppended(): Promise<void> {
    for (const s of this.sources) {
      const path = this.paths.queueLog(s.name, s.id);
      const text = await this.store.read(path);
      if (text === null) {
        this.noteRuns.set(s.id, null);
        continue;
      }
      const parsed = parseQueueFile(text, path, this.engine.logs.get(s.id));
      // A torn last row never reached the engine; cut it so the next append starts a clean line.
      if (parsed.repaired !== null) await this.store.writeAtomic(path, parsed.repaired);
      this.noteRuns.set(s.id, parsed.run);
    }
  }

  /** Why a checkpoint cannot be replayed over the queues as they are now, or null. */
  refusal(data: CheckpointData): string | null {
    for (const s of this.sources) {
      const noteRun = this.noteRuns.get(s.id) ?? null;
      if (noteRun !== null && data.run !== noteRun) return `checkpoint ${data.id} belongs to run ${data.run ?? '(unnamed)'}, but the queue log ${this.paths.queueLog(s.name, s.id)} holds run ${noteRun}`;
      const read = data.offsets[s.id] ?? 0;
      const held = this.engine.logs.get(s.id)!.length;
      if (read > held) return `checkpoint ${data.id} had read ${read} events of queue "${s.name}", but its log now holds only ${held}`;
    }
    return null;
  }

  /** Appends events to a source: durable in its queue note first, then visible to the engine. */
  async append(sourceId: string, events: readonly EventSpec[]): Promise<void> {
    const source = this.sources.find((s) => s.id === sourceId);
    if (!source) throw new Error(`no source with id ${sourceId}`);
    if (events.length === 0) return;
    const log = this.engine.logs.get(sourceId)!;
    const keys = events.map((e) => e.key);
    const values = events.map((e) => e.value);
    const rows = renderQueueRows(log.length, keys, values);
    const path = this.paths.queueLog(source.name, source.id);
    if (this.noteRuns.get(sourceId) !== this.run || !(await this.store.exists(path))) {
      // Another run's events are never written over (a fresh run moved its notes aside first).
      if (await this.store.exists(path)) throw new FlowInputError(`${path} holds the events of another run than ${this.run}; move it out of the queues folder and run again`, path);
      const header = renderQueueHeader({ drawing: this.drawingPath, queue: source.name, elementId: source.id, run: this.run });
      await this.store.writeAtomic(path, header + rows);
      this.noteRuns.set(sourceId, this.run);
    } else {
      await this.store.append(path, rows);
    }
    this.engine.append(sourceId, events);
  }

  /**
   * Appends an imported batch (an `--events` file) in one atomic write of the whole queue note,
   * recording `id` in it (events-import.ts); false, and nothing written, when the note records
   * `id` already (the same events imported earlier in this run).
   */
  async importBatch(sourceId: string, events: readonly EventSpec[], id: string): Promise<boolean> {
    const source = this.sources.find((s) => s.id === sourceId);
    if (!source) throw new Error(`no source with id ${sourceId}`);
    const path = this.paths.queueLog(source.name, source.id);
    const text = await this.store.read(path);
    const ours = text !== null && this.noteRuns.get(sourceId) === this.run;
    if (text !== null && !ours) throw new FlowInputError(`${path} holds the events of another run than ${this.run}; move it out of the queues folder and run again`, path);
    if (ours && queueImports(text).includes(id)) return false;
    const log = this.engine.logs.get(sourceId)!;
    const rows = renderQueueRows(log.length, events.map((e) => e.key), events.map((e) => e.value));
    const before = ours ? text : renderQueueHeader({ drawing: this.drawingPath, queue: source.name, elementId: source.id, run: this.run });
    await this.store.writeAtomic(path, withImport(before, id, path) + rows);
    this.noteRuns.set(sourceId, this.run);
    this.engine.append(sourceId, events);
    return true;
  }
}
