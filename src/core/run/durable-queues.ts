import type { CheckpointData } from '../checkpoint/checkpoint-data';
import { FlowInputError } from '../diagnostics';
import type { FlowEngine } from '../engine/engine';
import type { EventSpec } from '../graph/flow-graph';
import type { FlowPaths } from '../paths';
import type { Plan, PlanNode } from '../plan/plan';
import type { VaultStore } from '../ports';
import { linkTarget } from '../paths';
import { renderQueueHeader, renderQueueRows, type SegmentRef } from './queue-file';
import { checkSegmentsFrom, decodePendingInto, readQueueNote, segmentEvents, type PendingSegment } from './queue-reader';
import { cutSegments, renderSegment } from './queue-segment';

/** Rows a queue note holds at most before they become a segment file (with the events that come next). */
export const SEAL_EVENTS = 8192;
/** …or characters of rows: a queue note stays small whatever its keys. */
const SEAL_CHARS = 512 * 1024;

/** What a source's queue note holds, kept in step with it: the index, the imports, the rows after the segments. */
interface HeldQueue {
  segments: SegmentRef[];
  imports: string[];
  keys: string[];
  values: number[];
  /** Characters of rows appended since the note was last written whole (a bound, not exact). */
  chars: number;
}

const emptyQueue = (): HeldQueue => ({ segments: [], imports: [], keys: [], values: [], chars: 0 });

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
  private readonly held = new Map<string, HeldQueue>();
  /** Per source, the segments a restore checked and `fill` has not decoded yet, by file. */
  private readonly backlog = new Map<string, Map<string, PendingSegment>>();
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
    this.backlog.clear();
    for (const s of this.sources) {
      this.noteRuns.set(s.id, null);
      this.held.set(s.id, emptyQueue());
    }
  }

  /** A resumed run: reads each queue note's index and rows (no segment file yet); loadFrom then fills the engine's logs. */
  async loadAppended(): Promise<void> {
    for (const s of this.sources) {
      const path = this.paths.queueLog(s.name, s.id);
      const note = await readQueueNote(this.store, path);
      this.noteRuns.set(s.id, note?.run ?? null);
      this.held.set(s.id, note ? { segments: note.segments, imports: note.imports, keys: note.keys, values: note.values, chars: 0 } : emptyQueue());
      // A torn last row never reached the engine; cut it so the next append starts a clean line.
      if (note?.repaired != null) await this.store.writeAtomic(path, note.repaired);
    }
  }

  /** Events a source's queue holds: its seeds, its segments, its rows. */
  length(sourceId: string): number {
    const q = this.held.get(sourceId);
    return (this.seeds.get(sourceId)?.length ?? 0) + (q ? segmentEvents(q.segments) + q.keys.length : 0);
  }

  /**
   * Starts the engine's (empty) logs at each source's offset in `offsets` (a checkpoint's; 0
   * when absent). Every segment file holding events from there on is read and checked now
   * (a missing or damaged one fails the restore before anything is changed), but decoded only
   * when the engine comes to it (`fill`): a backlog of millions of events is held as its
   * segments' bytes, never as millions of key strings and array slots at once, and each
   * segment's keys are still fresh (in cache, young) when the engine counts them. The events
   * before the offset are never read.
   */
  async loadFrom(offsets: Readonly<Record<string, number>>): Promise<void> {
    for (const s of this.sources) {
      const log = this.engine.logs.get(s.id)!;
      const from = Math.max(0, Math.min(offsets[s.id] ?? 0, this.length(s.id)));
      const seeds = this.seeds.get(s.id) ?? [];
      const q = this.held.get(s.id) ?? emptyQueue();
      const checked = await checkSegmentsFrom(this.store, this.paths.queueLog(s.name, s.id), q.segments, Math.max(0, from - seeds.length));
      log.clear(from);
      for (let i = from; i < seeds.length; i++) log.append(seeds[i].key, seeds[i].value);
      this.backlog.set(s.id, new Map(checked.map((c) => [c.ref.file, c])));
      log.unloaded = this.length(s.id) - log.length;
      await this.fillSource(s);
    }
  }

  /**
   * Reads the next events of every source whose log the engine has drained while its queue holds
   * more (EventLog.unloaded): the events it has run are dropped from memory first (they are
   * durable, and a restore reads them from the queue, never from memory), then the next segment
   * is decoded (or the rows after the last one are taken).
   */
  async fill(): Promise<void> {
    for (const s of this.sources) {
      const log = this.engine.logs.get(s.id)!;
      const at = this.engine.offsets.get(s.id) ?? 0;
      if (log.unloaded === 0 || at < log.length) continue;
      log.dropBefore(at);
      await this.fillSource(s);
      if (log.length === at) throw new Error(`queue ${this.paths.queueLog(s.name, s.id)}: ${log.unloaded} events counted after offset ${at}, none found`);
    }
  }

  /** Appends the events of `s`'s queue that follow its log's last one: the segment holding them, or the rows. */
  private async fillSource(s: PlanNode): Promise<void> {
    const log = this.engine.logs.get(s.id)!;
    if (log.unloaded === 0) return;
    const at = log.length;
    const q = this.held.get(s.id) ?? emptyQueue();
    const notePath = this.paths.queueLog(s.name, s.id);
    // Offsets in the segments and the rows, the seeds (all in the log already) before them.
    let pos = this.seeds.get(s.id)?.length ?? 0;
    let i = 0;
    while (i < q.segments.length && pos + q.segments[i].count <= at) pos += q.segments[i++].count;
    if (i < q.segments.length) {
      const seg = q.segments[i];
      const backlog = this.backlog.get(s.id);
      const checked = backlog?.get(seg.file);
      backlog?.delete(seg.file);
      // A segment sealed after the restore (events appended behind the backlog) is read now.
      const pending = checked ? { ...checked, skip: at - pos } : (await checkSegmentsFrom(this.store, notePath, [seg], at - pos))[0];
      log.appendFilled((keys, values) => decodePendingInto(notePath, pending, { keys, values }));
    } else {
      for (let r = at - pos; r < q.keys.length; r++) log.append(q.keys[r], q.values[r]);
    }
    log.unloaded = this.length(s.id) - log.length;
  }

  /** Why a checkpoint cannot be replayed over the queues as they are now, or null. */
  refusal(data: CheckpointData): string | null {
    for (const s of this.sources) {
      const noteRun = this.noteRuns.get(s.id) ?? null;
      if (noteRun !== null && data.run !== noteRun) return `checkpoint ${data.id} belongs to run ${data.run ?? '(unnamed)'}, but the queue log ${this.paths.queueLog(s.name, s.id)} holds run ${noteRun}`;
      const read = data.offsets[s.id] ?? 0;
      const held = this.length(s.id);
      if (read > held) return `checkpoint ${data.id} had read ${read} events of queue "${s.name}", but its log now holds only ${held}`;
    }
    return null;
  }

  /**
   * Appends events to a source: durable first, then visible to the engine. Few events are rows
   * appended to the queue note; once the rows reach SEAL_EVENTS (or SEAL_CHARS) they and the new
   * events become segment files, written before the note that lists them is (atomically).
   */
  async append(sourceId: string, events: readonly EventSpec[]): Promise<void> {
    const source = this.source(sourceId);
    if (events.length === 0) return;
    const path = this.paths.queueLog(source.name, source.id);
    const q = this.held.get(sourceId) ?? emptyQueue();
    if (this.noteRuns.get(sourceId) !== this.run || !(await this.store.exists(path))) {
      // Another run's events are never written over (a fresh run moved its notes aside first).
      if (await this.store.exists(path)) throw new FlowInputError(`${path} holds the events of another run than ${this.run}; move it out of the queues folder and run again`, path);
      await this.rewrite(source, emptyQueue(), events, []);
    } else if (q.keys.length + events.length < SEAL_EVENTS && q.chars < SEAL_CHARS) {
      const rows = renderQueueRows(this.length(sourceId), events.map((e) => e.key), events.map((e) => e.value));
      await this.store.append(path, rows);
      for (const e of events) {
        q.keys.push(e.key);
        q.values.push(e.value);
      }
      q.chars += rows.length;
    } else {
      await this.rewrite(source, q, events, q.imports);
    }
    this.toEngine(sourceId, events);
  }

  /** New durable events reach the engine's log, or, behind a backlog still on disk, wait their turn there. */
  private toEngine(sourceId: string, events: readonly EventSpec[]): void {
    const log = this.engine.logs.get(sourceId)!;
    if (log.unloaded > 0) log.unloaded += events.length;
    else this.engine.append(sourceId, events);
  }

  /**
   * Appends an imported batch (an `--events` file) all at once, recording `id` in the queue note
   * (events-import.ts): its segment files first, then the note listing them and the id, in one
   * atomic write. Before that write nothing of the batch is part of the queue (segment files no
   * note lists are ignored, and written over by the next attempt). False, and nothing written,
   * when the note records `id` already (the same events imported earlier in this run).
   */
  async importBatch(sourceId: string, events: readonly EventSpec[], id: string): Promise<boolean> {
    const source = this.source(sourceId);
    const path = this.paths.queueLog(source.name, source.id);
    const exists = await this.store.exists(path);
    const ours = exists && this.noteRuns.get(sourceId) === this.run;
    if (exists && !ours) throw new FlowInputError(`${path} holds the events of another run than ${this.run}; move it out of the queues folder and run again`, path);
    const q = ours ? (this.held.get(sourceId) ?? emptyQueue()) : emptyQueue();
    if (q.imports.includes(id)) return false;
    await this.rewrite(source, q, events, [...q.imports, id]);
    this.toEngine(sourceId, events);
    return true;
  }

  private source(sourceId: string): PlanNode {
    const source = this.sources.find((s) => s.id === sourceId);
    if (!source) throw new Error(`no source with id ${sourceId}`);
    return source;
  }

  /** Seals `q`'s rows and `events` into segment files (a short remainder stays rows), then writes the note whole. */
  private async rewrite(source: PlanNode, q: HeldQueue, events: readonly EventSpec[], imports: string[]): Promise<void> {
    const path = this.paths.queueLog(source.name, source.id);
    const keys = [...q.keys, ...events.map((e) => e.key)];
    const values = [...q.values, ...events.map((e) => e.value)];
    const first = (this.seeds.get(source.id)?.length ?? 0) + segmentEvents(q.segments);
    const cuts = keys.length < SEAL_EVENTS ? [] : cutSegments(keys, 0, keys.length);
    if (cuts.length > 1 && cuts[cuts.length - 1][1] - cuts[cuts.length - 1][0] < SEAL_EVENTS) cuts.pop();
    const segments = [...q.segments];
    const note = `[[${linkTarget(path)}]]`;
    for (const [from, to] of cuts) {
      const file = this.paths.queueSegment(path, first + from);
      const seg = await renderSegment({ queue: source.name, run: this.run, first: first + from, note }, keys, values, from, to);
      await this.store.writeAtomic(file, seg.text);
      segments.push({ first: first + from, count: to - from, file, sha256: seg.sha256 });
    }
    const sealed = cuts.length ? cuts[cuts.length - 1][1] : 0;
    const rows = renderQueueRows(first + sealed, keys.slice(sealed), values.slice(sealed));
    const header = renderQueueHeader({ drawing: this.drawingPath, queue: source.name, elementId: source.id, run: this.run, segments, imports });
    await this.store.writeAtomic(path, header + rows);
    this.noteRuns.set(source.id, this.run);
    this.held.set(source.id, { segments, imports, keys: keys.slice(sealed), values: values.slice(sealed), chars: rows.length });
  }
}
